package org.cvxrelu.solver.joptimizer;

import com.joptimizer.functions.BarrierFunction;

import cern.colt.matrix.DoubleMatrix1D;
import cern.colt.matrix.DoubleMatrix2D;
import cern.colt.matrix.impl.DenseDoubleMatrix1D;
import cern.colt.matrix.impl.DenseDoubleMatrix2D;

/**
 * The barrier handed to JOptimizer's barrier method: JOptimizer's own SOC barrier for the m constraints
 * ‖w_j‖ ≤ t_j, plus the logarithmic barrier −Σ log(a_kᵀ w_j) of the polyhedral cone constraints, evaluated
 * block by block (each row touches only the r entries of its w_j, so its Hessian term is r × r instead of the
 * dense dim × dim term the SOC form with A = 0 would build). Degrees: 2 per SOC constraint, 1 per linear one,
 * so the duality gap at barrier parameter t is (2m + L)/t.
 */
final class ConeBarrier implements BarrierFunction {
    private final BarrierFunction soc;
    private final int socCount;
    private final int dim;
    /** rows[l]: the coefficients a_k (length r) of linear constraint l, acting on x[offset[l] … offset[l] + r). */
    private final double[][] rows;
    private final int[] offset;
    int hessians;

    ConeBarrier(BarrierFunction soc, int socCount, int dim, double[][] rows, int[] offset) {
        this.soc = soc;
        this.socCount = socCount;
        this.dim = dim;
        this.rows = rows;
        this.offset = offset;
    }

    int linearCount() {
        return rows.length;
    }

    private double slack(int l, DoubleMatrix1D x) {
        double s = 0;
        double[] a = rows[l];
        int o = offset[l];
        for (int c = 0; c < a.length; c++) {
            s += a[c] * x.getQuick(o + c);
        }
        return s;
    }

    @Override
    public double value(DoubleMatrix1D x) {
        double v = soc.value(x);
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        for (int l = 0; l < rows.length; l++) {
            double s = slack(l, x);
            if (!(s > 0)) {
                return Double.NaN;
            }
            v -= Math.log(s);
        }
        return v;
    }

    @Override
    public DoubleMatrix1D gradient(DoubleMatrix1D x) {
        double[] g = soc.gradient(x).toArray();
        for (int l = 0; l < rows.length; l++) {
            double inv = 1 / slack(l, x);
            double[] a = rows[l];
            int o = offset[l];
            for (int c = 0; c < a.length; c++) {
                g[o + c] -= a[c] * inv;
            }
        }
        return new DenseDoubleMatrix1D(g);
    }

    @Override
    public DoubleMatrix2D hessian(DoubleMatrix1D x) {
        hessians++;
        double[][] h = soc.hessian(x).toArray();
        for (int l = 0; l < rows.length; l++) {
            double s = slack(l, x);
            double inv2 = 1 / (s * s);
            double[] a = rows[l];
            int o = offset[l];
            for (int c = 0; c < a.length; c++) {
                for (int e = 0; e < a.length; e++) {
                    h[o + c][o + e] += a[c] * a[e] * inv2;
                }
            }
        }
        return new DenseDoubleMatrix2D(h);
    }

    @Override
    public int getDim() {
        return dim;
    }

    @Override
    public double getDualityGap(double t) {
        return (2.0 * socCount + rows.length) / t;
    }

    @Override
    public BarrierFunction createPhase1BarrierFunction() {
        throw new UnsupportedOperationException("the start is strictly feasible by construction; no phase 1");
    }

    @Override
    public double calculatePhase1InitialFeasiblePoint(DoubleMatrix1D originalNotFeasiblePoint, double tolerance) {
        throw new UnsupportedOperationException("the start is strictly feasible by construction; no phase 1");
    }
}

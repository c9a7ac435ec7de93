package org.cvxrelu.solver.ipm;

import org.ojalgo.matrix.decomposition.Cholesky;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

/**
 * The reduced Newton matrix H = MᵀM + blockdiag(B_j) assembled densely (N × N, N = m(r+1)) and factored
 * by ojAlgo's Cholesky. MᵀM is formed once; each iteration adds the scaling blocks. Best for few groups.
 */
final class DenseKktSolver implements KktSolver {
    private final GroupLassoQp qp;
    private final R064Store mtm;
    private final int size;
    private double[][][] blocks;
    private double[] equil;
    private Cholesky<Double> chol;

    DenseKktSolver(GroupLassoQp qp) {
        this.qp = qp;
        this.size = qp.variables();
        int n = qp.nFit;
        R064Store mt = R064Store.FACTORY.make(size, n);
        for (int j = 0; j < qp.m; j++) {
            double sj = qp.problem.sign(j);
            for (int k : qp.activeRows[j]) {
                for (int l = 0; l < qp.r; l++) {
                    mt.set(j * qp.block + l, k, sj * qp.fitDesign[k][l]);
                }
            }
        }
        this.mtm = R064Store.FACTORY.make(size, size);
        mtm.fillByMultiplying(mt, mt.transpose());
    }

    @Override
    public void factor() {
        blocks = new double[qp.m][][];
        R064Store h = R064Store.FACTORY.copy(mtm);
        for (int j = 0; j < qp.m; j++) {
            blocks[j] = qp.scalingBlock(j);
            int off = j * qp.block;
            for (int a = 0; a < qp.block; a++) {
                for (int b = 0; b < qp.block; b++) {
                    h.add(off + a, off + b, blocks[j][a][b]);
                }
            }
        }
        // Jacobi equilibration: Ĥ = D H D with D = diag(H)^{-1/2} (unit diagonal), factored in place of H, and
        // H⁻¹b = D Ĥ⁻¹ D b. In raw units the diagonal of H spans twenty orders of magnitude (columns ~1e4 and
        // ~1e-3, squared, times z/s ratios ~1e±10); the factorisation's pivot test is relative to the largest
        // pivot and rejects such an H although it is positive definite. If Ĥ still fails, δI is added to Ĥ
        // (δ from 1e-14 up, i.e. H + δ·diag(H): independent of the units) and iterative refinement against
        // the unregularised H in solve() removes its effect.
        equil = new double[size];
        for (int i = 0; i < size; i++) {
            double d = h.doubleValue(i, i);
            equil[i] = d > 0 ? 1 / Math.sqrt(d) : 1;
        }
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                h.set(i, j, equil[i] * h.doubleValue(i, j) * equil[j]);
            }
        }
        chol = Cholesky.R064.make(h);
        double delta = 0;
        while (!chol.decompose(h) || !chol.isSolvable()) {
            double next = delta == 0 ? 1e-14 : delta * 100;
            if (next > 1e-4) {
                throw new ArithmeticException("reduced Newton matrix is not positive definite");
            }
            for (int i = 0; i < size; i++) {
                h.add(i, i, next - delta);
            }
            delta = next;
        }
    }

    /**
     * x ← H⁻¹b with iterative refinement against the unregularised H, kept while the residual (Jacobi-scaled,
     * max-norm) at least halves: with a regularised factorisation of a nearly singular H refinement can diverge.
     */
    @Override
    public double[] solve(double[] b) {
        double[] x = once(b);
        double[] res = residual(b, x);
        double rn = scaledMax(res);
        for (int it = 0; it < 6 && rn > 0; it++) {
            double[] dx = once(res);
            double[] trial = x.clone();
            for (int i = 0; i < b.length; i++) {
                trial[i] += dx[i];
            }
            double[] res2 = residual(b, trial);
            double rn2 = scaledMax(res2);
            if (!(rn2 < 0.5 * rn)) {
                break;
            }
            x = trial;
            res = res2;
            rn = rn2;
        }
        return x;
    }

    private double[] residual(double[] b, double[] x) {
        double[] hx = qp.applyH(blocks, x);
        double[] res = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            res[i] = b[i] - hx[i];
        }
        return res;
    }

    private double scaledMax(double[] v) {
        double m = 0;
        for (int i = 0; i < v.length; i++) {
            m = Math.max(m, Math.abs(equil[i] * v[i]));
        }
        return m;
    }

    private double[] once(double[] b) {
        double[] eb = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            eb[i] = equil[i] * b[i];
        }
        MatrixStore<Double> sol = chol.getSolution(R064Store.wrap(eb, b.length));
        double[] x = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            x[i] = equil[i] * sol.doubleValue(i, 0);
        }
        return x;
    }
}

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
    private Cholesky<Double> chol;

    DenseKktSolver(GroupLassoQp qp) {
        this.qp = qp;
        this.size = qp.variables();
        int n = qp.problem.n();
        R064Store mt = R064Store.FACTORY.make(size, n);
        for (int j = 0; j < qp.m; j++) {
            double sj = qp.problem.sign(j);
            for (int k = 0; k < n; k++) {
                if (qp.active[j][k]) {
                    for (int l = 0; l < qp.r; l++) {
                        mt.set(j * qp.block + l, k, sj * qp.design[k][l]);
                    }
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
        chol = Cholesky.R064.make(h);
        if (!chol.decompose(h) || !chol.isSolvable()) {
            double maxDiag = 0;
            for (int i = 0; i < size; i++) {
                maxDiag = Math.max(maxDiag, h.doubleValue(i, i));
            }
            for (int i = 0; i < size; i++) {
                h.add(i, i, 1e-12 * maxDiag);
            }
            if (!chol.decompose(h) || !chol.isSolvable()) {
                throw new ArithmeticException("reduced Newton matrix is not positive definite");
            }
        }
    }

    @Override
    public double[] solve(double[] b) {
        double[] x = once(b);
        for (int it = 0; it < 2; it++) {
            double[] hx = qp.applyH(blocks, x);
            double[] res = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                res[i] = b[i] - hx[i];
            }
            double[] dx = once(res);
            for (int i = 0; i < b.length; i++) {
                x[i] += dx[i];
            }
        }
        return x;
    }

    private double[] once(double[] b) {
        MatrixStore<Double> sol = chol.getSolution(R064Store.wrap(b.clone(), b.length));
        double[] x = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            x[i] = sol.doubleValue(i, 0);
        }
        return x;
    }
}

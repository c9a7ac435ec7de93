package org.cvxrelu.solver.ipm;

import org.ojalgo.matrix.decomposition.Cholesky;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

/**
 * The reduced Newton matrix H = B + MᵀM (B = blockdiag(B_j), M the n × N fit operator; n the fit's rows,
 * {@link GroupLassoQp#nFit}, fewer than the samples when equal rows are merged) solved through its
 * n × n Schur complement, by the Sherman–Morrison–Woodbury identity
 * <pre>  H⁻¹ = B⁻¹ − B⁻¹Mᵀ (I + M B⁻¹ Mᵀ)⁻¹ M B⁻¹. </pre>
 * Each block B_j ((r+1) × (r+1)) is factored on its own; S = I + Σ_j M_j B_j⁻¹ M_jᵀ by ojAlgo's Cholesky.
 * The cost per iteration is O(m·n²·r) instead of O((m r)³), which is what makes working sets of hundreds
 * of groups cheap when n is small. Iterative refinement against the unfactored H restores the accuracy
 * the identity loses when B is badly conditioned.
 */
final class LowRankKktSolver implements KktSolver {
    private final GroupLassoQp qp;
    private final int n;
    private double[][][] blocks;
    private SmallCholesky[] blockChol;
    private double[][] y; // y[j] = B_j⁻¹ M_jᵀ on group j's active samples, column a at [a·(r+1), (a+1)·(r+1))
    private Cholesky<Double> schur;
    private double[] equil;
    private boolean parallel; // whether the per-group loops run side by side (the same results either way)

    LowRankKktSolver(GroupLassoQp qp) {
        this.qp = qp;
        this.n = qp.nFit;
    }

    /**
     * Assembles S = I + Σ_j M_j B_j⁻¹ M_jᵀ on group j's active rows and columns: y_j = B_j⁻¹ M_jᵀ column by
     * column, then S[k1][k2] += s_j x̃_{k1}ᵀ y_j[k2] for k1 ≥ k2, each entry's dot product summed over l in
     * order (the products for all k1 of one column are formed side by side by {@link GroupLassoQp#activeFits}),
     * and the upper triangle copied from the lower: half the products of the full assembly, which dominated
     * the interior-point method's time on yacht's 997 sampled patterns.
     */
    @Override
    public void factor() {
        int m = qp.m;
        blocks = new double[m][][];
        blockChol = new SmallCholesky[m];
        y = new double[m][];
        parallel = parallelWorth();
        // the blocks, their factors and y_j: independent per group
        each(m, this::factorBlock);
        double[] s = new double[n * n]; // column-major I + Σ M_j Y_j
        for (int k = 0; k < n; k++) {
            s[k * n + k] = 1;
        }
        // S by ranges of columns: every entry still gets its groups' terms in group order, so S is the same to the
        // last bit however the columns are split (and whether or not they are split)
        int[] bounds = columnRanges(parallel ? COLUMN_RANGES : 1);
        each(bounds.length - 1, c -> addColumns(s, bounds[c], bounds[c + 1]));
        for (int k2 = 0; k2 < n; k2++) {
            for (int k1 = k2 + 1; k1 < n; k1++) {
                s[k1 * n + k2] = s[k2 * n + k1];
            }
        }
        // Jacobi equilibration of S (unit diagonal, Ŝ = E S E with E = diag(S)^{-1/2}) and, if it still fails
        // the pivot test, Ŝ + δI with δ from 1e-14 up; iterative refinement against H removes δ's effect.
        equil = new double[n];
        for (int k = 0; k < n; k++) {
            equil[k] = 1 / Math.sqrt(s[k * n + k]); // S ⪰ I
        }
        for (int k2 = 0; k2 < n; k2++) {
            for (int k1 = 0; k1 < n; k1++) {
                s[k2 * n + k1] *= equil[k1] * equil[k2];
            }
        }
        R064Store sm = R064Store.wrap(s, n);
        schur = Cholesky.R064.make(sm);
        double delta = 0;
        while (!schur.decompose(sm) || !schur.isSolvable()) {
            double next = delta == 0 ? 1e-14 : delta * 100;
            if (next > 1e-4) {
                throw new ArithmeticException("Schur complement is not positive definite");
            }
            for (int k = 0; k < n; k++) {
                sm.add(k, k, next - delta);
            }
            delta = next;
        }
    }

    /** Column ranges of S assembled side by side (any number gives the same S). */
    static final int COLUMN_RANGES = 8;
    /** Below this many multiply-adds of the assembly (Σ_j n_j²·r/2) one thread does it all. */
    static final double PARALLEL_WORK = 2e5;

    /** Tests only: every loop on one thread, to check that the threads change no bit of the answer. */
    static volatile boolean sequentialOnly;

    /** Whether the assembly is large enough for threads to pay. */
    private boolean parallelWorth() {
        if (sequentialOnly) {
            return false;
        }
        double work = 0;
        for (int j = 0; j < qp.m; j++) {
            double nj = qp.activeRows[j].length;
            work += nj * nj * qp.r / 2;
        }
        return work > PARALLEL_WORK && Runtime.getRuntime().availableProcessors() > 1; // the caller works too
    }

    /** B_j, its Cholesky factor and y_j = B_j⁻¹ s_j (x̃_k, 0) for group j's active samples k. */
    private void factorBlock(int j) {
        int blk = qp.block;
        int r = qp.r;
        blocks[j] = qp.scalingBlock(j);
        blockChol[j] = new SmallCholesky(blocks[j]);
        double sj = qp.problem.sign(j);
        int nj = qp.activeRows[j].length;
        double[] g = qp.gathered[j];
        double[] yj = new double[nj * blk]; // yj[a·(r+1) + l] = (B_j⁻¹ s_j (x̃_k, 0))_l, k = act[a]
        for (int a = 0; a < nj; a++) {
            int off = a * blk;
            for (int l = 0; l < r; l++) {
                yj[off + l] = sj * g[l * nj + a];
            }
            blockChol[j].solveInPlace(yj, off);
        }
        y[j] = yj;
    }

    /**
     * Adds Σ_j s_j M_j y_j to S's lower triangle in columns [from, to): for each group in order, each of its active
     * columns k2 in the range gets x̃_{k1}ᵀ y_j[k2] for its active rows k1 ≥ k2.
     */
    private void addColumns(double[] s, int from, int to) {
        double[] v = new double[n];
        for (int j = 0; j < qp.m; j++) {
            double sj = qp.problem.sign(j);
            int[] act = qp.activeRows[j];
            int nj = act.length;
            int found = java.util.Arrays.binarySearch(act, from); // the active rows ascend, each once
            int a2 = found >= 0 ? found : -found - 1; // the first active row ≥ from
            for (; a2 < nj && act[a2] < to; a2++) {
                qp.activeFits(j, y[j], a2 * qp.block, v, a2); // v[a1] = x̃_{k1}ᵀ y_j[k2], a1 ≥ a2
                int column = act[a2] * n;
                for (int a1 = a2; a1 < nj; a1++) {
                    s[column + act[a1]] += sj * v[a1];
                }
            }
        }
    }

    /** body(0), …, body(count − 1): side by side when {@link #parallel}, else in order (independent bodies only). */
    private void each(int count, java.util.function.IntConsumer body) {
        java.util.stream.IntStream all = java.util.stream.IntStream.range(0, count);
        (parallel ? all.parallel() : all).forEach(body);
    }

    /**
     * Split points 0 = c_0 < … < c_q = n of S's columns into q ranges of about equal lower-triangle area (column
     * k holds n − k entries of it).
     */
    private int[] columnRanges(int q) {
        int[] out = new int[q + 1];
        double total = (double) n * (n + 1) / 2;
        int c = 0;
        double area = 0;
        for (int t = 1; t < q; t++) {
            while (c < n && area < total * t / q) {
                area += n - c;
                c++;
            }
            out[t] = c;
        }
        out[q] = n;
        return out;
    }

    /** The scaling blocks B_j of the last factorisation. */
    double[][][] blocks() {
        return blocks;
    }

    @Override
    public double[] solve(double[] b) {
        double[] x = once(b);
        for (int it = 0; it < 3; it++) {
            double[] hx = qp.applyH(blocks, x);
            double[] res = new double[b.length];
            double rn = 0;
            double bn = 0;
            for (int i = 0; i < b.length; i++) {
                res[i] = b[i] - hx[i];
                rn = Math.max(rn, Math.abs(res[i]));
                bn = Math.max(bn, Math.abs(b[i]));
            }
            if (rn <= 1e-15 * bn) {
                break;
            }
            double[] dx = once(res);
            for (int i = 0; i < b.length; i++) {
                x[i] += dx[i];
            }
        }
        return x;
    }

    /** One application of the Woodbury identity. */
    private double[] once(double[] b) {
        int blk = qp.block;
        double[] u = b.clone();
        each(qp.m, j -> blockChol[j].solveInPlace(u, j * blk));
        double[] v = qp.applyM(u);
        for (int k = 0; k < n; k++) {
            v[k] *= equil[k];
        }
        MatrixStore<Double> ws = schur.getSolution(R064Store.wrap(v, n));
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = equil[k] * ws.doubleValue(k, 0);
        }
        each(qp.m, j -> {
            int off = j * blk;
            int[] act = qp.activeRows[j];
            double[] yj = y[j];
            for (int a = 0; a < act.length; a++) {
                double wk = w[act[a]];
                int col = a * blk;
                for (int b2 = 0; b2 < blk; b2++) {
                    u[off + b2] -= yj[col + b2] * wk;
                }
            }
        });
        return u;
    }
}

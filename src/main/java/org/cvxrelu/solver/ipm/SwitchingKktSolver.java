package org.cvxrelu.solver.ipm;

/**
 * The n × n Schur complement ({@link LowRankKktSolver}) while it is accurate, the dense reduced matrix
 * ({@link DenseKktSolver}) once it is not.
 *
 * <p>The Woodbury identity behind the Schur path subtracts two terms of size ‖B⁻¹‖: near the optimum of a
 * badly scaled problem (raw columns 1e6 apart in units, or sliver cells) B has eigenvalues ~μ and the
 * subtraction loses every digit, so that the Newton direction no longer solves its own equations and the
 * iterates stall at a relative gap of 1e-3–1e-4. The accuracy of each solve is measured as the backward error
 * of the Jacobi-scaled system: with D = diag(H)^{-1/2} and r = b − Hx after refinement,
 * <pre>  η = ‖D r‖∞ / (‖D b‖∞ + ‖D⁻¹ x‖∞), </pre>
 * the quantity a backward-stable solver keeps near ε·N whatever the units (Ĥ = DHD has unit diagonal, so
 * its entries are at most 1). When η exceeds {@link #MAX_BACKWARD_ERROR} and the dense matrix is small
 * enough ({@link #DENSE_LIMIT} unknowns), the dense factorisation (equilibrated Cholesky, O(N³/3) per
 * iteration instead of O(N·n²)) solves the same system; if its backward error is the smaller, it is used for
 * this solve and every later one of the run.
 */
final class SwitchingKktSolver implements KktSolver {
    /** Backward error above which the Schur path is abandoned. */
    static final double MAX_BACKWARD_ERROR = 1e-10;
    /**
     * The largest N = m(r+1) for which the dense factorisation is tried (N³/3 ≈ 1.7e8 flops at the limit, about
     * 0.1 s; the raw 40-row subsets need N ≤ 630).
     */
    static final int DENSE_LIMIT = 800;

    private final GroupLassoQp qp;
    private final LowRankKktSolver schur;
    private DenseKktSolver dense;
    private boolean useDense;
    private boolean denseFactored;

    SwitchingKktSolver(GroupLassoQp qp) {
        this.qp = qp;
        this.schur = new LowRankKktSolver(qp);
    }

    /** Whether the run switched to the dense factorisation. */
    boolean switched() {
        return useDense;
    }

    @Override
    public void factor() {
        if (useDense) {
            dense.factor();
            return;
        }
        denseFactored = false;
        schur.factor();
    }

    @Override
    public double[] solve(double[] b) {
        if (useDense) {
            return dense.solve(b);
        }
        double[] x = schur.solve(b);
        if (qp.variables() > DENSE_LIMIT) {
            return x; // no dense alternative: the backward error would decide nothing
        }
        double eta = backwardError(b, x);
        if (eta <= MAX_BACKWARD_ERROR) {
            return x;
        }
        if (dense == null) {
            dense = new DenseKktSolver(qp);
        }
        if (!denseFactored) {
            try {
                dense.factor(); // for the cones' current scaling, the one the Schur path was factored for
            } catch (ArithmeticException e) {
                return x;
            }
            denseFactored = true;
        }
        double[] xd = dense.solve(b);
        if (backwardError(b, xd) < eta) {
            useDense = true; // from now on, for the rest of this run
            return xd;
        }
        return x; // on nearly singular H (sliver cells) the regularised dense factor can be the worse one
    }

    private double backwardError(double[] b, double[] x) {
        double[][][] blocks = schur.blocks();
        double[] hx = qp.applyH(blocks, x);
        double[] diag = qp.diagonalH(blocks);
        double r = 0;
        double nb = 0;
        double nx = 0;
        for (int i = 0; i < b.length; i++) {
            double d = diag[i] > 0 ? 1 / Math.sqrt(diag[i]) : 1;
            r = Math.max(r, d * Math.abs(b[i] - hx[i]));
            nb = Math.max(nb, d * Math.abs(b[i]));
            nx = Math.max(nx, Math.abs(x[i]) / d);
        }
        double scale = nb + nx;
        return scale > 0 ? r / scale : 0;
    }
}

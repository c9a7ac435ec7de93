package org.cvxrelu.solver.ipm;

/**
 * A conic quadratic program in the form the interior-point method solves:
 * <pre>
 *   minimise ½ xᵀPx + qᵀx + constant   subject to   Gx + s = h,  s ∈ K,
 * </pre>
 * with dual: maximise −½ xᵀPx − hᵀz + constant subject to Px + q + Gᵀz = 0, z ∈ K. The problem supplies its
 * operators and the factorisation of its reduced Newton matrix ({@link KktSolver}); the method never
 * sees a dense P or G.
 */
interface ConicQp {
    int variables();

    ConeProduct cones();

    double[] q();

    double[] h();

    double constant();

    /** P x. */
    double[] applyP(double[] x);

    /** G x. */
    double[] applyG(double[] x);

    /** Gᵀ z. */
    double[] applyGt(double[] z);

    /**
     * The gradient P x + q of the quadratic part. A problem whose P = MᵀM and q = −Mᵀy overrides this with the
     * residual form Mᵀ(Mx − y): the expanded sum cancels two terms of size ‖M‖‖y‖ down to one of size
     * ‖M‖‖Mx − y‖, and in raw units (columns ~1e4) the rounding of the expanded form (~ε‖M‖‖y‖) is the floor
     * on the dual residual, far above what a certificate at 1e-6 needs.
     */
    default double[] gradient(double[] x) {
        double[] g = applyP(x);
        double[] q = q();
        for (int i = 0; i < g.length; i++) {
            g[i] += q[i];
        }
        return g;
    }

    /** A factorisation of P + GᵀW⁻²G for the cones' current scalings. */
    KktSolver kktSolver();

    /**
     * The objective ½ xᵀPx + qᵀx + constant at x. A problem that knows a form without cancellation overrides
     * this: the generic sum loses all its digits when the optimum is far below the constant.
     */
    default double objective(double[] x) {
        double[] px = applyP(x);
        double s = constant();
        double[] q = q();
        for (int i = 0; i < x.length; i++) {
            s += 0.5 * x[i] * px[i] + q[i] * x[i];
        }
        return s;
    }
}

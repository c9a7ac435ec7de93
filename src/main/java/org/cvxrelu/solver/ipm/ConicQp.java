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

    /** A factorisation of P + GᵀW⁻²G for the cones' current scalings. */
    KktSolver kktSolver();
}

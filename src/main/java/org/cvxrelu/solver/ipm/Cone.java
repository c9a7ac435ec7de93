package org.cvxrelu.solver.ipm;

/**
 * One cone of the product K = K_1 × … × K_m on which the interior-point method works, acting on its slice
 * [offset, offset + dim) of the long vectors s, z and their directions.
 *
 * <p>Each cone keeps its Nesterov–Todd scaling W (W z = W⁻¹ s = λ), set by {@link #updateScaling}, and
 * the Jordan algebra of its kind: the product u ∘ v, its identity e, and the division λ ⋄ v (the x with
 * λ ∘ x = v).
 */
interface Cone {
    int dim();

    /** The degree ν of the cone's barrier (1 per second-order cone, 1 per coordinate of an orthant). */
    int degree();

    /** The smallest eigenvalue of v in the Jordan algebra: v is in the interior iff it is positive. */
    double minEigenvalue(double[] v, int off);

    /** v ← v + a·e. */
    void addIdentity(double[] v, int off, double a);

    /** The largest α ≥ 0 with v + α dv in the cone (POSITIVE_INFINITY if every α is). */
    double maxStep(double[] v, double[] dv, int off);

    /** Computes the NT scaling for the interior pair (s, z) and λ = W z. */
    void updateScaling(double[] s, double[] z, int off);

    /** Sets the scaling to the identity (W = I, λ = e); used for the initial point. */
    void identityScaling();

    /** out ← λ. */
    void lambda(double[] out, int off);

    /** out ← W v (or W⁻¹ v when {@code inverse}); out may not alias v. */
    void scale(double[] v, double[] out, int off, boolean inverse);

    /** out ← u ∘ v. */
    void product(double[] u, double[] v, double[] out, int off);

    /** out ← λ ⋄ v, the solution x of λ ∘ x = v (λ the current scaled point). */
    void divideByLambda(double[] v, double[] out, int off);
}

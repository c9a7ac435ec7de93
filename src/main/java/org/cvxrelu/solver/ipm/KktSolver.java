package org.cvxrelu.solver.ipm;

/**
 * The reduced Newton (KKT) system of the interior-point method, H dx = b with H = P + GᵀW⁻²G, where W is the
 * cones' current Nesterov–Todd scaling (W⁻² = diag(z/s) on an orthant). It is factored once per iteration
 * and solved twice (predictor and corrector).
 */
interface KktSolver {
    /** Assembles and factors H for the cones' current scaling. */
    void factor();

    /** x ← H⁻¹ b, with iterative refinement against the unfactored H. */
    double[] solve(double[] b);
}

package org.cvxrelu.solver.ipm;

/**
 * Settings of the interior-point method: stopping tolerances (CVXOPT's convention: primal and dual
 * residuals relative to max(1, ‖h‖) and max(1, ‖q‖); the gap absolute or relative to the objective), the
 * iteration limit and the fraction of the distance to the boundary a step may take.
 *
 * <p>The absolute gap must be tiny next to the objective, not next to 1: with a small β (or features in
 * large units) the optimum is a small fraction of ½‖y‖², and an absolute stop at 1e-11 ended solves at a
 * relative gap of 3e-5, far from the certificate's 1e-6. The problem's objective is evaluated from its
 * residual ({@link ConicQp#objective}), whose rounding is about ε‖y‖‖y − Mx‖ rather than ε‖y‖²; the
 * absolute test is {@link #ROUNDING} relative to ½‖y‖² (the objective of the zero solution, an upper bound
 * on the optimum). Measured on the stress instances: 1e-15 left features × 1e6 and targets × 1e6 at
 * certified gaps of 1.0e-6 and 4.9e-7 (just inside the target); 1e-18 and 0 both give 1.3e-7 and 4.9e-8,
 * and teacher_n12_d2 at β = 1e-8 3.7e-4 → 1.4e-5.
 */
record IpmSettings(double feasibilityTolerance, double absoluteGap, double relativeGap, int maxIterations,
        double stepFraction, int refinementSteps) {

    /** The absolute gap, relative to ½‖y‖², below which the gap is rounding. */
    static final double ROUNDING = 1e-18;

    /** Defaults; the absolute gap is set per problem ({@link #ROUNDING} · ½‖y‖², by {@link IpmConeSolver}). */
    static IpmSettings defaults() {
        return new IpmSettings(1e-10, 0, 1e-10, 120, 0.99, 8);
    }
}

package org.cvxrelu.solver.ipm;

/**
 * Settings of the interior-point method: stopping tolerances (CVXOPT's convention: primal and dual
 * residuals relative to max(1, ‖h‖) and max(1, ‖q‖); the gap absolute or relative to the objective), the
 * iteration limit and the fraction of the distance to the boundary a step may take.
 */
record IpmSettings(double feasibilityTolerance, double absoluteGap, double relativeGap, int maxIterations,
        double stepFraction, int refinementSteps) {

    static IpmSettings defaults() {
        return new IpmSettings(1e-10, 1e-11, 1e-10, 120, 0.99, 2);
    }
}

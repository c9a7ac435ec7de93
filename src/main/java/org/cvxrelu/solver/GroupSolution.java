package org.cvxrelu.solver;

import java.util.Map;

/**
 * A backend's answer to a {@link GroupProblem}: one vector per group (in the problem's order), the
 * iterations it took, whether its own stopping rule was met, and backend-specific figures.
 */
public record GroupSolution(double[][] w, int iterations, boolean converged, String status, Map<String, Object> stats) {
    public GroupSolution {
        stats = Map.copyOf(stats);
    }
}

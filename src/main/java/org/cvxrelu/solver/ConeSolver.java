package org.cvxrelu.solver;

/**
 * A backend for the restricted cone program ({@link GroupProblem}). Backends are found with
 * {@link java.util.ServiceLoader}: a jar that lists an implementation in
 * {@code META-INF/services/org.cvxrelu.solver.ConeSolver} adds one without touching the core, and
 * {@code --solver NAME} picks it by {@link #name()}.
 *
 * <p>The backend only has to solve the program it is given; the certificate (pricing every pattern with
 * λ = y − ŷ) is computed outside it, so no backend can claim a gap it did not reach.
 */
public interface ConeSolver {
    /** The name {@code --solver} takes, e.g. "ipm". */
    String name();

    /** One line for {@code --help} and reports. */
    String description();

    /**
     * True (the default) when the backend should be handed small working sets by the outer loop; false when
     * it prefers every group at once (a first-order method that prices and certifies as it goes).
     */
    default boolean usesWorkingSet() {
        return true;
    }

    /** Solves the restricted program. */
    GroupSolution solve(GroupProblem problem, SolverSettings settings);
}

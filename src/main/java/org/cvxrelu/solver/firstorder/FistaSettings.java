package org.cvxrelu.solver.firstorder;

/**
 * Tuning of the {@code fista} backend (the shared limits — target gap, iterations, time — come from
 * {@link org.cvxrelu.solver.SolverSettings}).
 *
 * @param coneHandling how the constraints w_g ∈ K_g are kept (see {@link ConeHandling})
 * @param certifyEvery FISTA iterations between two certified-gap checks (pricing every pattern is about as
 *     costly as one matrix product plus the cone projections of the best-priced groups)
 * @param initialPenalty ρ₀ of the augmented Lagrangian. The penalised quantity (2D_i − I)X̃w is, like the
 *     fit, in the units of y, so ρ = 1 weighs a unit of constraint violation like a unit of residual
 * @param penaltyGrowth factor on ρ when an outer step did not shrink the violation enough
 * @param maxPenalty upper limit of ρ
 * @param violationDecrease an outer step "shrinks the violation enough" when the new violation is at most
 *     this fraction of the previous one
 * @param innerTolerance first tolerance of the inner solve, relative to ‖∇φ(0)‖: the inner FISTA ends when
 *     the prox-gradient mapping ‖(y − x⁺)/η‖ (Frobenius) falls below it
 * @param innerToleranceDecrease factor on the inner tolerance after each outer step
 * @param maxInnerIterations inner FISTA iterations per outer step at most
 * @param backtrack factor on the step η when the sufficient-decrease test fails
 * @param stepGrowth factor on η tried at the start of every iteration (≥ 1; 1 = classical non-increasing
 *     backtracking)
 * @param projectForCertificate project every non-zero block onto its cone K_i (exact NNLS) before building
 *     the certified net; otherwise the blocks are used as they are (the net is still a valid net)
 */
public record FistaSettings(ConeHandling coneHandling, int certifyEvery, double initialPenalty, double penaltyGrowth, double maxPenalty,
        double violationDecrease, double innerTolerance, double innerToleranceDecrease, int maxInnerIterations,
        double backtrack, double stepGrowth, boolean projectForCertificate) {

    public FistaSettings {
        java.util.Objects.requireNonNull(coneHandling, "coneHandling");
        if (certifyEvery < 1 || maxInnerIterations < 1) {
            throw new IllegalArgumentException("certifyEvery and maxInnerIterations must be positive");
        }
        if (!(initialPenalty > 0) || !(penaltyGrowth >= 1) || !(maxPenalty >= initialPenalty)) {
            throw new IllegalArgumentException("need 0 < initialPenalty <= maxPenalty and penaltyGrowth >= 1");
        }
        if (!(violationDecrease > 0 && violationDecrease <= 1) || !(innerToleranceDecrease > 0 && innerToleranceDecrease <= 1)) {
            throw new IllegalArgumentException("decrease factors must be in (0, 1]");
        }
        if (!(stepGrowth >= 1)) {
            throw new IllegalArgumentException("stepGrowth must be at least 1");
        }
        if (!(innerTolerance > 0) || !(backtrack > 0 && backtrack < 1)) {
            throw new IllegalArgumentException("need innerTolerance > 0 and backtrack in (0, 1)");
        }
    }

    public static FistaSettings defaults() {
        return new FistaSettings(ConeHandling.PROJECTION, 25, 1.0, 10.0, 1e8, 0.25, 1e-2, 0.2, 2_000, 0.5, 1.25, true);
    }

    public FistaSettings withConeHandling(ConeHandling handling) {
        return new FistaSettings(handling, certifyEvery, initialPenalty, penaltyGrowth, maxPenalty, violationDecrease,
                innerTolerance, innerToleranceDecrease, maxInnerIterations, backtrack, stepGrowth, projectForCertificate);
    }

    public FistaSettings withCertifyEvery(int k) {
        return new FistaSettings(coneHandling, k, initialPenalty, penaltyGrowth, maxPenalty, violationDecrease, innerTolerance,
                innerToleranceDecrease, maxInnerIterations, backtrack, stepGrowth, projectForCertificate);
    }
}

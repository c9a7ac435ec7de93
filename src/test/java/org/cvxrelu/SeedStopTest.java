package org.cvxrelu;

import static org.assertj.core.api.Assertions.assertThat;

import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.SolverSettings;
import org.junit.jupiter.api.Test;

/**
 * When the Adam seeds stop under a time limit ({@link CvxRelu#seedStop}): a first-order backend leaves them
 * {@link CvxRelu#SEED_RESERVE} of the limit, the interior-point method none; a limit of centuries is capped to the
 * farthest deadline before any share is taken of it, so the seeds still run (they stopped at once for a limit
 * above about 9e10 s, the reserve being taken of the uncapped limit and the time left of the capped deadline).
 */
class SeedStopTest {

    @Test
    void theReserveIsTakenOfTheSameLimitAsTheDeadline() {
        SolverSettings centuries = SolverSettings.defaults().withTimeLimit(1e18).startClock();
        assertThat(centuries.timeLimitSeconds()).isEqualTo(SolverSettings.MAX_LIMIT_SECONDS);
        assertThat(CvxRelu.seedStop(centuries, ConeSolvers.byName("fista")).getAsBoolean()).isFalse();
        assertThat(CvxRelu.seedStop(centuries, ConeSolvers.byName("ipm")).getAsBoolean()).isFalse();
        // 100 s: the first-order backend's seeds stop with 5 s left, the interior-point method's at the deadline
        SolverSettings hundred = SolverSettings.defaults().withTimeLimit(100).startClockSecondsAgo(96);
        assertThat(CvxRelu.seedStop(hundred, ConeSolvers.byName("fista")).getAsBoolean()).isTrue();
        assertThat(CvxRelu.seedStop(hundred, ConeSolvers.byName("ipm")).getAsBoolean()).isFalse();
        SolverSettings none = SolverSettings.defaults();
        assertThat(CvxRelu.seedStop(none, ConeSolvers.byName("fista")).getAsBoolean()).isFalse();
    }
}

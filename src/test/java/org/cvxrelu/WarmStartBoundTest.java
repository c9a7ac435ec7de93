package org.cvxrelu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.solver.WorkingSetSolver;
import org.junit.jupiter.api.Test;

/**
 * When a warm start beats the solve's answer (stage 6 of {@link CvxRelu#solve}), the answer's lower bound is kept
 * if it is proven and higher than the warm start's own: both price every group of the same program. An unproven
 * bound (c = +∞: nothing priced) never replaces one, and a lower one is not taken.
 */
class WarmStartBoundTest {
    private static WorkingSetSolver.Outcome outcome(double objective, double lower, double c) {
        Pricing.Result priced = new Pricing.Result(c, null, List.of(), 0, 0, true);
        return new WorkingSetSolver.Outcome(ConvexSolution.zero(), null, objective, objective, lower,
                (objective - lower) / objective, c, false, 1, 1, 1, Map.of(), priced, new double[] {lower});
    }

    @Test
    void aProvenHigherBoundIsKeptForTheBetterAnswer() {
        WorkingSetSolver.Outcome seed = outcome(2.0, 1.0, 0.2);
        WorkingSetSolver.Outcome answer = outcome(2.000001, 1.999999, 0.1000001);
        WorkingSetSolver.Outcome kept = CvxRelu.withBetterBound(seed, answer, 1e-6);
        assertThat(kept.objective()).isEqualTo(2.0);
        assertThat(kept.lowerBound()).isEqualTo(1.999999);
        assertThat(kept.relativeGap()).isCloseTo(5e-7, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(kept.converged()).isTrue();
        assertThat(kept.priced()).isSameAs(answer.priced());
        assertThat(kept.c()).isEqualTo(0.1000001);
    }

    @Test
    void anUnprovenOrLowerBoundIsNotTaken() {
        WorkingSetSolver.Outcome seed = outcome(2.0, 1.0, 0.2);
        assertThat(CvxRelu.withBetterBound(seed, outcome(2.1, 1.9, Double.POSITIVE_INFINITY), 1e-6)).isSameAs(seed);
        assertThat(CvxRelu.withBetterBound(seed, outcome(2.1, 0.5, 0.3), 1e-6)).isSameAs(seed);
    }
}

package org.cvxrelu.solver.ipm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The interior-point method's stall rule on made-up sequences of iterate figures (pres, dres, gap, primal), each
 * shaped after a solve seen in BENCHMARKS (§17: rounding near the end; §51: a merit that stays flat while the gap
 * falls with the primal objective).
 */
class StallRuleTest {

    /**
     * §51's shape: the gap falls by a fifth per iterate and the primal objective with it, so gap/|primal| stays at
     * 2.5 above the residuals (falling too): the merit never improves after the first iterate, but the solve moves.
     * Counted on the merit alone (the rule before §51) it stopped at iterate 15.
     */
    @Test
    void aFlatMeritWhileTheGapFallsIsNotAStall() {
        StallRule rule = new StallRule(1e-12);
        double gap = 500;
        double residual = 1e-3;
        for (int i = 0; i < 60; i++) {
            StallRule.Verdict v = rule.judge(residual, residual, gap, gap / 2.5);
            // each later iterate is the one to return: moving, though its merit is no lower
            assertThat(v).as("iterate %d", i).isEqualTo(i == 0 ? StallRule.Verdict.BEST : StallRule.Verdict.PROGRESS);
            gap *= 0.8;
            residual *= 0.8;
        }
    }

    /** Far from the end, nothing moving: the 15th iterate after the best ends the solve. */
    @Test
    void farFromTheEndFifteenIteratesWithoutProgressStop() {
        StallRule rule = new StallRule(1e-12);
        assertThat(rule.judge(1e-2, 1e-2, 10, 5)).isEqualTo(StallRule.Verdict.BEST);
        for (int i = 1; i < StallRule.PATIENCE; i++) {
            // noise: the gap and the primal objective 0.5 % lower on every other iterate, back up on the next, so the
            // merit stays at 2 and the progress measure never falls 1 % below its smallest (0.995)
            double wobble = i % 2 == 1 ? 0.995 : 1;
            assertThat(rule.judge(1e-2, 1e-2, 10 * wobble, 5 * wobble)).as("iterate %d", i)
                    .isEqualTo(StallRule.Verdict.GO_ON);
        }
        assertThat(rule.judge(1e-2, 1e-2, 10, 5)).isEqualTo(StallRule.Verdict.STOP);
    }

    /** Progress resets the count, and a later flat run is counted from its own start. */
    @Test
    void progressResetsTheCount() {
        StallRule rule = new StallRule(1e-12);
        rule.judge(1e-2, 1e-2, 10, 5);
        for (int i = 1; i < 10; i++) {
            assertThat(rule.judge(1e-2, 1e-2, 10, 5)).isEqualTo(StallRule.Verdict.GO_ON);
        }
        // the gap halves with the primal: merit flat, progress down
        assertThat(rule.judge(1e-2, 1e-2, 5, 2.5)).isEqualTo(StallRule.Verdict.PROGRESS);
        for (int i = 1; i < StallRule.PATIENCE; i++) {
            assertThat(rule.judge(1e-2, 1e-2, 5, 2.5)).as("iterate %d after", i).isEqualTo(StallRule.Verdict.GO_ON);
        }
        assertThat(rule.judge(1e-2, 1e-2, 5, 2.5)).isEqualTo(StallRule.Verdict.STOP);
    }

    /**
     * Near the end (§17) the progress measure does not count: rounding moves the gap about, and four iterates
     * without a better merit end the solve even while the gap still falls.
     */
    @Test
    void nearTheEndFourIteratesWithoutABetterMeritStop() {
        StallRule rule = new StallRule(1e-12);
        assertThat(rule.judge(1e-9, 1e-9, 1e-6, 1)).isEqualTo(StallRule.Verdict.BEST);
        // the dual residual stuck at its rounding floor above the best merit's, the gap still halving
        assertStopsAfterNearEndPatience(rule, 1e-9, 2e-6, 1e-6, 1);
    }

    /**
     * Iterates at (pres, dres, primal) whose gap halves from {@code gap}: the first NEAR_END_PATIENCE − 1 go on, the
     * next stops the solve.
     */
    private static void assertStopsAfterNearEndPatience(StallRule rule, double pres, double dres, double gap,
            double primal) {
        for (int i = 1; i < StallRule.NEAR_END_PATIENCE; i++) {
            gap *= 0.5;
            assertThat(rule.judge(pres, dres, gap, primal)).as("iterate %d", i).isEqualTo(StallRule.Verdict.GO_ON);
        }
        assertThat(rule.judge(pres, dres, gap * 0.5, primal)).isEqualTo(StallRule.Verdict.STOP);
    }

    /**
     * A solve moving far from the end, then crossing {@link StallRule#NEAR_END}: from there the progress measure no
     * longer counts, and four iterates without a better merit stop it although its gap still falls.
     */
    @Test
    void movingFarFromTheEndThenNearItStopsAfterFour() {
        StallRule rule = new StallRule(1e-12);
        assertThat(rule.judge(1e-3, 1e-3, 100, 40)).isEqualTo(StallRule.Verdict.BEST);
        assertThat(rule.judge(1e-4, 1e-4, 50, 20)).isEqualTo(StallRule.Verdict.PROGRESS);
        assertThat(rule.judge(1e-8, 1e-8, 1e-5, 10)).isEqualTo(StallRule.Verdict.BEST); // merit 1e-6: near the end
        assertStopsAfterNearEndPatience(rule, 1e-8, 5e-6, 1e-5, 10);
    }

    /**
     * A first gap of 0 (or a NaN figure) makes the progress measure meaningless: it is no progress, the rule is the
     * merit's alone, and a later finite measure is still judged against the finite ones before it.
     */
    @Test
    void aProgressMeasureThatIsNotFiniteIsNoProgress() {
        StallRule zero = new StallRule(1e-12);
        assertThat(zero.judge(1e-2, 1e-2, 0, 5)).isEqualTo(StallRule.Verdict.BEST);
        for (int i = 1; i < StallRule.PATIENCE; i++) {
            // gap / 0 is +inf: never moving, however the gap falls
            assertThat(zero.judge(1e-2, 1e-2, 10.0 / i, 5.0 / i)).as("iterate %d", i).isEqualTo(StallRule.Verdict.GO_ON);
        }
        assertThat(zero.judge(1e-2, 1e-2, 0.1, 0.05)).isEqualTo(StallRule.Verdict.STOP);

        StallRule nan = new StallRule(1e-12);
        assertThat(nan.judge(1e-2, 1e-2, 10, 5)).isEqualTo(StallRule.Verdict.BEST);
        assertThat(nan.judge(Double.NaN, 1e-2, 10, 5)).isEqualTo(StallRule.Verdict.GO_ON);
        // the NaN did not spoil the smallest measure: a fall of 1 % below the earlier 1 still counts
        assertThat(nan.judge(1e-2, 1e-2, 9, 4.5)).isEqualTo(StallRule.Verdict.PROGRESS);
    }

    /** Near the end a blown-up iterate (a merit 1e6 times the best) ends the solve at once. */
    @Test
    void aDivergedIterateNearTheEndStopsAtOnce() {
        StallRule rule = new StallRule(1e-12);
        assertThat(rule.judge(1e-8, 1e-8, 1e-8, 1)).isEqualTo(StallRule.Verdict.BEST);
        assertThat(rule.judge(1e-8, 1e-1, 1e-8, 1)).isEqualTo(StallRule.Verdict.STOP);
    }

    /** The merit's gap is relative to |primal|, floored for optima near zero. */
    @Test
    void theMeritsGapIsRelativeToTheObjectiveWithAFloor() {
        StallRule rule = new StallRule(1e-3);
        assertThat(rule.merit(1e-9, 1e-9, 1e-4, -2)).isEqualTo(5e-5);
        assertThat(rule.merit(1e-9, 1e-9, 1e-4, 1e-6)).isEqualTo(0.1);
        assertThat(rule.merit(0.5, 1e-9, 1e-4, 1)).isEqualTo(0.5);
    }
}

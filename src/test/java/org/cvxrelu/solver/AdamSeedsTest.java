package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.testing.PlainLoss;
import org.cvxrelu.train.Schedule;
import org.cvxrelu.train.TrainOptions;
import org.cvxrelu.train.Trainer;
import org.junit.jupiter.api.Test;

/**
 * The seeds of column generation (full Adam runs of consecutive seeds) and the generation's budget, checked against L_β
 * written out from its definition ({@link PlainLoss}), direct {@link Trainer} runs, and the cost formula by hand.
 */
class AdamSeedsTest {
    static final double BETA = 0.1;

    @Test
    void seedsAreFullRunsOfConsecutiveSeeds() {
        Dataset d = ColumnGenerationTest.data(40, 11);
        AdamSeeds.Seeds s = AdamSeeds.train(d, BETA, true, 5);
        assertThat(s.nets()).hasSize(AdamSeeds.NETS);
        assertThat(s.width()).isEqualTo(AdamSeeds.GENERATION_WIDTH);
        assertThat(s.steps()).isEqualTo(AdamSeeds.GENERATION_STEPS);
        // the arithmetic of one run of train's defaults (width 50, 4,000 steps), to within one step of the width
        assertThat((double) s.width() * s.steps()).isBetween((double) AdamSeeds.WIDTH * AdamSeeds.STEPS,
                (double) AdamSeeds.WIDTH * AdamSeeds.STEPS + s.width());
        for (int i = 0; i < s.nets().size(); i++) {
            assertThat(s.nets().get(i).width()).isEqualTo(AdamSeeds.GENERATION_WIDTH);
            TrainOptions o = TrainOptions.defaults(BETA, AdamSeeds.GENERATION_WIDTH).withBias(true).withSeed(5 + i)
                    .withEpochs(s.steps()).withBatchSize(d.n()).withSchedule(Schedule.COSINE);
            ReluNet direct = Trainer.train(d, o, Progress.NONE).net();
            assertThat(NetFile.toJson(s.nets().get(i).withInfo(java.util.Map.of())))
                    .isEqualTo(NetFile.toJson(direct.withInfo(java.util.Map.of())));
        }
        // different seeds, different nets
        assertThat(PlainLoss.withBias(d, s.nets().get(0), BETA)).isNotEqualTo(PlainLoss.withBias(d, s.nets().get(1), BETA));
    }

    /**
     * The program over the union of the seeds' patterns holds φ(net_k) for every seed, so one restricted solve
     * over it is no worse than the best seed (to the solver's tolerance), whatever the budget.
     */
    @Test
    void oneRoundOverTheUnionIsNoWorseThanTheBestSeedAndStopsAtATinyBudget() {
        Dataset d = ColumnGenerationTest.data(60, 12);
        List<ReluNet> seeds = AdamSeeds.train(d, BETA, true, 0).nets();
        double best = Double.POSITIVE_INFINITY;
        for (ReluNet net : seeds) {
            best = Math.min(best, PlainLoss.withBias(d, net, BETA));
        }
        ColumnGeneration.Outcome cg = ColumnGeneration.solve(d, BETA, true, false, ConeSolvers.byName("ipm"),
                SolverSettings.defaults(), seeds, 0, 1.0);
        // a budget below any solve: the first solve (over the seeds' patterns) is made, no second round
        assertThat(cg.rounds()).isEqualTo(1);
        assertThat(cg.seededPatterns()).isGreaterThan(AdamSeeds.GENERATION_WIDTH / 2);
        double value = PlainLoss.withBias(d, cg.outcome().net(), BETA);
        assertThat(value).isCloseTo(cg.outcome().objective(), within(1e-9 * value));
        assertThat(value).isLessThanOrEqualTo(best * (1 + 1e-6));
    }

    @Test
    void theBudgetIsCheckedBeforeARoundSoALargerBudgetRunsMoreRounds() {
        Dataset d = ColumnGenerationTest.data(60, 13);
        List<ReluNet> seeds = AdamSeeds.train(d, BETA, true, 0).nets();
        ColumnGeneration.Outcome small = ColumnGeneration.solve(d, BETA, true, false, ConeSolvers.byName("ipm"),
                SolverSettings.defaults(), seeds, 0, 1.0);
        ColumnGeneration.Outcome large = ColumnGeneration.solve(d, BETA, true, false, ConeSolvers.byName("ipm"),
                SolverSettings.defaults(), seeds, 0, 1e12);
        assertThat(large.rounds()).isGreaterThan(small.rounds());
        // more patterns never hurt: the later answer is over a superset of the first round's patterns
        assertThat(PlainLoss.withBias(d, large.outcome().net(), BETA))
                .isLessThanOrEqualTo(PlainLoss.withBias(d, small.outcome().net(), BETA) * (1 + 1e-6));
    }

    /**
     * The first restricted solve is charged its JIT warm-up ({@link ColumnGeneration#FIRST_SOLVE_WARM_UP}) on top
     * of its arithmetic: a budget of exactly that charge is spent by the first round, and the work reported
     * includes it.
     */
    @Test
    void theFirstSolveIsChargedItsWarmUp() {
        Dataset d = ColumnGenerationTest.data(60, 13);
        List<ReluNet> seeds = AdamSeeds.train(d, BETA, true, 0).nets();
        ColumnGeneration.Outcome one = ColumnGeneration.solve(d, BETA, true, false, ConeSolvers.byName("ipm"),
                SolverSettings.defaults(), seeds, 0, ColumnGeneration.FIRST_SOLVE_WARM_UP);
        assertThat(one.rounds()).isEqualTo(1);
        assertThat((double) one.stats().get("generationWork")).isGreaterThan(ColumnGeneration.FIRST_SOLVE_WARM_UP);
    }

    @Test
    void solveWorkIsTheDocumentedFormula() {
        // dense path: m(r+1) = 40 ≤ n = 100: per iteration 100·m·n·r + (m(r+1))³/3, by hand
        assertThat(ColumnGeneration.solveWork(10, 100, 3, 2)).isCloseTo(2 * (100.0 * 10 * 100 * 3 + 64000.0 / 3),
                within(1e-6));
        // Schur path: m(r+1) = 400 > n = 100: per iteration 600·m·n·r + m·n²·(r+1)/4
        assertThat(ColumnGeneration.solveWork(100, 100, 3, 1)).isCloseTo(600.0 * 100 * 100 * 3 + 100.0 * 100 * 100 * 4 / 4,
                within(1e-6));
        assertThat(AdamSeeds.adamWork(100, 4)).isEqualTo(8.0 * 4000 * 100 * 50 * 4);
    }
}

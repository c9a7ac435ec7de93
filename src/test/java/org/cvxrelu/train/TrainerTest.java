package org.cvxrelu.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.solver.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {
    /** A planted teacher: y = Σ_j (A x_j*)₊ with 3 neurons, 80 samples, 3 features. */
    static Dataset teacher() {
        PlantedReluModel p = PlantedReluModel.generate(80, 3, 3, 5);
        return Dataset.of(p.a(), p.y());
    }

    /**
     * A stop (a solve's deadline) ends training after the epoch in which it fires, with the best net met so far
     * and no further restart; one that never fires changes nothing, to the byte.
     */
    @Test
    void aStopEndsTrainingAfterItsEpochAndOneThatNeverFiresChangesNothing() {
        Dataset data = teacher();
        TrainOptions o = TrainOptions.defaults(0.05, 6).withEpochs(200).withRestarts(3).withSeed(4);
        TrainResult plain = Trainer.train(data, o, Progress.NONE);
        TrainResult never = Trainer.train(data, o, Progress.NONE, () -> false);
        assertThat(org.cvxrelu.net.NetFile.toJson(never.net())).isEqualTo(org.cvxrelu.net.NetFile.toJson(plain.net()));

        int[] asked = new int[1];
        TrainResult stopped = Trainer.train(data, o, Progress.NONE, () -> ++asked[0] > 5);
        assertThat(stopped.restarts()).hasSize(1);
        assertThat(stopped.restarts().get(0).epochs()).isEqualTo(6);
        assertThat(stopped.restarts().get(0).stoppedEarly()).isTrue();
        // the best net of those 6 epochs: its objective is the smallest of the recorded history
        double[] history = stopped.restarts().get(0).history();
        double smallest = java.util.Arrays.stream(history).min().orElseThrow();
        assertThat(stopped.objective()).isEqualTo(smallest);
        assertThat(stopped.net().objective(data, 0.05)).isCloseTo(smallest, within(1e-9 * smallest));
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void reportedObjectivesAreTheNetsObjectives(Optimizer optimizer) {
        Dataset data = NetObjectiveGradientTest.randomData(30, 2, 3);
        TrainOptions o = TrainOptions.defaults(0.05, 4).withOptimizer(optimizer).withEpochs(50).withRestarts(3)
                .withBatchSize(8).withSeed(9);
        TrainResult r = Trainer.train(data, o, Progress.NONE);
        double recomputed = r.net().objective(data, 0.05);
        assertThat(r.objective()).isCloseTo(recomputed, within(1e-9 * recomputed));
        assertThat(((Number) r.net().info().get("objective")).doubleValue()).isEqualTo(r.objective());
        assertThat(r.net().info()).containsEntry("provenance", "train").containsEntry("optimizer", optimizer.cliName());
        assertThat(r.net().width()).isEqualTo(4);
        assertThat(r.net().beta()).isEqualTo(0.05);
        assertThat(r.restarts()).hasSize(3);
        assertThat(r.objective()).isEqualTo(r.restarts().get(r.bestRestart()).objective());
        for (RestartSummary s : r.restarts()) {
            assertThat(s.objective()).isGreaterThanOrEqualTo(r.objective());
            assertThat(s.epochs()).isEqualTo(50);
            assertThat(s.history()).hasSize(51);
            assertThat(s.objective()).isLessThanOrEqualTo(s.history()[0]);
            assertThat(s.finalObjective()).isEqualTo(s.history()[50]);
        }
    }

    @Test
    void withoutBiasTheNetHasRWeightsAndTheObjectiveMatches() {
        Dataset data = NetObjectiveGradientTest.randomData(25, 3, 4);
        TrainResult r = Trainer.train(data, TrainOptions.defaults(0.1, 3).withBias(false).withEpochs(40),
                Progress.NONE);
        assertThat(r.net().bias()).isFalse();
        assertThat(r.net().neurons().get(0).r()).isEqualTo(3);
        double recomputed = r.net().objective(data, 0.1);
        assertThat(r.objective()).isCloseTo(recomputed, within(1e-9 * recomputed));
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void sameSeedSameNetOtherSeedOtherNet(Optimizer optimizer) {
        Dataset data = teacher();
        TrainOptions o = TrainOptions.defaults(1e-3, 5).withOptimizer(optimizer).withEpochs(30).withRestarts(2)
                .withBatchSize(10).withSeed(42);
        ReluNet a = Trainer.train(data, o, Progress.NONE).net();
        ReluNet b = Trainer.train(data, o, Progress.NONE).net();
        ReluNet c = Trainer.train(data, o.withSeed(43), Progress.NONE).net();
        assertThat(b.neurons()).isEqualTo(a.neurons());
        assertThat(c.neurons()).isNotEqualTo(a.neurons());
    }

    @Test
    void restartSeedsAreDistinctAndReproducible() {
        List<Long> seeds = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            seeds.add(Trainer.restartSeed(7, k));
        }
        assertThat(seeds).doesNotHaveDuplicates();
        assertThat(Trainer.restartSeed(7, 3)).isEqualTo(seeds.get(3));
        // Restart k of a multi-restart run is the single run with that restart's seed.
        Dataset data = teacher();
        TrainOptions o = TrainOptions.defaults(1e-3, 4).withEpochs(20).withRestarts(3).withSeed(7);
        TrainResult all = Trainer.train(data, o, Progress.NONE);
        RestartSummary second = all.restarts().get(1);
        assertThat(second.seed()).isEqualTo(seeds.get(1));
        assertThat(all.restarts().get(0).objective()).isNotEqualTo(second.objective());
    }

    @Test
    void gradientDescentWithASmallStepDecreasesTheObjectiveMonotonically() {
        Dataset data = teacher();
        TrainOptions o = TrainOptions.defaults(1e-2, 6).withOptimizer(Optimizer.GD).withLearningRate(2e-4)
                .withEpochs(400).withSeed(3);
        RestartSummary s = Trainer.train(data, o, Progress.NONE).restarts().get(0);
        double[] h = s.history();
        for (int t = 1; t < h.length; t++) {
            assertThat(h[t]).as("epoch %d", t).isLessThanOrEqualTo(h[t - 1]);
        }
        assertThat(h[h.length - 1]).isLessThan(0.1 * h[0]);
    }

    @ParameterizedTest
    @EnumSource(value = Optimizer.class, names = {"SGD", "ADAM"})
    void stochasticMethodsFitAPlantedTeacher(Optimizer optimizer) {
        Dataset data = teacher();
        double yy = 0;
        for (int i = 0; i < data.n(); i++) {
            yy += data.y(i) * data.y(i);
        }
        TrainOptions o = TrainOptions.defaults(1e-3, 8).withOptimizer(optimizer).withEpochs(300).withBatchSize(16)
                .withSchedule(Schedule.COSINE).withSeed(1);
        TrainResult r = Trainer.train(data, o, Progress.NONE);
        RestartSummary s = r.restarts().get(0);
        assertThat(s.diverged()).isFalse();
        assertThat(r.objective()).isLessThan(0.01 * s.history()[0]).isLessThan(0.01 * 0.5 * yy);
    }

    @Test
    void earlyStopEndsARunWhoseObjectiveNoLongerMoves() {
        Dataset data = teacher();
        TrainOptions o = TrainOptions.defaults(1e-2, 4).withOptimizer(Optimizer.GD).withEpochs(100_000)
                .withLearningRate(2e-4).withTolerance(1e-6);
        RestartSummary s = Trainer.train(data, o, Progress.NONE).restarts().get(0);
        assertThat(s.stoppedEarly()).isTrue();
        assertThat(s.epochs()).isLessThan(100_000);
        double[] h = s.history();
        assertThat(Math.abs(h[h.length - 1] - h[h.length - 2])).isLessThanOrEqualTo(1e-6 * h[h.length - 1]);
    }

    @Test
    void aTooLargeStepIsReportedAsDiverged() {
        Dataset data = teacher();
        TrainOptions o = TrainOptions.defaults(1e-3, 4).withOptimizer(Optimizer.GD).withLearningRate(10)
                .withEpochs(200);
        TrainResult r = Trainer.train(data, o, Progress.NONE);
        assertThat(r.allDiverged()).isTrue();
        assertThat(r.restarts().get(0).finalObjective()).isInfinite();
        // The kept net is still a finite one (the initialisation at worst), with its true objective.
        assertThat(r.objective()).isFinite().isCloseTo(r.net().objective(data, 1e-3), within(1e-9 * r.objective()));
    }

    @Test
    void schedulesStartAtTheBaseRateAndDecay() {
        for (Schedule s : Schedule.values()) {
            assertThat(s.rate(0.5, 0, 100)).isEqualTo(0.5);
            for (int t = 1; t < 100; t++) {
                assertThat(s.rate(0.5, t, 100)).isLessThanOrEqualTo(s.rate(0.5, t - 1, 100)).isPositive();
            }
        }
        assertThat(Schedule.STEP.rate(1, 99, 100)).isEqualTo(0.125);
        assertThat(Schedule.INVERSE.rate(1, 100, 100)).isCloseTo(0.1, within(1e-15));
        assertThat(Schedule.COSINE.rate(1, 50, 100)).isCloseTo(0.5, within(1e-15));
    }
}

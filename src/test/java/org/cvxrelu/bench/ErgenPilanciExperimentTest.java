package org.cvxrelu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.cvxrelu.train.ErgenPilanci;
import org.cvxrelu.train.PlantedReluModel;
import org.junit.jupiter.api.Test;

class ErgenPilanciExperimentTest {
    static final int D = ErgenPilanciExperiment.D;

    @Test
    void thePapersStepsAreStableOnRowsScaledByOneOverRootDAndDivergeOnRawRows() {
        int stableScaled = 0;
        int divergedRaw = 0;
        for (int m : new int[] {1, 3}) {
            for (int s = 0; s < 3; s++) {
                PlantedReluModel raw = PlantedReluModel.generate(40, D, m, 100 + s);
                PlantedReluModel scaled = ErgenPilanciExperiment.scaled(raw, 1 / Math.sqrt(D));
                double[][] x0 = PlantedReluModel.gaussian(m, D, new SplittableRandom(200 + s));
                double mu = ErgenPilanciExperiment.paperStep(m);
                // the step against the curvature: μ·‖A‖₂² (times m for m neurons) is below 2 on the scaled rows
                double l = 1 / ErgenPilanci.stepBound(scaled.a());
                assertThat(mu * m * l).isLessThan(2);
                assertThat(mu * l * D).isGreaterThan(2); // = μ‖A_raw‖₂²
                for (boolean relaxed : new boolean[] {false, true}) {
                    double[] e = ErgenPilanciExperiment.trainingErrors(scaled, x0, mu, 400, relaxed);
                    // stable: never above the starting error, and ending far below it (GD on the non-smooth, non-convex
                    // loss need not decrease at every step)
                    boolean bounded = true;
                    for (double v : e) {
                        bounded &= Double.isFinite(v) && v <= e[0];
                    }
                    stableScaled += bounded && e[400] < 0.1 * e[0] ? 1 : 0;
                    divergedRaw += ErgenPilanciExperiment.diverged(
                            ErgenPilanciExperiment.trainingErrors(raw, x0, mu, 400, relaxed)) ? 1 : 0;
                }
            }
        }
        assertThat(stableScaled).isEqualTo(12);
        assertThat(divergedRaw).isGreaterThanOrEqualTo(10);
    }

    @Test
    void relaxedGdWithThePapersStepFitsExactlyWhenNIsAtMostD() {
        for (int n : new int[] {10, 20}) {
            for (int s = 0; s < 3; s++) {
                PlantedReluModel p = ErgenPilanciExperiment.scaled(PlantedReluModel.generate(n, D, 1, 300 + s),
                        1 / Math.sqrt(D));
                double[] x0 = PlantedReluModel.gaussian(1, D, new SplittableRandom(400 + s))[0];
                ErgenPilanci.Trajectory t = ErgenPilanci.singleNeuronRelaxedGd(p.a(), p.y(), x0, 0.1, 4000);
                // recomputed from the final x, not read off the trajectory
                assertThat(ErgenPilanci.trainingError(p.a(), p.y(), t.x())).as("n=%d seed %d", n, s)
                        .isLessThan(1e-12 * ErgenPilanci.trainingError(p.a(), p.y(), new double[][] {x0}));
            }
        }
    }
}

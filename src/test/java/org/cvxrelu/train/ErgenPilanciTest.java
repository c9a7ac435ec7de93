package org.cvxrelu.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ErgenPilanciTest {

    static double squaredNorm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return s;
    }

    @Test
    void relaxationUpperBoundsTheLossAndIsTightAtThePlantedNeuron() {
        PlantedReluModel p = PlantedReluModel.generate(10, 20, 1, 3);
        SplittableRandom rng = new SplittableRandom(4);
        for (int k = 0; k < 200; k++) {
            double[] x = PlantedReluModel.gaussian(1, 20, rng)[0];
            double f = 2 * ErgenPilanci.trainingError(p.a(), p.y(), new double[][] {x});
            assertThat(ErgenPilanci.relaxedObjective(p.a(), p.y(), x)).isGreaterThanOrEqualTo(f - 1e-9);
        }
        assertThat(ErgenPilanci.relaxedObjective(p.a(), p.y(), p.xStar()[0])).isCloseTo(0, within(1e-9));
        assertThat(ErgenPilanci.trainingError(p.a(), p.y(), p.xStar())).isZero();
    }

    @Test
    void singleNeuronWithFewerSamplesThanFeaturesRelaxedGdFitsAndPlainGdGetsStuck() {
        // n = 10 < d = 20, as in Fig. 1a: GD on the relaxation (convex) reaches zero training error; plain GD
        // stalls with the samples on which its neuron is dead left unfitted.
        for (long seed = 1; seed <= 10; seed++) {
            PlantedReluModel p = PlantedReluModel.generate(10, 20, 1, seed);
            double[] x0 = PlantedReluModel.gaussian(1, 20, new SplittableRandom(100 + seed))[0];
            double mu = 0.5 * ErgenPilanci.stepBound(p.a());
            double scale = 0.5 * squaredNorm(p.y());
            ErgenPilanci.Trajectory gd = ErgenPilanci.singleNeuronGd(p.a(), p.y(), x0, mu, 3000);
            ErgenPilanci.Trajectory rgd = ErgenPilanci.singleNeuronRelaxedGd(p.a(), p.y(), x0, mu, 3000);
            assertThat(rgd.finalError()).as("RGD, seed %d", seed).isLessThan(1e-12 * scale);
            assertThat(gd.finalError()).as("GD, seed %d", seed).isGreaterThan(1e-2 * scale);
            assertThat(rgd.trainingError()[0]).isEqualTo(gd.trainingError()[0]);
            // The final error of GD is a stationary point: D r = 0, so only dead samples keep a residual.
            double[] f = ErgenPilanci.outputs(p.a(), gd.x());
            for (int i = 0; i < p.n(); i++) {
                if (f[i] > 0) {
                    assertThat(f[i]).isCloseTo(p.y()[i], within(1e-6 * (1 + p.y()[i])));
                }
            }
        }
    }

    @Test
    void theRegularizedUpdateWithOneNeuronIsTheRelaxedUpdate() {
        PlantedReluModel p = PlantedReluModel.generate(8, 12, 1, 21);
        double[] x0 = PlantedReluModel.gaussian(1, 12, new SplittableRandom(22))[0];
        double mu = 0.5 * ErgenPilanci.stepBound(p.a());
        ErgenPilanci.Trajectory a = ErgenPilanci.singleNeuronRelaxedGd(p.a(), p.y(), x0, mu, 200);
        ErgenPilanci.Trajectory b = ErgenPilanci.multiNeuronRegularizedGd(p.a(), p.y(), new double[][] {x0}, mu, 200);
        for (int t = 0; t <= 200; t++) {
            assertThat(b.trainingError()[t]).isCloseTo(a.trainingError()[t], within(1e-9 * (1 + a.trainingError()[t])));
        }
        ErgenPilanci.Trajectory plain = ErgenPilanci.singleNeuronGd(p.a(), p.y(), x0, mu, 200);
        ErgenPilanci.Trajectory plainMulti = ErgenPilanci.multiNeuronGd(p.a(), p.y(), new double[][] {x0}, mu, 200);
        assertThat(plainMulti.trainingError()).containsExactly(plain.trainingError());
    }

    @Test
    void threeNeuronsWithNAtMostDTheRegularizedUpdateFitsAtLeastAsWellAsGd() {
        // m = 3, n = 10 ≤ d = 20 (Fig. 2): the regularised gradient (13) reaches zero training error on every
        // instance; plain GD gets stuck above it on most.
        int gdStuck = 0;
        for (long seed = 1; seed <= 8; seed++) {
            PlantedReluModel p = PlantedReluModel.generate(10, 20, 3, seed);
            double[][] x0 = PlantedReluModel.gaussian(3, 20, new SplittableRandom(100 + seed));
            double mu = 0.3 * ErgenPilanci.stepBound(p.a());
            double scale = 0.5 * squaredNorm(p.y());
            ErgenPilanci.Trajectory gd = ErgenPilanci.multiNeuronGd(p.a(), p.y(), x0, mu, 5000);
            ErgenPilanci.Trajectory rgd = ErgenPilanci.multiNeuronRegularizedGd(p.a(), p.y(), x0, mu, 5000);
            assertThat(rgd.finalError()).as("regularised, seed %d", seed).isLessThan(1e-12 * scale);
            assertThat(rgd.finalError()).isLessThanOrEqualTo(gd.finalError() + 1e-12 * scale);
            if (gd.finalError() > 1e-3 * scale) {
                gdStuck++;
            }
        }
        assertThat(gdStuck).isGreaterThanOrEqualTo(4);
    }

    @Test
    void withMoreSamplesThanFeaturesBothFit() {
        // n > d (Fig. 1c): plain GD from a start active on enough samples also reaches zero error.
        PlantedReluModel p = PlantedReluModel.generate(60, 5, 1, 2);
        double[] x0 = p.xStar()[0].clone();
        for (int c = 0; c < x0.length; c++) {
            x0[c] += 0.3;
        }
        double mu = 0.5 * ErgenPilanci.stepBound(p.a());
        assertThat(ErgenPilanci.singleNeuronGd(p.a(), p.y(), x0, mu, 2000).finalError()).isLessThan(1e-12);
        assertThat(ErgenPilanci.singleNeuronRelaxedGd(p.a(), p.y(), x0, mu, 2000).finalError()).isLessThan(1e-12);
    }

    @Test
    void freshSamplesKeepThePlantedNeurons() {
        PlantedReluModel p = PlantedReluModel.generate(10, 4, 2, 1);
        PlantedReluModel test = p.freshSamples(100, 2);
        assertThat(test.n()).isEqualTo(100);
        assertThat(test.xStar()).isEqualTo(p.xStar());
        assertThat(ErgenPilanci.trainingError(test.a(), test.y(), p.xStar())).isZero();
    }
}

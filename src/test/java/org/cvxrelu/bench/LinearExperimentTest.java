package org.cvxrelu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class LinearExperimentTest {
    @Test
    void gradientDescentFromZeroReachesTheMinimumNormInterpolant() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 12;
        int d = 40;
        double[][] x = LinearExperiment.gaussian(n, d, rng);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextGaussian();
        }
        double[] w = LinearExperiment.minimumNormInterpolant(x, y);
        // it interpolates
        double[] fit = LinearExperiment.matVec(x, w);
        for (int i = 0; i < n; i++) {
            assertThat(Math.abs(fit[i] - y[i])).isLessThan(1e-10);
        }
        double eta = 0.5 / LinearExperiment.lambdaMax(x);
        LinearExperiment.Run run = LinearExperiment.gradientDescent(x, y, new double[d], eta, 3000, w);
        assertThat(run.distance()[3000]).isLessThan(1e-6);
        assertThat(run.trainingError()[3000]).isLessThan(1e-12);
        // from a start outside the row space it interpolates too, but not at the minimum norm
        double[] w0 = new double[d];
        w0[0] = 1;
        LinearExperiment.Run other = LinearExperiment.gradientDescent(x, y, w0, eta, 3000, w);
        assertThat(other.trainingError()[3000]).isLessThan(1e-12);
        assertThat(other.distance()[3000]).isGreaterThan(1e-3);
        assertThat(LinearExperiment.dot(other.w(), other.w())).isGreaterThan(LinearExperiment.dot(w, w));
    }
}

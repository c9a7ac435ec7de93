package org.cvxrelu.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetObjectiveGradientTest {

    static Dataset randomData(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                x[i][k] = rng.nextGaussian();
            }
            y[i] = rng.nextGaussian();
        }
        return Dataset.of(x, y);
    }

    static double[] randomTheta(int dim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] t = new double[dim];
        for (int p = 0; p < dim; p++) {
            t[p] = rng.nextGaussian();
        }
        return t;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void gradientMatchesCentralDifferences(boolean bias) {
        for (long seed = 1; seed <= 5; seed++) {
            Dataset data = randomData(15, 3, seed);
            NetObjectiveGradient f = new NetObjectiveGradient(data, bias, 4, 0.3);
            double[] theta = randomTheta(f.dimension(), 100 + seed);
            double[] grad = new double[f.dimension()];
            double value = f.valueAndGradient(theta, grad);
            assertThat(value).isEqualTo(f.value(theta));
            double h = 1e-6;
            for (int p = 0; p < theta.length; p++) {
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                plus[p] += h;
                minus[p] -= h;
                double fd = (f.value(plus) - f.value(minus)) / (2 * h);
                assertThat(grad[p]).as("seed %d, parameter %d", seed, p)
                        .isCloseTo(fd, within(1e-5 * Math.max(1, Math.abs(fd))));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void valueIsTheNetObjective(boolean bias) {
        Dataset data = randomData(20, 4, 7);
        NetObjectiveGradient f = new NetObjectiveGradient(data, bias, 5, 0.1);
        double[] theta = randomTheta(f.dimension(), 8);
        ReluNet net = f.toNet(theta, bias);
        assertThat(net.width()).isEqualTo(5);
        assertThat(net.neurons().get(0).r()).isEqualTo(bias ? 5 : 4);
        assertThat(f.value(theta)).isCloseTo(net.objective(data, 0.1), within(1e-12 * f.value(theta)));
        assertThat(f.parameters(net)).containsExactly(theta);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void minibatchEstimatesAverageToTheFullObjectiveAndGradient(boolean bias) {
        // For a partition of the rows into equal batches, the batch estimates (data term × n/|B|, penalty whole)
        // average to L_β and ∇L_β exactly.
        Dataset data = randomData(12, 3, 11);
        NetObjectiveGradient f = new NetObjectiveGradient(data, bias, 3, 0.5);
        double[] theta = randomTheta(f.dimension(), 12);
        double[] full = new double[f.dimension()];
        double value = f.valueAndGradient(theta, full);
        int[] rows = {3, 7, 0, 11, 5, 1, 9, 2, 4, 10, 6, 8};
        double[] sum = new double[f.dimension()];
        double[] g = new double[f.dimension()];
        double valueSum = 0;
        for (int from = 0; from < 12; from += 4) {
            valueSum += f.batchValueAndGradient(theta, rows, from, from + 4, g);
            for (int p = 0; p < g.length; p++) {
                sum[p] += g[p];
            }
        }
        assertThat(valueSum / 3).isCloseTo(value, within(1e-12 * value));
        for (int p = 0; p < g.length; p++) {
            assertThat(sum[p] / 3).isCloseTo(full[p], within(1e-10 * Math.max(1, Math.abs(full[p]))));
        }
    }

    @org.junit.jupiter.api.Test
    void matrixProductPathAgreesWithTheLoops() {
        java.util.Random rnd = new java.util.Random(12);
        int n = 300;
        int d = 4;
        int m = 20;
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                x[i][k] = rnd.nextGaussian();
            }
            y[i] = rnd.nextGaussian();
        }
        org.cvxrelu.data.Dataset data = org.cvxrelu.data.Dataset.of(x, y);
        NetObjectiveGradient f = new NetObjectiveGradient(data, true, m, 0.05);
        double[] theta = new double[f.dimension()];
        for (int p = 0; p < theta.length; p++) {
            theta[p] = rnd.nextGaussian();
        }
        double[] g1 = new double[theta.length];
        double[] g2 = new double[theta.length];
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        double v1 = f.valueAndGradientByProducts(theta, g1);
        double v2 = f.batchValueAndGradient(theta, all, 0, n, g2); // the loop path, scale n/n = 1
        org.assertj.core.api.Assertions.assertThat(v1).isCloseTo(v2, org.assertj.core.data.Offset.offset(1e-9 * Math.abs(v2)));
        for (int p = 0; p < theta.length; p++) {
            org.assertj.core.api.Assertions.assertThat(g1[p]).isCloseTo(g2[p], org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(g2[p]))));
        }
        // and the public entry point takes the product path at this size
        org.assertj.core.api.Assertions.assertThat((long) n * m).isGreaterThanOrEqualTo(NetObjectiveGradient.PRODUCTS_FROM);
        double[] g3 = new double[theta.length];
        org.assertj.core.api.Assertions.assertThat(f.valueAndGradient(theta, g3)).isEqualTo(v1);
    }
}

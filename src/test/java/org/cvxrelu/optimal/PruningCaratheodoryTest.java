package org.cvxrelu.optimal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.Test;

/**
 * Step 3 of {@link Pruning} (Carathéodory along the fits' null space, its basis updated after each removal) on nets of
 * many more neurons than rows, where most steps use an updated basis vector: the net's outputs on the data stay the
 * same, the penalty does not rise, and the fits left are linearly independent by ojAlgo's SVD ({@link Linear#rank}),
 * a method other than the elimination the step uses.
 */
class PruningCaratheodoryTest {

    @Test
    void stepsAlongUpdatedNullVectorsKeepTheFitAndEndOnIndependentFits() {
        Random rnd = new Random(64);
        int removedInAll = 0;
        for (int trial = 0; trial < 40; trial++) {
            int n = 6 + rnd.nextInt(10);
            int d = 1 + rnd.nextInt(3);
            double[][] x = new double[n][d];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < d; j++) {
                    // a few levels, so that rows and fits repeat (integer-valued tables)
                    x[k][j] = rnd.nextInt(5) - 2 + (rnd.nextBoolean() ? 0 : rnd.nextGaussian());
                }
                y[k] = rnd.nextGaussian();
            }
            Dataset data = Dataset.of(x, y);
            int width = 3 * n + rnd.nextInt(2 * n);
            List<Neuron> neurons = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                double[] u = new double[d + 1];
                for (int j = 0; j <= d; j++) {
                    u[j] = rnd.nextGaussian();
                }
                neurons.add(new Neuron(u, rnd.nextGaussian()));
            }
            ReluNet net = new ReluNet(true, 0.1, neurons);
            double[][] design = data.design(true);
            Pruning.Result r = Pruning.prune(data, 0.1, net, false); // steps 1-3
            double[] before = net.outputs(design);
            double[] after = r.net().outputs(design);
            double scale = 0;
            for (Neuron nu : net.neurons()) {
                scale += Math.abs(nu.alpha()) * Linear.norm(nu.u()) * 5;
            }
            for (int k = 0; k < n; k++) {
                assertThat(Math.abs(after[k] - before[k])).as("trial %d row %d", trial, k)
                        .isLessThanOrEqualTo(1e-9 * scale);
            }
            // the penalty β Σ|α|‖u‖ of the scaled nets: steps 1-3 never raise it (the fit is the same)
            assertThat(r.net().scaled().squaredWeights())
                    .isLessThanOrEqualTo(net.scaled().squaredWeights() * (1 + 1e-12));
            // the fits left: independent by the SVD
            List<double[]> fits = new ArrayList<>();
            for (Neuron nu : r.net().neurons()) {
                fits.add(Linear.reluFit(design, nu.u()));
            }
            if (!fits.isEmpty()) {
                assertThat(Linear.rank(fits.toArray(new double[0][]), 1e-12)).as("trial %d", trial)
                        .isEqualTo(fits.size());
            }
            assertThat(r.net().width()).isLessThanOrEqualTo(n);
            removedInAll += r.removed();
        }
        assertThat(removedInAll).isGreaterThan(500); // most steps ran on updated basis vectors
    }
}

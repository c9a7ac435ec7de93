package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.junit.jupiter.api.Test;

/**
 * The global certificate (branch and bound) against the one over the exactly enumerated arrangement
 * ({@link NetCertificate}, independent pricing) on small data where both run: same objective, both certified,
 * lower bounds within 1e-5 relative of each other (both are proven; they differ only by how tightly each
 * bounds c(λ)), and never above the objective.
 */
class GlobalCertificateTest {

    @Test
    void matchesTheEnumeratedCertificate() {
        for (long seed = 0; seed < 12; seed++) {
            Random rnd = new Random(seed);
            int n = 20;
            int d = 2;
            double[][] x = new double[n][d];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                x[k][0] = rnd.nextGaussian();
                x[k][1] = rnd.nextGaussian();
                y[k] = Math.max(0, x[k][0] - x[k][1]) + 0.2 * rnd.nextGaussian();
            }
            Dataset data = Dataset.of(x, y);
            double beta = 0.05 + 0.1 * rnd.nextDouble();
            List<Neuron> neurons = new ArrayList<>();
            int width = (int) (seed % 3);
            for (int j = 0; j < width; j++) {
                neurons.add(new Neuron(new double[] {rnd.nextGaussian(), rnd.nextGaussian(), 0.1 * rnd.nextGaussian()},
                        rnd.nextGaussian()));
            }
            ReluNet net = new ReluNet(true, beta, neurons);
            NetCertificate enumerated = NetCertificate.of(data, net, beta, Patterns.of(data, PatternOptions.exact(true)));
            GlobalCertificate global = GlobalCertificate.of(data, net, beta, 20, 1e-8);
            assertThat(global.certified()).isTrue();
            assertThat(enumerated.certified()).isTrue();
            assertThat(global.objective()).isEqualTo(enumerated.objective());
            assertThat(global.lowerBound()).as("seed %d", seed).isLessThanOrEqualTo(global.objective());
            assertThat(global.lowerBound()).as("seed %d", seed)
                    .isCloseTo(enumerated.lowerBound(), org.assertj.core.data.Offset.offset(1e-5 * Math.abs(enumerated.lowerBound()) + 1e-12));
            // both bound the same c(λ) from above: neither may be far below the other
            assertThat(global.search().c()).isGreaterThanOrEqualTo(enumerated.c() * (1 - 1e-8));
        }
    }
}

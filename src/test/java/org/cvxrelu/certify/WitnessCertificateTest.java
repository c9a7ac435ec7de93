package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.junit.jupiter.api.Test;

/**
 * A certificate priced at a dual witness instead of the net's residual ({@link NetCertificate}'s witness form): any λ
 * gives SPEC's bound t·λᵀy − ½t²‖λ‖², t ≤ β/c(λ), on every net. Against the exact value of that bound, with c(λ)
 * from {@link ExactConePrice} (integer arithmetic over every cell) on small raw tables with columns far from zero:
 * never above it, and within 1e-9 of it; the objective stays the net's own.
 */
class WitnessCertificateTest {
    @Test
    void aWitnessBoundIsTheExactDualValueOfTheWitnessRoundedDown() {
        SplittableRandom rnd = new SplittableRandom(5);
        int checked = 0;
        for (int trial = 0; trial < 24; trial++) {
            int n = 6 + rnd.nextInt(5);
            double[][] x = new double[n][2];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                x[k][0] = 30 + rnd.nextInt(51);
                x[k][1] = trial % 2 == 0 ? rnd.nextInt(21) : rnd.nextGaussian();
                y[k] = rnd.nextInt(2) + 0.01 * x[k][0];
            }
            Dataset data = Dataset.of(x, y);
            PatternSet patterns = Patterns.of(data, new PatternOptions(true, null, 0, 1_000_000));
            double beta = trial % 3 == 0 ? 0.01 : 0.1;
            ReluNet net = new ReluNet(true, beta, List.of(new Neuron(new double[] {0.02, -0.01, 0.3}, 0.8),
                    new Neuron(new double[] {-0.01, 0.05, 0.6}, -0.4)));
            // witnesses: the residual of another net, a small random λ, and y itself (the zero net's residual)
            ReluNet other = new ReluNet(true, beta, List.of(new Neuron(new double[] {0.015, 0, -0.2}, 1.1)));
            double[] gaussian = new double[n];
            for (int k = 0; k < n; k++) {
                gaussian[k] = 0.1 * rnd.nextGaussian();
            }
            // and the same λ at the ends of the double range (rescaled by a power of two before pricing; the bound
            // is the same for every positive multiple of λ, so the exact value below is the unscaled one's)
            double[] huge = new double[n];
            double[] tiny = new double[n];
            for (int k = 0; k < n; k++) {
                huge[k] = Math.scalb(gaussian[k], 900);
                tiny[k] = Math.scalb(gaussian[k], -1040); // subnormal: fewer bits, another λ, priced exactly as read
            }
            double[][] witnesses = {other.residuals(data.design(true), y), gaussian, y.clone(), huge, tiny};
            for (int w = 0; w < witnesses.length; w++) {
                double[] lambda = witnesses[w];
                NetCertificate c = NetCertificate.of(data, net, beta, patterns, false, lambda);
                assertThat(c.objective()).isEqualTo(net.objective(data, beta));
                assertThat(c.certified()).isTrue();
                double exact = exactBound(new ConeProgram(data, patterns, beta, false), lambda, y, beta);
                assertThat(c.lowerBound()).as("trial %d, witness %d", trial, w).isLessThanOrEqualTo(exact * (1 + 1e-14));
                assertThat(c.lowerBound()).as("trial %d, witness %d", trial, w).isGreaterThanOrEqualTo(exact * (1 - 1e-9) - 1e-300);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(120);
    }

    @Test
    void aWitnessOfAnotherLengthIsRefused() {
        Dataset data = Dataset.of(new double[][] {{1}, {2}, {4}}, new double[] {1, 0, 2});
        PatternSet patterns = Patterns.of(data, new PatternOptions(true, null, 0, 1000));
        ReluNet zero = new ReluNet(true, 0.1, List.of());
        assertThatThrownBy(() -> NetCertificate.of(data, zero, 0.1, patterns, false, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 entries");
    }

    /**
     * max over t ∈ [0, β/c] of t·λᵀy − ½t²‖λ‖² with the exact c(λ): at t = min(λᵀy/‖λ‖², β/c) when λᵀy > 0, else 0
     * (in doubles from exact sums: its own error is a few units in the last place, far inside the test's tolerance).
     */
    private static double exactBound(ConeProgram program, double[] lambda, double[] y, double beta) {
        java.math.BigDecimal ly = java.math.BigDecimal.ZERO;
        java.math.BigDecimal ll = java.math.BigDecimal.ZERO;
        for (int k = 0; k < y.length; k++) {
            ly = ly.add(new java.math.BigDecimal(lambda[k]).multiply(new java.math.BigDecimal(y[k])));
            ll = ll.add(new java.math.BigDecimal(lambda[k]).multiply(new java.math.BigDecimal(lambda[k])));
        }
        if (ly.signum() <= 0) {
            return 0;
        }
        // the bound is the same for every positive multiple of λ: brought to a largest entry in [1, 2) first
        // (exactly: a power of two, which the doubles' range allows from 2^±1074) so that nothing below overflows
        double max = 0;
        for (double v : lambda) {
            max = Math.max(max, Math.abs(v));
        }
        int e = Math.getExponent(max);
        double[] scaled = new double[lambda.length];
        for (int k = 0; k < scaled.length; k++) {
            scaled[k] = Math.scalb(lambda[k], -e);
        }
        java.math.BigDecimal ly2 = java.math.BigDecimal.ZERO;
        java.math.BigDecimal ll2 = java.math.BigDecimal.ZERO;
        for (int k = 0; k < y.length; k++) {
            ly2 = ly2.add(new java.math.BigDecimal(scaled[k]).multiply(new java.math.BigDecimal(y[k])));
            ll2 = ll2.add(new java.math.BigDecimal(scaled[k]).multiply(new java.math.BigDecimal(scaled[k])));
        }
        double c = Math.sqrt(ExactConePrice.cSquared(program, scaled).doubleValue());
        double t = Math.min(ly2.doubleValue() / ll2.doubleValue(), beta / c);
        return t * ly2.doubleValue() - 0.5 * t * t * ll2.doubleValue();
    }
}

package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link DualBound} against the exact maximum over the allowed t, in rationals: with L = λᵀy, Q = ‖λ‖² and the
 * allowed interval [0, β/ĉ], the best value is q(t*) for t* = min(L/Q, β/ĉ), q(t) = tL − ½t²Q. The bound
 * must use an allowed t (t·ĉ ≤ β exactly), never exceed q(t*), and lose almost nothing against it.
 */
class DualBoundTest {

    @Test
    void valueIsAProvenLowerBoundAndNearlyTheBestOne() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + rnd.nextInt(30);
            double scale = Math.pow(10, rnd.nextInt(60) - 30);
            double[] lambda = new double[n];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                y[k] = scale * rnd.nextGaussian();
                lambda[k] = trial % 3 == 0 ? y[k] : y[k] * rnd.nextDouble() + scale * 1e-3 * rnd.nextGaussian();
            }
            double beta = Math.pow(10, rnd.nextInt(8) - 4);
            double c = scale * Math.pow(10, rnd.nextInt(6) - 3) * (1 + rnd.nextDouble());
            DualBound b = DualBound.of(lambda, y, beta, c);

            Rational l = Rational.ZERO;
            Rational q = Rational.ZERO;
            for (int k = 0; k < n; k++) {
                l = l.add(Rational.of(lambda[k]).multiply(Rational.of(y[k])));
                q = q.add(Rational.of(lambda[k]).multiply(Rational.of(lambda[k])));
            }
            Rational tMax = Rational.of(beta).divide(Rational.of(c));
            Rational best;
            if (l.signum() <= 0) {
                best = Rational.ZERO;
            } else {
                Rational tStar = l.divide(q);
                if (tStar.compareTo(tMax) > 0) {
                    tStar = tMax;
                }
                best = value(tStar, l, q);
            }
            Rational t = Rational.of(b.t());
            assertThat(t.signum()).isGreaterThanOrEqualTo(0);
            assertThat(t.multiply(Rational.of(c)).compareTo(Rational.of(beta))).as("t·ĉ ≤ β").isLessThanOrEqualTo(0);
            Rational v = Rational.of(b.value());
            assertThat(v.compareTo(value(t, l, q))).as("value rounded down").isLessThanOrEqualTo(0);
            assertThat(v.compareTo(best)).isLessThanOrEqualTo(0);
            assertThat(b.value()).isGreaterThanOrEqualTo(best.doubleValue() * (1 - 1e-12));
        }
    }

    @Test
    void degenerateInputsGiveZero() {
        assertThat(DualBound.of(new double[] {0, 0}, new double[] {1, 2}, 1, 1).value()).isZero();
        assertThat(DualBound.of(new double[] {-1, 0}, new double[] {1, 2}, 1, 1).value()).isZero();
        assertThat(DualBound.of(new double[] {1, 2}, new double[] {1, 2}, 1, Double.POSITIVE_INFINITY).value()).isZero();
        assertThat(DualBound.of(new double[] {Double.NaN, 2}, new double[] {1, 2}, 1, 1).value()).isZero();
        // c = 0: t is free, the bound is ½(λᵀy)²/‖λ‖² = ½‖y‖² for λ = y
        assertThat(DualBound.of(new double[] {3, 4}, new double[] {3, 4}, 1, 0).value()).isEqualTo(12.5);
    }

    private static Rational value(Rational t, Rational l, Rational q) {
        return t.multiply(l).subtract(t.multiply(t).multiply(q).divide(new Rational(java.math.BigInteger.TWO,
                java.math.BigInteger.ONE)));
    }
}

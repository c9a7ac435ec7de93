package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Rounding-error bounds against exact rational evaluation. */
class ErrorBoundsTest {

    private static double randomMagnitude(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> Double.MIN_VALUE * (1 + rnd.nextInt(1000)); // subnormal
            case 1 -> Math.pow(2, rnd.nextInt(2000) - 1000);
            case 2 -> 1e300 * rnd.nextDouble();
            default -> rnd.nextGaussian();
        };
    }

    @Test
    void normUpBoundsTheExactNormAndIsTightForOrdinaryVectors() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 1000; trial++) {
            int r = 1 + rnd.nextInt(8);
            double[] v = new double[r];
            boolean ordinary = trial % 2 == 0;
            for (int j = 0; j < r; j++) {
                v[j] = ordinary ? rnd.nextGaussian() : randomMagnitude(rnd) * (rnd.nextBoolean() ? 1 : -1);
            }
            double up = ErrorBounds.normUp(v);
            if (Double.isInfinite(up)) {
                continue; // a norm above MAX_VALUE
            }
            Rational exact = Rational.ZERO;
            for (double x : v) {
                exact = exact.add(Rational.of(x).multiply(Rational.of(x)));
            }
            Rational u = Rational.of(up);
            assertThat(u.multiply(u).compareTo(exact)).isGreaterThanOrEqualTo(0);
            if (ordinary) {
                double plain = 0;
                for (double x : v) {
                    plain += x * x;
                }
                assertThat(up).isLessThanOrEqualTo(Math.sqrt(plain) * (1 + 1e-14));
            }
        }
    }

    @Test
    void dotErrorBoundsTheRecursiveSumIncludingCancellationAndUnderflow() {
        Random rnd = new Random(2);
        for (int trial = 0; trial < 1000; trial++) {
            int m = 1 + rnd.nextInt(40);
            double[] a = new double[m];
            double[] b = new double[m];
            for (int k = 0; k < m; k++) {
                a[k] = randomMagnitude(rnd) * (rnd.nextBoolean() ? 1 : -1);
                b[k] = trial % 3 == 0 ? 1e-160 * rnd.nextGaussian() : rnd.nextGaussian();
                if (k % 2 == 1 && trial % 4 == 1) {
                    a[k] = -a[k - 1]; // cancellation
                    b[k] = b[k - 1] * (1 + 1e-12);
                }
            }
            double s = 0;
            double mag = 0;
            Rational exact = Rational.ZERO;
            for (int k = 0; k < m; k++) {
                s += a[k] * b[k];
                mag += Math.abs(a[k]) * Math.abs(b[k]);
                exact = exact.add(Rational.of(a[k]).multiply(Rational.of(b[k])));
            }
            if (!Double.isFinite(mag)) {
                continue;
            }
            double bound = ErrorBounds.dotError(mag, m);
            Rational err = Rational.of(s).subtract(exact);
            if (err.signum() < 0) {
                err = err.negate();
            }
            assertThat(err.compareTo(Rational.of(bound))).isLessThanOrEqualTo(0);
        }
    }

    @Test
    void directedConversionsBracketTheValue() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 2000; trial++) {
            java.math.BigDecimal v = new java.math.BigDecimal(randomMagnitude(rnd))
                    .multiply(new java.math.BigDecimal(rnd.nextGaussian()));
            double lo = ErrorBounds.down(v);
            double hi = ErrorBounds.up(v);
            assertThat(new java.math.BigDecimal(lo).compareTo(v)).isLessThanOrEqualTo(0);
            assertThat(new java.math.BigDecimal(hi).compareTo(v)).isGreaterThanOrEqualTo(0);
            assertThat(Math.nextUp(lo)).isGreaterThanOrEqualTo(hi);
        }
    }
}

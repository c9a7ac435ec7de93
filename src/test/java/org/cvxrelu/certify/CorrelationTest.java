package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * ‖z − ẑ‖ ≤ error for the float, the tabulated ({@link CorrelationTable}), the compensated and the exactly
 * accumulated correlation, against rational arithmetic.
 */
class CorrelationTest {

    @Test
    void errorBoundsHoldOnOffsetScaledAndRandomData() {
        Random rnd = new Random(4);
        double[] offsets = {0, 1e6, 1e15, -3e15};
        double[] scales = {1, 0x1p-40, 1e-100, 1e100};
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + rnd.nextInt(trial % 3 == 0 ? 200 : 70); // several mask words, and a partial last byte
            int r = 1 + rnd.nextInt(4);
            double off = offsets[trial % offsets.length];
            double sc = scales[(trial / 4) % scales.length];
            double[][] x = new double[n][r];
            double[] lambda = new double[n];
            long[] mask = new long[(n + 63) / 64];
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < r; j++) {
                    x[k][j] = j == r - 1 ? 1 : sc * (off + rnd.nextInt(5));
                }
                lambda[k] = trial % 2 == 0 ? rnd.nextGaussian() : (k % 2 == 0 ? 1 : -1) * Math.rint(3 * rnd.nextGaussian());
                if (rnd.nextBoolean()) {
                    mask[k >>> 6] |= 1L << (k & 63);
                }
            }
            CorrelationTable table = new CorrelationTable(x, lambda);
            assertThat(table.tabulated()).isTrue();
            for (Correlation c : new Correlation[] {Correlation.of(x, mask, lambda), Correlation.exact(x, mask, lambda),
                    Correlation.of(x, mask, lambda).negate().negate(), table.of(mask),
                    Correlation.compensated(x, mask, lambda)}) {
                assertSound(c, x, mask, lambda);
            }
        }
    }

    /** ‖z − ẑ‖² ≤ error² for c, in rational arithmetic. */
    private static void assertSound(Correlation c, double[][] x, long[] mask, double[] lambda) {
        Rational dist = Rational.ZERO;
        for (int j = 0; j < c.z().length; j++) {
            Rational z = Rational.ZERO;
            for (int k = 0; k < lambda.length; k++) {
                if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                    z = z.add(Rational.of(lambda[k]).multiply(Rational.of(x[k][j])));
                }
            }
            Rational e = z.subtract(Rational.of(c.z()[j]));
            dist = dist.add(e.multiply(e));
        }
        Rational b = Rational.of(c.error());
        assertThat(b.multiply(b).compareTo(dist)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void compensatedSumIsSoundAndFarTighterThanTheFloatBoundOnManyRows() {
        Random rnd = new Random(11);
        int n = 3000;
        double[][] x = new double[n][2];
        double[] lambda = new double[n];
        long[] mask = new long[(n + 63) / 64];
        for (int k = 0; k < n; k++) {
            x[k][0] = rnd.nextGaussian();
            x[k][1] = 1;
            lambda[k] = 0.1 * rnd.nextGaussian();
            if (rnd.nextInt(3) != 0) {
                mask[k >>> 6] |= 1L << (k & 63);
            }
        }
        Correlation plain = Correlation.of(x, mask, lambda);
        Correlation comp = Correlation.compensated(x, mask, lambda);
        assertSound(plain, x, mask, lambda);
        assertSound(comp, x, mask, lambda);
        // the float bound grows like m·u·Σ|λ_k x̃_k|; the compensated one like u·|z| (here a hundred-thousandth)
        assertThat(comp.error()).isLessThan(1e-5 * plain.error());
        assertThat(comp.error()).isLessThanOrEqualTo(4 * 0x1p-53 * ErrorBounds.normUp(comp.z()) + 1e-300);
    }

    @Test
    void compensatedSumIsSoundWhenProductsUnderflowAndFallsBackWhenTheyOverflow() {
        Random rnd = new Random(12);
        int n = 200;
        double[][] x = new double[n][2];
        double[] lambda = new double[n];
        long[] mask = new long[(n + 63) / 64];
        for (int k = 0; k < n; k++) {
            x[k][0] = 1e-160 * rnd.nextGaussian(); // products near 1e-320: subnormal, their fma errors inexact
            x[k][1] = 0x1p-1000 * (1 + rnd.nextInt(7));
            lambda[k] = 1e-160 * rnd.nextGaussian();
            if (rnd.nextBoolean()) {
                mask[k >>> 6] |= 1L << (k & 63);
            }
        }
        assertSound(Correlation.compensated(x, mask, lambda), x, mask, lambda);
        for (int k = 0; k < n; k++) {
            x[k][0] = 1e300 * (1 + rnd.nextInt(3));
            lambda[k] = 1e10 * (rnd.nextBoolean() ? 1 : -1);
        }
        Correlation big = Correlation.compensated(x, mask, lambda);
        Correlation exact = Correlation.exact(x, mask, lambda);
        assertThat(big.z()).containsExactly(exact.z());
        assertThat(big.error()).isEqualTo(exact.error());
    }

    @Test
    void tableAgreesWithTheRowByRowSumAndFallsBackOnNonFiniteData() {
        Random rnd = new Random(9);
        int n = 131;
        int r = 5;
        double[][] x = new double[n][r];
        double[] lambda = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < r; j++) {
                x[k][j] = rnd.nextGaussian();
            }
            lambda[k] = rnd.nextGaussian();
        }
        CorrelationTable table = new CorrelationTable(x, lambda);
        for (int t = 0; t < 50; t++) {
            long[] mask = new long[3];
            for (int k = 0; k < n; k++) {
                if (rnd.nextInt(4) != 0) {
                    mask[k >>> 6] |= 1L << (k & 63);
                }
            }
            Correlation a = Correlation.of(x, mask, lambda);
            Correlation b = table.of(mask);
            for (int j = 0; j < r; j++) {
                assertThat(Math.abs(a.z()[j] - b.z()[j])).isLessThanOrEqualTo(a.error() + b.error());
            }
            // the same bound up to the rounding of the magnitude sums
            assertThat(b.error()).isCloseTo(a.error(), org.assertj.core.data.Percentage.withPercentage(1e-6));
        }
        lambda[7] = Double.NaN;
        CorrelationTable broken = new CorrelationTable(x, lambda);
        assertThat(broken.tabulated()).isFalse();
        long[] all = {-1L, -1L, (1L << (n - 128)) - 1};
        assertThat(Double.isFinite(broken.of(all).normBound())).isFalse();
    }
}

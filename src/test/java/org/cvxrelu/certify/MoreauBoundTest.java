package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link MoreauBound}: the bound ‖z + Σ_a s_a μ_a x̃_{k_a}‖ against rational arithmetic, on rows far from zero (raw
 * columns such as years), scaled and plain, where each of its three tiers decides.
 */
class MoreauBoundTest {

    @Test
    void theBoundIsAtLeastTheExactResidualNormAndTightOnOffsetRows() {
        Random rnd = new Random(21);
        double[] offsets = {0, 60, 1e6, 1e12};
        double[] scales = {1, 0x1p-40, 1e-100, 1e100};
        for (int trial = 0; trial < 400; trial++) {
            Instance in = instance(rnd, offsets[trial % offsets.length], scales[(trial / 4) % scales.length]);
            double bound = MoreauBound.upper(in.x, in.mask, in.z, in.rows, in.mu, 0.1 * in.scale);
            Rational exact = exactSquaredNorm(in);
            Rational b = Rational.of(bound);
            assertThat(b.multiply(b).compareTo(exact)).as("trial %d", trial).isGreaterThanOrEqualTo(0);
            // tight: within 2⁻³⁸ of max(‖r‖, the scale) above the exact norm, whichever tier decided
            double norm = Math.sqrt(exact.doubleValue());
            assertThat(bound).as("trial %d", trial).isLessThanOrEqualTo(norm + 0x1p-38 * Math.max(norm, 0.1 * in.scale));
        }
    }

    @Test
    void theCompensatedResidualsErrorBoundsHoldAndAreOfTheOrderOfTheLastPlace() {
        Random rnd = new Random(22);
        int settled = 0;
        for (int trial = 0; trial < 300; trial++) {
            Instance in = instance(rnd, trial % 3 == 0 ? 1e6 : 60, 1);
            double[] signed = new double[in.rows.length];
            for (int a = 0; a < signed.length; a++) {
                int k = in.rows[a];
                double m = in.mu[a] > 0 ? in.mu[a] : 0;
                signed[a] = ((in.mask[k >>> 6] >>> (k & 63)) & 1) != 0 ? m : -m;
            }
            double[][] re = MoreauBound.compensatedResidual(in.x, in.z, in.rows, signed);
            assertThat(re).isNotNull();
            double plainError = 0;
            for (int j = 0; j < in.z.length; j++) {
                Rational r = Rational.of(in.z[j]);
                double t = Math.abs(in.z[j]);
                for (int a = 0; a < signed.length; a++) {
                    r = r.add(Rational.of(signed[a]).multiply(Rational.of(in.x[in.rows[a]][j])));
                    t += Math.abs(signed[a] * in.x[in.rows[a]][j]);
                }
                Rational dev = r.subtract(Rational.of(re[0][j]));
                Rational e = Rational.of(re[1][j]);
                assertThat(e.multiply(e).compareTo(dev.multiply(dev))).as("trial %d, j %d", trial, j)
                        .isGreaterThanOrEqualTo(0);
                // a few units in the last place of r̂_j plus second-order terms
                assertThat(re[1][j]).isLessThanOrEqualTo(4 * Math.ulp(re[0][j]) + 1e-25 * t + 1e-300);
                plainError = Math.max(plainError, ErrorBounds.dotError(t, signed.length + 1));
            }
            if (plainError > MoreauBound.NEGLIGIBLE * 0.1) {
                settled++; // the plain tier would not have settled this one against β = 0.1
            }
        }
        assertThat(settled).isGreaterThan(150);
    }

    /** ‖z + Σ_a s_a max(μ_a, 0) x̃_{k_a}‖², exactly. */
    private static Rational exactSquaredNorm(Instance in) {
        Rational sum = Rational.ZERO;
        for (int j = 0; j < in.z.length; j++) {
            Rational r = Rational.of(in.z[j]);
            for (int a = 0; a < in.rows.length; a++) {
                double m = in.mu[a] > 0 && Double.isFinite(in.mu[a]) ? in.mu[a] : 0;
                int k = in.rows[a];
                double s = ((in.mask[k >>> 6] >>> (k & 63)) & 1) != 0 ? 1 : -1;
                r = r.add(Rational.of(s * m).multiply(Rational.of(in.x[k][j])));
            }
            sum = sum.add(r.multiply(r));
        }
        return sum;
    }

    private record Instance(double[][] x, long[] mask, double[] z, int[] rows, double[] mu, double scale) {
    }

    /**
     * Rows x̃_k = (scale·(offset + small integer), …, 1); z near −Σ s_a μ_a x̃_{k_a} for multipliers of a few rows, so
     * that the residual cancels as it does at a projection's optimum; a negative and a NaN multiplier, which the bound
     * clips to 0.
     */
    private static Instance instance(Random rnd, double offset, double scale) {
        int n = 20 + rnd.nextInt(60);
        int r = 2 + rnd.nextInt(4);
        double[][] x = new double[n][r];
        long[] mask = new long[(n + 63) / 64];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < r; j++) {
                x[k][j] = j == r - 1 ? 1 : scale * (offset + rnd.nextInt(12) + (rnd.nextBoolean() ? 0.5 : 0));
            }
            if (rnd.nextBoolean()) {
                mask[k >>> 6] |= 1L << (k & 63);
            }
        }
        int q = 1 + rnd.nextInt(Math.min(r + 2, n));
        int[] rows = new int[q];
        double[] mu = new double[q];
        double[] z = new double[r];
        for (int a = 0; a < q; a++) {
            rows[a] = rnd.nextInt(n);
            mu[a] = Math.abs(rnd.nextGaussian()) / scale;
            int k = rows[a];
            double s = ((mask[k >>> 6] >>> (k & 63)) & 1) != 0 ? 1 : -1;
            for (int j = 0; j < r; j++) {
                z[j] -= s * mu[a] * x[k][j];
            }
        }
        for (int j = 0; j < r; j++) {
            z[j] += 1e-3 * scale * rnd.nextGaussian(); // what the multipliers leave: a small residual
        }
        if (q > 2) {
            mu[0] = -mu[0];
            mu[1] = Double.NaN;
        }
        return new Instance(x, mask, z, rows, mu, scale);
    }
}

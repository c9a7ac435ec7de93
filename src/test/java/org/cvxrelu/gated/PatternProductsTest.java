package org.cvxrelu.gated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Both product backends against exact sums (BigDecimal: every product of two doubles and every sum is exact),
 * within the rounding bound that the gated certificate assumes for the backward product, on sizes that leave
 * ragged tiles and an odd last sample; and determinism.
 */
class PatternProductsTest {
    private static final double U = 0x1p-53;

    private final SplittableRandom rnd = new SplittableRandom(16);
    private final int n = 301;
    private final int r = 5;
    private final int p = 37;
    private final double[][] x = new double[n][r];
    private final long[][] masks = new long[p][(n + 63) / 64];
    private final double[] u = new double[r * p];
    private final double[] lambda = new double[n];

    PatternProductsTest() {
        for (double[] row : x) {
            for (int j = 0; j < r; j++) {
                row[j] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-3, 4));
            }
        }
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < n; k++) {
                if (rnd.nextInt(3) > 0) {
                    masks[i][k >>> 6] |= 1L << (k & 63);
                }
            }
        }
        for (int i = 0; i < u.length; i++) {
            u[i] = rnd.nextGaussian();
        }
        for (int k = 0; k < n; k++) {
            lambda[k] = k % 11 == 0 ? 0 : rnd.nextGaussian() * 1e3;
        }
    }

    private boolean active(int i, int k) {
        return (masks[i][k >>> 6] & (1L << (k & 63))) != 0;
    }

    private List<PatternProducts> instances() {
        List<PatternProducts> all = new ArrayList<>();
        all.add(new PatternProducts(x, masks, false, PatternProducts.Backend.JAVA));
        all.add(new PatternProducts(x, masks, true, PatternProducts.Backend.JAVA));
        if (PatternProducts.nativeBlasAvailable()) {
            all.add(new PatternProducts(x, masks, false, PatternProducts.Backend.NATIVE_BLAS));
            all.add(new PatternProducts(x, masks, true, PatternProducts.Backend.NATIVE_BLAS));
        }
        return all;
    }

    /** Backward: |ẑ_ji − z_ji| ≤ (n + 2)·2⁻⁵²·Σ_k |X̃_kj||λ_k| (GatedFista.priceBound's δ_j, no underflow here). */
    @Test
    void backwardWithinTheCertificatesRoundingBound() {
        BigDecimal[] exact = new BigDecimal[r * p];
        double[] scale = new double[r];
        for (int j = 0; j < r; j++) {
            for (int k = 0; k < n; k++) {
                scale[j] += Math.abs(x[k][j]) * Math.abs(lambda[k]);
            }
            for (int i = 0; i < p; i++) {
                BigDecimal s = BigDecimal.ZERO;
                for (int k = 0; k < n; k++) {
                    if (active(i, k)) {
                        s = s.add(new BigDecimal(x[k][j]).multiply(new BigDecimal(lambda[k])));
                    }
                }
                exact[j * p + i] = s;
            }
        }
        for (PatternProducts pp : instances()) {
            double[] z = new double[r * p];
            java.util.Arrays.fill(z, Double.NaN); // overwritten, not accumulated into
            pp.backward(lambda, z);
            for (int j = 0; j < r; j++) {
                // the bound uses the computed Σ|X̃||λ| (rounded up here by a generous factor)
                double bound = (n + 2) * 0x1p-52 * scale[j] * (1 + 4 * n * U);
                for (int i = 0; i < p; i++) {
                    double err = new BigDecimal(z[j * p + i]).subtract(exact[j * p + i]).abs().doubleValue();
                    assertThat(err).as("%s j=%d i=%d", pp.backend(), j, i).isLessThanOrEqualTo(bound);
                }
            }
            double[] e = pp.absoluteCorrelation(lambda);
            for (int j = 0; j < r; j++) {
                assertThat(e[j]).isCloseTo(scale[j], org.assertj.core.data.Offset.offset(4 * n * U * scale[j]));
            }
        }
    }

    /** Forward: ŷ_k = Σ_i M_ki Σ_j X̃_kj U_ji within (r + p + 2)·2⁻⁵²·Σ_i Σ_j M_ki|X̃_kj||U_ji|. */
    @Test
    void forwardWithinItsRoundingBound() {
        BigDecimal[] exact = new BigDecimal[n];
        double[] scale = new double[n];
        for (int k = 0; k < n; k++) {
            BigDecimal s = BigDecimal.ZERO;
            for (int i = 0; i < p; i++) {
                if (active(i, k)) {
                    for (int j = 0; j < r; j++) {
                        s = s.add(new BigDecimal(x[k][j]).multiply(new BigDecimal(u[j * p + i])));
                        scale[k] += Math.abs(x[k][j]) * Math.abs(u[j * p + i]);
                    }
                }
            }
            exact[k] = s;
        }
        for (PatternProducts pp : instances()) {
            double[] fit = new double[n];
            java.util.Arrays.fill(fit, Double.NaN);
            pp.forward(u, fit);
            for (int k = 0; k < n; k++) {
                double bound = (r + p + 2) * 0x1p-52 * scale[k] * (1 + 4 * (r + p) * U);
                double err = new BigDecimal(fit[k]).subtract(exact[k]).abs().doubleValue();
                assertThat(err).as("%s k=%d", pp.backend(), k).isLessThanOrEqualTo(bound);
            }
        }
    }

    /** Same instance twice and a second instance of the same backend: identical bits. */
    @Test
    void deterministic() {
        List<PatternProducts> a = instances();
        List<PatternProducts> b = instances();
        for (int c = 0; c < a.size(); c++) {
            double[] f1 = new double[n];
            double[] f2 = new double[n];
            double[] f3 = new double[n];
            a.get(c).forward(u, f1);
            a.get(c).forward(u, f2);
            b.get(c).forward(u, f3);
            assertThat(f2).isEqualTo(f1);
            assertThat(f3).isEqualTo(f1);
            double[] z1 = new double[r * p];
            double[] z2 = new double[r * p];
            a.get(c).backward(lambda, z1);
            b.get(c).backward(lambda, z2);
            assertThat(z2).isEqualTo(z1);
        }
    }

    /**
     * A restriction to some patterns (out of order, one twice, none) computes, bit for bit, what an instance built
     * from those patterns' masks computes.
     */
    @Test
    void restrictionIsTheInstanceOfItsPatterns() {
        int[][] subsets = {{30, 2, 17, 17, 36, 0}, {}, java.util.stream.IntStream.range(0, p).toArray()};
        for (int[] subset : subsets) {
            long[][] chosen = new long[subset.length][];
            for (int s = 0; s < subset.length; s++) {
                chosen[s] = masks[subset[s]];
            }
            double[] v = GatedWorkingSet.gather(u, subset, r, p);
            for (PatternProducts all : instances()) {
                PatternProducts restricted = all.restrict(subset);
                PatternProducts direct = new PatternProducts(x, chosen, false, all.backend());
                assertThat(restricted.p()).isEqualTo(subset.length);
                double[] f1 = new double[n];
                double[] f2 = new double[n];
                restricted.forward(v, f1);
                direct.forward(v, f2);
                assertThat(f1).as("%s %d patterns", all.backend(), subset.length).isEqualTo(f2);
                double[] z1 = new double[r * subset.length];
                double[] z2 = new double[r * subset.length];
                restricted.backward(lambda, z1);
                direct.backward(lambda, z2);
                assertThat(z1).isEqualTo(z2);
            }
        }
    }

    @Test
    void backendSelection() {
        boolean available = PatternProducts.nativeBlasAvailable();
        assertThat(PatternProducts.Backend.best())
                .isEqualTo(available ? PatternProducts.Backend.NATIVE_BLAS : PatternProducts.Backend.JAVA);
        assertThat(new PatternProducts(x, masks, false).backend()).isEqualTo(PatternProducts.Backend.best());
        Map<String, Object> baseline = BlasBaseline.measure(x, p, 1, 1);
        if (available) {
            assertThat(PatternProducts.nativeBlasName()).isNotEqualTo("none");
            assertThat((Double) baseline.get("forwardSeconds")).isPositive();
            assertThat((Double) baseline.get("twoProductSeconds"))
                    .isEqualTo((Double) baseline.get("forwardSeconds") + (Double) baseline.get("backwardSeconds"));
        } else {
            assertThat(baseline).isNull();
            assertThatThrownBy(() -> new PatternProducts(x, masks, false, PatternProducts.Backend.NATIVE_BLAS))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    /** Degenerate sizes: no patterns, and a design with no rows. */
    @Test
    void emptySizes() {
        for (PatternProducts.Backend be : PatternProducts.Backend.values()) {
            if (be == PatternProducts.Backend.NATIVE_BLAS && !PatternProducts.nativeBlasAvailable()) {
                continue;
            }
            PatternProducts none = new PatternProducts(x, new long[0][], false, be);
            double[] fit = new double[n];
            java.util.Arrays.fill(fit, 1.0);
            none.forward(new double[0], fit);
            assertThat(fit).containsOnly(0.0);
            none.backward(lambda, new double[0]);
        }
    }
}

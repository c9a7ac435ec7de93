package org.cvxrelu.gated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The products along mask transitions against exact sums (BigDecimal), on masks of a real arrangement (signs of
 * X̃g for random gates g: coherent, few flips) and on independent random masks (half the masks flip between any two
 * samples), with 1,100 samples so that the order is cut into two chunks; their restriction; the greedy order.
 */
class TransitionProductsTest {
    private final SplittableRandom rnd = new SplittableRandom(36);
    private final int n = 1100;
    private final int r = 4;
    private final int p = 45;
    private final double[][] x = new double[n][r];
    private final double[] u = new double[r * p];
    private final double[] lambda = new double[n];

    TransitionProductsTest() {
        for (double[] row : x) {
            for (int j = 0; j < r - 1; j++) {
                row[j] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-2, 3));
            }
            row[r - 1] = 1;
        }
        for (int i = 0; i < u.length; i++) {
            u[i] = rnd.nextGaussian();
        }
        for (int k = 0; k < n; k++) {
            lambda[k] = k % 13 == 0 ? 0 : rnd.nextGaussian() * 1e2;
        }
    }

    private long[][] arrangementMasks() {
        return arrangementMasks(x, p, rnd);
    }

    /** The masks of p random gates g on the rows of x: sample k active in pattern i where x_kᵀg_i &gt; 0. */
    static long[][] arrangementMasks(double[][] x, int p, SplittableRandom rnd) {
        int n = x.length;
        int r = x[0].length;
        long[][] masks = new long[p][(n + 63) / 64];
        for (int i = 0; i < p; i++) {
            double[] g = new double[r];
            for (int j = 0; j < r; j++) {
                g[j] = rnd.nextGaussian();
            }
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int j = 0; j < r; j++) {
                    s += x[k][j] * g[j];
                }
                if (s > 0) {
                    masks[i][k >>> 6] |= 1L << (k & 63);
                }
            }
        }
        return masks;
    }

    private long[][] randomMasks() {
        long[][] masks = new long[p][(n + 63) / 64];
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < n; k++) {
                if (rnd.nextBoolean()) {
                    masks[i][k >>> 6] |= 1L << (k & 63);
                }
            }
        }
        return masks;
    }

    private static boolean active(long[][] masks, int i, int k) {
        return (masks[i][k >>> 6] & (1L << (k & 63))) != 0;
    }

    /**
     * Forward within 1e-9 of Σ_i M_ki Σ_j |X̃_kj||U_ji|, backward within 1e-9 of Σ_k |λ_k||X̃_kj| (the scale of the
     * prefix sums): the accumulated rounding of thousands of updates is about 1e-12 of these; a wrong flip or index
     * is of their order.
     */
    private void checkAgainstExactSums(MaskedProducts products, long[][] masks, double[] v) {
        int q = masks.length;
        double[] fit = new double[n];
        products.forward(v, fit);
        for (int k = 0; k < n; k++) {
            BigDecimal s = BigDecimal.ZERO;
            double scale = 0;
            for (int i = 0; i < q; i++) {
                if (active(masks, i, k)) {
                    for (int j = 0; j < r; j++) {
                        s = s.add(new BigDecimal(x[k][j]).multiply(new BigDecimal(v[j * q + i])));
                        scale += Math.abs(x[k][j] * v[j * q + i]);
                    }
                }
            }
            double err = new BigDecimal(fit[k]).subtract(s).abs().doubleValue();
            assertThat(err).as("forward k=%d", k).isLessThanOrEqualTo(1e-9 * scale);
        }
        double[] z = new double[r * q];
        products.backward(lambda, z);
        for (int j = 0; j < r; j++) {
            double scale = 0;
            for (int k = 0; k < n; k++) {
                scale += Math.abs(lambda[k] * x[k][j]);
            }
            for (int i = 0; i < q; i++) {
                BigDecimal s = BigDecimal.ZERO;
                for (int k = 0; k < n; k++) {
                    if (active(masks, i, k)) {
                        s = s.add(new BigDecimal(lambda[k]).multiply(new BigDecimal(x[k][j])));
                    }
                }
                double err = new BigDecimal(z[j * q + i]).subtract(s).abs().doubleValue();
                assertThat(err).as("backward j=%d i=%d", j, i).isLessThanOrEqualTo(1e-9 * scale);
            }
        }
    }

    @Test
    void matchExactSumsOnArrangementAndRandomMasks() {
        long[][] coherent = arrangementMasks();
        long[][] random = randomMasks();
        for (long[][] masks : new long[][][] {coherent, random}) {
            for (boolean parallel : new boolean[] {false, true}) {
                checkAgainstExactSums(new TransitionProducts(x, masks, parallel), masks, u);
            }
        }
        TransitionProducts c = new TransitionProducts(x, coherent, false);
        TransitionProducts d = new TransitionProducts(x, random, false);
        // the point of the class: an arrangement's masks flip far less often along the order than random ones
        assertThat(c.share()).isLessThan(0.5 * d.share());
        assertThat(c.share()).isEqualTo(c.flipCount() / ((double) n * p));
    }

    /**
     * Parallel and sequential runs give the same bits: 5,000 samples, so eight chunks whose partial sums (added in a
     * fixed order) would round differently in another order.
     */
    @Test
    void deterministicWhateverTheThreads() {
        int m = 5000;
        double[][] design = new double[m][r];
        double[] l = new double[m];
        for (int k = 0; k < m; k++) {
            for (int j = 0; j < r; j++) {
                design[k][j] = rnd.nextGaussian();
            }
            l[k] = rnd.nextGaussian();
        }
        long[][] masks = new long[p][(m + 63) / 64];
        for (int i = 0; i < p; i++) {
            double[] g = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            for (int k = 0; k < m; k++) {
                if (design[k][0] * g[0] + design[k][1] * g[1] + design[k][2] * g[2] + design[k][3] * g[3] > 0) {
                    masks[i][k >>> 6] |= 1L << (k & 63);
                }
            }
        }
        TransitionProducts a = new TransitionProducts(design, masks, false);
        TransitionProducts b = new TransitionProducts(design, masks, true);
        double[] f1 = new double[m];
        double[] f2 = new double[m];
        a.forward(u, f1);
        b.forward(u, f2);
        assertThat(f2).isEqualTo(f1);
        double[] z1 = new double[r * p];
        double[] z2 = new double[r * p];
        for (int rep = 0; rep < 3; rep++) {
            a.backward(l, z1);
            b.backward(l, z2);
            assertThat(z2).isEqualTo(z1);
        }
    }

    /**
     * The products are built only where they pay: an arrangement's masks pass a share limit of 0.15, independent random
     * masks do not (45 random bits: even the nearest of 1,100 samples differs in about a third of them), nor fewer
     * than two samples or no pattern.
     */
    @Test
    void builtOnlyWhereTheirShareIsSmall() {
        TransitionProducts built = TransitionProducts.ifShareAtMost(x, arrangementMasks(), false, 0.15);
        assertThat(built).isNotNull();
        assertThat(built.share()).isLessThanOrEqualTo(0.15);
        long[][] random = randomMasks();
        assertThat(new TransitionProducts(x, random, false).share()).isGreaterThan(0.15);
        assertThat(TransitionProducts.ifShareAtMost(x, random, false, 0.15)).isNull();
        assertThat(TransitionProducts.ifShareAtMost(new double[][] {x[0]}, new long[][] {{1L}}, false, 1)).isNull();
        assertThat(TransitionProducts.ifShareAtMost(x, new long[0][], false, 1)).isNull();
    }

    /** A restriction computes the products over its patterns (out of order), against exact sums; none; no repeats. */
    @Test
    void restrictionIsTheProductsOfItsPatterns() {
        long[][] masks = arrangementMasks();
        TransitionProducts all = new TransitionProducts(x, masks, true);
        int[][] subsets = {{40, 3, 17, 0, 44}, {}};
        for (int[] subset : subsets) {
            long[][] chosen = new long[subset.length][];
            for (int s = 0; s < subset.length; s++) {
                chosen[s] = masks[subset[s]];
            }
            double[] v = GatedWorkingSet.gather(u, subset, r, p);
            MaskedProducts restricted = all.restrict(subset);
            assertThat(restricted.p()).isEqualTo(subset.length);
            checkAgainstExactSums(restricted, chosen, v);
        }
        assertThatThrownBy(() -> all.restrict(new int[] {2, 5, 2})).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Greedy nearest neighbour in Hamming distance from sample 0: 000 → 001 (1 flip; 100 ties with it, the lower
     * index wins) → 011 → 111 → 110 → 100.
     */
    @Test
    void greedyOrderVisitsTheNearestUnvisitedSample() {
        long[][] rows = {{0b000}, {0b111}, {0b001}, {0b100}, {0b011}, {0b110}};
        assertThat(TransitionProducts.greedyOrder(rows)).containsExactly(0, 2, 4, 1, 5, 3);
        assertThat(TransitionProducts.greedyOrder(new long[0][])).isEmpty();
        assertThat(TransitionProducts.greedyOrder(new long[][] {{5}})).containsExactly(0);
    }
}

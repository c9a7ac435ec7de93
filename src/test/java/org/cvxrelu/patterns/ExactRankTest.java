package org.cvxrelu.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The exact rank with its floating-point filter ({@link ExactRank#rank}) against ranks known by construction:
 * A = B·C with B = [I; random] (m × k) and C = [I, random] (k × c) has rank exactly k: B's identity rows give C's k
 * independent rows, and every row of A lies in their span. The entries are small integers times a power of two, so every product is exact in doubles.
 */
class ExactRankTest {

    /** B·C of rank exactly k, its rows shuffled. */
    private static double[][] planted(int m, int k, int c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] b = new double[m][k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                b[i][j] = i < k ? (i == j ? 1 : 0) : rng.nextInt(-9, 10);
            }
        }
        double[][] cm = new double[k][c];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < c; j++) {
                cm[i][j] = j < k ? (i == j ? 1 : 0) : rng.nextInt(-9, 10);
            }
        }
        double scale = Math.scalb(1.0, rng.nextInt(-20, 21));
        double[][] a = new double[m][c];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < c; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += b[i][t] * cm[t][j];
                }
                a[i][j] = s * scale;
            }
        }
        for (int i = m - 1; i > 0; i--) { // shuffle: the identity rows need not come first
            int j = rng.nextInt(i + 1);
            double[] t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    @Test
    void ranksKnownByConstructionFullAndDeficient() {
        for (long seed = 1; seed <= 60; seed++) {
            int c = 2 + (int) (seed % 9);
            int k = 1 + (int) ((seed * 7) % c);
            int m = c + 3 + (int) (seed % 40);
            double[][] a = planted(m, k, c, seed);
            assertThat(ExactRank.rank(a)).as("seed %d: %d × %d of rank %d", seed, m, c, k).isEqualTo(k);
            assertThat(ExactRank.eliminationRank(a)).isEqualTo(k);
            if (k < c) {
                assertThat(ExactRank.independentLooking(a, c)).as("the filter gives up below full rank").isNull();
            }
        }
    }

    /**
     * One ulp decides the rank: rows of rank c − 1 plus one row equal to a combination of them but for its last entry
     * moved by one ulp. The floating-point choice sees that row's residual at the rounding level and gives up, and
     * the elimination over every row finds the full rank; the same rows without the ulp have rank c − 1.
     */
    @Test
    void aDifferenceOfOneUlpIsDecidedExactly() {
        int c = 6;
        double[][] base = planted(40, c - 1, c, 11);
        double[][] a = new double[base.length + 1][];
        System.arraycopy(base, 0, a, 0, base.length);
        double[] combo = new double[c];
        for (int j = 0; j < c; j++) {
            combo[j] = base[0][j] + base[1][j];
        }
        a[base.length] = combo.clone();
        assertThat(ExactRank.rank(a)).isEqualTo(c - 1);
        assertThat(ExactRank.independentLooking(a, c)).isNull();
        int last = c - 1;
        combo[last] = combo[last] == 0 ? Double.MIN_VALUE : Math.nextUp(combo[last]);
        a[base.length] = combo;
        assertThat(ExactRank.independentLooking(a, c)).as("a residual at the rounding level: the filter gives up")
                .isNull();
        assertThat(ExactRank.rank(a)).isEqualTo(c);
    }

    /** Gaussian rows of a tall design have full column rank, found through the filter (its chosen rows alone). */
    @Test
    void tallGaussianDesignsHaveFullRankThroughTheFilter() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] a = new double[300][31];
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] = j == row.length - 1 ? 1 : rng.nextGaussian();
            }
        }
        double[][] chosen = ExactRank.independentLooking(a, 31);
        assertThat(chosen).isNotNull();
        assertThat(ExactRank.eliminationRank(chosen)).isEqualTo(31);
        assertThat(ExactRank.rank(a)).isEqualTo(31);
    }

    /**
     * Shapes around the filter: no more rows than columns (the elimination alone), zero rows among others, and rows
     * of very different magnitudes (2⁻⁶⁰⁰ beside 2⁶⁰⁰: their dot products underflow or overflow in doubles, the
     * filter skips them and the elimination decides).
     */
    @Test
    void shortTallZeroAndExtremeRows() {
        assertThat(ExactRank.rank(new double[][] {{1, 2, 3}, {2, 4, 6}})).isEqualTo(1);
        assertThat(ExactRank.rank(new double[][] {{1, 0}, {0, 1}})).isEqualTo(2);
        assertThat(ExactRank.rank(new double[][] {{0, 0}, {0, 0}, {0, 0}})).isZero();
        assertThat(ExactRank.rank(new double[][] {{0, 0, 0}, {1, 1, 0}, {0, 0, 0}, {2, 2, 0}, {0, 1, 0}})).isEqualTo(2);
        double tiny = Math.scalb(1.0, -600);
        double huge = Math.scalb(1.0, 600);
        assertThat(ExactRank.rank(new double[][] {{tiny, 0, 0}, {0, huge, 0}, {0, 0, tiny}, {tiny, huge, tiny}}))
                .isEqualTo(3);
        assertThat(ExactRank.rank(new double[][] {{tiny, tiny}, {huge, huge}, {3 * tiny, 3 * tiny}})).isEqualTo(1);
    }
}

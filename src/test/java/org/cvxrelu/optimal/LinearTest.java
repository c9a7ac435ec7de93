package org.cvxrelu.optimal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Linear's rank and null vector against exact integer arithmetic (fraction-free elimination). */
class LinearTest {

    /** Exact rank of an integer matrix (rows × cols) by Bareiss's fraction-free elimination over BigInteger. */
    private static int exactRank(long[][] m) {
        int rows = m.length;
        int cols = m[0].length;
        BigInteger[][] a = new BigInteger[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = BigInteger.valueOf(m[i][j]);
            }
        }
        int rank = 0;
        BigInteger prev = BigInteger.ONE;
        for (int c = 0; c < cols && rank < rows; c++) {
            int pivot = -1;
            for (int i = rank; i < rows; i++) {
                if (a[i][c].signum() != 0) {
                    pivot = i;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            BigInteger[] t = a[rank];
            a[rank] = a[pivot];
            a[pivot] = t;
            for (int i = rank + 1; i < rows; i++) {
                for (int j = c + 1; j < cols; j++) {
                    a[i][j] = a[rank][c].multiply(a[i][j]).subtract(a[i][c].multiply(a[rank][j])).divide(prev);
                }
                a[i][c] = BigInteger.ZERO;
            }
            prev = a[rank][c];
            rank++;
        }
        return rank;
    }

    /** An n × m integer matrix of rank at most k: a product of random n × k and k × m integer matrices. */
    private static long[][] planted(Random rnd, int n, int m, int k) {
        long[][] b = new long[n][k];
        long[][] c = new long[k][m];
        for (long[] row : b) {
            for (int j = 0; j < k; j++) {
                row[j] = rnd.nextInt(7) - 3;
            }
        }
        for (long[] row : c) {
            for (int j = 0; j < m; j++) {
                row[j] = rnd.nextInt(7) - 3;
            }
        }
        long[][] a = new long[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                for (int t = 0; t < k; t++) {
                    a[i][j] += b[i][t] * c[t][j];
                }
            }
        }
        return a;
    }

    private static double[][] columns(long[][] a) {
        double[][] cols = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                cols[j][i] = a[i][j];
            }
        }
        return cols;
    }

    @Test
    void rankMatchesExactRankOfIntegerMatrices() {
        Random rnd = new Random(15);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(12);
            int m = 1 + rnd.nextInt(12);
            int k = 1 + rnd.nextInt(Math.min(n, m));
            long[][] a = planted(rnd, n, m, k);
            assertThat(Linear.rank(columns(a), 1e-10)).as("trial %d: %d x %d, planted rank <= %d", trial, n, m, k)
                    .isEqualTo(exactRank(a));
        }
    }

    @Test
    void rankSeesNearDependenceBelowTheTolerance() {
        double[][] cols = { { 1, 1, 1 }, { 1, 1, 1 + 1e-13 } };
        assertThat(Linear.rank(cols, 1e-10)).isEqualTo(1);
        assertThat(Linear.rank(cols, 1e-15)).isEqualTo(2);
        assertThat(Linear.rank(new double[][] { { 0, 0 }, { 0, 0 } }, 1e-10)).isZero();
        assertThat(Linear.rank(new double[0][], 1e-10)).isZero();
        // scale-free: the same columns times 1e-200 and 1e200
        assertThat(Linear.rank(new double[][] { { 1e-200, 2e-200 }, { 3e-200, 6e-200 } }, 1e-10)).isEqualTo(1);
        assertThat(Linear.rank(new double[][] { { 1e200, 2e200 }, { 3e200, 5e200 } }, 1e-10)).isEqualTo(2);
    }

    @Test
    void nullVectorIsANullVectorExactlyWhenTheColumnsAreDependent() {
        Random rnd = new Random(16);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(10);
            int m = 1 + rnd.nextInt(10);
            long[][] a = planted(rnd, n, m, 1 + rnd.nextInt(Math.min(n, m)));
            double[][] cols = columns(a);
            double[] c = Linear.nullVector(cols, 1e-10);
            boolean dependent = exactRank(a) < m;
            assertThat(c != null).as("trial %d", trial).isEqualTo(dependent);
            if (c != null) {
                assertNull(cols, c, "trial " + trial);
            }
        }
    }

    /** c ≠ 0, and |Σ_j c_j cols[j][i]| ≤ 1e-9 · max|entry| · max|c_j| · m on every row i. */
    private static void assertNull(double[][] cols, double[] c, String what) {
        double scale = 0;
        for (double[] col : cols) {
            for (double v : col) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double cmax = 0;
        for (double v : c) {
            cmax = Math.max(cmax, Math.abs(v));
        }
        assertThat(cmax).as(what).isPositive();
        for (int i = 0; i < cols[0].length; i++) {
            double s = 0;
            for (int j = 0; j < cols.length; j++) {
                s += c[j] * cols[j][i];
            }
            assertThat(Math.abs(s)).as(what).isLessThanOrEqualTo(1e-9 * scale * cmax * cols.length);
        }
    }

    private static long[][] withoutColumn(long[][] a, int j) {
        long[][] out = new long[a.length][a[0].length - 1];
        for (int i = 0; i < a.length; i++) {
            for (int c = 0, o = 0; c < a[0].length; c++) {
                if (c != j) {
                    out[i][o++] = a[i][c];
                }
            }
        }
        return out;
    }

    @Test
    void nullSpaceHasOneIndependentNullVectorPerDependence() {
        Random rnd = new Random(61);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(10);
            int m = 1 + rnd.nextInt(12);
            long[][] a = planted(rnd, n, m, 1 + rnd.nextInt(Math.min(n, m)));
            double[][] cols = columns(a);
            java.util.List<double[]> basis = Linear.nullSpace(cols, 1e-10);
            // the dimension from exact integer elimination, independence from ojAlgo's SVD: two other methods
            assertThat(basis).as("trial %d", trial).hasSize(m - exactRank(a));
            for (double[] c : basis) {
                assertNull(cols, c, "trial " + trial);
            }
            if (!basis.isEmpty()) {
                assertThat(Linear.rank(basis.toArray(new double[0][]), 1e-8)).as("trial %d", trial)
                        .isEqualTo(basis.size());
            }
        }
    }

    @Test
    void aNullSpaceWithoutAColumnIsTheNullSpaceOfTheOthers() {
        Random rnd = new Random(62);
        int reduced = 0;
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(8);
            int m = 2 + rnd.nextInt(12);
            long[][] a = planted(rnd, n, m, 1 + rnd.nextInt(Math.min(n, m)));
            java.util.List<double[]> basis = Linear.nullSpace(columns(a), 1e-10);
            // columns removed one after the other, as pruning's steps remove neurons
            while (a[0].length > 1) {
                int j = rnd.nextInt(a[0].length);
                basis = Pruning.nullSpaceWithout(basis, j);
                a = withoutColumn(a, j);
                double[][] cols = columns(a);
                assertThat(basis).as("trial %d", trial).hasSize(a[0].length - exactRank(a));
                for (double[] c : basis) {
                    assertThat(c).hasSize(a[0].length);
                    assertNull(cols, c, "trial " + trial);
                }
                if (!basis.isEmpty()) {
                    assertThat(Linear.rank(basis.toArray(new double[0][]), 1e-8)).isEqualTo(basis.size());
                    reduced++;
                }
            }
        }
        assertThat(reduced).isGreaterThan(100); // the non-trivial case was exercised
    }

    @Test
    void pruningUsesAnUpdatedVectorOnlyWhileItIsANullVector() {
        Random rnd = new Random(63);
        for (int trial = 0; trial < 100; trial++) {
            int n = 2 + rnd.nextInt(8);
            int m = 2 + rnd.nextInt(8);
            long[][] a = planted(rnd, n, m, 1 + rnd.nextInt(Math.min(n, m) - 1));
            java.util.List<double[]> fits = java.util.Arrays.asList(columns(a));
            for (double[] c : Linear.nullSpace(columns(a), 1e-10)) {
                assertThat(Pruning.isNullVector(c, fits)).as("trial %d", trial).isTrue();
                // a relative error of 1e-6 in one entry of a null vector is no longer one (the column is non-zero)
                int j = rnd.nextInt(m);
                double norm = 0;
                for (double v : fits.get(j)) {
                    norm = Math.max(norm, Math.abs(v));
                }
                if (norm > 0) {
                    double[] bad = c.clone();
                    double weight = 0;
                    for (double v : c) {
                        weight += Math.abs(v);
                    }
                    bad[j] += 1e-6 * weight;
                    assertThat(Pruning.isNullVector(bad, fits)).as("trial %d", trial).isFalse();
                }
            }
            assertThat(Pruning.isNullVector(new double[m], fits)).isFalse();
        }
    }
}

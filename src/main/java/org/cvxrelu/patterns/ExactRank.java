package org.cvxrelu.patterns;

import java.math.BigInteger;

import org.cvxrelu.exact.BinaryIntegers;

/**
 * The exact rank of a small matrix of doubles. Every double is an integer times a power of two, so each
 * row, scaled by a power of two (which keeps the rank), is a row of integers; fraction-free Gaussian
 * elimination over {@link BigInteger} then decides the rank without rounding.
 *
 * <p>Used for the rank of the distinct hyperplanes, which fixes Cover's bound on the number of cells.
 */
final class ExactRank {
    private ExactRank() {
    }

    /**
     * The exact rank. A floating-point filter first: a greedy choice of at most {@code cols} rows that look
     * independent (each the row farthest, relative to its norm, from the span of those chosen before, by
     * Gram–Schmidt in doubles); when those rows alone have exact rank {@code cols}, that is the rank of every row
     * (it cannot exceed the number of columns, nor fall below a subset's). Otherwise (a design of lower rank, or a
     * choice spoilt by rounding) the elimination over every row decides. The choice only saves work, it decides
     * nothing: breast_cancer's 569 × 31 design took 2.0–2.3 s by the elimination over every row (BENCHMARKS §34).
     */
    static int rank(double[][] rows) {
        int m = rows.length;
        if (m == 0) {
            return 0;
        }
        int cols = rows[0].length;
        if (m > cols) {
            double[][] chosen = independentLooking(rows, cols);
            if (chosen != null && eliminationRank(chosen) == cols) {
                return cols;
            }
        }
        return eliminationRank(rows);
    }

    /**
     * {@code cols} rows chosen greedily in floating point as described at {@link #rank}, or null when fewer look
     * independent (a residual at the rounding level of its row).
     */
    static double[][] independentLooking(double[][] rows, int cols) {
        int m = rows.length;
        double[][] residual = new double[m][];
        double[] norm = new double[m];
        for (int k = 0; k < m; k++) {
            residual[k] = rows[k].clone();
            norm[k] = Math.sqrt(FloatArrangement.dot(rows[k], rows[k]));
        }
        boolean[] taken = new boolean[m];
        double[][] chosen = new double[cols][];
        for (int c = 0; c < cols; c++) {
            int best = -1;
            double bestShare = 0;
            for (int k = 0; k < m; k++) {
                if (taken[k] || !(norm[k] > 0) || !Double.isFinite(norm[k])) {
                    continue;
                }
                double share = Math.sqrt(FloatArrangement.dot(residual[k], residual[k])) / norm[k];
                if (share > bestShare) {
                    bestShare = share;
                    best = k;
                }
            }
            if (best < 0 || !(bestShare > 1e-8)) {
                return null;
            }
            taken[best] = true;
            chosen[c] = rows[best];
            double[] q = residual[best].clone();
            double qn = Math.sqrt(FloatArrangement.dot(q, q));
            for (int j = 0; j < q.length; j++) {
                q[j] /= qn;
            }
            for (int k = 0; k < m; k++) {
                if (!taken[k]) {
                    double t = FloatArrangement.dot(residual[k], q);
                    for (int j = 0; j < q.length; j++) {
                        residual[k][j] -= t * q[j];
                    }
                }
            }
        }
        return chosen;
    }

    /** The exact rank by fraction-free Gaussian elimination over every row (class comment). */
    static int eliminationRank(double[][] rows) {
        int m = rows.length;
        if (m == 0) {
            return 0;
        }
        int cols = rows[0].length;
        BigInteger[][] a = new BigInteger[m][];
        for (int i = 0; i < m; i++) {
            a[i] = integerRow(rows[i]);
        }
        int rank = 0;
        boolean[] used = new boolean[m];
        for (int c = 0; c < cols && rank < m; c++) {
            int pivot = -1;
            for (int i = 0; i < m; i++) {
                if (!used[i] && a[i][c].signum() != 0) {
                    pivot = i;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            used[pivot] = true;
            rank++;
            BigInteger p = a[pivot][c];
            for (int i = 0; i < m; i++) {
                if (used[i] || a[i][c].signum() == 0) {
                    continue;
                }
                BigInteger f = a[i][c];
                for (int k = 0; k < cols; k++) {
                    a[i][k] = a[i][k].multiply(p).subtract(a[pivot][k].multiply(f));
                }
                reduce(a[i]);
            }
        }
        return rank;
    }

    /** Divides a row by the gcd of its entries, so numbers stay small through the elimination. */
    private static void reduce(BigInteger[] row) {
        BigInteger g = BigInteger.ZERO;
        for (BigInteger v : row) {
            g = g.gcd(v);
        }
        if (g.signum() != 0 && !g.equals(BigInteger.ONE)) {
            for (int k = 0; k < row.length; k++) {
                row[k] = row[k].divide(g);
            }
        }
    }

    /** The row times 2^s for the smallest s that makes every entry an integer. */
    static BigInteger[] integerRow(double[] row) {
        return BinaryIntegers.row(row);
    }
}

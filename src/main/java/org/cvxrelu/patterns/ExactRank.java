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

    static int rank(double[][] rows) {
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

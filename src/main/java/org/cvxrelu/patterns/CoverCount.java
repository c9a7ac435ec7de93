package org.cvxrelu.patterns;

import java.math.BigInteger;

/**
 * Cover's count of the cells of a central arrangement of n hyperplanes in general position in R^r
 * (Cover 1965): C(n, r) = 2 Σ_{k=0}^{r−1} binom(n−1, k). It is the largest number of cells any central
 * arrangement of n hyperplanes of rank r can have, so it also bounds degenerate arrangements.
 */
public final class CoverCount {
    private CoverCount() {
    }

    public static BigInteger cells(long n, int r) {
        if (n <= 0) {
            return BigInteger.ONE;
        }
        BigInteger sum = BigInteger.ZERO;
        BigInteger binom = BigInteger.ONE; // binom(n−1, 0)
        for (int k = 0; k < r && k <= n - 1; k++) {
            if (k > 0) {
                binom = binom.multiply(BigInteger.valueOf(n - k)).divide(BigInteger.valueOf(k));
            }
            sum = sum.add(binom);
        }
        return sum.shiftLeft(1);
    }

    /** The count as a double (exact up to 2^53, then rounded), for reports. */
    public static double cellsAsDouble(long n, int r) {
        return cells(n, r).doubleValue();
    }
}

package org.cvxrelu.exact;

import java.math.BigInteger;

/** Doubles as the integers times powers of two that they are: the exact binary values, no rounding. */
public final class BinaryIntegers {
    private BinaryIntegers() {
    }

    /** The row times 2^t for the smallest t that makes every entry an integer (a zero row gives zeros). */
    public static BigInteger[] row(double[] row) {
        int minExp = Integer.MAX_VALUE;
        for (double v : row) {
            requireFinite(v);
            if (v != 0) {
                minExp = Math.min(minExp, lowestBitExponent(v));
            }
        }
        BigInteger[] out = new BigInteger[row.length];
        for (int k = 0; k < row.length; k++) {
            double v = row[k];
            if (v == 0) {
                out[k] = BigInteger.ZERO;
                continue;
            }
            BigInteger b = BigInteger.valueOf(mantissa(v)).shiftLeft(exponent(v) - minExp);
            out[k] = v < 0 ? b.negate() : b;
        }
        return out;
    }

    private static void requireFinite(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
    }

    /** |v| = mantissa(v)·2^exponent(v). */
    static long mantissa(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int exp = (int) ((bits >>> 52) & 0x7ff);
        long mant = bits & 0xfffffffffffffL;
        return exp == 0 ? mant : mant | (1L << 52);
    }

    static int exponent(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int exp = (int) ((bits >>> 52) & 0x7ff);
        return (exp == 0 ? 1 : exp) - 1075;
    }

    /** The exponent of the lowest set bit of |v|: v = odd·2^result. */
    static int lowestBitExponent(double v) {
        return exponent(v) + Long.numberOfTrailingZeros(mantissa(v));
    }
}

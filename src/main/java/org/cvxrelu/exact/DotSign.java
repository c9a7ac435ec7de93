package org.cvxrelu.exact;

import java.math.BigDecimal;

/**
 * The exact sign of a dot product of two double vectors: a floating-point filter with a proven error
 * bound, and the exact {@link BigDecimal} sum of the exact products when the filter cannot decide.
 */
public final class DotSign {
    private DotSign() {
    }

    /**
     * sign(aᵀb) exactly. The computed Σ fl(a_i b_i) is within γ_s·Σ|a_i b_i| + s·2^−1074 of aᵀb (products
     * rounded with relative error u = 2^−53 or absolute 2^−1075 when subnormal, recursive summation γ_{s−1});
     * the filter uses (s + 2)·2^−52·S + (s + 1)·2^−1070 with S the computed Σ|a_i b_i|, which bounds that
     * with room to spare. Overflow (a non-finite sum) goes to the exact sum.
     */
    public static int sign(double[] a, double[] b) {
        int s = a.length;
        double d = 0;
        double abs = 0;
        for (int i = 0; i < s; i++) {
            double p = a[i] * b[i];
            d += p;
            abs += Math.abs(p);
        }
        if (Double.isFinite(abs)) {
            double bound = (s + 2) * 0x1p-52 * abs + (s + 1) * 0x1p-1070;
            if (d > bound) {
                return 1;
            }
            if (d < -bound) {
                return -1;
            }
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < s; i++) {
            if (a[i] != 0 && b[i] != 0) {
                sum = sum.add(new BigDecimal(a[i]).multiply(new BigDecimal(b[i])));
            }
        }
        return sum.signum();
    }
}

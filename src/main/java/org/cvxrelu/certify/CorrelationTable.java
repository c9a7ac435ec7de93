package org.cvxrelu.certify;

/**
 * The correlations z_i = X̃ᵀD_iλ of many patterns with one dual point, each as a {@link Correlation} (ẑ and a
 * proven bound on ‖z − ẑ‖), from partial sums tabulated once per λ.
 *
 * <p>The samples are cut into chunks of 8 consecutive rows. For chunk c and each byte b (a subset of its rows)
 * the table holds T_c[b] = fl(Σ_{k ∈ b} λ_k x̃_k) and A_c[b] = fl(Σ_{k ∈ b} |λ_k||x̃_k|) (r-vectors, each entry
 * built from the entry with b's highest bit cleared plus one product), so that a pattern's
 * <pre>  ẑ = Σ_c T_c[byte c of its mask],   Ŝ = Σ_c A_c[byte c of its mask] </pre>
 * costs n/8 lookups instead of n bit tests and (n/2)·2r multiply-adds.
 *
 * <p>The error bound is {@link Correlation#of}'s, with m the number of active samples: ẑ_j is a sum of the m
 * products λ_k x̃_kj in another order (a tree of additions instead of a left-to-right chain; additions of an
 * exact 0, for empty bytes, are exact), and the bound γ_m/(1 − γ_m)·(Ŝ_j + m·η) + m·η of
 * {@link ErrorBounds#dotError} holds for any order in which both ẑ_j and Ŝ_j are summed, since every product
 * takes part in at most m − 1 rounded additions (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>,
 * §3.1 and §4.2).
 *
 * <p>Used only when the data and λ are finite and the table is small (chunks·256·r ≤ {@link #MAX_ENTRIES}); else
 * {@link #of} falls back to {@link Correlation#of}.
 */
final class CorrelationTable {
    /** Table entries (doubles, for T and A each) at most: 2²² · 8 B · 2 = 64 MB. */
    static final long MAX_ENTRIES = 1L << 22;

    private final double[][] design;
    private final double[] lambda;
    private final int n;
    private final int r;
    private final int chunks;
    /** T_c[b] at (c·256 + b)·r, and A_c[b] likewise; null when the table is not used. */
    private final double[] sum;
    private final double[] magnitude;

    CorrelationTable(double[][] design, double[] lambda) {
        this.design = design;
        this.lambda = lambda;
        this.n = lambda.length;
        this.r = design.length == 0 ? 0 : design[0].length;
        this.chunks = (n + 7) >>> 3;
        boolean usable = r > 0 && (long) chunks * 256 * r <= MAX_ENTRIES && finite(design, lambda);
        if (!usable) {
            sum = null;
            magnitude = null;
            return;
        }
        sum = new double[chunks * 256 * r];
        magnitude = new double[chunks * 256 * r];
        for (int c = 0; c < chunks; c++) {
            int base = c * 256 * r;
            for (int b = 1; b < 256; b++) {
                int high = 31 - Integer.numberOfLeadingZeros(b);
                int k = c * 8 + high;
                int from = base + (b & ~(1 << high)) * r;
                int to = base + b * r;
                if (k >= n) {
                    // rows past the end: never set in a mask; the entry stays 0 (not read)
                    continue;
                }
                double l = lambda[k];
                double al = Math.abs(l);
                double[] row = design[k];
                for (int j = 0; j < r; j++) {
                    sum[to + j] = sum[from + j] + l * row[j];
                    magnitude[to + j] = magnitude[from + j] + al * Math.abs(row[j]);
                }
            }
        }
    }

    /** Whether the table is in use (finite data and λ, small enough). */
    boolean tabulated() {
        return sum != null;
    }

    /** The correlation of the pattern with {@code mask}; the same bound as {@link Correlation#of}. */
    Correlation of(long[] mask) {
        if (sum == null) {
            return Correlation.of(design, mask, lambda);
        }
        double[] z = new double[r];
        double[] s = new double[r];
        int m = 0;
        for (int c = 0; c < chunks; c++) {
            int b = (int) (mask[c >>> 3] >>> ((c & 7) << 3)) & 0xff;
            if (b == 0) {
                continue;
            }
            m += Integer.bitCount(b);
            int at = (c * 256 + b) * r;
            for (int j = 0; j < r; j++) {
                z[j] += sum[at + j];
                s[j] += magnitude[at + j];
            }
        }
        double[] e = new double[r];
        for (int j = 0; j < r; j++) {
            e[j] = ErrorBounds.dotError(s[j], m);
        }
        return new Correlation(z, ErrorBounds.normUp(e), false);
    }

    private static boolean finite(double[][] design, double[] lambda) {
        for (int k = 0; k < lambda.length; k++) {
            if (!Double.isFinite(lambda[k])) {
                return false;
            }
            for (double v : design[k]) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}

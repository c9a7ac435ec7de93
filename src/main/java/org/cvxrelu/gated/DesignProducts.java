package org.cvxrelu.gated;

/**
 * The two unmasked products of a first-order iteration over G groups on the native BLAS, for callers whose
 * arrays are column-major already (the {@code fista} backend's ojAlgo stores):
 * <pre>
 *   forward:   P = X̃ W      (n × r by r × G; W column g = w_g, P column g = X̃w_g)
 *   backward:  Z = X̃ᵀ H     (r × n by n × G; each column of Z a reduction down a contiguous column of H)
 * </pre>
 * Both are one {@code dgemm} each, the shapes of {@link BlasBaseline}'s yardstick: the backward one as
 * Zᵀ = Hᵀ X̃ (G × r), which OpenBLAS did in 30–45 ms at n = 10,000, r = 51, G = 2,000 against 40–66 ms for
 * X̃ᵀ H (r × G) on the same arrays (BENCHMARKS §43), and then transposed into Z (r·G entries). {@link #of} answers
 * {@code null} where no native BLAS is installed (see {@link NativeBlas}); the caller keeps its own kernel then.
 * An instance keeps a scratch array for that transpose: one caller (thread) at a time.
 */
public final class DesignProducts {
    /**
     * Multiply-adds per product (n·r·G) from which a caller should take the BLAS ({@link #pays}): below it a product
     * costs ojAlgo about a millisecond, and small problems keep the same bits whether a BLAS is installed or not (the
     * column generation's fista fallbacks on tables of ~100 rows follow other paths with other last bits).
     */
    public static final long PAYS_FROM = 1L << 24;

    /** Whether products of this size should use the BLAS where there is one ({@link #PAYS_FROM}). */
    public static boolean pays(int n, int r, int groups) {
        return (long) n * r * groups >= PAYS_FROM;
    }

    private final NativeBlas blas;
    private final int n;
    private final int r;
    /** X̃, column-major n × r (leading dimension n). */
    private final double[] design;
    /** Zᵀ of the last backward product, G × r column-major (grown as needed). */
    private double[] transposed = new double[0];

    private DesignProducts(NativeBlas blas, double[] design, int n, int r) {
        this.blas = blas;
        this.design = design;
        this.n = n;
        this.r = r;
    }

    /**
     * @param design X̃ column-major, n × r (kept, not copied: the caller must not change it)
     * @return the products on the native BLAS, or {@code null} where there is none
     */
    public static DesignProducts of(double[] design, int n, int r) {
        if (design.length != (long) n * r) {
            throw new IllegalArgumentException("the design has " + design.length + " entries, not n·r = " + n + "·" + r);
        }
        NativeBlas blas = PatternProducts.nativeBlasOrNull();
        return blas == null ? null : new DesignProducts(blas, design, n, r);
    }

    /** out (n × G, column-major) = X̃ W, W column-major r × G. */
    public void forward(double[] w, int groups, double[] out) {
        if (groups == 0 || n == 0) {
            return;
        }
        blas.dgemm("N", "N", n, groups, r, 1.0, design, 0, n, w, 0, r, 0.0, out, 0, n);
    }

    /** out (r × G, column-major) = X̃ᵀ H, H column-major n × G. */
    public void backward(double[] h, int groups, double[] out) {
        if (groups == 0 || r == 0) {
            return;
        }
        if (n == 0) {
            java.util.Arrays.fill(out, 0, r * groups, 0.0);
            return;
        }
        if (transposed.length < r * groups) {
            transposed = new double[r * groups];
        }
        double[] zt = transposed;
        blas.dgemm("T", "N", groups, r, n, 1.0, h, 0, n, design, 0, n, 0.0, zt, 0, groups);
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < r; j++) {
                out[j + g * r] = zt[g + j * groups];
            }
        }
    }
}

package org.cvxrelu.gated;

import java.util.stream.IntStream;

/**
 * The two products of the first-order methods over p patterns, with the masks fused in:
 * <pre>
 *   forward:   ŷ = Σ_i D_i X̃ u_i                (n-vector; U = [u_1 … u_p] is r × p)
 *   backward:  Z = [X̃ᵀ D_1 λ, …, X̃ᵀ D_p λ]      (r × p)
 * </pre>
 * Both are (n × r)·(r × p)-sized: 2·n·r·p flops each. Nothing of size n × p is formed besides the 0/1 masks.
 *
 * <p>Layout (chosen so that every inner loop runs over contiguous memory the JIT vectorises):
 * <ul>
 * <li>U and Z are r × p <b>row-major</b> (pattern index contiguous): {@code U[j·p + i]} = (u_i)_j;</li>
 * <li>X̃ is n × r row-major ({@code X[k·r + j]}), the masks n × p row-major as 0/1 doubles ({@code M[k·p + i]}).</li>
 * </ul>
 * Forward, per sample k and pattern tile I: t_I = Σ_j X̃_kj U_{j,I} (four j at a time: one load and store of
 * t per four multiply-adds), then ŷ_k += Σ_{i∈I} M_ki t_i. Backward, per pattern tile I (an r × |I| block of
 * Z that stays in the first-level cache) and four samples at a time: Z_{j,I} += Σ_{k} X̃_kj (M_{k,I} λ_k).
 *
 * <p>Threads: forward over blocks of samples (each thread writes its own ŷ_k), backward over pattern tiles
 * (each thread writes its own columns of Z). Every output element is summed in one fixed order whatever the
 * number of threads, so the results are bit-for-bit deterministic.
 */
public final class PatternProducts {
    /** Patterns per tile: an r × TILE block of doubles (51 × 64 × 8 B = 26 KB) fits a first-level cache. */
    static final int TILE = 64;
    /** Samples per forward task. */
    static final int ROWS = 256;

    private final int n;
    private final int r;
    private final int p;
    private final double[] x;
    private final double[] masks;
    private final boolean parallel;

    /**
     * @param design X̃, n rows of length r
     * @param masks the patterns, bit k of masks[i] set when sample k is active in pattern i
     * @param parallel use the common fork-join pool
     */
    public PatternProducts(double[][] design, long[][] masks, boolean parallel) {
        this.n = design.length;
        this.r = n == 0 ? 0 : design[0].length;
        this.p = masks.length;
        this.x = new double[n * r];
        for (int k = 0; k < n; k++) {
            System.arraycopy(design[k], 0, x, k * r, r);
        }
        this.masks = new double[n * p];
        for (int i = 0; i < p; i++) {
            long[] m = masks[i];
            for (int k = 0; k < n; k++) {
                if ((m[k >>> 6] & (1L << (k & 63))) != 0) {
                    this.masks[k * p + i] = 1.0;
                }
            }
        }
        this.parallel = parallel;
    }

    public int n() {
        return n;
    }

    public int r() {
        return r;
    }

    public int p() {
        return p;
    }

    /** Bytes held (design and masks). */
    public long bytes() {
        return 8L * (x.length + masks.length);
    }

    /** ŷ = Σ_i D_i X̃ u_i into {@code out} (length n). */
    public void forward(double[] u, double[] out) {
        int blocks = (n + ROWS - 1) / ROWS;
        IntStream s = IntStream.range(0, blocks);
        (parallel ? s.parallel() : s).forEach(b -> forwardRows(u, out, b * ROWS, Math.min(n, (b + 1) * ROWS)));
    }

    private void forwardRows(double[] u, double[] out, int k0, int k1) {
        double[] t = new double[TILE];
        for (int k = k0; k < k1; k++) {
            int xo = k * r;
            int mo = k * p;
            double acc = 0;
            for (int i0 = 0; i0 < p; i0 += TILE) {
                int w = Math.min(TILE, p - i0);
                java.util.Arrays.fill(t, 0, w, 0.0);
                int j = 0;
                for (; j + 3 < r; j += 4) {
                    double a0 = x[xo + j];
                    double a1 = x[xo + j + 1];
                    double a2 = x[xo + j + 2];
                    double a3 = x[xo + j + 3];
                    int o0 = j * p + i0;
                    int o1 = o0 + p;
                    int o2 = o1 + p;
                    int o3 = o2 + p;
                    for (int i = 0; i < w; i++) {
                        t[i] += a0 * u[o0 + i] + a1 * u[o1 + i] + a2 * u[o2 + i] + a3 * u[o3 + i];
                    }
                }
                for (; j < r; j++) {
                    double a0 = x[xo + j];
                    int o0 = j * p + i0;
                    for (int i = 0; i < w; i++) {
                        t[i] += a0 * u[o0 + i];
                    }
                }
                for (int i = 0; i < w; i++) {
                    acc += masks[mo + i0 + i] * t[i];
                }
            }
            out[k] = acc;
        }
    }

    /** Z = [X̃ᵀ D_i λ]_i into {@code z} (r × p row-major, overwritten). */
    public void backward(double[] lambda, double[] z) {
        int tiles = (p + TILE - 1) / TILE;
        IntStream s = IntStream.range(0, tiles);
        (parallel ? s.parallel() : s).forEach(tile -> backwardTile(lambda, z, tile * TILE, Math.min(p, (tile + 1) * TILE)));
    }

    private void backwardTile(double[] lambda, double[] z, int i0, int i1) {
        int w = i1 - i0;
        double[] zt = new double[r * w];
        double[] s = new double[4 * w];
        int k = 0;
        for (; k + 3 < n; k += 4) {
            double l0 = lambda[k];
            double l1 = lambda[k + 1];
            double l2 = lambda[k + 2];
            double l3 = lambda[k + 3];
            int m0 = k * p + i0;
            int m1 = m0 + p;
            int m2 = m1 + p;
            int m3 = m2 + p;
            for (int i = 0; i < w; i++) {
                s[i] = masks[m0 + i] * l0;
                s[w + i] = masks[m1 + i] * l1;
                s[2 * w + i] = masks[m2 + i] * l2;
                s[3 * w + i] = masks[m3 + i] * l3;
            }
            int x0 = k * r;
            int x1 = x0 + r;
            int x2 = x1 + r;
            int x3 = x2 + r;
            for (int j = 0; j < r; j++) {
                double a0 = x[x0 + j];
                double a1 = x[x1 + j];
                double a2 = x[x2 + j];
                double a3 = x[x3 + j];
                int zo = j * w;
                for (int i = 0; i < w; i++) {
                    zt[zo + i] += a0 * s[i] + a1 * s[w + i] + a2 * s[2 * w + i] + a3 * s[3 * w + i];
                }
            }
        }
        for (; k < n; k++) {
            double l0 = lambda[k];
            int m0 = k * p + i0;
            for (int i = 0; i < w; i++) {
                s[i] = masks[m0 + i] * l0;
            }
            int x0 = k * r;
            for (int j = 0; j < r; j++) {
                double a0 = x[x0 + j];
                int zo = j * w;
                for (int i = 0; i < w; i++) {
                    zt[zo + i] += a0 * s[i];
                }
            }
        }
        for (int j = 0; j < r; j++) {
            System.arraycopy(zt, j * w, z, j * p + i0, w);
        }
    }

    /**
     * (|X̃|ᵀ|λ|)_j = Σ_k |X̃_kj||λ_k|, computed as a plain double sum (used, rounded up with margin, to bound
     * the rounding error of {@link #backward} in the gated certificate).
     */
    public double[] absoluteCorrelation(double[] lambda) {
        double[] e = new double[r];
        for (int k = 0; k < n; k++) {
            double l = Math.abs(lambda[k]);
            for (int j = 0; j < r; j++) {
                e[j] += Math.abs(x[k * r + j]) * l;
            }
        }
        return e;
    }
}

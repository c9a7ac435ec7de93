package org.cvxrelu.gated;

import java.util.stream.IntStream;

/**
 * The two products of the first-order methods over p patterns, with the masks fused in:
 * <pre>
 *   forward:   ŷ = Σ_i D_i X̃ u_i                (n-vector; U = [u_1 … u_p] is r × p)
 *   backward:  Z = [X̃ᵀ D_1 λ, …, X̃ᵀ D_p λ]      (r × p)
 * </pre>
 * Both are (n × r)·(r × p)-sized: 2·n·r·p flops each. U and Z are r × p <b>row-major</b> (pattern index
 * contiguous): {@code U[j·p + i]} = (u_i)_j, whatever the backend.
 *
 * <p>Two backends compute the same sums (in different orders), chosen once per instance ({@link Backend}):
 * <ul>
 * <li>{@link Backend#NATIVE_BLAS}: an optimised BLAS {@code dgemm} through JNI (see {@link NativeBlas}), over
 * panels of {@code panelRows} samples. X̃ and the masks (as 0/1 bytes) are held <b>column-major</b> (sample index
 * contiguous within each panel of samples). Forward, per panel P: H_P = X̃_P U (dgemm, H_P column-major |P| × p, reused scratch), then
 * ŷ_k = Σ_i M_ki H_ki for k ∈ P, summed over i = 0 … p−1 in that order (contiguous over k). Backward, per
 * panel: S_P = M_P ∘ λ_P (exact: M_ki ∈ {0, 1}), then Zᵀ += S_Pᵀ X̃_P (dgemm; its reduction over the panel's
 * samples runs down contiguous columns of both S_P and X̃), the panels added in order. Threads: those of the
 * native library ({@code OPENBLAS_NUM_THREADS} for OpenBLAS); {@code parallel} is not used.</li>
 * <li>{@link Backend#JAVA}: the fused pure-Java kernel below. X̃ is n × r row-major ({@code X[k·r + j]}),
 * the masks n × p row-major as 0/1 doubles ({@code M[k·p + i]}). Forward, per pair of samples k, k+1 and
 * pattern tile I: t_I = Σ_j X̃_kj U_{j,I} (four j at a time, fused multiply-adds, each load of U serving both
 * samples), then ŷ_k += Σ_{i∈I} M_ki t_i. Backward, per pattern tile I (an r × |I| block of Z that stays in the
 * first-level cache), four samples and two j at a time: Z_{j,I} += Σ_{k} X̃_kj (M_{k,I} λ_k). The register
 * blocking and {@code Math.fma} (which the JIT vectorises) made it 1.3–1.6× the plain loops (BENCHMARKS §12). Threads (when {@code parallel}):
 * forward over blocks of samples (each thread writes its own ŷ_k), backward over pattern tiles (each thread
 * writes its own columns of Z).</li>
 * </ul>
 * Either way each entry of Z is a sum of the n rounded products M_ki λ_k X̃_kj in some order (with or without
 * fused multiply-adds), which is all the rounding bound of the gated certificate assumes (Higham §3.1), and
 * every output element is summed in one fixed order for a fixed backend and thread count, so results are
 * bit-for-bit deterministic (the Java kernel: whatever the number of threads).
 */
public final class PatternProducts {
    /** Patterns per tile: an r × TILE block of doubles (51 × 64 × 8 B = 26 KB) fits a first-level cache. */
    static final int TILE = 64;
    /** Samples per forward task. */
    static final int ROWS = 256;

    /**
     * Samples per panel of the BLAS backend: a |P| × p scratch panel (1,024 × 1,000 × 8 B = 8 MB). 512 to
     * 4,096 measured within noise of each other at n = 10,000, p = 1,000; 256 was slower (docs/BENCHMARKS §12).
     */
    static final int PANEL_ROWS = 1024;

    /** Which code computes the products. */
    public enum Backend {
        /** The fused pure-Java kernel (always available). */
        JAVA,
        /** dgemm of the system's optimised BLAS through JNI (only where {@link #nativeBlasAvailable()}). */
        NATIVE_BLAS;

        /**
         * NATIVE_BLAS where it is available (and the system property {@code cvxrelu.products} is not
         * {@code java}), else JAVA.
         */
        public static Backend best() {
            return nativeBlasAvailable() ? NATIVE_BLAS : JAVA;
        }
    }

    private final int n;
    private final int r;
    private final int p;
    private final Backend backend;
    /**
     * JAVA: X̃ row-major n × r. NATIVE_BLAS: column-major panels, the panel of samples k0 … k0+m−1 an m × r
     * column-major block at offset k0·r (see {@link #xIndex}).
     */
    private final double[] x;
    /** JAVA: masks row-major n × p as 0/1 doubles; NATIVE_BLAS: null. */
    private final double[] masks;
    /** NATIVE_BLAS: masks column-major n × p as 0/1 bytes (an eighth of the memory traffic); JAVA: null. */
    private final byte[] maskBytes;
    private final boolean parallel;
    private final NativeBlas blas;
    private final int panelRows;
    /** NATIVE_BLAS: the panelRows × p scratch (H_P or S_P), guarded by this. */
    private double[] panel;

    /** Whether an optimised native BLAS was found (see {@link NativeBlas}). */
    public static boolean nativeBlasAvailable() {
        return nativeBlas() != null;
    }

    /** The native BLAS's implementing class (for reports), or "none". */
    public static String nativeBlasName() {
        NativeBlas b = nativeBlas();
        return b == null ? "none" : b.name();
    }

    private static NativeBlas nativeBlas() {
        try {
            return NativeBlas.instance();
        } catch (LinkageError e) {
            return null; // the optional dev.ludovic.netlib jar is not on the class path
        }
    }

    /**
     * @param design X̃, n rows of length r
     * @param masks the patterns, bit k of masks[i] set when sample k is active in pattern i
     * @param parallel use the common fork-join pool
     */
    public PatternProducts(double[][] design, long[][] masks, boolean parallel) {
        this(design, masks, parallel, Backend.best());
    }

    /**
     * @param backend which code computes the products
     * @throws IllegalStateException for NATIVE_BLAS where no native BLAS is available
     */
    public PatternProducts(double[][] design, long[][] masks, boolean parallel, Backend backend) {
        this(design, masks, parallel, backend, PANEL_ROWS);
    }

    PatternProducts(double[][] design, long[][] masks, boolean parallel, Backend backend, int panelRows) {
        this.n = design.length;
        this.r = n == 0 ? 0 : design[0].length;
        this.p = masks.length;
        this.backend = backend;
        this.parallel = parallel;
        this.blas = backend == Backend.NATIVE_BLAS ? nativeBlas() : null;
        if (backend == Backend.NATIVE_BLAS && blas == null) {
            throw new IllegalStateException("no native BLAS available");
        }
        boolean colMajor = backend == Backend.NATIVE_BLAS;
        this.panelRows = Math.max(1, Math.min(panelRows, n));
        this.x = new double[n * r];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < r; j++) {
                x[colMajor ? xIndex(k, j) : k * r + j] = design[k][j];
            }
        }
        this.masks = colMajor ? null : new double[n * p];
        this.maskBytes = colMajor ? new byte[n * p] : null;
        for (int i = 0; i < p; i++) {
            long[] m = masks[i];
            for (int k = 0; k < n; k++) {
                if ((m[k >>> 6] & (1L << (k & 63))) != 0) {
                    if (colMajor) {
                        maskBytes[k + i * n] = 1;
                    } else {
                        this.masks[k * p + i] = 1.0;
                    }
                }
            }
        }
    }

    /** The backend this instance uses. */
    public Backend backend() {
        return backend;
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

    /** Bytes held (design, masks and, for the BLAS backend, its scratch panel). */
    public long bytes() {
        return backend == Backend.NATIVE_BLAS ? 8L * (x.length + (long) panelRows * p) + maskBytes.length
                : 8L * (x.length + masks.length);
    }

    /** ŷ = Σ_i D_i X̃ u_i into {@code out} (length n). */
    public void forward(double[] u, double[] out) {
        if (blas != null) {
            forwardBlas(u, out);
            return;
        }
        int blocks = (n + ROWS - 1) / ROWS;
        IntStream s = IntStream.range(0, blocks);
        (parallel ? s.parallel() : s).forEach(b -> forwardRows(u, out, b * ROWS, Math.min(n, (b + 1) * ROWS)));
    }

    /**
     * Samples k0 … k1−1, two at a time (the loads of U shared by both), with fused multiply-adds; an odd last
     * sample alone. Each ŷ_k gets the same operations in the same order either way, so the result does not
     * depend on the pairing (nor on the split into blocks).
     */
    private void forwardRows(double[] u, double[] out, int k0, int k1) {
        double[] ta = new double[TILE];
        double[] tb = new double[TILE];
        int k = k0;
        for (; k + 1 < k1; k += 2) {
            int xa = k * r;
            int xb = xa + r;
            int ma = k * p;
            int mb = ma + p;
            double accA = 0;
            double accB = 0;
            for (int i0 = 0; i0 < p; i0 += TILE) {
                int w = Math.min(TILE, p - i0);
                java.util.Arrays.fill(ta, 0, w, 0.0);
                java.util.Arrays.fill(tb, 0, w, 0.0);
                int j = 0;
                for (; j + 3 < r; j += 4) {
                    double a0 = x[xa + j];
                    double a1 = x[xa + j + 1];
                    double a2 = x[xa + j + 2];
                    double a3 = x[xa + j + 3];
                    double b0 = x[xb + j];
                    double b1 = x[xb + j + 1];
                    double b2 = x[xb + j + 2];
                    double b3 = x[xb + j + 3];
                    int o0 = j * p + i0;
                    int o1 = o0 + p;
                    int o2 = o1 + p;
                    int o3 = o2 + p;
                    for (int i = 0; i < w; i++) {
                        double u0 = u[o0 + i];
                        double u1 = u[o1 + i];
                        double u2 = u[o2 + i];
                        double u3 = u[o3 + i];
                        ta[i] = Math.fma(a3, u3, Math.fma(a2, u2, Math.fma(a1, u1, Math.fma(a0, u0, ta[i]))));
                        tb[i] = Math.fma(b3, u3, Math.fma(b2, u2, Math.fma(b1, u1, Math.fma(b0, u0, tb[i]))));
                    }
                }
                for (; j < r; j++) {
                    double a0 = x[xa + j];
                    double b0 = x[xb + j];
                    int o0 = j * p + i0;
                    for (int i = 0; i < w; i++) {
                        ta[i] = Math.fma(a0, u[o0 + i], ta[i]);
                        tb[i] = Math.fma(b0, u[o0 + i], tb[i]);
                    }
                }
                for (int i = 0; i < w; i++) {
                    accA += masks[ma + i0 + i] * ta[i];
                    accB += masks[mb + i0 + i] * tb[i];
                }
            }
            out[k] = accA;
            out[k + 1] = accB;
        }
        for (; k < k1; k++) {
            int xa = k * r;
            int ma = k * p;
            double accA = 0;
            for (int i0 = 0; i0 < p; i0 += TILE) {
                int w = Math.min(TILE, p - i0);
                java.util.Arrays.fill(ta, 0, w, 0.0);
                int j = 0;
                for (; j + 3 < r; j += 4) {
                    double a0 = x[xa + j];
                    double a1 = x[xa + j + 1];
                    double a2 = x[xa + j + 2];
                    double a3 = x[xa + j + 3];
                    int o0 = j * p + i0;
                    int o1 = o0 + p;
                    int o2 = o1 + p;
                    int o3 = o2 + p;
                    for (int i = 0; i < w; i++) {
                        ta[i] = Math.fma(a3, u[o3 + i], Math.fma(a2, u[o2 + i], Math.fma(a1, u[o1 + i],
                                Math.fma(a0, u[o0 + i], ta[i]))));
                    }
                }
                for (; j < r; j++) {
                    double a0 = x[xa + j];
                    int o0 = j * p + i0;
                    for (int i = 0; i < w; i++) {
                        ta[i] = Math.fma(a0, u[o0 + i], ta[i]);
                    }
                }
                for (int i = 0; i < w; i++) {
                    accA += masks[ma + i0 + i] * ta[i];
                }
            }
            out[k] = accA;
        }
    }

    /** Z = [X̃ᵀ D_i λ]_i into {@code z} (r × p row-major, overwritten). */
    public void backward(double[] lambda, double[] z) {
        if (blas != null) {
            backwardBlas(lambda, z);
            return;
        }
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
            int j = 0;
            for (; j + 1 < r; j += 2) {
                double a0 = x[x0 + j];
                double a1 = x[x1 + j];
                double a2 = x[x2 + j];
                double a3 = x[x3 + j];
                double b0 = x[x0 + j + 1];
                double b1 = x[x1 + j + 1];
                double b2 = x[x2 + j + 1];
                double b3 = x[x3 + j + 1];
                int za = j * w;
                int zb = za + w;
                for (int i = 0; i < w; i++) {
                    double s0 = s[i];
                    double s1 = s[w + i];
                    double s2 = s[2 * w + i];
                    double s3 = s[3 * w + i];
                    zt[za + i] = Math.fma(a3, s3, Math.fma(a2, s2, Math.fma(a1, s1, Math.fma(a0, s0, zt[za + i]))));
                    zt[zb + i] = Math.fma(b3, s3, Math.fma(b2, s2, Math.fma(b1, s1, Math.fma(b0, s0, zt[zb + i]))));
                }
            }
            for (; j < r; j++) {
                double a0 = x[x0 + j];
                double a1 = x[x1 + j];
                double a2 = x[x2 + j];
                double a3 = x[x3 + j];
                int za = j * w;
                for (int i = 0; i < w; i++) {
                    zt[za + i] = Math.fma(a3, s[3 * w + i], Math.fma(a2, s[2 * w + i], Math.fma(a1, s[w + i],
                            Math.fma(a0, s[i], zt[za + i]))));
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
                    zt[zo + i] = Math.fma(a0, s[i], zt[zo + i]);
                }
            }
        }
        for (int j = 0; j < r; j++) {
            System.arraycopy(zt, j * w, z, j * p + i0, w);
        }
    }

    /** Index of X̃_kj in the BLAS backend's panel layout. */
    private int xIndex(int k, int j) {
        int k0 = k / panelRows * panelRows;
        int m = Math.min(panelRows, n - k0);
        return k0 * r + (k - k0) + j * m;
    }

    private double[] panel() {
        if (panel == null) {
            panel = new double[panelRows * p];
        }
        return panel;
    }

    /** BLAS forward: per panel P of samples, H_P = X̃_P U (column-major |P| × p), ŷ_P = Σ_i M_{P,i} ∘ H_{P,i}. */
    private synchronized void forwardBlas(double[] u, double[] out) {
        if (p == 0 || r == 0) {
            java.util.Arrays.fill(out, 0, n, 0.0);
            return;
        }
        double[] h = panel();
        for (int k0 = 0; k0 < n; k0 += panelRows) {
            int m = Math.min(panelRows, n - k0);
            // U row-major r × p is column-major p × r (ld p): op(B) = Uᵀᵀ, hence "T"
            blas.dgemm("N", "T", m, p, r, 1.0, x, k0 * r, m, u, 0, p, 0.0, h, 0, m);
            java.util.Arrays.fill(out, k0, k0 + m, 0.0);
            for (int i = 0; i < p; i++) {
                int mo = i * n;
                int ho = i * m - k0;
                for (int k = k0; k < k0 + m; k++) {
                    out[k] += maskBytes[mo + k] * h[ho + k];
                }
            }
        }
    }

    /** BLAS backward: per panel P, S_P = M_P ∘ λ_P, then Zᵀ (p × r, ld p) += S_Pᵀ X̃_P. */
    private synchronized void backwardBlas(double[] lambda, double[] z) {
        if (p == 0 || r == 0 || n == 0) {
            java.util.Arrays.fill(z, 0, r * p, 0.0);
            return;
        }
        double[] s = panel();
        for (int k0 = 0; k0 < n; k0 += panelRows) {
            int m = Math.min(panelRows, n - k0);
            for (int i = 0; i < p; i++) {
                int mo = i * n;
                int so = i * m - k0;
                for (int k = k0; k < k0 + m; k++) {
                    s[so + k] = maskBytes[mo + k] * lambda[k];
                }
            }
            // z row-major r × p is column-major p × r (ld p) = Zᵀ
            blas.dgemm("T", "N", p, r, m, 1.0, s, 0, m, x, k0 * r, m, k0 == 0 ? 0.0 : 1.0, z, 0, p);
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
                e[j] += Math.abs(x[blas != null ? xIndex(k, j) : k * r + j]) * l;
            }
        }
        return e;
    }
}

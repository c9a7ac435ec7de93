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
 * <li>{@link Backend#NATIVE_BLAS}: one optimised BLAS {@code dgemm} per product through JNI (see
 * {@link NativeBlas}), with the masks as a dgemm <em>operand</em> rather than a pass over an n × p product:
 * <pre>
 *   forward:   ŷ_k = Σ_i M_ki Σ_j X̃_kj U_ji = Σ_j X̃_kj V_kj,   V = M Uᵀ       (n × p by p × r)
 *   backward:  Z_ji = Σ_k X̃_kj λ_k M_ki,       Zᵀ = Mᵀ (diag(λ) X̃)           (p × n by n × r)
 * </pre>
 * M is held column-major n × p as 0/1 doubles, X̃ column-major n × r; the backward reduction runs down
 * contiguous columns of both M and diag(λ)X̃, and its result is Z in the r × p row-major layout itself. The
 * flops are those of the plain products (2·n·r·p each) and nothing of size n × p is written. Threads: those of
 * the native library ({@code OPENBLAS_NUM_THREADS} for OpenBLAS); {@code parallel} is not used.</li>
 * <li>{@link Backend#JAVA}: the fused pure-Java kernel below. X̃ is n × r row-major ({@code X[k·r + j]}),
 * the masks n × p row-major as 0/1 doubles ({@code M[k·p + i]}). Forward, per pair of samples k, k+1 and
 * pattern tile I: t_I = Σ_j X̃_kj U_{j,I} (four j at a time, fused multiply-adds, each load of U serving both
 * samples), then ŷ_k += Σ_{i∈I} M_ki t_i. Backward, per pattern tile I (an r × |I| block of Z that stays in the
 * first-level cache), four samples and two j at a time: Z_{j,I} += Σ_{k} X̃_kj (M_{k,I} λ_k). The register
 * blocking and {@code Math.fma} (which the JIT vectorises) made it 1.3–1.6× the plain loops (BENCHMARKS §12).
 * Threads (when {@code parallel}): forward over blocks of samples (each thread writes its own ŷ_k), backward
 * over pattern tiles (each thread writes its own columns of Z).</li>
 * </ul>
 * Either way each entry of Z is a sum of the n products M_ki λ_k X̃_kj, each rounded once (M_ki ∈ {0, 1} is
 * exact), in some order, with or without fused multiply-adds: that is all the rounding bound of the gated
 * certificate assumes (Higham §3.1). Every output element is summed in one fixed order for a fixed backend and thread count, so results are
 * bit-for-bit deterministic (the Java kernel: whatever the number of threads).
 */
public final class PatternProducts implements MaskedProducts {
    /** Patterns per tile: an r × TILE block of doubles (51 × 64 × 8 B = 26 KB) fits a first-level cache. */
    static final int TILE = 64;
    /** Samples per forward task. */
    static final int ROWS = 256;

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
    /** JAVA: X̃ row-major n × r; NATIVE_BLAS: column-major. */
    private final double[] x;
    /** The masks as 0/1 doubles: JAVA row-major n × p ({@code M[k·p + i]}), NATIVE_BLAS column-major. */
    private final double[] masks;
    private final boolean parallel;
    private final NativeBlas blas;
    /** NATIVE_BLAS: the n × r scratch (V or diag(λ)X̃), guarded by this. */
    private double[] scratch;

    /** Whether an optimised native BLAS was found (see {@link NativeBlas}). */
    public static boolean nativeBlasAvailable() {
        return nativeBlas() != null;
    }

    /** The native BLAS's implementing class (for reports), or "none". */
    public static String nativeBlasName() {
        NativeBlas b = nativeBlas();
        return b == null ? "none" : b.name();
    }

    /** The native BLAS, or null where there is none (for the other kernels of this package). */
    static NativeBlas nativeBlasOrNull() {
        return nativeBlas();
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
        this.x = new double[n * r];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < r; j++) {
                x[colMajor ? k + j * n : k * r + j] = design[k][j];
            }
        }
        this.masks = new double[n * p];
        for (int i = 0; i < p; i++) {
            long[] m = masks[i];
            for (int k = 0; k < n; k++) {
                if ((m[k >>> 6] & (1L << (k & 63))) != 0) {
                    this.masks[colMajor ? k + i * n : k * p + i] = 1.0;
                }
            }
        }
    }

    /**
     * The products over the patterns {@code patterns} of this instance only (in that order), with the same
     * backend and threads: the design is shared, the masks' columns copied (n·|patterns| entries, against the
     * 2·n·r·|patterns| flops of one product over them).
     */
    @Override
    public PatternProducts restrict(int[] patterns) {
        return new PatternProducts(this, patterns);
    }

    private PatternProducts(PatternProducts all, int[] patterns) {
        this.n = all.n;
        this.r = all.r;
        this.p = patterns.length;
        this.backend = all.backend;
        this.parallel = all.parallel;
        this.blas = all.blas;
        this.x = all.x;
        this.masks = new double[n * p];
        int q = all.p;
        if (backend == Backend.NATIVE_BLAS) {
            for (int s = 0; s < p; s++) {
                System.arraycopy(all.masks, patterns[s] * n, masks, s * n, n);
            }
        } else {
            for (int k = 0; k < n; k++) {
                int from = k * q;
                int to = k * p;
                for (int s = 0; s < p; s++) {
                    masks[to + s] = all.masks[from + patterns[s]];
                }
            }
        }
    }

    /** The backend this instance uses. */
    public Backend backend() {
        return backend;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int r() {
        return r;
    }

    @Override
    public int p() {
        return p;
    }

    /** Bytes held (design, masks and, for the BLAS backend, its n × r scratch). */
    public long bytes() {
        return 8L * (x.length + masks.length + (backend == Backend.NATIVE_BLAS ? (long) n * r : 0));
    }

    /** ŷ = Σ_i D_i X̃ u_i into {@code out} (length n). */
    @Override
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
    @Override
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

    private double[] scratch() {
        if (scratch == null) {
            scratch = new double[n * r];
        }
        return scratch;
    }

    /** BLAS forward: V = M Uᵀ (dgemm), then ŷ_k = Σ_j X̃_kj V_kj summed over j = 0 … r−1 in that order. */
    private synchronized void forwardBlas(double[] u, double[] out) {
        java.util.Arrays.fill(out, 0, n, 0.0);
        if (p == 0 || r == 0 || n == 0) {
            return;
        }
        double[] v = scratch();
        // M column-major n × p (ld n); U row-major r × p is column-major p × r (ld p), i.e. Uᵀ as it stands
        blas.dgemm("N", "N", n, r, p, 1.0, masks, 0, n, u, 0, p, 0.0, v, 0, n);
        for (int j = 0; j < r; j++) {
            int o = j * n;
            for (int k = 0; k < n; k++) {
                out[k] += x[o + k] * v[o + k];
            }
        }
    }

    /** BLAS backward: W = diag(λ) X̃, then Zᵀ = Mᵀ W (dgemm), Zᵀ column-major p × r being Z row-major r × p. */
    private synchronized void backwardBlas(double[] lambda, double[] z) {
        if (p == 0 || r == 0 || n == 0) {
            java.util.Arrays.fill(z, 0, r * p, 0.0);
            return;
        }
        double[] w = scratch();
        for (int j = 0; j < r; j++) {
            int o = j * n;
            for (int k = 0; k < n; k++) {
                w[o + k] = x[o + k] * lambda[k];
            }
        }
        blas.dgemm("T", "N", p, r, n, 1.0, masks, 0, n, w, 0, n, 0.0, z, 0, p);
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
                e[j] += Math.abs(x[blas != null ? k + j * n : k * r + j]) * l;
            }
        }
        return e;
    }
}

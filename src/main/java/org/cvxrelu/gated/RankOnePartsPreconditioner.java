package org.cvxrelu.gated;

import java.util.stream.IntStream;

import org.ojalgo.matrix.decomposition.Cholesky;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

/**
 * A preconditioner for the Newton system of {@link GatedAugmentedLagrangian} where V cannot be formed (many samples):
 * the rank-one parts of the group Jacobians kept exactly, the rest by its diagonal, inverted by Woodbury's identity.
 * With J_i = a_i I + b_i v̄_i v̄_iᵀ on the active patterns J (|J| = m), v̂_i = v̄_i/‖v̄_i‖ and t_i = b_i‖v̄_i‖² = σβ/‖v̄_i‖,
 * <pre>
 *   V = I + σ Σ_{i∈J} a_i D_iX̃X̃ᵀD_i + B S Bᵀ,    B = [D_iX̃v̂_i]_{i∈J} (n × m),  S = diag(σ t_i)
 *   P = Δ + B S Bᵀ,   Δ_k = 1 + σ‖x̃_k‖² Σ_{i∈J} a_i [k ∈ S_i]      (the diagonal of the first two terms)
 *   P⁻¹ = Δ⁻¹ − Δ^{-1/2} B̃ (S⁻¹ + B̃ᵀB̃)⁻¹ B̃ᵀ Δ^{-1/2},   B̃ = Δ^{-1/2} B
 * </pre>
 * Why: at the optimum ‖v̄_i‖ = ‖u_i‖ + σβ on the active patterns, so σa_i = σ‖u_i‖/‖v̄_i‖ tends to ‖u_i‖/β as σ
 * grows while S grows with σ: the part of V that makes its condition grow with σ (and the conjugate gradients' steps
 * with it, 60–200 per direction at n = 10,000 in BENCHMARKS §35) is B S Bᵀ, of rank m, which P holds exactly.
 *
 * <p>Cost: B̃ n·m·r multiply-adds, its Gram B̃ᵀB̃ n·m²/2 (a tiled Java kernel or the BLAS's dsyrk, the lower triangle), the Cholesky factor of
 * the m × m matrix m³/6 (ojAlgo); an application 2·n·m + m². Any fixed symmetric positive definite P is a valid
 * preconditioner, so the caller keeps one built at an earlier point (B̃ and Δ) while the active set changes little,
 * and only refactors S⁻¹ + B̃ᵀB̃ at a new σ (with the current t_i).
 *
 * <p>The Java kernels sum each entry of B̃ᵀB̃ over the samples in one fixed order whatever the threads: their result
 * does not depend on them. With the native BLAS ({@code dsyrk}, {@code dgemv}) the order is the library's, fixed for
 * a given library and thread count.
 */
final class RankOnePartsPreconditioner {
    /** Columns of B̃ per Gram tile (the inner, contiguous loop). */
    static final int TILE = 64;
    /** Rows of the Gram per task. */
    static final int ROWS = 32;
    /** Samples per task of a build's and an application's passes over the rows of B̃. */
    static final int SAMPLES = 256;

    private final double[][] x;
    private final int n;
    private final int r;
    private final boolean parallel;
    /** The native BLAS for the Gram and the applications, or null (the Java kernels). */
    private final NativeBlas blas;
    /** The active patterns B̃ was built for (ascending, as {@link GatedAugmentedLagrangian} lists them). */
    private int[] patterns;
    private int m;
    /** B̃ = Δ^{-1/2}B, n × m row-major. */
    private double[] bt;
    /** Δ^{-1/2}, n. */
    private double[] scale;
    /** B̃ᵀB̃, m × m row-major, its lower triangle (what {@link #refactor} reads). */
    private double[] gram;
    private Cholesky<Double> factor;
    private boolean factored;

    /** The Java kernels below. */
    RankOnePartsPreconditioner(double[][] design, boolean parallel) {
        this(design, parallel, PatternProducts.Backend.JAVA);
    }

    /**
     * @param backend {@link PatternProducts.Backend#NATIVE_BLAS}: the Gram by the native BLAS's {@code dsyrk} and an
     *        application's two passes over B̃ by {@code dgemv} (B̃ row-major n × m is column-major B̃ᵀ, m × n, as it
     *        stands); {@link PatternProducts.Backend#JAVA}: the kernels below. At n = 10,000 and m = 955 the Gram took
     *        about 1.1 s per build in Java (BENCHMARKS §41)
     * @throws IllegalStateException when NATIVE_BLAS is asked for and there is none
     */
    RankOnePartsPreconditioner(double[][] design, boolean parallel, PatternProducts.Backend backend) {
        this.x = design;
        this.n = design.length;
        this.r = n == 0 ? 0 : design[0].length;
        this.parallel = parallel;
        this.blas = backend == PatternProducts.Backend.NATIVE_BLAS ? PatternProducts.nativeBlasOrNull() : null;
        if (backend == PatternProducts.Backend.NATIVE_BLAS && blas == null) {
            throw new IllegalStateException("no native BLAS available");
        }
    }

    /**
     * Whether a build for m active patterns fits: B̃ indexed by an int, and B̃, its Gram, the matrix factored and
     * ojAlgo's copy of it in a quarter of the heap.
     */
    static boolean fits(int n, int m) {
        double bytes = 8.0 * ((double) n * m + 4.0 * m * m);
        return m > 0 && (long) n * m < Integer.MAX_VALUE && bytes <= Runtime.getRuntime().maxMemory() / 4.0;
    }

    /**
     * Whether one build (the Gram, n·m²/2 multiply-adds) costs at most {@code cgSteps} conjugate-gradient steps
     * (pairs of products over the m active patterns, 2·n·r·m·share multiply-adds each).
     */
    static boolean pays(int n, int r, int m, double share, double cgSteps) {
        return (double) n * m * m / 2 <= cgSteps * share * 2.0 * n * r * m;
    }

    /** The patterns of the last {@link #build}. */
    int[] patterns() {
        return patterns;
    }

    /**
     * Builds B̃, Δ and B̃ᵀB̃ at the current Jacobian and factors S⁻¹ + B̃ᵀB̃.
     *
     * @param masks every pattern's mask
     * @param active the active patterns J, ascending
     * @param a a_i per active pattern
     * @param vbar v̄_i of the active patterns, r × m row-major
     * @param vnorm ‖v̄_i‖ of <b>every</b> pattern (indexed by pattern)
     * @param sigma σ
     * @param tau σβ
     * @return whether S⁻¹ + B̃ᵀB̃ factored (false: no preconditioner until the next build or σ)
     */
    boolean build(long[][] masks, int[] active, double[] a, double[] vbar, double[] vnorm, double sigma, double tau) {
        patterns = active.clone();
        m = active.length;
        if (bt == null || bt.length != n * m) {
            bt = new double[n * m];
            gram = new double[m * m];
        }
        scale = new double[n];
        double[] vhat = new double[r * m];
        for (int s = 0; s < m; s++) {
            double inv = 1 / vnorm[active[s]];
            for (int j = 0; j < r; j++) {
                vhat[j * m + s] = vbar[j * m + s] * inv;
            }
        }
        int blocks = (n + SAMPLES - 1) / SAMPLES;
        IntStream rows = IntStream.range(0, blocks);
        (parallel ? rows.parallel() : rows).forEach(blk -> {
            double[] t = new double[m];
            for (int k = blk * SAMPLES, end = Math.min(n, k + SAMPLES); k < end; k++) {
                java.util.Arrays.fill(t, 0);
                double[] xk = x[k];
                double norm2 = 0;
                for (int j = 0; j < r; j++) {
                    double xj = xk[j];
                    norm2 += xj * xj;
                    int o = j * m;
                    for (int s = 0; s < m; s++) {
                        t[s] = Math.fma(xj, vhat[o + s], t[s]);
                    }
                }
                double sumA = 0;
                int word = k >>> 6;
                long bit = 1L << (k & 63);
                int row = k * m;
                for (int s = 0; s < m; s++) {
                    if ((masks[active[s]][word] & bit) != 0) {
                        sumA += a[s];
                        bt[row + s] = t[s];
                    } else {
                        bt[row + s] = 0;
                    }
                }
                double d = 1 + sigma * norm2 * sumA;
                double sc = 1 / Math.sqrt(d);
                scale[k] = sc;
                for (int s = 0; s < m; s++) {
                    bt[row + s] *= sc;
                }
            }
        });
        gram();
        return refactor(vnorm, sigma, tau);
    }

    /**
     * Factors S⁻¹ + B̃ᵀB̃ again at σ with the current t_i = σβ/max(‖v̄_i‖, σβ) of the built patterns (one that left the
     * active set counts with t = 1), B̃ and Δ as built.
     */
    boolean refactor(double[] vnorm, double sigma, double tau) {
        double[] f = new double[m * m];
        for (int s = 0; s < m; s++) {
            System.arraycopy(gram, s * m, f, s * m, s + 1);
            double t = tau / Math.max(vnorm[patterns[s]], tau);
            f[s * m + s] += 1 / (sigma * t);
        }
        for (int s = 0; s < m; s++) {
            for (int q = s + 1; q < m; q++) {
                f[s * m + q] = f[q * m + s];
            }
        }
        R064Store store = R064Store.wrap(f, m);
        if (factor == null) {
            factor = Cholesky.R064.make(store);
        }
        factored = factor.decompose(store) && factor.isSolvable();
        return factored;
    }

    /** Whether the last factorisation succeeded. */
    boolean factored() {
        return factored;
    }

    /** out = P⁻¹ rhs = Δ⁻¹rhs − Δ^{-1/2}B̃ (S⁻¹ + B̃ᵀB̃)⁻¹ B̃ᵀΔ^{-1/2} rhs. */
    void apply(double[] rhs, double[] out) {
        double[] c = new double[m];
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = scale[k] * rhs[k];
        }
        if (blas != null) {
            // c = B̃ᵀw = C w, then e = B̃c = Cᵀc (C = B̃ᵀ, m × n column-major)
            blas.dgemv("N", m, n, 1.0, bt, m, w, 0.0, c);
            solveInPlace(c);
            double[] e = w; // w is not read again
            blas.dgemv("T", m, n, 1.0, bt, m, c, 0.0, e);
            for (int k = 0; k < n; k++) {
                double sc = scale[k];
                out[k] = sc * (sc * rhs[k] - e[k]);
            }
            return;
        }
        // c = B̃ᵀw: tasks over column ranges, each summing over k = 0 … n−1 in order, four samples at a time
        int tasks = (m + TILE - 1) / TILE;
        IntStream columns = IntStream.range(0, tasks);
        (parallel ? columns.parallel() : columns).forEach(task -> {
            int s0 = task * TILE;
            int s1 = Math.min(m, s0 + TILE);
            int k = 0;
            for (; k + 3 < n; k += 4) {
                double w0 = w[k];
                double w1 = w[k + 1];
                double w2 = w[k + 2];
                double w3 = w[k + 3];
                int r0 = k * m;
                int r1 = r0 + m;
                int r2 = r1 + m;
                int r3 = r2 + m;
                for (int s = s0; s < s1; s++) {
                    c[s] = Math.fma(bt[r3 + s], w3, Math.fma(bt[r2 + s], w2, Math.fma(bt[r1 + s], w1,
                            Math.fma(bt[r0 + s], w0, c[s]))));
                }
            }
            for (; k < n; k++) {
                double wk = w[k];
                int row = k * m;
                for (int s = s0; s < s1; s++) {
                    c[s] = Math.fma(bt[row + s], wk, c[s]);
                }
            }
        });
        solveInPlace(c);
        // out_k = Δ_k^{-1/2}(Δ_k^{-1/2} rhs_k − b̃_kᵀc): four independent sums of four products per step (the
        // reductions' latency, not the loads, bounds a single sum)
        int blocks = (n + SAMPLES - 1) / SAMPLES;
        IntStream rows = IntStream.range(0, blocks);
        (parallel ? rows.parallel() : rows).forEach(blk -> {
            for (int k = blk * SAMPLES, end = Math.min(n, k + SAMPLES); k < end; k++) {
                int row = k * m;
                double e0 = 0;
                double e1 = 0;
                double e2 = 0;
                double e3 = 0;
                int s = 0;
                for (; s + 3 < m; s += 4) {
                    e0 = Math.fma(bt[row + s], c[s], e0);
                    e1 = Math.fma(bt[row + s + 1], c[s + 1], e1);
                    e2 = Math.fma(bt[row + s + 2], c[s + 2], e2);
                    e3 = Math.fma(bt[row + s + 3], c[s + 3], e3);
                }
                for (; s < m; s++) {
                    e0 = Math.fma(bt[row + s], c[s], e0);
                }
                double sc = scale[k];
                out[k] = sc * (sc * rhs[k] - ((e0 + e1) + (e2 + e3)));
            }
        });
    }

    /** c ← (S⁻¹ + B̃ᵀB̃)⁻¹ c by the factor. */
    private void solveInPlace(double[] c) {
        MatrixStore<Double> sol = factor.getSolution(R064Store.wrap(c, m));
        for (int s = 0; s < m; s++) {
            c[s] = sol.doubleValue(s, 0);
        }
    }

    /** A build in pairs of dense products over all p patterns (2·n·r·p multiply-adds each). */
    double buildPairs(int p) {
        double madds = (double) n * m * r + (double) n * m * m / 2 + (double) m * m * m / 6;
        return madds / Math.max(1.0, 2.0 * n * r * p);
    }

    /** A refactorisation in the same unit. */
    double refactorPairs(int p) {
        return ((double) m * m * m / 6 + (double) m * m) / Math.max(1.0, 2.0 * n * r * p);
    }

    /** An application in the same unit. */
    double applyPairs(int p) {
        return (2.0 * n * m + (double) m * m) / Math.max(1.0, 2.0 * n * r * p);
    }

    /** The arrays held: B̃, its Gram and the factor's own. */
    long bytes() {
        return 8L * ((long) n * m + 2L * m * m + n);
    }

    /**
     * B̃ᵀB̃ into {@link #gram}: tasks of {@link #ROWS} rows of the lower triangle, each over column tiles of width
     * {@link #TILE}, four samples at a time, two rows at a time (the loads of the four samples' tile serving both).
     * Every entry is summed over k = 0 … n−1 in that order, four at a time, with fused multiply-adds.
     */
    private void gram() {
        if (blas != null) {
            // B̃ᵀB̃ = C Cᵀ with C = B̃ᵀ (m × n column-major, leading dimension m); the upper triangle of the
            // column-major result, (q, s) with q ≤ s at q + s·m, is the row-major lower triangle refactor reads
            blas.dsyrk("U", "N", m, n, 1.0, bt, m, 0.0, gram, m);
            return;
        }
        int tasks = (m + ROWS - 1) / ROWS;
        IntStream t = IntStream.range(0, tasks);
        (parallel ? t.parallel() : t).forEach(task -> gramRows(task * ROWS, Math.min(m, (task + 1) * ROWS)));
    }

    private void gramRows(int i0, int i1) {
        int h = i1 - i0;
        double[] acc = new double[h * TILE];
        for (int j0 = 0; j0 < i1; j0 += TILE) {
            int w = Math.min(TILE, i1 - j0);
            java.util.Arrays.fill(acc, 0);
            int k = 0;
            for (; k + 3 < n; k += 4) {
                int r0 = k * m;
                int r1 = r0 + m;
                int r2 = r1 + m;
                int r3 = r2 + m;
                int i = i0;
                for (; i + 1 < i1; i += 2) {
                    double a0 = bt[r0 + i];
                    double a1 = bt[r1 + i];
                    double a2 = bt[r2 + i];
                    double a3 = bt[r3 + i];
                    double b0 = bt[r0 + i + 1];
                    double b1 = bt[r1 + i + 1];
                    double b2 = bt[r2 + i + 1];
                    double b3 = bt[r3 + i + 1];
                    int oa = (i - i0) * TILE;
                    int ob = oa + TILE;
                    for (int q = 0; q < w; q++) {
                        int c = j0 + q;
                        double s0 = bt[r0 + c];
                        double s1 = bt[r1 + c];
                        double s2 = bt[r2 + c];
                        double s3 = bt[r3 + c];
                        acc[oa + q] = Math.fma(a3, s3, Math.fma(a2, s2, Math.fma(a1, s1, Math.fma(a0, s0, acc[oa + q]))));
                        acc[ob + q] = Math.fma(b3, s3, Math.fma(b2, s2, Math.fma(b1, s1, Math.fma(b0, s0, acc[ob + q]))));
                    }
                }
                for (; i < i1; i++) {
                    double a0 = bt[r0 + i];
                    double a1 = bt[r1 + i];
                    double a2 = bt[r2 + i];
                    double a3 = bt[r3 + i];
                    int oa = (i - i0) * TILE;
                    for (int q = 0; q < w; q++) {
                        int c = j0 + q;
                        acc[oa + q] = Math.fma(a3, bt[r3 + c], Math.fma(a2, bt[r2 + c], Math.fma(a1, bt[r1 + c],
                                Math.fma(a0, bt[r0 + c], acc[oa + q]))));
                    }
                }
            }
            for (; k < n; k++) {
                int r0 = k * m;
                for (int i = i0; i < i1; i++) {
                    double a0 = bt[r0 + i];
                    int oa = (i - i0) * TILE;
                    for (int q = 0; q < w; q++) {
                        acc[oa + q] = Math.fma(a0, bt[r0 + j0 + q], acc[oa + q]);
                    }
                }
            }
            for (int i = i0; i < i1; i++) {
                int oa = (i - i0) * TILE;
                int lim = Math.min(w, i - j0 + 1); // the lower triangle: columns j ≤ i
                if (lim > 0) {
                    System.arraycopy(acc, oa, gram, i * m + j0, lim);
                }
            }
        }
    }
}

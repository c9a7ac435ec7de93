package org.cvxrelu.gated;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The two products of {@link MaskedProducts} over the <em>changes</em> of the masks along an ordering of the
 * samples. The patterns of an arrangement are coherent: samples close in angle lie on the same side of most
 * hyperplanes, so along an ordering π that visits near samples in turn few masks change from one sample to the
 * next. With F_t the patterns whose mask flips between samples π(t−1) and π(t) (all patterns active at π(t) for
 * t = 0, or at the first sample of a chunk):
 * <pre>
 *   forward:   v_t = v_{t−1} + Σ_{i∈F_t, on} u_i − Σ_{i∈F_t, off} u_i   (v_t = Σ_i M_{π(t)i} u_i),  ŷ_{π(t)} = x̃_{π(t)}ᵀ v_t
 *   backward:  S_t = Σ_{s&lt;t} λ_{π(s)} x̃_{π(s)},  z_i = Σ over the runs [a, b) of pattern i of S_b − S_a
 *              (z_i −= S_t where i switches on at t, += S_t where it switches off, += S_end where it is on at the end)
 * </pre>
 * Both cost r·(n + T) flops, T = Σ_t |F_t| the flips, against 2·n·r·p for the dense products: on the standardised
 * tables of ../shared/datasets with 1,000 sampled gates, T/(n·p) is 0.03–0.06 along the greedy ordering below
 * (0.25 on a 4,000-row teacher with d = 20).
 *
 * <p>The ordering is greedy nearest neighbour in Hamming distance between the samples' masks (from sample 0, the
 * nearest unvisited sample next; ties to the lower index), O(n²·p/64) word operations once per instance. The
 * order is cut into {@link #chunks} consecutive pieces, each started from an empty mask, which threads share; the
 * pieces' partial backward sums are added in a fixed order, so the results do not depend on the threads.
 *
 * <p>Rounding: v_t carries the rounding of every update since its chunk began, and z_i is a sum of differences of
 * prefix sums, whose error is relative to the prefix sums, not to z_i. That is ample for the iterations of a
 * method (CG directions, line searches), and is why this class is never used for a product that a certificate
 * bounds ({@link GatedFista#certificate} assumes the dense sums of {@link PatternProducts}).
 */
final class TransitionProducts implements MaskedProducts {
    /** Samples per chunk at least (below it one chunk). */
    static final int CHUNK_ROWS = 512;
    /** Chunks at most. */
    static final int MAX_CHUNKS = 8;

    /**
     * The transition products replace the Java kernel's dense ones in the iterations when T/(n·p) is at most this.
     * Measured (one pair of products, this machine, 1,000 gates): 4–10× faster at 0.03–0.06 (yacht, banknote,
     * airfoil, concrete standardised), 1.4–1.9× at 0.25 (4,000 × 20 teacher) and 1.6× at 0.33 (issue 16's
     * 10,000 × 50 teacher).
     */
    static final double MAX_SHARE_JAVA = 0.4;
    /**
     * The same against a native BLAS's dgemm, which issue 16 measured at about twice the Java kernel's speed on
     * these shapes (not measured against the transition products: no native BLAS on the development machine).
     */
    static final double MAX_SHARE_BLAS = 0.2;
    /**
     * Largest n²·max(1, ⌈p/64⌉) (word operations of the greedy ordering) for which the transition products are
     * built: 1.1 s at n = 10,000 and p = 1,000 (1.6e9) on this machine.
     */
    static final double MAX_ORDER_WORK = 8e9;

    /**
     * The products for the iterations of a method on this problem: transition products where the ordering is
     * affordable and their flips are few enough ({@link #MAX_SHARE_JAVA}, {@link #MAX_SHARE_BLAS}), else
     * {@code dense} itself.
     */
    static MaskedProducts forIterations(GatedProblem problem, PatternProducts dense, boolean parallel) {
        double limit = dense.backend() == PatternProducts.Backend.JAVA ? MAX_SHARE_JAVA : MAX_SHARE_BLAS;
        TransitionProducts t = ifShareAtMost(problem.design(), problem.masks(), parallel, limit);
        return t == null ? dense : t;
    }

    /**
     * Transition products when the ordering is affordable ({@link #MAX_ORDER_WORK}) and T/(n·p) ≤ maxShare, else
     * null (the flips are counted before they are stored).
     */
    static TransitionProducts ifShareAtMost(double[][] design, long[][] masks, boolean parallel, double maxShare) {
        int n = design.length;
        int p = masks.length;
        double words = Math.max(1, (p + 63) / 64);
        if (n < 2 || p == 0 || (double) n * n * words > MAX_ORDER_WORK) {
            return null;
        }
        TransitionProducts t = new TransitionProducts(design, masks, parallel, maxShare);
        return t.flips == null ? null : t;
    }

    private final int n;
    private final int r;
    private final int p;
    /** X̃ row-major, rows in visiting order: {@code xs[t·r + j]} = X̃_{π(t) j}. */
    private final double[] xs;
    /** π: the sample at position t. */
    private final int[] order;
    /** Flips at position t: {@code flips[start[t] … start[t+1])}, pattern i as i + 1 switching on, −(i + 1) off. */
    private final int[] start;
    private final int[] flips;
    /** The first position of each chunk, and n at the end. */
    private final int[] chunkStart;
    /** Patterns active at each chunk's last sample ({@code endActive[endStart[c] … endStart[c+1])}). */
    private final int[] endStart;
    private final int[] endActive;
    private final boolean parallel;

    /**
     * @param design X̃, n rows of length r
     * @param masks the patterns, bit k of masks[i] set when sample k is active in pattern i
     * @param parallel use the common fork-join pool over chunks
     */
    TransitionProducts(double[][] design, long[][] masks, boolean parallel) {
        this(design, masks, parallel, Double.POSITIVE_INFINITY);
        if (flips == null) {
            throw new IllegalArgumentException("too many mask changes for one array");
        }
    }

    /** As above; when T/(n·p) &gt; maxShare (or T does not fit an array) the flips are left null. */
    private TransitionProducts(double[][] design, long[][] masks, boolean parallel, double maxShare) {
        this.n = design.length;
        this.r = n == 0 ? 0 : design[0].length;
        this.p = masks.length;
        this.parallel = parallel;
        int words = (p + 63) / 64;
        long[][] rowBits = new long[n][words];
        for (int i = 0; i < p; i++) {
            long[] m = masks[i];
            for (int k = 0; k < n; k++) {
                if ((m[k >>> 6] & (1L << (k & 63))) != 0) {
                    rowBits[k][i >>> 6] |= 1L << (i & 63);
                }
            }
        }
        this.order = greedyOrder(rowBits);
        this.xs = new double[n * r];
        for (int t = 0; t < n; t++) {
            System.arraycopy(design[order[t]], 0, xs, t * r, r);
        }
        int chunks = Math.max(1, Math.min(MAX_CHUNKS, n / CHUNK_ROWS));
        this.chunkStart = new int[chunks + 1];
        for (int c = 0; c <= chunks; c++) {
            chunkStart[c] = (int) ((long) n * c / chunks);
        }
        // flips along the order, each chunk from an empty mask
        int[] counts = new int[n + 1];
        long total = 0;
        for (int c = 0; c < chunks; c++) {
            for (int t = chunkStart[c]; t < chunkStart[c + 1]; t++) {
                long[] now = rowBits[order[t]];
                long[] before = t == chunkStart[c] ? null : rowBits[order[t - 1]];
                int f = 0;
                for (int w = 0; w < words; w++) {
                    f += Long.bitCount(before == null ? now[w] : now[w] ^ before[w]);
                }
                counts[t] = f;
                total += f;
            }
        }
        this.start = new int[n + 1];
        if (total > Integer.MAX_VALUE - 8 || total > maxShare * n * (double) p) {
            this.flips = null;
            this.endStart = null;
            this.endActive = null;
            return;
        }
        for (int t = 0; t < n; t++) {
            start[t + 1] = start[t] + counts[t];
        }
        this.flips = new int[(int) total];
        this.endStart = new int[chunks + 1];
        int[] endCounts = new int[chunks];
        for (int c = 0; c < chunks; c++) {
            if (chunkStart[c + 1] > chunkStart[c]) {
                for (long w : rowBits[order[chunkStart[c + 1] - 1]]) {
                    endCounts[c] += Long.bitCount(w);
                }
            }
            endStart[c + 1] = endStart[c] + endCounts[c];
        }
        this.endActive = new int[endStart[chunks]];
        for (int c = 0; c < chunks; c++) {
            for (int t = chunkStart[c]; t < chunkStart[c + 1]; t++) {
                long[] now = rowBits[order[t]];
                long[] before = t == chunkStart[c] ? null : rowBits[order[t - 1]];
                int o = start[t];
                for (int w = 0; w < words; w++) {
                    long diff = before == null ? now[w] : now[w] ^ before[w];
                    while (diff != 0) {
                        int b = Long.numberOfTrailingZeros(diff);
                        diff &= diff - 1;
                        int i = (w << 6) + b;
                        flips[o++] = (now[w] & (1L << b)) != 0 ? i + 1 : -(i + 1);
                    }
                }
            }
            if (chunkStart[c + 1] > chunkStart[c]) {
                long[] last = rowBits[order[chunkStart[c + 1] - 1]];
                int o = endStart[c];
                for (int w = 0; w < words; w++) {
                    long bits = last[w];
                    while (bits != 0) {
                        int b = Long.numberOfTrailingZeros(bits);
                        bits &= bits - 1;
                        endActive[o++] = (w << 6) + b;
                    }
                }
            }
        }
    }

    /** The restriction: the same order and chunks, the flips of the kept patterns renumbered. */
    private TransitionProducts(TransitionProducts all, int[] patterns) {
        this.n = all.n;
        this.r = all.r;
        this.p = patterns.length;
        this.parallel = all.parallel;
        this.xs = all.xs;
        this.order = all.order;
        this.chunkStart = all.chunkStart;
        int[] index = new int[all.p];
        Arrays.fill(index, -1);
        for (int s = 0; s < patterns.length; s++) {
            if (index[patterns[s]] >= 0) {
                throw new IllegalArgumentException("pattern " + patterns[s] + " twice in a restriction");
            }
            index[patterns[s]] = s;
        }
        int kept = 0;
        for (int f : all.flips) {
            if (index[Math.abs(f) - 1] >= 0) {
                kept++;
            }
        }
        this.flips = new int[kept];
        this.start = new int[n + 1];
        int o = 0;
        for (int t = 0; t < n; t++) {
            for (int e = all.start[t]; e < all.start[t + 1]; e++) {
                int f = all.flips[e];
                int s = index[Math.abs(f) - 1];
                if (s >= 0) {
                    flips[o++] = f > 0 ? s + 1 : -(s + 1);
                }
            }
            start[t + 1] = o;
        }
        int chunks = chunkStart.length - 1;
        this.endStart = new int[chunks + 1];
        int keptEnd = 0;
        for (int i : all.endActive) {
            if (index[i] >= 0) {
                keptEnd++;
            }
        }
        this.endActive = new int[keptEnd];
        o = 0;
        for (int c = 0; c < chunks; c++) {
            for (int e = all.endStart[c]; e < all.endStart[c + 1]; e++) {
                int s = index[all.endActive[e]];
                if (s >= 0) {
                    endActive[o++] = s;
                }
            }
            endStart[c + 1] = o;
        }
    }

    /**
     * Greedy nearest neighbour in Hamming distance: from sample 0, the unvisited sample whose mask differs in the
     * fewest patterns next (ties to the lower index).
     */
    static int[] greedyOrder(long[][] rowBits) {
        int n = rowBits.length;
        int[] order = new int[n];
        if (n == 0) {
            return order;
        }
        int[] left = new int[n - 1];
        for (int k = 1; k < n; k++) {
            left[k - 1] = k;
        }
        int remaining = n - 1;
        int current = 0;
        for (int t = 1; t < n; t++) {
            long[] a = rowBits[current];
            int best = -1;
            int bestDistance = Integer.MAX_VALUE;
            for (int e = 0; e < remaining; e++) {
                long[] b = rowBits[left[e]];
                int d = 0;
                for (int w = 0; w < a.length && d < bestDistance; w++) {
                    d += Long.bitCount(a[w] ^ b[w]);
                }
                if (d < bestDistance) { // the list is in index order: ties stay with the lower index
                    bestDistance = d;
                    best = e;
                }
            }
            current = left[best];
            order[t] = current;
            // keep the unvisited list in index order (ties go to the lower index)
            System.arraycopy(left, best + 1, left, best, remaining - best - 1);
            remaining--;
        }
        return order;
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

    /** The flips T of this instance (for reports: the dense products cost n·p of them). */
    long flipCount() {
        return flips.length;
    }

    /** T/(n·p): the transition products' operations against the dense products' (0 when n·p = 0). */
    double share() {
        return n == 0 || p == 0 ? 0 : flips.length / ((double) n * p);
    }

    @Override
    public TransitionProducts restrict(int[] patterns) {
        return new TransitionProducts(this, patterns);
    }

    @Override
    public void forward(double[] u, double[] out) {
        double[] ut = transpose(u, r, p, new double[p * r]);
        int chunks = chunkStart.length - 1;
        IntStream s = IntStream.range(0, chunks);
        (parallel && chunks > 1 ? s.parallel() : s).forEach(c -> forwardChunk(ut, out, c));
    }

    private void forwardChunk(double[] ut, double[] out, int c) {
        double[] v = new double[r];
        for (int t = chunkStart[c]; t < chunkStart[c + 1]; t++) {
            for (int e = start[t]; e < start[t + 1]; e++) {
                int f = flips[e];
                if (f > 0) {
                    int o = (f - 1) * r;
                    for (int j = 0; j < r; j++) {
                        v[j] += ut[o + j];
                    }
                } else {
                    int o = (-f - 1) * r;
                    for (int j = 0; j < r; j++) {
                        v[j] -= ut[o + j];
                    }
                }
            }
            int xo = t * r;
            double acc = 0;
            for (int j = 0; j < r; j++) {
                acc = Math.fma(xs[xo + j], v[j], acc);
            }
            out[order[t]] = acc;
        }
    }

    @Override
    public void backward(double[] lambda, double[] z) {
        int chunks = chunkStart.length - 1;
        double[][] partial = new double[chunks][];
        IntStream s = IntStream.range(0, chunks);
        (parallel && chunks > 1 ? s.parallel() : s).forEach(c -> partial[c] = backwardChunk(lambda, c));
        double[] zt = partial[0];
        for (int c = 1; c < chunks; c++) {
            double[] q = partial[c];
            for (int e = 0; e < zt.length; e++) {
                zt[e] += q[e];
            }
        }
        transpose(zt, p, r, z);
    }

    /** Chunk c's share of Z, p × r row-major (z_i contiguous). */
    private double[] backwardChunk(double[] lambda, int c) {
        double[] zt = new double[p * r];
        double[] sum = new double[r];
        for (int t = chunkStart[c]; t < chunkStart[c + 1]; t++) {
            for (int e = start[t]; e < start[t + 1]; e++) {
                int f = flips[e];
                if (f > 0) {
                    int o = (f - 1) * r;
                    for (int j = 0; j < r; j++) {
                        zt[o + j] -= sum[j];
                    }
                } else {
                    int o = (-f - 1) * r;
                    for (int j = 0; j < r; j++) {
                        zt[o + j] += sum[j];
                    }
                }
            }
            double l = lambda[order[t]];
            int xo = t * r;
            for (int j = 0; j < r; j++) {
                sum[j] = Math.fma(l, xs[xo + j], sum[j]);
            }
        }
        for (int e = endStart[c]; e < endStart[c + 1]; e++) {
            int o = endActive[e] * r;
            for (int j = 0; j < r; j++) {
                zt[o + j] += sum[j];
            }
        }
        return zt;
    }

    /** A (rows × cols row-major) into out as cols × rows row-major: U's u_i made contiguous, and back for Z. */
    private static double[] transpose(double[] a, int rows, int cols, double[] out) {
        for (int j = 0; j < rows; j++) {
            int o = j * cols;
            for (int i = 0; i < cols; i++) {
                out[i * rows + j] = a[o + i];
            }
        }
        return out;
    }
}

package org.cvxrelu.gated;

import java.util.stream.IntStream;

import org.ojalgo.matrix.decomposition.Cholesky;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

/**
 * The Newton system of {@link GatedAugmentedLagrangian} formed and factored, for few samples, to precondition its
 * conjugate gradients: V d = b with
 * <pre>
 *   V = I + σ Σ_{i∈J} D_i X̃ J_i X̃ᵀ D_i,   J_i = a_i I + b_i v̄_i v̄_iᵀ
 *     = I + σ (G ∘ W + Z Zᵀ),   G = X̃X̃ᵀ,  W_kl = Σ_{i∈J} a_i [k ∈ S_i][l ∈ S_i],  Z_ki = √b_i [k ∈ S_i] x̃_kᵀv̄_i
 * </pre>
 * (S_i the samples active in pattern i, ∘ the element-wise product). Assembling V costs Σ_{i∈J} |S_i|² multiply-adds
 * over the lower triangle and factoring it n³/6 (ojAlgo's Cholesky), against conjugate gradients' two products over
 * the active patterns per step. Preconditioned by a factorisation of the current V, conjugate gradients reach their
 * tolerance (1e-6·‖∇ψ‖) in a step or two, where unpreconditioned they stop at a relative residual of 0.1 or less,
 * or at their step cap: on yacht_swap (n = 308) those inexact directions made the semismooth Newton steps
 * swing between 53 and 93 active patterns for 50 steps (BENCHMARKS §36–§37). A factorisation of an earlier V of the
 * same σ still preconditions well enough to be kept for a few directions (about 17 steps each on yacht, §37).
 *
 * <p>The assembly is split over fixed row ranges, each entry summed over the patterns in the same order whatever
 * the threads, so the result does not depend on them.
 */
final class DenseNewtonSystem {
    /** Formed only up to this many samples: five n × n arrays of doubles ({@link #bytes}), 160 MB at 2,000. */
    static final int MAX_ROWS = 2_000;
    /** Row ranges of the assembly (any number gives the same V). */
    static final int RANGES = 8;

    private final double[][] x;
    private final int n;
    private final int r;
    private final boolean parallel;
    /** G = X̃X̃ᵀ, lower triangle, row-major. */
    private final double[] gram;
    /** V (the assembly of each factorisation; ojAlgo factors a copy). */
    private final double[] v;
    private final double[] w;
    private final double[] zz;
    private Cholesky<Double> factor;
    /** Multiply-adds of the last assembly's accumulation: Σ_{i∈J} |S_i|(|S_i| + 1)/2 (two each). */
    private long lastAssembly;

    /**
     * Whether forming V pays against conjugate gradients: at most {@link #MAX_ROWS} samples, and a factorisation
     * (n³/6 multiply-adds) costing at most {@code cgSteps} conjugate-gradient steps, each a pair of products over all
     * p patterns at {@code share} of the dense pair's 2·n·r·p (the share of {@link TransitionProducts}, 1 for
     * {@link PatternProducts}). The assembly, smaller than the factorisation where this holds, is left out.
     */
    static boolean pays(int n, int r, int p, double share, double cgSteps) {
        return n <= MAX_ROWS && (double) n * n * n / 6 <= cgSteps * share * 2.0 * n * r * p;
    }

    DenseNewtonSystem(double[][] design, boolean parallel) {
        this.x = design;
        this.n = design.length;
        this.r = n == 0 ? 0 : design[0].length;
        this.parallel = parallel;
        this.gram = new double[n * n];
        this.v = new double[n * n];
        this.w = new double[n * n];
        this.zz = new double[n * n];
        ranges(range -> {
            for (int k = range[0]; k < range[1]; k++) {
                double[] xk = x[k];
                for (int l = 0; l <= k; l++) {
                    double[] xl = x[l];
                    double s = 0;
                    for (int j = 0; j < r; j++) {
                        s += xk[j] * xl[j];
                    }
                    gram[k * n + l] = s;
                }
            }
        });
    }

    /**
     * Forms V at σ for the active patterns and factors it.
     *
     * @param masks every pattern's mask ({@link GatedProblem#masks})
     * @param patterns the active patterns J
     * @param a a_i per active pattern (in the order of {@code patterns})
     * @param b b_i per active pattern
     * @param vbar v̄_i of the active patterns, r × |J| row-major
     * @return false where V is not numerically positive definite (the caller then uses conjugate gradients)
     */
    boolean factor(long[][] masks, int[] patterns, double[] a, double[] b, double[] vbar, double sigma) {
        int count = patterns.length;
        int[][] active = new int[count][];
        double[][] zs = new double[count][];
        IntStream each = IntStream.range(0, count);
        (parallel ? each.parallel() : each).forEach(s -> {
            long[] m = masks[patterns[s]];
            int c = 0;
            for (long word : m) {
                c += Long.bitCount(word);
            }
            int[] idx = new int[c];
            double[] z = new double[c];
            double sb = Math.sqrt(b[s]);
            for (int k = 0, q = 0; k < n; k++) {
                if ((m[k >>> 6] & (1L << (k & 63))) != 0) {
                    idx[q] = k;
                    double t = 0;
                    for (int j = 0; j < r; j++) {
                        t += x[k][j] * vbar[j * count + s];
                    }
                    z[q++] = sb * t;
                }
            }
            active[s] = idx;
            zs[s] = z;
        });
        long assembly = 0;
        for (int[] idx : active) {
            assembly += (long) idx.length * (idx.length + 1) / 2;
        }
        lastAssembly = assembly;
        ranges(range -> {
            int lo = range[0];
            int hi = range[1];
            for (int k = lo; k < hi; k++) {
                java.util.Arrays.fill(w, k * n, k * n + k + 1, 0);
                java.util.Arrays.fill(zz, k * n, k * n + k + 1, 0);
            }
            for (int s = 0; s < count; s++) {
                int[] idx = active[s];
                double[] z = zs[s];
                double as = a[s];
                for (int q = 0; q < idx.length; q++) {
                    int k = idx[q];
                    if (k < lo) {
                        continue;
                    }
                    if (k >= hi) {
                        break;
                    }
                    int row = k * n;
                    double zq = z[q];
                    for (int q2 = 0; q2 <= q; q2++) {
                        int l = idx[q2];
                        w[row + l] += as;
                        zz[row + l] += zq * z[q2];
                    }
                }
            }
            for (int k = lo; k < hi; k++) {
                int row = k * n;
                for (int l = 0; l <= k; l++) {
                    double e = sigma * (gram[row + l] * w[row + l] + zz[row + l]);
                    v[row + l] = l == k ? 1 + e : e;
                }
            }
        });
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                v[k * n + l] = v[l * n + k];
            }
        }
        R064Store store = R064Store.wrap(v, n);
        if (factor == null) {
            factor = Cholesky.R064.make(store);
        }
        return factor.decompose(store) && factor.isSolvable();
    }

    /**
     * The last {@link #factor} in pairs of dense products over all p patterns (2·n·r·p multiply-adds each), the unit
     * of the iteration limit: 2·Σ_{i∈J} |S_i|(|S_i| + 1)/2 + n³/6 multiply-adds.
     */
    double factorPairs(int p) {
        double madds = 2.0 * lastAssembly + (double) n * n * n / 6;
        return madds / Math.max(1.0, 2.0 * n * r * p);
    }

    /** One {@link #solve} in the same unit: n² multiply-adds. */
    double solvePairs(int p) {
        return (double) n * n / Math.max(1.0, 2.0 * n * r * p);
    }

    /** The arrays held: G, W, Z Zᵀ, V and the factor's own, n² doubles each. */
    long bytes() {
        return 5L * 8L * n * n;
    }

    /** d = V⁻¹ rhs for the V of the last {@link #factor} (no refinement: a preconditioner's solve). */
    void solve(double[] rhs, double[] d) {
        MatrixStore<Double> s = factor.getSolution(R064Store.wrap(rhs.clone(), n));
        for (int k = 0; k < n; k++) {
            d[k] = s.doubleValue(k, 0);
        }
    }

    /** Runs {@code body} over {@link #RANGES} row ranges of about equal lower-triangle area. */
    private void ranges(java.util.function.Consumer<int[]> body) {
        int[] bounds = new int[RANGES + 1];
        for (int c = 1; c <= RANGES; c++) {
            bounds[c] = (int) Math.round(n * Math.sqrt((double) c / RANGES));
        }
        bounds[RANGES] = n;
        IntStream s = IntStream.range(0, RANGES);
        (parallel ? s.parallel() : s).forEach(c -> body.accept(new int[] {bounds[c], bounds[c + 1]}));
    }
}

package org.cvxrelu.certify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.cvxrelu.exact.EmptyInterior;

/**
 * A proven upper bound on the dual constant of SPEC.md without enumerating the arrangement:
 * <pre>  c(λ) = max_{‖u‖≤1} max(g(u), −g(u)),   g(u) = Σ_k λ_k (x̃_kᵀu)₊, </pre>
 * by input-splitting branch and bound over the sphere of R^r (issue 14). Any proven ĉ ≥ c(λ) gives the valid
 * lower bound t·λᵀy − ½t²‖λ‖², t ≤ β/ĉ ({@link DualBound}).
 *
 * <h2>The search</h2>
 * Each node is a sign s ∈ {+1, −1} (h = s·g; −g(u) is g₋ of the issue) and a simplicial cone
 * C = {Vα : α ≥ 0} with r near-unit generators; the roots are the 2^r orthants for each sign (generators ±e_j,
 * exact), which cover R^r. A node is split on one edge (v_a, v_b): the edge whose bisection lowers the node's
 * relaxation most at the relaxation's maximiser, among the edges at least a quarter as long as the longest
 * ({@code splitEdge}), at a point m ∝ q·v_a + p·v_b (max(p, q) = 1): where the hyperplane of the crossing unit
 * with the loosest linear bound,
 * score_k = |μ_k|·min(max_i d_ki, max_i −d_ki), meets the edge when that point is near the middle
 * (min(p, q) ≥ 0.7: branching on hyperplanes), the midpoint otherwise. Best first (largest bound first),
 * in batches expanded in parallel and merged in index order, so a fixed node budget gives the same answer on
 * any number of threads.
 *
 * <h2>The bound on a node (a linear relaxation, CROWN style)</h2>
 * With μ_k = s·λ_k and d_ki = x̃_kᵀv_i: a unit with d_ki ≥ 0 at every generator is linear on C (μ_k x̃_kᵀu),
 * one with d_ki ≤ 0 everywhere is 0; these are fixed once and for all descendants (their linear parts summed
 * into one vector ŝ). A crossing unit is bounded on C by a linear function: for μ_k > 0 by its concave
 * envelope over the cone, u = Vα ↦ μ_k Σ_i α_i (d_ki)₊ (convexity and homogeneity of (·)₊); for μ_k < 0 by
 * θ_k μ_k x̃_kᵀu with θ_k ∈ {0, 1} (valid because t₊ ≥ θt for θ ∈ [0, 1]). The slopes are optimised by
 * alternation: θ_k = 1[x̃_kᵀu* > 0] at the relaxation's maximiser u*, the subgradient step of the minimax
 * min_θ max_u; the smallest of up to three bounds is kept. Nodes these do not prune then get fractional slopes
 * θ_k ∈ [0, 1] optimised by projected subgradient steps (α-CROWN style, {@code fractionalSlopes}). The
 * relaxation L with L(v_i) = c_i is then maximised over C ∩ ball by {@link LeastNormCertificate} (a feasible w
 * with Vᵀw ≥ c, bound ‖w‖).
 *
 * <h2>Exact leaves</h2>
 * When at most {@link #EXACT_UNITS} units cross a node, h on each of the 2^K sign regions R_σ of those units is
 * linear, q_σᵀu, and its maximum over R_σ ∩ ball is ‖Π_{R_σ}(q_σ)‖ ≤ ‖q_σ + Aᵀμ‖ for any μ ≥ 0 (Moreau), A the
 * signed crossing units and r rows valid on C (see {@code exactBound}); the node's bound is the smaller of this
 * and the relaxation's. The regions are listed depth first over the units ({@code ExactLeaf}): the units with
 * μ_k &gt; 0 first, both sides each; then the units with μ_k &lt; 0, a region being split further only while its
 * bound with those units left out (μ_k(x̃_kᵀu)₊ ≤ 0) exceeds the pruning threshold; and a side whose region is
 * proven to have an empty interior ({@link EmptyInterior}: two or three of its unit rows with a nonnegative
 * combination exactly 0) is not listed, since its points lie in the closures of the listed regions and h is
 * continuous. Up to {@link #LOW_RANK_UNITS} crossing units are bounded so when their rows have a rank below r and
 * {@link #STALL_SPLITS} splits in a row fixed none of them: on integer-valued tables, rows that agree in all
 * columns but one span a plane, their hyperplanes all contain its orthogonal complement, and bisection does not
 * separate them, while their non-empty regions are few (2K sectors for K such rows, of 2^K sign vectors).
 *
 * <h2>Lower values</h2>
 * The maximiser u* of each node's relaxation and the node's generators are evaluated, every new best is
 * re-evaluated over all n units and improved by cell ascent u ← normalise(Σ_{k : x̃_kᵀu > 0} μ_k x̃_k).
 * A node is pruned when its bound is at most max(target, best·(1 + relTol), floor): a decision (prove nothing
 * exceeds the target, e.g. β(1+ε) at an optimum) or an optimisation (close the relative gap). The floor starts at
 * a few times the rounding constant and rises to the largest bound of the nodes dropped for memory
 * ({@link #MEMORY_SHARE}): every pruned or dropped bound is kept in B below.
 *
 * <h2>Rounding (every bound is proven for the doubles given)</h2>
 * <ol>
 *   <li>Per-node values: d̂_ki errs by at most δ_k = γ_r/(1−γ_r)(‖x̃_k‖(1+2⁻⁴⁰) + rη) + rη (Cauchy–Schwarz on the
 *   magnitudes, generators of norm ≤ 1 + 2⁻⁴¹). ŝ is a recursive sum of at most n products:
 *   |ŝ_j − s_j| ≤ dotError(Σ_k |λ_k||x̃_kj|, n). The vertex value c_i = ŝᵀv_i + Σ μ_k(d̂_ki)₊ + Σ θ_kμ_k d̂_ki is a
 *   recursive sum whose magnitudes are at most 2·Lip + E_s + E_d (Lip = Σ|λ_k|‖x̃_k‖). One global constant
 *   E = E_s + E_d + dotError(that, n + r + 1), E_s = ‖(|ŝ_j − s_j|)‖(1+2⁻⁴⁰), E_d = Σ|λ_k|δ_k, is added, rounded
 *   up, to every c_i.</li>
 *   <li>Fixing with a tolerance: a unit is fixed active when d̂_ki ≥ −δ_k at every generator (inactive when
 *   d̂_ki ≤ δ_k), so that units whose hyperplane passes through a generator (hyperplane splits put m on one)
 *   are fixed too. Then x̃_kᵀu ≥ −2δ_k Σα_i ≥ −2.0002√r δ_k‖u‖ on the cone (Σα_i ≤ 1.0001√r‖u‖, item 4), so
 *   linearising errs by at most |μ_k|·2.0002√r δ_k; in all at most E_fix = 2.05√r·E_d, added to ĉ once.</li>
 *   <li>The maximum over C ∩ ball: {@link LeastNormCertificate}, feasibility checked, shortfall repaired.</li>
 *   <li>The generators are rounded: m = fl(fl(fl(q v_a) + fl(p v_b))/σ) equals (w + e)/σ with w = q v_a + p v_b,
 *   ‖e‖ ≤ 8.03u. The checks |‖m‖² − 1| ≤ 2⁻⁴¹ and m·v_i ≥ −2⁻⁴¹ (else the result is not proven) make
 *   Σα_i ≤ 1.0001√r‖u‖ for u = Vα in any node. Split α_a v_a + α_b v_b = (α_a − qα_b/p)v_a + (α_b/p)w (or the
 *   mirror image) and move (α_b/p)w to (α_b/p)(w + e), with 1/p ≤ 16 (the split rule keeps 1/p ≤ 1/0.7):
 *   every point of a cone lies within
 *   δ‖u‖, δ = 2⁻⁴⁵√r, of the union of its children, and every point of a child within δ‖u‖ of its parent.
 *   After D levels: Δ = (1+δ)^D − 1 ≤ Dδ/(1 − Dδ). A point u of the ball is within Δ of a leaf point u'
 *   (‖u'‖ ≤ 1 + Δ), and units fixed on an ancestor of that leaf err at u' by at most |μ_k|‖x̃_k‖Δ(1+Δ)² more.
 *   A child's bound is capped at its parent's: by the same chain of δ-steps, a point of the ball is within Δ of
 *   a point of every node on the path to its leaf, so the bound of any ancestor covers it as well as the leaf's.
 *   So, with B the largest bound over every leaf (pruned or open),
 *   <pre>  c(λ) ≤ (1 + Δ)·max(B, 0) + 3·Lip·Δ + E_fix + E_merge  (E_merge: see below). </pre></li>
 * </ol>
 * All-zero columns of X̃ are dropped first (g does not depend on those coordinates), and units with λ_k = 0
 * or x̃_k = 0 are left out (they contribute nothing). Equal rows are one unit: Σ_{k∈E} λ_k (x̃ᵀu)₊ =
 * (Σ_{k∈E} λ_k)(x̃ᵀu)₊, the sum formed exactly and rounded to nearest, λ̂_E; for ‖u‖ ≤ 1 this moves g by at most
 * E_merge = Σ_E |Σλ_k − λ̂_E|·‖x̃‖, computed exactly and rounded up, which is added to ĉ ({@code merge}: only rows
 * whose entries and λ are finite, and whose copies' sum and norm are finite, are merged). On integer-valued
 * tables, where rows repeat, this matters: a repeated hyperplane counted once per copy crosses a node as several
 * units (no exact leaf, and a loose relaxation when the copies' λ have opposite signs); merged, haberman rows
 * 1–120's optimum needs 198,736 nodes instead of 277,086 (BENCHMARKS §19).
 */
public final class GlobalBound {
    /**
     * The share of the heap the open nodes may hold (estimated; a best-first queue on residuals grows by hundreds
     * of thousands of nodes of a few kB each per minute: without a limit, a 120 s search on yacht ran out of
     * heap). Past it the lower half of the open nodes by bound is dropped (more if the rest does not fit): their bounds
     * stay in c, and the floor of the pruning threshold rises to the largest of them, so the search goes on lowering
     * the bounds above it instead of stopping (yacht's solve net, 120 s: see BENCHMARKS §16).
     */
    public static final double MEMORY_SHARE = 0.25;
    /** Generators' Gram entries are checked against these (see the class comment, item 3). */
    private static final double GRAM_SLACK = 0x1p-41;
    /** Nodes with at most this many crossing units are also bounded exactly (2^K sign regions). */
    static final int EXACT_UNITS = 4;
    /**
     * Nodes with more crossing units, up to this many, are bounded exactly too when their rows have a rank below r
     * and the last {@link #STALL_SPLITS} splits down to them fixed none of those units: hyperplanes that share a
     * subspace (rows of a table that agree in all columns but one) cross every node that meets it, so bisection
     * never separates them, while their non-empty sign regions are few (BENCHMARKS §29).
     */
    static final int LOW_RANK_UNITS = 24;
    /** See {@link #LOW_RANK_UNITS}. */
    static final int STALL_SPLITS = 6;
    /** An exact leaf that would bound more sign regions than this is given up (the relaxation's bound stays). */
    static final int MAX_REGIONS = 4096;
    /** Fractional-slope steps per node in the preset options. */
    public static final int DEFAULT_SLOPE_STEPS = 8;
    /** A split point is moved onto a crossing unit's hyperplane only this near the middle (min(p, q) ≥ it). */
    static final double SPLIT_CENTRE = 0.7;
    /** Only edges at least this fraction of the longest edge's angle are split ({@code splitEdge}). */
    static final double EDGE_FRACTION = 0.25;
    /** The largest dimension r searched (the roots are the 2^r orthants of each sign). */
    public static final int MAX_R = 16;

    private GlobalBound() {
    }

    /**
     * @param target prune every node whose bound is ≤ target (a decision: prove c(λ) ≤ target); −∞ for none
     * @param relativeTolerance prune nodes whose bound is ≤ best·(1 + relativeTolerance)
     * @param seconds wall-clock budget (checked between batches)
     * @param maxNodes node budget (nodes created)
     * @param batch nodes expanded in parallel per step (the answer depends on it, not on the thread count)
     * @param slopeSteps projected subgradient steps on fractional slopes per node whose 0/1-slope bound does not
     *        prune it (0: 0/1 slopes only); see {@code fractionalSlopes}
     */
    public record Options(double target, double relativeTolerance, double seconds, long maxNodes, int batch,
            int slopeSteps, boolean positiveOnly) {
        /**
         * Both signs: c(λ) = max_{‖u‖ ≤ 1} max(g(u), −g(u)). With {@code positiveOnly} the search bounds
         * c⁺(λ) = max_{‖u‖ ≤ 1} g(u) instead, the constant of the program with output weights α ≥ 0 (only the
         * v_i groups, SPEC's {@code --nonnegative-output}): the roots and seeds of sign −1 are left out.
         */
        public Options(double target, double relativeTolerance, double seconds, long maxNodes, int batch,
                int slopeSteps) {
            this(target, relativeTolerance, seconds, maxNodes, batch, slopeSteps, false);
        }

        /** Close the relative gap to {@code relativeTolerance} within the budget. */
        public static Options optimise(double relativeTolerance, double seconds) {
            return new Options(Double.NEGATIVE_INFINITY, relativeTolerance, seconds, Long.MAX_VALUE, 64,
                    DEFAULT_SLOPE_STEPS);
        }

        /** Prove c(λ) ≤ target within the budget (and close the gap to 1e-6 if the target is below c). */
        public static Options decide(double target, double seconds) {
            return new Options(target, 1e-6, seconds, Long.MAX_VALUE, 64, DEFAULT_SLOPE_STEPS);
        }

        public Options withMaxNodes(long nodes) {
            return new Options(target, relativeTolerance, seconds, nodes, batch, slopeSteps, positiveOnly);
        }

        public Options withSlopeSteps(int steps) {
            return new Options(target, relativeTolerance, seconds, maxNodes, batch, steps, positiveOnly);
        }
    }

    /**
     * @param c a proven upper bound on c(λ) for the doubles given (+∞ when not proven)
     * @param best the largest |g(u)|/‖u‖ found (floating point evaluation, a lower value up to rounding)
     * @param bestDirection a unit u with |g(u)| ≈ best (length r, zeros on dropped columns), null if best = 0
     * @param bestSign +1 when best is g(u), −1 when it is −g(u)
     * @param nodes nodes created
     * @param open nodes left unexplored above the pruning threshold
     * @param relativeGap (c − best)/best
     * @param proven whether c is proven (finite inputs, generator checks passed)
     * @param complete whether the search ran to its end (every node pruned) rather than out of budget
     * @param depth the deepest node
     * @param seconds wall-clock time
     * @param stoppedBy why an incomplete search stopped: "nodes", "seconds" or "memory" (it dropped open nodes to
     *        stay within {@link #MEMORY_SHARE} of the heap and then resolved the rest, so c is the largest dropped
     *        bound, or a single batch outgrew it); "complete" when it ran to its end with nothing dropped
     * @param droppedNodes open nodes dropped for memory (their bounds are in c)
     * @param above points the search met whose value exceeds the {@code collectAbove} of
     *        {@link #collecting(double[][], double[], Options, double)}, the best per activation pattern and sign, most
     *        valuable first (empty without it)
     * @param lowRankLeaves nodes bounded by an exact leaf over more than {@link #EXACT_UNITS} crossing units of low
     *        rank ({@link #LOW_RANK_UNITS})
     */
    public record Result(double c, double best, double[] bestDirection, int bestSign, long nodes, long open,
            double relativeGap, boolean proven, boolean complete, int depth, double seconds, String stoppedBy,
            long droppedNodes, List<Point> above, long lowRankLeaves) {
        public Result {
            above = List.copyOf(above);
        }
        /** Whether the proven bound settles the decision c(λ) ≤ target. */
        public boolean decided(double target) {
            return proven && c <= target;
        }
    }

    /**
     * A point u of the sphere with sign·λᵀ(X̃u)₊ = value (floating-point evaluation).
     *
     * @param direction u, length r (zeros on dropped columns)
     */
    public record Point(double[] direction, int sign, double value) {
    }

    /** How many activation patterns {@link Result#above()} holds at most. */
    static final int COLLECT_MAX = 4096;

    /** The proven bound for the design rows x̃_k (n × r) and λ (length n). */
    public static Result of(double[][] design, double[] lambda, Options options) {
        return collecting(design, lambda, options, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #of(double[][], double[], Options)}, also collecting the points the search meets (the nodes'
     * candidate generators) whose value exceeds {@code collectAbove}: column generation's violators, one per
     * activation pattern and sign, at most {@link #COLLECT_MAX} patterns (the first met; their values the best met).
     */
    public static Result collecting(double[][] design, double[] lambda, Options options, double collectAbove) {
        return search(design, lambda, options, (long) (MEMORY_SHARE * Runtime.getRuntime().maxMemory()), collectAbove);
    }

    /** As {@link #of(double[][], double[], Options)}, the open nodes held to about {@code memoryBytes}. */
    static Result of(double[][] design, double[] lambda, Options options, long memoryBytes) {
        return search(design, lambda, options, memoryBytes, Double.POSITIVE_INFINITY);
    }

    private static Result search(double[][] design, double[] lambda, Options options, long memoryBytes,
            double collectAbove) {
        Search search = new Search(design, lambda, options);
        search.memory = memoryBytes;
        search.collectAbove = collectAbove;
        return search.run();
    }

    /**
     * The units of the search: rows x̃_k with λ_k ≠ 0 and x̃_k ≠ 0, equal rows merged into one.
     *
     * @param rows x̃ (rows on the coordinates kept)
     * @param lambda λ, one per row
     * @param error an upper bound on what merging moved g by over the unit ball (0 when nothing was rounded)
     */
    record Merged(double[][] rows, double[] lambda, double error) {
    }

    /**
     * Equal rows as one unit: Σ_{k∈E} λ_k (x̃ᵀu)₊ = (Σ_{k∈E} λ_k)(x̃ᵀu)₊. The sum is formed exactly (BigDecimal) and
     * rounded to nearest, λ̂_E; for ‖u‖ ≤ 1 that moves g by at most |Σλ_k − λ̂_E|·‖x̃‖, summed exactly over the merged
     * rows and rounded up ({@link Merged#error()}). A sum that cancels exactly leaves the unit out. Rows are compared
     * with −0 as +0 (the same hyperplane). Rows with a non-finite entry or λ, and copies whose sum or norm is not
     * finite, are kept one by one, as given (the search then proves nothing, as without the merge). First-occurrence
     * order: deterministic.
     */
    static Merged merge(double[][] rows, double[] lambda) {
        List<double[]> outRows = new ArrayList<>();
        List<Double> outLambda = new ArrayList<>();
        List<double[]> mergeable = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int k = 0; k < rows.length; k++) {
            double[] row = rows[k].clone();
            boolean nonzero = false;
            boolean finite = Double.isFinite(lambda[k]);
            for (int j = 0; j < row.length; j++) {
                row[j] += 0.0; // −0 as +0
                nonzero |= row[j] != 0;
                finite &= Double.isFinite(row[j]);
            }
            if (!nonzero || lambda[k] == 0) {
                continue; // contributes nothing
            }
            if (!finite) {
                outRows.add(row);
                outLambda.add(lambda[k]);
                continue;
            }
            mergeable.add(row);
            index.add(k);
        }
        int[] cls = org.cvxrelu.data.EqualRows.classes(mergeable.toArray(new double[0][]), new boolean[0][]);
        List<List<Integer>> copiesOf = new ArrayList<>(); // class → its rows' indices in mergeable, in order
        for (int t = 0; t < cls.length; t++) {
            if (cls[t] == copiesOf.size()) {
                copiesOf.add(new ArrayList<>());
            }
            copiesOf.get(cls[t]).add(t);
        }
        java.math.BigDecimal moved = java.math.BigDecimal.ZERO;
        for (List<Integer> copies : copiesOf) {
            double[] row = mergeable.get(copies.get(0));
            if (copies.size() == 1) {
                outRows.add(row);
                outLambda.add(lambda[index.get(copies.get(0))]);
                continue;
            }
            java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
            for (int t : copies) {
                sum = sum.add(new java.math.BigDecimal(lambda[index.get(t)]));
            }
            double l = sum.doubleValue(); // to nearest
            double norm = ErrorBounds.normUp(row);
            if (!Double.isFinite(l) || !Double.isFinite(norm)) {
                for (int t : copies) {
                    outRows.add(row);
                    outLambda.add(lambda[index.get(t)]);
                }
                continue;
            }
            java.math.BigDecimal off = sum.subtract(new java.math.BigDecimal(l)).abs();
            if (off.signum() != 0) {
                moved = moved.add(off.multiply(new java.math.BigDecimal(norm)));
            }
            if (l != 0) {
                outRows.add(row);
                outLambda.add(l);
            }
        }
        return new Merged(outRows.toArray(new double[0][]), outLambda.stream().mapToDouble(Double::doubleValue).toArray(),
                ErrorBounds.up(moved));
    }

    /** A node of the search: a sign and a simplicial cone, with the units that still cross it. */
    private static final class Node {
        final int sign;
        final double[][] v;
        final double[][] gram;
        final int[] cross;
        final double[] s;
        final int depth;
        long id;
        double bound;
        double[] dir;
        double candidate;
        double[] candidateDir;
        boolean exact;
        double[] d;
        /** Cone coordinates (up to scale) of the relaxation's maximiser behind the node's bound; for the split. */
        double[] alpha;
        /** How many splits in a row, down to this node, left every crossing unit crossing. */
        int stall;
        /**
         * Whether an exact leaf over these crossing units gave up at {@link #MAX_REGIONS} regions, here or on an
         * ancestor with the same units (a sub-cone would list as many: the emptiness proofs do not see the cone).
         */
        boolean tooManyRegions;
        /** Whether the crossing units' rows have a floating-point rank below r (null: not computed yet). */
        Boolean lowRank;

        Node(int sign, double[][] v, double[][] gram, int[] cross, double[] s, int depth) {
            this.sign = sign;
            this.v = v;
            this.gram = gram;
            this.cross = cross;
            this.s = s;
            this.depth = depth;
        }
    }

    private static final class Search {
        final double[][] a;
        final double[] lambda;
        final int n;
        final int r;
        final int fullR;
        final int[] kept;
        final Options options;
        final double[] delta;
        final double lip;
        final double err;
        final double errS;
        final double errFix;
        /** Σ over merged equal rows of |Σλ_k − λ̂|·‖x̃‖, rounded up: what merging moved g by at most. */
        final double errMerge;
        volatile boolean gramOk = true;
        /** About how many bytes the open nodes may hold. */
        long memory = Long.MAX_VALUE;
        /** The pruning threshold when the current batch started (fixed while nodes are built in parallel). */
        double pruneAt = Double.NEGATIVE_INFINITY;
        double best;
        double[] bestDir;
        int bestSign = 1;
        /** Points above this value are collected ({@link Result#above()}), keyed by their pattern and sign. */
        double collectAbove = Double.POSITIVE_INFINITY;
        final Map<java.nio.LongBuffer, Point> collected = new LinkedHashMap<>();

        Search(double[][] design, double[] lam, Options options) {
            this.options = options;
            this.fullR = design.length == 0 ? 0 : design[0].length;
            boolean[] nonzeroCol = new boolean[fullR];
            for (double[] row : design) {
                for (int j = 0; j < fullR; j++) {
                    nonzeroCol[j] |= row[j] != 0;
                }
            }
            this.kept = IntStream.range(0, fullR).filter(j -> nonzeroCol[j]).toArray();
            this.r = kept.length;
            double[][] rowsKept = new double[design.length][];
            for (int k = 0; k < design.length; k++) {
                rowsKept[k] = new double[r];
                for (int j = 0; j < r; j++) {
                    rowsKept[k][j] = design[k][kept[j]];
                }
            }
            Merged merged = merge(rowsKept, lam);
            this.errMerge = merged.error();
            this.a = merged.rows();
            this.lambda = merged.lambda();
            this.n = a.length;
            // the rounding constants of the class comment, item 1
            double lipSum = 0;
            double absLambda = 0;
            double ed = 0;
            this.delta = new double[n];
            double[] colAbs = new double[r];
            for (int k = 0; k < n; k++) {
                double nk = ErrorBounds.normUp(a[k]);
                double al = Math.abs(lambda[k]);
                lipSum = ErrorBounds.addUp(lipSum, ErrorBounds.mulUp(al, nk));
                absLambda = ErrorBounds.addUp(absLambda, al);
                delta[k] = ErrorBounds.dotError(ErrorBounds.mulUp(nk, 1 + 0x1p-40), r);
                ed = ErrorBounds.addUp(ed, ErrorBounds.mulUp(al, delta[k]));
                for (int j = 0; j < r; j++) {
                    colAbs[j] += al * Math.abs(a[k][j]);
                }
            }
            double[] es = new double[r];
            for (int j = 0; j < r; j++) {
                es[j] = ErrorBounds.dotError(colAbs[j], Math.max(n, 1));
            }
            double eS = ErrorBounds.mulUp(ErrorBounds.normUp(es), 1 + 0x1p-40);
            this.lip = lipSum;
            this.errS = eS;
            this.errFix = ErrorBounds.mulUp(ErrorBounds.mulUp(2.05, ErrorBounds.sqrtUp(Math.max(r, 1))), ed);
            double magnitudes = ErrorBounds.addUp(ErrorBounds.addUp(ErrorBounds.mulUp(2 * lipSum, 1 + 0x1p-40), eS), ed);
            double ec = ErrorBounds.dotError(magnitudes, n + r + 1);
            this.err = ErrorBounds.addUp(ErrorBounds.addUp(eS, ed), ec);
        }

        Result run() {
            long start = System.nanoTime();
            boolean finite = Double.isFinite(lip) && Double.isFinite(err) && Double.isFinite(errMerge);
            for (double l : lambda) {
                finite &= Double.isFinite(l);
            }
            if (!finite) {
                return new Result(Double.POSITIVE_INFINITY, 0, null, 1, 0, 0, Double.POSITIVE_INFINITY, false, false,
                        0, seconds(start), "not finite", 0, List.of(), 0);
            }
            if (n == 0 || r == 0) {
                // nothing left but what merging moved (0 unless copies' λ were rounded and then cancelled)
                return new Result(errMerge, 0, null, 1, 0, 0, errMerge == 0 ? 0 : Double.POSITIVE_INFINITY, true, true, 0,
                        seconds(start), "complete", 0, List.of(), 0);
            }
            if (r > MAX_R) {
                throw new IllegalArgumentException("branch and bound over the sphere is for r <= " + MAX_R + ", not " + r);
            }
            // the floor below which bounds cannot be resolved (a few times the rounding constant)
            double floor = 8 * err;
            best = 0;
            // seeds for the lower value: cell ascent from ±X̃ᵀλ
            double[] z = new double[r];
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < r; j++) {
                    z[j] += lambda[k] * a[k][j];
                }
            }
            int lastSign = options.positiveOnly() ? 1 : -1; // the sign −1 only for c(λ), not for c⁺(λ)
            for (int sign = 1; sign >= lastSign; sign -= 2) {
                double[] u = z.clone();
                for (int j = 0; j < r; j++) {
                    u[j] *= sign;
                }
                offer(sign, u);
                double[] neg = u.clone();
                for (int j = 0; j < r; j++) {
                    neg[j] = -neg[j];
                }
                offer(sign, neg);
            }
            // largest bound first, then creation order (written out: the composed comparator's lambdas were 9 % of a
            // search's samples, BENCHMARKS §29; the keys beside the nodes in the heap's own arrays, §50)
            Comparator<Node> order = (x, y) -> {
                int c = Double.compare(-x.bound, -y.bound);
                return c != 0 ? c : Long.compare(x.id, y.id);
            };
            BoundHeap<Node> queue = new BoundHeap<>();
            int[] all = IntStream.range(0, n).toArray();
            List<Node> roots = new ArrayList<>();
            for (int sign = 1; sign >= lastSign; sign -= 2) {
                for (int mask = 0; mask < (1 << r); mask++) {
                    double[][] v = new double[r][r];
                    double[][] gram = new double[r][r];
                    double[] centre = new double[r];
                    for (int i = 0; i < r; i++) {
                        v[i][i] = ((mask >>> i) & 1) == 0 ? 1 : -1;
                        gram[i][i] = 1;
                        centre[i] = v[i][i];
                    }
                    roots.add(new Node(sign, v, gram, all, new double[r], 0));
                    roots.get(roots.size() - 1).dir = centre;
                }
            }
            Node[] built = new Node[roots.size()];
            IntStream.range(0, roots.size()).parallel().forEach(i -> {
                Node p = roots.get(i);
                built[i] = build(p.sign, p.v, p.gram, p.cross, null, -1, p.s, 0, p.dir, null);
            });
            long nodes = 0;
            long id = 0;
            int depth = 0;
            double prunedMax = 0;
            long lowRankLeaves = 0;
            for (Node b : built) {
                b.id = id++;
                nodes++;
                lowRankLeaves += b.exact && b.cross.length > EXACT_UNITS ? 1 : 0;
                consider(b);
            }
            long openBytes = 0; // an estimate of what the open nodes hold
            long dropped = 0; // open nodes dropped for memory
            String stoppedBy = "complete";
            for (Node b : built) {
                if (b.bound > threshold(floor)) {
                    open(queue, b);
                    openBytes += bytes(b);
                } else {
                    prunedMax = Math.max(prunedMax, b.bound);
                }
            }
            boolean complete = false;
            while (true) {
                double th = threshold(floor);
                List<Node> batch = new ArrayList<>();
                while (!queue.isEmpty() && batch.size() < options.batch()) {
                    Node top = queue.poll();
                    openBytes -= bytes(top);
                    if (top.bound <= th) {
                        prunedMax = Math.max(prunedMax, top.bound);
                        for (Node rest : queue.items()) {
                            prunedMax = Math.max(prunedMax, rest.bound);
                        }
                        queue.clear();
                        openBytes = 0;
                        break;
                    }
                    if (r == 1) {
                        // a node of the line is one ray, with no edge to split: its bound (proven, with its
                        // rounding allowances) is final, and it enters c as a pruned node's does (with a zero
                        // relative tolerance such a node can stay above the threshold, and split failed)
                        prunedMax = Math.max(prunedMax, top.bound);
                        continue;
                    }
                    batch.add(top);
                }
                if (batch.isEmpty()) {
                    complete = dropped == 0;
                    if (!complete) {
                        stoppedBy = "memory"; // every node resolved, down to the bounds of those dropped
                    }
                    break;
                }
                long batchBytes = 0;
                for (Node b : batch) {
                    batchBytes += bytes(b);
                }
                if (openBytes + batchBytes > memory && !queue.isEmpty()) {
                    // out of memory: the upper half of the open nodes by bound is kept (fewer if even those and the
                    // batch do not fit), the rest dropped; their bounds enter c (prunedMax), and nothing at or below
                    // the largest of them is opened again (the floor)
                    Node[] openNodes = queue.items().toArray(new Node[0]);
                    Arrays.sort(openNodes, order);
                    queue.clear();
                    openBytes = 0;
                    boolean full = false;
                    for (int i = 0; i < openNodes.length; i++) {
                        Node b = openNodes[i];
                        long size = bytes(b);
                        full |= i >= openNodes.length / 2 || openBytes + size + batchBytes > memory;
                        if (full) {
                            prunedMax = Math.max(prunedMax, b.bound);
                            floor = Math.max(floor, b.bound);
                            dropped++;
                        } else {
                            queue.add(b, b.bound, b.id);
                            openBytes += size;
                        }
                    }
                }
                long held = openBytes + batchBytes; // the open nodes, the batch about to be split included
                if (nodes >= options.maxNodes() || seconds(start) >= options.seconds() || held > memory) {
                    // out of budget: the open nodes' bounds stay in c (openMax below), so c is still proven
                    stoppedBy = nodes >= options.maxNodes() ? "nodes" : held > memory ? "memory" : "seconds";
                    for (Node b : batch) {
                        queue.add(b, b.bound, b.id);
                    }
                    break;
                }
                pruneAt = threshold(floor);
                Node[][] children = new Node[batch.size()][];
                IntStream.range(0, batch.size()).parallel().forEach(i -> children[i] = split(batch.get(i)));
                for (Node[] pair : children) {
                    for (Node c : pair) {
                        c.id = id++;
                        nodes++;
                        lowRankLeaves += c.exact && c.cross.length > EXACT_UNITS ? 1 : 0;
                        depth = Math.max(depth, c.depth);
                        consider(c);
                    }
                }
                double th2 = threshold(floor);
                for (Node[] pair : children) {
                    for (Node c : pair) {
                        if (c.bound > th2) {
                            open(queue, c);
                            openBytes += bytes(c);
                        } else {
                            prunedMax = Math.max(prunedMax, c.bound);
                        }
                    }
                }
            }
            double openMax = queue.isEmpty() ? 0 : queue.peekKey();
            double raw = Math.max(0, Math.max(prunedMax, openMax));
            // item 3 of the class comment: the rounded generators
            double dlt = ErrorBounds.mulUp(ErrorBounds.sqrtUp(r), 0x1p-45);
            double x = ErrorBounds.mulUp(Math.max(depth, 1), dlt);
            double bigDelta = Math.nextUp(x / Math.nextDown(1 - x));
            double c = ErrorBounds.addUp(ErrorBounds.addUp(ErrorBounds.mulUp(raw, 1 + bigDelta),
                    ErrorBounds.mulUp(ErrorBounds.mulUp(3, lip), bigDelta)), errFix);
            c = ErrorBounds.addUp(c, errMerge);
            boolean proven = gramOk && x < 0.01 && !Double.isNaN(c);
            if (!proven) {
                c = Double.POSITIVE_INFINITY;
            }
            double gap = best > 0 ? (c - best) / best : (c == 0 ? 0 : Double.POSITIVE_INFINITY);
            double[] dirOut = null;
            if (bestDir != null) {
                dirOut = new double[fullR];
                for (int j = 0; j < r; j++) {
                    dirOut[kept[j]] = bestDir[j];
                }
            }
            return new Result(c, best, dirOut, bestSign, nodes, queue.size(), gap, proven, complete, depth,
                    seconds(start), stoppedBy, dropped, above(), lowRankLeaves);
        }

        /**
         * About what a node holds on the heap: its generators and their Gram matrix (r × r each), its crossing units
         * with their r values each, and a few r-vectors, with the arrays' headers.
         */
        private long bytes(Node node) {
            int r2 = node.v.length;
            long kc = node.cross.length;
            long values = node.d == null ? 0 : 16 + 8 * kc * r2;
            return 64 + 2L * r2 * (16 + 8L * r2) + (16 + 4 * kc) + values + 5L * (16 + 8L * r2);
        }

        /**
         * d̂_ki = fl(x̃_kᵀv_i) for the node's crossing units, row by row: the values {@code classify} gave the node
         * (each column was computed by the same {@code dot} when its generator was made; a root's ±x̃_ki is what
         * {@code dot} gives for ±e_i). Open nodes drop them (they are most of a node's size) and get them back here.
         */
        private double[] values(Node p) {
            double[] d = new double[p.cross.length * r];
            for (int t = 0; t < p.cross.length; t++) {
                double[] ak = a[p.cross[t]];
                for (int i = 0; i < r; i++) {
                    d[t * r + i] = dot(ak, p.v[i]);
                }
            }
            return d;
        }

        /** Queues an open node without its unit values (see {@link #values}). */
        private void open(BoundHeap<Node> queue, Node node) {
            node.d = null;
            queue.add(node, node.bound, node.id);
        }

        private double threshold(double floor) {
            return Math.max(options.target(), Math.max(best * (1 + options.relativeTolerance()), floor));
        }

        private static double seconds(long start) {
            return (System.nanoTime() - start) * 1e-9;
        }

        /** Takes a node's candidate lower value: re-evaluated over all units, then improved by cell ascent. */
        private void consider(Node b) {
            if (b.candidateDir != null && b.candidate > collectAbove) {
                collect(b.sign, b.candidateDir, b.candidate);
            }
            if (b.candidateDir != null && b.candidate > best) {
                offer(b.sign, b.candidateDir);
            }
        }

        /** Keeps (u, sign, value) as the point of its pattern {x̃_kᵀu &gt; 0} and sign when it is that one's best. */
        private void collect(int sign, double[] u, double value) {
            long[] key = new long[(n >>> 6) + 2];
            for (int k = 0; k < n; k++) {
                if (dot(a[k], u) > 0) {
                    key[k >>> 6] |= 1L << (k & 63);
                }
            }
            key[key.length - 1] = sign;
            java.nio.LongBuffer k = java.nio.LongBuffer.wrap(key); // equality and hash on the content
            Point old = collected.get(k);
            if (old == null && collected.size() >= COLLECT_MAX) {
                return;
            }
            if (old == null || value > old.value()) {
                collected.put(k, new Point(full(u), sign, value));
            }
        }

        /** u in the full r coordinates (zeros on the dropped columns). */
        private double[] full(double[] u) {
            double[] out = new double[fullR];
            for (int j = 0; j < r; j++) {
                out[kept[j]] = u[j];
            }
            return out;
        }

        private List<Point> above() {
            List<Point> out = new ArrayList<>(collected.values());
            out.sort((p, q) -> Double.compare(q.value(), p.value())); // stable: ties keep the order met
            return out;
        }

        /** Evaluates h = sign·g at u (and cell ascent from there), updating the best value. */
        private void offer(int sign, double[] u0) {
            double[] u = unit(u0);
            if (u == null) {
                return;
            }
            double val = value(sign, u);
            for (int it = 0; it < 50; it++) {
                double[] zz = new double[r];
                for (int k = 0; k < n; k++) {
                    if (dot(a[k], u) > 0) {
                        double mu = sign * lambda[k];
                        for (int j = 0; j < r; j++) {
                            zz[j] += mu * a[k][j];
                        }
                    }
                }
                double[] next = unit(zz);
                if (next == null) {
                    break;
                }
                double nv = value(sign, next);
                if (!(nv > val * (1 + 1e-15))) {
                    break;
                }
                u = next;
                val = nv;
            }
            if (val > collectAbove) {
                collect(sign, u, val);
            }
            if (val > best) {
                best = val;
                bestDir = u;
                bestSign = sign;
            }
        }

        private double value(int sign, double[] u) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                double d = dot(a[k], u);
                if (d > 0) {
                    s += lambda[k] * d;
                }
            }
            return sign * s;
        }

        /**
         * The two children of a node: an edge (v_a, v_b) of the cone ({@link #splitEdge}) is split at
         * m ∝ q·v_a + p·v_b, max(p, q) = 1. Among the crossing units whose hyperplane crosses that edge near its
         * middle (min(p, q) ≥ {@link #SPLIT_CENTRE}), the one whose linear bound can be loosest,
         * score_k = |λ_k|·min(max_i d_ki, max_i −d_ki), puts m on its hyperplane ((q, p) ∝ (|d_kb|, |d_ka|)):
         * branching on hyperplanes, so the unit is fixed in both children; without one, the midpoint.
         */
        private Node[] split(Node p) {
            int kc = p.cross.length;
            if (p.d == null) {
                p.d = values(p);
            }
            double[] d = p.d;
            int edge = splitEdge(p);
            int ia = edge / r;
            int ib = edge % r;
            double wa = 1;
            double wb = 1;
            double top = 0;
            for (int t = 0; t < kc; t++) {
                double da = d[t * r + ia];
                double db = d[t * r + ib];
                if (!(da > 0 && db < 0 || da < 0 && db > 0)) {
                    continue;
                }
                double qa = Math.abs(db); // weight of v_a
                double pb = Math.abs(da); // weight of v_b
                double mx = Math.max(qa, pb);
                qa /= mx;
                pb /= mx;
                if (!(Math.min(qa, pb) >= SPLIT_CENTRE && Math.max(qa, pb) <= 1)) {
                    continue;
                }
                double hi = 0;
                double lo = 0;
                for (int i = 0; i < r; i++) {
                    double x = d[t * r + i];
                    hi = x > hi ? x : hi;
                    lo = -x > lo ? -x : lo;
                }
                double score = Math.abs(lambda[p.cross[t]]) * Math.min(hi, lo);
                if (score > top) {
                    top = score;
                    wa = qa;
                    wb = pb;
                }
            }
            double[] m = new double[r];
            for (int j = 0; j < r; j++) {
                m[j] = wa * p.v[ia][j] + wb * p.v[ib][j];
            }
            double norm = Math.sqrt(dot(m, m));
            for (int j = 0; j < r; j++) {
                m[j] /= norm;
            }
            double[] gm = new double[r];
            for (int i = 0; i < r; i++) {
                gm[i] = dot(m, p.v[i]);
            }
            double mm = dot(m, m);
            boolean ok = Math.abs(mm - 1) <= GRAM_SLACK;
            for (int i = 0; i < r; i++) {
                ok &= gm[i] >= -GRAM_SLACK;
            }
            if (!ok) {
                gramOk = false;
            }
            Node[] out = new Node[2];
            int[] replace = {ib, ia};
            for (int c = 0; c < 2; c++) {
                int q = replace[c];
                double[][] v = p.v.clone();
                v[q] = m;
                double[][] gram = new double[r][];
                for (int i = 0; i < r; i++) {
                    gram[i] = p.gram[i].clone();
                }
                for (int i = 0; i < r; i++) {
                    gram[q][i] = i == q ? mm : gm[i];
                    gram[i][q] = gram[q][i];
                }
                out[c] = build(p.sign, v, gram, p.cross, p.d, q, p.s, p.depth + 1, p.dir, p);
                // a child's region lies in its parent's (up to the δ of item 4), so the parent's bound holds there too
                out[c].bound = Math.min(out[c].bound, p.bound);
            }
            return out;
        }

        /**
         * The edge to split (returned as a·r + b, a &lt; b): the one whose bisection lowers the node's relaxation
         * most at its maximiser u* = Σ_i α_i v_i (α ∝ the certificate's ν ≥ 0), among the edges at least
         * {@link #EDGE_FRACTION} as long as the longest; the longest edge when no edge lowers it.
         *
         * <p>Bisecting (v_a, v_b) at m ∝ v_a + v_b puts u* (say α_a ≥ α_b) in the child with generators
         * v_a, m, … as u* = (α_a − α_b)v_a + α_b(v_a + v_b) + …; a unit's envelope value Σ_i α_i (d_ki)₊ then
         * drops by exactly α_b·[(d_ka)₊ + (d_kb)₊ − (d_ka + d_kb)₊] = min(α_a, α_b)·min(|d_ka|, |d_kb|) when
         * d_ka and d_kb have opposite signs (0 otherwise). Summed over the crossing units with μ_k &gt; 0 (the
         * negative units' slopes are optimised and are not what keeps wide cones loose: BENCHMARKS §10), this is
         * the score. A heuristic only: any edge gives a valid pair of children. Always taking the longest edge
         * instead left yacht's cones 90° wide after 15 levels (in r = 7 every pair of generators with disjoint
         * supports is 90° apart, and ties were broken by index) and needed 37× the nodes (BENCHMARKS §10, round 3).
         */
        private int splitEdge(Node p) {
            int ia = 0;
            int ib = 1;
            double least = Double.POSITIVE_INFINITY;
            for (int i = 0; i < r; i++) {
                for (int j = i + 1; j < r; j++) {
                    if (p.gram[i][j] < least) {
                        least = p.gram[i][j];
                        ia = i;
                        ib = j;
                    }
                }
            }
            double[] al = p.alpha;
            if (al == null) {
                return ia * r + ib;
            }
            int[] pos = new int[r];
            int np = 0;
            for (int i = 0; i < r; i++) {
                if (al[i] > 0) {
                    pos[np++] = i;
                }
            }
            if (np < 2) {
                return ia * r + ib;
            }
            // edges at least EDGE_FRACTION of the longest angle: Gram entry ≤ cos(EDGE_FRACTION·acos(least))
            double cosLimit = Math.cos(EDGE_FRACTION * Math.acos(Math.max(-1, Math.min(1, least))));
            double[] score = new double[np * np];
            int kc = p.cross.length;
            double[] d = p.d;
            for (int t = 0; t < kc; t++) {
                double mu = p.sign * lambda[p.cross[t]];
                if (!(mu > 0)) {
                    continue;
                }
                int at = t * r;
                for (int x = 0; x < np; x++) {
                    double dx = d[at + pos[x]];
                    if (dx == 0) {
                        continue;
                    }
                    for (int y = x + 1; y < np; y++) {
                        double dy = d[at + pos[y]];
                        if (dx > 0 ? dy < 0 : dy > 0) {
                            score[x * np + y] += mu * Math.min(Math.abs(dx), Math.abs(dy));
                        }
                    }
                }
            }
            double top = 0;
            int edge = ia * r + ib;
            for (int x = 0; x < np; x++) {
                for (int y = x + 1; y < np; y++) {
                    int i = pos[x];
                    int j = pos[y];
                    double val = Math.min(al[i], al[j]) * score[x * np + y];
                    if (val > top && p.gram[i][j] <= cosLimit) {
                        top = val;
                        edge = i * r + j;
                    }
                }
            }
            return edge;
        }

        /**
         * A node for the cone of generators v: the parent's crossing units classified again, the bound of the
         * linear relaxation with up to three slope choices for the negative units, and a candidate lower value.
         * (The loops are small methods of their own: a cold JVM compiles those fully long before it would compile
         * one large method, which otherwise ran in profiled code for a whole CLI run: BENCHMARKS §10, round 3.)
         */
        private Node build(int sign, double[][] v, double[][] gram, int[] parentCross, double[] parentD, int replaced,
                double[] parentS, int depth, double[] ref, Node parent) {
            int kp = parentCross.length;
            int[] cross = new int[kp];
            double[] d = new double[kp * r];
            double[] s = parentS.clone();
            int kc = classify(sign, v, parentCross, parentD, replaced, cross, d, s);
            cross = Arrays.copyOf(cross, kc);
            d = Arrays.copyOf(d, kc * r);
            Node node = new Node(sign, v, gram, cross, s, depth);
            node.d = d;
            if (parent != null && kc == kp) {
                // the split fixed none of the parent's crossing units: the same units, so the same rank and leaf size
                node.stall = parent.stall + 1;
                node.tooManyRegions = parent.tooManyRegions;
                node.lowRank = parent.lowRank;
            }
            double[] mus = new double[kc];
            for (int t = 0; t < kc; t++) {
                mus[t] = sign * lambda[cross[t]];
            }
            // the fixed part and the positive units' envelope at each generator (each base[i] a recursive sum)
            double[] base = new double[r];
            for (int i = 0; i < r; i++) {
                base[i] = dot(s, v[i]);
            }
            addPositiveParts(base, mus, d, kc, true);
            // generators as candidate lower values (the envelope is exact there; negative units add μ(d)₊)
            double[] vertexValue = base.clone();
            addPositiveParts(vertexValue, mus, d, kc, false);
            int bestI = 0;
            for (int i = 1; i < r; i++) {
                if (vertexValue[i] > vertexValue[bestI]) {
                    bestI = i;
                }
            }
            node.candidate = vertexValue[bestI];
            node.candidateDir = v[bestI];
            // slopes θ_k for the negative crossing units: 1 where x̃_kᵀref > 0
            boolean[] theta = new boolean[kc];
            if (ref != null) {
                initialSlopes(cross, mus, ref, theta);
            }
            node.bound = Double.POSITIVE_INFINITY;
            double[] c = new double[r];
            double[] dots = new double[kc];
            for (int pass = 0; pass < 3; pass++) {
                System.arraycopy(base, 0, c, 0, r);
                addSlopeTerms(c, mus, d, theta);
                for (int i = 0; i < r; i++) {
                    c[i] = ErrorBounds.addUp(c[i], err);
                }
                LeastNormCertificate.Bound b = LeastNormCertificate.of(v, gram, c);
                double[] w = b.w();
                double[] u = unit(w);
                if (b.value() < node.bound) {
                    node.bound = b.value();
                    node.dir = u != null ? u : node.dir;
                    node.alpha = b.nu();
                }
                if (u == null) {
                    break;
                }
                // the relaxation's maximiser as a candidate (evaluated with this node's classification)
                double val = crossingValue(dot(s, u), cross, mus, u, dots);
                boolean changed = updateSlopes(mus, dots, theta);
                if (val > node.candidate) {
                    node.candidate = val;
                    node.candidateDir = u;
                }
                if (!changed || node.bound <= pruneAt) {
                    break;
                }
            }
            if (node.bound > pruneAt && options.slopeSteps() > 0) {
                fractionalSlopes(node, base, theta);
            }
            if ((kc <= EXACT_UNITS || kc <= LOW_RANK_UNITS && node.stall >= STALL_SPLITS && !node.tooManyRegions
                    && lowRank(node)) && node.bound > pruneAt) {
                exactBound(node, d);
            }
            if (node.dir == null) {
                node.dir = ref;
            }
            return node;
        }

        /**
         * Classifies the parent's crossing units on the cone v: d̂_ki = fl(x̃_kᵀv_i) (inherited from the parent for
         * the generators the child shares; all computed for a root, parentD null), units fixed active added to s,
         * those still crossing written to cross and d; returns how many cross.
         */
        private int classify(int sign, double[][] v, int[] parentCross, double[] parentD, int replaced, int[] cross,
                double[] d, double[] s) {
            int kc = 0;
            double[] vr = replaced >= 0 ? v[replaced] : null;
            for (int t = 0; t < parentCross.length; t++) {
                int k = parentCross[t];
                double[] ak = a[k];
                int at = kc * r;
                if (parentD != null) {
                    System.arraycopy(parentD, t * r, d, at, r);
                    d[at + replaced] = dot(ak, vr);
                } else {
                    // a root: v_i = ±e_i, so fl(x̃_kᵀv_i) is exactly ±x̃_ki (every other product is a zero)
                    for (int i = 0; i < r; i++) {
                        d[at + i] = v[i][i] * ak[i];
                    }
                }
                double lo = d[at];
                double hi = lo;
                for (int i = 1; i < r; i++) {
                    double x = d[at + i];
                    lo = x < lo ? x : lo;
                    hi = x > hi ? x : hi;
                }
                double dl = delta[k];
                if (lo >= -dl) {
                    double mu = sign * lambda[k];
                    for (int j = 0; j < r; j++) {
                        s[j] += mu * ak[j];
                    }
                } else if (hi > dl) {
                    cross[kc++] = k;
                }
            }
            return kc;
        }

        /** out_i += Σ_t μ_t (d_ti)₊ over the units with μ_t > 0 (positive) or μ_t < 0 (not positive), in order. */
        private void addPositiveParts(double[] out, double[] mus, double[] d, int kc, boolean positive) {
            for (int t = 0; t < kc; t++) {
                double mu = mus[t];
                if (positive ? mu > 0 : mu < 0) {
                    int at = t * r;
                    for (int i = 0; i < r; i++) {
                        double x = d[at + i];
                        out[i] += mu * (x > 0 ? x : 0); // (d)₊; no NaN reaches here (inputs checked finite)
                    }
                }
            }
        }

        /** θ_t = 1[μ_t &lt; 0 and x̃_kᵀref &gt; 0]. */
        private void initialSlopes(int[] cross, double[] mus, double[] ref, boolean[] theta) {
            for (int t = 0; t < cross.length; t++) {
                theta[t] = mus[t] < 0 && dot(a[cross[t]], ref) > 0;
            }
        }

        /** c_i += Σ_{t : θ_t} μ_t d_ti, in order (only negative units have θ set). */
        private void addSlopeTerms(double[] c, double[] mus, double[] d, boolean[] theta) {
            for (int t = 0; t < theta.length; t++) {
                if (theta[t]) {
                    double mu = mus[t];
                    int at = t * r;
                    for (int i = 0; i < r; i++) {
                        c[i] += mu * d[at + i];
                    }
                }
            }
        }

        /** val + Σ_t μ_t (x̃_kᵀu)₊ over the crossing units, summed in order; dots_t = x̃_kᵀu. */
        private double crossingValue(double val, int[] cross, double[] mus, double[] u, double[] dots) {
            for (int t = 0; t < cross.length; t++) {
                double dd = dot(a[cross[t]], u);
                dots[t] = dd;
                if (dd > 0) {
                    val += mus[t] * dd;
                }
            }
            return val;
        }

        /** θ_t ← 1[x̃_kᵀu &gt; 0] (dots_t = x̃_kᵀu) for the negative units; whether any changed. */
        private static boolean updateSlopes(double[] mus, double[] dots, boolean[] theta) {
            boolean changed = false;
            for (int t = 0; t < theta.length; t++) {
                if (mus[t] < 0) {
                    boolean on = dots[t] > 0;
                    if (theta[t] != on) {
                        theta[t] = on;
                        changed = true;
                    }
                }
            }
            return changed;
        }

        /**
         * Optimised fractional slopes (α-CROWN style) for the negative crossing units: the relaxation with slopes
         * θ ∈ [0, 1]^K is F(θ) = max_{u ∈ C ∩ ball} L_θ(u), L_θ(u) = (fixed + envelopes)(u) + Σ_k θ_k μ_k x̃_kᵀu,
         * and min_θ F(θ) equals the maximum of the concave function (fixed + envelopes)(u) + Σ_k μ_k (x̃_kᵀu)₊ over
         * C ∩ ball (Sion's minimax theorem: L is bilinear in (θ, u) over compact convex sets), i.e. the negative
         * units are then bounded exactly. F is convex with subgradient ∂F/∂θ_k = μ_k x̃_kᵀu*, u* the maximiser
         * w/‖w‖ of the certificate; projected subgradient steps θ ← clip(θ − η_j ∂F), η_j = 1/((j + 1)·max_k |∂_kF|)
         * for {@code Options.slopeSteps} steps, starting from the best 0/1 choice. Soundness does not depend on
         * how θ is found: each θ gives the coefficients fl(θ_k μ_k), whose ratio to μ_k is exactly in [0, 1]
         * (rounding is monotone), so L is a valid linear bound with the same rounding terms as the 0/1 slopes
         * (class comment, item 1), and the node keeps the smallest bound seen.
         */
        private void fractionalSlopes(Node node, double[] base, boolean[] start) {
            int kc = node.cross.length;
            int[] neg = new int[kc];
            int kn = 0;
            for (int t = 0; t < kc; t++) {
                if (node.sign * lambda[node.cross[t]] < 0) {
                    neg[kn++] = t;
                }
            }
            if (kn == 0) {
                return;
            }
            double[] theta = new double[kn];
            double[] coef = new double[kn];
            for (int j = 0; j < kn; j++) {
                theta[j] = start[neg[j]] ? 1 : 0;
            }
            double[] c = new double[r];
            double[] grad = new double[kn];
            double[] u = node.dir;
            for (int step = 0; step < options.slopeSteps() && u != null; step++) {
                double gmax = slopeGradient(node, neg, theta, u, grad);
                if (!(gmax > 0)) {
                    return;
                }
                double eta = 1 / ((step + 1) * gmax);
                for (int j = 0; j < kn; j++) {
                    theta[j] = Math.min(1, Math.max(0, theta[j] - eta * grad[j]));
                    coef[j] = theta[j] * (node.sign * lambda[node.cross[neg[j]]]);
                }
                System.arraycopy(base, 0, c, 0, r);
                addScaledRows(c, coef, neg, kn, node.d);
                for (int i = 0; i < r; i++) {
                    c[i] = ErrorBounds.addUp(c[i], err);
                }
                LeastNormCertificate.Bound b = LeastNormCertificate.of(node.v, node.gram, c);
                u = unit(b.w());
                if (b.value() < node.bound) {
                    node.bound = b.value();
                    node.alpha = b.nu();
                    if (u != null) {
                        node.dir = u;
                    }
                    if (node.bound <= pruneAt) {
                        return;
                    }
                }
            }
        }

        /**
         * ∂F/∂θ_j = μ_k x̃_kᵀu for the negative units neg[0..kn) (into grad); returns the largest |∂F/∂θ_j| over the
         * components not blocked by their bound (θ_j = 0 with ∂ &gt; 0, θ_j = 1 with ∂ &lt; 0).
         */
        private double slopeGradient(Node node, int[] neg, double[] theta, double[] u, double[] grad) {
            double gmax = 0;
            for (int j = 0; j < theta.length; j++) {
                int k = node.cross[neg[j]];
                grad[j] = node.sign * lambda[k] * dot(a[k], u);
                double lo = theta[j] <= 0 && grad[j] > 0 ? 0 : Math.abs(grad[j]);
                double hi = theta[j] >= 1 && grad[j] < 0 ? 0 : lo;
                gmax = hi > gmax ? hi : gmax;
            }
            return gmax;
        }

        /** c_i += Σ_j coef_j d_{neg[j], i} over j &lt; kn with coef_j ≠ 0, in order. */
        private void addScaledRows(double[] c, double[] coef, int[] neg, int kn, double[] d) {
            for (int j = 0; j < kn; j++) {
                if (coef[j] != 0) {
                    int at = neg[j] * r;
                    for (int i = 0; i < r; i++) {
                        c[i] += coef[j] * d[at + i];
                    }
                }
            }
        }

        /**
         * The exact leaf (class comment, "Exact leaves"): with few crossing units, the maximum of h over the node is
         * the largest over the 2^K sign regions R_σ = C ∩ {(2σ_k − 1)x̃_kᵀu ≥ 0} of a linear function q_σᵀu, and
         * ‖Π_R(q)‖ ≤ ‖q + Aᵀμ‖ for any μ ≥ 0 and any rows a with aᵀu ≥ 0 on R_σ (Moreau). The rows are the signed
         * crossing units and r inequalities f_i valid on C (the facet normals M⁻¹e_i, nudged inwards by
         * 2⁻³⁰‖f_i‖·Σ_j v_j and then <em>checked</em>: f_iᵀv_j ≥ 0 for every generator, with the dot-product error
         * bound; no exact leaf if a check fails). q̂_σ is ŝ plus the σ-active units, a recursive sum of at most n
         * products, so ‖q_σ − q̂_σ‖ ≤ E_s; the residual is evaluated with its error bound. μ from Lawson–Hanson
         * on min_{μ≥0} ½‖q̂ + Aᵀμ‖².
         */
        private void exactBound(Node node, double[] d) {
            int kc = node.cross.length;
            double[][] facets = facetRows(node.v);
            if (facets == null) {
                return;
            }
            double[][] rowsA = new double[r + kc][];
            for (int i = 0; i < r; i++) {
                rowsA[i] = powerOfTwoScaled(facets[i]);
            }
            // the units in the order they are branched on: μ > 0 first (their sides must all be listed), then
            // μ < 0 by |μ_k|·‖x̃_k‖₁, largest first (the first to be left out of a region's bound)
            Integer[] order = new Integer[kc];
            for (int t = 0; t < kc; t++) {
                order[t] = t;
            }
            Arrays.sort(order, Comparator.comparingInt((Integer t) -> node.sign * lambda[node.cross[t]] > 0 ? 0 : 1)
                    .thenComparingDouble(t -> -weight(node.cross[t])));
            int[] units = new int[kc];
            int positives = 0;
            for (int t = 0; t < kc; t++) {
                units[t] = node.cross[order[t]];
                if (node.sign * lambda[units[t]] > 0) {
                    positives++;
                }
            }
            ExactLeaf leaf = new ExactLeaf(node.sign, units, positives, rowsA, node.bound);
            double bound = leaf.visit(0, node.s.clone(), Double.POSITIVE_INFINITY);
            node.tooManyRegions |= leaf.regions > MAX_REGIONS;
            // (−∞ would say that every region of C is empty, which the proofs cannot: kept out all the same)
            if (leaf.aborted || leaf.regions == 0 || !(bound > Double.NEGATIVE_INFINITY) || !(bound < node.bound)) {
                return;
            }
            node.bound = bound;
            node.exact = true;
            double[] u = leaf.worstRes == null ? null : unit(leaf.worstRes);
            if (u != null) {
                node.dir = u;
                double val = value(node.sign, u);
                if (val > node.candidate) {
                    node.candidate = val;
                    node.candidateDir = u;
                }
            }
        }

        /** Whether the node's crossing rows have a rank below r, computed once per crossing set ({@link Node#lowRank}). */
        private boolean lowRank(Node node) {
            if (node.lowRank == null) {
                node.lowRank = rankBelow(node.cross, r);
            }
            return node.lowRank;
        }

        /** Whether the rows x̃_k, k ∈ units, have a floating-point rank below limit (a heuristic: it only gates work). */
        private boolean rankBelow(int[] units, int limit) {
            double[][] m = new double[units.length][];
            for (int t = 0; t < m.length; t++) {
                m[t] = a[units[t]].clone();
            }
            int rank = 0;
            for (int col = 0; col < r && rank < m.length; col++) {
                int piv = rank;
                for (int x = rank; x < m.length; x++) {
                    if (Math.abs(m[x][col]) > Math.abs(m[piv][col])) {
                        piv = x;
                    }
                }
                double scale = 0;
                for (double[] row : m) {
                    scale = Math.max(scale, Math.abs(row[col]));
                }
                if (!(Math.abs(m[piv][col]) > 1e-9 * Math.max(scale, 1e-300))) {
                    continue;
                }
                double[] tmp = m[rank];
                m[rank] = m[piv];
                m[piv] = tmp;
                for (int x = rank + 1; x < m.length; x++) {
                    double f = m[x][col] / m[rank][col];
                    for (int j = col; j < r; j++) {
                        m[x][j] -= f * m[rank][j];
                    }
                }
                rank++;
            }
            return rank < limit;
        }

        /** |λ_k|·‖x̃_k‖₁: how much unit k can move h on the ball. */
        private double weight(int k) {
            double w = 0;
            for (double x : a[k]) {
                w += Math.abs(x);
            }
            return Math.abs(lambda[k]) * w;
        }

        /**
         * The sign regions of an exact leaf, listed depth first over the crossing units (class comment, "Exact
         * leaves"). A unit with μ_k &gt; 0 is always branched on: the region of its σ_k = 1 side adds μ_k x̃_k to q and
         * the row x̃_k, the other side the row −x̃_k. Once only units with μ_k &lt; 0 are left, q (those units left
         * out: μ_k(x̃_kᵀu)₊ ≤ 0) bounds h on the region so far, and the region is split further only while that bound
         * exceeds the pruning threshold. A region's bound is the smaller of its own and the largest of its two
         * halves' (their union is the region), so the node's bound is at most the 2^K regions' largest. A side whose
         * region is proven to have an empty interior ({@link #emptyWith}) is not listed: with rows of rank 2, K units
         * leave at most 2K of the 2^K sign vectors.
         */
        private final class ExactLeaf {
            final int sign;
            final int[] units;
            final int positives;
            final double[][] rowsA;
            /** The bound to beat: the listing stops (aborted) once a region's bound reaches it. */
            final double cap;
            boolean aborted;
            double worst = Double.NEGATIVE_INFINITY;
            double[] worstRes;
            double[] lastRes;
            /** The signed rows of the units before the current depth, as given (negation is exact). */
            final double[][] signed;
            /** Regions bounded so far (the listing stops, aborted, past {@link #MAX_REGIONS}). */
            int regions;
            /** Per unit (in branching order): x̃_k and −x̃_k, as given and scaled by powers of two. */
            final double[][] onRow;
            final double[][] offRow;
            final double[][] onScaled;
            final double[][] offScaled;

            ExactLeaf(int sign, int[] units, int positives, double[][] rowsA, double cap) {
                this.sign = sign;
                this.units = units;
                this.positives = positives;
                this.rowsA = rowsA;
                this.cap = cap;
                this.signed = new double[units.length][];
                int kc = units.length;
                onRow = new double[kc][];
                offRow = new double[kc][r];
                onScaled = new double[kc][];
                offScaled = new double[kc][];
                for (int t = 0; t < kc; t++) {
                    onRow[t] = a[units[t]];
                    for (int j = 0; j < r; j++) {
                        offRow[t][j] = -onRow[t][j];
                    }
                    onScaled[t] = powerOfTwoScaled(onRow[t]);
                    offScaled[t] = powerOfTwoScaled(offRow[t]);
                }
            }

            /**
             * Whether the region so far, cut by bᵀu ≥ 0, is proven to have an empty interior from two or three of its
             * unit rows ({@link EmptyInterior}). Such a region needs no bound: its points lie in the closures of the
             * regions with an interior, which are all listed, and h is continuous.
             */
            boolean emptyWith(double[] b, int t) {
                for (int i = 0; i < t; i++) {
                    if (EmptyInterior.opposite(signed[i], b)) {
                        return true;
                    }
                    for (int j = i + 1; j < t; j++) {
                        if (EmptyInterior.triple(signed[i], signed[j], b)) {
                            return true;
                        }
                    }
                }
                return false;
            }

            /**
             * A bound on h over the region of the units before t (their rows in rowsA[r..r + t)), q its linear part;
             * ceiling is the smallest bound of the regions that contain this one.
             */
            double visit(int t, double[] q, double ceiling) {
                if (aborted) {
                    return Double.POSITIVE_INFINITY;
                }
                double own = Double.POSITIVE_INFINITY;
                if (t >= positives) {
                    own = regionBound(q, r + t);
                    if (t == units.length || own <= pruneAt) {
                        if (Math.min(own, ceiling) >= cap) {
                            aborted = true; // the node's bound cannot come out lower than it is
                        }
                        if (own > worst) {
                            worst = own;
                            worstRes = lastRes;
                        }
                        return own;
                    }
                }
                double below = Math.min(own, ceiling);
                double mu = sign * lambda[units[t]];
                double[] row = onRow[t];
                double on = Double.NEGATIVE_INFINITY;
                double off = Double.NEGATIVE_INFINITY;
                if (!emptyWith(row, t)) {
                    double[] qOn = q.clone();
                    for (int j = 0; j < r; j++) {
                        qOn[j] += mu * row[j];
                    }
                    signed[t] = row;
                    rowsA[r + t] = onScaled[t];
                    on = visit(t + 1, qOn, below);
                }
                if (!emptyWith(offRow[t], t)) {
                    signed[t] = offRow[t];
                    rowsA[r + t] = offScaled[t];
                    off = visit(t + 1, q, below);
                }
                return Math.min(own, Math.max(on, off));
            }

            /**
             * ‖q + Aᵀμ‖ with μ ≥ 0 from Lawson–Hanson on min ½‖q + Aᵀμ‖², A the first m rows, plus its rounding:
             * the residual's dot-product error and E_s (q̂ against q).
             */
            double regionBound(double[] q, int m) {
                if (++regions > MAX_REGIONS) {
                    aborted = true;
                    return Double.POSITIVE_INFINITY;
                }
                double[][] g = new double[m][m];
                double[] c = new double[m];
                for (int x = 0; x < m; x++) {
                    for (int y = 0; y <= x; y++) {
                        g[x][y] = dot(rowsA[x], rowsA[y]);
                        g[y][x] = g[x][y];
                    }
                    c[x] = -dot(rowsA[x], q);
                }
                double[] mu = LeastNormCertificate.solve(g, c);
                double[] res = q.clone();
                double[] tj = new double[r];
                for (int j = 0; j < r; j++) {
                    tj[j] = Math.abs(q[j]);
                }
                for (int x = 0; x < m; x++) {
                    double mx = mu[x] > 0 && Double.isFinite(mu[x]) ? mu[x] : 0;
                    if (mx != 0) {
                        for (int j = 0; j < r; j++) {
                            res[j] += mx * rowsA[x][j];
                            tj[j] += mx * Math.abs(rowsA[x][j]);
                        }
                    }
                }
                double[] e = new double[r];
                for (int j = 0; j < r; j++) {
                    e[j] = ErrorBounds.dotError(tj[j], m + 1);
                }
                double bound = ErrorBounds.addUp(ErrorBounds.addUp(ErrorBounds.normUp(res), ErrorBounds.normUp(e)),
                        errS);
                if (!(bound < Double.POSITIVE_INFINITY)) {
                    aborted = true;
                    return Double.POSITIVE_INFINITY;
                }
                lastRes = res;
                return bound;
            }
        }

        /**
         * Rows f_i with f_iᵀu ≥ 0 proven for every u of the cone (f_iᵀv_j ≥ 0 checked with the dot-product error
         * bound for each generator): the facet normals of the simplicial cone, nudged inwards; null if unproven.
         */
        private double[][] facetRows(double[][] v) {
            double[][] lu = new double[r][];
            for (int i = 0; i < r; i++) {
                lu[i] = v[i].clone();
            }
            int[] perm = new int[r];
            for (int i = 0; i < r; i++) {
                perm[i] = i;
            }
            for (int col = 0; col < r; col++) {
                int piv = col;
                for (int i = col + 1; i < r; i++) {
                    if (Math.abs(lu[i][col]) > Math.abs(lu[piv][col])) {
                        piv = i;
                    }
                }
                if (!(Math.abs(lu[piv][col]) > 1e-300)) {
                    return null;
                }
                double[] tmp = lu[col];
                lu[col] = lu[piv];
                lu[piv] = tmp;
                int tp = perm[col];
                perm[col] = perm[piv];
                perm[piv] = tp;
                for (int i = col + 1; i < r; i++) {
                    double f = lu[i][col] / lu[col][col];
                    lu[i][col] = f;
                    for (int j = col + 1; j < r; j++) {
                        lu[i][j] -= f * lu[col][j];
                    }
                }
            }
            double[] zsum = new double[r];
            for (double[] vi : v) {
                for (int j = 0; j < r; j++) {
                    zsum[j] += vi[j];
                }
            }
            double[][] out = new double[r][];
            for (int i = 0; i < r; i++) {
                // solve M f = e_i, M the matrix with rows v_j (P M = L U)
                double[] b = new double[r];
                for (int j = 0; j < r; j++) {
                    b[j] = perm[j] == i ? 1 : 0;
                }
                for (int j = 0; j < r; j++) {
                    for (int k = 0; k < j; k++) {
                        b[j] -= lu[j][k] * b[k];
                    }
                }
                for (int j = r - 1; j >= 0; j--) {
                    for (int k = j + 1; k < r; k++) {
                        b[j] -= lu[j][k] * b[k];
                    }
                    b[j] /= lu[j][j];
                }
                double tau = Math.sqrt(dot(b, b)) * 0x1p-30;
                for (int j = 0; j < r; j++) {
                    b[j] += tau * zsum[j];
                }
                for (double[] vj : v) {
                    double dd = 0;
                    double mag = 0;
                    for (int j = 0; j < r; j++) {
                        dd += b[j] * vj[j];
                        mag += Math.abs(b[j]) * Math.abs(vj[j]);
                    }
                    if (!(dd - ErrorBounds.dotError(mag, r) > 0)) {
                        return null;
                    }
                }
                out[i] = b;
            }
            return out;
        }

        /**
         * The row times the power of two that brings its norm into [1/2, 2): exact, so aᵀu ≥ 0 is unchanged, except
         * for entries of a row whose norm is 2 or more that are, or become, subnormal when it is scaled down (1e-300
         * beside 1e10, say), which it may round (that error is far below the errS allowance the leaves add for finite
         * inputs). Facet rows of thin cones have norms far from 1; unscaled, Lawson–Hanson's tolerance (relative
         * to the largest entry) stopped it short of the projection and left exact leaves loose.
         */
        private static double[] powerOfTwoScaled(double[] row) {
            double nn = Math.sqrt(dot(row, row));
            if (!(nn > 0) || !Double.isFinite(nn)) {
                return row;
            }
            int e = Math.getExponent(nn);
            double[] out = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                out[j] = Math.scalb(row[j], -e);
            }
            return out;
        }

        private static double dot(double[] x, double[] y) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += x[j] * y[j];
            }
            return s;
        }

        private static double[] unit(double[] w) {
            double nn = Math.sqrt(dot(w, w));
            if (!(nn > 0) || !Double.isFinite(nn)) {
                return null;
            }
            double[] u = new double[w.length];
            for (int j = 0; j < w.length; j++) {
                u[j] = w[j] / nn;
            }
            return u;
        }
    }
}

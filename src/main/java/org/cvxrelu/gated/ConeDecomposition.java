package org.cvxrelu.gated;

import org.cvxrelu.exact.DotSign;
import org.cvxrelu.solver.ipm.MinimalNormSplit;

/**
 * The cone decomposition of Mishkin et al. (ICML 2022, §3): a gated block u_i is written u_i = v_i − w_i with
 * v_i, w_i ∈ K_i = {u : (2D_i − I)X̃u ≥ 0}, so that the ReLU neurons v_i (output +) and w_i (output −)
 * reproduce the gated prediction: D_i X̃(v_i − w_i) = (X̃v_i)₊ − (X̃w_i)₊ = D_i X̃ u_i.
 *
 * <p>Construction (explicit): g, a point with (2D_i − I)X̃g &gt; 0 (the gate that produced the pattern,
 * {@link org.cvxrelu.patterns.PatternSet#witness}, and a direction moved deeper into K_i by {@link #centre};
 * the better of the two is kept); with a_k = (2D_i − I)_kk x̃_k,
 * <pre>
 *   A:  w = τ g,  v = u + τ g,   τ ≥ max_k (−a_kᵀu)₊ / a_kᵀg
 *   B:  v = σ g,  w = σ g − u,   σ ≥ max_k ( a_kᵀu)₊ / a_kᵀg
 * </pre>
 * Both put v and w in K_i (a_kᵀv = a_kᵀu + τ a_kᵀg ≥ 0, and so on); of the two, the one with the smaller
 * ‖v‖ + ‖w‖ is kept (A is u itself when u ∈ K_i, B is −u when −u ∈ K_i). τ and σ are the computed maxima
 * inflated by a relative margin; membership of the stored doubles v and w in K_i is then verified with the
 * exact sign of every a_kᵀv and a_kᵀw ({@link DotSign}), and the margin grows until it holds. The result is
 * a valid (not norm-minimal) decomposition: ‖v‖ + ‖w‖ ≥ ‖u‖, so the ReLU net's penalty can exceed the gated
 * one. {@link #refined} replaces it by the norm-minimal split (an interior-point solve per block), which the
 * gated model asks for when the direct pairs make a net worse than the zero net.
 */
public final class ConeDecomposition {
    private ConeDecomposition() {
    }

    /** v_i and w_i, each exactly in K_i. */
    public record Pair(double[] v, double[] w) {
    }

    /**
     * @param design X̃
     * @param mask the pattern's bits
     * @param gate a strict interior point of K_i
     * @param u the block
     * @throws IllegalStateException when the gate is not strictly inside K_i (exact test)
     */
    public static Pair decompose(double[][] design, long[] mask, double[] gate, double[] u) {
        return decompose(design, mask, gate, u, () -> false);
    }

    /**
     * As {@link #decompose(double[][], long[], double[], double[])}; once {@code stop} holds (a time limit has
     * passed) the search for a deeper direction ({@link #centre}, up to 200 passes over the n rows, most of the
     * cost at n = 10,000) is cut short, so the pair may be longer; it is still exactly in K_i.
     */
    public static Pair decompose(double[][] design, long[] mask, double[] gate, double[] u,
            java.util.function.BooleanSupplier stop) {
        Pair a = decomposeAlong(design, mask, gate, u);
        double[] centred = centre(design, mask, gate, stop);
        if (centred == null) {
            return a;
        }
        try {
            Pair b = decomposeAlong(design, mask, centred, u);
            return norm(b.v()) + norm(b.w()) < norm(a.v()) + norm(a.w()) ? b : a;
        } catch (IllegalStateException e) {
            return a;
        }
    }

    /**
     * {@code pair}, or the norm-minimal split of u ({@link MinimalNormSplit}: min ‖v‖ + ‖w‖ over every decomposition,
     * the SOCP decomposition of Mishkin et al.) when that is smaller. The interior-point answer w0 holds the cone's
     * inequalities only to its tolerance; it is moved exactly into K_i along the gate ({@link #repairAlong}).
     * Returns {@code pair} when u is already split at its norm (u or −u in K_i), or the solve or the repair fails.
     */
    public static Pair refined(double[][] design, long[] mask, double[] gate, double[] u, Pair pair) {
        if (size(pair) <= norm(u) * (1 + 1e-12)) {
            return pair;
        }
        double[][] a = signedRows(design, mask);
        double[] w0 = MinimalNormSplit.solve(a, u);
        if (w0 == null) {
            return pair;
        }
        Pair c = repairAlong(a, gate, u, w0);
        return c != null && size(c) < size(pair) ? c : pair;
    }

    /** ‖v‖ + ‖w‖. */
    static double size(Pair p) {
        return norm(p.v()) + norm(p.w());
    }

    /** The rows a_k = (2D_i − I)_kk x̃_k of K_i. */
    static double[][] signedRows(double[][] design, long[] mask) {
        double[][] a = new double[design.length][];
        for (int k = 0; k < design.length; k++) {
            boolean on = (mask[k >>> 6] & (1L << (k & 63))) != 0;
            a[k] = new double[design[k].length];
            for (int j = 0; j < design[k].length; j++) {
                a[k][j] = on ? design[k][j] : -design[k][j];
            }
        }
        return a;
    }

    /**
     * A split near w0 made exact: w = w0 + τg, v = u + w0 + τg with g strictly inside K_i (a_kᵀg &gt; 0 for every
     * non-zero row) and τ ≥ max_k max(0, −a_kᵀw0, −a_kᵀ(u + w0)) / a_kᵀg, inflated until the exact test
     * ({@link DotSign}) puts both in K_i; null when no margin up to 1e3 does.
     */
    static Pair repairAlong(double[][] a, double[] g, double[] u, double[] w0) {
        int r = u.length;
        double[] v0 = new double[r];
        for (int j = 0; j < r; j++) {
            v0[j] = u[j] + w0[j];
        }
        double base = 0;
        double maxRow = 0;
        double minAg = Double.POSITIVE_INFINITY;
        for (double[] row : a) {
            if (GatedProblem.isZero(row)) {
                continue;
            }
            double ag = dot(row, g);
            if (!(ag > 0)) {
                return null;
            }
            base = Math.max(base, Math.max(-dot(row, w0), -dot(row, v0)) / ag);
            maxRow = Math.max(maxRow, norm(row));
            minAg = Math.min(minAg, ag);
        }
        if (!(base < 1e300)) {
            return null; // not finite, or τ·g would overflow
        }
        // a step along g that outweighs the rounding of a_kᵀv0 and a_kᵀw0: 2⁻⁴⁰·max_k ‖a_k‖(‖v0‖ + ‖w0‖) / min_k a_kᵀg
        double offBoundary = Double.isFinite(minAg)
                ? Math.max(Double.MIN_NORMAL, 0x1p-40 * maxRow * (norm(v0) + norm(w0)) / minAg) : Double.MIN_NORMAL;
        for (double margin = 1e-9; margin < 1e3; margin *= 16) {
            double tau = base == 0 ? 0 : base * (1 + margin) + margin * Double.MIN_NORMAL;
            double[] v = new double[r];
            double[] w = new double[r];
            for (int j = 0; j < r; j++) {
                v[j] = v0[j] + tau * g[j];
                w[j] = w0[j] + tau * g[j];
            }
            if (inCone(a, v) && inCone(a, w)) {
                return new Pair(v, w);
            }
            // on the boundary up to rounding: move off it (also when another row set a tiny base: the margin
            // alone would never cover the rounding of a row that sits on the boundary)
            base = Math.max(base, offBoundary);
        }
        return null;
    }

    /**
     * Ascent steps of {@link #centre} still taken once a time limit has passed (the first steps gain the most: on
     * a 10,000-row problem cut by its limit, none gave a net with L_β 33–48× the gated objective, ten 19×, the
     * full ascent 8.5×; BENCHMARKS §17).
     */
    static final int STEPS_PAST_LIMIT = 10;

    /** Interior-point iterations a norm-minimal split ({@link #refined}) is counted at. */
    static final int LEAST_SPLIT_ITERATIONS = 30;
    /**
     * The largest estimated work (non-zero blocks × n × (r+2)² × {@link #LEAST_SPLIT_ITERATIONS}) for which the gated
     * model refines a decomposition worse than the zero net by norm-minimal splits: about 5 s on the development
     * machine (diabetes, 248 blocks of r = 11 on 442 rows: 5.6e8, 1.1–1.4 s; BENCHMARKS §31). A 10,000-row problem
     * with 1,000 blocks keeps the direct pairs (8e11 at r = 51, 5e10 at r = 11).
     */
    static final double LEAST_SPLIT_WORK = 2.5e9;

    /**
     * A direction deeper inside K_i than the gate: a few steps of ascent on the soft minimum of the normalised
     * margins a_kᵀd/‖a_k‖ over the unit sphere, from the gate; null when it does not improve the smallest margin.
     * (Only the choice of direction; membership is still proven by the exact test of the decomposition.) Once
     * {@code stop} holds the ascent ends after at most {@link #STEPS_PAST_LIMIT} steps.
     */
    static double[] centre(double[][] design, long[] mask, double[] gate, java.util.function.BooleanSupplier stop) {
        int n = design.length;
        int r = gate.length;
        double[][] a = new double[n][r];
        for (int k = 0; k < n; k++) {
            boolean on = (mask[k >>> 6] & (1L << (k & 63))) != 0;
            double nr = norm(design[k]);
            if (nr == 0) {
                continue;
            }
            for (int j = 0; j < r; j++) {
                a[k][j] = (on ? design[k][j] : -design[k][j]) / nr;
            }
        }
        double[] d = gate.clone();
        double nd = norm(d);
        for (int j = 0; j < r; j++) {
            d[j] /= nd;
        }
        double[] m = margins(a, d);
        double start = min(m);
        double[] best = d.clone();
        double bestMargin = start;
        double temperature = Math.max(1e-6, start);
        double step = 0.5;
        double[] grad = null;
        double wsum = 0;
        for (int it = 0; it < 200 && !(it >= STEPS_PAST_LIMIT && stop.getAsBoolean()); it++) {
            if (grad == null) { // d or the temperature changed: the soft-min gradient at d (else it is unchanged)
                double lo = min(m);
                grad = new double[r];
                wsum = 0;
                for (int k = 0; k < n; k++) {
                    double x = (m[k] - lo) / temperature;
                    if (x > 746) {
                        continue; // exp(−x) is exactly 0 below −745.2: skipping it changes no bit of wsum or grad
                    }
                    double w = Math.exp(-x);
                    wsum += w;
                    for (int j = 0; j < r; j++) {
                        grad[j] += w * a[k][j];
                    }
                }
            }
            double[] next = new double[r];
            for (int j = 0; j < r; j++) {
                next[j] = d[j] + step * grad[j] / wsum;
            }
            double nn = norm(next);
            for (int j = 0; j < r; j++) {
                next[j] /= nn;
            }
            double[] mNext = margins(a, next);
            double margin = min(mNext);
            if (margin > bestMargin) {
                bestMargin = margin;
                best = next.clone();
                d = next;
                m = mNext;
                grad = null;
                temperature = Math.max(1e-6, 0.5 * margin);
            } else {
                step *= 0.5;
                if (step < 1e-6) {
                    break;
                }
            }
        }
        return bestMargin > start ? best : null;
    }

    /** a_kᵀd for every row, each summed as {@link #dot} sums it (the same bits), eight rows at a time. */
    private static double[] margins(double[][] a, double[] d) {
        return org.cvxrelu.cone.RowDots.all(a, d);
    }

    private static double min(double[] m) {
        double lo = Double.POSITIVE_INFINITY;
        for (double v : m) {
            lo = Math.min(lo, v);
        }
        return lo;
    }

    /**
     * The two explicit constructions of the class comment along the gate g, each made exact by {@link #repairAlong}:
     * A from w0 = 0 (w = τg, v = u + τg) and B from w0 = −u (v = σg, w = σg − u); the one with the smaller ‖v‖ + ‖w‖
     * (A on a tie).
     *
     * @throws IllegalStateException when g is not strictly inside K_i (exact test), or neither construction is
     */
    private static Pair decomposeAlong(double[][] design, long[] mask, double[] gate, double[] u) {
        double[][] a = signedRows(design, mask);
        for (int k = 0; k < a.length; k++) {
            if (DotSign.sign(a[k], gate) <= 0) {
                throw new IllegalStateException("the gate is not strictly inside its cone at sample " + k);
            }
        }
        double[] minusU = new double[u.length];
        for (int j = 0; j < u.length; j++) {
            minusU[j] = -u[j];
        }
        Pair best = null;
        for (double[] w0 : new double[][] {new double[u.length], minusU}) {
            Pair pair = repairAlong(a, gate, u, w0);
            if (pair != null && (best == null || size(pair) < size(best))) {
                best = pair;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no exact cone decomposition found");
        }
        return best;
    }

    /** Whether (2D − I)X̃u ≥ 0 holds exactly for the rows a. */
    static boolean inCone(double[][] a, double[] u) {
        if (GatedProblem.isZero(u)) {
            return true;
        }
        for (double[] row : a) {
            if (DotSign.sign(row, u) < 0) {
                return false;
            }
        }
        return true;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }
}

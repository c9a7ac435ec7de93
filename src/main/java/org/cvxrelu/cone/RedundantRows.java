package org.cvxrelu.cone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Drops the inequalities of a pattern cone K = {u : a_kᵀu ≥ 0}, a_k = (2D_kk − 1) x̃_k, that the others imply,
 * for a solver's description of K when the facets cannot be read off an exact arrangement (sampled or
 * generated patterns).
 *
 * <p>Why: the cone of a cell of n hyperplanes in R^r has on average O(r) facets, but every one of the n rows
 * is an inequality of the interior-point method's program. Redundant inequalities cost an iteration's work
 * (n per group instead of ~2r) and, more, its centrality: at the apex of an inactive group's cone every
 * inequality is tight. Measured on the first restricted solve of iris (100 rows, r = 5, 87 groups) with CVXOPT's
 * coneqp: 37 iterations over all 8,700 rows, 22 over the 925 this keeps, the same optimum to its tolerance.
 *
 * <p>How: a row is dropped only with a proof in floating point that it is implied: multipliers μ ≥ 0 with
 * ‖a_k − Σ_{j ∈ F} μ_j a_j‖ ≤ {@link #RESIDUAL}·‖a_k‖ over rows F that are kept, and Σ μ_j ‖a_j‖ ≤
 * {@link #MULTIPLIERS}·‖a_k‖ (large multipliers mean nearly dependent facets, a thin cell, where the
 * implication amplifies a solver's tolerance; such rows stay). F starts with rows certainly on the boundary of
 * the dual cone cone{a_k}: with an interior witness w (a_kᵀw > 0 for every k) the points p_k = a_k / a_kᵀw lie on
 * one hyperplane and those maximising vᵀp_k over fixed directions v are vertices of their hull, i.e. facets of K.
 * The other rows are tested outermost first (farthest from the points' mean), each test a non-negative least
 * squares over F ({@link ConeProjection}); a row that fails joins F. A kept row that is not a facet costs only
 * time; a dropped row is implied up to the tolerances above, and a solver's answer is checked against every row
 * afterwards anyway (cuts, then projection onto K).
 */
public final class RedundantRows {
    /** Relative residual of the conic combination below which a row counts as implied. */
    static final double RESIDUAL = 1e-10;
    /** Bound on Σ μ_j ‖a_j‖ / ‖a_k‖ for a row to be dropped. */
    static final double MULTIPLIERS = 1e3;
    /** Random directions searched for vertices, beyond the 2r coordinate ones. */
    static final int DIRECTIONS = 32;
    /**
     * Above this many inputs r no row is tested. Measured on breast_cancer (r = 31, 569 rows): the tests kept
     * 528 rows of 569 on average and cost 12 s over 100 cones, the restricted solve no faster; on the tables
     * with r ≤ 11 they keep 5–15 % of the rows.
     */
    static final int MAX_R = 16;

    private RedundantRows() {
    }

    /**
     * The rows of {@code rows} that are not shown to be implied by the others, in increasing order.
     *
     * @param design  X̃ (n × r)
     * @param mask    the pattern's activity bits (row k active: sign +1, else −1)
     * @param rows    the candidate rows (distinct, non-zero)
     * @param witness a point of K's interior; when some row is not strictly positive on it, every row is kept
     */
    public static int[] irredundant(double[][] design, long[] mask, int[] rows, double[] witness) {
        int m = rows.length;
        int r = witness.length;
        if (m <= r + 1 || r > MAX_R) {
            return rows.clone();
        }
        // p_k = a_k / a_kᵀw on the hyperplane {p : pᵀw = 1}
        double[][] p = new double[m][r];
        double[] norms = new double[m];
        double[] mean = new double[r];
        for (int a = 0; a < m; a++) {
            int k = rows[a];
            double sign = ConeProjection.sign(mask, k);
            double s = 0;
            double nn = 0;
            for (int j = 0; j < r; j++) {
                double v = sign * design[k][j];
                s += v * witness[j];
                nn += v * v;
            }
            if (!(s > 0) || !Double.isFinite(s)) {
                return rows.clone();
            }
            norms[a] = Math.sqrt(nn);
            for (int j = 0; j < r; j++) {
                p[a][j] = sign * design[k][j] / s;
                mean[j] += p[a][j] / m;
            }
        }
        boolean[] kept = new boolean[m];
        List<Integer> f = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(1);
        double[] v = new double[r];
        for (int d = 0; d < 2 * r + DIRECTIONS; d++) {
            if (d < 2 * r) {
                Arrays.fill(v, 0);
                v[d / 2] = d % 2 == 0 ? 1 : -1;
            } else {
                for (int j = 0; j < r; j++) {
                    v[j] = gaussian(rng);
                }
            }
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < m; a++) {
                double t = 0;
                for (int j = 0; j < r; j++) {
                    t += p[a][j] * v[j];
                }
                if (t > bestValue) {
                    bestValue = t;
                    best = a;
                }
            }
            if (best >= 0 && !kept[best]) {
                kept[best] = true;
                f.add(best);
            }
        }
        // the others, outermost first
        Integer[] order = new Integer[m];
        double[] spread = new double[m];
        for (int a = 0; a < m; a++) {
            order[a] = a;
            double s = 0;
            for (int j = 0; j < r; j++) {
                s += (p[a][j] - mean[j]) * (p[a][j] - mean[j]);
            }
            spread[a] = s;
        }
        Arrays.sort(order, (x, y) -> Double.compare(spread[y], spread[x]));
        double[] minusA = new double[r];
        for (int a : order) {
            if (kept[a]) {
                continue;
            }
            int k = rows[a];
            double sign = ConeProjection.sign(mask, k);
            for (int j = 0; j < r; j++) {
                minusA[j] = -sign * design[k][j];
            }
            int[] fr = new int[f.size()];
            for (int b = 0; b < fr.length; b++) {
                fr[b] = rows[f.get(b)];
            }
            if (!implied(design, mask, fr, minusA, norms[a])) {
                kept[a] = true;
                f.add(a);
                if (f.size() > m / 2) {
                    return rows.clone(); // most rows are facets (high r): pruning would not pay
                }
            }
        }
        int[] out = new int[f.size()];
        for (int b = 0; b < out.length; b++) {
            out[b] = rows[f.get(b)];
        }
        Arrays.sort(out);
        return out;
    }

    /** Whether −z = a_k is a conic combination of the rows {@code f} to the tolerances of the class comment. */
    private static boolean implied(double[][] design, long[] mask, int[] f, double[] z, double norm) {
        ConeProjection.Result res = ConeProjection.project(design, mask, f, z);
        if (!(res.norm() <= RESIDUAL * norm)) {
            return false;
        }
        double total = 0;
        for (int b = 0; b < res.rows().length; b++) {
            double nn = 0;
            for (double x : design[res.rows()[b]]) {
                nn += x * x;
            }
            total += res.multipliers()[b] * Math.sqrt(nn);
        }
        return total <= MULTIPLIERS * norm;
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}

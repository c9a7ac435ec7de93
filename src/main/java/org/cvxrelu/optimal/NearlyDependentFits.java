package org.cvxrelu.optimal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Directions c along which the columns G_j of a fit matrix are dependent to rounding, for {@link Pruning}'s step 4:
 * ‖Gc‖² ≤ tol²·max_j ‖G_j‖², c_j = 1 on one column and the rest on a basis of the others. Only directions to try;
 * every step along one is checked on the net's objective.
 * <p>
 * The Gram matrix Q = GᵀG is formed once (n·m²/2). A Cholesky factorisation of Q with diagonal pivoting picks a
 * basis B column by column, the largest residual ‖G_j − Π_B G_j‖² first, and stops when every residual is at most
 * tol²·max_j Q_jj: the columns left out are each that close to the span of B. For such a column j,
 * c_B = −Q_BB⁻¹ Q_Bj, that is L_BBᵀ c_B = −l_j with l_j the factor's row of j (one triangular solve, O(|B|²)), and
 * ‖G_B c_B + G_j‖² is j's residual; the direction is handed out normalised. A factorisation costs O(m·|B|²),
 * against O(m³) for an eigendecomposition: a decomposed ReLU net of the gated model has m in the hundreds or thousands
 * and |B| in the tens. Directions are handed out most dependent first. When a step removes column j itself, the other
 * directions stand (they are supported on B and their own column); when it removes a basis column, each is moved off
 * it along the direction just used ({@link #removed}); the factorisation is made again when they run out.
 */
final class NearlyDependentFits {
    private final double[][] gram;
    private final double tol;
    /** the columns still in, as indices into the Gram matrix, in the caller's order */
    private final List<Integer> columns = new ArrayList<>();
    /** directions over {@link #columns} (positions), most dependent first; empty: factorise again */
    private final List<double[]> pending = new ArrayList<>();
    private boolean fresh;

    NearlyDependentFits(List<double[]> fits, double tol) {
        int m = fits.size();
        this.gram = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double s = Linear.dot(fits.get(i), fits.get(j));
                gram[i][j] = s;
                gram[j][i] = s;
            }
            columns.add(i);
        }
        this.tol = tol;
    }

    /**
     * The next direction over the remaining columns (in their order), or null when there is none: the columns are
     * independent beyond the tolerance.
     */
    double[] next() {
        if (pending.isEmpty()) {
            factorise();
            fresh = true;
        }
        return pending.isEmpty() ? null : pending.get(0).clone();
    }

    /**
     * The direction {@link #next} gave was refused: the next one of the same factorisation, a fresh factorisation
     * once those run out, and none (null from then on) once every direction of a fresh one was refused.
     */
    void refused() {
        pending.remove(0);
        if (pending.isEmpty() && fresh) {
            columns.clear(); // nothing left to try
        }
    }

    /**
     * The direction c that {@link #next} gave was taken and removed the columns at {@code positions} (ascending).
     * A direction v with a non-zero entry at the removed column h used it as a basis column: v ← v − (v_h/c_h)·c
     * keeps it off h (‖Gv‖ can grow by |v_h/c_h|·‖Gc‖, which the caller's objective check sees), so the
     * factorisation is made again only when the directions run out (O(k·m) per removal instead of O(m·|B|²)).
     */
    void removed(double[] c, List<Integer> positions) {
        pending.remove(0);
        fresh = false;
        if (positions.size() != 1) {
            pending.clear();
        } else {
            int h = positions.get(0);
            List<double[]> kept = new ArrayList<>();
            for (double[] v : pending) {
                double[] w = v;
                if (v[h] != 0) {
                    if (c[h] == 0) {
                        continue;
                    }
                    double r = v[h] / c[h];
                    w = new double[v.length];
                    for (int j = 0; j < v.length; j++) {
                        w[j] = v[j] - r * c[j];
                    }
                    w[h] = 0;
                    double norm = Linear.norm(w);
                    if (!(norm > 1e-8) || !Double.isFinite(norm)) {
                        continue;
                    }
                    for (int j = 0; j < w.length; j++) {
                        w[j] /= norm;
                    }
                }
                kept.add(without(w, positions));
            }
            pending.clear();
            pending.addAll(kept);
        }
        for (int p = positions.size() - 1; p >= 0; p--) {
            columns.remove((int) positions.get(p));
        }
    }

    private static double[] without(double[] v, List<Integer> positions) {
        double[] w = new double[v.length - positions.size()];
        for (int j = 0, k = 0, p = 0; j < v.length; j++) {
            if (p < positions.size() && positions.get(p) == j) {
                p++;
            } else {
                w[k++] = v[j];
            }
        }
        return w;
    }

    /** Pivoted Cholesky of Q over {@link #columns}, then one direction per column left out of the basis. */
    private void factorise() {
        int m = columns.size();
        if (m < 2) {
            return;
        }
        double[] d = new double[m];
        double dmax = 0;
        for (int i = 0; i < m; i++) {
            d[i] = gram[columns.get(i)][columns.get(i)];
            dmax = Math.max(dmax, d[i]);
        }
        if (!(dmax > 0) || !Double.isFinite(dmax)) {
            return;
        }
        double floor = tol * tol * dmax;
        boolean[] inBasis = new boolean[m];
        List<Integer> pivots = new ArrayList<>();
        List<double[]> factor = new ArrayList<>(); // column t of L: factor.get(t)[i]
        while (pivots.size() < m) {
            int p = -1;
            for (int i = 0; i < m; i++) {
                if (!inBasis[i] && (p < 0 || d[i] > d[p])) {
                    p = i;
                }
            }
            if (!(d[p] > floor)) {
                break;
            }
            double root = Math.sqrt(d[p]);
            double[] col = new double[m];
            int gp = columns.get(p);
            for (int i = 0; i < m; i++) {
                if (inBasis[i]) {
                    continue;
                }
                double s = gram[columns.get(i)][gp];
                for (double[] f : factor) {
                    s -= f[i] * f[p];
                }
                col[i] = i == p ? root : s / root;
            }
            inBasis[p] = true;
            pivots.add(p);
            factor.add(col);
            for (int i = 0; i < m; i++) {
                if (!inBasis[i]) {
                    d[i] -= col[i] * col[i];
                }
            }
        }
        int k = pivots.size();
        List<Integer> left = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            if (!inBasis[j]) {
                left.add(j);
            }
        }
        left.sort(Comparator.comparingDouble(j -> d[j]));
        for (int j : left) {
            // L_BBᵀ c_B = −l_j, with (L_BBᵀ)[t][s] = factor t at pivot s (s ≥ t) and l_j[t] = factor t at j
            double[] cb = new double[k];
            for (int t = k - 1; t >= 0; t--) {
                double[] f = factor.get(t);
                double s = -f[j];
                for (int u = t + 1; u < k; u++) {
                    s -= f[pivots.get(u)] * cb[u];
                }
                cb[t] = s / f[pivots.get(t)];
            }
            double[] c = new double[m];
            c[j] = 1;
            for (int t = 0; t < k; t++) {
                c[pivots.get(t)] = cb[t];
            }
            double norm = Linear.norm(c);
            if (!(norm > 0) || !Double.isFinite(norm)) {
                continue;
            }
            for (int i = 0; i < m; i++) {
                c[i] /= norm;
            }
            pending.add(c);
        }
    }
}

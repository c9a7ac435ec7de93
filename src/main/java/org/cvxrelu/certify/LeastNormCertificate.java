package org.cvxrelu.certify;

import java.util.Arrays;

/**
 * The maximum of a linear function over a simplicial cone cut by the unit ball, bounded from above with a
 * certificate that survives rounding.
 *
 * <p>Let C = {Vα : α ≥ 0} with generators v_1 … v_r (the columns of V, linearly independent) and let L be the
 * linear function with L(v_i) = c_i. Then
 * <pre>  max_{u ∈ C, ‖u‖ ≤ 1} L(u) = max_{α ≥ 0, ‖Vα‖ ≤ 1} cᵀα ≤ ‖w‖   for every w with v_iᵀw ≥ c_i (all i), </pre>
 * since cᵀα ≤ Σα_i v_iᵀw = (Vα)ᵀw ≤ ‖Vα‖·‖w‖. (Lagrange duality makes this tight: the least-norm feasible w is
 * Π_C(q) with Vᵀq = c, the polar form ‖q − p‖, p ∈ C°, of the issue.) The least-norm w = Vν solves the small
 * problem min_{ν ≥ 0} ½νᵀGν − cᵀν (G = VᵀV), computed here by Lawson–Hanson; it is only approximately
 * optimal and approximately feasible in floating point, so feasibility is <em>checked</em> with the
 * dot-product error bound, and any shortfall δ = max_i (c_i − v_iᵀw)₊ is repaired by w' = w + δ/ζ·z with
 * z = Σ_j v_j (v_iᵀz ≥ ζ = 0.99 and ‖z‖ ≤ 1.0102·r for the near-unit generators with near-non-negative Gram
 * matrix that {@link GlobalBound} guarantees). The returned bound is ‖w‖ + 1.02·r·δ rounded up: proven whatever
 * the quality of ν.
 */
final class LeastNormCertificate {
    private LeastNormCertificate() {
    }

    /**
     * A bound, the (approximate) maximiser direction w (zero when the bound is 0) and its coefficients ν ≥ 0 in
     * the generators (w = Σ_i ν_i v_i before any repair; the maximiser u* = w/‖w‖ has cone coordinates ν/‖w‖).
     */
    record Bound(double value, double[] w, double[] nu) {
    }

    /**
     * @param v the r generators (rows), near-unit with pairwise inner products ≥ −2⁻⁴⁰ (checked by the caller)
     * @param gram their Gram matrix, computed in floating point
     * @param c upper bounds on the values L(v_i)
     */
    static Bound of(double[][] v, double[][] gram, double[] c) {
        int r = c.length;
        double[] nu = solve(gram, c);
        double[] w = new double[v[0].length];
        for (int i = 0; i < r; i++) {
            if (nu[i] != 0) {
                for (int j = 0; j < w.length; j++) {
                    w[j] += nu[i] * v[i][j];
                }
            }
        }
        double shortfall = 0;
        for (int i = 0; i < r; i++) {
            double dot = 0;
            double mag = 0;
            for (int j = 0; j < w.length; j++) {
                dot += v[i][j] * w[j];
                mag += Math.abs(v[i][j]) * Math.abs(w[j]);
            }
            double lower = Math.nextDown(dot - ErrorBounds.dotError(mag, w.length));
            if (!(lower >= c[i])) {
                shortfall = Math.max(shortfall, Math.nextUp(c[i] - lower));
            }
        }
        if (Double.isNaN(shortfall)) {
            return new Bound(Double.POSITIVE_INFINITY, w, nu);
        }
        double value = ErrorBounds.normUp(w);
        if (shortfall > 0) {
            value = ErrorBounds.addUp(value, ErrorBounds.mulUp(shortfall, 1.02 * r));
        }
        return new Bound(value, w, nu);
    }

    /**
     * Lawson–Hanson active-set method for min ½νᵀGν − cᵀν over ν ≥ 0 (G symmetric positive semidefinite: the
     * Gram matrix of the generators, or of more rows than the dimension in {@link GlobalBound}'s exact leaves).
     * An index whose entry would make the passive set numerically singular is skipped for that step (the next
     * best gradient enters instead) rather than ending the method; every skip is cleared after a successful
     * step. Any ν ≥ 0 is sound for the callers (they check what they use), only the tightness depends on this.
     */
    static double[] solve(double[][] g, double[] c) {
        int r = c.length;
        double[] nu = new double[r];
        boolean[] passive = new boolean[r];
        boolean[] skipped = new boolean[r];
        double scale = 0;
        for (int i = 0; i < r; i++) {
            scale = Math.max(scale, Math.abs(c[i]));
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return nu;
        }
        double tol = 1e-14 * scale;
        for (int outer = 0; outer < 6 * r + 6; outer++) {
            int enter = -1;
            double most = tol;
            for (int i = 0; i < r; i++) {
                if (!passive[i] && !skipped[i]) {
                    double grad = c[i];
                    for (int j = 0; j < r; j++) {
                        grad -= g[i][j] * nu[j];
                    }
                    if (grad > most) {
                        most = grad;
                        enter = i;
                    }
                }
            }
            if (enter < 0) {
                break;
            }
            passive[enter] = true;
            boolean stepped = false;
            for (int inner = 0; inner <= r; inner++) {
                double[] z = restrictedSolve(g, c, passive);
                if (z == null) {
                    passive[enter] = false;
                    skipped[enter] = true;
                    break;
                }
                double step = 1;
                boolean feasible = true;
                for (int i = 0; i < r; i++) {
                    if (passive[i] && z[i] <= 0) {
                        feasible = false;
                        double s = nu[i] / (nu[i] - z[i]);
                        step = Math.min(step, s);
                    }
                }
                if (feasible) {
                    System.arraycopy(z, 0, nu, 0, r);
                    stepped = true;
                    break;
                }
                for (int i = 0; i < r; i++) {
                    if (passive[i]) {
                        nu[i] += step * (z[i] - nu[i]);
                        if (nu[i] <= 1e-300) {
                            nu[i] = 0;
                            passive[i] = false;
                        }
                    }
                }
                stepped = true;
            }
            if (stepped) {
                Arrays.fill(skipped, false);
            }
        }
        return nu;
    }

    /** Solves G_PP z_P = c_P by Cholesky (z zero off P); null when G_PP is not numerically positive definite. */
    private static double[] restrictedSolve(double[][] g, double[] c, boolean[] passive) {
        int r = c.length;
        int[] idx = new int[r];
        int p = 0;
        for (int i = 0; i < r; i++) {
            if (passive[i]) {
                idx[p++] = i;
            }
        }
        double[][] l = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) {
                double s = g[idx[a]][idx[b]];
                for (int k = 0; k < b; k++) {
                    s -= l[a][k] * l[b][k];
                }
                if (a == b) {
                    // relative pivot test: a (numerically) dependent row makes the passive set singular
                    if (!(s > 1e-11 * g[idx[a]][idx[a]]) || !(s > 1e-300)) {
                        return null;
                    }
                    l[a][a] = Math.sqrt(s);
                } else {
                    l[a][b] = s / l[b][b];
                }
            }
        }
        double[] y = new double[p];
        for (int a = 0; a < p; a++) {
            double s = c[idx[a]];
            for (int k = 0; k < a; k++) {
                s -= l[a][k] * y[k];
            }
            y[a] = s / l[a][a];
        }
        double[] x = new double[p];
        for (int a = p - 1; a >= 0; a--) {
            double s = y[a];
            for (int k = a + 1; k < p; k++) {
                s -= l[k][a] * x[k];
            }
            x[a] = s / l[a][a];
        }
        double[] z = new double[r];
        for (int a = 0; a < p; a++) {
            z[idx[a]] = x[a];
        }
        return z;
    }
}

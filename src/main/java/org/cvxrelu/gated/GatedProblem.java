package org.cvxrelu.gated;

import org.cvxrelu.patterns.PatternSet;

/**
 * The gated ReLU problem over p fixed patterns (gates) D_1 … D_p (Mishkin, Sahiner &amp; Pilanci, "Fast
 * convex optimization for two-layer ReLU networks", ICML 2022, the "gated ReLU" model):
 * <pre>
 *   P_gated = min_U  F(U) = ½ ‖ Σ_i D_i X̃ u_i − y ‖² + β Σ_i ‖u_i‖        (no cone constraints)
 * </pre>
 * and its dual (Fenchel; λ ∈ R^n is the negated residual at an optimum):
 * <pre>
 *   D = max_λ  λᵀy − ½‖λ‖²   s.t.  ‖X̃ᵀ D_i λ‖ ≤ β  for every i.
 * </pre>
 * For any λ and any ĉ ≥ max_i ‖X̃ᵀD_iλ‖, tλ is dual feasible for t ∈ [0, β/ĉ], so
 * P_gated ≥ max_{t∈[0,β/ĉ]} tλᵀy − ½t²‖λ‖² (weak duality; the same bound as the ReLU certificate of
 * SPEC.md with c(λ) taken over the unconstrained groups).
 *
 * <p>Relation to the ReLU convex program over the same patterns (P_c, with v_i, w_i ∈ K_i): u_i = v_i − w_i
 * is feasible here and ‖u_i‖ ≤ ‖v_i‖ + ‖w_i‖, so P_gated ≤ P_c. A lower bound on P_gated is therefore one
 * on P_c over these patterns too (not on the network problem over every pattern).
 *
 * @param design X̃ (n rows of length r; not copied, do not modify)
 * @param y the targets
 * @param patterns the gates
 * @param beta β &gt; 0
 */
public record GatedProblem(double[][] design, double[] y, PatternSet patterns, double beta) {
    public GatedProblem {
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be positive and finite, got " + beta);
        }
        if (patterns.n() != y.length || design.length != y.length) {
            throw new IllegalArgumentException("patterns, design and targets disagree on n");
        }
    }

    public int n() {
        return y.length;
    }

    public int r() {
        return patterns.r();
    }

    public int p() {
        return patterns.size();
    }

    /** The masks of every pattern (shared arrays). */
    public long[][] masks() {
        long[][] m = new long[p()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = patterns.mask(i);
        }
        return m;
    }

    /**
     * F(U) computed directly (one pass per pattern, no product kernel): an independent evaluation for tests
     * and reports. {@code u[i]} is u_i.
     */
    public double objective(double[][] u) {
        double[] fit = fit(u);
        double loss = 0;
        for (int k = 0; k < fit.length; k++) {
            double e = fit[k] - y[k];
            loss += e * e;
        }
        double pen = 0;
        for (double[] ui : u) {
            double s = 0;
            for (double v : ui) {
                s += v * v;
            }
            pen += Math.sqrt(s);
        }
        return 0.5 * loss + beta * pen;
    }

    /** Σ_i D_i X̃ u_i, directly. */
    public double[] fit(double[][] u) {
        int n = n();
        double[] f = new double[n];
        for (int i = 0; i < u.length; i++) {
            if (isZero(u[i])) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                if (patterns.active(i, k)) {
                    double s = 0;
                    for (int j = 0; j < u[i].length; j++) {
                        s += design[k][j] * u[i][j];
                    }
                    f[k] += s;
                }
            }
        }
        return f;
    }

    /** The blocks u_i (blocks[i], length r) of U stored r × p row-major (u[j·p + i] = (u_i)_j). */
    static double[][] blocks(double[] u, int r, int p) {
        double[][] blocks = new double[p][r];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < r; j++) {
                blocks[i][j] = u[j * p + i];
            }
        }
        return blocks;
    }

    static boolean isZero(double[] v) {
        for (double x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}

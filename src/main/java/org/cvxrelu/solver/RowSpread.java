package org.cvxrelu.solver;

import java.util.Arrays;
import java.util.Optional;

import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.R064Store;

/**
 * How evenly the rows' directions x̂_k = x̃_k/‖x̃_k‖ spread over the sphere of R^r:
 * <pre>  spread = r·λ_min(M),   M = (1/n) Σ_k x̂_k x̂_kᵀ, </pre>
 * 1 for directions spread evenly (M = I/r), near 0 when they crowd around a subspace of lower dimension (trace M = 1,
 * so r·λ_min ≤ 1). Raw columns far from zero (years, ages, weights) crowd every row near one direction, and with
 * them every hyperplane x̃_kᵀu = 0 near one great circle: input-splitting branch and bound over the sphere
 * ({@link BranchAndBoundPricer}) then bounds the cones that straddle that band loosely and does not settle.
 *
 * <p>Measured on the 17 integer subsets of {@code scripts/integer-subsets.py} and six public or derived tables in
 * 2–4 features (BENCHMARKS §45): raw, 2.4e-8 to 1.4e-2; standardised, 0.12 to 0.73. No raw table among them that took
 * the route settled in its searches of 1,000,000 nodes (their gaps after them 0.82–0.98), while the standardised
 * ones settle in a few hundred thousand. A routing heuristic only: no bound depends on it.
 */
public final class RowSpread {
    /**
     * Below this spread the route's branch and bound is not run where the features are not z-scores
     * ({@code CvxRelu.searchSkipped}): its generated answer warm-starts the enumeration at once (raw tables above: the
     * same answers, 8–12 s sooner, §45). Standardised tables crowd only where columns are nearly collinear, and are
     * searched (§48).
     */
    public static final double ROUTE_MIN = 0.05;

    private RowSpread() {
    }

    /** r·λ_min of the rows' second-moment matrix of directions; 1 when no row is non-zero (nothing crowds). */
    public static double of(double[][] design) {
        int n = design.length;
        int r = n == 0 ? 0 : design[0].length;
        if (r == 0) {
            return 1;
        }
        double[][] m = new double[r][r];
        int used = 0;
        for (double[] row : design) {
            double norm = 0;
            for (double v : row) {
                norm += v * v;
            }
            if (!(norm > 0) || !Double.isFinite(norm)) {
                continue;
            }
            used++;
            for (int a = 0; a < r; a++) {
                for (int b = 0; b <= a; b++) {
                    m[a][b] += row[a] * row[b] / norm;
                }
            }
        }
        if (used == 0) {
            return 1;
        }
        R064Store s = R064Store.FACTORY.make(r, r);
        for (int a = 0; a < r; a++) {
            for (int b = 0; b <= a; b++) {
                s.set(a, b, m[a][b] / used);
                s.set(b, a, m[a][b] / used);
            }
        }
        Eigenvalue<Double> ev = Eigenvalue.R064.make(true);
        if (!ev.decompose(s)) {
            return 1;
        }
        double[] values = new double[r];
        ev.getEigenvalues(values, Optional.empty());
        return r * Math.max(0, Arrays.stream(values).min().orElse(0));
    }
}

package org.cvxrelu.optimal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

/**
 * Directions c (‖c‖ = 1) along which the columns G_j of a fit matrix are dependent to rounding: ‖Gc‖ ≤ tol·‖G‖₂,
 * for {@link Pruning}'s step 4. Only directions to try; every step along one is checked on the net's objective.
 * <p>
 * The Gram matrix Q = GᵀG is formed once (n·m²/2). Its eigenvectors with eigenvalue μ ≤ tol²·μ_max are the near
 * null space N (‖Gc‖² = cᵀQc). When column h leaves, N's other vectors are kept in the subspace of the remaining
 * columns by v ← v − (v_h/c_h)·c (c the direction just used), then orthonormalised; ‖Gv‖ can grow by
 * |v_h/c_h|·‖Gc‖ that way, which the caller's objective check sees. A new eigendecomposition of Q over the remaining
 * columns is made only when N runs out: a few m³ for many removals.
 */
final class NearlyDependentFits {
    private final double[][] gram;
    private final double tol;
    /** the columns still in, as indices into the Gram matrix */
    private final List<Integer> columns = new ArrayList<>();
    /** near-null directions over {@link #columns}, smallest first; empty: decompose again */
    private final List<double[]> basis = new ArrayList<>();
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
     * The next direction over the remaining columns (in their order), or null when there is none: the columns
     * are independent beyond the tolerance.
     */
    double[] next() {
        if (basis.isEmpty()) {
            decompose();
            fresh = true;
        }
        return basis.isEmpty() ? null : basis.get(0).clone();
    }

    /**
     * The direction {@link #next} gave was refused: the next one of the same decomposition, a fresh decomposition
     * once those run out, and none (null from then on) once every direction of a fresh one was refused.
     */
    void refused() {
        basis.remove(0);
        if (basis.isEmpty() && fresh) {
            columns.clear(); // nothing left to try
        }
    }

    /** The direction {@link #next} gave was taken and removed the columns at {@code positions} (ascending). */
    void removed(double[] c, List<Integer> positions) {
        basis.remove(0);
        fresh = false;
        if (positions.size() != 1 || c[positions.get(0)] == 0) {
            basis.clear();
        } else {
            int h = positions.get(0);
            List<double[]> kept = new ArrayList<>();
            for (double[] v : basis) {
                double f = v[h] / c[h];
                double[] w = new double[v.length - 1];
                for (int j = 0, k = 0; j < v.length; j++) {
                    if (j != h) {
                        w[k++] = v[j] - f * c[j];
                    }
                }
                // Gram-Schmidt against the vectors already kept
                for (double[] q : kept) {
                    double p = Linear.dot(w, q);
                    for (int j = 0; j < w.length; j++) {
                        w[j] -= p * q[j];
                    }
                }
                double norm = Linear.norm(w);
                if (norm > 1e-8) {
                    for (int j = 0; j < w.length; j++) {
                        w[j] /= norm;
                    }
                    kept.add(w);
                }
            }
            basis.clear();
            basis.addAll(kept);
        }
        for (int p = positions.size() - 1; p >= 0; p--) {
            columns.remove((int) positions.get(p));
        }
    }

    private void decompose() {
        int m = columns.size();
        if (m < 2) {
            return;
        }
        R064Store q = R064Store.FACTORY.make(m, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                q.set(i, j, gram[columns.get(i)][columns.get(j)]);
            }
        }
        Eigenvalue<Double> eig = Eigenvalue.R064.make(q, true);
        if (!eig.decompose(q)) {
            return;
        }
        double[] mu = new double[m];
        eig.getEigenvalues(mu, Optional.empty());
        double max = 0;
        for (double v : mu) {
            max = Math.max(max, v);
        }
        if (!(max > 0)) {
            return;
        }
        MatrixStore<Double> v = eig.getV();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            if (mu[i] <= tol * tol * max) {
                order.add(i);
            }
        }
        order.sort((a, b) -> Double.compare(mu[a], mu[b]));
        for (int i : order) {
            double[] c = new double[m];
            for (int j = 0; j < m; j++) {
                c[j] = v.doubleValue(j, i);
            }
            basis.add(c);
        }
    }
}

package org.cvxrelu.train;

/** The largest eigenvalue of a symmetric positive semidefinite matrix, by power iteration. */
final class PowerIteration {
    private PowerIteration() {
    }

    /** λ_max of the k × k row-major PSD matrix {@code g}; deterministic start vector, 500 steps at most. */
    static double largestEigenvalue(double[] g, int k) {
        if (k == 0) {
            return 0;
        }
        double[] v = new double[k];
        for (int a = 0; a < k; a++) {
            v[a] = 1.0 + 0.01 * a;
        }
        double lambda = 0;
        double[] w = new double[k];
        for (int it = 0; it < 500; it++) {
            double norm = 0;
            for (int a = 0; a < k; a++) {
                norm += v[a] * v[a];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return 0;
            }
            for (int a = 0; a < k; a++) {
                v[a] /= norm;
            }
            double next = 0;
            for (int a = 0; a < k; a++) {
                double s = 0;
                for (int b = 0; b < k; b++) {
                    s += g[a * k + b] * v[b];
                }
                w[a] = s;
                next += v[a] * s;
            }
            System.arraycopy(w, 0, v, 0, k);
            if (Math.abs(next - lambda) <= 1e-12 * Math.abs(next)) {
                return next;
            }
            lambda = next;
        }
        return lambda;
    }

    /** ‖A‖₂² = λ_max(AᵀA) for a dense matrix A (rows as given). */
    static double spectralNormSquared(double[][] a) {
        int d = a.length == 0 ? 0 : a[0].length;
        double[] g = new double[d * d];
        for (double[] row : a) {
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    g[p * d + q] += row[p] * row[q];
                }
            }
        }
        return largestEigenvalue(g, d);
    }
}

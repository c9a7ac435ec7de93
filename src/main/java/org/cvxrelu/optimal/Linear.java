package org.cvxrelu.optimal;

import org.ojalgo.matrix.decomposition.SingularValue;
import org.ojalgo.matrix.store.R064Store;

/**
 * Small dense linear algebra for the optimal-set tools (columns of a few dozen n-vectors). The numerical rank
 * comes from ojAlgo's SVD; the null vector that pruning moves along comes from Gaussian elimination with full
 * pivoting (each use re-checks the objective it gives, see {@link Pruning} and {@link DirectionFit}).
 */
final class Linear {
    private Linear() {
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    /** g += t·v. */
    static void axpy(double t, double[] v, double[] g) {
        for (int k = 0; k < g.length; k++) {
            g[k] += t * v[k];
        }
    }

    /** (X̃u)₊ for every row. */
    static double[] reluFit(double[][] design, double[] u) {
        double[] f = new double[design.length];
        for (int k = 0; k < design.length; k++) {
            double s = dot(design[k], u);
            f[k] = s > 0 ? s : 0;
        }
        return f;
    }

    /**
     * A vector c ≠ 0 with Σ_j c_j cols[j] = 0, or null when the columns are linearly independent up to the
     * relative tolerance {@code tol} (Gaussian elimination with full pivoting on the n × m matrix).
     */
    static double[] nullVector(double[][] cols, double tol) {
        int m = cols.length;
        if (m == 0) {
            return null;
        }
        int n = cols[0].length;
        double[][] a = new double[n][m];
        double scale = 0;
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < n; k++) {
                a[k][j] = cols[j][k];
                scale = Math.max(scale, Math.abs(cols[j][k]));
            }
        }
        if (scale == 0) {
            double[] c = new double[m];
            c[0] = 1;
            return c;
        }
        int[] colOrder = new int[m];
        for (int j = 0; j < m; j++) {
            colOrder[j] = j;
        }
        int rank = 0;
        for (int step = 0; step < Math.min(n, m); step++) {
            int pr = -1;
            int pc = -1;
            double best = 0;
            for (int k = step; k < n; k++) {
                for (int j = step; j < m; j++) {
                    if (Math.abs(a[k][j]) > best) {
                        best = Math.abs(a[k][j]);
                        pr = k;
                        pc = j;
                    }
                }
            }
            if (best <= tol * scale) {
                break;
            }
            double[] t = a[step];
            a[step] = a[pr];
            a[pr] = t;
            for (double[] row : a) {
                double x = row[step];
                row[step] = row[pc];
                row[pc] = x;
            }
            int o = colOrder[step];
            colOrder[step] = colOrder[pc];
            colOrder[pc] = o;
            for (int k = 0; k < n; k++) {
                if (k != step && a[k][step] != 0) {
                    double f = a[k][step] / a[step][step];
                    for (int j = step; j < m; j++) {
                        a[k][j] -= f * a[step][j];
                    }
                }
            }
            rank++;
        }
        if (rank == m) {
            return null;
        }
        // free column 'rank' = 1, pivots solve a[s][s] c_s + a[s][rank] = 0
        double[] cPerm = new double[m];
        cPerm[rank] = 1;
        for (int s = 0; s < rank; s++) {
            cPerm[s] = -a[s][rank] / a[s][s];
        }
        double[] c = new double[m];
        for (int j = 0; j < m; j++) {
            c[colOrder[j]] = cPerm[j];
        }
        return c;
    }

    /**
     * Numerical rank of the n × m matrix whose columns are {@code cols}: the number of its singular values
     * σ_i > tol · σ_max (ojAlgo's SVD). Only reported (the rank of the fits G in {@link OptimalSet.Result});
     * no exactness claim rests on it.
     */
    static int rank(double[][] cols, double tol) {
        int m = cols.length;
        if (m == 0) {
            return 0;
        }
        int n = cols[0].length;
        R064Store a = R064Store.FACTORY.make(n, m);
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < n; k++) {
                a.set(k, j, cols[j][k]);
            }
        }
        SingularValue<Double> svd = SingularValue.R064.make(a);
        if (!svd.decompose(a)) {
            throw new ArithmeticException("the singular value decomposition of a " + n + " x " + m
                    + " matrix failed");
        }
        double[] sigma = new double[Math.min(n, m)];
        svd.getSingularValues(sigma);
        double max = 0;
        for (double s : sigma) {
            max = Math.max(max, s);
        }
        int rank = 0;
        for (double s : sigma) {
            if (s > tol * max) {
                rank++;
            }
        }
        return rank;
    }
}

package org.cvxrelu.optimal;

/** Small dense linear algebra for the optimal-set tools (columns of a few dozen n-vectors). */
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

    /** Numerical rank of the columns (relative tolerance). */
    static int rank(double[][] cols, double tol) {
        int m = cols.length;
        double[][] work = cols.clone();
        int removed = 0;
        while (work.length > 0) {
            double[] c = nullVector(work, tol);
            if (c == null) {
                break;
            }
            int drop = 0;
            for (int j = 0; j < c.length; j++) {
                if (Math.abs(c[j]) > Math.abs(c[drop])) {
                    drop = j;
                }
            }
            double[][] next = new double[work.length - 1][];
            for (int j = 0, t = 0; j < work.length; j++) {
                if (j != drop) {
                    next[t++] = work[j];
                }
            }
            work = next;
            removed++;
        }
        return m - removed;
    }

    /** Least squares min ‖Σ a_j cols[j] − b‖ via the normal equations (columns independent), or null. */
    static double[] leastSquares(double[][] cols, double[] b) {
        int m = cols.length;
        double[][] g = new double[m][m + 1];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                g[i][j] = dot(cols[i], cols[j]);
            }
            g[i][m] = dot(cols[i], b);
        }
        for (int s = 0; s < m; s++) {
            int p = s;
            for (int k = s + 1; k < m; k++) {
                if (Math.abs(g[k][s]) > Math.abs(g[p][s])) {
                    p = k;
                }
            }
            double[] t = g[s];
            g[s] = g[p];
            g[p] = t;
            if (Math.abs(g[s][s]) < 1e-300) {
                return null;
            }
            for (int k = 0; k < m; k++) {
                if (k != s) {
                    double f = g[k][s] / g[s][s];
                    for (int j = s; j <= m; j++) {
                        g[k][j] -= f * g[s][j];
                    }
                }
            }
        }
        double[] a = new double[m];
        for (int i = 0; i < m; i++) {
            a[i] = g[i][m] / g[i][i];
        }
        return a;
    }
}

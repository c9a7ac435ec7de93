package org.cvxrelu.optimal;

import java.util.ArrayList;
import java.util.List;

import org.ojalgo.matrix.decomposition.SingularValue;
import org.ojalgo.matrix.store.R064Store;

/**
 * Small dense linear algebra for the optimal-set tools (columns of a few dozen n-vectors). The numerical rank
 * comes from ojAlgo's SVD; the null vectors that pruning moves along come from Gaussian elimination with full
 * pivoting, one basis of the null space per elimination (each use re-checks the objective it gives, see
 * {@link Pruning} and {@link DirectionFit}).
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
     * relative tolerance {@code tol} (Gaussian elimination with full pivoting on the n × m matrix): the first vector
     * of {@link #nullSpace}.
     */
    static double[] nullVector(double[][] cols, double tol) {
        List<double[]> basis = nullSpace(cols, tol);
        return basis.isEmpty() ? null : basis.get(0);
    }

    /**
     * A basis of the null space of the n × m matrix whose columns are {@code cols}, up to the relative tolerance
     * {@code tol}: Gauss–Jordan elimination with full pivoting stops at rank ρ when no entry left exceeds tol times
     * the largest |entry|; with the columns permuted so that the pivots come first, the reduced matrix is
     * [diag(p) B; 0 0] (to the tolerance), and each free column f gives the null vector c with c_f = 1,
     * c_s = −B_sf / p_s on the pivots and 0 elsewhere (m − ρ vectors, in the order of the free columns). Empty when
     * the columns are independent; e_1, …, e_m when every entry is zero.
     */
    static List<double[]> nullSpace(double[][] cols, double tol) {
        int m = cols.length;
        if (m == 0) {
            return new ArrayList<>();
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
            List<double[]> units = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                double[] c = new double[m];
                c[j] = 1;
                units.add(c);
            }
            return units;
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
        List<double[]> basis = new ArrayList<>(m - rank);
        for (int free = rank; free < m; free++) {
            // free column 'free' = 1, pivots solve a[s][s] c_s + a[s][free] = 0
            double[] c = new double[m];
            c[colOrder[free]] = 1;
            for (int s = 0; s < rank; s++) {
                c[colOrder[s]] = -a[s][free] / a[s][s];
            }
            basis.add(c);
        }
        return basis;
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

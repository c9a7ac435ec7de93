package org.cvxrelu.cone;

/**
 * Dot products x_kᵀv of many rows of a row-major matrix with one vector, eight rows at a time. Each product is
 * summed from j = 0 in order, as a plain loop sums it, so the results are the same bits; but eight independent chains
 * of additions run side by side, where one row at a time waits on each addition. The scans of the cone projections
 * and the margins of the cone decomposition are such loops (n rows of length r, r up to 51): eight at a time they
 * took about half the time (BENCHMARKS §44).
 */
public final class RowDots {
    private RowDots() {
    }

    /**
     * out[i] = x_{row(a0 + i)}ᵀv for i &lt; m ≤ 8, where row(a) = rows[a], or a when {@code rows} is null; the sums run
     * over j &lt; v.length.
     */
    public static void eight(double[][] x, int[] rows, int a0, int m, double[] v, double[] out) {
        int r = v.length;
        if (m == 8) {
            double[] x0 = x[rows == null ? a0 : rows[a0]];
            double[] x1 = x[rows == null ? a0 + 1 : rows[a0 + 1]];
            double[] x2 = x[rows == null ? a0 + 2 : rows[a0 + 2]];
            double[] x3 = x[rows == null ? a0 + 3 : rows[a0 + 3]];
            double[] x4 = x[rows == null ? a0 + 4 : rows[a0 + 4]];
            double[] x5 = x[rows == null ? a0 + 5 : rows[a0 + 5]];
            double[] x6 = x[rows == null ? a0 + 6 : rows[a0 + 6]];
            double[] x7 = x[rows == null ? a0 + 7 : rows[a0 + 7]];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double s4 = 0;
            double s5 = 0;
            double s6 = 0;
            double s7 = 0;
            for (int j = 0; j < r; j++) {
                double vj = v[j];
                s0 += x0[j] * vj;
                s1 += x1[j] * vj;
                s2 += x2[j] * vj;
                s3 += x3[j] * vj;
                s4 += x4[j] * vj;
                s5 += x5[j] * vj;
                s6 += x6[j] * vj;
                s7 += x7[j] * vj;
            }
            out[0] = s0;
            out[1] = s1;
            out[2] = s2;
            out[3] = s3;
            out[4] = s4;
            out[5] = s5;
            out[6] = s6;
            out[7] = s7;
            return;
        }
        for (int i = 0; i < m; i++) {
            double[] row = x[rows == null ? a0 + i : rows[a0 + i]];
            double s = 0;
            for (int j = 0; j < r; j++) {
                s += row[j] * v[j];
            }
            out[i] = s;
        }
    }

    /** x_kᵀv for every row k (sums over j &lt; v.length). */
    public static double[] all(double[][] x, double[] v) {
        int n = x.length;
        double[] out = new double[n];
        double[] eight = new double[8];
        for (int k = 0; k < n; k += 8) {
            int m = Math.min(8, n - k);
            eight(x, null, k, m, v, eight);
            System.arraycopy(eight, 0, out, k, m);
        }
        return out;
    }
}

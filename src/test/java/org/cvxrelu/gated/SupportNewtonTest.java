package org.cvxrelu.gated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SupportNewtonTest {

    /**
     * The reduced n × n Newton step against the explicit Hessian H = AᵀA + blockdiag(β/‖u_i‖(I − û_iû_iᵀ))
     * formed entry by entry and solved by Gaussian elimination with partial pivoting: H d = −g to 1e-8.
     * Both cases: fewer unknowns than samples (r|S| &lt; n) and more (r|S| &gt; n, AᵀA singular).
     */
    @Test
    void newtonStepSolvesTheExplicitHessianSystem() {
        for (int[] shape : new int[][] {{40, 3, 5}, {12, 3, 7}}) {
            int n = shape[0];
            int r = shape[1];
            int s = shape[2];
            SplittableRandom rnd = new SplittableRandom(5 + n);
            double[][] x = new double[n][r];
            double[] y = new double[n];
            fillGaussian(rnd, x, y);
            double beta = 0.3;
            int[][] rows = new int[s][];
            double[][] v = new double[s][r];
            boolean[][] on = new boolean[s][n];
            for (int b = 0; b < s; b++) {
                double[] gate = new double[r];
                for (int j = 0; j < r; j++) {
                    gate[j] = rnd.nextGaussian();
                    v[b][j] = rnd.nextGaussian();
                }
                List<Integer> rw = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    if (SupportNewton.dot(x[k], gate) > 0) {
                        rw.add(k);
                        on[b][k] = true;
                    }
                }
                rows[b] = rw.stream().mapToInt(Integer::intValue).toArray();
            }
            double[][] gram = new double[n][];
            for (int k = 0; k < n; k++) {
                gram[k] = new double[k + 1];
                for (int l = 0; l <= k; l++) {
                    gram[k][l] = SupportNewton.dot(x[k], x[l]);
                }
            }
            SupportNewton.State st = new SupportNewton.State(x, y, beta, rows, v);
            double[][] d = SupportNewton.newtonStep(x, gram, st, rows, n, r);
            // explicit H and g
            int m = s * r;
            double[][] h = new double[m][m + 1];
            for (int b = 0; b < s; b++) {
                for (int c = 0; c < s; c++) {
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j < r; j++) {
                            double sum = 0;
                            for (int k = 0; k < n; k++) {
                                if (on[b][k] && on[c][k]) {
                                    sum += x[k][i] * x[k][j];
                                }
                            }
                            h[b * r + i][c * r + j] = sum;
                        }
                    }
                }
                double nu = SupportNewton.norm(v[b]);
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        h[b * r + i][b * r + j] += beta / nu * ((i == j ? 1 : 0) - v[b][i] * v[b][j] / (nu * nu));
                    }
                }
            }
            double[] res = new double[n];
            for (int k = 0; k < n; k++) {
                res[k] = -y[k];
                for (int b = 0; b < s; b++) {
                    if (on[b][k]) {
                        res[k] += SupportNewton.dot(x[k], v[b]);
                    }
                }
            }
            for (int b = 0; b < s; b++) {
                double nu = SupportNewton.norm(v[b]);
                for (int i = 0; i < r; i++) {
                    double g = beta * v[b][i] / nu;
                    for (int k = 0; k < n; k++) {
                        if (on[b][k]) {
                            g += x[k][i] * res[k];
                        }
                    }
                    h[b * r + i][m] = -g;
                    assertThat(st.g[b][i]).isCloseTo(g, org.assertj.core.data.Offset.offset(1e-10 * (1 + Math.abs(g))));
                }
            }
            double[] expected = gauss(h, m);
            double scale = 0;
            for (double e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            for (int b = 0; b < s; b++) {
                for (int j = 0; j < r; j++) {
                    assertThat(d[b][j]).isCloseTo(expected[b * r + j], org.assertj.core.data.Offset.offset(1e-8 * scale));
                }
            }
        }
    }

    /**
     * The blocked up-looking Cholesky: for SPD matrices of every size from 1 to 13 (four-row blocks and the rows
     * left over) and 308 (yacht's n), L is lower triangular with a positive diagonal and LLᵀ, multiplied out here
     * entry by entry, reproduces A to rounding; a matrix with a negative pivot (indefinite) gives null.
     */
    @Test
    void choleskyReproducesTheMatrix() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 308}) {
            double[][] b = new double[n][n + 2];
            for (double[] row : b) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = rnd.nextGaussian();
                }
            }
            double[][] a = new double[n][];
            for (int i = 0; i < n; i++) {
                a[i] = new double[i + 1];
                for (int j = 0; j <= i; j++) {
                    a[i][j] = SupportNewton.dot(b[i], b[j]) + (i == j ? 0.1 : 0);
                }
            }
            double[][] l = SupportNewton.cholesky(a);
            assertThat(l).isNotNull();
            for (int i = 0; i < n; i++) {
                assertThat(l[i]).hasSize(i + 1);
                assertThat(l[i][i]).isPositive();
                for (int j = 0; j <= i; j++) {
                    double sum = 0;
                    for (int k = 0; k <= j; k++) {
                        sum += l[i][k] * l[j][k];
                    }
                    double scale = Math.sqrt(a[i][i] * a[j][j]);
                    assertThat(Math.abs(sum - a[i][j])).as("n=%d (%d,%d)", n, i, j).isLessThanOrEqualTo(1e-12 * scale);
                }
            }
            if (n >= 2) {
                double[][] bad = new double[n][];
                for (int i = 0; i < n; i++) {
                    bad[i] = a[i].clone();
                }
                bad[n - 1][n - 1] = -1; // the last pivot is a_nn − ‖l_n‖² < 0
                assertThat(SupportNewton.cholesky(bad)).isNull();
            }
        }
    }

    /**
     * The blocked forward substitution Z ← L⁻¹Z (four rows at a time): for every n from 1 to 9 (blocks and rows left
     * over), L times the result, multiplied out here, gives back the input to rounding.
     */
    @Test
    void forwardRowsInvertsL() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n = 1; n <= 9; n++) {
            int m = 5;
            double[][] l = new double[n][];
            for (int i = 0; i < n; i++) {
                l[i] = new double[i + 1];
                for (int j = 0; j < i; j++) {
                    l[i][j] = rnd.nextGaussian();
                }
                l[i][i] = 1 + rnd.nextDouble();
            }
            double[][] z0 = new double[n][m];
            double[][] z = new double[n][];
            for (int i = 0; i < n; i++) {
                for (int b = 0; b < m; b++) {
                    z0[i][b] = rnd.nextGaussian();
                }
                z[i] = z0[i].clone();
            }
            SupportNewton.forwardRows(l, z);
            for (int i = 0; i < n; i++) {
                for (int b = 0; b < m; b++) {
                    double sum = 0;
                    double scale = 0;
                    for (int k = 0; k <= i; k++) {
                        sum += l[i][k] * z[k][b];
                        scale += Math.abs(l[i][k] * z[k][b]);
                    }
                    assertThat(Math.abs(sum - z0[i][b])).as("n=%d (%d,%d)", n, i, b).isLessThanOrEqualTo(1e-13 * scale);
                }
            }
        }
    }

    /**
     * The plain-arithmetic restricted gap that stops Newton early: against the gap formed here from the exact
     * dual bound ({@link org.cvxrelu.certify.DualBound}, exact sums) with c computed by plain loops over every
     * block of W (zero blocks included) — the two agree to 1e-12.
     */
    @Test
    void restrictedGapMatchesTheExactDualBound() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 30;
        int r = 3;
        double[][] x = new double[n][r];
        double[] y = new double[n];
        fillGaussian(rnd, x, y);
        int q = 6;
        int[][] rows = new int[q][];
        double[][] v = new double[q][r];
        for (int b = 0; b < q; b++) {
            List<Integer> rw = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                if (rnd.nextBoolean()) {
                    rw.add(k);
                }
            }
            rows[b] = rw.stream().mapToInt(Integer::intValue).toArray();
            if (b % 2 == 0) { // blocks 1, 3, 5 stay zero: priced, not in the support
                for (int j = 0; j < r; j++) {
                    v[b][j] = 0.1 * rnd.nextGaussian();
                }
            }
        }
        double beta = 0.5;
        int[][] supportRows = {rows[0], rows[2], rows[4]};
        double[][] support = {v[0], v[2], v[4]};
        SupportNewton.State st = new SupportNewton.State(x, y, beta, supportRows, support);
        double gap = SupportNewton.restrictedGap(x, y, beta, rows, st);
        double[] lambda = new double[n];
        for (int k = 0; k < n; k++) {
            lambda[k] = y[k];
            for (int b = 0; b < q; b++) {
                for (int kk : rows[b]) {
                    if (kk == k) {
                        lambda[k] -= SupportNewton.dot(x[k], v[b]);
                    }
                }
            }
        }
        double c = 0;
        double objective = 0;
        for (int b = 0; b < q; b++) {
            double[] z = new double[r];
            for (int k : rows[b]) {
                for (int j = 0; j < r; j++) {
                    z[j] += x[k][j] * lambda[k];
                }
            }
            c = Math.max(c, SupportNewton.norm(z));
            objective += beta * SupportNewton.norm(v[b]);
        }
        objective += 0.5 * SupportNewton.dot(lambda, lambda);
        double lower = org.cvxrelu.certify.DualBound.of(lambda, y, beta, c).value();
        assertThat(gap).isCloseTo((objective - lower) / objective, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(gap).isPositive();
    }

    /** Solves the augmented system [H | rhs] by Gaussian elimination with partial pivoting. */
    private static double[] gauss(double[][] a, int m) {
        for (int col = 0; col < m; col++) {
            int piv = col;
            for (int i = col + 1; i < m; i++) {
                if (Math.abs(a[i][col]) > Math.abs(a[piv][col])) {
                    piv = i;
                }
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            for (int i = col + 1; i < m; i++) {
                double f = a[i][col] / a[col][col];
                for (int j = col; j <= m; j++) {
                    a[i][j] -= f * a[col][j];
                }
            }
        }
        double[] out = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            double sum = a[i][m];
            for (int j = i + 1; j < m; j++) {
                sum -= a[i][j] * out[j];
            }
            out[i] = sum / a[i][i];
        }
        return out;
    }

    /** Standard normal entries, sample by sample: the row x[k], then y[k]. */
    private static void fillGaussian(SplittableRandom rnd, double[][] x, double[] y) {
        for (int k = 0; k < y.length; k++) {
            for (int j = 0; j < x[k].length; j++) {
                x[k][j] = rnd.nextGaussian();
            }
            y[k] = rnd.nextGaussian();
        }
    }
}

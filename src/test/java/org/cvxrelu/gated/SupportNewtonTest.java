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
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < r; j++) {
                    x[k][j] = rnd.nextGaussian();
                }
                y[k] = rnd.nextGaussian();
            }
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
}

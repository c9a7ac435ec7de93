package org.cvxrelu.solver;


/**
 * An independent reference solver for the restricted program, by ADMM on the splitting
 * <pre>
 *   min ½‖Mx − y‖² + β Σ_j ‖v_j‖ + 1[s ≥ 0]   s.t.  Ax = s,  x = v,
 * </pre>
 * with A stacking the cone rows (2D_j − I)X̃ of every group. Every step is closed form: a linear solve
 * (one Cholesky factor, reused), a clip at zero and the block soft threshold. It shares no code with the
 * backend or with the project's cone projection.
 */
public final class AdmmReference {
    public final double[][] w;
    public final int iterations;
    public final double primalResidual;

    private AdmmReference(double[][] w, int iterations, double primalResidual) {
        this.w = w;
        this.iterations = iterations;
        this.primalResidual = primalResidual;
    }

    public static AdmmReference solve(GroupProblem problem, double rho, int maxIterations, double tolerance) {
        int m = problem.size();
        int r = problem.r();
        int n = problem.n();
        int dim = m * r;
        double[][] x = problem.design();
        double[] y = problem.y();
        double[][] mm = new double[n][dim];
        int rows = m * n;
        double[][] a = new double[rows][dim];
        for (int j = 0; j < m; j++) {
            long[] mask = problem.mask(j);
            for (int k = 0; k < n; k++) {
                boolean on = (mask[k >>> 6] & (1L << (k & 63))) != 0;
                for (int c = 0; c < r; c++) {
                    if (on) {
                        mm[k][j * r + c] = problem.sign(j) * x[k][c];
                    }
                    a[j * n + k][j * r + c] = (on ? 1 : -1) * x[k][c];
                }
            }
        }
        double[][] h = new double[dim][dim];
        for (int p = 0; p < dim; p++) {
            for (int q = 0; q < dim; q++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += mm[k][p] * mm[k][q];
                }
                for (int k = 0; k < rows; k++) {
                    s += rho * a[k][p] * a[k][q];
                }
                h[p][q] = s + (p == q ? rho : 0);
            }
        }
        double[][] l = cholesky(h);
        double[] mty = new double[dim];
        for (int p = 0; p < dim; p++) {
            for (int k = 0; k < n; k++) {
                mty[p] += mm[k][p] * y[k];
            }
        }
        double[] z = new double[dim];
        double[] s = new double[rows];
        double[] v = new double[dim];
        double[] ua = new double[rows];
        double[] ub = new double[dim];
        double beta = problem.beta();
        int it = 0;
        double res = Double.POSITIVE_INFINITY;
        for (; it < maxIterations; it++) {
            double[] rhs = mty.clone();
            for (int k = 0; k < rows; k++) {
                double c = rho * (s[k] - ua[k]);
                for (int p = 0; p < dim; p++) {
                    rhs[p] += a[k][p] * c;
                }
            }
            for (int p = 0; p < dim; p++) {
                rhs[p] += rho * (v[p] - ub[p]);
            }
            z = solve(l, rhs);
            double[] az = new double[rows];
            double change = 0;
            for (int k = 0; k < rows; k++) {
                double t = 0;
                for (int p = 0; p < dim; p++) {
                    t += a[k][p] * z[p];
                }
                az[k] = t;
                double sn = Math.max(0, t + ua[k]);
                change = Math.max(change, Math.abs(sn - s[k]));
                s[k] = sn;
            }
            for (int j = 0; j < m; j++) {
                double nn = 0;
                for (int c = 0; c < r; c++) {
                    double t = z[j * r + c] + ub[j * r + c];
                    nn += t * t;
                }
                nn = Math.sqrt(nn);
                double f = nn > beta / rho ? 1 - beta / rho / nn : 0;
                for (int c = 0; c < r; c++) {
                    double vn = f * (z[j * r + c] + ub[j * r + c]);
                    change = Math.max(change, Math.abs(vn - v[j * r + c]));
                    v[j * r + c] = vn;
                }
            }
            res = 0;
            for (int k = 0; k < rows; k++) {
                ua[k] += az[k] - s[k];
                res = Math.max(res, Math.abs(az[k] - s[k]));
            }
            for (int p = 0; p < dim; p++) {
                ub[p] += z[p] - v[p];
                res = Math.max(res, Math.abs(z[p] - v[p]));
            }
            if (res < tolerance && change < tolerance) {
                break;
            }
        }
        double[][] w = new double[m][r];
        for (int j = 0; j < m; j++) {
            System.arraycopy(z, j * r, w[j], 0, r);
        }
        return new AdmmReference(w, it, res);
    }

    static double[][] cholesky(double[][] h) {
        int d = h.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = h[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        return l;
    }

    static double[] solve(double[][] l, double[] b) {
        int d = b.length;
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * x[k];
            }
            x[i] = s / l[i][i];
        }
        for (int i = d - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}

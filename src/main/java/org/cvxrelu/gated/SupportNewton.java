package org.cvxrelu.gated;

/**
 * Newton polish of the gated problem on a fixed support S = {i : u_i ≠ 0}. On the region where every u_i,
 * i ∈ S, is non-zero, F restricted to S is smooth:
 * <pre>
 *   F_S(u) = ½‖A u − y‖² + β Σ_{i∈S} ‖u_i‖,   A = [D_i X̃]_{i∈S}   (n × |S|r)
 *   ∇F_S   = Aᵀ(Au − y) + β [u_i/‖u_i‖]_i
 *   ∇²F_S  = AᵀA + β blockdiag_i( (I − û_iû_iᵀ)/‖u_i‖ ),   û_i = u_i/‖u_i‖
 * </pre>
 * Steps Δ = −(∇²F_S + εI)⁻¹∇F_S (dense Cholesky; ε = 1e-12·trace/m keeps the degenerate directions of many
 * overlapping patterns solvable), damped by halving until ‖∇F_S‖ decreases. First-order methods stall on this
 * problem once F's decrease per step reaches its rounding (the duality gap is first order in the residual's
 * error, the objective second order); Newton reduces the gradient itself, which is what the dual point
 * λ = y − Au needs. Groups whose norm collapses (below 1e-9 of the largest) leave S. The caller keeps the
 * polished point only when its duality gap (over every pattern) is better.
 */
final class SupportNewton {
    /** Largest number of unknowns |S|·r polished (a dense m × m factorisation). */
    static final int MAX_UNKNOWNS = 2500;

    private SupportNewton() {
    }

    /** The polished blocks (r × p row-major like the solver's U), or null when S is too large or empty. */
    static double[] polish(GatedProblem problem, double[] uFlat, int steps) {
        int p = problem.p();
        int r = problem.r();
        int n = problem.n();
        int[] support = support(uFlat, p, r);
        if (support.length == 0 || support.length * r > MAX_UNKNOWNS) {
            return null;
        }
        double[] u = uFlat.clone();
        double[][] x = problem.design();
        double[] y = problem.y();
        for (int step = 0; step < steps; step++) {
            int m = support.length * r;
            double[][] a = new double[n][m];
            for (int s = 0; s < support.length; s++) {
                long[] mask = problem.patterns().mask(support[s]);
                for (int k = 0; k < n; k++) {
                    if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                        System.arraycopy(x[k], 0, a[k], s * r, r);
                    }
                }
            }
            double[] v = gather(u, support, p, r);
            double[] g = gradient(a, y, v, support.length, r, problem.beta());
            double gNorm = norm(g);
            if (!(gNorm > 0)) {
                break;
            }
            double[][] h = new double[m][m];
            for (int k = 0; k < n; k++) {
                double[] row = a[k];
                for (int i = 0; i < m; i++) {
                    double ri = row[i];
                    if (ri == 0) {
                        continue;
                    }
                    double[] hi = h[i];
                    for (int j = 0; j <= i; j++) {
                        hi[j] += ri * row[j];
                    }
                }
            }
            double trace = 0;
            for (int s = 0; s < support.length; s++) {
                double nu = norm(v, s * r, r);
                double c = problem.beta() / nu;
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j <= i; j++) {
                        double uij = v[s * r + i] * v[s * r + j] / (nu * nu);
                        h[s * r + i][s * r + j] += c * ((i == j ? 1 : 0) - uij);
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                trace += h[i][i];
            }
            double eps = 1e-12 * trace / m;
            for (int i = 0; i < m; i++) {
                h[i][i] += eps;
            }
            double[] d = g.clone();
            if (!choleskySolve(h, d)) {
                return null;
            }
            double t = 1;
            boolean accepted = false;
            for (int half = 0; half < 30; half++) {
                double[] trial = v.clone();
                for (int i = 0; i < m; i++) {
                    trial[i] -= t * d[i];
                }
                double tn = norm(gradient(a, y, trial, support.length, r, problem.beta()));
                if (tn < gNorm) {
                    scatter(trial, support, p, r, u);
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) {
                break;
            }
            // groups whose norm collapsed leave the support (F_S is not smooth there)
            double largest = 0;
            for (int s = 0; s < support.length; s++) {
                largest = Math.max(largest, blockNorm(u, support[s], p, r));
            }
            for (int s = 0; s < support.length; s++) {
                if (blockNorm(u, support[s], p, r) < 1e-9 * largest) {
                    for (int j = 0; j < r; j++) {
                        u[j * p + support[s]] = 0;
                    }
                }
            }
            support = support(u, p, r);
            if (support.length == 0) {
                return null;
            }
        }
        return u;
    }

    private static double[] gradient(double[][] a, double[] y, double[] v, int groups, int r, double beta) {
        int n = y.length;
        int m = v.length;
        double[] res = new double[n];
        for (int k = 0; k < n; k++) {
            double s = -y[k];
            double[] row = a[k];
            for (int i = 0; i < m; i++) {
                s += row[i] * v[i];
            }
            res[k] = s;
        }
        double[] g = new double[m];
        for (int k = 0; k < n; k++) {
            double rk = res[k];
            double[] row = a[k];
            for (int i = 0; i < m; i++) {
                g[i] += row[i] * rk;
            }
        }
        for (int s = 0; s < groups; s++) {
            double nu = norm(v, s * r, r);
            for (int j = 0; j < r; j++) {
                g[s * r + j] += beta * v[s * r + j] / nu;
            }
        }
        return g;
    }

    /** Solves H d = b in place (H: lower triangle filled, symmetric positive definite); false if not SPD. */
    private static boolean choleskySolve(double[][] h, double[] b) {
        int m = b.length;
        for (int j = 0; j < m; j++) {
            double[] hj = h[j];
            double s = hj[j];
            for (int k = 0; k < j; k++) {
                s -= hj[k] * hj[k];
            }
            if (!(s > 0)) {
                return false;
            }
            double l = Math.sqrt(s);
            hj[j] = l;
            for (int i = j + 1; i < m; i++) {
                double[] hi = h[i];
                double t = hi[j];
                for (int k = 0; k < j; k++) {
                    t -= hi[k] * hj[k];
                }
                hi[j] = t / l;
            }
        }
        for (int i = 0; i < m; i++) {
            double s = b[i];
            double[] hi = h[i];
            for (int k = 0; k < i; k++) {
                s -= hi[k] * b[k];
            }
            b[i] = s / hi[i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < m; k++) {
                s -= h[k][i] * b[k];
            }
            b[i] = s / h[i][i];
        }
        return true;
    }

    private static int[] support(double[] u, int p, int r) {
        return java.util.stream.IntStream.range(0, p).filter(i -> blockNorm(u, i, p, r) > 0).toArray();
    }

    private static double blockNorm(double[] u, int i, int p, int r) {
        double s = 0;
        for (int j = 0; j < r; j++) {
            s += u[j * p + i] * u[j * p + i];
        }
        return Math.sqrt(s);
    }

    private static double[] gather(double[] u, int[] support, int p, int r) {
        double[] v = new double[support.length * r];
        for (int s = 0; s < support.length; s++) {
            for (int j = 0; j < r; j++) {
                v[s * r + j] = u[j * p + support[s]];
            }
        }
        return v;
    }

    private static void scatter(double[] v, int[] support, int p, int r, double[] u) {
        for (int s = 0; s < support.length; s++) {
            for (int j = 0; j < r; j++) {
                u[j * p + support[s]] = v[s * r + j];
            }
        }
    }

    private static double norm(double[] v) {
        return norm(v, 0, v.length);
    }

    private static double norm(double[] v, int o, int len) {
        double s = 0;
        for (int i = o; i < o + len; i++) {
            s += v[i] * v[i];
        }
        return Math.sqrt(s);
    }
}

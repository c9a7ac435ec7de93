package org.cvxrelu.gated;

/**
 * Newton polish of the gated problem on a fixed support S = {i : u_i ≠ 0}. On the region where every u_i,
 * i ∈ S, is non-zero, F restricted to S is smooth:
 * <pre>
 *   F_S(u) = ½‖A u − y‖² + β Σ_{i∈S} ‖u_i‖,   A = [D_i X̃]_{i∈S}   (n × |S|r)
 *   ∇F_S   = Aᵀ(Au − y) + β [u_i/‖u_i‖]_i
 *   ∇²F_S  = AᵀA + β blockdiag_i( (I − û_iû_iᵀ)/‖u_i‖ ),   û_i = u_i/‖u_i‖
 * </pre>
 * Steps Δ ≈ −(∇²F_S + εI)⁻¹∇F_S by matrix-free conjugate gradients (ε = 1e-12·max_i β/‖u_i‖ keeps the
 * degenerate directions of many overlapping patterns solvable; one CG step costs two passes over A), damped by halving until ‖∇F_S‖ decreases. First-order methods stall on this
 * problem once F's decrease per step reaches its rounding (the duality gap is first order in the residual's
 * error, the objective second order); Newton reduces the gradient itself, which is what the dual point
 * λ = y − Au needs. Groups whose norm collapses (below 1e-9 of the largest) leave S. The caller keeps the
 * polished point only when its duality gap (over every pattern) is better.
 */
final class SupportNewton {
    /** Largest n·|S|·r polished (A is held densely). */
    static final long MAX_ENTRIES = 20_000_000L;
    /** Conjugate-gradient steps per Newton step at most. */
    static final int CG_STEPS = 300;

    private SupportNewton() {
    }

    /** The polished blocks (r × p row-major like the solver's U), or null when S is too large or empty. */
    static double[] polish(GatedProblem problem, double[] uFlat, int steps) {
        int p = problem.p();
        int r = problem.r();
        int n = problem.n();
        int[] support = support(uFlat, p, r);
        if (support.length == 0 || (long) support.length * r * n > MAX_ENTRIES) {
            return null;
        }
        double[] u = uFlat.clone();
        double[][] x = problem.design();
        double[] y = problem.y();
        double previous = Double.POSITIVE_INFINITY;
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
            if (!(gNorm > 1e-13 * problem.beta() * Math.sqrt(support.length)) || gNorm > 0.5 * previous) {
                break; // stationary to rounding, or Newton no longer converging fast (support not settled)
            }
            previous = gNorm;
            double[] curv = new double[support.length];
            for (int s = 0; s < support.length; s++) {
                curv[s] = problem.beta() / norm(v, s * r, r);
            }
            double[] d = conjugateGradient(a, v, curv, support.length, r, g, CG_STEPS);
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

    /**
     * d ≈ H⁻¹g by conjugate gradients, matrix-free: H q = Aᵀ(A q) + Σ_s c_s (q_s − û_s û_sᵀ q_s) + ε q with
     * ε = 1e-12·max_s c_s (the radial directions have curvature from AᵀA only). Stops at ‖res‖ ≤ 1e-4‖g‖.
     */
    private static double[] conjugateGradient(double[][] a, double[] v, double[] curv, int groups, int r, double[] g,
            int maxSteps) {
        int m = g.length;
        double eps = 0;
        for (double c : curv) {
            eps = Math.max(eps, 1e-12 * c);
        }
        double[] d = new double[m];
        double[] res = g.clone();
        double[] q = g.clone();
        double rr = dot(res, res);
        double stop = 1e-8 * rr;
        double[] hq = new double[m];
        for (int it = 0; it < maxSteps && rr > stop; it++) {
            hessianTimes(a, v, curv, groups, r, eps, q, hq);
            double qhq = dot(q, hq);
            if (!(qhq > 0)) {
                break;
            }
            double alpha = rr / qhq;
            for (int i = 0; i < m; i++) {
                d[i] += alpha * q[i];
                res[i] -= alpha * hq[i];
            }
            double rrNew = dot(res, res);
            double b = rrNew / rr;
            rr = rrNew;
            for (int i = 0; i < m; i++) {
                q[i] = res[i] + b * q[i];
            }
        }
        return d;
    }

    private static void hessianTimes(double[][] a, double[] v, double[] curv, int groups, int r, double eps,
            double[] q, double[] out) {
        int n = a.length;
        int m = q.length;
        java.util.Arrays.fill(out, 0);
        for (int k = 0; k < n; k++) {
            double[] row = a[k];
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += row[i] * q[i];
            }
            for (int i = 0; i < m; i++) {
                out[i] += row[i] * s;
            }
        }
        for (int g = 0; g < groups; g++) {
            int o = g * r;
            double nu2 = 0;
            double uq = 0;
            for (int j = 0; j < r; j++) {
                nu2 += v[o + j] * v[o + j];
                uq += v[o + j] * q[o + j];
            }
            for (int j = 0; j < r; j++) {
                out[o + j] += curv[g] * (q[o + j] - v[o + j] * uq / nu2) + eps * q[o + j];
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
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

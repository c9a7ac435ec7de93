package org.cvxrelu.optimal;

import java.util.ArrayList;
import java.util.List;

/**
 * The best net whose neurons point along fixed unit directions ρ_e with fixed output signs s_e: with unit fits
 * G_e = s_e (X̃ρ_e)₊ and amplitudes a_e ≥ 0 (the neuron (√a_e ρ_e, s_e √a_e), so that L_β = the value below),
 * <pre>  V(S) = min_{a ≥ 0, a_e = 0 off S} ½‖y − Σ_e a_e G_e‖² + β Σ_e a_e. </pre>
 * Solved exactly (to rounding) by an active-set method in the manner of Lawson and Hanson: the passive set
 * P grows by the coordinate of most negative gradient; on P the stationary point of the quadratic solves
 * Q_PP a_P = c_P (Q = GᵀG, c = Gᵀy − β1); when that point leaves a ≥ 0 the step is cut at the boundary.
 * When the entering column is linearly dependent on P's (Σ v_e G_e = 0) the quadratic is flat along v
 * and the penalty changes by βΣv: the point moves along v (signed so that Σv &lt; 0) until one amplitude
 * vanishes (Carathéodory), so P always keeps independent columns.
 */
public final class DirectionFit {
    /** Relative tolerance for linear dependence of the columns. */
    static final double DEPENDENCE_TOL = 1e-10;

    /** The minimiser a and its value V (computed directly from a). */
    public record Result(double[] a, double value) {
        public int support() {
            return OptimalSet.support(a);
        }
    }

    private DirectionFit() {
    }

    /** ½‖y − Ga‖² + βΣa, recomputed from a. */
    public static double value(double[][] g, double[] y, double beta, double[] a) {
        double[] f = new double[y.length];
        double pen = 0;
        for (int e = 0; e < a.length; e++) {
            if (a[e] != 0) {
                pen += a[e];
                for (int k = 0; k < y.length; k++) {
                    f[k] += a[e] * g[e][k];
                }
            }
        }
        double loss = 0;
        for (int k = 0; k < y.length; k++) {
            double r = y[k] - f[k];
            loss += r * r;
        }
        return 0.5 * loss + beta * pen;
    }

    /** V over the columns with {@code allowed[e]} (all when null). */
    public static Result solve(double[][] g, double[] y, double beta, boolean[] allowed) {
        int m = g.length;
        double[] c = new double[m];
        double cScale = beta;
        for (int e = 0; e < m; e++) {
            c[e] = Linear.dot(g[e], y) - beta;
            cScale = Math.max(cScale, Math.abs(c[e]));
        }
        double[][] q = new double[m][m];
        for (int e = 0; e < m; e++) {
            for (int f = e; f < m; f++) {
                q[e][f] = Linear.dot(g[e], g[f]);
                q[f][e] = q[e][f];
            }
        }
        double tol = 1e-13 * cScale;
        double[] a = new double[m];
        List<Integer> passive = new ArrayList<>();
        boolean[] inP = new boolean[m];
        boolean[] banned = new boolean[m]; // columns that entered and left at once (rounding): not retried
        int guard = 0;
        while (guard++ < 20 * m + 20) {
            // negative gradient w = c − Qa
            int enter = -1;
            double best = tol;
            for (int e = 0; e < m; e++) {
                if (inP[e] || banned[e] || (allowed != null && !allowed[e])) {
                    continue;
                }
                double w = c[e];
                for (int f : passive) {
                    w -= q[e][f] * a[f];
                }
                if (w > best) {
                    best = w;
                    enter = e;
                }
            }
            if (enter < 0) {
                break;
            }
            passive.add(enter);
            inP[enter] = true;
            // keep P's columns independent: move along a null vector (fit fixed, penalty falling)
            while (true) {
                double[] v = nonIncreasingNullVector(g, passive);
                if (v == null) {
                    break;
                }
                // a ← a + t v with the largest t keeping a ≥ 0
                int hit = ratioTest(a, passive, v);
                double step;
                if (hit < 0) {
                    hit = v.length - 1; // cannot happen (Σv ≤ 0, v ≠ 0); drop the entering column
                    step = 0;
                } else {
                    step = a[passive.get(hit)] / -v[hit];
                }
                for (int t = 0; t < v.length; t++) {
                    int e = passive.get(t);
                    a[e] = Math.max(0, a[e] + step * v[t]);
                }
                int gone = passive.remove(hit);
                a[gone] = 0;
                inP[gone] = false;
                if (gone == enter && step == 0) {
                    banned[enter] = true;
                }
            }
            // inner loop: stationary point on P, cut at the boundary of a ≥ 0
            int inner = 0;
            while (!passive.isEmpty() && inner++ < 4 * m + 4) {
                double[] z = stationary(q, c, passive);
                if (z == null) {
                    break;
                }
                boolean inside = true;
                for (int t = 0; t < z.length; t++) {
                    inside &= z[t] > 0;
                }
                if (inside) {
                    for (int t = 0; t < z.length; t++) {
                        a[passive.get(t)] = z[t];
                    }
                    break;
                }
                double step = 1;
                int block = -1;
                for (int t = 0; t < z.length; t++) {
                    int e = passive.get(t);
                    if (z[t] <= 0) {
                        double s = a[e] - z[t] > 0 ? a[e] / (a[e] - z[t]) : 0;
                        if (block < 0 || s < step) {
                            step = s;
                            block = t;
                        }
                    }
                }
                for (int t = 0; t < z.length; t++) {
                    int e = passive.get(t);
                    a[e] = Math.max(0, a[e] + step * (z[t] - a[e]));
                }
                if (inner == 1 && step == 0 && passive.get(block) == enter) {
                    banned[enter] = true; // rounding: the entering column cannot move
                }
                a[passive.get(block)] = 0;
                for (int t = passive.size() - 1; t >= 0; t--) {
                    int e = passive.get(t);
                    if (a[e] <= 0) {
                        a[e] = 0;
                        passive.remove(t);
                        inP[e] = false;
                    }
                }
            }
        }
        return new Result(a, value(g, y, beta, a));
    }

    /** Solves Q_PP z = c_P (Gaussian elimination with partial pivoting), or null when singular. */
    private static double[] stationary(double[][] q, double[] c, List<Integer> p) {
        int k = p.size();
        double[][] m = new double[k][k + 1];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i][j] = q[p.get(i)][p.get(j)];
            }
            m[i][k] = c[p.get(i)];
        }
        for (int s = 0; s < k; s++) {
            int piv = s;
            for (int r = s + 1; r < k; r++) {
                if (Math.abs(m[r][s]) > Math.abs(m[piv][s])) {
                    piv = r;
                }
            }
            double[] t = m[s];
            m[s] = m[piv];
            m[piv] = t;
            if (m[s][s] == 0) {
                return null;
            }
            for (int r = s + 1; r < k; r++) {
                double f = m[r][s] / m[s][s];
                if (f != 0) {
                    for (int j = s; j <= k; j++) {
                        m[r][j] -= f * m[s][j];
                    }
                }
            }
        }
        double[] z = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = m[i][k];
            for (int j = i + 1; j < k; j++) {
                s -= m[i][j] * z[j];
            }
            z[i] = s / m[i][i];
        }
        return z;
    }

    /**
     * A null vector v of the fits over {@code cols} (Σ_t v_t G_{cols[t]} = 0, to {@link #DEPENDENCE_TOL}), signed
     * so that Σv ≤ 0: moving the amplitudes along it keeps the fit and does not raise the penalty βΣa. Null
     * when those fits are independent.
     */
    static double[] nonIncreasingNullVector(double[][] g, List<Integer> cols) {
        double[][] sub = new double[cols.size()][];
        for (int t = 0; t < sub.length; t++) {
            sub[t] = g[cols.get(t)];
        }
        double[] v = Linear.nullVector(sub, DEPENDENCE_TOL);
        if (v == null) {
            return null;
        }
        double sum = 0;
        for (double vi : v) {
            sum += vi;
        }
        if (sum > 0) {
            for (int t = 0; t < v.length; t++) {
                v[t] = -v[t];
            }
        }
        return v;
    }

    /**
     * The ratio test for a ← a + t v on {@code cols}: the position t whose amplitude reaches 0 first
     * (smallest a_{cols[t]} / −v_t over v_t &lt; 0), or −1 when no entry decreases.
     */
    static int ratioTest(double[] a, List<Integer> cols, double[] v) {
        double step = Double.POSITIVE_INFINITY;
        int hit = -1;
        for (int t = 0; t < v.length; t++) {
            if (v[t] < 0) {
                double s = a[cols.get(t)] / -v[t];
                if (s < step) {
                    step = s;
                    hit = t;
                }
            }
        }
        return hit;
    }
}

package org.cvxrelu.certify;

import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.cone.ConeProgram;

/**
 * The exact c(λ)² = max_{i,s} ‖Π_{K_i}(s X̃ᵀD_iλ)‖² over a program's patterns, in rational arithmetic, by
 * enumerating active sets: Π_K(z) lies in the relative interior of a face of K = {u : a_kᵀu ≥ 0}, and is the
 * orthogonal projection p_S of z onto that face's span {u : a_kᵀu = 0, k ∈ S} (S independent, |S| ≤ r − 1,
 * or the apex 0). Every p_S that lies in K has ‖p_S‖ = zᵀ(p_S/‖p_S‖) ≤ ‖Π_K(z)‖, so
 * <pre>  ‖Π_K(z)‖² = max{ ‖p_S‖² : p_S ∈ K } ∪ {0}. </pre>
 * Independent of the code under test (no projection method, no floating point); for tiny n and r only.
 */
final class ExactConePrice {
    private ExactConePrice() {
    }

    /** The exact c(λ)² over every group of the program. */
    static Rational cSquared(ConeProgram program, double[] lambda) {
        int n = program.n();
        int r = program.r();
        Rational[][] x = new Rational[n][r];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < r; j++) {
                x[k][j] = Rational.of(program.design()[k][j]);
            }
        }
        Rational[] l = new Rational[n];
        for (int k = 0; k < n; k++) {
            l[k] = Rational.of(lambda[k]);
        }
        List<int[]> subsets = subsets(n, r - 1);
        Rational best = Rational.ZERO;
        for (int i = 0; i < program.patterns().size(); i++) {
            Rational[][] a = new Rational[n][];
            Rational[] z = new Rational[r];
            java.util.Arrays.fill(z, Rational.ZERO);
            for (int k = 0; k < n; k++) {
                boolean on = program.patterns().active(i, k);
                a[k] = new Rational[r];
                for (int j = 0; j < r; j++) {
                    a[k][j] = on ? x[k][j] : x[k][j].negate();
                    if (on) {
                        z[j] = z[j].add(l[k].multiply(x[k][j]));
                    }
                }
            }
            for (int s = 1; s >= (program.nonnegativeOutput() ? 1 : -1); s -= 2) {
                Rational[] zs = z.clone();
                if (s < 0) {
                    for (int j = 0; j < r; j++) {
                        zs[j] = zs[j].negate();
                    }
                }
                Rational v = projectionNormSquared(a, zs, subsets);
                if (v.compareTo(best) > 0) {
                    best = v;
                }
            }
        }
        return best;
    }

    /** ‖Π_K(z)‖² for K = {u : a_kᵀu ≥ 0}, exactly. */
    static Rational projectionNormSquared(Rational[][] a, Rational[] z, List<int[]> subsets) {
        Rational best = Rational.ZERO;
        for (int[] s : subsets) {
            Rational[] p = projectOntoNullSpace(a, s, z);
            if (p == null) {
                continue;
            }
            boolean inside = true;
            for (Rational[] row : a) {
                if (dot(row, p).signum() < 0) {
                    inside = false;
                    break;
                }
            }
            if (inside) {
                Rational v = dot(p, p);
                if (v.compareTo(best) > 0) {
                    best = v;
                }
            }
        }
        return best;
    }

    /** p = z − A_Sᵀw with (A_S A_Sᵀ)w = A_S z; null when the rows of S are dependent. */
    static Rational[] projectOntoNullSpace(Rational[][] a, int[] s, Rational[] z) {
        int m = s.length;
        int r = z.length;
        Rational[][] g = new Rational[m][m + 1];
        for (int p = 0; p < m; p++) {
            for (int q = 0; q < m; q++) {
                g[p][q] = dot(a[s[p]], a[s[q]]);
            }
            g[p][m] = dot(a[s[p]], z);
        }
        // Gaussian elimination, exact
        for (int c = 0; c < m; c++) {
            int piv = -1;
            for (int p = c; p < m; p++) {
                if (g[p][c].signum() != 0) {
                    piv = p;
                    break;
                }
            }
            if (piv < 0) {
                return null;
            }
            Rational[] tmp = g[c];
            g[c] = g[piv];
            g[piv] = tmp;
            for (int p = 0; p < m; p++) {
                if (p != c && g[p][c].signum() != 0) {
                    Rational f = g[p][c].divide(g[c][c]);
                    for (int q = c; q <= m; q++) {
                        g[p][q] = g[p][q].subtract(f.multiply(g[c][q]));
                    }
                }
            }
        }
        Rational[] p = z.clone();
        for (int c = 0; c < m; c++) {
            Rational w = g[c][m].divide(g[c][c]);
            for (int j = 0; j < r; j++) {
                p[j] = p[j].subtract(w.multiply(a[s[c]][j]));
            }
        }
        return p;
    }

    static Rational dot(Rational[] u, Rational[] v) {
        Rational s = Rational.ZERO;
        for (int j = 0; j < u.length; j++) {
            s = s.add(u[j].multiply(v[j]));
        }
        return s;
    }

    /** Every subset of {0..n−1} with at most {@code max} elements. */
    static List<int[]> subsets(int n, int max) {
        List<int[]> out = new ArrayList<>();
        out.add(new int[0]);
        List<int[]> frontier = new ArrayList<>(out);
        for (int size = 1; size <= max; size++) {
            List<int[]> next = new ArrayList<>();
            for (int[] s : frontier) {
                for (int k = s.length == 0 ? 0 : s[s.length - 1] + 1; k < n; k++) {
                    int[] t = java.util.Arrays.copyOf(s, s.length + 1);
                    t[s.length] = k;
                    next.add(t);
                }
            }
            out.addAll(next);
            frontier = next;
        }
        return out;
    }
}

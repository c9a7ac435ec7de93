package org.cvxrelu.certify;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.cone.ConeProgram;

/**
 * The exact c(λ)² = max_{i,s} ‖Π_{K_i}(s X̃ᵀD_iλ)‖² over a program's patterns, in integer arithmetic, by
 * enumerating active sets: Π_K(z) lies in the relative interior of a face of K = {u : a_kᵀu ≥ 0}, and is the
 * orthogonal projection p_S of z onto that face's span {u : a_kᵀu = 0, k ∈ S} (S independent, |S| ≤ r − 1,
 * or the apex 0). Every p_S that lies in K has ‖p_S‖ = zᵀ(p_S/‖p_S‖) ≤ ‖Π_K(z)‖, so
 * <pre>  ‖Π_K(z)‖² = max{ ‖p_S‖² : p_S ∈ K } ∪ {0}. </pre>
 * Doubles are dyadic rationals: X̃ and λ are scaled by powers of two to integers (a common positive factor
 * on the rows leaves K unchanged; z scales by 2^(ex+el)); p_S is formed by Cramer's rule as det(G)·p_S,
 * G = A_S A_Sᵀ, with integers only. Independent of the code under test (no projection method, no floating
 * point); for tiny n and r only.
 */
final class ExactConePrice {
    private ExactConePrice() {
    }

    /** The exact c(λ)² over every group of the program. */
    static Rational cSquared(ConeProgram program, double[] lambda) {
        int n = program.n();
        int r = program.r();
        double[][] design = program.design();
        int ex = 0;
        int el = 0;
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < r; j++) {
                ex = Math.max(ex, fractionBits(design[k][j]));
            }
            el = Math.max(el, fractionBits(lambda[k]));
        }
        BigInteger[][] x = new BigInteger[n][r];
        BigInteger[] l = new BigInteger[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < r; j++) {
                x[k][j] = scaled(design[k][j], ex);
            }
            l[k] = scaled(lambda[k], el);
        }
        List<int[]> subsets = subsets(n, r - 1);
        Rational best = Rational.ZERO;
        for (int i = 0; i < program.patterns().size(); i++) {
            BigInteger[][] a = new BigInteger[n][];
            BigInteger[] z = new BigInteger[r];
            java.util.Arrays.fill(z, BigInteger.ZERO);
            for (int k = 0; k < n; k++) {
                boolean on = program.patterns().active(i, k);
                a[k] = new BigInteger[r];
                for (int j = 0; j < r; j++) {
                    a[k][j] = on ? x[k][j] : x[k][j].negate();
                    if (on) {
                        z[j] = z[j].add(l[k].multiply(x[k][j]));
                    }
                }
            }
            for (int s = 1; s >= (program.nonnegativeOutput() ? 1 : -1); s -= 2) {
                BigInteger[] zs = z.clone();
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
        // undo the scaling: z was 2^(ex+el) times the true one
        return best.divide(new Rational(BigInteger.ONE.shiftLeft(2 * (ex + el)), BigInteger.ONE));
    }

    /** ‖Π_K(z)‖² for K = {u : a_kᵀu ≥ 0}, exactly. */
    static Rational projectionNormSquared(BigInteger[][] a, BigInteger[] z, List<int[]> subsets) {
        Rational best = Rational.ZERO;
        for (int[] s : subsets) {
            int m = s.length;
            BigInteger[][] g = new BigInteger[m][m];
            BigInteger[] b = new BigInteger[m];
            for (int p = 0; p < m; p++) {
                for (int q = 0; q < m; q++) {
                    g[p][q] = dot(a[s[p]], a[s[q]]);
                }
                b[p] = dot(a[s[p]], z);
            }
            BigInteger det = det(g);
            if (det.signum() == 0) {
                continue; // dependent rows: the same span as a smaller subset
            }
            // det·p = det·z − Σ_c det(G with column c replaced by b) · a_{s_c}   (Cramer)
            BigInteger[] p = new BigInteger[z.length];
            for (int j = 0; j < z.length; j++) {
                p[j] = det.multiply(z[j]);
            }
            for (int c = 0; c < m; c++) {
                BigInteger[][] gc = new BigInteger[m][];
                for (int q = 0; q < m; q++) {
                    gc[q] = g[q].clone();
                    gc[q][c] = b[q];
                }
                BigInteger w = det(gc);
                for (int j = 0; j < z.length; j++) {
                    p[j] = p[j].subtract(w.multiply(a[s[c]][j]));
                }
            }
            // det·p ∈ K iff sign(det)·a_kᵀ(det·p) ≥ 0 for every k (G is positive definite: det > 0)
            boolean inside = true;
            for (BigInteger[] row : a) {
                if (dot(row, p).signum() < 0) {
                    inside = false;
                    break;
                }
            }
            if (inside) {
                Rational v = new Rational(dot(p, p), det.multiply(det));
                if (v.compareTo(best) > 0) {
                    best = v;
                }
            }
        }
        return best;
    }

    static BigInteger det(BigInteger[][] g) {
        int m = g.length;
        if (m == 0) {
            return BigInteger.ONE;
        }
        if (m == 1) {
            return g[0][0];
        }
        BigInteger d = BigInteger.ZERO;
        for (int c = 0; c < m; c++) {
            BigInteger[][] minor = new BigInteger[m - 1][m - 1];
            for (int p = 1; p < m; p++) {
                for (int q = 0, qq = 0; q < m; q++) {
                    if (q != c) {
                        minor[p - 1][qq++] = g[p][q];
                    }
                }
            }
            BigInteger t = g[0][c].multiply(det(minor));
            d = c % 2 == 0 ? d.add(t) : d.subtract(t);
        }
        return d;
    }

    static BigInteger dot(BigInteger[] u, BigInteger[] v) {
        BigInteger s = BigInteger.ZERO;
        for (int j = 0; j < u.length; j++) {
            s = s.add(u[j].multiply(v[j]));
        }
        return s;
    }

    /** The number of binary digits after the point of a double (0 for integers). */
    static int fractionBits(double v) {
        if (v == Math.rint(v)) {
            return 0;
        }
        return Math.getExponent(v) < Double.MIN_EXPONENT ? 1074 : 52 - Math.getExponent(v);
    }

    /** v·2^e as an exact integer (e at least v's fraction bits). */
    static BigInteger scaled(double v, int e) {
        BigDecimal b = new BigDecimal(v).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(e)));
        return b.toBigIntegerExact();
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

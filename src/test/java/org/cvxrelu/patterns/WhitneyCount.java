package org.cvxrelu.patterns;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * An exact, independent count of the full-dimensional cells of a central arrangement, for small n: by
 * Zaslavsky's theorem the number of regions is (−1)^ℓ χ(−1), and Whitney's formula for the characteristic
 * polynomial χ(t) = Σ_{S ⊆ A} (−1)^{|S|} t^{ℓ − rank S} gives
 *
 * <pre>  c(A) = Σ_{S ⊆ A} (−1)^{|S| − rank S}</pre>
 *
 * over all subsets S of the distinct hyperplanes. Ranks are exact: every double is an exact
 * {@link BigDecimal}, and the elimination below only multiplies and subtracts (fraction-free), so no
 * rounding happens (rows are scaled to integers by a power of ten and kept primitive). It shares no code
 * with the enumerator (no pivots, no witnesses, no restriction).
 * Exponential in the number of distinct hyperplanes: keep it to about 14.
 */
final class WhitneyCount {
    private WhitneyCount() {
    }

    static long cells(double[][] design) {
        return sum(distinctHyperplanes(design), 0, new ArrayList<>(), 0);
    }

    /** The distinct hyperplanes of the nonzero rows, as primitive integer rows (exact). */
    static List<BigInteger[]> distinctHyperplanes(double[][] design) {
        List<BigInteger[]> distinct = new ArrayList<>();
        for (double[] row : design) {
            BigInteger[] v = exact(row);
            if (isZero(v)) {
                continue; // a zero row is no hyperplane
            }
            boolean seen = false;
            for (BigInteger[] h : distinct) {
                if (rank(List.of(h, v)) == 1) {
                    seen = true; // a multiple of a hyperplane already counted: the same hyperplane
                    break;
                }
            }
            if (!seen) {
                distinct.add(v);
            }
        }
        return distinct;
    }

    /**
     * Σ over the subsets of {@code h[from..]} added to the rows already in {@code basis} (an echelon form of
     * the chosen rows, exact), of (−1)^{|S| − rank S}; {@code size} is |S| so far.
     */
    private static long sum(List<BigInteger[]> h, int from, List<BigInteger[]> basis, int size) {
        if (from == h.size()) {
            return ((size - basis.size()) & 1) == 0 ? 1 : -1;
        }
        long without = sum(h, from + 1, basis, size);
        BigInteger[] reduced = reduce(h.get(from), basis);
        List<BigInteger[]> next = basis;
        if (!isZero(reduced)) {
            next = new ArrayList<>(basis);
            next.add(reduced);
        }
        return without + sum(h, from + 1, next, size + 1);
    }

    /** v with its entries at the basis rows' pivots eliminated: v·b_p − b·v_p for each basis row b (pivot p). */
    static BigInteger[] reduce(BigInteger[] v, List<BigInteger[]> basis) {
        BigInteger[] out = v.clone();
        for (BigInteger[] b : basis) {
            int p = pivot(b);
            if (out[p].signum() == 0) {
                continue;
            }
            BigInteger f = out[p];
            for (int i = 0; i < out.length; i++) {
                out[i] = out[i].multiply(b[p]).subtract(b[i].multiply(f));
            }
            divideByGcd(out);
        }
        return out;
    }

    private static void divideByGcd(BigInteger[] v) {
        BigInteger g = BigInteger.ZERO;
        for (BigInteger x : v) {
            g = g.gcd(x);
        }
        if (g.signum() != 0 && !g.equals(BigInteger.ONE)) {
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i].divide(g);
            }
        }
    }

    static int rank(List<BigInteger[]> rows) {
        List<BigInteger[]> basis = new ArrayList<>();
        for (BigInteger[] v : rows) {
            BigInteger[] r = reduce(v, basis);
            if (!isZero(r)) {
                basis.add(r);
            }
        }
        return basis.size();
    }

    private static int pivot(BigInteger[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i].signum() != 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("zero basis row");
    }

    /**
     * The row as integers with the same direction: its exact decimal values times one power of ten (the
     * largest decimal scale among them), divided by their gcd.
     */
    static BigInteger[] exact(double[] row) {
        BigDecimal[] d = new BigDecimal[row.length];
        int scale = 0;
        for (int i = 0; i < row.length; i++) {
            d[i] = new BigDecimal(row[i]);
            scale = Math.max(scale, d[i].scale());
        }
        BigInteger[] v = new BigInteger[row.length];
        for (int i = 0; i < row.length; i++) {
            v[i] = d[i].setScale(scale).unscaledValue();
        }
        divideByGcd(v);
        return v;
    }

    static boolean isZero(BigInteger[] v) {
        for (BigInteger x : v) {
            if (x.signum() != 0) {
                return false;
            }
        }
        return true;
    }
}

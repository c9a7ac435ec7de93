package org.cvxrelu.patterns;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.cvxrelu.exact.IntVector;

/**
 * The cells of a central arrangement with integer normals, by deletion–restriction in exact arithmetic:
 * every decision (a side, a coincidence) is exact, on any input.
 *
 * <p><b>Method.</b> As in {@link FloatArrangement}: add the distinct hyperplanes H_1 … H_q one at a time;
 * the cells H_k splits are named by the cells of the restriction {H_j ∩ H_k : j &lt; k} (recursively, one
 * dimension down); every other cell takes the side of H_k its witness lies on. Here all of it is integer:
 *
 * <ul>
 * <li><b>Restriction</b> to H_k = {h·u = 0}: with p the pivot (an entry of h of largest bit length), the
 * points of H_k are u(v) with u_i = |h_p| v_i (i ≠ p) and u_p = −sgn(h_p) Σ_{i≠p} h_i v_i, v ∈ R^{s−1}
 * (then h·u = 0 exactly). A normal g restricts to g′_i = |h_p| g_i − sgn(h_p) g_p h_i, and g′·v = g·u(v):
 * the factor |h_p| &gt; 0 keeps every orientation. g′ is divided by the gcd of its entries.
 * <li><b>Coincidence</b>: restricted normals are primitive integer vectors, so two coincide exactly when
 * they are equal up to sign: a hash on the vector with its first nonzero entry made positive.
 * <li><b>Witnesses</b> are integer vectors (a cell is a cone: a positive multiple is as good). A restricted
 * witness v lifts to u = u(v) on H_k, strictly inside the restricted cell, so g_j·u ≠ 0 for every j &lt; k.
 * It is pushed off H_k as u± = 2^a u ± 2^b h with 2^{a−b} &gt; |g_j·h| / |g_j·u| for every g_j that the
 * push moves towards (bounded from the floating-point shadows with their proven error, exactly otherwise):
 * then sign(g_j·u±) = sign(g_j·u) for all j &lt; k and sign(h·u±) = ±1. The step is within a factor of
 * about 4 of the largest such step, so witnesses stay near the middle of their cells along h.
 * <li><b>Sides</b>: sign(h·w) of an integer witness is decided by {@link IntVector#dotSign}, a filtered
 * exact sign.
 * </ul>
 */
final class ExactArrangement {
    private ExactArrangement() {
    }

    /** Cells of one level: sign vectors over the level's input normals (bit set = positive side) and witnesses. */
    static final class Cells {
        final List<long[]> signs = new ArrayList<>();
        final List<IntVector> witnesses = new ArrayList<>();

        void add(long[] sv, IntVector w) {
            signs.add(sv);
            witnesses.add(w);
        }

        int size() {
            return signs.size();
        }
    }

    /** The cells of the arrangement of the (nonzero, primitive) integer normals {@code rows} in Z^r. */
    static Cells enumerate(IntVector[] rows, int r) {
        return enumerate(rows, r, () -> false);
    }

    /**
     * As {@link #enumerate(IntVector[], int)}; {@code stop} is asked before each top-level hyperplane is
     * restricted and before it splits the cells, and a true answer ends the run with a
     * {@link java.util.concurrent.CancellationException}.
     */
    static Cells enumerate(IntVector[] rows, int r, java.util.function.BooleanSupplier stop) {
        return cells(rows, true, r, stop);
    }

    /**
     * The cells of the arrangement with nonzero primitive integer normals {@code g} in Z^s; coincident
     * normals (equal up to sign) are merged, their signs read off their representative's.
     */
    private static Cells cells(IntVector[] g, boolean top, int s) {
        return cells(g, top, s, () -> false);
    }

    private static Cells cells(IntVector[] g, boolean top, int s, java.util.function.BooleanSupplier stop) {
        int k = g.length;
        int[] group = new int[k];
        int[] orient = new int[k];
        Map<IntVector, Integer> groups = new HashMap<>();
        List<IntVector> reps = new ArrayList<>();
        boolean identity = true;
        for (int a = 0; a < k; a++) {
            int sign = g[a].leadingSign();
            IntVector key = sign > 0 ? g[a] : g[a].negate();
            Integer grp = groups.get(key);
            if (grp == null) {
                grp = reps.size();
                groups.put(key, grp);
                reps.add(g[a]);
                orient[a] = 1;
            } else {
                orient[a] = reps.get(grp).leadingSign() == sign ? 1 : -1;
            }
            group[a] = grp;
            identity &= grp == a && orient[a] == 1;
        }
        Cells distinct = distinctCells(reps.toArray(new IntVector[0]), top, s, stop);
        if (identity) {
            return distinct;
        }
        Cells out = new Cells();
        for (int c = 0; c < distinct.size(); c++) {
            out.add(SignVectors.expand(distinct.signs.get(c), group, orient, k), distinct.witnesses.get(c));
        }
        return out;
    }

    /** Cells of an arrangement of pairwise distinct hyperplanes with integer normals h in Z^s. */
    private static Cells distinctCells(IntVector[] h, boolean top, int s, java.util.function.BooleanSupplier stop) {
        int q = h.length;
        int words = Math.max(1, (q + 63) >>> 6);
        Cells cells = new Cells();
        if (q == 0) {
            cells.add(new long[words], IntVector.unit(s, 0));
            return cells;
        }
        long[] first = new long[words];
        first[0] = 1L;
        cells.add(first, h[0]);
        cells.add(new long[words], h[0].negate());
        if (top && q > 8) {
            // The restrictions do not depend on each other, only the splitting does: at the top level they
            // are enumerated in parallel, then applied in order.
            Restriction[] restrictions = IntStream.range(1, q).parallel()
                    .mapToObj(k -> restriction(h, s, ArrangementEnumerator.unlessStopped(k, stop)))
                    .toArray(Restriction[]::new);
            for (int k = 1; k < q; k++) {
                split(cells, h, ArrangementEnumerator.unlessStopped(k, stop), restrictions[k - 1], true);
            }
        } else {
            for (int k = 1; k < q; k++) {
                int checkedK = top ? ArrangementEnumerator.unlessStopped(k, stop) : k;
                split(cells, h, checkedK, restriction(h, s, k), false);
            }
        }
        return cells;
    }

    /** The cells of the restriction of hyperplanes 0 … k−1 to H_k, in the coordinates v (pivot p eliminated). */
    private record Restriction(int pivot, Cells cells) {
    }

    private static Restriction restriction(IntVector[] h, int s, int k) {
        IntVector hk = h[k];
        int p = pivot(hk);
        if (s == 2) {
            return new Restriction(p, lineCells(h, k, p));
        }
        BigInteger hp = hk.get(p);
        BigInteger abs = hp.abs();
        boolean negative = hp.signum() < 0;
        IntVector[] restricted = new IntVector[k];
        for (int j = 0; j < k; j++) {
            IntVector g = h[j];
            BigInteger gp = negative ? g.get(p).negate() : g.get(p); // sgn(h_p)·g_p
            BigInteger[] out = new BigInteger[s - 1];
            for (int i = 0, o = 0; i < s; i++) {
                if (i == p) {
                    continue;
                }
                BigInteger v = g.get(i).multiply(abs);
                if (gp.signum() != 0 && hk.get(i).signum() != 0) {
                    v = v.subtract(gp.multiply(hk.get(i)));
                }
                out[o++] = v;
            }
            restricted[j] = new IntVector(out).primitive();
        }
        return new Restriction(p, cells(restricted, false, s - 1));
    }

    /**
     * The restriction of hyperplanes 0 … k−1 of the plane to the line H_k (s = 2), without building it: the
     * restricted normals are the 1-vectors g′_j = (g_j·u(1)), nonzero (the lines are distinct), so the
     * restriction has the two cells v = (±1). The same cells, in the same order and with the same witnesses,
     * as the general path (which reduces every g′_j to (±1) and groups them on the first): first the side
     * of g′_0, bit j set where g′_j has its sign; then the other side.
     */
    private static Cells lineCells(IntVector[] h, int k, int p) {
        IntVector u = lift(IntVector.unit(1, 0), h[k], p);
        int words = Math.max(1, (k + 63) >>> 6);
        long[] first = new long[words];
        long[] second = new long[words];
        int s0 = 0;
        for (int j = 0; j < k; j++) {
            int sign = h[j].dotSign(u);
            if (sign == 0) {
                throw new IllegalStateException("two lines of a restriction coincide (a defect)");
            }
            if (j == 0) {
                s0 = sign;
            }
            if (sign == s0) {
                first[j >>> 6] |= 1L << (j & 63);
            } else {
                second[j >>> 6] |= 1L << (j & 63);
            }
        }
        Cells cells = new Cells();
        IntVector plus = IntVector.unit(1, 0);
        cells.add(first, s0 > 0 ? plus : plus.negate());
        cells.add(second, s0 > 0 ? plus.negate() : plus);
        return cells;
    }

    /** The entry of largest bit length (first of them): the elimination then distorts least. */
    private static int pivot(IntVector h) {
        int p = -1;
        int best = -1;
        for (int i = 0; i < h.dimension(); i++) {
            int bl = IntVector.bits(h.get(i));
            if (h.get(i).signum() != 0 && bl > best) {
                best = bl;
                p = i;
            }
        }
        return p;
    }

    /** u(v): the point of H_k = {h·u = 0} with free coordinates v (see the class comment). */
    private static IntVector lift(IntVector v, IntVector h, int p) {
        int s = h.dimension();
        BigInteger hp = h.get(p);
        BigInteger abs = hp.abs();
        BigInteger[] u = new BigInteger[s];
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0, o = 0; i < s; i++) {
            if (i == p) {
                continue;
            }
            BigInteger vi = v.get(o++);
            u[i] = vi.multiply(abs);
            if (vi.signum() != 0 && h.get(i).signum() != 0) {
                sum = sum.add(h.get(i).multiply(vi));
            }
        }
        u[p] = hp.signum() > 0 ? sum.negate() : sum;
        return new IntVector(u);
    }

    /** Below this many cells cut, a top-level split runs on one thread. */
    private static final int PARALLEL_CUTS = 512;

    /**
     * Adds hyperplane k to the cells of hyperplanes 0 … k−1 (in place), splitting the cells its restriction
     * names. The sub-cells (few) are indexed by their sign vectors ({@link SubCellIndex}); one pass over
     * the cells (many) finds each cut cell's sub-cell and takes the side of H_k for the others. At the top
     * level the lifts and pushes (independent, the bulk of the work) run in parallel; they are applied in order.
     */
    private static void split(Cells cells, IntVector[] h, int k, Restriction restriction, boolean top) {
        IntVector hk = h[k];
        Cells sub = restriction.cells();
        int m = sub.size();
        SubCellIndex index = new SubCellIndex(sub.signs, k);
        // upper bounds on |g_j·h_k|·2^−(scale_j + scale_h), the same for every cell cut
        double[] along = new double[k];
        int[] towards = new int[k]; // sign(g_j·h_k): a push along +h_k moves towards H_j from its negative side
        int dim = hk.dimension();
        double[] shadows = new double[k * dim]; // the shadows of h_0 … h_{k−1}, one after the other
        for (int j = 0; j < k; j++) {
            along[j] = h[j].scaledDotUpper(hk);
            towards[j] = h[j].dotSign(hk);
            System.arraycopy(h[j].shadow(), 0, shadows, j * dim, dim);
        }
        int before = cells.size();
        int[] parentOf = new int[m];
        Arrays.fill(parentOf, -1);
        int word = k >>> 6;
        long bit = 1L << (k & 63);
        IntStream range = IntStream.range(0, before);
        (top && before > 4 * PARALLEL_CUTS ? range.parallel() : range).forEach(c -> {
            long[] sv = cells.signs.get(c);
            int found = index.indexOf(sv);
            if (found >= 0) {
                parentOf[found] = c;
                return;
            }
            int side = hk.dotSign(cells.witnesses.get(c));
            if (side == 0) {
                throw new IllegalStateException("a witness of a cell that H_k misses lies on H_k (a defect)");
            }
            if (side > 0) {
                sv[word] |= bit; // this cell's own array, touched by this task only
            }
        });
        IntVector[][] pushed = new IntVector[m][];
        IntStream subs = IntStream.range(0, m);
        (top && m > PARALLEL_CUTS ? subs.parallel() : subs).forEach(c -> {
            int parent = parentOf[c];
            if (parent < 0) {
                throw new IllegalStateException("exact cell enumeration lost track of a cell (a defect)");
            }
            IntVector u = lift(sub.witnesses.get(c), hk, restriction.pivot());
            pushed[c] = push(u, hk, h, k, cells.signs.get(parent), along, towards, shadows);
        });
        for (int c = 0; c < m; c++) {
            int parent = parentOf[c];
            long[] parentSigns = cells.signs.get(parent);
            long[] plusSigns = parentSigns.clone();
            plusSigns[word] |= bit;
            cells.signs.set(parent, plusSigns);
            cells.witnesses.set(parent, pushed[c][0]);
            cells.add(parentSigns, pushed[c][1]); // bit k stays clear: the negative side
        }
    }

    /**
     * {u+, u−} with u± = 2^a u ± 2^b h: off H_k on side ±, on the same side of every H_j (j &lt; k) as u, whose
     * signs are {@code signs}. A hyperplane j constrains the step on side σ when σ·sign(g_j·u)·(g_j·h) &lt; 0
     * (it constrains exactly one of the two sides unless g_j·h = 0); then it needs
     * 2^{a−b} &gt; |g_j·h| / |g_j·u| = 2^{scale_h − scale_u}·(scaled ratio). The scaled numerator is bounded
     * above by {@code along[j]}, the scaled denominator below by the shadows (both with their proven error
     * bounds), or the ratio is bounded from the exact integers' bit lengths when the shadows cannot.
     * {@code shadows} holds the shadows of g_0 … g_{k−1} in one array.
     */
    private static IntVector[] push(IntVector u, IntVector h, IntVector[] g, int k, long[] signs,
            double[] along, int[] towards, double[] shadows) {
        double[] us = u.shadow();
        int dim = us.length;
        int base = h.scale() - u.scale(); // at least this: the step along h no longer than about |u|
        int plus = base;
        int minus = base;
        for (int j = 0; j < k; j++) {
            if (towards[j] == 0) {
                continue; // the push moves along H_j on both sides
            }
            // u is strictly inside the restriction of the cell, so sign(g_j·u) is the cell's sign of H_j
            int uSign = (signs[j >>> 6] & (1L << (j & 63))) != 0 ? 1 : -1;
            boolean constrainsPlus = towards[j] * uSign < 0; // σ = +1 moves towards H_j; else σ = −1 does
            int current = constrainsPlus ? plus : minus;
            double low = IntVector.scaledDotLower(shadows, j * dim, us); // = g[j].scaledDotLower(u)
            int need;
            if (low > 0x1p-900) {
                need = Math.getExponent(along[j] / low) + 2 + h.scale() - u.scale();
            } else {
                BigInteger num = g[j].dot(h).abs();
                BigInteger den = g[j].dot(u).abs();
                if (den.signum() == 0) {
                    throw new IllegalStateException("a lifted witness lies on an earlier hyperplane (a defect)");
                }
                need = num.bitLength() - den.bitLength() + 2;
            }
            if (need > current) {
                if (constrainsPlus) {
                    plus = need;
                } else {
                    minus = need;
                }
            }
        }
        return new IntVector[] {shifted(u, h, +1, plus), shifted(u, h, -1, minus)};
    }

    private static IntVector shifted(IntVector u, IntVector h, int sigma, int e) {
        return u.shiftedCombination(Math.max(0, e), sigma, Math.max(0, -e), h);
    }
}

package org.cvxrelu.patterns;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.cvxrelu.exact.DotSign;
import org.cvxrelu.exact.IntVector;

/**
 * Exact enumeration of the full-dimensional cells of the central arrangement {u ∈ R^r : x̃_kᵀu = 0} of
 * the rows of X̃ as the doubles they are, one interior witness per cell, by deletion–restriction.
 *
 * <p><b>Exactness.</b> Every decision that fixes the combinatorics is exact: which rows give the same
 * hyperplane (equal primitive integer vectors), the rank, on which side of a hyperplane a witness lies.
 * Two paths:
 * <ol>
 * <li><b>Fast path</b> (general position): {@link FloatArrangement} proposes cells in floating point. They
 * are accepted when (a) every witness lies strictly on the proposed side of every hyperplane, decided by
 * {@link DotSign} (a filtered exact sign), (b) the sign vectors are distinct, and (c) their number equals
 * Cover's count C(q, ρ) = 2 Σ_{k&lt;ρ} binom(q−1, k) for the q distinct hyperplanes and their exact rank ρ.
 * (a, b) make them C(q, ρ) distinct cells; no central arrangement of q hyperplanes of rank ρ has more
 * (deletion–restriction: c(A) = c(A∖H) + c(A^H) ≤ C(q−1, ρ) + C(q−1, ρ−1) = C(q, ρ)), so they are all.
 * <li><b>Exact path</b> otherwise (degenerate data, or too ill-conditioned for the fast path): each row
 * scaled by a power of two to the integers it is, enumerated by {@link ExactArrangement} in integer
 * arithmetic.
 * </ol>
 * A zero row (possible without bias) is no hyperplane: it is active (0 ≥ 0) in every pattern. The witnesses
 * returned are doubles near the direction of an interior point: hints (start points, files), not proofs.
 */
public final class ArrangementEnumerator {
    private ArrangementEnumerator() {
    }

    /** Which path decided a result: the checked floating-point run, or the integer enumeration. */
    public enum Path {
        FLOAT_CHECKED, INTEGER
    }

    /** The distinct hyperplanes of a design matrix: zero rows, representatives and orientations, exact rank. */
    public record Hyperplanes(int[] representative, int[] orientation, boolean[] zeroRow, int[] distinctRows, int rank,
            IntVector[] normals) {
        public int count() {
            return distinctRows.length;
        }
    }

    /**
     * Groups the rows of X̃ into distinct hyperplanes, exactly: each nonzero row as a primitive integer
     * vector (the row times a power of two, divided by the gcd of its entries) with its first nonzero entry
     * positive is a key, equal exactly for rows that are positive or negative multiples of each other.
     */
    public static Hyperplanes hyperplanes(double[][] design) {
        int n = design.length;
        boolean[] zero = new boolean[n];
        int[] rep = new int[n];
        int[] orient = new int[n];
        Arrays.fill(rep, -1);
        Map<IntVector, Integer> groups = new HashMap<>();
        List<Integer> distinct = new ArrayList<>();
        List<IntVector> normals = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            IntVector v = IntVector.ofDoubles(design[k]);
            if (v.isZero()) {
                zero[k] = true;
                continue;
            }
            v = v.primitive();
            int sign = v.leadingSign();
            IntVector key = sign > 0 ? v : v.negate();
            Integer g = groups.get(key);
            if (g == null) {
                g = distinct.size();
                groups.put(key, g);
                distinct.add(k);
                normals.add(v);
                orient[k] = 1;
            } else {
                orient[k] = normals.get(g).leadingSign() == sign ? 1 : -1;
            }
            rep[k] = g;
        }
        int[] rows = distinct.stream().mapToInt(Integer::intValue).toArray();
        double[][] repRows = new double[rows.length][];
        for (int g = 0; g < rows.length; g++) {
            repRows[g] = design[rows[g]];
        }
        int rank = ExactRank.rank(repRows);
        return new Hyperplanes(rep, orient, zero, rows, rank, normals.toArray(new IntVector[0]));
    }

    /**
     * All cells of the arrangement of the rows of {@code design} (n × r), as activation patterns over the
     * rows with interior witnesses (as hints).
     */
    public static PatternSet enumerate(double[][] design, boolean bias) {
        return run(design, bias, null).patterns();
    }

    /**
     * As {@link #enumerate(double[][], boolean)}, with the hyperplanes of {@code design} already grouped;
     * {@code stop} is asked at least once per top-level hyperplane, and a true answer ends the enumeration with a
     * {@link java.util.concurrent.CancellationException}.
     */
    static PatternSet enumerate(double[][] design, boolean bias, Hyperplanes hp, java.util.function.BooleanSupplier stop) {
        return run(design, bias, null, hp, stop).patterns();
    }

    /**
     * {@code k}, unless {@code stop} says the run is to end (then a CancellationException): the check both
     * enumerators make before a top-level hyperplane is restricted and before it splits the cells.
     */
    static int unlessStopped(int k, java.util.function.BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            throw new java.util.concurrent.CancellationException("enumeration stopped at hyperplane " + k);
        }
        return k;
    }

    /**
     * One enumeration with what decided it: the path, and per cell an exact interior point as exact binary
     * values (the double witness itself on the fast path, the integer witness on the exact one) — for tests
     * that check each cell independently.
     */
    record Run(PatternSet patterns, Path path, List<IntVector> integerWitnesses) {
        /** An exact interior point of cell i: the integer witness, or (fast path) the double witness itself. */
        BigDecimal[] exactWitness(int i) {
            if (integerWitnesses != null) {
                IntVector w = integerWitnesses.get(i);
                BigDecimal[] e = new BigDecimal[w.dimension()];
                for (int j = 0; j < e.length; j++) {
                    e[j] = new BigDecimal(w.get(j));
                }
                return e;
            }
            double[] w = patterns.witness(i);
            BigDecimal[] e = new BigDecimal[w.length];
            for (int j = 0; j < w.length; j++) {
                e[j] = new BigDecimal(w[j]);
            }
            return e;
        }
    }

    /** As {@link #enumerate(double[][], boolean)}, forcing one path ({@code null}: the fast one when it can). */
    static Run run(double[][] design, boolean bias, Path force) {
        return run(design, bias, force, hyperplanes(design), () -> false);
    }

    private static Run run(double[][] design, boolean bias, Path force, Hyperplanes hp,
            java.util.function.BooleanSupplier stop) {
        int n = design.length;
        int r = n == 0 ? (bias ? 1 : 0) : design[0].length;
        int q = hp.count();
        double[][] topRows = new double[q][];
        for (int g = 0; g < q; g++) {
            topRows[g] = design[hp.distinctRows()[g]];
        }
        List<long[]> signs = null;
        List<double[]> witnesses = null;
        List<IntVector> integerWitnesses = null;
        Path path = Path.FLOAT_CHECKED;
        // with a rank ρ below r and more than ρ hyperplanes, the restrictions to the flats of ρ − 1 of them repeat a
        // hyperplane (every normal lies in the same ρ dimensions), which the floating-point run gives up on, or, where
        // rounding hides it, may list up to Cover's count for rank r before its count is refused: it is not tried
        if (force == Path.FLOAT_CHECKED || force == null && (hp.rank() == r || q == hp.rank())) {
            FloatArrangement.Cells candidate = floatCandidate(topRows, r, stop);
            if (candidate != null && accepted(candidate, topRows, CoverCount.cells(q, hp.rank()))) {
                signs = candidate.signs;
                witnesses = candidate.witnesses;
            } else if (force == Path.FLOAT_CHECKED) {
                throw new IllegalStateException("the checked floating-point path does not decide this arrangement");
            }
        }
        if (signs == null) {
            path = Path.INTEGER;
            ExactArrangement.Cells exact = ExactArrangement.enumerate(hp.normals(), r, stop);
            signs = exact.signs;
            witnesses = new ArrayList<>(exact.size());
            for (IntVector w : exact.witnesses) {
                witnesses.add(w.unitDouble());
            }
            integerWitnesses = exact.witnesses;
        }
        List<long[]> masks = new ArrayList<>(signs.size());
        int words = (n + 63) >>> 6;
        for (long[] sv : signs) {
            long[] mask = new long[words];
            for (int k = 0; k < n; k++) {
                boolean on;
                if (hp.zeroRow()[k]) {
                    on = true;
                } else {
                    int g = hp.representative()[k];
                    boolean pos = (sv[g >>> 6] & (1L << (g & 63))) != 0;
                    on = pos == (hp.orientation()[k] > 0);
                }
                if (on) {
                    mask[k >>> 6] |= 1L << (k & 63);
                }
            }
            masks.add(mask);
        }
        return new Run(new PatternSet(n, r, bias, true, masks, witnesses, "exact", null, 0, design, true), path,
                integerWitnesses);
    }

    /** The floating-point run, or null when it gives up (nearly coincident hyperplanes, a lost cell, …). */
    private static FloatArrangement.Cells floatCandidate(double[][] rows, int r, java.util.function.BooleanSupplier stop) {
        if (rows.length == 0) {
            return null;
        }
        try {
            return FloatArrangement.enumerate(rows, r, stop);
        } catch (java.util.concurrent.CancellationException e) {
            throw e; // stopped from outside (a time limit), not given up
        } catch (RuntimeException e) {
            // NearlyDegenerate, a lost cell, or anything else rounding did to it: the run is only a proposal
            return null;
        }
    }

    /**
     * The fast path's acceptance test: as many cells as Cover's bound, distinct sign vectors, and every
     * witness strictly on its sign vector's side of every hyperplane, exactly.
     */
    private static boolean accepted(FloatArrangement.Cells cells, double[][] rows, BigInteger cover) {
        if (cover.compareTo(BigInteger.valueOf(cells.size())) != 0) {
            return false;
        }
        Set<BitKey> seen = new HashSet<>(cells.size() * 2);
        for (long[] sv : cells.signs) {
            if (!seen.add(new BitKey(sv))) {
                return false;
            }
        }
        int q = rows.length;
        int r = q == 0 ? 0 : rows[0].length;
        double[] flat = new double[q * r];
        for (int g = 0; g < q; g++) {
            System.arraycopy(rows[g], 0, flat, g * r, r);
        }
        IntStream range = IntStream.range(0, cells.size());
        return (cells.size() > 4096 ? range.parallel() : range)
                .allMatch(c -> inside(cells.witnesses.get(c), cells.signs.get(c), rows, flat, r));
    }

    /**
     * Is w strictly on the side {@code sv} gives of every hyperplane? The filter of {@link DotSign#sign},
     * inlined (one tight loop over the rows, flattened), then {@link DotSign#sign} where it cannot decide.
     */
    private static boolean inside(double[] w, long[] sv, double[][] rows, double[] flat, int r) {
        for (double x : w) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        double factor = (r + 2) * 0x1p-52;
        double floor = (r + 1) * 0x1p-1070;
        for (int g = 0, o = 0; g < rows.length; g++, o += r) {
            double d = 0;
            double abs = 0;
            for (int i = 0; i < r; i++) {
                double p = flat[o + i] * w[i];
                d += p;
                abs += Math.abs(p);
            }
            boolean pos = (sv[g >>> 6] & (1L << (g & 63))) != 0;
            double bound = factor * abs + floor;
            if (pos ? d > bound : d < -bound) {
                continue; // decided by the filter (d beyond a finite bound; NaN or overflow fall through)
            }
            int side = DotSign.sign(rows[g], w);
            if (side == 0 || (side > 0) != pos) {
                return false;
            }
        }
        return true;
    }

}

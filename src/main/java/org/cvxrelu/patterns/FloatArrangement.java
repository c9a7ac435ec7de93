package org.cvxrelu.patterns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The floating-point candidate for the cells of a central arrangement in general position, by
 * deletion–restriction (the fast path of {@link ArrangementEnumerator}, which checks its answer exactly).
 *
 * <p><b>Method.</b> Add the distinct hyperplanes H_1 … H_q one at a time. Adding H_k splits exactly those
 * cells of the arrangement {H_1 … H_{k−1}} that meet H_k, and these are in one-to-one correspondence with the
 * cells of the restricted arrangement {H_j ∩ H_k : j &lt; k} inside H_k ≅ R^{s−1} (a cell of the
 * restriction lies in exactly one old cell; its sign vector names that cell). So each step enumerates a
 * restriction one dimension down (recursively), splits the cells it names — a restricted witness w gives the
 * children w ± ε h_k — and gives every other cell the sign of h_kᵀw on its own witness. The work is
 * proportional to the number of cells met on all levels, about r times the output, with no linear programs.
 *
 * <p>Hyperplane restriction uses a Householder reflection P with P h_k ∝ e_1; the columns 2…s of P are an
 * orthonormal basis of H_k, so norms and angles survive every level. Nothing here is trusted: the decisions
 * are rounded, and a run that meets nearly coincident restrictions, or loses track of a cell, gives up
 * ({@link NearlyDegenerate}, {@link IllegalStateException}).
 */
final class FloatArrangement {
    /**
     * Restricted normals within this distance (up to sign) count as nearly coincident: the run gives up. Exactly
     * coincident restrictions came out a few rounding errors apart on every table measured, so this only has to
     * stand clear of those; where a restriction magnifies them further, the run goes on and the acceptance test
     * refuses it (it decides everything exactly). It was 1e-7, and then any large arrangement in general
     * position gave up: 70 Gaussian rows in R^5 restrict to about 57,000 planes of up to 70 lines each, whose closest
     * pair of lines is about 1e-8 apart (BENCHMARKS §50).
     */
    static final double PARALLEL_TOLERANCE = 1e-10;

    /** Asked before each top-level hyperplane's restriction and split; true cancels the run. */
    private final java.util.function.BooleanSupplier stop;

    private FloatArrangement(java.util.function.BooleanSupplier stop) {
        this.stop = stop;
    }

    /** The candidate cells of the distinct hyperplanes with normals {@code rows} in R^r. */
    static Cells enumerate(double[][] rows, int r) {
        return enumerate(rows, r, () -> false);
    }

    /**
     * As {@link #enumerate(double[][], int)}; {@code stop} is asked before each top-level hyperplane is
     * restricted and before it splits the cells, and a true answer ends the run with a
     * {@link java.util.concurrent.CancellationException} (a time limit that passes during the enumeration).
     */
    static Cells enumerate(double[][] rows, int r, java.util.function.BooleanSupplier stop) {
        double[][] normals = new double[rows.length][];
        for (int g = 0; g < rows.length; g++) {
            normals[g] = unit(rows[g]);
        }
        return new FloatArrangement(stop).cells(normals, true, r);
    }

/** Cells of one level: sign vectors over the level's input normals (bit set = positive side) and witnesses. */
    static final class Cells {
        final List<long[]> signs = new ArrayList<>();
        final List<double[]> witnesses = new ArrayList<>();

        void add(long[] sv, double[] w) {
            signs.add(sv);
            witnesses.add(w);
        }

        int size() {
            return signs.size();
        }
    }

    /** Coincident hyperplanes merged (only on a line): group of each input, orientation relative to the group's representative. */
    private static final class Dedup {
        int[] group;
        int[] orient;
        int[] reps; // input index of each group's representative
    }

    /**
     * The cells of the arrangement with (unit) normals {@code g} in R^s ({@code top}: the whole space, not a
     * restriction).
     */
    private Cells cells(double[][] g, boolean top, int s) {
        int k = g.length;
        Dedup dd = dedup(g);
        int q = dd.reps.length;
        double[][] h = new double[q][];
        for (int a = 0; a < q; a++) {
            h[a] = g[dd.reps[a]];
        }
        Cells distinct = distinctCells(h, top, s);
        if (q == k) {
            boolean identity = true;
            for (int a = 0; a < k; a++) {
                if (dd.group[a] != a || dd.orient[a] != 1) {
                    identity = false;
                    break;
                }
            }
            if (identity) {
                return distinct;
            }
        }
        Cells out = new Cells();
        for (int c = 0; c < distinct.size(); c++) {
            out.add(SignVectors.expand(distinct.signs.get(c), dd.group, dd.orient, k), distinct.witnesses.get(c));
        }
        return out;
    }

    /** Cells of an arrangement of pairwise distinct hyperplanes with unit normals h in R^s. */
    private Cells distinctCells(double[][] h, boolean top, int s) {
        int q = h.length;
        int words = Math.max(1, (q + 63) >>> 6);
        Cells cells = new Cells();
        if (q == 0) {
            double[] w = new double[s];
            w[0] = 1;
            cells.add(new long[words], w);
            return cells;
        }
        if (s == 1) {
            // On a line every nonzero normal gives the same hyperplane {0}: two cells, u > 0 and u < 0.
            long[] plus = new long[words];
            if (h[0][0] > 0) {
                plus[0] = 1L;
            }
            long[] minus = new long[words];
            if (h[0][0] < 0) {
                minus[0] = 1L;
            }
            cells.add(plus, new double[] {1});
            cells.add(minus, new double[] {-1});
            return cells;
        }
        long[] first = new long[words];
        first[0] = 1L;
        cells.add(first, h[0].clone());
        cells.add(new long[words], negate(h[0]));
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

    /** The cells of the restriction of hyperplanes 0 … k−1 to H_k, in the coordinates of its basis. */
    private record Restriction(Householder basis, Cells cells) {
    }

    private Restriction restriction(double[][] h, int s, int k) {
        Householder basis = new Householder(h[k]);
        double[][] restricted = new double[k][];
        for (int j = 0; j < k; j++) {
            restricted[j] = unit(basis.restrict(h[j]));
        }
        return new Restriction(basis, cells(restricted, false, s - 1));
    }

    /** Below this many cells cut, a top-level split's pushes run on one thread (as {@link ExactArrangement}). */
    private static final int PARALLEL_CUTS = 512;

    /**
     * Adds hyperplane k to the cells of hyperplanes 0 … k−1 (in place), splitting the cells its restriction names.
     * As in {@link ExactArrangement}: the sub-cells (few) are indexed by their sign vectors ({@link SubCellIndex}),
     * and one pass over the cells (many) finds each cut cell's sub-cell and gives every other cell the side of
     * H_k its witness lies on; at the top level that pass and the pushes run in parallel, and the children are
     * applied in the order of the sub-cells, so the cells, their order and their witnesses do not depend on the
     * threads.
     */
    private void split(Cells cells, double[][] h, int k, Restriction restriction, boolean top) {
        double[] hk = h[k];
        Householder basis = restriction.basis();
        Cells sub = restriction.cells();
        int m = sub.size();
        SubCellIndex index = new SubCellIndex(sub.signs, k);
        double[] along = new double[k]; // h_jᵀh_k, the same for every push
        for (int j = 0; j < k; j++) {
            along[j] = dot(h[j], hk);
        }
        int before = cells.size();
        int word = k >>> 6;
        long bit = 1L << (k & 63);
        int[] match = new int[before]; // the sub-cell that names cell c, or −1 (each task writes its own entry only)
        IntStream range = IntStream.range(0, before);
        (top && before > 4 * PARALLEL_CUTS ? range.parallel() : range).forEach(c -> {
            long[] sv = cells.signs.get(c);
            match[c] = index.indexOf(sv);
            if (match[c] < 0 && dot(hk, cells.witnesses.get(c)) > 0) {
                sv[word] |= bit; // this cell's own array, touched by this task only
            }
        });
        // the parents in the cells' order, so that a run does not depend on the threads even where rounding gave two
        // cells one sign vector (then the run gives up here, as it would without threads)
        int[] parentOf = new int[m];
        Arrays.fill(parentOf, -1);
        for (int c = 0; c < before; c++) {
            int t = match[c];
            if (t >= 0) {
                if (parentOf[t] >= 0) {
                    throw new IllegalStateException("two cells with one sign vector: the data are too close to "
                            + "degenerate for double precision");
                }
                parentOf[t] = c;
            }
        }
        for (int c = 0; c < m; c++) {
            if (parentOf[c] < 0) {
                throw new IllegalStateException("cell enumeration lost track of a cell: the data are too close to "
                        + "degenerate for double precision");
            }
        }
        double[][][] pushed = new double[m][][];
        IntStream subs = IntStream.range(0, m);
        (top && m > PARALLEL_CUTS ? subs.parallel() : subs).forEach(c -> {
            double[] w = basis.lift(sub.witnesses.get(c));
            pushed[c] = new double[][] {push(w, hk, h, k, along, +1), push(w, hk, h, k, along, -1)};
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
     * A witness off H_k on side σ: w + σεĥ, normalised, with ε small enough to keep the sign of every
     * earlier hyperplane j: for the hyperplanes the step moves towards (σ·sign(h_jᵀw)·h_jᵀĥ &lt; 0),
     * ε = min |h_jᵀw| / (1 + |h_jᵀĥ|), so each margin stays at least ε (unit normals, unit w);
     * {@code along[j]} = h_jᵀĥ.
     */
    private static double[] push(double[] w, double[] hk, double[][] h, int k, double[] along, int sigma) {
        double eps = 1.0;
        for (int j = 0; j < k; j++) {
            double a = dot(h[j], w);
            double b = along[j];
            if (sigma * Math.signum(a) * b < 0) {
                eps = Math.min(eps, Math.abs(a) / (1 + Math.abs(b)));
            }
        }
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] + sigma * eps * hk[i];
        }
        return unit(out);
    }

    /**
     * Coincident hyperplanes: on a line every hyperplane is {0} (one group, oriented by the sign of the
     * normal); in higher dimension, normals within {@link #PARALLEL_TOLERANCE} of each other (up to sign)
     * end the floating-point run ({@link NearlyDegenerate}): the data are degenerate or too close to it, and
     * the exact enumeration takes over.
     */
    private static Dedup dedup(double[][] g) {
        int k = g.length;
        Dedup d = new Dedup();
        d.group = new int[k];
        d.orient = new int[k];
        if (k > 0 && g[0].length == 1) {
            for (int a = 0; a < k; a++) {
                d.group[a] = 0;
                d.orient[a] = g[a][0] * g[0][0] > 0 ? 1 : -1;
            }
            d.reps = new int[] {0};
            return d;
        }
        Integer[] order = new Integer[k];
        for (int a = 0; a < k; a++) {
            order[a] = a;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(g[a][0]), Math.abs(g[b][0])));
        for (int ia = 0; ia < k; ia++) {
            int a = order[ia];
            double key = Math.abs(g[a][0]);
            for (int ib = ia + 1; ib < k; ib++) {
                int b = order[ib];
                if (Math.abs(g[b][0]) - key > PARALLEL_TOLERANCE) {
                    break;
                }
                int sign = dot(g[a], g[b]) >= 0 ? 1 : -1;
                if (maxDiff(g[a], g[b], sign) <= PARALLEL_TOLERANCE) {
                    throw new NearlyDegenerate();
                }
            }
        }
        d.reps = new int[k];
        for (int a = 0; a < k; a++) {
            d.group[a] = a;
            d.orient[a] = 1;
            d.reps[a] = a;
        }
        return d;
    }

    /** The floating-point run met hyperplanes that coincide or nearly coincide. */
    static final class NearlyDegenerate extends RuntimeException {
        NearlyDegenerate() {
            super("nearly coincident hyperplanes", null, false, false);
        }
    }

    private static double maxDiff(double[] a, double[] b, int sign) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - sign * b[i]));
        }
        return m;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] unit(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double norm = Math.sqrt(s);
        double[] out = new double[v.length];
        if (norm == 0) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / norm;
        }
        return out;
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    /**
     * The Householder reflection P = I − 2vvᵀ/(vᵀv), v = h + sign(h_1) e_1, which maps the unit normal h to
     * ∓e_1. Columns 2…s of P are an orthonormal basis B of the hyperplane h^⊥.
     */
    private static final class Householder {
        private final double[] v;
        private final double vv;

        Householder(double[] h) {
            v = h.clone();
            v[0] += h[0] >= 0 ? 1 : -1;
            vv = dot(v, v);
        }

        /** Bᵀg: the coordinates of the projection of g on h^⊥ (the restricted normal). */
        double[] restrict(double[] g) {
            double c = 2 * dot(v, g) / vv;
            double[] out = new double[g.length - 1];
            for (int i = 1; i < g.length; i++) {
                out[i - 1] = g[i] - c * v[i];
            }
            return out;
        }

        /** B w: the point of h^⊥ with coordinates w. */
        double[] lift(double[] w) {
            double c = 0;
            for (int i = 1; i < v.length; i++) {
                c += v[i] * w[i - 1];
            }
            c = 2 * c / vv;
            double[] out = new double[v.length];
            out[0] = -c * v[0];
            for (int i = 1; i < v.length; i++) {
                out[i] = w[i - 1] - c * v[i];
            }
            return out;
        }
    }

}

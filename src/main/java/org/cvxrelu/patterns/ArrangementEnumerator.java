package org.cvxrelu.patterns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Exact enumeration of the full-dimensional cells of the central arrangement {u ∈ R^r : x̃_kᵀu = 0},
 * one strict interior witness per cell, by deletion–restriction.
 *
 * <p><b>Method.</b> Add the distinct hyperplanes H_1 … H_q one at a time. Adding H_k splits exactly those
 * cells of the arrangement {H_1 … H_{k−1}} that meet H_k, and these are in one-to-one correspondence with the
 * cells of the restricted arrangement {H_j ∩ H_k : j &lt; k} inside H_k ≅ R^{s−1} (a cell of the
 * restriction lies in exactly one old cell; its sign vector names that cell). So each step enumerates a
 * restriction one dimension down (recursively), splits the cells it names — a restricted witness w gives the
 * children w ± ε h_k — and gives every other cell the sign of h_kᵀw on its own witness. The work is
 * proportional to the number of cells met on all levels, about r times the output, with no linear programs.
 *
 * <p><b>Degenerate position.</b> Rows that are multiples of each other give the same hyperplane; restricted
 * to a flat, distinct hyperplanes can coincide (three collinear points, four coplanar ones). Each level
 * merges coincident hyperplanes: floating point proposes candidates (normalised normals within 1e-7), and an
 * exact rank test on the original rows (they coincide inside the flat F = H_{a_1} ∩ … ∩ H_{a_t} iff
 * rank[h_{a_1}; …; h_{a_t}; g; g'] = t + 1) confirms them, so the count is exact for the data as doubles.
 * A zero row (possible without bias) is no hyperplane: it is active (0 ≥ 0) in every pattern.
 *
 * <p>Hyperplane restriction uses a Householder reflection P with P h_k ∝ e_1; the columns 2…s of P are an
 * orthonormal basis of H_k, so norms and angles survive every level.
 */
public final class ArrangementEnumerator {
    /** Candidate coincidence: normalised normals within this distance (then checked exactly). */
    static final double PARALLEL_TOLERANCE = 1e-7;
    /** The fallback for data degenerate within rounding: restrictions this close count as coincident. */
    static final double NEARLY_COINCIDENT = 1e-9;

    private final double[][] top; // distinct top-level normals (original rows), by hyperplane id
    /** When set, nearly coincident restrictions (within this distance) merge without the exact test. */
    private final double nearlyCoincident;

    private ArrangementEnumerator(double[][] top) {
        this(top, 0);
    }

    private ArrangementEnumerator(double[][] top, double nearlyCoincident) {
        this.top = top;
        this.nearlyCoincident = nearlyCoincident;
    }

    /** The distinct hyperplanes of a design matrix: zero rows, representatives and orientations. */
    public record Hyperplanes(int[] representative, int[] orientation, boolean[] zeroRow, int[] distinctRows, int rank) {
        public int count() {
            return distinctRows.length;
        }
    }

    /** Groups the rows of X̃ into distinct hyperplanes (rows that are multiples of each other coincide). */
    public static Hyperplanes hyperplanes(double[][] design) {
        int n = design.length;
        boolean[] zero = new boolean[n];
        List<Integer> nonzero = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            boolean z = true;
            for (double v : design[k]) {
                if (v != 0) {
                    z = false;
                    break;
                }
            }
            zero[k] = z;
            if (!z) {
                nonzero.add(k);
            }
        }
        double[][] rows = new double[nonzero.size()][];
        int[] ids = new int[rows.length];
        for (int a = 0; a < rows.length; a++) {
            rows[a] = design[nonzero.get(a)];
            ids[a] = a;
        }
        ArrangementEnumerator e = new ArrangementEnumerator(rows);
        Dedup dd = e.dedup(rows, ids, new int[0]);
        int[] rep = new int[n];
        int[] orient = new int[n];
        Arrays.fill(rep, -1);
        for (int a = 0; a < rows.length; a++) {
            rep[nonzero.get(a)] = dd.group[a];
            orient[nonzero.get(a)] = dd.orient[a];
        }
        int[] distinct = new int[dd.reps.length];
        double[][] repRows = new double[dd.reps.length][];
        for (int g = 0; g < distinct.length; g++) {
            distinct[g] = nonzero.get(dd.reps[g]);
            repRows[g] = design[distinct[g]];
        }
        int rank = repRows.length == 0 ? 0 : numericalRank(repRows);
        return new Hyperplanes(rep, orient, zero, distinct, rank);
    }

    /**
     * All cells of the arrangement of the rows of {@code design} (n × r), as activation patterns over the
     * rows with strict interior witnesses.
     */
    public static PatternSet enumerate(double[][] design, boolean bias) {
        int n = design.length;
        int r = n == 0 ? (bias ? 1 : 0) : design[0].length;
        Hyperplanes hp = hyperplanes(design);
        int q = hp.count();
        double[][] normals = new double[q][];
        int[] ids = new int[q];
        for (int g = 0; g < q; g++) {
            normals[g] = unit(design[hp.distinctRows()[g]]);
            ids[g] = g;
        }
        double[][] topRows = new double[q][];
        for (int g = 0; g < q; g++) {
            topRows[g] = design[hp.distinctRows()[g]];
        }
        Cells cells;
        boolean merged = false;
        try {
            cells = new ArrangementEnumerator(topRows).cells(normals, ids, new int[0], r);
        } catch (IllegalStateException e) {
            // Data that are degenerate in intent but not in double precision (e.g. standardised integer
            // features: collinear points off by one rounding) leave cells a few ulps wide, thinner than the
            // witnesses can resolve. Enumerate again with such nearly coincident hyperplanes merged: the
            // cells lost are slivers whose cones lie within rounding of their neighbours'.
            cells = new ArrangementEnumerator(topRows, NEARLY_COINCIDENT).cells(normals, ids, new int[0], r);
            merged = true;
        }
        List<long[]> masks = new ArrayList<>(cells.size());
        List<double[]> witnesses = new ArrayList<>(cells.size());
        int words = (n + 63) >>> 6;
        for (int c = 0; c < cells.size(); c++) {
            long[] sv = cells.signs.get(c);
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
            witnesses.add(cells.witnesses.get(c));
        }
        return new PatternSet(n, r, bias, true, masks, witnesses, merged ? "exact (near-degenerate merged)" : "exact",
                null, 0, design, !merged);
    }

    /** Cells of one level: sign vectors over the level's input normals (bit set = positive side) and witnesses. */
    private static final class Cells {
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

    /** Coincident hyperplanes merged: group of each input, its orientation relative to the group's representative. */
    private static final class Dedup {
        int[] group;
        int[] orient;
        int[] reps; // input index of each group's representative
    }

    /**
     * The cells of the arrangement with (unit) normals {@code g} in R^s. {@code ids} are the top-level
     * hyperplane ids of the normals and {@code flat} the ids whose intersection is this space.
     */
    private Cells cells(double[][] g, int[] ids, int[] flat, int s) {
        int k = g.length;
        int words = Math.max(1, (k + 63) >>> 6);
        Dedup dd = dedup(g, ids, flat);
        int q = dd.reps.length;
        double[][] h = new double[q][];
        int[] hid = new int[q];
        for (int a = 0; a < q; a++) {
            h[a] = g[dd.reps[a]];
            hid[a] = ids[dd.reps[a]];
        }
        Cells distinct = distinctCells(h, hid, flat, s);
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
            long[] sv = distinct.signs.get(c);
            long[] full = new long[words];
            for (int a = 0; a < k; a++) {
                int grp = dd.group[a];
                boolean pos = (sv[grp >>> 6] & (1L << (grp & 63))) != 0;
                if (pos == (dd.orient[a] > 0)) {
                    full[a >>> 6] |= 1L << (a & 63);
                }
            }
            out.add(full, distinct.witnesses.get(c));
        }
        return out;
    }

    /** Cells of an arrangement of pairwise distinct hyperplanes with unit normals h in R^s. */
    private Cells distinctCells(double[][] h, int[] hid, int[] flat, int s) {
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
        if (flat.length == 0 && q > 8) {
            // The restrictions do not depend on each other, only the splitting does: at the top level they
            // are enumerated in parallel, then applied in order.
            Restriction[] restrictions = IntStream.range(1, q).parallel()
                    .mapToObj(k -> restriction(h, hid, flat, s, k)).toArray(Restriction[]::new);
            for (int k = 1; k < q; k++) {
                split(cells, h, k, restrictions[k - 1]);
            }
        } else {
            for (int k = 1; k < q; k++) {
                split(cells, h, k, restriction(h, hid, flat, s, k));
            }
        }
        return cells;
    }

    /** The cells of the restriction of hyperplanes 0 … k−1 to H_k, in the coordinates of its basis. */
    private record Restriction(Householder basis, Cells cells) {
    }

    private Restriction restriction(double[][] h, int[] hid, int[] flat, int s, int k) {
        Householder basis = new Householder(h[k]);
        double[][] restricted = new double[k][];
        int[] rid = new int[k];
        for (int j = 0; j < k; j++) {
            restricted[j] = unit(basis.restrict(h[j]));
            rid[j] = hid[j];
        }
        int[] subFlat = Arrays.copyOf(flat, flat.length + 1);
        subFlat[flat.length] = hid[k];
        return new Restriction(basis, cells(restricted, rid, subFlat, s - 1));
    }

    /** Adds hyperplane k to the cells of hyperplanes 0 … k−1 (in place), splitting the cells its restriction names. */
    private void split(Cells cells, double[][] h, int k, Restriction restriction) {
        double[] hk = h[k];
        Householder basis = restriction.basis();
        Cells sub = restriction.cells();

        Map<BitKey, Integer> index = new HashMap<>(cells.size() * 2);
        for (int c = 0; c < cells.size(); c++) {
            index.put(new BitKey(cells.signs.get(c)), c);
        }
        int before = cells.size();
        boolean[] cut = new boolean[before];
        int word = k >>> 6;
        long bit = 1L << (k & 63);
        for (int c = 0; c < sub.size(); c++) {
            long[] subSigns = sub.signs.get(c);
            // the restriction's sign vector is over hyperplanes 0 … k−1, the same bit positions as here
            long[] key = Arrays.copyOf(subSigns, cells.signs.get(0).length);
            Integer parent = index.get(new BitKey(key));
            if (parent == null) {
                throw new IllegalStateException("cell enumeration lost track of a cell: the data are too close to "
                        + "degenerate for double precision");
            }
            cut[parent] = true;
            double[] w = basis.lift(sub.witnesses.get(c));
            double[] plusW = push(w, hk, h, k, +1);
            double[] minusW = push(w, hk, h, k, -1);
            long[] parentSigns = cells.signs.get(parent);
            long[] plusSigns = parentSigns.clone();
            plusSigns[word] |= bit;
            cells.signs.set(parent, plusSigns);
            cells.witnesses.set(parent, plusW);
            cells.add(parentSigns, minusW); // bit k stays clear: the negative side
        }
        for (int c = 0; c < before; c++) {
            if (!cut[c]) {
                double[] w = cells.witnesses.get(c);
                if (dot(hk, w) > 0) {
                    cells.signs.get(c)[word] |= bit;
                }
            }
        }
    }

    /**
     * A witness off H_k on side σ: w + σεĥ, normalised, with ε small enough to keep the sign of every
     * earlier hyperplane j: for the hyperplanes the step moves towards (σ·sign(h_jᵀw)·h_jᵀĥ &lt; 0),
     * ε = min |h_jᵀw| / (1 + |h_jᵀĥ|), so each margin stays at least ε (unit normals, unit w).
     */
    private static double[] push(double[] w, double[] hk, double[][] h, int k, int sigma) {
        double eps = 1.0;
        for (int j = 0; j < k; j++) {
            double a = dot(h[j], w);
            double b = dot(h[j], hk);
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
     * Merges coincident hyperplanes among the unit normals {@code g} (in the coordinates of the flat
     * {@code flat}). Candidates come from floating point, confirmation from {@link ExactRank}.
     */
    private Dedup dedup(double[][] g, int[] ids, int[] flat) {
        int k = g.length;
        Dedup d = new Dedup();
        d.group = new int[k];
        d.orient = new int[k];
        Arrays.fill(d.group, -1);
        if (k > 0 && g[0].length == 1) {
            // On a line every hyperplane is {0}: one group, oriented by the sign of the normal.
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
        List<Integer> reps = new ArrayList<>();
        int[] groupOfRep = new int[k];
        for (int ia = 0; ia < k; ia++) {
            int a = order[ia];
            if (d.group[a] >= 0) {
                continue;
            }
            int grp = reps.size();
            reps.add(a);
            d.group[a] = grp;
            d.orient[a] = 1;
            groupOfRep[grp] = a;
            double key = Math.abs(g[a][0]);
            for (int ib = ia + 1; ib < k; ib++) {
                int b = order[ib];
                if (Math.abs(g[b][0]) - key > PARALLEL_TOLERANCE) {
                    break;
                }
                if (d.group[b] >= 0) {
                    continue;
                }
                int sign = dot(g[a], g[b]) >= 0 ? 1 : -1;
                double diff = maxDiff(g[a], g[b], sign);
                if (diff <= nearlyCoincident || (diff <= PARALLEL_TOLERANCE && coincide(flat, ids[a], ids[b]))) {
                    d.group[b] = grp;
                    d.orient[b] = sign;
                }
            }
        }
        // Representatives in input order, so that the result does not depend on the sort's tie-breaking.
        int[] repsSorted = reps.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] renumber = new int[reps.size()];
        for (int newG = 0; newG < repsSorted.length; newG++) {
            renumber[d.group[repsSorted[newG]]] = newG;
        }
        for (int a = 0; a < k; a++) {
            d.group[a] = renumber[d.group[a]];
        }
        d.reps = repsSorted;
        return d;
    }

    /** Exact test: do top-level hyperplanes a and b coincide inside the flat (intersection of {@code flat})? */
    private boolean coincide(int[] flat, int a, int b) {
        double[][] rows = new double[flat.length + 2][];
        for (int i = 0; i < flat.length; i++) {
            rows[i] = top[flat[i]];
        }
        rows[flat.length] = top[a];
        rows[flat.length + 1] = top[b];
        return ExactRank.rank(rows) == flat.length + 1;
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

    /** Numerical rank of a few rows (Gram–Schmidt with a relative tolerance); used only for the size estimate. */
    private static int numericalRank(double[][] rows) {
        List<double[]> basis = new ArrayList<>();
        for (double[] row : rows) {
            double[] v = unit(row);
            for (double[] b : basis) {
                double c = dot(v, b);
                for (int i = 0; i < v.length; i++) {
                    v[i] -= c * b[i];
                }
            }
            double norm = Math.sqrt(dot(v, v));
            if (norm > 1e-9) {
                for (int i = 0; i < v.length; i++) {
                    v[i] /= norm;
                }
                basis.add(v);
                if (basis.size() == row.length) {
                    break;
                }
            }
        }
        return basis.size();
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

    /** A sign vector as a hash key. */
    private record BitKey(long[] bits) {
        @Override
        public boolean equals(Object o) {
            return o instanceof BitKey other && Arrays.equals(bits, other.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }
    }
}

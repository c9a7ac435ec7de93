package org.cvxrelu.patterns;

import java.util.List;

/**
 * Activation patterns D_1 … D_p of a data set: pattern i is the 0/1 diagonal of D_i = diag(1[X̃u ≥ 0]) for
 * every u in one cell of the arrangement {u : x̃_kᵀu = 0}, with a witness u inside that cell.
 *
 * <p>{@link #exact()} is true when the set holds one pattern for every full-dimensional cell (exact
 * enumeration); sampled sets hold the distinct patterns of Gaussian gate vectors.
 */
public final class PatternSet {
    private final int n;
    private final int r;
    private final boolean bias;
    private final boolean exact;
    private final long[][] masks;
    private final double[][] witnesses;
    private final String mode;
    private final Long seed;
    private final long samplesDrawn;

    /** True when facets can be read off the set: an exact enumeration of the design's cells. */
    private final boolean facetsReadable;
    /** The rows of each hyperplane ({@link #hyperplanes}); made on first use. */
    private volatile Hyperplane[] hyperplanes;

    /** One hyperplane of the arrangement: the bits of the rows on it, and the first of them. */
    private record Hyperplane(long[] rows, int first) {
    }
    private final double[][] design;
    private volatile MaskIndex index;
    private final java.util.concurrent.ConcurrentHashMap<Integer, int[]> facets = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<Integer, int[]> solverRows = new java.util.concurrent.ConcurrentHashMap<>();

    PatternSet(int n, int r, boolean bias, boolean exact, List<long[]> masks, List<double[]> witnesses,
            String mode, Long seed, long samplesDrawn) {
        this(n, r, bias, exact, masks, witnesses, mode, seed, samplesDrawn, null, false);
    }

    PatternSet(int n, int r, boolean bias, boolean exact, List<long[]> masks, List<double[]> witnesses,
            String mode, Long seed, long samplesDrawn, double[][] design, boolean facetsReadable) {
        this.design = design;
        this.facetsReadable = exact && design != null && facetsReadable;
        if (masks.size() != witnesses.size()) {
            throw new IllegalArgumentException("masks and witnesses differ in number");
        }
        this.n = n;
        this.r = r;
        this.bias = bias;
        this.exact = exact;
        this.masks = masks.toArray(new long[0][]);
        this.witnesses = witnesses.toArray(new double[0][]);
        this.mode = mode;
        this.seed = seed;
        this.samplesDrawn = samplesDrawn;
    }

    /** A pattern set built from explicit masks (rows of 0/1), e.g. read back from a file or made in a test. */
    public static PatternSet of(int n, int r, boolean bias, boolean exact, List<long[]> masks, List<double[]> witnesses,
            String mode) {
        return new PatternSet(n, r, bias, exact, masks, witnesses, mode, null, 0);
    }

    /** Number of patterns p. */
    public int size() {
        return masks.length;
    }

    /** Number of samples n (length of each pattern). */
    public int n() {
        return n;
    }

    /** Length of the weight vectors (d + 1 with bias). */
    public int r() {
        return r;
    }

    public boolean bias() {
        return bias;
    }

    /** True when every full-dimensional cell of the arrangement has its pattern here. */
    public boolean exact() {
        return exact;
    }

    /** "exact" or "sampled". */
    public String mode() {
        return mode;
    }

    /** The seed of a sampled set, null for an exact one. */
    public Long seed() {
        return seed;
    }

    /** Gate vectors drawn for a sampled set (0 for an exact one). */
    public long samplesDrawn() {
        return samplesDrawn;
    }

    /** (D_i)_kk: is sample k active in pattern i. */
    public boolean active(int i, int k) {
        return (masks[i][k >>> 6] & (1L << (k & 63))) != 0;
    }

    /** The bit mask of pattern i (bit k set when sample k is active); do not modify. */
    public long[] mask(int i) {
        return masks[i];
    }

    /** Pattern i as a 0/1 vector of length n. */
    public double[] diagonal(int i) {
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = active(i, k) ? 1.0 : 0.0;
        }
        return out;
    }

    /** Number of active samples in pattern i. */
    public int activeCount(int i) {
        int c = 0;
        for (long w : masks[i]) {
            c += Long.bitCount(w);
        }
        return c;
    }

    /** A strict interior point of cell i (a copy). */
    public double[] witness(int i) {
        return witnesses[i].clone();
    }

    /** Pattern i as a string of '0' and '1', sample 1 first. */
    public String bits(int i) {
        StringBuilder sb = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            sb.append(active(i, k) ? '1' : '0');
        }
        return sb.toString();
    }

    /**
     * The rows that define the cone K_i = {u : (2D_i − I)X̃u ≥ 0}: all non-zero rows in general, only the
     * facets when they can be read off an exact set and the cell is not {@linkplain #thin thin}. Hyperplane H bounds cell i in a facet exactly when the
     * cell across it exists, and that cell differs from i in the signs of the rows on H and no others (for
     * distinct hyperplanes: sign k alone). So a hash look-up per hyperplane finds the facets, one row each,
     * and drops the redundant inequalities (the cone is the same set). On degenerate data (repeated samples)
     * this matters: the inactive groups of an optimum sit at the apex of their cones, where every inequality
     * is tight, and with all of them the interior-point method lost its centrality there.
     *
     * @param design the design matrix X̃, to skip zero rows when facets cannot be read off
     */
    public int[] coneRows(int i, double[][] design) {
        return facets.computeIfAbsent(i, key -> computeConeRows(key, design, true));
    }

    /**
     * The rows a solver's constraints use for K_i: the facets (as {@link #coneRows}, but for thin cells too,
     * whose all-row description leaves an interior-point method degenerate at the cone's apex), plus every
     * row added by {@link #addSolverRows} because a solution met the facets and violated it.
     */
    public int[] solverRows(int i, double[][] design, java.util.function.UnaryOperator<int[]> pruneUnreadable) {
        // the same rows as coneRows (and the same array) but for thin cells of an exact set; where facets cannot
        // be read off, the distinct rows less those pruneUnreadable shows to be implied
        return solverRows.computeIfAbsent(i, key -> facetsReadable
                ? (thin(key, design) ? computeConeRows(key, design, false) : coneRows(key, design))
                : pruneUnreadable.apply(coneRows(key, design)));
    }

    /**
     * Takes over {@code earlier}'s {@link #solverRows} for the patterns both sets hold at the same index with the
     * same mask (a set grown from {@code earlier} by appending patterns), so that they are not worked out again.
     * Only between sets whose facets cannot be read off (the rows depend on the mask and the witness's cell
     * alone, and the same mask is the same cell).
     */
    public void reuseSolverRows(PatternSet earlier) {
        if (facetsReadable || earlier.facetsReadable || earlier.n != n || earlier.r != r) {
            return;
        }
        for (java.util.Map.Entry<Integer, int[]> e : earlier.solverRows.entrySet()) {
            int i = e.getKey();
            if (i < masks.length && java.util.Arrays.equals(masks[i], earlier.masks[i])) {
                solverRows.putIfAbsent(i, e.getValue());
            }
        }
    }

    /**
     * Adds rows to pattern i's {@link #solverRows}: rows a solver's block violated although it met the facets
     * (a thin cell's nearly dependent facets imply them only with multipliers of the order of 1/width).
     * Returns whether any row was new.
     */
    public boolean addSolverRows(int i, double[][] design, int[] rows) {
        int[] have = solverRows(i, design, all -> all);
        java.util.TreeSet<Integer> all = new java.util.TreeSet<>();
        for (int k : have) {
            all.add(k);
        }
        boolean added = false;
        for (int k : rows) {
            added |= all.add(k);
        }
        if (added) {
            solverRows.put(i, all.stream().mapToInt(Integer::intValue).toArray());
            rowsAdded.incrementAndGet();
        }
        return added;
    }

    /** How many times {@link #addSolverRows} has added rows to this set (a restricted problem's description changed). */
    public long solverRowsAdded() {
        return rowsAdded.get();
    }

    private final java.util.concurrent.atomic.AtomicLong rowsAdded = new java.util.concurrent.atomic.AtomicLong();

    private int[] computeConeRows(int i, double[][] x, boolean allForThin) {
        java.util.List<Integer> rows = new java.util.ArrayList<>();
        if (facetsReadable && !(allForThin && thin(i, x))) {
            MaskIndex idx = index();
            long[] m = masks[i];
            for (Hyperplane h : hyperplanes(x)) {
                if (idx.contains(m, h.rows())) {
                    rows.add(h.first());
                }
            }
        } else {
            // every non-zero row, each distinct row once (repeated samples give the same inequality, and
            // repeated inequalities make the interior-point method's multipliers non-unique)
            java.util.Set<java.util.List<Double>> seen = new java.util.HashSet<>();
            for (int k = 0; k < n; k++) {
                boolean zero = true;
                java.util.List<Double> key = new java.util.ArrayList<>(x[k].length);
                for (double v : x[k]) {
                    zero &= v == 0;
                    key.add(v);
                }
                if (!zero && seen.add(key)) {
                    rows.add(k);
                }
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Below this relative slack min_k |x̃_kᵀw| / (‖x̃_k ∘ s⁻¹‖ ‖w ∘ s‖) of its witness w (s: the column scales) a
     * cell counts as thin.
     */
    static final double THIN = 1e-11;

    /**
     * Is cell i a sliver: does its witness lie within {@link #THIN} (relative) of one of the hyperplanes? Such
     * cells come from near-degeneracies of the doubles (points collinear in the raw data, no longer exactly so
     * after standardisation in floating point): their facet normals are nearly linearly dependent, and the
     * inequalities they imply hold only with multipliers of the order of 1/width. A solver that meets the
     * facet inequalities to its tolerance can then be far outside the cone (seen: facet slack −1e-12, implied
     * row slack −10), and a projection onto the facets' cone in floating point is no better. For a thin cell
     * {@link #coneRows} (pricing) keeps every distinct row: the same cone, described without the ill-conditioned
     * implication; a solver keeps the facets and gets the rows its answers violate ({@link #addSolverRows}). The
     * test only chooses a description; either one is exactly K_i.
     */
    private boolean thin(int i, double[][] x) {
        double[] w = witnesses[i];
        double[] scale = columnScale(x);
        double nw = 0;
        for (int j = 0; j < w.length; j++) {
            nw += w[j] * scale[j] * w[j] * scale[j];
        }
        nw = Math.sqrt(nw);
        if (!(nw > 0)) {
            return true;
        }
        for (double[] row : x) {
            double d = 0;
            double nr = 0;
            for (int j = 0; j < row.length; j++) {
                d += row[j] * w[j];
                nr += row[j] / scale[j] * (row[j] / scale[j]);
            }
            if (nr > 0 && !(Math.abs(d) > THIN * Math.sqrt(nr) * nw)) {
                return true;
            }
        }
        return false;
    }

    private volatile double[] columnScale;

    /**
     * max_k |x̃_kj| per column (1 for a zero column): the slack of {@link #thin} is measured with the columns
     * equilibrated (x̃_k ∘ s⁻¹ against w ∘ s, the same product), so that columns in different units (raw data)
     * do not make every cell look thin.
     */
    private double[] columnScale(double[][] x) {
        double[] s = columnScale;
        if (s == null) {
            s = new double[r];
            for (double[] row : x) {
                for (int j = 0; j < r; j++) {
                    s[j] = Math.max(s[j], Math.abs(row[j]));
                }
            }
            for (int j = 0; j < r; j++) {
                if (!(s[j] > 0) || !Double.isFinite(s[j])) {
                    s[j] = 1;
                }
            }
            columnScale = s;
        }
        return s;
    }

    /**
     * Rows on one hyperplane (equal or opposite multiples of each other) have equal or opposite signs in
     * every cell, and rows on two distinct hyperplanes do not: the four sign pairs of two distinct central
     * hyperplanes each hold a full-dimensional cell. So the classes are read off the set itself, exactly as
     * the enumeration separated the rows: row k's signs over all cells, each flipped to start positive, is
     * its class key. Zero rows (active everywhere, no hyperplane) belong to none.
     */
    private Hyperplane[] hyperplanes(double[][] x) {
        Hyperplane[] known = hyperplanes;
        if (known != null) {
            return known;
        }
        int p = masks.length;
        int words = (p + 63) >>> 6;
        java.util.Map<java.util.List<Long>, Integer> ids = new java.util.HashMap<>();
        java.util.List<long[]> rowBits = new java.util.ArrayList<>();
        java.util.List<Integer> first = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
            boolean zero = true;
            for (double v : x[k]) {
                zero &= v == 0;
            }
            if (zero) {
                continue;
            }
            boolean flip = !active(0, k);
            long[] column = new long[words];
            for (int c = 0; c < p; c++) {
                if (active(c, k) != flip) {
                    column[c >>> 6] |= 1L << (c & 63);
                }
            }
            int h = ids.computeIfAbsent(key(column), unused -> ids.size());
            if (h == rowBits.size()) {
                rowBits.add(new long[masks[0].length]);
                first.add(k);
            }
            rowBits.get(h)[k >>> 6] |= 1L << (k & 63);
        }
        Hyperplane[] out = new Hyperplane[rowBits.size()];
        for (int h = 0; h < out.length; h++) {
            out[h] = new Hyperplane(rowBits.get(h), first.get(h));
        }
        hyperplanes = out;
        return out;
    }

    private MaskIndex index() {
        MaskIndex idx = index;
        if (idx == null) {
            synchronized (this) {
                if (index == null) {
                    index = new MaskIndex(masks);
                }
                idx = index;
            }
        }
        return idx;
    }

    private static java.util.List<Long> key(long[] m) {
        java.util.List<Long> k = new java.util.ArrayList<>(m.length);
        for (long w : m) {
            k.add(w);
        }
        return k;
    }

    /** The index of the pattern with this mask, or −1 when the set does not hold it. */
    public int indexOf(long[] mask) {
        return mask.length == words() ? index().indexOf(mask, null) : -1;
    }

    private int words() {
        return (n + 63) >>> 6;
    }

    /** The mask of 1[X̃u ≥ 0] for a vector u (as a pattern of this set's length). */
    public static long[] maskOf(double[][] design, double[] u) {
        long[] m = new long[(design.length + 63) >>> 6];
        for (int k = 0; k < design.length; k++) {
            double s = 0;
            double[] row = design[k];
            for (int j = 0; j < u.length; j++) {
                s += row[j] * u[j];
            }
            if (s >= 0) {
                m[k >>> 6] |= 1L << (k & 63);
            }
        }
        return m;
    }
}

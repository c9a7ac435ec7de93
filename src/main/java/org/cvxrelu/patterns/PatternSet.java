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

    /** True when facets can be read off the set: exact, and no two rows share a hyperplane. */
    private final boolean facetsFromNeighbours;
    private final double[][] design;
    private volatile java.util.Set<java.util.List<Long>> index;
    private final java.util.concurrent.ConcurrentHashMap<Integer, int[]> facets = new java.util.concurrent.ConcurrentHashMap<>();

    PatternSet(int n, int r, boolean bias, boolean exact, List<long[]> masks, List<double[]> witnesses,
            String mode, Long seed, long samplesDrawn) {
        this(n, r, bias, exact, masks, witnesses, mode, seed, samplesDrawn, null, false);
    }

    PatternSet(int n, int r, boolean bias, boolean exact, List<long[]> masks, List<double[]> witnesses,
            String mode, Long seed, long samplesDrawn, double[][] design, boolean distinctHyperplanes) {
        this.design = design;
        this.facetsFromNeighbours = exact && design != null && distinctHyperplanes;
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
     * facets when they can be read off an exact set. In an arrangement of distinct hyperplanes, row k bounds
     * cell i in a facet exactly when the cell with only sign k flipped exists, so a hash look-up per row
     * finds the facets and drops the redundant inequalities (the cone is the same set).
     *
     * @param design the design matrix X̃, to skip zero rows when facets cannot be read off
     */
    public int[] coneRows(int i, double[][] design) {
        return facets.computeIfAbsent(i, key -> computeConeRows(key, design));
    }

    private int[] computeConeRows(int i, double[][] x) {
        java.util.List<Integer> rows = new java.util.ArrayList<>();
        if (facetsFromNeighbours) {
            java.util.Set<java.util.List<Long>> idx = index();
            long[] m = masks[i];
            for (int k = 0; k < n; k++) {
                long[] flipped = m.clone();
                flipped[k >>> 6] ^= 1L << (k & 63);
                if (idx.contains(key(flipped))) {
                    rows.add(k);
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

    private java.util.Set<java.util.List<Long>> index() {
        java.util.Set<java.util.List<Long>> idx = index;
        if (idx == null) {
            synchronized (this) {
                if (index == null) {
                    java.util.Set<java.util.List<Long>> s = new java.util.HashSet<>();
                    for (long[] m : masks) {
                        s.add(key(m));
                    }
                    index = s;
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

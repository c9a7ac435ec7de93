package org.cvxrelu.cone;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternSet;

/**
 * The group-ℓ2, cone-constrained convex program of SPEC.md over a pattern set:
 * <pre>
 *   P_c = min ½ ‖ Σ_i D_i X̃ (v_i − w_i) − y ‖² + β Σ_i (‖v_i‖ + ‖w_i‖),   v_i, w_i ∈ K_i,
 *   K_i = { u : (2D_i − I) X̃ u ≥ 0 }.
 * </pre>
 * Blocks are {@link Group}s (pattern, sign). With {@code nonnegativeOutput} only the v_i (sign +1) exist:
 * the program of nets whose output weights are all α ≥ 0.
 */
public final class ConeProgram {
    private final Dataset data;
    private final PatternSet patterns;
    private final double beta;
    private final boolean nonnegativeOutput;
    private final double[][] design;
    private final double[] y;

    public ConeProgram(Dataset data, PatternSet patterns, double beta, boolean nonnegativeOutput) {
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be positive and finite, got " + beta);
        }
        if (patterns.n() != data.n()) {
            throw new IllegalArgumentException("patterns are for " + patterns.n() + " samples, data has " + data.n());
        }
        this.data = data;
        this.patterns = patterns;
        this.beta = beta;
        this.nonnegativeOutput = nonnegativeOutput;
        this.design = data.design(patterns.bias());
        this.y = data.targets();
    }

    /** The last projection's multipliers per group: a warm bound for the next pricing (see Pricing). */
    private final java.util.concurrent.ConcurrentHashMap<Integer, ConeProjection.Result> hints =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The multipliers of the last projection of group g's correlation, or null. */
    public ConeProjection.Result hint(Group g) {
        return hints.get(g.index());
    }

    public void rememberHint(Group g, ConeProjection.Result r) {
        if (r.rows().length > 0) {
            hints.put(g.index(), new ConeProjection.Result(null, r.norm(), r.rows(), r.multipliers()));
        }
    }

    public ConeProgram(Dataset data, PatternSet patterns, double beta) {
        this(data, patterns, beta, false);
    }

    public Dataset data() {
        return data;
    }

    public PatternSet patterns() {
        return patterns;
    }

    public double beta() {
        return beta;
    }

    public boolean bias() {
        return patterns.bias();
    }

    public boolean nonnegativeOutput() {
        return nonnegativeOutput;
    }

    public int n() {
        return y.length;
    }

    public int r() {
        return patterns.r();
    }

    /** The design matrix X̃ (shared, do not modify). */
    public double[][] design() {
        return design;
    }

    /** The targets y (shared, do not modify). */
    public double[] y() {
        return y;
    }

    /** Number of groups: 2p, or p with nonnegative output. */
    public int groupCount() {
        return nonnegativeOutput ? patterns.size() : 2 * patterns.size();
    }

    /** Every group of the program in index order: (i, +1), (i, −1) for each pattern i (only (i, +1) with α ≥ 0). */
    public java.util.List<Group> groups() {
        java.util.List<Group> all = new java.util.ArrayList<>(groupCount());
        for (int i = 0; i < patterns.size(); i++) {
            all.add(new Group(i, 1));
            if (!nonnegativeOutput) {
                all.add(new Group(i, -1));
            }
        }
        return all;
    }

    /** Whether a group exists in this program. */
    public boolean hasGroup(Group g) {
        return g.pattern() < patterns.size() && (g.sign() > 0 || !nonnegativeOutput);
    }

    /** Adds s · D_i X̃ u to {@code out} (length n), where (i, s) = g. */
    public void addFit(Group g, double[] u, double[] out) {
        long[] mask = patterns.mask(g.pattern());
        int r = u.length;
        for (int k = 0; k < out.length; k++) {
            if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                double s = 0;
                double[] row = design[k];
                for (int j = 0; j < r; j++) {
                    s += row[j] * u[j];
                }
                out[k] += g.sign() * s;
            }
        }
    }

    /** z = X̃ᵀ D_i λ (length r). */
    public double[] correlation(int pattern, double[] lambda) {
        long[] mask = patterns.mask(pattern);
        int r = r();
        double[] z = new double[r];
        for (int k = 0; k < lambda.length; k++) {
            if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                double l = lambda[k];
                double[] row = design[k];
                for (int j = 0; j < r; j++) {
                    z[j] += l * row[j];
                }
            }
        }
        return z;
    }

    /**
     * The rows of X̃ whose inequalities a solver keeps for K_i ({@link PatternSet#solverRows}): the facets of an
     * exact arrangement's cell, or, for sampled and generated patterns, the distinct rows less those
     * {@link RedundantRows} proves implied by the others.
     */
    public int[] solverRows(int pattern) {
        return patterns.solverRows(pattern, design,
                rows -> RedundantRows.irredundant(design, patterns.mask(pattern), rows, patterns.witness(pattern)));
    }

    /** The rows of (2D_i − I)X̃: x̃_k for active samples, −x̃_k for the others (a new n × r array). */
    public double[][] coneRows(int pattern) {
        double[][] a = new double[n()][];
        for (int k = 0; k < n(); k++) {
            boolean on = patterns.active(pattern, k);
            double[] row = design[k];
            double[] out = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                out[j] = on ? row[j] : -row[j];
            }
            a[k] = out;
        }
        return a;
    }

    /** The smallest value of (2D_i − I)X̃u over the samples: ≥ 0 iff u ∈ K_i. */
    public double coneSlack(int pattern, double[] u) {
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n(); k++) {
            double s = 0;
            double[] row = design[k];
            for (int j = 0; j < u.length; j++) {
                s += row[j] * u[j];
            }
            min = Math.min(min, patterns.active(pattern, k) ? s : -s);
        }
        return min;
    }
}

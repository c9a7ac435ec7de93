package org.cvxrelu.solver.firstorder;

import org.cvxrelu.solver.SolverSettings;

/**
 * The proximal operator of the group penalty η·β Σ_g ‖w_g‖ (group soft-thresholding), column by column of
 * an r × G column-major array:
 * <pre>  prox(z)_g = max(0, 1 − ηβ / ‖z_g‖) · z_g. </pre>
 * Columns with ‖z_g‖ ≤ ηβ become exactly zero, which is what makes the solution sparse in groups.
 */
final class GroupSoftThreshold {
    private GroupSoftThreshold() {
    }

    /** out = prox_{ηβ‖·‖}(z) column by column (out may be z); returns Σ_g ‖out_g‖. */
    static double apply(double[] z, int r, int columns, double threshold, double[] out) {
        double total = 0;
        for (int g = 0; g < columns; g++) {
            int o = g * r;
            double s = 0;
            for (int j = 0; j < r; j++) {
                s += z[o + j] * z[o + j];
            }
            double norm = Math.sqrt(s);
            double scale = norm > threshold ? 1 - threshold / norm : 0;
            for (int j = 0; j < r; j++) {
                out[o + j] = scale * z[o + j];
            }
            total += scale * norm;
        }
        return total;
    }

    /** Σ_g ‖w_g‖ of an r × G column-major array. */
    static double groupNorm(double[] w, int r, int columns) {
        double total = 0;
        for (int g = 0; g < columns; g++) {
            int o = g * r;
            double s = 0;
            for (int j = 0; j < r; j++) {
                s += w[o + j] * w[o + j];
            }
            total += Math.sqrt(s);
        }
        return total;
    }

    /**
     * out = prox of η(β Σ‖w_g‖ + Σ ι_{K_g}(w_g)) column by column: for a closed convex cone K,
     * argmin_{u ∈ K} ½‖u − z‖² + τ‖u‖ = max(0, 1 − τ/‖Π_K z‖) Π_K z (write u = a·d with d ∈ K, ‖d‖ = 1: the
     * best direction maximises dᵀz, i.e. is Π_K z/‖Π_K z‖ by Moreau). Columns with ‖z_g‖ ≤ τ are zero without
     * projecting (‖Π_K z‖ ≤ ‖z‖).
     *
     * <p>Once {@link System#nanoTime()} passes {@code deadlineNanos} (0: none) the blocks not yet projected are set to
     * zero and the answer is false: the caller must not take {@code out} as the prox (at n = 10,000 one prox over a
     * working set of a few dozen cones took several seconds, and a solve ran 7 s past a 40 s limit).
     *
     * @return whether every block was treated (false: the deadline cut the prox short)
     */
    static boolean applyOnCones(double[] z, int r, int columns, double threshold,
            org.cvxrelu.solver.GroupProblem problem, double[] out, long deadlineNanos) {
        double[][] design = problem.design();
        double rowNormMax = maxRowNorm(design);
        java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.stream.IntStream.range(0, columns).parallel().forEach(g -> {
            int o = g * r;
            if (cut.get() || SolverSettings.past(deadlineNanos)) {
                cut.set(true);
                java.util.Arrays.fill(out, o, o + r, 0);
                return;
            }
            double s = 0;
            double[] zg = new double[r];
            for (int j = 0; j < r; j++) {
                zg[j] = z[o + j];
                s += zg[j] * zg[j];
            }
            if (Math.sqrt(s) <= threshold) {
                java.util.Arrays.fill(out, o, o + r, 0);
                return;
            }
            org.cvxrelu.cone.ConeProjection.Result p = org.cvxrelu.cone.ConeProjection.project(design, problem.mask(g), zg);
            double scale = p.norm() > threshold ? 1 - threshold / p.norm() : 0;
            double[] u = p.projection();
            // ConeProjection returns a valid norm bound even when its active set stalls, but then u may lie
            // outside K: such a block is set to zero (feasible) rather than kept infeasible
            if (scale > 0 && problem.program().coneSlack(problem.group(g).pattern(), u) < -1e-12 * p.norm() * rowNormMax) {
                scale = 0;
            }
            for (int j = 0; j < r; j++) {
                out[o + j] = scale * u[j];
            }
        });
        return !cut.get();
    }

    private static double maxRowNorm(double[][] design) {
        double m = 0;
        for (double[] row : design) {
            double s = 0;
            for (double v : row) {
                s += v * v;
            }
            m = Math.max(m, Math.sqrt(s));
        }
        return m;
    }
}

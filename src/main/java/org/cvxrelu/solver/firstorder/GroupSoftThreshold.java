package org.cvxrelu.solver.firstorder;

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
}

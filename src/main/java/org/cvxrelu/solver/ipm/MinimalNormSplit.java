package org.cvxrelu.solver.ipm;

import org.cvxrelu.solver.Progress;

/**
 * The norm-minimal split of a gated block (the SOCP decomposition of Mishkin, Sahiner and Pilanci, ICML 2022):
 * u = v − w with v, w in the cone K = {x : a_kᵀx ≥ 0 for every k}, and ‖v‖ + ‖w‖ as small as possible. With
 * v = u + w the constraints are a_kᵀw ≥ b_k = max(0, −a_kᵀu), so
 * <pre>
 *   w* = argmin_w ‖u + w‖ + ‖w‖   subject to   a_kᵀw ≥ b_k,
 * </pre>
 * solved by the project's interior-point method ({@link SplitQp}). The answer is an interior-point iterate:
 * its constraints hold only up to the method's tolerance, so callers that need exact membership repair it
 * (the gated model's {@code ConeDecomposition} adds a multiple of a strict interior point to both parts).
 */
public final class MinimalNormSplit {
    /**
     * Relative gap and feasibility the method is run to: the split only needs to be near-minimal, and membership is
     * repaired by the caller (yacht's 170 blocks: the same ‖v‖ + ‖w‖ to 6 digits at 1e-8, 1e-5 and 1e-6).
     */
    static final double TOLERANCE = 1e-6;

    private MinimalNormSplit() {
    }

    /**
     * w* for the rows {@code a} (n × r, the cone's inequalities; zero rows are left out, their inequality 0 ≥ 0
     * holds for every w), b_k = max(0, −a_kᵀu) and the block {@code u}; null when the iterate is not finite (or the method throws). The
     * method's best iterate is returned whatever its status (a stalled one included): the caller repairs it and
     * keeps it only when it is the smaller split.
     */
    public static double[] solve(double[][] a, double[] u) {
        int r = u.length;
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        java.util.List<Double> rhs = new java.util.ArrayList<>();
        for (double[] row : a) {
            double s = 0;
            boolean zero = true;
            for (int j = 0; j < r; j++) {
                s += row[j] * u[j];
                zero &= row[j] == 0;
            }
            if (!zero) {
                rows.add(row);
                rhs.add(Math.max(0, -s));
            }
        }
        double[] b = rhs.stream().mapToDouble(Double::doubleValue).toArray();
        SplitQp qp = new SplitQp(rows.toArray(new double[0][]), b, u);
        IpmSettings settings = new IpmSettings(TOLERANCE, 0, TOLERANCE, 60, 0.99, 2);
        IpmResult res;
        try {
            res = new InteriorPointMethod(qp, settings, Progress.NONE).solve();
        } catch (ArithmeticException e) {
            return null;
        }
        double[] w = java.util.Arrays.copyOf(res.x(), r);
        for (double v : w) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return w;
    }
}

package org.cvxrelu.certify;

import java.math.BigDecimal;

/**
 * A proven upper bound on ‖Π_K(z)‖ for K = {u : a_kᵀu ≥ 0}, a_k = (2(D_i)_kk − 1)x̃_k, and a double vector z,
 * from any multipliers μ ≥ 0 on any subset of the rows (Moreau: the polar cone is K° = {−Aᵀμ : μ ≥ 0}):
 * <pre>  ‖Π_K(z)‖ = dist(z, K°) ≤ ‖z + Σ_a μ_a a_{k_a}‖, </pre>
 * since for u ∈ K with ‖u‖ ≤ 1, zᵀu = (z + Aᵀμ)ᵀu − μᵀAu ≤ ‖z + Aᵀμ‖. Multipliers from the Lawson–Hanson
 * projection make the bound the projection's norm; rounding only makes μ slightly suboptimal (negative
 * entries are clipped to 0, which keeps μ ≥ 0 and the bound valid).
 *
 * <p>The residual r = z + Σ_a μ_a s_a x̃_{k_a} is evaluated in three tiers, each kept when its error is negligible
 * (at most {@link #NEGLIGIBLE} of max(‖r̂‖, scale)):
 * <ol>
 *   <li>plain floating point, with the dot-product error bound
 *   |r_j − r̂_j| ≤ γ_{q+1}/(1−γ_{q+1})·(T̂_j + (q+1)η) + (q+1)η, T̂_j = fl(|z_j| + Σ_a μ_a |x̃_{k_a j}|);</li>
 *   <li>compensated ({@link Dot2}: Ogita, Rump &amp; Oishi's Dot2, as {@link Correlation#compensated}): each product
 *   μ_a x̃_{k_a j} = p_a + e_a with e_a = fma(μ_a, x̃_{k_a j}, −p_a), the p_a added to z_j by a chain of error-free
 *   TwoSums with errors q_a, the q_a and e_a summed in floating point into σ̂ beside Â = fl(Σ|q_a| + |e_a|), and
 *   r̂_j = fl(s + σ̂) with its exact rounding error f; so
 *   |r_j − r̂_j| ≤ |f| + dotError(Â, 2q) + q·η (η for a product that underflows). On raw data, where the rows'
 *   entries are large against the residual (columns far from zero, as years are), the plain error is often
 *   10⁻¹¹ against a price of 0.1, and this tier settles it: it is of order u·|r_j| + q·u²·T_j;</li>
 *   <li>exact, in {@link BigDecimal}, each |r_j| rounded up.</li>
 * </ol>
 * Every tier's value is ≥ ‖r‖ ≥ ‖Π_K(z)‖.
 */
public final class MoreauBound {
    /** Float evaluation is kept when its error bound is at most this fraction of max(‖r̂‖, scale). */
    static final double NEGLIGIBLE = 0x1p-40;

    private MoreauBound() {
    }

    /**
     * @param design the rows x̃_k
     * @param mask the pattern (bit k set: a_k = x̃_k, else a_k = −x̃_k)
     * @param z the point (exact as given)
     * @param rows the rows k_a carrying multipliers
     * @param multipliers μ_a (clipped to ≥ 0)
     * @param scale the size below which errors need not be resolved (e.g. β)
     */
    public static double upper(double[][] design, long[] mask, double[] z, int[] rows, double[] multipliers,
            double scale) {
        int r = z.length;
        int q = rows.length;
        double[] mu = new double[q];
        for (int a = 0; a < q; a++) {
            double m = multipliers[a];
            mu[a] = m > 0 && Double.isFinite(m) ? sign(mask, rows[a]) * m : 0; // s_a μ_a, exact
        }
        double[] res = new double[r];
        double[] e = new double[r];
        for (int j = 0; j < r; j++) {
            double v = z[j];
            double t = Math.abs(z[j]);
            for (int a = 0; a < q; a++) {
                double x = design[rows[a]][j];
                v += mu[a] * x;
                t += Math.abs(mu[a]) * Math.abs(x);
            }
            res[j] = v;
            e[j] = ErrorBounds.dotError(t, q + 1);
        }
        double norm = ErrorBounds.normUp(res);
        double err = ErrorBounds.normUp(e);
        if (err <= NEGLIGIBLE * Math.max(norm, scale) || !Double.isFinite(norm)) {
            return ErrorBounds.addUp(norm, err);
        }
        double compensated = compensated(design, z, rows, mu, scale);
        if (!Double.isNaN(compensated)) {
            return compensated;
        }
        // exact residual, each |r_j| rounded up
        double[] up = new double[r];
        for (int j = 0; j < r; j++) {
            BigDecimal v = new BigDecimal(z[j]);
            for (int a = 0; a < q; a++) {
                double x = design[rows[a]][j];
                if (mu[a] != 0 && x != 0) {
                    v = v.add(new BigDecimal(mu[a]).multiply(new BigDecimal(x)));
                }
            }
            up[j] = ErrorBounds.up(v.abs());
        }
        return ErrorBounds.normUp(up);
    }

    /**
     * The second tier of the class comment: ‖r̂‖ + ‖(e_j)‖ rounded up, from the compensated residual; NaN when its
     * error is not negligible or a value is not finite (the exact tier decides then).
     */
    private static double compensated(double[][] design, double[] z, int[] rows, double[] mu, double scale) {
        double[][] re = compensatedResidual(design, z, rows, mu);
        if (re == null) {
            return Double.NaN;
        }
        double norm = ErrorBounds.normUp(re[0]);
        double err = ErrorBounds.normUp(re[1]);
        return err <= NEGLIGIBLE * Math.max(norm, scale) && Double.isFinite(norm) ? ErrorBounds.addUp(norm, err)
                : Double.NaN;
    }

    /**
     * The compensated residual r̂_j of z + Σ_a m_a x̃_{k_a} ({@code mu} the signed multipliers m_a) and the bounds e_j
     * ≥ |r_j − r̂_j| of the class comment's second tier ({@link Dot2}), as {r̂, e}; null when a value is not finite.
     */
    static double[][] compensatedResidual(double[][] design, double[] z, int[] rows, double[] mu) {
        int q = rows.length;
        if (q > 1 << 29) {
            return null; // 2q below 2³⁰: no int overflow in the bound's term count (the exact tier decides)
        }
        Dot2 sum = new Dot2(z);
        for (int a = 0; a < q; a++) {
            double[] x = design[rows[a]];
            for (int j = 0; j < z.length; j++) {
                sum.add(j, mu[a], x[j]);
            }
        }
        double[] res = new double[z.length];
        double[] e = new double[z.length];
        return sum.finish(q, res, e) ? new double[][] {res, e} : null;
    }

    private static double sign(long[] mask, int k) {
        return (mask[k >>> 6] & (1L << (k & 63))) != 0 ? 1.0 : -1.0;
    }
}

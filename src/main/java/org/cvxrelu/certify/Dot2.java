package org.cvxrelu.certify;

/**
 * r compensated sums of products side by side (Ogita, Rump &amp; Oishi, "Accurate sum and dot product", 2005: their
 * Dot2, with a bound evaluated a posteriori), entry j being v_j = s0_j + Σ_k a_k b_kj: each product a·b = p + e with
 * p = fl(ab) and e = fma(a, b, −p) (exact unless the product underflows, and then off by at most η/2); the p are added
 * by a chain of error-free TwoSums, s ← fl(s + p) with its exact error q; the q and e are summed in plain floating
 * point into σ̂, with Â = fl(Σ |q| + |e|) beside it; v̂_j = fl(s + σ̂), whose own rounding error f is again exact
 * (TwoSum). So, for m products added to entry j,
 * <pre>  |v_j − v̂_j| ≤ |f| + |σ̂ − Σ(q + e)| + m·η/2 ≤ |f| + dotError(Â, 2m) + m·η, </pre>
 * the middle term by {@link ErrorBounds#dotError} for a recursive sum of 2m exact terms. The error is of order
 * u·|v_j| + m·u²·Σ|a b| instead of m·u·Σ|a b|. Used by {@link Correlation#compensated} (v = X̃ᵀD_iλ) and
 * {@link MoreauBound} (v = z + Aᵀμ); each entry's sum depends only on the order of its own products.
 */
final class Dot2 {
    private final double[] s;
    private final double[] sigma;
    private final double[] mag;

    /** Sums starting at {@code start} (exact as given; not modified). */
    Dot2(double[] start) {
        this.s = start.clone();
        this.sigma = new double[start.length];
        this.mag = new double[start.length];
    }

    /** Adds a·b to entry j. */
    void add(int j, double a, double b) {
        double p = a * b;
        double e = Math.fma(a, b, -p);
        double t = s[j] + p; // TwoSum(s, p): s + p = t + q exactly
        double bp = t - s[j];
        double q = (s[j] - (t - bp)) + (p - bp);
        s[j] = t;
        sigma[j] = sigma[j] + q + e;
        mag[j] = mag[j] + Math.abs(q) + Math.abs(e);
    }

    /**
     * v̂ into {@code value} and the bounds on |v_j − v̂_j| into {@code error}, for {@code products} products added to each
     * entry (at most 2²⁹); false when a value or bound is not finite (an overflow: the caller sums exactly instead).
     */
    boolean finish(int products, double[] value, double[] error) {
        for (int j = 0; j < s.length; j++) {
            double t = s[j] + sigma[j];
            double bp = t - s[j];
            double f = (s[j] - (t - bp)) + (sigma[j] - bp);
            double e = ErrorBounds.addUp(ErrorBounds.addUp(Math.abs(f), ErrorBounds.dotError(mag[j], 2 * products)),
                    products * ErrorBounds.ETA);
            if (!Double.isFinite(t) || !Double.isFinite(e)) {
                return false;
            }
            value[j] = t;
            error[j] = e;
        }
        return true;
    }
}

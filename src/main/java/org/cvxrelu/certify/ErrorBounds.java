package org.cvxrelu.certify;

import java.math.BigDecimal;

/**
 * Proven bounds on the rounding errors of IEEE double arithmetic (round to nearest, unit roundoff u = 2⁻⁵³,
 * smallest subnormal η = 2⁻¹⁰⁷⁴; Java never contracts a·b + c into a fused operation unless asked), the tools
 * of the certificate's rigorous pricing.
 *
 * <ul>
 *   <li>Directed rounding emulated one operation at a time: fl(a ∘ b) lies within half an ulp of a ∘ b (also
 *       in the subnormal range), so {@code Math.nextUp(fl(a ∘ b)) ≥ a ∘ b}.</li>
 *   <li>Dot products by recursive summation (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>,
 *       §3.1), with underflow: for m terms, |fl(Σ a_k b_k) − Σ a_k b_k| ≤ γ_m Σ|a_k b_k| + m·η,
 *       γ_m = m·u / (1 − m·u). Each product carries a relative error ≤ u and an absolute one ≤ η/2 when it
 *       underflows; an addition whose result is subnormal is exact.</li>
 *   <li>Exact values of sums and products of doubles in {@link BigDecimal} (every double is a finite binary
 *       fraction), rounded to a double in a chosen direction by comparison, not by trusting a conversion.</li>
 * </ul>
 */
public final class ErrorBounds {
    /** Unit roundoff u = 2⁻⁵³. */
    static final double U = 0x1p-53;
    /** The smallest positive double η = 2⁻¹⁰⁷⁴. */
    static final double ETA = Double.MIN_VALUE;

    private ErrorBounds() {
    }

    /** An upper bound on a + b. */
    public static double addUp(double a, double b) {
        return Math.nextUp(a + b);
    }

    /** An upper bound on a · b. */
    public static double mulUp(double a, double b) {
        return Math.nextUp(a * b);
    }

    /** An upper bound on √a (a ≥ 0): sqrt is correctly rounded. */
    public static double sqrtUp(double a) {
        return Math.nextUp(Math.sqrt(a));
    }

    /**
     * An upper bound on γ_m / (1 − γ_m) with γ_m = m·u/(1 − m·u). For m·u ≤ 0.01, γ_m ≤ 1.0102·m·u and
     * γ_m/(1 − γ_m) ≤ 1.0207·m·u ≤ 1.03·m·u (m·u is exact: a power of two times an integer below 2⁵³).
     */
    static double gammaOverOneMinusGamma(int m) {
        double mu = m * U;
        if (!(mu >= 0 && mu <= 0.01)) { // (a negative m, an int overflowed, is no bound either)
            return Double.POSITIVE_INFINITY;
        }
        return mulUp(1.03, mu);
    }

    /**
     * A bound on the error of a recursively summed dot product of m terms from the computed sum Ŝ of the
     * magnitudes |a_k b_k| (summed the same way): S ≤ (Ŝ + m·η)/(1 − γ_m) gives
     * <pre>  |fl(Σ a_k b_k) − Σ a_k b_k| ≤ γ_m S + m·η ≤ γ_m/(1 − γ_m)·(Ŝ + m·η) + m·η. </pre>
     */
    static double dotError(double magnitudeSum, int m) {
        double meta = m * ETA; // exact: an integer multiple of η below 2⁵³η
        return addUp(mulUp(gammaOverOneMinusGamma(m), addUp(magnitudeSum, meta)), meta);
    }

    /**
     * An upper bound on the Euclidean norm ‖v‖ of the exact double vector v (non-finite in, +∞ or NaN out).
     * Vectors of ordinary size are summed in plain floating point with the error bound of a dot product; others are
     * first scaled by a power of two 2⁻ᵉ bringing its largest entry near 1 (exact when scaling up;
     * scaled down, each |w_j| is rounded up by one ulp to cover underflow), so that squares neither underflow
     * nor overflow; then ‖w‖² is summed with every operation rounded up, and the root scaled back by 2ᵉ.
     */
    public static double normUp(double[] v) {
        double max = 0;
        for (double x : v) {
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
            max = Math.max(max, Math.abs(x));
        }
        if (max == 0) {
            return 0;
        }
        if (!Double.isFinite(max)) {
            return max;
        }
        if (max > 0x1p-400 && max < 0x1p400) {
            // no scaling needed: squares cannot overflow, and an underflowing one errs by at most η/2. Summed
            // recursively, |ŝ − Σv_j²| ≤ γ_r Σv_j² + r·η, so Σv_j² ≤ (ŝ + r·η)·(1 + γ_r/(1 − γ_r)).
            double s = 0;
            for (double x : v) {
                s += x * x;
            }
            double sum = mulUp(addUp(s, v.length * ETA), addUp(1, gammaOverOneMinusGamma(v.length)));
            return sqrtUp(sum);
        }
        int e = Math.getExponent(max);
        if (e < Double.MIN_EXPONENT) {
            e = Double.MIN_EXPONENT - 1; // subnormal max: 2^1023 · max is still below 1
        }
        double s = 0;
        for (double x : v) {
            double w = Math.abs(Math.scalb(x, -e));
            if (e > 0) {
                w = Math.nextUp(w);
            }
            s = addUp(s, mulUp(w, w));
        }
        return Math.nextUp(Math.scalb(sqrtUp(s), e));
    }

    /** The exact value of a double. */
    public static BigDecimal exact(double x) {
        return new BigDecimal(x);
    }

    /** The largest double ≤ v (checked exactly; −MAX_VALUE floor for overflow is not needed: −∞ is ≤ v). */
    public static double down(BigDecimal v) {
        double d = v.doubleValue();
        if (Double.isInfinite(d)) {
            return d > 0 ? Double.MAX_VALUE : Double.NEGATIVE_INFINITY;
        }
        while (new BigDecimal(d).compareTo(v) > 0) {
            d = Math.nextDown(d);
            if (Double.isInfinite(d)) {
                return d;
            }
        }
        return d;
    }

    /** The smallest double ≥ v (checked exactly). */
    public static double up(BigDecimal v) {
        return -down(v.negate());
    }
}

package org.cvxrelu.certify;

import java.math.BigDecimal;

/**
 * The lower bound of SPEC.md: for any λ ∈ R^n and any net θ,
 * <pre>  L_β(θ) ≥ t·λᵀy − ½ t² ‖λ‖²   for every t ∈ [0, β / c(λ)], </pre>
 * maximised over t at t = clip(λᵀy / ‖λ‖², 0, β / c). With λ = y − f_θ(X) at an optimum the bound is tight
 * (t = 1 and the bound is the dual objective λᵀy − ½‖λ‖²).
 *
 * <p>Evaluated rigorously for the doubles λ, y, β and a proven ĉ ≥ c(λ): λᵀy and ‖λ‖² are summed exactly
 * in {@link BigDecimal}; t is a double with t·ĉ ≤ β checked exactly (so t ∈ [0, β/ĉ] ⊆ [0, β/c(λ)]); the
 * value t·λᵀy − ½t²‖λ‖² is formed exactly and rounded down. So {@link #value()} never exceeds the true value
 * of the certificate: it is a proven lower bound on every L_β(θ) whenever ĉ is a proven bound on c(λ) over
 * every pattern of the arrangement.
 *
 * @param value the lower bound (rounded down)
 * @param t the t used, with t·c ≤ β exactly
 * @param c the upper bound on c(λ) it was computed with
 */
public record DualBound(double value, double t, double c) {

    /**
     * The relative gap (objective − lower)/objective of an objective above a lower bound, at least 0; 0 for an
     * objective of 0 or less (NaN stays NaN, so a gap that is not a number never meets a target).
     */
    public static double relativeGap(double objective, double lower) {
        return objective <= 0 ? 0 : Math.max(0, (objective - lower) / objective);
    }

    /** The best bound for λ and an upper bound {@code c} on c(λ). */
    public static DualBound of(double[] lambda, double[] y, double beta, double c) {
        for (int k = 0; k < y.length; k++) {
            if (!Double.isFinite(lambda[k]) || !Double.isFinite(y[k])) {
                return new DualBound(0, 0, c); // L_β ≥ 0 always
            }
        }
        BigDecimal ly = BigDecimal.ZERO;
        BigDecimal ll = BigDecimal.ZERO;
        for (int k = 0; k < y.length; k++) {
            if (lambda[k] != 0) {
                BigDecimal l = new BigDecimal(lambda[k]);
                ly = ly.add(l.multiply(new BigDecimal(y[k])));
                ll = ll.add(l.multiply(l));
            }
        }
        if (ll.signum() == 0 || ly.signum() <= 0 || Double.isNaN(c) || c == Double.POSITIVE_INFINITY) {
            return new DualBound(0, 0, c);
        }
        // t: the unconstrained maximiser λᵀy/‖λ‖² (any value is allowed, the bound is evaluated exactly at
        // the t used), capped at β/ĉ and stepped down until t·ĉ ≤ β holds exactly.
        double t = ly.doubleValue() / ll.doubleValue();
        if (!(t > 0) || !Double.isFinite(t)) {
            t = ErrorBounds.down(ly.divide(ll, java.math.MathContext.DECIMAL64));
        }
        if (c > 0) {
            t = Math.min(t, beta / c);
            BigDecimal b = new BigDecimal(beta);
            BigDecimal bc = new BigDecimal(c);
            while (t > 0 && new BigDecimal(t).multiply(bc).compareTo(b) > 0) {
                t = Math.nextDown(t);
            }
        }
        if (!(t > 0)) {
            return new DualBound(0, 0, c);
        }
        BigDecimal bt = new BigDecimal(t);
        BigDecimal value = bt.multiply(ly).subtract(bt.multiply(bt).multiply(ll).divide(BigDecimal.valueOf(2)));
        if (value.signum() <= 0) {
            return new DualBound(0, 0, c); // t = 0 does better (can only happen for a t far above λᵀy/‖λ‖²)
        }
        return new DualBound(ErrorBounds.down(value), t, c);
    }
}

package org.cvxrelu.certify;

/**
 * The lower bound of SPEC.md: for any λ ∈ R^n and any net θ,
 * <pre>  L_β(θ) ≥ t·λᵀy − ½ t² ‖λ‖²   for every t ∈ [0, β / c(λ)], </pre>
 * maximised over t at t = clip(λᵀy / ‖λ‖², 0, β / c). With λ = y − f_θ(X) at an optimum the bound is tight
 * (t = 1 and the bound is the dual objective λᵀy − ½‖λ‖²).
 *
 * @param value the lower bound
 * @param t the maximising t
 * @param c the upper bound on c(λ) it was computed with
 */
public record DualBound(double value, double t, double c) {

    /** The best bound for λ and an upper bound {@code c} on c(λ). */
    public static DualBound of(double[] lambda, double[] y, double beta, double c) {
        double ly = 0;
        double ll = 0;
        for (int k = 0; k < y.length; k++) {
            ly += lambda[k] * y[k];
            ll += lambda[k] * lambda[k];
        }
        if (ll == 0 || ly <= 0) {
            return new DualBound(0, 0, c);
        }
        double t = ly / ll;
        if (c > 0) {
            t = Math.min(t, beta / c);
        }
        return new DualBound(t * ly - 0.5 * t * t * ll, t, c);
    }
}

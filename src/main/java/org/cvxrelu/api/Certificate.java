package org.cvxrelu.api;

import java.util.Objects;

/**
 * What a fit proves about its answer: the training objective of the returned net (an upper bound on the
 * global optimum), a lower bound on that optimum, and their relative gap.
 *
 * <p>The objective is SPEC.md's L_β(θ) = ½ Σ_i (f_θ(x_i) − y_i)² + (β/2) Σ_j (‖u_j‖² + α_j²), summed over the
 * training samples, on the scale named by {@link #scale()}: {@code "raw"}, or {@code "standardized"} when the
 * estimator z-scored the features and the target before solving.
 *
 * <p>{@link #certified()} is true only when the lower bound is proven for the global optimum over nets of any
 * width, rounding included ({@link #scope()} then says over what it was proven, e.g. {@code "all patterns"}).
 * A fit that could only price a sample of the activation patterns reports {@code certified() == false} and a
 * scope such as {@code "sampled patterns"} or {@code "generated patterns"}: its lower bound then holds only
 * over those patterns.
 *
 * @param objective    the training objective L_β of the returned net
 * @param lowerBound   a lower bound on the optimum (global when {@code certified})
 * @param relativeGap  (objective − lowerBound) / objective, 0 for a zero objective
 * @param certified    whether {@code lowerBound} is proven for the global optimum
 * @param scope        over which activation patterns the lower bound was proven (SPEC.md's scope names)
 * @param scale        {@code "raw"} or {@code "standardized"}: the scale of the objective and of the bound
 * @param converged    whether the solve met its target relative gap
 * @param reason       why the target gap was not met, or the empty string when it was
 */
public record Certificate(double objective, double lowerBound, double relativeGap, boolean certified, String scope,
        String scale, boolean converged, String reason) {

    /**
     * Checks the components.
     *
     * @param objective    the training objective L_β of the returned net
     * @param lowerBound   a lower bound on the optimum (global when {@code certified})
     * @param relativeGap  (objective − lowerBound) / objective, 0 for a zero objective
     * @param certified    whether {@code lowerBound} is proven for the global optimum
     * @param scope        over which activation patterns the lower bound was proven
     * @param scale        {@code "raw"} or {@code "standardized"}
     * @param converged    whether the solve met its target relative gap
     * @param reason       why the target gap was not met, or the empty string
     * @throws NullPointerException when {@code scope}, {@code scale} or {@code reason} is null
     */
    public Certificate {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(reason, "reason");
    }
}

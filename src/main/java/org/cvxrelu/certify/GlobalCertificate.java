package org.cvxrelu.certify;

import java.math.BigDecimal;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;

/**
 * Bounds for any net θ without enumerating the arrangement: its objective L_β(θ) and the dual lower bound of
 * SPEC.md with λ = y − f_θ(X), its constant c(λ) bounded by {@link GlobalBound} (branch and bound over the
 * sphere; proven, rounding included). The bound t·λᵀy − ½t²‖λ‖² is largest at t = λᵀy/‖λ‖², so the search
 * only has to decide c(λ) ≤ β‖λ‖²/λᵀy (the target; ≈ β at an optimum, where λᵀy ≈ ‖λ‖²); it stops there,
 * or when its relative gap reaches the tolerance, or at its time budget, with the best proven ĉ so far.
 *
 * @param objective L_β(θ)
 * @param lowerBound the dual bound with t ≤ β/ĉ, rounded down (a lower bound on the global optimum when certified)
 * @param relativeGap (objective − lowerBound)/objective
 * @param certified whether ĉ is proven (the lower bound then holds over every pattern)
 * @param target the target β‖λ‖²/λᵀy the search tried to prove
 * @param search the branch-and-bound outcome (ĉ, best value found, nodes, its own gap)
 */
public record GlobalCertificate(double objective, double lowerBound, double relativeGap, boolean certified,
        double target, GlobalBound.Result search) {

    public static GlobalCertificate of(Dataset data, ReluNet net, double beta, double seconds,
            double relativeTolerance) {
        return of(data, net, beta, seconds, Long.MAX_VALUE, relativeTolerance);
    }

    /** As {@link #of(Dataset, ReluNet, double, double, double)}, the search also ending after {@code maxNodes} nodes. */
    public static GlobalCertificate of(Dataset data, ReluNet net, double beta, double seconds, long maxNodes,
            double relativeTolerance) {
        return of(data, net, beta, seconds, maxNodes, relativeTolerance, false);
    }

    /**
     * As above; with {@code nonnegativeOutput} the bound of the program with output weights α ≥ 0 (SPEC's
     * {@code --nonnegative-output}): its dual constraint is c⁺(λ) = max_u λᵀ(X̃u)₊ ≤ β only, so the search bounds
     * c⁺ ({@link GlobalBound.Options#positiveOnly()}), never above c(λ): the bound is at least the two-sided one.
     * It bounds the optimum over nets with α ≥ 0 only, not over all nets.
     */
    public static GlobalCertificate of(Dataset data, ReluNet net, double beta, double seconds, long maxNodes,
            double relativeTolerance, boolean nonnegativeOutput) {
        return of(data, net, beta, seconds, maxNodes, relativeTolerance, nonnegativeOutput, null);
    }

    /**
     * As above, the bound searched at {@code witness} instead of the net's residual (null: the residual), as
     * {@link NetCertificate#of(Dataset, ReluNet, double, org.cvxrelu.patterns.PatternSet, boolean, double[])}.
     */
    public static GlobalCertificate of(Dataset data, ReluNet net, double beta, double seconds, long maxNodes,
            double relativeTolerance, boolean nonnegativeOutput, double[] witness) {
        double[][] design = data.design(net.bias());
        double[] y = data.targets();
        double[] lambda = witness != null ? NetCertificate.checkedWitness(witness, y) : net.residuals(design, y);
        BigDecimal ly = BigDecimal.ZERO;
        BigDecimal ll = BigDecimal.ZERO;
        for (int k = 0; k < y.length; k++) {
            if (Double.isFinite(lambda[k]) && Double.isFinite(y[k])) {
                ly = ly.add(new BigDecimal(lambda[k]).multiply(new BigDecimal(y[k])));
                ll = ll.add(new BigDecimal(lambda[k]).multiply(new BigDecimal(lambda[k])));
            }
        }
        // any target is sound (it only decides when to stop); this one is where t stops being capped by β/ĉ
        double target = ly.signum() > 0 ? beta * ll.doubleValue() / ly.doubleValue() : Double.NEGATIVE_INFINITY;
        GlobalBound.Result res = GlobalBound.of(design, lambda,
                new GlobalBound.Options(target, relativeTolerance, seconds, maxNodes, 64,
                        GlobalBound.DEFAULT_SLOPE_STEPS, nonnegativeOutput));
        DualBound bound = DualBound.of(lambda, y, beta, res.c());
        double objective = net.objective(data, beta);
        double gap = DualBound.relativeGap(objective, bound.value());
        return new GlobalCertificate(objective, bound.value(), gap, res.proven(), target, res);
    }
}

package org.cvxrelu.certify;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternSet;

/**
 * Bounds for any net θ on a data set, e.g. one trained by SGD: its objective L_β(θ) (an upper bound on the
 * global optimum) and the dual lower bound of SPEC.md with λ = y − f_θ(X), priced over the given patterns.
 * With an exact pattern set the lower bound holds for every net of any width; the relative gap then says how
 * far θ can be from the global optimum.
 *
 * @param objective L_β(θ)
 * @param lowerBound the dual bound t·λᵀy − ½t²‖λ‖² with t ≤ β/c(λ)
 * @param relativeGap (objective − lowerBound) / objective
 * @param certified true when the pattern set is exactly the arrangement's and the pricing proved its bound on
 *        c(λ) (rounding included): only then is {@code lowerBound} a bound on the global optimum
 * @param patterns how many patterns were priced
 * @param c the upper bound on c(λ) used
 */
public record NetCertificate(double objective, double lowerBound, double relativeGap, boolean certified, int patterns,
        double c, double t) {

    public static NetCertificate of(Dataset data, ReluNet net, double beta, PatternSet patterns) {
        return of(data, net, beta, patterns, false);
    }

    /**
     * With {@code nonnegativeOutput} the bound holds for nets whose output weights are all α ≥ 0 (only the
     * + groups are priced: λᵀŷ = Σ α_j λᵀ(X̃u_j)₊ ≤ Σ α_j c₊(λ)‖u_j‖ needs α_j ≥ 0).
     */
    public static NetCertificate of(Dataset data, ReluNet net, double beta, PatternSet patterns,
            boolean nonnegativeOutput) {
        return of(data, net, beta, patterns, nonnegativeOutput, null);
    }

    /**
     * As above, the bound priced at {@code lambda} instead of the net's residual (null: the residual), e.g. the
     * dual witness a net file records: SPEC's bound holds for every λ ∈ R^n, so any λ of n entries gives a valid
     * one (a poor λ a low one). The objective is still the net's.
     */
    public static NetCertificate of(Dataset data, ReluNet net, double beta, PatternSet patterns,
            boolean nonnegativeOutput, double[] witness) {
        ConeProgram program = new ConeProgram(data, patterns, beta, nonnegativeOutput);
        double[] y = program.y();
        double[] lambda = witness != null ? checkedWitness(witness, y) : net.residuals(program.design(), y);
        Pricing.Result priced = Pricing.price(program, lambda, beta);
        DualBound bound = DualBound.of(lambda, y, beta, priced.c());
        double objective = net.objective(data, beta);
        double gap = DualBound.relativeGap(objective, bound.value());
        return new NetCertificate(objective, bound.value(), gap, patterns.exact() && priced.proven(), patterns.size(),
                priced.c(), bound.t());
    }

    /**
     * A copy of a witness λ after checking that it has one entry per row (n), brought to the scale of the targets
     * {@code y} by a power of two where its largest entry is more than 2⁶⁰ times larger or smaller than theirs. The
     * bound is the same for every positive multiple of λ (t absorbs it), and a power of two scales exactly (up from
     * subnormals too; down, an entry may underflow, which only makes it another λ, equally valid): what a file
     * records cannot push the pricing's sums to the ends of the double range. A witness a solve wrote, on the
     * residuals' scale, is left as it is, so {@code certify} prices the very λ the solve priced.
     */
    static double[] checkedWitness(double[] lambda, double[] y) {
        if (lambda.length != y.length) {
            throw new IllegalArgumentException("a dual witness has " + lambda.length + " entries, the data "
                    + y.length + " rows");
        }
        double lmax = 0;
        double ymax = 0;
        for (int k = 0; k < y.length; k++) {
            lmax = Math.max(lmax, Math.abs(lambda[k]));
            ymax = Math.max(ymax, Math.abs(y[k]));
        }
        double[] out = lambda.clone();
        if (lmax > 0 && ymax > 0 && Double.isFinite(lmax) && Double.isFinite(ymax)) {
            int e = exponent(lmax) - exponent(ymax);
            if (Math.abs(e) > WITNESS_EXPONENT) {
                for (int k = 0; k < out.length; k++) {
                    out[k] = Math.scalb(out[k], -e);
                }
            }
        }
        return out;
    }

    /** ⌊log₂ v⌋ of a positive finite double, subnormals included (Math.getExponent answers −1023 for them all). */
    private static int exponent(double v) {
        return v < Double.MIN_NORMAL ? Math.getExponent(v * 0x1p54) - 54 : Math.getExponent(v);
    }

    /** Binary orders of magnitude between a witness and the targets beyond which it is rescaled ({@link #checkedWitness}). */
    static final int WITNESS_EXPONENT = 60;
}

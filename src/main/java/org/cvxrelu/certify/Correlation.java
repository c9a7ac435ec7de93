package org.cvxrelu.certify;

import java.math.BigDecimal;

/**
 * The correlation z = X̃ᵀD_iλ of a pattern with a dual point, as a double vector ẑ together with a proven
 * bound on its distance to the exact z (X̃ and λ are taken as the exact doubles they are):
 * <pre>  ‖z − ẑ‖ ≤ error. </pre>
 * Pricing needs only this: Π_K is non-expansive, so ‖Π_K(z)‖ ≤ ‖Π_K(ẑ)‖ + ‖z − ẑ‖.
 *
 * @param z the computed ẑ (s·X̃ᵀD_iλ for the sign s asked for)
 * @param error an upper bound on ‖z − ẑ‖
 * @param exactlyRounded true when ẑ is the exact z rounded entrywise (see {@link #exact})
 */
public record Correlation(double[] z, double error, boolean exactlyRounded) {

    /**
     * In floating point: ẑ_j = fl(Σ_{k ∈ D_i} λ_k x̃_kj) by recursive summation over the m active samples,
     * with (see {@link ErrorBounds#dotError}) |z_j − ẑ_j| ≤ γ_m/(1 − γ_m)·(Ŝ_j + m·η) + m·η, where
     * Ŝ_j = fl(Σ_{k ∈ D_i} |λ_k||x̃_kj|) is summed alongside; error = ‖(e_j)‖ rounded up.
     */
    public static Correlation of(double[][] design, long[] mask, double[] lambda) {
        int r = design.length == 0 ? 0 : design[0].length;
        double[] z = new double[r];
        double[] s = new double[r];
        int m = 0;
        for (int k = 0; k < lambda.length; k++) {
            if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                m++;
                double l = lambda[k];
                double al = Math.abs(l);
                double[] row = design[k];
                for (int j = 0; j < r; j++) {
                    z[j] += l * row[j];
                    s[j] += al * Math.abs(row[j]);
                }
            }
        }
        double[] e = new double[r];
        for (int j = 0; j < r; j++) {
            e[j] = ErrorBounds.dotError(s[j], m);
        }
        return new Correlation(z, ErrorBounds.normUp(e), false);
    }

    /**
     * Compensated ({@link Dot2}: Ogita, Rump &amp; Oishi's Dot2 with its error bound evaluated a posteriori), of order
     * u·|z_j| + m·u²·Σ|λ_k x̃_kj| instead of m·u·Σ|λ_k x̃_kj|: for n = 20,000 rows it settles what the float sum
     * cannot, at about a hundredth of the cost of {@link #exact}. Non-finite data, λ or intermediate values (an
     * overflow) give {@link #exact}'s answer instead.
     */
    public static Correlation compensated(double[][] design, long[] mask, double[] lambda) {
        int r = design.length == 0 ? 0 : design[0].length;
        Dot2 sum = new Dot2(new double[r]);
        int m = 0;
        for (int k = 0; k < lambda.length; k++) {
            if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                m++;
                double l = lambda[k];
                double[] row = design[k];
                for (int j = 0; j < r; j++) {
                    sum.add(j, l, row[j]);
                }
            }
        }
        if (m > 1 << 29) {
            return exact(design, mask, lambda); // 2m below 2³⁰: no int overflow in the bound's term count
        }
        double[] zh = new double[r];
        double[] err = new double[r];
        if (!sum.finish(m, zh, err)) {
            return exact(design, mask, lambda);
        }
        return new Correlation(zh, ErrorBounds.normUp(err), false);
    }

    /**
     * Exactly accumulated: z_j = Σ_{k ∈ D_i} λ_k x̃_kj summed in {@link BigDecimal} (exact), ẑ_j its nearest
     * double, and |z_j − ẑ_j| evaluated exactly and rounded up; for data whose float sum cancels badly
     * (large offsets), where the γ bound of {@link #of} is too loose to be of use.
     */
    public static Correlation exact(double[][] design, long[] mask, double[] lambda) {
        int r = design.length == 0 ? 0 : design[0].length;
        for (int k = 0; k < lambda.length; k++) {
            if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                boolean finite = Double.isFinite(lambda[k]);
                for (double v : design[k]) {
                    finite &= Double.isFinite(v);
                }
                if (!finite) {
                    return of(design, mask, lambda); // no exact value: the float one, with its non-finite bound
                }
            }
        }
        BigDecimal[] z = new BigDecimal[r];
        java.util.Arrays.fill(z, BigDecimal.ZERO);
        for (int k = 0; k < lambda.length; k++) {
            if ((mask[k >>> 6] & (1L << (k & 63))) != 0 && lambda[k] != 0) {
                BigDecimal l = new BigDecimal(lambda[k]);
                double[] row = design[k];
                for (int j = 0; j < r; j++) {
                    if (row[j] != 0) {
                        z[j] = z[j].add(l.multiply(new BigDecimal(row[j])));
                    }
                }
            }
        }
        double[] zh = new double[r];
        double[] e = new double[r];
        for (int j = 0; j < r; j++) {
            zh[j] = z[j].doubleValue();
            if (Double.isInfinite(zh[j])) {
                return new Correlation(zh, Double.POSITIVE_INFINITY, true);
            }
            e[j] = ErrorBounds.up(z[j].subtract(new BigDecimal(zh[j])).abs());
        }
        return new Correlation(zh, ErrorBounds.normUp(e), true);
    }

    /** −ẑ with the same error bound (negation is exact). */
    public Correlation negate() {
        double[] out = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            out[j] = -z[j];
        }
        return new Correlation(out, error, exactlyRounded);
    }

    /** An upper bound on ‖z‖ = ‖ẑ‖ + ‖z − ẑ‖, and so on every price of the pattern (‖Π_K(±z)‖ ≤ ‖z‖). */
    public double normBound() {
        return ErrorBounds.addUp(ErrorBounds.normUp(z), error);
    }
}

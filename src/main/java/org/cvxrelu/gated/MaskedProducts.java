package org.cvxrelu.gated;

/**
 * The two products of the gated problem over p patterns, A = [D_1X̃ … D_pX̃]:
 * <pre>
 *   forward:   ŷ = Σ_i D_i X̃ u_i           (n-vector; U is r × p row-major, {@code U[j·p + i]} = (u_i)_j)
 *   backward:  Z = [X̃ᵀ D_1 λ, …, X̃ᵀ D_p λ] (r × p row-major)
 * </pre>
 * Two implementations: {@link PatternProducts} (dense over the n × p masks; each entry of Z a plain sum of its n
 * terms, which is what the certificate's rounding bound assumes) and {@link TransitionProducts} (over the changes
 * of the masks between consecutive samples of an ordering: far fewer operations on low-dimensional data, but
 * sums of differences of prefix sums, so <b>never</b> for a product a certificate bounds).
 */
interface MaskedProducts {
    int n();

    int r();

    int p();

    /** ŷ = Σ_i D_i X̃ u_i into {@code out} (length n). */
    void forward(double[] u, double[] out);

    /** Z = [X̃ᵀ D_i λ]_i into {@code z} (r × p row-major, overwritten). */
    void backward(double[] lambda, double[] z);

    /**
     * The products over the patterns {@code patterns} of this instance, in that order ({@link TransitionProducts}
     * requires them distinct; {@link PatternProducts} copies a repeated one).
     */
    MaskedProducts restrict(int[] patterns);
}

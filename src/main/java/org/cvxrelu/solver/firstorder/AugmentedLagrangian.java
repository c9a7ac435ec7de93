package org.cvxrelu.solver.firstorder;

import java.util.Arrays;

import org.cvxrelu.solver.GroupProblem;

/**
 * The smooth part of the augmented Lagrangian of the restricted cone program, in the notation of SPEC.md
 * (groups g = (i, s), pattern D_g = D_i, output sign s_g, variable w_g ∈ K_i, A_g = (2D_g − I)X̃):
 * <pre>
 *   φ_ρ(W; γ) = ½ ‖ Σ_g s_g D_g X̃ w_g − y ‖²  +  (1/(2ρ)) Σ_g ‖ (γ_g − ρ A_g w_g)₊ ‖²
 * </pre>
 * with multipliers γ_g ∈ R^n, γ_g ≥ 0, for the constraints A_g w_g ≥ 0 and penalty ρ &gt; 0. This is the
 * standard augmented Lagrangian of an inequality constraint (Rockafellar; Nocedal &amp; Wright §17.4)
 * without its constant −‖γ‖²/(2ρ), which does not move the minimiser; equivalently
 * (ρ/2)‖(γ/ρ − A w)₊‖² as in the scnn paper. The non-smooth part β Σ‖w_g‖ is left to the prox
 * ({@link GroupSoftThreshold}). The multiplier update after an (approximate) inner minimisation is
 * <pre>  γ_g ← (γ_g − ρ A_g w_g)₊ . </pre>
 *
 * <p>Everything is evaluated from the product P = X̃W (n × G, column-major, column g = X̃w_g), so one
 * matrix product serves the fit, the constraint values A_g w_g = (2D_g − I)·(X̃w_g) and the penalty.
 * The gradient is ∇φ = X̃ᵀH with
 * <pre>  H_kg = s_g (D_g)_kk r_k − (2(D_g)_kk − 1) (γ_kg − ρ (A_g w_g)_k)₊,   r = fit − y, </pre>
 * which {@link #valueAndGradientInput} writes over P in place (no extra n × G array).
 *
 * <p>Memory: γ is one n × G array of doubles, allocated at the first multiplier update.
 */
final class AugmentedLagrangian {
    private final int n;
    private final int columns;
    private final long[][] masks;
    private final double[] signs;
    private final double[] y;
    private final double[] fit;
    private double[] gamma;
    private double rho;

    AugmentedLagrangian(GroupProblem problem, double rho) {
        this.n = problem.n();
        this.columns = problem.size();
        this.masks = new long[columns][];
        this.signs = new double[columns];
        for (int g = 0; g < columns; g++) {
            masks[g] = problem.mask(g);
            signs[g] = problem.sign(g);
        }
        this.y = problem.y();
        this.fit = new double[n];
        this.rho = rho;
    }

    double rho() {
        return rho;
    }

    void setRho(double newRho) {
        this.rho = newRho;
    }

    /**
     * Whether the passes over P run on threads: from 2¹⁶ entries of P (n·G) on; below that the fork costs more than
     * the pass. Either way every sum below is formed in one fixed order, so the value does not depend on it.
     */
    private boolean parallel() {
        return (long) n * columns >= PARALLEL_ENTRIES;
    }

    static final long PARALLEL_ENTRIES = 1L << 16;

    /** Samples per task of {@link #pass} at most (each task owns its samples' fit entries) ... */
    static final int ROWS = 512;

    /**
     * ... and per task: n/8 rounded up to a multiple of 64 within [64, {@link #ROWS}], so that a few hundred rows still
     * make several tasks. A function of n alone: the penalty's order of summation (by blocks) does not depend on
     * the threads.
     */
    int blockRows() {
        int eighth = (n + 7) / 8;
        return Math.max(64, Math.min(ROWS, (eighth + 63) / 64 * 64));
    }

    /** IntStream over [0, count), on threads where {@link #parallel()}. */
    private java.util.stream.IntStream range(int count) {
        java.util.stream.IntStream r = java.util.stream.IntStream.range(0, count);
        return parallel() ? r.parallel() : r;
    }

    /**
     * The one kernel of the value and gradient passes, over the product P = X̃W (n × G, column-major) of the point W
     * where φ is taken. P is either {@code current} itself ({@code previous} null) or the FISTA extrapolation
     * P = P_k + m(P_k − P_{k−1}) of {@code current} = X̃X_k and {@code previous} = X̃X_{k−1}, formed entry by entry as
     * it is read (the product of Y = X_k + m(X_k − X_{k−1}) by linearity; never stored on its own).
     *
     * <p>By blocks of {@link #blockRows} samples, each block a task that owns its samples' fit entries:
     * <ol>
     *   <li>over g = 0 … G−1 in order: fit_k += s_g (D_g)_kk P_kg for the block's k, and the block's penalty
     *       Σ_g Σ_k ((γ_kg − ρ(A_gw_g)_k)₊)² in that order; with {@code out}, P_kg is written to out;</li>
     *   <li>the block's residual r_k = fit_k − y_k;</li>
     *   <li>with {@code out}: over g again, H_kg = s_g (D_g)_kk r_k − (2(D_g)_kk − 1)(γ_kg − ρ(A_gw_g)_k)₊ written over
     *       out's P_kg.</li>
     * </ol>
     * The loss ½Σ_k r_k² is summed over k in order, the penalty's block sums over the blocks in order, so the value
     * depends neither on the threads nor on whether P is stored or extrapolated (the same expression, the same bits).
     * Leaves the residual in {@link #fit}; returns ½‖r‖² + penalty/(2ρ).
     *
     * <p>With {@code out}, step 1 reads P_k, P_{k−1} and γ and writes P, and step 3 reads P and γ again and writes H: at
     * n = 10,000 and G = 2,000 each n × G array is 160 MB, and a 512-row block's arrays (8 MB each) do not stay in cache
     * between the two steps. Blocks small enough to stay were slower (their runs per group too short for the hardware
     * prefetcher), and so the passes, not the products, set the iteration's time (BENCHMARKS §43). Without the momentum
     * pass it replaces, the extrapolated P is neither written nor read on its own.
     */
    private double pass(double[] current, double[] previous, double m, double[] out) {
        int rows = blockRows();
        int blocks = (n + rows - 1) / rows;
        double[] penalty = new double[blocks];
        double[] g0 = gamma;
        range(blocks).forEach(b -> {
            int k0 = b * rows;
            int k1 = Math.min(n, k0 + rows);
            Arrays.fill(fit, k0, k1, 0);
            double sum = 0;
            for (int g = 0; g < columns; g++) {
                long[] mask = masks[g];
                double s = signs[g];
                int o = g * n;
                for (int k = k0; k < k1; k++) {
                    double c = current[o + k];
                    double v = previous == null ? c : c + m * (c - previous[o + k]);
                    if (out != null) {
                        out[o + k] = v;
                    }
                    // (D_g)_kk as 0 or 1 and (2D_g − I)_kk as ±1, without a branch: the masks are as good as random
                    double on = (mask[k >>> 6] >>> (k & 63)) & 1L;
                    double side = 2 * on - 1;
                    // (q)₊ by the Math.max intrinsic: a ternary here made the ReLU fista's iterations 0.37 → 0.53 s at n = 10,000
                    // (BENCHMARKS §42); a NaN stays NaN in the value, on which the fista backend stops (non-finite value)
                    double q = Math.max(0, (g0 == null ? 0 : g0[o + k]) - rho * (side * v));
                    sum += q * q; // adding zeros leaves the sum's bits as they are: no branch
                    fit[k] += on * (s * v); // + (±0) where off: the same bits as skipping it
                }
            }
            penalty[b] = sum;
            for (int k = k0; k < k1; k++) {
                fit[k] -= y[k];
            }
            if (out != null) {
                for (int g = 0; g < columns; g++) {
                    long[] mask = masks[g];
                    double s = signs[g];
                    int o = g * n;
                    for (int k = k0; k < k1; k++) {
                        double on = (mask[k >>> 6] >>> (k & 63)) & 1L;
                        double side = 2 * on - 1;
                        double v = out[o + k];
                        double q = Math.max(0, (g0 == null ? 0 : g0[o + k]) - rho * (side * v));
                        // s_g (D_g)_kk r_k − (2(D_g)_kk − 1) q: on, s r_k − q; off, q (each the bits of its branch)
                        out[o + k] = on * (s * fit[k]) - side * q;
                    }
                }
            }
        });
        double loss = 0;
        for (int k = 0; k < n; k++) {
            loss += fit[k] * fit[k];
        }
        double total = 0;
        for (double v : penalty) {
            total += v;
        }
        return 0.5 * loss + total / (2 * rho);
    }

    /** φ_ρ(W; γ) from P = X̃W: one pass ({@link #pass}). */
    double value(double[] product) {
        return pass(product, null, 0, null);
    }

    /**
     * φ_ρ(W; γ) from P = X̃W, and P overwritten by H (so that ∇φ = X̃ᵀH): the value as {@link #value} (the same
     * bits), in one pass ({@link #pass}).
     */
    double valueAndGradientInput(double[] product) {
        return pass(product, null, 0, product);
    }

    /**
     * φ_ρ(Y; γ) at the FISTA point Y = X_k + m(X_k − X_{k−1}) from {@code current} = X̃X_k and {@code previous} =
     * X̃X_{k−1}, and H at Y written to {@code out} (so that ∇φ(Y) = X̃ᵀ out): the same value and H, to the bit, as
     * forming X̃Y = current + m(current − previous) first and calling {@link #valueAndGradientInput} on it, in one pass
     * instead of two ({@link #pass}). {@code out} must be neither input.
     */
    double valueAndGradientInputAt(double[] current, double[] previous, double m, double[] out) {
        if (out == current || out == previous) {
            throw new IllegalArgumentException("out must be neither input");
        }
        return pass(current, previous, m, out);
    }

    /**
     * γ_g ← (γ_g − ρ A_g w_g)₊ from P = X̃W; returns the violation max_{g,k} (−A_g w_g)₊ of that W.
     */
    double updateMultipliers(double[] product) {
        if (gamma == null) {
            gamma = new double[n * columns];
        }
        double[] violations = new double[columns];
        range(columns).forEach(g -> {
            long[] mask = masks[g];
            int o = g * n;
            double violation = 0;
            for (int k = 0; k < n; k++) {
                double a = (mask[k >>> 6] & (1L << (k & 63))) != 0 ? product[o + k] : -product[o + k];
                violation = Math.max(violation, -a);
                gamma[o + k] = Math.max(0, gamma[o + k] - rho * a);
            }
            violations[g] = violation;
        });
        return max(violations);
    }

    /** max_{g,k} (−A_g w_g)₊ from P = X̃W. */
    double violation(double[] product) {
        double[] violations = new double[columns];
        range(columns).forEach(g -> {
            long[] mask = masks[g];
            int o = g * n;
            double violation = 0;
            for (int k = 0; k < n; k++) {
                double a = (mask[k >>> 6] & (1L << (k & 63))) != 0 ? product[o + k] : -product[o + k];
                violation = Math.max(violation, -a);
            }
            violations[g] = violation;
        });
        return max(violations);
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}

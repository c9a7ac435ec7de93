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

    /** Samples per task of {@link #fitAndPenalty}'s pass at most (each task owns its samples' fit entries) ... */
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
     * One pass over P = X̃W by blocks of {@link #blockRows} samples (tasks own their samples' fit entries): the fit
     * fit = Σ_g s_g D_g (X̃w_g), each fit_k summed over g = 0 … G−1 in order, and the penalty Σ_g ‖(γ_g − ρA_gw_g)₊‖²
     * summed per block over g and its samples in order, then over the blocks in order (so neither depends on the
     * threads). Leaves the residual fit − y in {@link #fit}; returns ½‖fit − y‖² + penalty/(2ρ), the loss summed over k
     * in order.
     */
    private double fitAndPenalty(double[] product) {
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
                    double v = product[o + k];
                    boolean on = (mask[k >>> 6] & (1L << (k & 63))) != 0;
                    // (q)₊ by the Math.max intrinsic: a ternary here made the ReLU fista's iterations 0.37 → 0.53 s at n = 10,000
                    // (BENCHMARKS §42); a NaN stays NaN in the value, which the line search then refuses
                    double q = Math.max(0, (g0 == null ? 0 : g0[o + k]) - rho * (on ? v : -v));
                    sum += q * q; // adding zeros leaves the sum's bits as they are: no branch
                    fit[k] += on ? s * v : 0.0;
                }
            }
            penalty[b] = sum;
        });
        double loss = 0;
        for (int k = 0; k < n; k++) {
            fit[k] -= y[k];
            loss += fit[k] * fit[k];
        }
        double total = 0;
        for (double v : penalty) {
            total += v;
        }
        return 0.5 * loss + total / (2 * rho);
    }

    /** φ_ρ(W; γ) from P = X̃W: one pass ({@link #fitAndPenalty}). */
    double value(double[] product) {
        return fitAndPenalty(product);
    }

    /**
     * φ_ρ(W; γ) from P = X̃W, and P overwritten by H (so that ∇φ = X̃ᵀH): the value as {@link #value} (the same
     * bits), then a second pass that writes H, which needs the whole residual.
     */
    double valueAndGradientInput(double[] product) {
        double value = fitAndPenalty(product);
        double[] residual = fit;
        double[] g0 = gamma;
        range(columns).forEach(g -> {
            long[] mask = masks[g];
            double s = signs[g];
            int o = g * n;
            for (int k = 0; k < n; k++) {
                boolean on = (mask[k >>> 6] & (1L << (k & 63))) != 0;
                double a = on ? product[o + k] : -product[o + k];
                double q = (g0 == null ? 0 : g0[o + k]) - rho * a;
                double h;
                if (q > 0) {
                    h = on ? s * residual[k] - q : q;
                } else {
                    h = on ? s * residual[k] : 0;
                }
                product[o + k] = h;
            }
        });
        return value;
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

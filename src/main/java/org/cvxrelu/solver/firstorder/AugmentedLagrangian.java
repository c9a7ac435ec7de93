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

    /** Samples per task of {@link #loss}'s pass (each task owns its samples' fit entries). */
    static final int ROWS = 512;

    /** IntStream over [0, count), on threads where {@link #parallel()}. */
    private java.util.stream.IntStream range(int count) {
        java.util.stream.IntStream r = java.util.stream.IntStream.range(0, count);
        return parallel() ? r.parallel() : r;
    }

    /**
     * fit = Σ_g s_g D_g (X̃w_g) from P = X̃W; returns ½‖fit − y‖² and leaves the residual fit − y in {@link #fit}.
     * Each fit_k is summed over g = 0 … G−1 in order (tasks own blocks of samples), then ‖fit − y‖² over k in order.
     */
    private double loss(double[] product) {
        int blocks = (n + ROWS - 1) / ROWS;
        range(blocks).forEach(b -> {
            int k0 = b * ROWS;
            int k1 = Math.min(n, k0 + ROWS);
            Arrays.fill(fit, k0, k1, 0);
            for (int g = 0; g < columns; g++) {
                long[] mask = masks[g];
                double s = signs[g];
                int o = g * n;
                for (int k = k0; k < k1; k++) {
                    if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                        fit[k] += s * product[o + k];
                    }
                }
            }
        });
        double loss = 0;
        for (int k = 0; k < n; k++) {
            fit[k] -= y[k];
            loss += fit[k] * fit[k];
        }
        return 0.5 * loss;
    }

    /** Σ_g of the per-group sums, in g order (so the total does not depend on the threads that formed them). */
    private static double sum(double[] perGroup) {
        double total = 0;
        for (double v : perGroup) {
            total += v;
        }
        return total;
    }

    /** φ_ρ(W; γ) from P = X̃W (the penalty summed per group over k in order, then over g in order). */
    double value(double[] product) {
        double value = loss(product);
        double[] penalty = new double[columns];
        range(columns).forEach(g -> {
            long[] mask = masks[g];
            int o = g * n;
            double sum = 0;
            for (int k = 0; k < n; k++) {
                double a = (mask[k >>> 6] & (1L << (k & 63))) != 0 ? product[o + k] : -product[o + k];
                double q = (gamma == null ? 0 : gamma[o + k]) - rho * a;
                if (q > 0) {
                    sum += q * q;
                }
            }
            penalty[g] = sum;
        });
        return value + sum(penalty) / (2 * rho);
    }

    /** φ_ρ(W; γ) from P = X̃W, and P overwritten by H (so that ∇φ = X̃ᵀH); the penalty summed as in {@link #value}. */
    double valueAndGradientInput(double[] product) {
        double value = loss(product);
        double[] residual = fit;
        double[] penalty = new double[columns];
        range(columns).forEach(g -> {
            long[] mask = masks[g];
            double s = signs[g];
            int o = g * n;
            double sum = 0;
            for (int k = 0; k < n; k++) {
                boolean on = (mask[k >>> 6] & (1L << (k & 63))) != 0;
                double a = on ? product[o + k] : -product[o + k];
                double q = (gamma == null ? 0 : gamma[o + k]) - rho * a;
                double h;
                if (q > 0) {
                    sum += q * q;
                    h = on ? s * residual[k] - q : q;
                } else {
                    h = on ? s * residual[k] : 0;
                }
                product[o + k] = h;
            }
            penalty[g] = sum;
        });
        return value + sum(penalty) / (2 * rho);
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

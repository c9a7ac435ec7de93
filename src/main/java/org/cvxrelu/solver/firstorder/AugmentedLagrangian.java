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

    /** fit = Σ_g s_g D_g (X̃w_g) from P = X̃W; returns ½‖fit − y‖² and leaves the residual fit − y in {@link #fit}. */
    private double loss(double[] product) {
        Arrays.fill(fit, 0);
        for (int g = 0; g < columns; g++) {
            long[] mask = masks[g];
            double s = signs[g];
            int o = g * n;
            for (int k = 0; k < n; k++) {
                if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                    fit[k] += s * product[o + k];
                }
            }
        }
        double loss = 0;
        for (int k = 0; k < n; k++) {
            fit[k] -= y[k];
            loss += fit[k] * fit[k];
        }
        return 0.5 * loss;
    }

    /** φ_ρ(W; γ) from P = X̃W. */
    double value(double[] product) {
        double value = loss(product);
        double penalty = 0;
        for (int g = 0; g < columns; g++) {
            long[] mask = masks[g];
            int o = g * n;
            for (int k = 0; k < n; k++) {
                double a = (mask[k >>> 6] & (1L << (k & 63))) != 0 ? product[o + k] : -product[o + k];
                double q = (gamma == null ? 0 : gamma[o + k]) - rho * a;
                if (q > 0) {
                    penalty += q * q;
                }
            }
        }
        return value + penalty / (2 * rho);
    }

    /** φ_ρ(W; γ) from P = X̃W, and P overwritten by H (so that ∇φ = X̃ᵀH). */
    double valueAndGradientInput(double[] product) {
        double value = loss(product);
        double[] residual = fit;
        double penalty = 0;
        for (int g = 0; g < columns; g++) {
            long[] mask = masks[g];
            double s = signs[g];
            int o = g * n;
            for (int k = 0; k < n; k++) {
                boolean on = (mask[k >>> 6] & (1L << (k & 63))) != 0;
                double a = on ? product[o + k] : -product[o + k];
                double q = (gamma == null ? 0 : gamma[o + k]) - rho * a;
                double h;
                if (q > 0) {
                    penalty += q * q;
                    h = on ? s * residual[k] - q : q;
                } else {
                    h = on ? s * residual[k] : 0;
                }
                product[o + k] = h;
            }
        }
        return value + penalty / (2 * rho);
    }

    /**
     * γ_g ← (γ_g − ρ A_g w_g)₊ from P = X̃W; returns the violation max_{g,k} (−A_g w_g)₊ of that W.
     */
    double updateMultipliers(double[] product) {
        if (gamma == null) {
            gamma = new double[n * columns];
        }
        double violation = 0;
        for (int g = 0; g < columns; g++) {
            long[] mask = masks[g];
            int o = g * n;
            for (int k = 0; k < n; k++) {
                double a = (mask[k >>> 6] & (1L << (k & 63))) != 0 ? product[o + k] : -product[o + k];
                violation = Math.max(violation, -a);
                gamma[o + k] = Math.max(0, gamma[o + k] - rho * a);
            }
        }
        return violation;
    }

    /** max_{g,k} (−A_g w_g)₊ from P = X̃W. */
    double violation(double[] product) {
        double violation = 0;
        for (int g = 0; g < columns; g++) {
            long[] mask = masks[g];
            int o = g * n;
            for (int k = 0; k < n; k++) {
                double a = (mask[k >>> 6] & (1L << (k & 63))) != 0 ? product[o + k] : -product[o + k];
                violation = Math.max(violation, -a);
            }
        }
        return violation;
    }
}

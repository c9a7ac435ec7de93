package org.cvxrelu.train;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Kumar's penalised single ReLU neuron (paper 000), output weight fixed at 1:
 * <pre>
 *   f(β) = ‖y − max(0, Xβ)‖² + λ₁‖β‖₁ + λ₂‖β‖₂²
 * </pre>
 * minimised by proximal gradient descent on the split f = h + λ₁‖·‖₁ with the smooth-almost-everywhere part
 * h(β) = ‖y − (Xβ)₊‖² + λ₂‖β‖², ∇h(β) = −2 Xᵀ[1(Xβ &gt; 0) ∘ (y − (Xβ)₊)] + 2λ₂β, and the step
 * <pre>
 *   β ← S_{ηλ₁}(β − η ∇h(β)),   S_τ(v)_k = sign(v_k) max(0, |v_k| − τ)  (soft threshold)
 * </pre>
 * Closed form (Kumar, Proposition 2): when every y_i ≤ 0 and λ₁ + λ₂ &gt; 0, β* = 0 is the unique minimiser,
 * since each term (|y_i| + (x_iᵀβ)₊)² is smallest where (x_iᵀβ)₊ = 0 and the penalty is smallest at 0.
 * (The paper's abstract says "non-negative"; its setup and proof need y non-positive, as here.)
 *
 * <p>h is not smooth: with y_i = −a_i ≤ 0 its term (a_i + (x_iᵀβ)₊)² has a gradient that jumps by 2a_i x_i across
 * the hinge x_iᵀβ = 0, so constant-step proximal gradient iterates chatter around the hinges: they come close to
 * β* = 0 (as in Kumar's Fig. 1) but need not settle exactly on it.
 */
public final class SingleNeuron {
    private final double[][] x;
    private final double[] y;
    private final double lambda1;
    private final double lambda2;

    public SingleNeuron(double[][] x, double[] y, double lambda1, double lambda2) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " rows but " + y.length + " targets");
        }
        if (lambda1 < 0 || lambda2 < 0) {
            throw new IllegalArgumentException("penalties must be non-negative");
        }
        this.x = x;
        this.y = y.clone();
        this.lambda1 = lambda1;
        this.lambda2 = lambda2;
    }

    /**
     * The paper's experiment: X (n × d) with entries uniform on [−1, 1], y uniform on [−1, 0], from {@code seed}.
     */
    public static SingleNeuron paperInstance(int n, int d, double lambda1, double lambda2, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (double[] row : x) {
            for (int c = 0; c < d; c++) {
                row[c] = rng.nextDouble(-1, 1);
            }
        }
        for (int i = 0; i < n; i++) {
            y[i] = -rng.nextDouble();
        }
        return new SingleNeuron(x, y, lambda1, lambda2);
    }

    /** A start vector with entries uniform on [−1, 1] (the paper's initialisation). */
    public static double[] uniformStart(int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] b = new double[d];
        for (int c = 0; c < d; c++) {
            b[c] = rng.nextDouble(-1, 1);
        }
        return b;
    }

    public int d() {
        return x.length == 0 ? 0 : x[0].length;
    }

    /** f(β). */
    public double value(double[] beta) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double e = y[i] - Math.max(0, Vectors.dot(x[i], beta));
            s += e * e;
        }
        double l1 = 0;
        double l2 = 0;
        for (double b : beta) {
            l1 += Math.abs(b);
            l2 += b * b;
        }
        return s + lambda1 * l1 + lambda2 * l2;
    }

    /** ∇h(β) = −2 Xᵀ[1(Xβ &gt; 0) ∘ (y − (Xβ)₊)] + 2λ₂β (the ℓ1 term is left to the proximal step). */
    public double[] smoothGradient(double[] beta) {
        int d = beta.length;
        double[] g = new double[d];
        for (int i = 0; i < y.length; i++) {
            double z = Vectors.dot(x[i], beta);
            if (z > 0) {
                double c = -2 * (y[i] - z);
                for (int k = 0; k < d; k++) {
                    g[k] += c * x[i][k];
                }
            }
        }
        for (int k = 0; k < d; k++) {
            g[k] += 2 * lambda2 * beta[k];
        }
        return g;
    }

    /** η = 1 / (2 λ_max(XᵀX) + 2λ₂), the inverse curvature of h where its activation pattern is fixed. */
    public double defaultStep() {
        return 1.0 / (2 * PowerIteration.spectralNormSquared(x) + 2 * lambda2);
    }

    /**
     * The iterates of proximal gradient descent.
     *
     * @param values  f(β_t), t = 0 … T
     * @param supNorm ‖β_t‖_∞, t = 0 … T
     * @param beta    β_T
     */
    public record Trajectory(double[] values, double[] supNorm, double[] beta) {
    }

    /** T proximal gradient steps β ← S_{ηλ₁}(β − η∇h(β)) from β₀. */
    public Trajectory proximalGradient(double[] beta0, double step, int iterations) {
        double[] b = beta0.clone();
        double[] values = new double[iterations + 1];
        double[] sup = new double[iterations + 1];
        double tau = step * lambda1;
        for (int t = 0; ; t++) {
            values[t] = value(b);
            double s = 0;
            for (double v : b) {
                s = Math.max(s, Math.abs(v));
            }
            sup[t] = s;
            if (t == iterations) {
                break;
            }
            double[] g = smoothGradient(b);
            for (int k = 0; k < b.length; k++) {
                double v = b[k] - step * g[k];
                b[k] = Math.signum(v) * Math.max(0, Math.abs(v) - tau);
            }
        }
        return new Trajectory(values, sup, b);
    }

    /** β* = 0 when Kumar's theorem applies (all y_i ≤ 0 and λ₁ + λ₂ &gt; 0); empty otherwise. */
    public Optional<double[]> closedFormOptimum() {
        if (lambda1 + lambda2 <= 0) {
            return Optional.empty();
        }
        for (double v : y) {
            if (v > 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new double[d()]);
    }
}

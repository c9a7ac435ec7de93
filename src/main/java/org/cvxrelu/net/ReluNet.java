package org.cvxrelu.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cvxrelu.data.Dataset;

/**
 * A two-layer ReLU net θ = {(u_j, α_j)}: f_θ(x) = Σ_j α_j max(0, u_jᵀx̃), x̃ = [x; 1] with bias, x without.
 * The weight decay β it was made with travels along, as in the {@code cvxrelu.net/1} file.
 *
 * <p>Immutable. {@link #info()} holds the extra fields of the file (objective, bounds, provenance).
 */
public final class ReluNet {
    private final boolean bias;
    private final double beta;
    private final List<Neuron> neurons;
    private final InputScaling scaling;
    private final Map<String, Object> info;

    public ReluNet(boolean bias, double beta, List<Neuron> neurons) {
        this(bias, beta, neurons, null, Map.of());
    }

    public ReluNet(boolean bias, double beta, List<Neuron> neurons, InputScaling scaling, Map<String, Object> info) {
        int r = -1;
        for (Neuron nu : neurons) {
            if (r >= 0 && nu.r() != r) {
                throw new IllegalArgumentException("neurons of different input sizes: " + r + " and " + nu.r());
            }
            r = nu.r();
        }
        this.bias = bias;
        this.beta = beta;
        this.neurons = List.copyOf(neurons);
        this.scaling = scaling;
        this.info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }

    /** The zero net (no neurons). */
    public static ReluNet zero(boolean bias, double beta) {
        return new ReluNet(bias, beta, List.of());
    }

    public boolean bias() {
        return bias;
    }

    public double beta() {
        return beta;
    }

    public List<Neuron> neurons() {
        return neurons;
    }

    public int width() {
        return neurons.size();
    }

    public Optional<InputScaling> scaling() {
        return Optional.ofNullable(scaling);
    }

    public Map<String, Object> info() {
        return info;
    }

    /** The same net with other extra fields. */
    public ReluNet withInfo(Map<String, Object> newInfo) {
        return new ReluNet(bias, beta, neurons, scaling, newInfo);
    }

    public ReluNet withScaling(InputScaling newScaling) {
        return new ReluNet(bias, beta, neurons, newScaling, info);
    }

    public ReluNet withNeurons(List<Neuron> newNeurons) {
        return new ReluNet(bias, beta, newNeurons, scaling, info);
    }

    /** f_θ(x̃) for one design row. */
    public double output(double[] xTilde) {
        double s = 0;
        for (Neuron nu : neurons) {
            s += nu.alpha() * nu.activation(xTilde);
        }
        return s;
    }

    /** f_θ on every row of a design matrix X̃. */
    public double[] outputs(double[][] design) {
        double[] out = new double[design.length];
        for (int k = 0; k < design.length; k++) {
            out[k] = output(design[k]);
        }
        return out;
    }

    /** f_θ on every sample of {@code data} (its features are taken as already on the net's scale). */
    public double[] outputs(Dataset data) {
        return outputs(data.design(bias));
    }

    /** The residuals λ = y − f_θ(X̃), the dual point of SPEC's certificate, for design rows X̃ and targets y. */
    public double[] residuals(double[][] design, double[] y) {
        double[] f = outputs(design);
        double[] lambda = new double[y.length];
        for (int k = 0; k < y.length; k++) {
            lambda[k] = y[k] - f[k];
        }
        return lambda;
    }

    /**
     * L_β(θ) = ½ Σ_i (f_θ(x_i) − y_i)² + (β/2) Σ_j (‖u_j‖² + α_j²), squared loss summed (SPEC.md).
     */
    public double objective(Dataset data, double beta) {
        double[] f = outputs(data);
        double loss = 0;
        for (int k = 0; k < f.length; k++) {
            double e = f[k] - data.y(k);
            loss += e * e;
        }
        return 0.5 * loss + 0.5 * beta * squaredWeights();
    }

    /** Σ_j (‖u_j‖² + α_j²). */
    public double squaredWeights() {
        double s = 0;
        for (Neuron nu : neurons) {
            s += nu.squaredWeights();
        }
        return s;
    }

    /**
     * Each neuron rescaled so that ‖u_j‖ = |α_j| (c = sqrt(|α|/‖u‖)); the output is unchanged and the
     * penalty can only fall (AM–GM: ‖u‖² + α² ≥ 2‖u‖|α|, with equality when scaled). Neurons with
     * u = 0 or α = 0 compute zero and are dropped.
     */
    public ReluNet scaled() {
        List<Neuron> out = new ArrayList<>();
        for (Neuron nu : neurons) {
            double a = Math.abs(nu.alpha());
            double un = nu.inputNorm();
            if (a == 0 || un == 0) {
                continue;
            }
            out.add(nu.rescaled(Math.sqrt(a / un)));
        }
        return withNeurons(out);
    }

    /**
     * A splitting (Mishkin and Pilanci): each neuron (u, α) replaced by the copies (√γ_k u, √γ_k α), with
     * γ_k ≥ 0 and Σ γ_k = 1. The output is unchanged (√γ_k·√γ_k = γ_k), and so is the penalty
     * (Σ γ_k (‖u‖² + α²)): an optimal net stays optimal but is no longer minimal.
     */
    public ReluNet split(double... gammas) {
        double total = 0;
        for (double g : gammas) {
            if (!(g >= 0)) {
                throw new IllegalArgumentException("split weights must be non-negative");
            }
            total += g;
        }
        if (Math.abs(total - 1) > 1e-12) {
            throw new IllegalArgumentException("split weights must sum to 1, got " + total);
        }
        List<Neuron> out = new ArrayList<>();
        for (Neuron nu : neurons) {
            for (double g : gammas) {
                if (g > 0) {
                    out.add(nu.scaledBoth(Math.sqrt(g)));
                }
            }
        }
        return withNeurons(out);
    }

    /** Predictions on raw inputs: applies the recorded input scaling, if any, and undoes the target's. */
    public double predictRaw(double[] rawFeatures) {
        double[] x = scaling == null ? rawFeatures : scaling.applyToFeatures(rawFeatures);
        double[] xt = new double[x.length + (bias ? 1 : 0)];
        System.arraycopy(x, 0, xt, 0, x.length);
        if (bias) {
            xt[x.length] = 1.0;
        }
        double f = output(xt);
        return scaling == null ? f : scaling.targetToRaw(f);
    }
}

package org.cvxrelu.net;

import java.util.Arrays;

/**
 * One hidden neuron (u, α) of a two-layer ReLU net: it contributes α · max(0, uᵀx̃) to the output.
 * {@code u} has r entries, the bias weight last when the net has a bias.
 */
public record Neuron(double[] u, double alpha) {
    public Neuron {
        u = u.clone();
    }

    @Override
    public double[] u() {
        return u.clone();
    }

    /** u_k without copying the vector. */
    public double u(int k) {
        return u[k];
    }

    public int r() {
        return u.length;
    }

    /** ‖u‖₂. */
    public double inputNorm() {
        double s = 0;
        for (double v : u) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** max(0, uᵀx̃) for one design row x̃. */
    public double activation(double[] xTilde) {
        double s = 0;
        for (int k = 0; k < u.length; k++) {
            s += u[k] * xTilde[k];
        }
        return s > 0 ? s : 0;
    }

    /** ‖u‖² + α², this neuron's share of the weight-decay penalty before the factor β/2. */
    public double squaredWeights() {
        double s = alpha * alpha;
        for (double v : u) {
            s += v * v;
        }
        return s;
    }

    /** The rescaled neuron (u·c, α/c), which computes the same function for c &gt; 0. */
    public Neuron rescaled(double c) {
        double[] v = new double[u.length];
        for (int k = 0; k < u.length; k++) {
            v[k] = u[k] * c;
        }
        return new Neuron(v, alpha / c);
    }

    /** The neuron (c·u, c·α), whose contribution is c² times this one's. */
    public Neuron scaledBoth(double c) {
        double[] v = new double[u.length];
        for (int k = 0; k < u.length; k++) {
            v[k] = u[k] * c;
        }
        return new Neuron(v, alpha * c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Neuron other && other.alpha == alpha && Arrays.equals(other.u, u);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(u) + Double.hashCode(alpha);
    }

    @Override
    public String toString() {
        return "Neuron(u=" + Arrays.toString(u) + ", alpha=" + alpha + ")";
    }
}

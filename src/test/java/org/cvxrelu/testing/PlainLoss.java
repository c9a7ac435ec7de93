package org.cvxrelu.testing;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;

/** The objective written out by hand for tests, sharing no code with the library's evaluation. */
public final class PlainLoss {
    private PlainLoss() {
    }

    /** L_β(net) = ½ Σ_k (y_k − Σ_j α_j (u_jᵀx̃_k)₊)² + β/2 Σ_j (‖u_j‖² + α_j²), with x̃ = (x, 1). */
    public static double withBias(Dataset d, ReluNet net, double beta) {
        double s = 0;
        for (int k = 0; k < d.n(); k++) {
            double f = 0;
            for (Neuron nu : net.neurons()) {
                double z = nu.u()[d.d()];
                for (int j = 0; j < d.d(); j++) {
                    z += nu.u()[j] * d.x(k, j);
                }
                f += nu.alpha() * Math.max(0, z);
            }
            s += (d.y(k) - f) * (d.y(k) - f);
        }
        double pen = 0;
        for (Neuron nu : net.neurons()) {
            for (double v : nu.u()) {
                pen += v * v;
            }
            pen += nu.alpha() * nu.alpha();
        }
        return 0.5 * s + 0.5 * beta * pen;
    }

    /** λ_k = y_k − Σ_j α_j (u_jᵀx̃_k)₊ for rows x̃_k of a design that already holds the bias column. */
    public static double[] residuals(double[][] design, double[] y, ReluNet net) {
        double[] lambda = y.clone();
        for (Neuron nu : net.neurons()) {
            for (int k = 0; k < lambda.length; k++) {
                double z = 0;
                for (int j = 0; j < nu.u().length; j++) {
                    z += design[k][j] * nu.u()[j];
                }
                lambda[k] -= nu.alpha() * Math.max(0, z);
            }
        }
        return lambda;
    }
}

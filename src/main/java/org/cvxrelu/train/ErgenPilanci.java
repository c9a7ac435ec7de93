package org.cvxrelu.train;

import java.util.Arrays;

/**
 * The gradient methods of Ergen &amp; Pilanci, "Convex optimization for shallow neural networks" (paper 003),
 * for ReLU neurons without output weights, g(z) = max(0, z), data A (n × d), targets y. D_j is the diagonal
 * 0/1 matrix with (D_j)_ii = 1[a_iᵀx_j ≥ 0], D_jᶜ = I − D_j, and the residual is r = Σ_j g(Ax_j) − y.
 * Gradients are taken of the ½-scaled losses (the paper's eq. (13) carries the factor 2 of the unscaled one).
 * <ul>
 * <li>{@link #singleNeuronGd}, eq. (2): x ← x − μ AᵀD (g(Ax) − y), GD on f(x) = ½‖g(Ax) − y‖²;</li>
 * <li>{@link #singleNeuronRelaxedGd}, eq. (5): x ← x − μ Aᵀ(g(Ax) − y), GD on the convex relaxation
 * ½ f_r(x) = ½(‖g(Ax)‖² − 2yᵀAx + ‖y‖²) (its gradient is Aᵀ(D g(Ax) − y) = Aᵀ(g(Ax) − y));</li>
 * <li>{@link #multiNeuronGd}: x_j ← x_j − μ AᵀD_j r, GD on f_m(X) = ½‖Σ_j g(Ax_j) − y‖², eq. (9)–(11);</li>
 * <li>{@link #multiNeuronRegularizedGd}, eq. (13)/(17): x_j ← x_j − μ (AᵀD_j r + Aᵀ ∏_k D_kᶜ r). For m = 1
 * this is the relaxed update (5), since AᵀD r + AᵀDᶜ r = Aᵀr.</li>
 * </ul>
 * Every method returns the training error ½‖Σ_j g(Ax_j) − y‖² of each iterate (index 0 at the start) and
 * the final x's. The paper's step μ = 0.1 assumes a scale of A; {@link #stepBound} gives 1/‖A‖₂², a step
 * at which GD on the (convex, ‖A‖₂²-smooth) relaxation converges.
 */
public final class ErgenPilanci {
    private ErgenPilanci() {
    }

    /**
     * Training errors and final parameters of one run.
     *
     * @param trainingError ½‖Σ_j g(Ax_j) − y‖² at iterations 0 … T
     * @param x             the final neurons, one row each
     */
    public record Trajectory(double[] trainingError, double[][] x) {
        public double finalError() {
            return trainingError[trainingError.length - 1];
        }
    }

    private enum Rule { PLAIN, REGULARIZED }

    /** GD on the single-neuron loss, eq. (2), from x₀. */
    public static Trajectory singleNeuronGd(double[][] a, double[] y, double[] x0, double mu, int iterations) {
        return run(a, y, new double[][] {x0}, mu, iterations, Rule.PLAIN);
    }

    /** GD on the convex relaxation f_r, eq. (5), from x₀ ("RGD" in the paper). */
    public static Trajectory singleNeuronRelaxedGd(double[][] a, double[] y, double[] x0, double mu, int iterations) {
        double[][] x = {x0.clone()};
        int n = y.length;
        int d = x0.length;
        double[] out = new double[n];
        double[] err = new double[iterations + 1];
        for (int t = 0; ; t++) {
            double e = 0;
            for (int i = 0; i < n; i++) {
                out[i] = Math.max(0, Vectors.dot(a[i], x[0]));
                double ri = out[i] - y[i];
                e += ri * ri;
            }
            err[t] = 0.5 * e;
            if (t == iterations) {
                break;
            }
            double[] step = new double[d];
            for (int i = 0; i < n; i++) {
                double ri = out[i] - y[i];
                for (int c = 0; c < d; c++) {
                    step[c] += a[i][c] * ri;
                }
            }
            for (int c = 0; c < d; c++) {
                x[0][c] -= mu * step[c];
            }
        }
        return new Trajectory(err, x);
    }

    /** Plain GD on f_m, every neuron moved by AᵀD_j r, from the rows of x₀. */
    public static Trajectory multiNeuronGd(double[][] a, double[] y, double[][] x0, double mu, int iterations) {
        return run(a, y, x0, mu, iterations, Rule.PLAIN);
    }

    /** The regularised update (13)/(17): AᵀD_j r + Aᵀ ∏_k D_kᶜ r for every neuron j, from the rows of x₀. */
    public static Trajectory multiNeuronRegularizedGd(double[][] a, double[] y, double[][] x0, double mu,
            int iterations) {
        return run(a, y, x0, mu, iterations, Rule.REGULARIZED);
    }

    private static Trajectory run(double[][] a, double[] y, double[][] x0, double mu, int iterations, Rule rule) {
        int n = y.length;
        int m = x0.length;
        int d = x0[0].length;
        double[][] x = new double[m][];
        for (int j = 0; j < m; j++) {
            x[j] = x0[j].clone();
        }
        double[][] z = new double[m][n];
        double[] r = new double[n];
        double[] err = new double[iterations + 1];
        double[] shared = new double[d];
        double[] own = new double[d];
        for (int t = 0; ; t++) {
            double e = 0;
            for (int i = 0; i < n; i++) {
                double f = 0;
                for (int j = 0; j < m; j++) {
                    z[j][i] = Vectors.dot(a[i], x[j]);
                    f += Math.max(0, z[j][i]);
                }
                r[i] = f - y[i];
                e += r[i] * r[i];
            }
            err[t] = 0.5 * e;
            if (t == iterations) {
                break;
            }
            // Aᵀ ∏_k D_kᶜ r: the samples on which every neuron is off (a_iᵀx_k < 0 for all k).
            Arrays.fill(shared, 0);
            if (rule == Rule.REGULARIZED) {
                for (int i = 0; i < n; i++) {
                    boolean allOff = true;
                    for (int j = 0; j < m && allOff; j++) {
                        allOff = z[j][i] < 0;
                    }
                    if (allOff) {
                        Vectors.axpy(r[i], a[i], shared);
                    }
                }
            }
            for (int j = 0; j < m; j++) {
                System.arraycopy(shared, 0, own, 0, d);
                for (int i = 0; i < n; i++) {
                    if (z[j][i] >= 0) {
                        Vectors.axpy(r[i], a[i], own);
                    }
                }
                for (int c = 0; c < d; c++) {
                    x[j][c] -= mu * own[c];
                }
            }
        }
        return new Trajectory(err, x);
    }

    /** ½‖Σ_j g(Ax_j) − y‖² for the neurons in the rows of x. */
    public static double trainingError(double[][] a, double[] y, double[][] x) {
        double[] f = outputs(a, x);
        double e = 0;
        for (int i = 0; i < y.length; i++) {
            double ri = f[i] - y[i];
            e += ri * ri;
        }
        return 0.5 * e;
    }

    /** Σ_j g(Ax_j), one entry per row of A. */
    public static double[] outputs(double[][] a, double[][] x) {
        double[] f = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (double[] xj : x) {
                f[i] += Math.max(0, Vectors.dot(a[i], xj));
            }
        }
        return f;
    }

    /** The convex relaxation f_r(x) = ‖g(Ax)‖² − 2yᵀAx + ‖y‖² of eq. (3) (unscaled, as in the paper). */
    public static double relaxedObjective(double[][] a, double[] y, double[] x) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double zi = Vectors.dot(a[i], x);
            double gi = Math.max(0, zi);
            s += gi * gi - 2 * y[i] * zi + y[i] * y[i];
        }
        return s;
    }

    /** 1/‖A‖₂², a safe GD step for the relaxation (whose gradient is ‖A‖₂²-Lipschitz). */
    public static double stepBound(double[][] a) {
        return 1.0 / PowerIteration.spectralNormSquared(a);
    }
}

package org.cvxrelu.train;

import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;

/**
 * The non-convex objective of SPEC.md and its gradient on flat parameters, for a net of fixed width m:
 * <pre>
 *   L_β(θ) = ½ Σ_i (f_θ(x_i) − y_i)² + (β/2) Σ_j (‖u_j‖² + α_j²),   f_θ(x) = Σ_j α_j (u_jᵀx̃)₊
 * </pre>
 * With the residual res_i = f_θ(x_i) − y_i the gradient is
 * <pre>
 *   ∂L/∂α_j = Σ_i res_i (u_jᵀx̃_i)₊ + β α_j
 *   ∂L/∂u_j = α_j Σ_i res_i 1[u_jᵀx̃_i &gt; 0] x̃_i + β u_j
 * </pre>
 * (at u_jᵀx̃_i = 0 the ReLU is not differentiable; the subgradient with derivative 0 is used).
 *
 * <p>A minibatch B gives the estimate with the data term scaled by s = n/|B| and the penalty whole,
 * L̂_B(θ) = s · ½ Σ_{i∈B} res_i² + (β/2)‖θ‖², whose expectation over a uniformly drawn B is L_β(θ); so
 * its gradient is an unbiased estimate of ∇L_β.
 *
 * <p>Layout of θ (length m(r+1)): u_1 (r entries), …, u_m, then α_1 … α_m. The design X̃ is held as one
 * flat row-major array (and, for the full-batch products, as an ojAlgo store). Not thread-safe (scratch
 * vectors and stores are reused).
 */
public final class NetObjectiveGradient {
    private final double[] x;
    private final double[] y;
    private final int n;
    private final int r;
    private final int m;
    private final double beta;
    private final double[] pre;

    /** For the design X̃ (n × r, rows as given), targets y, width m and weight decay β. */
    public NetObjectiveGradient(double[][] design, double[] y, int width, double beta) {
        if (design.length != y.length) {
            throw new IllegalArgumentException(design.length + " rows but " + y.length + " targets");
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + width);
        }
        this.n = y.length;
        this.r = n == 0 ? 0 : design[0].length;
        this.m = width;
        this.beta = beta;
        this.y = y.clone();
        this.x = new double[n * r];
        for (int i = 0; i < n; i++) {
            if (design[i].length != r) {
                throw new IllegalArgumentException("ragged design matrix");
            }
            System.arraycopy(design[i], 0, x, i * r, r);
        }
        this.pre = new double[m];
    }

    /** For {@code data} with or without the bias column. */
    public NetObjectiveGradient(Dataset data, boolean bias, int width, double beta) {
        this(data.design(bias), data.targets(), width, beta);
    }

    public int n() {
        return n;
    }

    public int r() {
        return r;
    }

    public int width() {
        return m;
    }

    public double beta() {
        return beta;
    }

    /** Number of parameters m(r+1). */
    public int dimension() {
        return m * (r + 1);
    }

    /** L_β(θ). */
    public double value(double[] theta) {
        return evaluate(theta, null, 0, n, 1.0, null);
    }

    /**
     * L_β(θ); the gradient ∇L_β(θ) is written into {@code grad}. Full batches of some size go through ojAlgo
     * matrix products ({@link #valueAndGradientByProducts}); small ones through the loops of the minibatch path.
     */
    public double valueAndGradient(double[] theta, double[] grad) {
        if ((long) n * m >= PRODUCTS_FROM) {
            return valueAndGradientByProducts(theta, grad);
        }
        return evaluate(theta, null, 0, n, 1.0, grad);
    }

    /** Full batches with n·m at least this use the matrix-product path. */
    static final long PRODUCTS_FROM = 4096;
    private org.ojalgo.matrix.store.R064Store xs;   // X̃ (n × r)
    private org.ojalgo.matrix.store.R064Store us;   // U (r × m), u_j as columns
    private org.ojalgo.matrix.store.R064Store zs;   // Z = X̃U (n × m)
    private org.ojalgo.matrix.store.R064Store gs;   // G (n × m), G_ij = res_i α_j 1[Z_ij > 0]
    private org.ojalgo.matrix.store.R064Store gu;   // X̃ᵀG (r × m)

    /**
     * The full-batch value and gradient as matrix products (ojAlgo): Z = X̃U, f = (Z)₊α, res = f − y,
     * ∇α = (Z)₊ᵀres + βα, and ∇U = X̃ᵀG + βU with G = (res αᵀ) ⊙ 1[Z &gt; 0]. The two products carry the
     * O(n·r·m) work; the rest is O(n·m) element-wise.
     */
    double valueAndGradientByProducts(double[] theta, double[] grad) {
        if (theta.length != dimension()) {
            throw new IllegalArgumentException("θ has " + theta.length + " entries, expected " + dimension());
        }
        if (xs == null) {
            xs = org.ojalgo.matrix.store.R064Store.FACTORY.make(n, r);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < r; k++) {
                    xs.set(i, k, x[i * r + k]);
                }
            }
            us = org.ojalgo.matrix.store.R064Store.FACTORY.make(r, m);
            zs = org.ojalgo.matrix.store.R064Store.FACTORY.make(n, m);
            gs = org.ojalgo.matrix.store.R064Store.FACTORY.make(n, m);
            gu = org.ojalgo.matrix.store.R064Store.FACTORY.make(r, m);
        }
        final int aOff = m * r;
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < r; k++) {
                us.set(k, j, theta[j * r + k]);
            }
        }
        zs.fillByMultiplying(xs, us);
        double loss = 0;
        double[] galpha = new double[m];
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int j = 0; j < m; j++) {
                double z = zs.doubleValue(i, j);
                if (z > 0) {
                    f += theta[aOff + j] * z;
                }
            }
            double res = f - y[i];
            loss += res * res;
            for (int j = 0; j < m; j++) {
                double z = zs.doubleValue(i, j);
                if (z > 0) {
                    galpha[j] += res * z;
                    gs.set(i, j, res * theta[aOff + j]);
                } else {
                    gs.set(i, j, 0.0);
                }
            }
        }
        gu.fillByMultiplying(xs.transpose(), gs);
        double sq = 0;
        for (int p = 0; p < theta.length; p++) {
            sq += theta[p] * theta[p];
        }
        if (grad != null) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < r; k++) {
                    grad[j * r + k] = gu.doubleValue(k, j) + beta * theta[j * r + k];
                }
                grad[aOff + j] = galpha[j] + beta * theta[aOff + j];
            }
        }
        return 0.5 * loss + 0.5 * beta * sq;
    }

    /**
     * The minibatch estimate L̂_B(θ) for B = rows[from … to−1], data term scaled by n/|B|; its gradient
     * is written into {@code grad}.
     */
    public double batchValueAndGradient(double[] theta, int[] rows, int from, int to, double[] grad) {
        int b = to - from;
        if (b <= 0) {
            throw new IllegalArgumentException("empty batch");
        }
        return evaluate(theta, rows, from, to, (double) n / b, grad);
    }

    private double evaluate(double[] theta, int[] rows, int from, int to, double scale, double[] grad) {
        if (theta.length != dimension()) {
            throw new IllegalArgumentException("θ has " + theta.length + " entries, expected " + dimension());
        }
        final int aOff = m * r;
        if (grad != null) {
            java.util.Arrays.fill(grad, 0.0);
        }
        double loss = 0;
        for (int t = from; t < to; t++) {
            int i = rows == null ? t : rows[t];
            int xo = i * r;
            double f = 0;
            for (int j = 0; j < m; j++) {
                int uo = j * r;
                double z = 0;
                for (int k = 0; k < r; k++) {
                    z += theta[uo + k] * x[xo + k];
                }
                pre[j] = z;
                if (z > 0) {
                    f += theta[aOff + j] * z;
                }
            }
            double res = f - y[i];
            loss += res * res;
            if (grad != null) {
                double sr = scale * res;
                for (int j = 0; j < m; j++) {
                    double z = pre[j];
                    if (z > 0) {
                        grad[aOff + j] += sr * z;
                        double c = sr * theta[aOff + j];
                        int uo = j * r;
                        for (int k = 0; k < r; k++) {
                            grad[uo + k] += c * x[xo + k];
                        }
                    }
                }
            }
        }
        double sq = 0;
        for (int p = 0; p < theta.length; p++) {
            sq += theta[p] * theta[p];
            if (grad != null) {
                grad[p] += beta * theta[p];
            }
        }
        return 0.5 * scale * loss + 0.5 * beta * sq;
    }

    /** The net of θ (neurons in order, zero neurons kept), with the given bias flag and this β. */
    public ReluNet toNet(double[] theta, boolean bias) {
        List<Neuron> neurons = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            double[] u = new double[r];
            System.arraycopy(theta, j * r, u, 0, r);
            neurons.add(new Neuron(u, theta[m * r + j]));
        }
        return new ReluNet(bias, beta, neurons);
    }

    /** θ of a net of this width and input size. */
    public double[] parameters(ReluNet net) {
        if (net.width() != m) {
            throw new IllegalArgumentException("net has " + net.width() + " neurons, expected " + m);
        }
        double[] theta = new double[dimension()];
        for (int j = 0; j < m; j++) {
            Neuron nu = net.neurons().get(j);
            if (nu.r() != r) {
                throw new IllegalArgumentException("neuron has " + nu.r() + " weights, expected " + r);
            }
            for (int k = 0; k < r; k++) {
                theta[j * r + k] = nu.u(k);
            }
            theta[m * r + j] = nu.alpha();
        }
        return theta;
    }

    /**
     * λ_max(X̃ᵀX̃), by power iteration on the r × r Gram matrix (a curvature scale used for the default
     * step size).
     */
    public double designGramNorm() {
        double[] g = new double[r * r];
        for (int i = 0; i < n; i++) {
            int xo = i * r;
            for (int a = 0; a < r; a++) {
                double xa = x[xo + a];
                if (xa == 0) {
                    continue;
                }
                for (int b = 0; b < r; b++) {
                    g[a * r + b] += xa * x[xo + b];
                }
            }
        }
        return PowerIteration.largestEigenvalue(g, r);
    }
}

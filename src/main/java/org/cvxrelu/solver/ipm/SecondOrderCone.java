package org.cvxrelu.solver.ipm;

/**
 * The second-order cone Q = {(u_0, u_1) ∈ R × R^{d−1} : u_0 ≥ ‖u_1‖}.
 *
 * <p>Jordan algebra: u ∘ v = (uᵀv, u_0 v_1 + v_0 u_1), e = (1, 0), eigenvalues u_0 ± ‖u_1‖, and with
 * J = diag(1, −I), λ ⋄ v = x where x_0 = (λ_0 v_0 − λ_1ᵀv_1)/(λᵀJλ), x_1 = (v_1 − x_0 λ_1)/λ_0.
 *
 * <p>Nesterov–Todd scaling (Vandenberghe, "The CVXOPT linear and quadratic cone program solvers"): with
 * s̄ = s/√(sᵀJs), z̄ = z/√(zᵀJz), γ = √((1 + z̄ᵀs̄)/2), w̄ = (s̄ + J z̄)/(2γ) and η = (sᵀJs / zᵀJz)^{1/4},
 * <pre>
 *   W  = η [ w̄_0  w̄_1ᵀ ; w̄_1  I + w̄_1 w̄_1ᵀ/(1 + w̄_0) ],
 *   W⁻¹ = (1/η) [ w̄_0  −w̄_1ᵀ ; −w̄_1  I + w̄_1 w̄_1ᵀ/(1 + w̄_0) ],
 * </pre>
 * so that W z = W⁻¹ s = λ.
 */
final class SecondOrderCone implements Cone {
    private final int dim;
    private final double[] wbar;
    private double eta;
    private final double[] lambda;

    SecondOrderCone(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("second-order cone needs dimension ≥ 1");
        }
        this.dim = dim;
        this.wbar = new double[dim];
        this.lambda = new double[dim];
        identityScaling();
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int degree() {
        return 1;
    }

    @Override
    public double minEigenvalue(double[] v, int off) {
        return v[off] - tailNorm(v, off);
    }

    @Override
    public void addIdentity(double[] v, int off, double a) {
        v[off] += a;
    }

    /**
     * Largest α with v + α dv ∈ Q: the first root of f(α) = (v_0 + α dv_0)² − ‖v_1 + α dv_1‖²
     * = c + 2bα + aα², written c / (−b + √(b² − ac)) to avoid cancellation. c = vᵀJv is formed as
     * (v_0 − ‖v_1‖)(v_0 + ‖v_1‖) ({@link #jnorm2}), so that a point {@link #minEigenvalue} calls interior has c &gt; 0:
     * summed term by term, v_0² − Σ v_i² cancels to zero or below for points a few units in the last place inside,
     * and the step was then zero. An active group's (t, w) sits that close to the boundary near an optimum; steps
     * of zero there stalled the interior-point method at relative gaps of 1e-5 (BENCHMARKS §53).
     */
    @Override
    public double maxStep(double[] v, double[] dv, int off) {
        double a = dv[off] * dv[off];
        double b = v[off] * dv[off];
        for (int i = 1; i < dim; i++) {
            a -= dv[off + i] * dv[off + i];
            b -= v[off + i] * dv[off + i];
        }
        double c = jnorm2(v, off);
        if (c <= 0) {
            return 0;
        }
        double disc = b * b - a * c;
        double alpha = Double.POSITIVE_INFINITY;
        if (a < 0 || (b < 0 && disc >= 0)) {
            alpha = c / (-b + Math.sqrt(Math.max(disc, 0)));
        }
        if (dv[off] < 0) {
            alpha = Math.min(alpha, -v[off] / dv[off]);
        }
        return alpha;
    }

    @Override
    public void updateScaling(double[] s, double[] z, int off) {
        double sn = Math.sqrt(jnorm2(s, off));
        double zn = Math.sqrt(jnorm2(z, off));
        double dot = 0;
        for (int i = 0; i < dim; i++) {
            dot += s[off + i] * z[off + i];
        }
        double gamma = Math.sqrt((1 + dot / (sn * zn)) / 2);
        wbar[0] = (s[off] / sn + z[off] / zn) / (2 * gamma);
        for (int i = 1; i < dim; i++) {
            wbar[i] = (s[off + i] / sn - z[off + i] / zn) / (2 * gamma);
        }
        eta = Math.sqrt(sn / zn);
        double[] tmp = new double[dim];
        applyW(z, off, tmp, false);
        System.arraycopy(tmp, 0, lambda, 0, dim);
    }

    @Override
    public void identityScaling() {
        java.util.Arrays.fill(wbar, 0);
        wbar[0] = 1;
        eta = 1;
        java.util.Arrays.fill(lambda, 0);
        lambda[0] = 1;
    }

    @Override
    public void lambda(double[] out, int off) {
        System.arraycopy(lambda, 0, out, off, dim);
    }

    @Override
    public void scale(double[] v, double[] out, int off, boolean inverse) {
        double[] tmp = new double[dim];
        applyW(v, off, tmp, inverse);
        System.arraycopy(tmp, 0, out, off, dim);
    }

    /** tmp ← W v (or W⁻¹ v) on the slice at off. */
    private void applyW(double[] v, int off, double[] tmp, boolean inverse) {
        double sgn = inverse ? -1 : 1;
        double w1v1 = 0;
        for (int i = 1; i < dim; i++) {
            w1v1 += wbar[i] * v[off + i];
        }
        double v0 = v[off];
        double f = (sgn * v0 + w1v1 / (1 + wbar[0]));
        tmp[0] = wbar[0] * v0 + sgn * w1v1;
        for (int i = 1; i < dim; i++) {
            tmp[i] = v[off + i] + f * wbar[i];
        }
        double k = inverse ? 1 / eta : eta;
        for (int i = 0; i < dim; i++) {
            tmp[i] *= k;
        }
    }

    @Override
    public void product(double[] u, double[] v, double[] out, int off) {
        double u0 = u[off];
        double v0 = v[off];
        double dot = 0;
        for (int i = 0; i < dim; i++) {
            dot += u[off + i] * v[off + i];
        }
        for (int i = 1; i < dim; i++) {
            out[off + i] = u0 * v[off + i] + v0 * u[off + i];
        }
        out[off] = dot;
    }

    @Override
    public void divideByLambda(double[] v, double[] out, int off) {
        double l0 = lambda[0];
        double det = l0 * l0;
        double l1v1 = 0;
        for (int i = 1; i < dim; i++) {
            det -= lambda[i] * lambda[i];
            l1v1 += lambda[i] * v[off + i];
        }
        double x0 = (l0 * v[off] - l1v1) / det;
        for (int i = 1; i < dim; i++) {
            out[off + i] = (v[off + i] - x0 * lambda[i]) / l0;
        }
        out[off] = x0;
    }

    /** W⁻² as a dense dim × dim matrix: (W⁻¹)², with W⁻¹ as in the class comment. */
    double[][] inverseScalingSquared() {
        double[][] winv = new double[dim][dim];
        double c = 1 / (1 + wbar[0]);
        winv[0][0] = wbar[0];
        for (int i = 1; i < dim; i++) {
            winv[0][i] = -wbar[i];
            winv[i][0] = -wbar[i];
            for (int j = 1; j < dim; j++) {
                winv[i][j] = (i == j ? 1 : 0) + c * wbar[i] * wbar[j];
            }
        }
        double k = 1 / (eta * eta);
        double[][] out = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int l = 0; l < dim; l++) {
                    s += winv[i][l] * winv[l][j];
                }
                out[i][j] = k * s;
                out[j][i] = k * s;
            }
        }
        return out;
    }

    private double tailNorm(double[] v, int off) {
        double s = 0;
        for (int i = 1; i < dim; i++) {
            s += v[off + i] * v[off + i];
        }
        return Math.sqrt(s);
    }

    /** vᵀJv = v_0² − ‖v_1‖², computed as (v_0 − ‖v_1‖)(v_0 + ‖v_1‖) to limit cancellation. */
    private double jnorm2(double[] v, int off) {
        double t = tailNorm(v, off);
        return (v[off] - t) * (v[off] + t);
    }
}

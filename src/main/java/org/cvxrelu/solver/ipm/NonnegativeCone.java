package org.cvxrelu.solver.ipm;

/**
 * The non-negative orthant R^d_+. Jordan product: componentwise; e = 1. NT scaling W = diag(√(s/z)),
 * λ = √(s∘z), and W⁻² = diag(z/s) (what the reduced Newton system needs).
 */
final class NonnegativeCone implements Cone {
    private final int dim;
    private final double[] w;      // diagonal of W
    private final double[] lambda; // λ

    NonnegativeCone(int dim) {
        this.dim = dim;
        this.w = new double[dim];
        this.lambda = new double[dim];
        identityScaling();
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int degree() {
        return dim;
    }

    @Override
    public double minEigenvalue(double[] v, int off) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < dim; i++) {
            m = Math.min(m, v[off + i]);
        }
        return m;
    }

    @Override
    public void addIdentity(double[] v, int off, double a) {
        for (int i = 0; i < dim; i++) {
            v[off + i] += a;
        }
    }

    @Override
    public double maxStep(double[] v, double[] dv, int off) {
        double alpha = Double.POSITIVE_INFINITY;
        for (int i = 0; i < dim; i++) {
            double d = dv[off + i];
            if (d < 0) {
                alpha = Math.min(alpha, -v[off + i] / d);
            }
        }
        return alpha;
    }

    @Override
    public void updateScaling(double[] s, double[] z, int off) {
        for (int i = 0; i < dim; i++) {
            double si = s[off + i];
            double zi = z[off + i];
            w[i] = Math.sqrt(si / zi);
            lambda[i] = Math.sqrt(si * zi);
        }
    }

    @Override
    public void identityScaling() {
        java.util.Arrays.fill(w, 1.0);
        java.util.Arrays.fill(lambda, 1.0);
    }

    @Override
    public void lambda(double[] out, int off) {
        System.arraycopy(lambda, 0, out, off, dim);
    }

    @Override
    public void scale(double[] v, double[] out, int off, boolean inverse) {
        for (int i = 0; i < dim; i++) {
            out[off + i] = inverse ? v[off + i] / w[i] : v[off + i] * w[i];
        }
    }

    @Override
    public void product(double[] u, double[] v, double[] out, int off) {
        for (int i = 0; i < dim; i++) {
            out[off + i] = u[off + i] * v[off + i];
        }
    }

    @Override
    public void divideByLambda(double[] v, double[] out, int off) {
        for (int i = 0; i < dim; i++) {
            out[off + i] = v[off + i] / lambda[i];
        }
    }

    /** The diagonal of W⁻² = diag(z/s), entry i. */
    double inverseScalingSquared(int i) {
        return 1.0 / (w[i] * w[i]);
    }
}

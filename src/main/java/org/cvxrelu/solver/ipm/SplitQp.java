package org.cvxrelu.solver.ipm;

import java.util.List;

/**
 * The norm-minimal cone split of one gated block as a conic program ({@link MinimalNormSplit}): over
 * x = (w, s₁, s₂) ∈ R^{r+2},
 * <pre>
 *   minimise s₁ + s₂   subject to   a_kᵀw ≥ b_k (k = 1 … n),   ‖u + w‖ ≤ s₁,   ‖w‖ ≤ s₂,
 * </pre>
 * written as Gx + s = h with s in the orthant of the n rows and two second-order cones:
 * <pre>
 *   orthant:  s_k = a_kᵀw − b_k       (G row −a_kᵀ on w,  h_k = −b_k)
 *   cone 1:   (s₁, u + w)               (G = −I on (s₁, w), h = (0, u))
 *   cone 2:   (s₂, w)                   (G = −I on (s₂, w), h = 0)
 * </pre>
 * P = 0, q = (0, 1, 1). The reduced Newton matrix H = GᵀW⁻²G = Σ_k d_k a_k a_kᵀ (on w) plus each cone's
 * (r+1) × (r+1) block W⁻² on (s_c, w) is (r+2) × (r+2) and is factored directly; its solve does no refinement of
 * its own (the method's conjugate-gradient steps on the reduced system refine the directions).
 */
final class SplitQp implements ConicQp {
    private final double[][] a;
    private final double[] b;
    private final double[] u;
    private final int n;
    private final int r;
    private final NonnegativeCone orthant;
    private final SecondOrderCone first;
    private final SecondOrderCone second;
    private final ConeProduct cones;
    private final double[] q;
    private final double[] h;

    SplitQp(double[][] a, double[] b, double[] u) {
        this.a = a;
        this.b = b;
        this.u = u;
        this.n = a.length;
        this.r = u.length;
        orthant = new NonnegativeCone(n);
        first = new SecondOrderCone(r + 1);
        second = new SecondOrderCone(r + 1);
        cones = new ConeProduct(List.of(orthant, first, second));
        q = new double[r + 2];
        q[r] = 1;
        q[r + 1] = 1;
        h = new double[n + 2 * (r + 1)];
        for (int k = 0; k < n; k++) {
            h[k] = -b[k];
        }
        System.arraycopy(u, 0, h, n + 1, r);
    }

    @Override
    public int variables() {
        return r + 2;
    }

    @Override
    public ConeProduct cones() {
        return cones;
    }

    @Override
    public double[] q() {
        return q;
    }

    @Override
    public double[] h() {
        return h;
    }

    @Override
    public double constant() {
        return 0;
    }

    @Override
    public double[] applyP(double[] x) {
        return new double[r + 2];
    }

    @Override
    public double[] applyG(double[] x) {
        double[] out = new double[h.length];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int j = 0; j < r; j++) {
                s += a[k][j] * x[j];
            }
            out[k] = -s;
        }
        out[n] = -x[r];
        out[n + r + 1] = -x[r + 1];
        for (int j = 0; j < r; j++) {
            out[n + 1 + j] = -x[j];
            out[n + r + 2 + j] = -x[j];
        }
        return out;
    }

    @Override
    public double[] applyGt(double[] z) {
        double[] out = new double[r + 2];
        for (int k = 0; k < n; k++) {
            double zk = z[k];
            for (int j = 0; j < r; j++) {
                out[j] -= zk * a[k][j];
            }
        }
        out[r] = -z[n];
        out[r + 1] = -z[n + r + 1];
        for (int j = 0; j < r; j++) {
            out[j] -= z[n + 1 + j] + z[n + r + 2 + j];
        }
        return out;
    }

    @Override
    public KktSolver kktSolver() {
        return new KktSolver() {
            private SmallCholesky chol;

            @Override
            public void factor() {
                double[][] hm = new double[r + 2][r + 2];
                for (int k = 0; k < n; k++) {
                    double d = orthant.inverseScalingSquared(k);
                    double[] ak = a[k];
                    for (int i = 0; i < r; i++) {
                        double c = d * ak[i];
                        for (int j = 0; j <= i; j++) {
                            hm[i][j] += c * ak[j];
                        }
                    }
                }
                addCone(hm, first.inverseScalingSquared(), r);
                addCone(hm, second.inverseScalingSquared(), r + 1);
                for (int i = 0; i < r + 2; i++) {
                    for (int j = 0; j < i; j++) {
                        hm[j][i] = hm[i][j];
                    }
                }
                chol = new SmallCholesky(hm);
            }

            @Override
            public double[] solve(double[] rhs) {
                double[] x = rhs.clone();
                chol.solveInPlace(x, 0);
                return x;
            }
        };
    }

    /** Adds a cone's block W⁻² (index 0 the bound s_c at variable {@code bound}, 1 … r the w entries). */
    private void addCone(double[][] hm, double[][] block, int bound) {
        for (int i = 0; i <= r; i++) {
            int xi = i == 0 ? bound : i - 1;
            for (int j = 0; j <= r; j++) {
                int xj = j == 0 ? bound : j - 1;
                if (xj <= xi) {
                    hm[xi][xj] += block[i][j];
                }
            }
        }
    }
}

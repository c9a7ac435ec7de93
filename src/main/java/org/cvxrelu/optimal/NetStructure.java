package org.cvxrelu.optimal;

import java.util.List;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;

/**
 * Structural checks on any net θ (Mishkin &amp; Pilanci): is it scaled, minimal, nearly minimal, and how far
 * from stationary.
 *
 * <ul>
 * <li>{@code scaled}: ‖u_j‖ = |α_j| for every neuron (1e-9 relative).</li>
 * <li>{@code minimal}: scaled, and no two neurons of the same output sign lie in one closed cone K_i. A neuron
 * on a cell boundary lies in several closed cones; u and u' share one iff no sample has x̃ᵀu &gt; 0 &gt; x̃ᵀu'
 * or the reverse (signs within {@link #BOUNDARY} relative of zero count as zero): then the point u + u'
 * lies in the closure of a cell whose closed cone holds both.</li>
 * <li>{@code nearlyMinimal}: scaled, and same-sign neurons sharing a closed cone are positively colinear.</li>
 * <li>{@code stationarity}: the norm of the smallest element of the chain-rule subdifferential of L_β at θ
 * (the gradient, with ReLU'(0) for samples on a neuron's hyperplane (within {@link #KINK_TOL} relative) chosen in [0, 1] per sample to
 * minimise the norm: a box-constrained least-squares). It is 0 at every Clarke stationary point (the
 * chain-rule set contains the Clarke subdifferential) and equals the gradient norm where L_β is
 * differentiable, so a value far from 0 means θ is still moving under (sub)gradient descent.</li>
 * </ul>
 * Neurons with u = 0 or α = 0 compute nothing: they are ignored by the cone tests (but count in
 * {@code width}).
 */
public record NetStructure(int width, int activeNeurons, boolean scaled, boolean minimal, boolean nearlyMinimal,
        double stationarity, double objective, int sharingPairs, int nonColinearPairs) {

    /** Relative tolerance for "on a hyperplane" in the cone tests. */
    public static final double BOUNDARY = 1e-9;
    /** Samples with |x̃ᵀu| ≤ this · ‖x̃‖‖u‖ count as on the neuron's kink in {@code stationarity}. */
    public static final double KINK_TOL = 1e-7;
    /** Relative tolerance for ‖u‖ = |α|. */
    public static final double SCALE_TOL = 1e-9;
    /** Two unit directions closer than this are positively colinear. */
    public static final double COLINEAR_TOL = 1e-7;

    public static NetStructure of(Dataset data, double beta, ReluNet net) {
        double[][] x = data.design(net.bias());
        List<Neuron> ns = net.neurons();
        boolean scaled = true;
        int active = 0;
        for (Neuron nu : ns) {
            double un = nu.inputNorm();
            double a = Math.abs(nu.alpha());
            if (Math.abs(un - a) > SCALE_TOL * Math.max(un, a)) {
                scaled = false;
            }
            if (un > 0 && a > 0) {
                active++;
            }
        }
        int sharing = 0;
        int nonColinear = 0;
        for (int i = 0; i < ns.size(); i++) {
            Neuron a = ns.get(i);
            if (a.inputNorm() == 0 || a.alpha() == 0) {
                continue;
            }
            for (int j = i + 1; j < ns.size(); j++) {
                Neuron b = ns.get(j);
                if (b.inputNorm() == 0 || b.alpha() == 0 || Math.signum(a.alpha()) != Math.signum(b.alpha())) {
                    continue;
                }
                if (shareClosedCone(x, a.u(), b.u())) {
                    sharing++;
                    if (!colinear(a.u(), b.u())) {
                        nonColinear++;
                    }
                }
            }
        }
        double stat = stationarity(x, data.targets(), beta, net);
        return new NetStructure(ns.size(), active, scaled, scaled && sharing == 0, scaled && nonColinear == 0, stat,
                net.objective(data, beta), sharing, nonColinear);
    }

    /** Whether some closed cone K_i of the arrangement holds both u and v. */
    public static boolean shareClosedCone(double[][] design, double[] u, double[] v) {
        double nu = Linear.norm(u);
        double nv = Linear.norm(v);
        for (double[] row : design) {
            double nr = Linear.norm(row);
            if (side(Linear.dot(row, u), nu, nr) * side(Linear.dot(row, v), nv, nr) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The side of every row k of x̃ᵀu ({@link #side}), given ‖x̃_k‖: for checking one block against many with
     * {@link #shareClosedCone(byte[], byte[])}, each block's sides computed once.
     */
    static byte[] sides(double[][] design, double[] rowNorms, double[] u) {
        double nu = Linear.norm(u);
        byte[] out = new byte[design.length];
        for (int k = 0; k < design.length; k++) {
            out[k] = (byte) side(Linear.dot(design[k], u), nu, rowNorms[k]);
        }
        return out;
    }

    /** No row on strictly opposite sides: {@link #shareClosedCone(double[][], double[], double[])} on sides. */
    static boolean shareClosedCone(byte[] a, byte[] b) {
        for (int k = 0; k < a.length; k++) {
            if (a[k] * b[k] < 0) {
                return false;
            }
        }
        return true;
    }

    /** u and v point the same way (unit vectors within {@link #COLINEAR_TOL}). */
    public static boolean colinear(double[] u, double[] v) {
        double nu = Linear.norm(u);
        double nv = Linear.norm(v);
        if (nu == 0 || nv == 0) {
            return false;
        }
        double s = 0;
        for (int k = 0; k < u.length; k++) {
            double d = u[k] / nu - v[k] / nv;
            s += d * d;
        }
        return Math.sqrt(s) <= COLINEAR_TOL;
    }

    /** The side of x̃ᵀu = {@code dot}: +1, −1, or 0 within {@link #BOUNDARY}·‖u‖·‖x̃‖ of zero. */
    private static int side(double dot, double uNorm, double rowNorm) {
        double tol = BOUNDARY * uNorm * rowNorm;
        return dot > tol ? 1 : dot < -tol ? -1 : 0;
    }

    /** See the class comment: the smallest chain-rule subgradient norm of L_β at θ. */
    public static double stationarity(double[][] x, double[] y, double beta, ReluNet net) {
        int n = x.length;
        double[] e = net.outputs(x);
        for (int k = 0; k < n; k++) {
            e[k] -= y[k];
        }
        double total = 0;
        for (Neuron nu : net.neurons()) {
            double[] u = nu.u();
            double alpha = nu.alpha();
            double un = nu.inputNorm();
            int r = u.length;
            double ga = beta * alpha;
            double[] gu = new double[r];
            for (int j = 0; j < r; j++) {
                gu[j] = beta * u[j];
            }
            int[] zero = new int[n];
            int nz = 0;
            for (int k = 0; k < n; k++) {
                double s = Linear.dot(x[k], u);
                if (Math.abs(s) <= KINK_TOL * un * Linear.norm(x[k])) {
                    zero[nz++] = k;
                } else if (s > 0) {
                    ga += e[k] * s;
                    for (int j = 0; j < r; j++) {
                        gu[j] += alpha * e[k] * x[k][j];
                    }
                }
            }
            if (nz > 0 && alpha != 0) {
                gu = minNormBox(gu, x, e, alpha, zero, nz);
            }
            total += ga * ga + Linear.dot(gu, gu);
        }
        return Math.sqrt(total);
    }

    /** min over s ∈ [0,1]^Z of ‖b + Σ_k s_k α e_k x̃_k‖ by projected gradient (a small convex QP). */
    private static double[] minNormBox(double[] b, double[][] x, double[] e, double alpha, int[] zero, int nz) {
        int r = b.length;
        double[][] c = new double[nz][r];
        double lip = 0;
        for (int t = 0; t < nz; t++) {
            for (int j = 0; j < r; j++) {
                c[t][j] = alpha * e[zero[t]] * x[zero[t]][j];
            }
            lip += Linear.dot(c[t], c[t]);
        }
        if (lip == 0) {
            return b;
        }
        double[] s = new double[nz];
        double[] g = b.clone();
        for (int it = 0; it < 500; it++) {
            for (int t = 0; t < nz; t++) {
                s[t] = Math.min(1, Math.max(0, s[t] - Linear.dot(c[t], g) / lip));
            }
            g = b.clone();
            for (int t = 0; t < nz; t++) {
                for (int j = 0; j < r; j++) {
                    g[j] += s[t] * c[t][j];
                }
            }
        }
        return Linear.norm(g) < Linear.norm(b) ? g : b;
    }
}

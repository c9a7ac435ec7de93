package org.cvxrelu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Paper 001 (homework 1.1): gradient flow on least squares started at zero converges to the minimum-norm
 * interpolant. The paper stores samples as columns (X is d × n, w* = X(XᵀX)⁻¹y); here X has one row per
 * sample (n × d, d &gt; n, full row rank), so the interpolant is
 * <pre>
 *   w* = Xᵀ(XXᵀ)⁻¹ y,
 * </pre>
 * and GD with a small step η on L(w) = ½‖Xw − y‖² approximates the flow. From w₀ = 0 the iterates stay in the
 * row space of X, hence converge to w*; from w₀ ≠ 0 they converge to w* + (I − Xᵀ(XXᵀ)⁻¹X)w₀ (also shown).
 */
public final class LinearExperiment implements Experiment {
    @Override
    public String name() {
        return "linear";
    }

    /** ‖w_t − w*‖ / ‖w*‖ and ½‖Xw_t − y‖² at t = 0 … T of GD from w₀, and the final w_T. */
    public record Run(double[] distance, double[] trainingError, double[] w) {
    }

    /** Gaussian X (n × d) and y from {@code seed}. */
    public static double[][] gaussian(int n, int d, SplittableRandom rng) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int c = 0; c < d; c++) {
                row[c] = rng.nextGaussian();
            }
        }
        return x;
    }

    /** w* = Xᵀ(XXᵀ)⁻¹y for X with n rows (n ≤ d, full row rank); the n × n system is solved by Cholesky. */
    public static double[] minimumNormInterpolant(double[][] x, double[] y) {
        int n = x.length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = dot(x[i], x[j]);
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        double[] c = choleskySolve(g, y);
        int d = x[0].length;
        double[] w = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                w[k] += c[i] * x[i][k];
            }
        }
        return w;
    }

    /** T steps of w ← w − η Xᵀ(Xw − y) from w₀, tracked against {@code target}. */
    public static Run gradientDescent(double[][] x, double[] y, double[] w0, double eta, int steps, double[] target) {
        int n = x.length;
        int d = w0.length;
        double[] w = w0.clone();
        double[] dist = new double[steps + 1];
        double[] err = new double[steps + 1];
        double tn = Math.sqrt(dot(target, target));
        double[] r = new double[n];
        for (int t = 0; ; t++) {
            double e = 0;
            for (int i = 0; i < n; i++) {
                r[i] = dot(x[i], w) - y[i];
                e += r[i] * r[i];
            }
            err[t] = 0.5 * e;
            double dd = 0;
            for (int k = 0; k < d; k++) {
                double q = w[k] - target[k];
                dd += q * q;
            }
            dist[t] = Math.sqrt(dd) / tn;
            if (t == steps) {
                break;
            }
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    w[k] -= eta * r[i] * x[i][k];
                }
            }
        }
        return new Run(dist, err, w);
    }

    /** λ_max(XᵀX) by power iteration on XXᵀ (n × n). */
    public static double lambdaMax(double[][] x) {
        return 1.0 / org.cvxrelu.train.ErgenPilanci.stepBound(x);
    }

    @Override
    public Map<String, Object> run(Path out, long seed, boolean quick) {
        Reproduce.mkdirs(out);
        int n = 20;
        int d = quick ? 60 : 100;
        int steps = quick ? 1500 : 4000;
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = gaussian(n, d, rng);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextGaussian();
        }
        double[] wStar = minimumNormInterpolant(x, y);
        double eta = 0.5 / lambdaMax(x);
        Run zero = gradientDescent(x, y, new double[d], eta, steps, wStar);
        double[] w0 = new double[d];
        for (int k = 0; k < d; k++) {
            w0[k] = rng.nextGaussian() / Math.sqrt(d);
        }
        Run other = gradientDescent(x, y, w0, eta, steps, wStar);
        // Where GD from w₀ goes: w* + (I − P)w₀, P the projection on the row space of X.
        double[] pw0 = minimumNormInterpolant(x, matVec(x, w0));
        double[] limit = new double[d];
        for (int k = 0; k < d; k++) {
            limit[k] = wStar[k] + w0[k] - pw0[k];
        }
        double limitGap = Math.sqrt(dist2(other.w(), limit)) / Math.sqrt(dot(limit, limit));

        Table tab = new Table("iteration", "relDistanceFromZeroStart", "trainingErrorFromZeroStart",
                "relDistanceFromRandomStart", "trainingErrorFromRandomStart");
        int stride = Math.max(1, steps / 800);
        for (int t = 0; t <= steps; t++) {
            if (t % stride != 0 && t != steps) {
                continue;
            }
            tab.add(t, zero.distance()[t], zero.trainingError()[t], other.distance()[t], other.trainingError()[t]);
        }
        tab.write(out.resolve("linear_gd.csv"));
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("‖w_t − w*‖/‖w*‖, w₀ = 0", zero.distance());
        s.put("½‖Xw_t − y‖², w₀ = 0", zero.trainingError());
        s.put("‖w_t − w*‖/‖w*‖, w₀ random", other.distance());
        s.put("½‖Xw_t − y‖², w₀ random", other.trainingError());
        Charts.lines(out.resolve("linear_gd.png"),
                "Least squares, n=" + n + ", d=" + d + ": GD from 0 → minimum-norm interpolant Xᵀ(XXᵀ)⁻¹y",
                "iteration", "error", true, null, s);
        List<String> files = new ArrayList<>(List.of("linear_gd.csv", "linear_gd.png"));

        Map<String, Object> res = new LinkedHashMap<>();
        res.put("experiment", name());
        res.put("seed", seed);
        res.put("n", n);
        res.put("d", d);
        res.put("eta", eta);
        res.put("steps", steps);
        res.put("normMinNorm", Math.sqrt(dot(wStar, wStar)));
        res.put("relDistanceFinalZeroStart", zero.distance()[steps]);
        res.put("trainingErrorFinalZeroStart", zero.trainingError()[steps]);
        res.put("relDistanceFinalRandomStart", other.distance()[steps]);
        res.put("trainingErrorFinalRandomStart", other.trainingError()[steps]);
        res.put("randomStartRelDistanceToPredictedLimit", limitGap);
        res.put("files", files);
        return res;
    }

    static double[] matVec(double[][] x, double[] w) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = dot(x[i], w);
        }
        return r;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double q = a[i] - b[i];
            s += q * q;
        }
        return s;
    }

    /** Solves G c = b for symmetric positive definite G. */
    static double[] choleskySolve(double[][] g, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = g[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("XXᵀ is not positive definite (rows dependent?)");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        double[] c = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * c[k];
            }
            c[i] = s / l[i][i];
        }
        return c;
    }
}

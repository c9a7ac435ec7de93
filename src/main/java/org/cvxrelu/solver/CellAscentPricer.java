package org.cvxrelu.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.cvxrelu.cone.ConeProjection;

/**
 * Heuristic global search for the most violated activation pattern at a dual point λ (column generation's
 * pricing when the arrangement is too large to enumerate). For a sign s it maximises over the unit sphere
 * <pre>  g_s(u) = Σ_k s·λ_k (x̃_kᵀu)₊ = s·λᵀ D(u) X̃ u,   D(u) = diag(1[X̃u ≥ 0]), </pre>
 * whose maximum is the largest price max_i π_{i,s}(λ) over every cell. g_s(u) is a lower bound on the price of
 * the pattern D(u) (u lies in its cone K_{D(u)}), so any u with g_s(u) &gt; β proves that D(u) is a violator.
 *
 * <p>Cell ascent from a start u: with D = D(u) and z = s·X̃ᵀDλ, g_s(u) = zᵀu ≤ ‖Π_{K_D}(z)‖, and the next point
 * is first the cheap unconstrained maximiser z/‖z‖ (accepted when g_s rises), else the exact maximiser over
 * the cell, Π_{K_D}(z)/‖Π_{K_D}(z)‖ (computed by {@link ConeProjection}; it cannot lower g_s, since
 * g_s(Π/‖Π‖) = ‖Π‖ ≥ zᵀu). It stops when the pattern stops changing or g_s stops rising. Each start is
 * independent, so the starts run in parallel and the result does not depend on thread scheduling.
 */
public final class CellAscentPricer {
    /** Steps of one ascent at most. */
    static final int MAX_STEPS = 60;
    /** A step counts as a rise when g_s grows by more than this fraction. */
    static final double RISE = 1e-12;

    private final double[][] design;
    private final int n;
    private final int r;

    public CellAscentPricer(double[][] design) {
        this.design = design;
        this.n = design.length;
        this.r = design.length == 0 ? 0 : design[0].length;
    }

    /** The end of one ascent: the pattern D(u) of the last point, that point (a strict witness almost surely) and g_s there. */
    public record Candidate(long[] mask, double[] witness, int sign, double value) {
    }

    /** g_s(u) for a unit u, and the mask D(u). */
    double value(double[] lambda, int sign, double[] u, long[] maskOut) {
        java.util.Arrays.fill(maskOut, 0L);
        double g = 0;
        for (int k = 0; k < n; k++) {
            double[] row = design[k];
            double s = 0;
            for (int j = 0; j < r; j++) {
                s += row[j] * u[j];
            }
            if (s >= 0) {
                maskOut[k >>> 6] |= 1L << (k & 63);
                g += sign * lambda[k] * s;
            }
        }
        return g;
    }

    /** z = s·X̃ᵀDλ. */
    double[] correlation(double[] lambda, int sign, long[] mask) {
        double[] z = new double[r];
        for (int k = 0; k < n; k++) {
            if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                double l = sign * lambda[k];
                double[] row = design[k];
                for (int j = 0; j < r; j++) {
                    z[j] += l * row[j];
                }
            }
        }
        return z;
    }

    /**
     * Ascends from {@code start} (any non-zero vector) for sign {@code sign}; with {@code exactSteps} the exact
     * cell maximiser is tried when the cheap step fails to rise.
     */
    public Candidate ascend(double[] lambda, int sign, double[] start, boolean exactSteps) {
        int words = (n + 63) >>> 6;
        double[] u = unit(start);
        if (u == null) {
            return null;
        }
        long[] mask = new long[words];
        double g = value(lambda, sign, u, mask);
        long[] trial = new long[words];
        for (int step = 0; step < MAX_STEPS; step++) {
            double[] z = correlation(lambda, sign, mask);
            double[] next = unit(z);
            if (next == null) {
                break;
            }
            double gn = value(lambda, sign, next, trial);
            if (!(gn > g * (1 + RISE) + 1e-300) && exactSteps) {
                ConeProjection.Result pr = ConeProjection.project(design, mask, z);
                double[] proj = unit(pr.projection());
                if (proj != null) {
                    // the exact maximiser over the closed cell; g_s is re-evaluated at its own pattern
                    next = proj;
                    gn = value(lambda, sign, next, trial);
                }
            }
            if (!(gn > g * (1 + RISE) + 1e-300)) {
                break;
            }
            boolean same = java.util.Arrays.equals(mask, trial);
            u = next;
            g = gn;
            long[] t = mask;
            mask = trial;
            trial = t;
            if (same) {
                break;
            }
        }
        return new Candidate(mask.clone(), u, sign, g);
    }

    /** Every start ascended for every sign in {@code signs}, in start order (deterministic, run in parallel). */
    public List<Candidate> ascendAll(double[] lambda, int[] signs, List<double[]> starts, boolean exactSteps) {
        int total = starts.size() * signs.length;
        Candidate[] out = new Candidate[total];
        IntStream.range(0, total).parallel().forEach(t -> {
            out[t] = ascend(lambda, signs[t % signs.length], starts.get(t / signs.length), exactSteps);
        });
        List<Candidate> list = new ArrayList<>(total);
        for (Candidate c : out) {
            list.add(c);
        }
        return list;
    }

    static double[] unit(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        if (!(s > 0) || !Double.isFinite(s)) {
            return null;
        }
        double inv = 1 / Math.sqrt(s);
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j] * inv;
        }
        return out;
    }
}

package org.cvxrelu.optimal;

import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;

/**
 * Any net → a minimal net with the same output and no larger objective; an optimal net stays optimal
 * (Mishkin &amp; Pilanci's pruning). Needs no pattern set, so it works on data of any size:
 * <ol>
 * <li>scale every neuron (‖u‖ = |α|, penalty can only fall) and drop dead ones;</li>
 * <li>merge same-sign neurons that share a closed cone: w = |α|u summed. Inside a closed cone the fit is
 * linear, so the output is unchanged and the penalty ‖Σw‖ ≤ Σ‖w‖ (equal iff colinear, which is the case at an
 * optimum: a split neuron);</li>
 * <li>Carathéodory: with a_j = ‖w_j‖ and unit fits G_j = s_j (X̃ŵ_j)₊, while the G_j are linearly dependent
 * take c ≠ 0 with Σ c_j G_j = 0, signed so that Σ c_j ≥ 0, and set a ← a − t c with the largest t keeping
 * a ≥ 0: one neuron vanishes, the fit is unchanged, the penalty β Σ a_j falls by tβΣc_j ≥ 0 (0 at an optimum,
 * or the net was not optimal).</li>
 * </ol>
 * The result has linearly independent fits: at most rank(X̃-fits) ≤ n neurons.
 */
public final class Pruning {
    /** Relative tolerance for linear dependence of the neuron fits. */
    public static final double DEPENDENCE_TOL = 1e-10;

    private Pruning() {
    }

    /** What pruning did. */
    public record Result(ReluNet net, double objectiveBefore, double objective, int neuronsBefore,
            int neuronsAfter, int merged, int removed) {
    }

    public static Result prune(Dataset data, double beta, ReluNet net) {
        double[][] x = data.design(net.bias());
        double before = net.objective(data, beta);
        ReluNet scaled = net.scaled();
        // blocks w = |α| u with their signs
        List<double[]> w = new ArrayList<>();
        List<Integer> sign = new ArrayList<>();
        int merged = 0;
        for (Neuron nu : scaled.neurons()) {
            double a = Math.abs(nu.alpha());
            double[] v = nu.u();
            for (int j = 0; j < v.length; j++) {
                v[j] *= a;
            }
            int s = nu.alpha() > 0 ? 1 : -1;
            boolean done = false;
            for (int b = 0; b < w.size() && !done; b++) {
                if (sign.get(b) == s && NetStructure.shareClosedCone(x, w.get(b), v)) {
                    double[] t = w.get(b);
                    for (int j = 0; j < v.length; j++) {
                        t[j] += v[j];
                    }
                    merged++;
                    done = true;
                }
            }
            if (!done) {
                w.add(v);
                sign.add(s);
            }
        }
        // A sum of two blocks can share a closed cone with a block it did not share one with before: merge
        // again until no two same-sign blocks share a closed cone (each pass removes a block or stops).
        for (boolean again = true; again;) {
            again = false;
            for (int a = 0; a < w.size() && !again; a++) {
                for (int b = a + 1; b < w.size() && !again; b++) {
                    if (sign.get(a).equals(sign.get(b)) && NetStructure.shareClosedCone(x, w.get(a), w.get(b))) {
                        double[] t = w.get(a);
                        double[] v = w.get(b);
                        for (int j = 0; j < v.length; j++) {
                            t[j] += v[j];
                        }
                        w.remove(b);
                        sign.remove(b);
                        merged++;
                        again = true;
                    }
                }
            }
        }
        // Carathéodory on a_j = ‖w_j‖, unit directions d_j = w_j/‖w_j‖
        List<double[]> dir = new ArrayList<>();
        List<Double> amount = new ArrayList<>();
        List<double[]> fits = new ArrayList<>();
        List<Integer> signs = new ArrayList<>();
        for (int b = 0; b < w.size(); b++) {
            double nb = Linear.norm(w.get(b));
            if (nb == 0) {
                continue;
            }
            double[] d = w.get(b).clone();
            for (int j = 0; j < d.length; j++) {
                d[j] /= nb;
            }
            double[] f = Linear.reluFit(x, d);
            for (int k = 0; k < f.length; k++) {
                f[k] *= sign.get(b);
            }
            dir.add(d);
            amount.add(nb);
            fits.add(f);
            signs.add(sign.get(b)); // in step with dir (a NaN norm once left the two lists out of step)
        }
        int removed = 0;
        while (true) {
            double[] c = Linear.nullVector(fits.toArray(new double[0][]), DEPENDENCE_TOL);
            if (c == null) {
                break;
            }
            double sum = 0;
            for (double v : c) {
                sum += v;
            }
            if (sum < 0) {
                for (int j = 0; j < c.length; j++) {
                    c[j] = -c[j];
                }
            }
            double t = Double.POSITIVE_INFINITY;
            int hit = -1;
            for (int j = 0; j < c.length; j++) {
                if (c[j] > 0 && amount.get(j) / c[j] < t) {
                    t = amount.get(j) / c[j];
                    hit = j;
                }
            }
            if (hit < 0) {
                break; // cannot happen: Σc ≥ 0 and c ≠ 0
            }
            for (int j = 0; j < c.length; j++) {
                amount.set(j, Math.max(0, amount.get(j) - t * c[j]));
            }
            amount.set(hit, 0.0);
            for (int j = c.length - 1; j >= 0; j--) {
                if (amount.get(j) <= 0) {
                    amount.remove(j);
                    dir.remove(j);
                    fits.remove(j);
                    signs.remove(j);
                    removed++;
                }
            }
        }
        List<Neuron> out = new ArrayList<>();
        for (int b = 0; b < dir.size(); b++) {
            double s = Math.sqrt(amount.get(b));
            double[] u = dir.get(b).clone();
            for (int j = 0; j < u.length; j++) {
                u[j] *= s;
            }
            out.add(new Neuron(u, signs.get(b) * s));
        }
        ReluNet pruned = net.withNeurons(out);
        return new Result(pruned, before, pruned.objective(data, beta), net.width(), out.size(), merged, removed);
    }
}

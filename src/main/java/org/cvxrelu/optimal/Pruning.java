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
 * <li>Fits dependent to rounding: while a column G_j lies within {@link #NEARLY_DEPENDENT}·max‖G‖ of the span of
 * others, the same step along a near-null vector c ({@link NearlyDependentFits}: ‖Σ c_j G_j‖ small, not 0), in
 * whichever direction gives the lower L_β, kept only while L_β stays within {@link #OBJECTIVE_SLACK} of the
 * objective it started with (judged from the fits, F = Σ a_j G_j, then checked on the net's own L_β at the end: the
 * net after step 3 when that check fails). On a non-optimal net a step may lower L_β a lot: the gated model's
 * cone-decomposed nets, whose pairs v_i, w_i cancel on the fit (yacht, 1,000 gates: 91.7 → 7.3). An
 * interior-point answer puts an optimal neuron on a cell boundary as two neurons whose directions agree to 1e-13
 * but whose patterns differ in a row where x̃ᵀu ≈ 1e-10: exactly independent fits, numerically one neuron. (It
 * also leaves small neurons in directions no optimum uses; step 4 removes those whose fits are nearly in the span of
 * the others, as on teacher_n12_d2, where one of norm 1e-3 goes.)</li>
 * </ol>
 * The result has linearly independent fits: at most rank(X̃-fits) ≤ n neurons. Its objective is at most the
 * given net's L_β times 1 + {@link #OBJECTIVE_SLACK} (steps 1 and 3 cannot raise it; step 2 only through neurons
 * that meet within {@link NetStructure#BOUNDARY} of a row's hyperplane; step 4 is checked).
 */
public final class Pruning {
    /** Relative tolerance for linear dependence of the neuron fits. */
    public static final double DEPENDENCE_TOL = 1e-10;
    /** Relative distance of a unit fit from the span of the others below which step 4 tries to remove a neuron. */
    public static final double NEARLY_DEPENDENT = 1e-2;
    /** How far step 4 may raise L_β in all, relative to the given net's: far below SPEC's 1e-9 for P_c. */
    public static final double OBJECTIVE_SLACK = 1e-12;

    private Pruning() {
    }

    /** What pruning did. */
    public record Result(ReluNet net, double objectiveBefore, double objective, int neuronsBefore,
            int neuronsAfter, int merged, int removed, int removedNearlyDependent) {
    }

    /** Steps 1–4. */
    public static Result prune(Dataset data, double beta, ReluNet net) {
        return prune(data, beta, net, true);
    }

    /** Steps 1–3, and step 4 when {@code nearlyDependent}. */
    public static Result prune(Dataset data, double beta, ReluNet net, boolean nearlyDependent) {
        return prune(data, beta, net, true, nearlyDependent);
    }

    /**
     * Step 4 alone (after scaling): for a net far from optimal (the gated model's cone-decomposed net), whose exact
     * dependences step 4 also finds and judges on L_β. Every neuron keeps its direction, so its activation pattern:
     * a net whose neurons lie in the cones of given patterns stays a point of the convex program over them. (Steps
     * 2–3 are left out: step 2 merges neurons of different patterns that meet on a boundary; step 3 recomputed an
     * elimination of the n × m fits per neuron it removed when this was written, and haberman's 430 decomposed
     * neurons, 139 of them removed so, took 2.3 s.)
     */
    public static Result pruneByObjective(Dataset data, double beta, ReluNet net,
            java.util.function.BooleanSupplier expired) {
        return prune(data, beta, net, false, false, true, expired);
    }

    private static Result prune(Dataset data, double beta, ReluNet net, boolean exactDependence,
            boolean nearlyDependent) {
        return prune(data, beta, net, true, exactDependence, nearlyDependent, () -> false);
    }

    /** {@code expired} ends step 4 early: every step it kept was judged on L_β, so the net reached stands. */
    private static Result prune(Dataset data, double beta, ReluNet net, boolean merge, boolean exactDependence,
            boolean nearlyDependent, java.util.function.BooleanSupplier expired) {
        double[][] x = data.design(net.bias());
        double before = net.objective(data, beta);
        ReluNet scaled = net.scaled();
        // blocks w = |α| u with their signs
        List<double[]> w = new ArrayList<>();
        List<Integer> sign = new ArrayList<>();
        // each block's side of every row, as NetStructure.shareClosedCone decides it (computed once per block)
        double[] rowNorms = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            rowNorms[k] = Linear.norm(x[k]);
        }
        List<byte[]> sides = new ArrayList<>();
        int merged = 0;
        for (Neuron nu : scaled.neurons()) {
            double a = Math.abs(nu.alpha());
            double[] v = nu.u();
            for (int j = 0; j < v.length; j++) {
                v[j] *= a;
            }
            int s = nu.alpha() > 0 ? 1 : -1;
            byte[] sv = merge ? NetStructure.sides(x, rowNorms, v) : null;
            boolean done = false;
            for (int b = 0; merge && b < w.size() && !done; b++) {
                if (sign.get(b) == s && NetStructure.shareClosedCone(sides.get(b), sv)) {
                    double[] t = w.get(b);
                    for (int j = 0; j < v.length; j++) {
                        t[j] += v[j];
                    }
                    sides.set(b, NetStructure.sides(x, rowNorms, t));
                    merged++;
                    done = true;
                }
            }
            if (!done) {
                w.add(v);
                sign.add(s);
                sides.add(sv);
            }
        }
        // A sum of two blocks can share a closed cone with a block it did not share one with before: merge
        // again until no two same-sign blocks share a closed cone (each pass removes a block or stops).
        for (boolean again = merge; again;) {
            again = false;
            for (int a = 0; a < w.size() && !again; a++) {
                for (int b = a + 1; b < w.size() && !again; b++) {
                    if (sign.get(a).equals(sign.get(b)) && NetStructure.shareClosedCone(sides.get(a), sides.get(b))) {
                        double[] t = w.get(a);
                        double[] v = w.get(b);
                        for (int j = 0; j < v.length; j++) {
                            t[j] += v[j];
                        }
                        sides.set(a, NetStructure.sides(x, rowNorms, t));
                        w.remove(b);
                        sign.remove(b);
                        sides.remove(b);
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
        // One elimination gives a basis of the fits' null space; a step that removes neuron j leaves the null space
        // of the rest, {c in the span : c_j = 0} without coordinate j (nullSpaceWithout), so each step costs O(n·m)
        // (the check below) instead of a new elimination, O(n·m·min(n, m)): 310 neurons on 183 rows, 200 steps, 0.9 s
        // before (BENCHMARKS §52). A vector so updated is used only while it is still a null vector to
        // NULL_RESIDUAL (the updates subtract nearly parallel vectors at times); otherwise, and when the basis is used
        // up, the fits left are eliminated afresh, so the loop ends as before: on fits independent to
        // DEPENDENCE_TOL by a fresh elimination.
        List<double[]> basis = new ArrayList<>();
        boolean fresh = false;
        while (exactDependence) {
            if (basis.isEmpty() || !fresh && !isNullVector(basis.get(0), fits)) {
                basis = Linear.nullSpace(fits.toArray(new double[0][]), DEPENDENCE_TOL);
                fresh = true;
                if (basis.isEmpty()) {
                    break;
                }
            }
            double[] c = basis.get(0);
            double sum = 0;
            for (double v : c) {
                sum += v;
            }
            List<Double> next = caratheodoryStep(c, sum < 0 ? -1 : 1, amount);
            if (next.equals(amount)) {
                if (fresh) {
                    break; // no step along a fresh vector: only a non-finite amount does that (as before, stop)
                }
                basis.remove(0); // an updated vector that moves nothing: eliminate afresh once it is used up
                continue;
            }
            amount = next;
            for (int j = c.length - 1; j >= 0; j--) {
                if (amount.get(j) <= 0) {
                    removeAt(j, amount, dir, fits, signs);
                    basis = nullSpaceWithout(basis, j);
                    fresh = false;
                    removed++;
                }
            }
        }
        ReluNet pruned = net.withNeurons(neurons(dir, amount, signs));
        double objective = pruned.objective(data, beta);
        double ceiling = before * (1 + OBJECTIVE_SLACK);
        if (!(objective <= ceiling)) {
            ceiling = objective; // not reached (steps 1-3 cannot raise L_β); never let step 4 raise it
        }
        Lean lean = nearlyDependent && dir.size() > 1 && Double.isFinite(objective)
                ? withoutNearlyDependent(data, beta, net, dir, amount, fits, signs, ceiling, expired) : null;
        if (lean != null) {
            return new Result(lean.net(), before, lean.objective(), net.width(), lean.net().width(), merged, removed,
                    lean.removed());
        }
        return new Result(pruned, before, objective, net.width(), pruned.width(), merged, removed, 0);
    }

    /** Step 4's net, its own L_β and how many neurons it removed. */
    private record Lean(ReluNet net, double objective, int removed) {
    }

    /**
     * Step 4 on the scaled net (unit directions, amounts, signed unit fits): each step judged on L_β evaluated from
     * the fits (F = Σ a_j G_j, O(n) per column moved), the end result on the net's own L_β (null when nothing went,
     * or when rounding between the two put it above {@code ceiling}: the caller keeps the net after step 3). The
     * lists given are not changed.
     */
    private static Lean withoutNearlyDependent(Dataset data, double beta, ReluNet net, List<double[]> dir,
            List<Double> amount, List<double[]> fits, List<Integer> signs, double ceiling,
            java.util.function.BooleanSupplier expired) {
        NearlyDependentFits near = new NearlyDependentFits(fits, NEARLY_DEPENDENT);
        double[] y = data.targets();
        double[] f = new double[y.length];
        double penalty = 0;
        for (int j = 0; j < dir.size(); j++) {
            Linear.axpy(amount.get(j), fits.get(j), f);
            penalty += amount.get(j);
        }
        dir = new ArrayList<>(dir);
        amount = new ArrayList<>(amount);
        fits = new ArrayList<>(fits);
        signs = new ArrayList<>(signs);
        int removed = 0;
        while (dir.size() > 1 && !expired.getAsBoolean()) {
            double[] c = near.next();
            if (c == null) {
                break;
            }
            // both directions: with c only nearly a null vector, either may lower L_β (Σ c_j ≥ 0 no longer decides)
            double bestValue = Double.POSITIVE_INFINITY;
            List<Double> bestAmount = null;
            double[] bestFit = null;
            double bestPenalty = 0;
            for (double way : new double[] {1, -1}) {
                List<Double> trial = caratheodoryStep(c, way, amount);
                if (trial.equals(amount)) {
                    continue;
                }
                double[] g = f.clone();
                double p = penalty;
                for (int j = 0; j < trial.size(); j++) {
                    double delta = trial.get(j) - amount.get(j);
                    if (delta != 0) {
                        Linear.axpy(delta, fits.get(j), g);
                        p += delta;
                    }
                }
                double v = fromFits(g, y, p, beta);
                if (v < bestValue) {
                    bestValue = v;
                    bestAmount = trial;
                    bestFit = g;
                    bestPenalty = p;
                }
            }
            if (bestAmount == null || !(bestValue <= ceiling)) {
                near.refused();
                continue;
            }
            List<Integer> gone = new ArrayList<>();
            for (int j = 0; j < bestAmount.size(); j++) {
                if (!(bestAmount.get(j) > 0)) {
                    gone.add(j);
                }
            }
            near.removed(c, gone);
            for (int q = gone.size() - 1; q >= 0; q--) {
                removeAt(gone.get(q), bestAmount, dir, fits, signs);
                removed++;
            }
            amount = bestAmount;
            f = bestFit;
            penalty = bestPenalty;
        }
        if (removed == 0) {
            return null;
        }
        ReluNet candidate = net.withNeurons(neurons(dir, amount, signs));
        double exact = candidate.objective(data, beta);
        return exact <= ceiling ? new Lean(candidate, exact, removed) : null;
    }

    /**
     * How small |Σ_j c_j G_j| must be, entry by entry, relative to max_j ‖G_j‖_∞ · Σ_j |c_j|, for an updated basis
     * vector to be used as a null vector of the fits ({@link #isNullVector}): {@link #DEPENDENCE_TOL}, the size of the
     * entries a fresh elimination drops, so that a step along an updated vector moves the fit no more than one along
     * a fresh vector may (an update c − f·p, |f| ≤ 1, adds the residuals of c and p; where it has cancelled most of c
     * the check fails and the fits are eliminated afresh).
     */
    static final double NULL_RESIDUAL = DEPENDENCE_TOL;

    /** Whether Σ_j c_j fits_j is zero to {@link #NULL_RESIDUAL} (relative, see there). */
    static boolean isNullVector(double[] c, List<double[]> fits) {
        double scale = 0;
        double weight = 0;
        for (int j = 0; j < c.length; j++) {
            weight += Math.abs(c[j]);
            for (double v : fits.get(j)) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        if (!(weight > 0) || !(scale > 0)) {
            return false;
        }
        int n = fits.get(0).length;
        double limit = NULL_RESIDUAL * scale * weight;
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int j = 0; j < c.length; j++) {
                s += c[j] * fits.get(j)[k];
            }
            if (!(Math.abs(s) <= limit)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The null space of the columns without column j, from a basis of theirs with it: the vectors of the span with a
     * zero j-th entry (Gaussian elimination of that entry against the basis vector of largest |c_j|, which is
     * dropped), then the entry removed. The same span when no vector uses column j.
     */
    static List<double[]> nullSpaceWithout(List<double[]> basis, int j) {
        int pivot = -1;
        double best = 0;
        for (int b = 0; b < basis.size(); b++) {
            double v = Math.abs(basis.get(b)[j]);
            if (v > best) {
                best = v;
                pivot = b;
            }
        }
        List<double[]> out = new ArrayList<>(basis.size());
        double[] p = pivot >= 0 ? basis.get(pivot) : null;
        for (int b = 0; b < basis.size(); b++) {
            if (b == pivot) {
                continue;
            }
            double[] c = basis.get(b);
            double f = p != null && c[j] != 0 ? c[j] / p[j] : 0;
            double[] reduced = new double[c.length - 1];
            for (int i = 0, o = 0; i < c.length; i++) {
                if (i != j) {
                    reduced[o++] = f != 0 ? c[i] - f * p[i] : c[i];
                }
            }
            out.add(reduced);
        }
        return out;
    }

    /** Entry j removed from each of the lists, which run in step. */
    private static void removeAt(int j, List<?>... lists) {
        for (List<?> l : lists) {
            l.remove(j);
        }
    }

    /**
     * The amounts a − t·sign·c of one Carathéodory step: t the largest step keeping a ≥ 0, the neuron that
     * reaches 0 set to exactly 0 (with sign·Σ c_j ≥ 0 the penalty β Σ a_j does not rise).
     */
    private static List<Double> caratheodoryStep(double[] c, double sign, List<Double> amount) {
        double t = Double.POSITIVE_INFINITY;
        int hit = -1;
        for (int j = 0; j < c.length; j++) {
            double cj = sign * c[j];
            if (cj > 0 && amount.get(j) / cj < t) {
                t = amount.get(j) / cj;
                hit = j;
            }
        }
        List<Double> out = new ArrayList<>(amount);
        if (hit < 0) {
            return out; // sign·c ≤ 0: nothing reaches 0 this way
        }
        for (int j = 0; j < c.length; j++) {
            out.set(j, Math.max(0, amount.get(j) - t * sign * c[j]));
        }
        out.set(hit, 0.0);
        return out;
    }

    /** ½‖f − y‖² + β·penalty: L_β of a scaled net with fit f and Σ_j a_j = penalty. */
    private static double fromFits(double[] f, double[] y, double penalty, double beta) {
        double s = 0;
        for (int k = 0; k < f.length; k++) {
            double r = f[k] - y[k];
            s += r * r;
        }
        return 0.5 * s + beta * penalty;
    }

    /** Neurons (√a_j d_j, s_j √a_j): scaled, with |α|·‖u‖ = a_j. */
    private static List<Neuron> neurons(List<double[]> dir, List<Double> amount, List<Integer> signs) {
        List<Neuron> out = new ArrayList<>();
        for (int b = 0; b < dir.size(); b++) {
            double s = Math.sqrt(amount.get(b));
            double[] u = dir.get(b).clone();
            for (int j = 0; j < u.length; j++) {
                u[j] *= s;
            }
            out.add(new Neuron(u, signs.get(b) * s));
        }
        return out;
    }
}

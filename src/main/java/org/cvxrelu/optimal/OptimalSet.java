package org.cvxrelu.optimal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.certify.DualBound;
import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The set of all optimal solutions, Mishkin and Pilanci's way. At the optimum λ* = y − ŷ* (ŷ* is unique: the
 * loss is strictly convex in the fit), every optimal W has blocks w_g = a_g ρ_g, a_g ≥ 0, where ρ_g is the
 * unit direction Π_{K_g}(s_g X̃ᵀD_gλ*)/β of a group priced exactly β (the equicorrelation set E). Groups of
 * one sign whose ρ coincide are one neuron (one direction). With unit fits G_e = s_e (X̃ρ_e)₊ the optimal
 * set is the polytope
 * <pre>  A* = { a ≥ 0 : Σ_e a_e G_e = ŷ* }   (then Σ_e a_e = λ*ᵀŷ* / β: the optimal regularisation value), </pre>
 * ψ of its points are the optimal nets, and m* = the smallest support of a point of A*.
 *
 * <p>Numerically A* is known only to the solve's accuracy, so every decision here is made on objectives,
 * which {@link DirectionFit} computes exactly for a fixed set S of directions:
 * V(S) = min over a ≥ 0 supported on S of ½‖y − Ga‖² + βΣa, the best net with those neurons. A support is
 * <em>optimal</em> when V(S) ≤ target = (1 + {@link #OPT_TOL})·U, U the best objective found (so every net
 * returned is within U − L + OPT_TOL·U of the optimum, L the certified lower bound; the CLI writes a net only
 * when that is below 1e-6·L). m* is the smallest optimal support:
 * <ul>
 * <li>"exact (exhaustive supports)": every support smaller than m* was solved and is not optimal (while the
 * count stays under {@link #MAX_QPS});</li>
 * <li>"exact (MIP)": otherwise ojAlgo's MIP finds the smallest support of the relaxed polytope
 * { a ≥ 0 : |Σ a_e G_e − ŷ|_k ≤ τ } with binaries z_e ≥ a_e/M_e. The relaxation holds every optimal point:
 * L_β − P* ≥ ½‖f − ŷ*‖² (the objective is 1-strongly convex in the fit f), so an optimal point's fit is within
 * √(2(target − L)) of ŷ*, and ŷ (the best point's fit) within √(2(U − L)): τ is their sum. M_e bounds a_e:
 * λᵀG_e a_e ≤ λᵀf ≤ λᵀŷ + ‖λ‖₁τ. Its support is then checked by V(S); a support that fails is cut off
 * (Σ_{e∉S} z_e ≥ 1) and the MIP is solved again;</li>
 * <li>"bounds": when neither finishes, a lower bound (every support smaller was excluded) and the upper bound
 * of an optimal support found (Carathéodory reduction of the best point), whose net is written.</li>
 * </ul>
 * The narrowest net found has exactly width m* (its upper bound under "bounds"). Uniqueness: for every
 * direction outside it, the LP max a_e over the relaxed polytope gives a vertex whose support is re-solved by
 * V(S); the optimal points so found are averaged (a convex combination of optimal points is optimal: V is
 * convex in a) into the widest net. The optimal net is reported unique when no optimal point with another
 * support was found.
 */
public final class OptimalSet {
    public static final double PRICE_TOL = 1e-7;
    /** Relative tolerance of "optimal" for a support: V(S) ≤ (1 + OPT_TOL)·U. */
    public static final double OPT_TOL = 1e-9;
    /** The most restricted fits solved by the exhaustive search. */
    public static final int MAX_QPS = 20000;
    /** Time limit of all MIP solves together, milliseconds (a guard: the node limit is meant to end them). */
    public static final long MIP_MILLIS = 30000;
    /** Iteration limit of each MIP solve (ojAlgo's count), for answers that do not depend on the load. */
    public static final int MIP_ITERATIONS = 100000;
    static final double MERGE_TOL = 1e-6;
    /** The largest distance at which two same-sign unit directions are taken for one (inaccurate) neuron. */
    static final double CONE_MERGE_TOL = 1e-2;
    /** min a_e over the relaxed polytope counts as positive above this fraction of the narrowest net's a_e. */
    static final double FORCED_TOL = 1e-6;

    /**
     * @param n samples
     * @param groups the equicorrelated groups (E) priced at the final λ
     * @param directions the distinct optimal neuron directions (E merged, with the best point's own)
     * @param rank the rank of their fits G
     * @param mStar the minimal width of an optimal net (exact when {@code mStarExact}, else an upper bound: the
     *        width of the narrowest net written)
     * @param mStarLowerBound every width below this was excluded
     * @param unique whether no optimal point with another support than the narrowest net's was found
     * @param nets the narrowest optimal net (width m*), and the widest one found when not unique
     * @param objectives L_β of those nets
     * @param fitTolerance τ of the relaxed polytope
     * @param priceTolerance E holds the groups priced ≥ β(1 − this)
     * @param lps linear programs and MIPs solved
     * @param method "exact (exhaustive supports)", "exact (MIP)" or "bounds"
     * @param lowerBound certified lower bound L on P*
     * @param upperBound best objective U found (an optimal point's)
     * @param qps restricted fits V(S) solved
     */
    public record Result(int n, int groups, int directions, int rank, int mStar, boolean mStarExact,
            int mStarLowerBound, boolean unique, List<ReluNet> nets, double[] objectives, double fitTolerance,
            double priceTolerance, int lps, String method, double lowerBound, double upperBound, long qps) {

        /** (L_β(net) − L)/L for each net: how far above the certified optimum it may be. */
        public double[] relativeExcess() {
            double[] out = new double[objectives.length];
            for (int k = 0; k < out.length; k++) {
                out[k] = (objectives[k] - lowerBound) / Math.max(lowerBound, Double.MIN_NORMAL);
            }
            return out;
        }
    }

    private OptimalSet() {
    }

    /** The solve's gap in {@link #analyse}; {@link #of} then polishes the point on the optimal directions. */
    public static final double ANALYSE_GAP = 1e-8;

    /** Solves to a tight gap ({@link #ANALYSE_GAP}) and analyses the optimal set. */
    public static Result analyse(Dataset data, double beta, SolveOptions options) {
        // every cell listed: the optimal set is read off the prices of the program's patterns
        SolveOptions tight = options.withSettings(options.settings().withRelativeGap(
                Math.min(options.settings().relativeGap(), ANALYSE_GAP))).withEnumerate(true);
        SolveResult res = CvxRelu.solve(data, beta, tight);
        return of(res.program(), res.solution(), res.certified() ? res.lowerBound() : Double.NEGATIVE_INFINITY);
    }

    /** {@link #of(ConeProgram, ConvexSolution, double)} with the lower bound of the dual points priced here. */
    public static Result of(ConeProgram program, ConvexSolution solution) {
        return of(program, solution, Double.NEGATIVE_INFINITY);
    }

    /** The candidate directions: unit vectors with signs, merged when the same ray. */
    private static final class Directions {
        final List<double[]> dirs = new ArrayList<>();
        final List<Integer> signs = new ArrayList<>();

        /** Index of the direction (added if new). */
        int add(double[] v, int sign) {
            double[] d = unit(v);
            if (d == null) {
                return -1;
            }
            int e = find(d, sign, MERGE_TOL);
            if (e >= 0) {
                return e;
            }
            dirs.add(d);
            signs.add(sign);
            return dirs.size() - 1;
        }

        Directions copy() {
            Directions c = new Directions();
            c.dirs.addAll(dirs);
            c.signs.addAll(signs);
            return c;
        }

        /** Like {@link #add}, with a looser tolerance (the accuracy of the directions). */
        int addMerging(double[] v, int sign, double tol) {
            double[] u = unit(v);
            if (u == null) {
                return -1;
            }
            int e = find(u, sign, tol);
            return e >= 0 ? e : add(u, sign);
        }

        /** The first direction of this sign within {@code tol} of the unit vector d, or −1. */
        private int find(double[] d, int sign, double tol) {
            for (int e = 0; e < dirs.size(); e++) {
                if (signs.get(e) == sign && dist(dirs.get(e), d) <= tol) {
                    return e;
                }
            }
            return -1;
        }

        /** v / ‖v‖, or null when the norm is zero, infinite or NaN. */
        private static double[] unit(double[] v) {
            double nv = Linear.norm(v);
            return nv > 0 && !Double.isInfinite(nv) ? scale(v, 1 / nv) : null;
        }

        double[][] fits(double[][] x) {
            double[][] g = new double[dirs.size()][];
            for (int e = 0; e < g.length; e++) {
                g[e] = Linear.reluFit(x, dirs.get(e));
                for (int k = 0; k < g[e].length; k++) {
                    g[e][k] *= signs.get(e);
                }
            }
            return g;
        }
    }

    /**
     * The optimal set around the solver's point {@code solution}; {@code knownLowerBound} is a lower bound on
     * P* proven elsewhere (the solve's certified bound; −∞ when none), used with those computed here.
     */
    public static Result of(ConeProgram program, ConvexSolution solution, double knownLowerBound) {
        double beta = program.beta();
        double[] y = program.y();
        double[][] x = program.design();
        int n = y.length;
        // the solver's point as amplitudes over its own directions
        Directions cand = new Directions();
        List<double[]> seedPoint = new ArrayList<>();
        for (Map.Entry<Group, double[]> b : solution.blocks().entrySet()) {
            int e = cand.add(b.getValue(), b.getKey().sign());
            if (e >= 0) {
                seedPoint.add(new double[] {e, Linear.norm(b.getValue())});
            }
        }
        double lower = knownLowerBound;
        double slack = PRICE_TOL;
        int groups = 0;
        double[] lambda = new double[n];
        double[][] g = cand.fits(x);
        double[] bestA = new double[g.length];
        for (double[] sp : seedPoint) {
            bestA[(int) sp[0]] += sp[1];
        }
        double upper = DirectionFit.value(g, y, beta, bestA);
        double[] fit = fitOf(g, bestA, n);
        // a few rounds of pricing at λ = y − f and exact refits over the directions found (a polish of the
        // solver's point, which also tightens the certified bound)
        for (int round = 0; round < 4; round++) {
            for (int k = 0; k < n; k++) {
                lambda[k] = y[k] - fit[k];
            }
            Pricing.Result first = Pricing.price(program, lambda, 0);
            lower = Math.max(lower, DualBound.of(lambda, y, beta, first.c()).value());
            if (upper - lower <= 1e-13 * Math.abs(upper)) {
                break;
            }
            slack = Math.max(PRICE_TOL, Math.min(0.5, 10 * (first.c() / beta - 1)));
            Pricing.Result priced = Pricing.priceAll(program, lambda, beta * (1 - slack));
            for (Pricing.Price p : priced.above()) {
                cand.add(p.direction(), p.group().sign());
            }
            g = cand.fits(x);
            bestA = Arrays.copyOf(bestA, g.length);
            DirectionFit.Result full = DirectionFit.solve(g, y, beta, null);

            if (full.value() < upper) {
                bestA = full.a();
                upper = full.value();
                fit = fitOf(g, bestA, n);
            } else {
                break;
            }
        }
        // keep the directions of E at the final λ (and the best point's), drop the rest
        for (int k = 0; k < n; k++) {
            lambda[k] = y[k] - fit[k];
        }
        Pricing.Result fin = Pricing.price(program, lambda, 0);
        lower = Math.max(lower, DualBound.of(lambda, y, beta, fin.c()).value());
        slack = Math.max(PRICE_TOL, Math.min(0.5, 10 * (fin.c() / beta - 1)));
        // E at the final λ first (its directions are the most accurate), then the best point's directions,
        // merged when they are the same neuron up to the accuracy of the directions (same sign, closer than
        // mergeTol). When the merged set cannot reach the best objective, the unmerged one is used.
        // the accuracy of a direction: ρ = Π_K(s X̃ᵀDλ)/‖·‖ moves by about ‖X̃‖‖δλ‖/β, ‖δλ‖ ≤ √(2(U − L))
        double rowMax = 0;
        for (double[] row : x) {
            rowMax = Math.max(rowMax, Linear.norm(row));
        }
        double mergeTol = Math.min(CONE_MERGE_TOL, Math.max(MERGE_TOL,
                10 * rowMax * Math.sqrt(n) * Math.sqrt(2 * Math.max(0, upper - lower)) / beta));
        List<Pricing.Price> eFinal = Pricing.priceAll(program, lambda, beta * (1 - slack)).above();
        groups = eFinal.size();
        g = cand.fits(x);
        bestA = Arrays.copyOf(bestA, g.length);
        Directions d = new Directions();
        double[] a0 = new double[0];
        for (int attempt = 0; attempt < 2; attempt++) {
            boolean merge = attempt == 0;
            d = new Directions();
            // the best point's neurons first; with merging, near neurons of one sign become their vector sum
            // w = Σ a_e ρ_e (same fit inside a closed cone, norm ≤ Σ a_e), so the point is not made worse
            List<double[]> sums = new ArrayList<>();
            for (int e = 0; e < g.length; e++) {
                if (bestA[e] <= 0) {
                    continue;
                }
                int idx = merge ? d.addMerging(cand.dirs.get(e), cand.signs.get(e), mergeTol)
                        : d.add(cand.dirs.get(e), cand.signs.get(e));
                if (idx == sums.size()) {
                    sums.add(new double[x[0].length]);
                }
                double[] w = sums.get(idx);
                for (int j = 0; j < w.length; j++) {
                    w[j] += bestA[e] * cand.dirs.get(e)[j];
                }
            }
            Directions point = new Directions();
            List<Double> amps = new ArrayList<>();
            for (int t = 0; t < sums.size(); t++) {
                double nw = Linear.norm(sums.get(t));
                if (point.add(sums.get(t), d.signs.get(t)) == amps.size()) {
                    amps.add(nw);
                }
            }
            d = point;
            for (Pricing.Price p : eFinal) {
                if (merge) {
                    d.addMerging(p.direction(), p.group().sign(), mergeTol);
                } else {
                    d.add(p.direction(), p.group().sign());
                }
            }
            a0 = new double[d.dirs.size()];
            for (int t = 0; t < amps.size(); t++) {
                a0[t] = amps.get(t);
            }
            double[][] gd = d.fits(x);
            double v0 = DirectionFit.value(gd, y, beta, a0);
            DirectionFit.Result refit = DirectionFit.solve(gd, y, beta, null);
            if (refit.value() < v0) {
                a0 = refit.a();
                v0 = refit.value();
            }
            if (!merge || v0 <= upper * (1 + OPT_TOL / 2)) {
                upper = Math.min(upper, v0);
                fit = fitOf(gd, a0, n);
                break;
            }
        }
        g = d.fits(x);
        int m = g.length;
        double target = upper + OPT_TOL * Math.abs(upper);
        double tau = Math.sqrt(2 * Math.max(0, target - lower)) + Math.sqrt(2 * Math.max(0, upper - lower));
        int rank = m == 0 ? 0 : Linear.rank(g, 1e-10);
        Relaxation rx = Relaxation.of(g, y, beta, fit, tau, target);
        int[] lps = {0};
        long[] qps = {0};
        double yy = 0;
        for (double v : y) {
            yy += v * v;
        }
        List<ReluNet> nets = new ArrayList<>();
        if (0.5 * yy <= target || m == 0) {
            // the zero net is optimal (or nothing else was found: then it is the best known)
            nets.add(toNet(program, d.dirs, d.signs, new double[m]));
            return finish(program, nets, n, groups, m, rank, 0, 0.5 * yy <= target, 0, true, tau, slack, lps,
                    0.5 * yy <= target ? "exact (exhaustive supports)" : "bounds", lower, Math.min(upper, 0.5 * yy),
                    qps);
        }
        // upper bound: Carathéodory reduction of the best point, refitting each smaller support exactly
        double[] narrow = reduce(g, y, beta, a0, qps);
        if (DirectionFit.value(g, y, beta, narrow) > target) {
            narrow = a0; // rounding made the reduction worse: keep the best point
        }
        int up = support(narrow);
        int low = 1;
        String method = "bounds";
        boolean exact = false;
        boolean[] all = new boolean[m];
        Arrays.fill(all, true);
        // directions every optimal point uses: min a_e > 0 over the relaxed polytope (which holds them all)
        int forced = 0;
        for (int e = 0; e < m; e++) {
            if (narrow[e] > 0) {
                double[] v = lp(rx, all, e, false, lps);
                if (v != null && v[e] > FORCED_TOL * narrow[e]) {
                    forced++;
                }
            }
        }
        if (forced >= up) {
            low = up;
            exact = true;
            method = "exact (LP: every optimal point uses these directions)";
        }
        // exhaustive supports of increasing size while affordable
        long needed = 0;
        for (int k = 1; k < up; k++) {
            needed = saturatedAdd(needed, binomial(m, k));
        }
        if (exact) {
            // m* = up, proven by the LPs
        } else if (needed <= MAX_QPS) {
            for (int k = 1; k < up; k++) {
                double[] found = optimalSupportOfSize(g, y, beta, k, target, qps);
                if (found != null) {
                    narrow = found;
                    up = support(narrow);
                    break;
                }
                low = k + 1;
            }
            low = up;
            exact = true;
            method = "exact (exhaustive supports)";
        } else {
            // exhaustive over the small sizes that fit in the budget: a lower bound
            long spent = 0;
            for (int k = 1; k < up && spent + binomial(m, k) <= MAX_QPS / 4; k++) {
                spent += binomial(m, k);
                double[] found = optimalSupportOfSize(g, y, beta, k, target, qps);
                if (found != null) {
                    narrow = found;
                    up = support(narrow);
                    break;
                }
                low = k + 1;
            }
            low = Math.max(low, forced);
            if (low >= up) {
                low = up;
                exact = true;
                method = forced >= up ? "exact (LP: every optimal point uses these directions)"
                        : "exact (exhaustive supports)";
            } else {
                Mip mip = mip(rx, y, beta, lambda, target, lps, qps, low, up);
                low = Math.max(low, mip.lower);
                if (mip.point != null && support(mip.point) < up) {
                    narrow = mip.point;
                    up = support(narrow);
                }
                if (low >= up) {
                    low = up;
                    exact = true;
                    method = "exact (MIP)";
                }
            }
        }
        // uniqueness and the widest optimal point
        List<double[]> optimalPoints = new ArrayList<>();
        optimalPoints.add(narrow);
        if (DirectionFit.value(g, y, beta, a0) <= target) {
            optimalPoints.add(a0);
        }
        boolean[] covered = new boolean[m];
        for (double[] p : optimalPoints) {
            mark(covered, p);
        }
        for (int e = 0; e < m; e++) {
            if (covered[e]) {
                continue;
            }
            double[] v = lp(rx, all, e, true, lps);
            if (v == null || v[e] <= 0) {
                continue;
            }
            boolean[] allowed = new boolean[m];
            for (int f = 0; f < m; f++) {
                allowed[f] = v[f] > 0;
            }
            qps[0]++;
            DirectionFit.Result r = DirectionFit.solve(g, y, beta, allowed);
            if (r.value() <= target && r.a()[e] > 0) {
                optimalPoints.add(r.a());
                mark(covered, r.a());
            }
        }
        double[] wide = new double[m];
        for (double[] p : optimalPoints) {
            for (int e = 0; e < m; e++) {
                wide[e] += p[e] / optimalPoints.size();
            }
        }
        boolean unique = support(wide) == support(narrow);
        nets.add(toNet(program, d.dirs, d.signs, narrow));
        if (!unique && DirectionFit.value(g, y, beta, wide) <= target) {
            nets.add(toNet(program, d.dirs, d.signs, wide));
        }
        return finish(program, nets, n, groups, m, rank, up, exact, low, unique, tau, slack, lps, method, lower,
                upper, qps);
    }

    private static Result finish(ConeProgram program, List<ReluNet> nets, int n, int groups, int m, int rank,
            int mStar, boolean exact, int low, boolean unique, double tau, double slack, int[] lps, String method,
            double lower, double upper, long[] qps) {
        double[] objectives = new double[nets.size()];
        for (int t = 0; t < nets.size(); t++) {
            objectives[t] = nets.get(t).objective(program.data(), program.beta());
        }
        return new Result(n, groups, m, rank, mStar, exact, exact ? mStar : low, unique, nets, objectives, tau,
                slack, lps[0], method, lower, upper, qps[0]);
    }

    private static void mark(boolean[] covered, double[] a) {
        for (int e = 0; e < a.length; e++) {
            covered[e] |= a[e] > 0;
        }
    }

    static double[] fitOf(double[][] g, double[] a, int n) {
        double[] f = new double[n];
        for (int e = 0; e < a.length; e++) {
            if (a[e] != 0) {
                for (int k = 0; k < n; k++) {
                    f[k] += a[e] * g[e][k];
                }
            }
        }
        return f;
    }

    /**
     * Carathéodory: while the support's fits are dependent (Σ v_e G_e = 0, signed so Σv ≤ 0), a ← a + t v
     * with the largest t keeping a ≥ 0 (fit unchanged, penalty not larger), then the exact refit V on the
     * smaller support. Ends with independent fits: at most rank G ≤ n neurons.
     */
    static double[] reduce(double[][] g, double[] y, double beta, double[] start, long[] qps) {
        double[] a = start.clone();
        int m = g.length;
        for (int guard = 0; guard <= m; guard++) {
            List<Integer> supp = new ArrayList<>();
            for (int e = 0; e < m; e++) {
                if (a[e] > 0) {
                    supp.add(e);
                }
            }
            double[] v = DirectionFit.nonIncreasingNullVector(g, supp);
            if (v == null) {
                return a;
            }
            int hit = DirectionFit.ratioTest(a, supp, v);
            if (hit < 0) {
                return a;
            }
            boolean[] allowed = new boolean[m];
            for (int t = 0; t < v.length; t++) {
                allowed[supp.get(t)] = t != hit;
            }
            qps[0]++;
            a = DirectionFit.solve(g, y, beta, allowed).a();
        }
        return a;
    }

    private record Mip(int lower, double[] point) {
    }

    /**
     * The smallest support of the relaxed polytope by ojAlgo's MIP; each answer checked by V(S), cut off
     * when it fails. {@code lower}: the last proven MIP optimum (every optimal point is in the relaxation).
     */
    private static Mip mip(Relaxation rx, double[] y, double beta, double[] lambda, double target, int[] lps,
            long[] qps, int low, int up) {
        double[][] g = rx.g();
        double[] yhat = rx.yhat();
        double tau = rx.tau();
        int m = g.length;
        int n = y.length;
        double ly = Linear.dot(lambda, yhat);
        double l1 = 0;
        for (double v : lambda) {
            l1 += Math.abs(v);
        }
        double[] bigM = new double[m];
        for (int e = 0; e < m; e++) {
            double price = Linear.dot(lambda, g[e]);
            bigM[e] = price > 0 ? 1.01 * (ly + l1 * tau) / price : 0;
        }
        List<boolean[]> cuts = new ArrayList<>();
        int lower = low;
        long deadline = System.currentTimeMillis() + MIP_MILLIS;
        for (int round = 0; round < 12; round++) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            lps[0]++;
            ExpressionsBasedModel model = new ExpressionsBasedModel();
            model.options.time_abort = left;
            model.options.time_suffice = left;
            model.options.iterations_abort = MIP_ITERATIONS;
            model.options.iterations_suffice = MIP_ITERATIONS;
            Variable[] a = new Variable[m];
            Variable[] z = new Variable[m];
            // scaled amplitudes b_e = a_e / M_e ∈ [0, 1] with b_e ≤ z_e (better conditioned than a_e ≤ M_e z_e)
            for (int e = 0; e < m; e++) {
                a[e] = model.addVariable("b" + e).lower(0).upper(1);
            }
            for (int e = 0; e < m; e++) {
                z[e] = model.addVariable("z" + e).binary().weight(1);
            }
            for (int e = 0; e < m; e++) {
                Expression link = model.addExpression("l" + e).upper(0);
                link.set(a[e], 1);
                link.set(z[e], -1);
            }
            for (int k = 0; k < n; k++) {
                Expression ex = model.addExpression("f" + k).lower(yhat[k] - tau).upper(yhat[k] + tau);
                for (int e = 0; e < m; e++) {
                    if (g[e][k] != 0 && bigM[e] > 0) {
                        ex.set(a[e], g[e][k] * bigM[e]);
                    }
                }
            }
            Expression pen = model.addExpression("pen").upper(rx.penRhs());
            for (int e = 0; e < m; e++) {
                if (rx.pen()[e] != 0 && bigM[e] > 0) {
                    pen.set(a[e], rx.pen()[e] * bigM[e]);
                }
            }
            Expression atLeast = model.addExpression("low").lower(lower);
            for (int e = 0; e < m; e++) {
                atLeast.set(z[e], 1);
            }
            for (int c = 0; c < cuts.size(); c++) {
                Expression cut = model.addExpression("c" + c).lower(1);
                for (int e = 0; e < m; e++) {
                    if (!cuts.get(c)[e]) {
                        cut.set(z[e], 1);
                    }
                }
            }
            Optimisation.Result r = model.minimise();
            if (r.getState() != Optimisation.State.OPTIMAL) {
                return new Mip(lower, null);
            }
            boolean[] supp = new boolean[m];
            int size = 0;
            for (int e = 0; e < m; e++) {
                supp[e] = r.doubleValue(m + e) > 0.5 || r.doubleValue(e) > 0;
                size += supp[e] ? 1 : 0;
            }
            int proven = (int) Math.round(r.getValue());
            lower = Math.max(lower, Math.min(proven, up));
            if (size >= up) {
                return new Mip(lower, null);
            }
            qps[0]++;
            DirectionFit.Result fitS = DirectionFit.solve(g, y, beta, supp);
            if (fitS.value() <= target) {
                return new Mip(lower, fitS.a());
            }
            cuts.add(supp);
        }
        return new Mip(lower, null);
    }

    /** ψ of the point a of A*: neurons (√a_g ρ_g, s_g √a_g). */
    static ReluNet toNet(ConeProgram program, List<double[]> dirs, List<Integer> signs, double[] a) {
        List<Neuron> out = new ArrayList<>();
        for (int e = 0; e < a.length; e++) {
            if (a[e] > 0) {
                double s = Math.sqrt(a[e]);
                out.add(new Neuron(scale(dirs.get(e), s), signs.get(e) * s));
            }
        }
        return new ReluNet(program.bias(), program.beta(), out);
    }

    static int support(double[] a) {
        int c = 0;
        for (double v : a) {
            if (v > 0) {
                c++;
            }
        }
        return c;
    }

    /**
     * The relaxed polytope: a ≥ 0 with |Σ a_e G_e − ŷ|_k ≤ τ for every sample, and the linearised objective
     * Σ_e a_e (β − λᵀG_e) ≤ target − ½‖λ‖² − λᵀŷ (λ = y − ŷ). Both hold for every a with V(a) ≤ target: the
     * first by strong convexity (see the class comment), the second because the loss lies above its tangent,
     * ½‖y − f‖² ≥ ½‖λ‖² − λᵀ(f − ŷ).
     */
    record Relaxation(double[][] g, double[] yhat, double tau, double[] pen, double penRhs, double[] lambda) {
        static Relaxation of(double[][] g, double[] y, double beta, double[] yhat, double tau, double target) {
            double[] lambda = new double[y.length];
            double ll = 0;
            for (int k = 0; k < y.length; k++) {
                lambda[k] = y[k] - yhat[k];
                ll += lambda[k] * lambda[k];
            }
            double[] pen = new double[g.length];
            for (int e = 0; e < g.length; e++) {
                pen[e] = beta - Linear.dot(lambda, g[e]);
            }
            double rhs = target - 0.5 * ll - Linear.dot(lambda, yhat);
            // rounding in the right-hand side: a relative allowance keeps every optimal point inside
            rhs += 1e-12 * (Math.abs(target) + 0.5 * ll + Math.abs(Linear.dot(lambda, yhat)));
            return new Relaxation(g, yhat, tau, pen, rhs, lambda);
        }
    }


    /**
     * The amplitudes of the first support of k of the m directions (in lexicographic order) whose restricted
     * fit V(S) reaches {@code target}, or null when none does; counts each fit in {@code qps[0]}.
     */
    private static double[] optimalSupportOfSize(double[][] g, double[] y, double beta, int k, double target,
            long[] qps) {
        int m = g.length;
        int[] idx = new int[k];
        for (int t = 0; t < k; t++) {
            idx[t] = t;
        }
        do {
            boolean[] allowed = new boolean[m];
            for (int t : idx) {
                allowed[t] = true;
            }
            qps[0]++;
            DirectionFit.Result r = DirectionFit.solve(g, y, beta, allowed);
            if (r.value() <= target) {
                return r.a();
            }
        } while (next(idx, m));
        return null;
    }
    /**
     * LP over the relaxed polytope (a_e = 0 where not allowed); objective a_obj (min or max) or, with
     * obj &lt; 0, Σ a. Returns a vertex, or null when infeasible.
     */
    static double[] lp(Relaxation rx, boolean[] allowed, int obj, boolean maximise, int[] lps) {
        lps[0]++;
        double[][] g = rx.g();
        double[] yhat = rx.yhat();
        double tol = rx.tau();
        int m = g.length;
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Variable[] a = new Variable[m];
        for (int e = 0; e < m; e++) {
            a[e] = model.addVariable("a" + e).lower(0);
            if (!allowed[e]) {
                a[e].upper(0);
            }
            a[e].weight(obj < 0 ? 1.0 : (e == obj ? 1.0 : 0.0));
        }
        for (int k = 0; k < yhat.length; k++) {
            Expression ex = model.addExpression("f" + k).lower(yhat[k] - tol).upper(yhat[k] + tol);
            for (int e = 0; e < m; e++) {
                if (allowed[e] && g[e][k] != 0) {
                    ex.set(a[e], g[e][k]);
                }
            }
        }
        Expression pen = model.addExpression("pen").upper(rx.penRhs());
        for (int e = 0; e < m; e++) {
            if (allowed[e] && rx.pen()[e] != 0) {
                pen.set(a[e], rx.pen()[e]);
            }
        }
        Optimisation.Result r = maximise ? model.maximise() : model.minimise();
        if (!r.getState().isFeasible()) {
            return null;
        }
        double[] out = new double[m];
        for (int e = 0; e < m; e++) {
            out[e] = Math.max(0, r.doubleValue(e));
        }
        // double-check feasibility (the LP's own tolerances are looser than ours for tiny tol)
        for (int k = 0; k < yhat.length; k++) {
            double s = 0;
            for (int e = 0; e < m; e++) {
                s += out[e] * g[e][k];
            }
            if (Math.abs(s - yhat[k]) > 2 * tol + 1e-9 * Math.abs(yhat[k])) {
                return null;
            }
        }
        return out;
    }

    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return Math.sqrt(s);
    }

    static double[] scale(double[] v, double c) {
        double[] o = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            o[k] = v[k] * c;
        }
        return o;
    }

    static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    static long binomial(int n, int k) {
        long b = 1;
        for (int t = 1; t <= k; t++) {
            b = b * (n - k + t) / t;
            if (b > Long.MAX_VALUE / (n + 1)) {
                return Long.MAX_VALUE / 4;
            }
        }
        return b;
    }

    static boolean next(int[] idx, int m) {
        int k = idx.length;
        int t = k - 1;
        while (t >= 0 && idx[t] == m - k + t) {
            t--;
        }
        if (t < 0) {
            return false;
        }
        idx[t]++;
        for (int s = t + 1; s < k; s++) {
            idx[s] = idx[s - 1] + 1;
        }
        return true;
    }
}

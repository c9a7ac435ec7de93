package org.cvxrelu.optimal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
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
 * The set of all optimal solutions, the paper's way. At the optimum λ* = y − ŷ* (ŷ* is unique: the loss is
 * strictly convex in the fit), every optimal W has blocks w_g = a_g ρ_g, a_g ≥ 0, where ρ_g is the unit
 * direction Π_{K_g}(s_g X̃ᵀD_gλ*)/β of a group priced exactly β (the equicorrelation set E; priced here with
 * threshold β(1 − {@link #PRICE_TOL})). Groups whose ρ coincide (a direction on a shared cell boundary) are
 * merged: they are one neuron. The optimal set is the polytope
 * <pre>  A* = { a ≥ 0 : Σ_g a_g G_g = ŷ* },   G_g = s_g (X̃ρ_g)₊, </pre>
 * (Σ_g a_g is then constant: λ*ᵀG_g = β for every g in E), the optimal minimal nets are ψ of its points with
 * linearly independent support, and
 * <ul>
 * <li>m* = the smallest support of a point of A*: computed exactly by enumerating supports of increasing size
 * with an LP feasibility test while the count of LPs stays under {@link #MAX_LPS}, otherwise bounded above by
 * the support of a vertex (≤ rank G ≤ n);</li>
 * <li>the optimal minimal net is unique (up to splitting and permutation) iff A* is a single point: checked by
 * the LPs min a_g and max a_g for every g; when it is not, two vertices give two different optimal minimal
 * nets.</li>
 * </ul>
 * Equalities hold to a fit tolerance: ten times the residual of the solver's own solution in these
 * directions (at least 1e-8 of the scale of y), per sample.
 */
public final class OptimalSet {
    public static final double PRICE_TOL = 1e-7;
    public static final int MAX_LPS = 5000;
    static final double MERGE_TOL = 1e-6;

    /**
     * @param groups the equicorrelated groups (E), before merging
     * @param directions the distinct optimal neuron directions after merging (|E| merged)
     * @param rank the rank of their fits G
     * @param mStar the minimal width of an optimal net (exact when {@code mStarExact}, else an upper bound)
     * @param mStarLowerBound every support smaller than this was proved infeasible
     * @param unique whether A* is a single point (the optimal minimal net is unique)
     * @param nets one optimal minimal net, or two different ones when not unique
     * @param objectives L_β of those nets
     * @param ranges max a_g − min a_g over A* for each direction
     * @param fitTolerance the per-sample tolerance used for Σ a_g G_g = ŷ*
     * @param priceTolerance E holds the groups priced ≥ β(1 − this): max(1e-7, 10 (c(λ)/β − 1))
     */
    public record Result(int n, int groups, int directions, int rank, int mStar, boolean mStarExact,
            int mStarLowerBound, boolean unique, List<ReluNet> nets, double[] objectives, double[] ranges,
            double fitTolerance, double priceTolerance, int lps) {
    }

    private OptimalSet() {
    }

    /** Solves to a tight gap (1e-10) and analyses the optimal set. */
    public static Result analyse(Dataset data, double beta, SolveOptions options) {
        SolveOptions tight = options.withSettings(options.settings().withRelativeGap(
                Math.min(options.settings().relativeGap(), 1e-10)));
        SolveResult res = CvxRelu.solve(data, beta, tight);
        return of(res.program(), res.solution());
    }

    public static Result of(ConeProgram program, ConvexSolution solution) {
        double beta = program.beta();
        double[] y = program.y();
        double[][] x = program.design();
        double[] yhat = solution.fit(program);
        double[] lambda = new double[y.length];
        for (int k = 0; k < y.length; k++) {
            lambda[k] = y[k] - yhat[k];
        }
        // the tolerance on "priced exactly β" follows the dual infeasibility c(λ)/β − 1 of the solver's point
        Pricing.Result first = Pricing.price(program, lambda, beta);
        double slack = Math.max(PRICE_TOL, 10 * (first.c() / beta - 1));
        Pricing.Result priced = Pricing.price(program, lambda, beta * (1 - slack));
        List<double[]> candidates = new ArrayList<>();
        List<Integer> candidateSigns = new ArrayList<>();
        for (Pricing.Price p : priced.above()) {
            candidates.add(p.direction());
            candidateSigns.add(p.group().sign());
        }
        // the solver's own blocks belong to the optimal set too (a safeguard against an inaccurate λ)
        for (Map.Entry<Group, double[]> b : solution.blocks().entrySet()) {
            candidates.add(b.getValue());
            candidateSigns.add(b.getKey().sign());
        }
        List<double[]> dirs = new ArrayList<>();
        List<Integer> signs = new ArrayList<>();
        for (int cI = 0; cI < candidates.size(); cI++) {
            double[] d = candidates.get(cI).clone();
            double nd = Linear.norm(d);
            if (nd == 0) {
                continue;
            }
            for (int j = 0; j < d.length; j++) {
                d[j] /= nd;
            }
            int s = candidateSigns.get(cI);
            boolean dup = false;
            for (int e = 0; e < dirs.size() && !dup; e++) {
                // distinct optimal directions never share a closed cone (the price's maximiser over a cone is
                // unique), so same-sign candidates sharing one are the same neuron up to rounding
                dup = signs.get(e) == s && (dist(dirs.get(e), d) <= MERGE_TOL
                        || NetStructure.shareClosedCone(x, dirs.get(e), d));
            }
            if (!dup) {
                dirs.add(d);
                signs.add(s);
            }
        }
        int m = dirs.size();
        double[][] g = new double[m][];
        for (int e = 0; e < m; e++) {
            g[e] = Linear.reluFit(x, dirs.get(e));
            for (int k = 0; k < g[e].length; k++) {
                g[e][k] *= signs.get(e);
            }
        }
        // the solver's own point in these directions: its residual sets the tolerance
        double[] a0 = new double[m];
        double[] fit0 = new double[y.length];
        for (Map.Entry<Group, double[]> b : solution.blocks().entrySet()) {
            double[] w = b.getValue();
            double nw = Linear.norm(w);
            int best = -1;
            double bestDist = Double.POSITIVE_INFINITY;
            for (int e = 0; e < m; e++) {
                if (signs.get(e) != b.getKey().sign()) {
                    continue;
                }
                double dd = dist(dirs.get(e), scale(w, 1 / nw));
                if (dd < bestDist) {
                    bestDist = dd;
                    best = e;
                }
            }
            if (best >= 0) {
                a0[best] += nw;
            }
        }
        for (int e = 0; e < m; e++) {
            for (int k = 0; k < y.length; k++) {
                fit0[k] += a0[e] * g[e][k];
            }
        }
        double res0 = 0;
        double yScale = 0;
        for (int k = 0; k < y.length; k++) {
            res0 = Math.max(res0, Math.abs(fit0[k] - yhat[k]));
            yScale = Math.max(yScale, Math.abs(y[k]));
        }
        double tol = Math.max(1e-8 * Math.max(1, yScale), 10 * res0);
        int rank = Linear.rank(g, 1e-10);
        int[] lps = {0};

        // m*: supports of increasing size
        int mStar = -1;
        boolean exact = false;
        int lower = 1;
        double[] sparsest = null;
        if (m == 0) {
            mStar = 0;
            exact = true;
            lower = 0;
        }
        for (int k = 1; k <= Math.min(m, rank) && mStar < 0; k++) {
            long count = binomial(m, k);
            if (lps[0] + count > MAX_LPS) {
                break;
            }
            int[] idx = new int[k];
            for (int t = 0; t < k; t++) {
                idx[t] = t;
            }
            do {
                boolean[] allowed = new boolean[m];
                for (int t : idx) {
                    allowed[t] = true;
                }
                double[] a = lp(g, yhat, tol, allowed, -1, false, lps);
                if (a != null) {
                    mStar = k;
                    exact = true;
                    sparsest = a;
                    break;
                }
            } while (next(idx, m));
            lower = k + 1;
            if (mStar > 0) {
                lower = mStar;
            }
        }
        boolean[] all = new boolean[m];
        java.util.Arrays.fill(all, true);
        if (mStar < 0) {
            double[] v = lp(g, yhat, tol, all, -1, false, lps);
            if (v == null) {
                v = a0;
            }
            sparsest = polish(g, yhat, v);
            mStar = support(sparsest);
        }
        // uniqueness: range of every a_g over A*
        double[] ranges = new double[m];
        double total = 0;
        for (double v : a0) {
            total += v;
        }
        double worst = 0;
        int worstIdx = -1;
        double[] lo = null;
        double[] hi = null;
        for (int e = 0; e < m; e++) {
            double[] amin = lp(g, yhat, tol, all, e, false, lps);
            double[] amax = lp(g, yhat, tol, all, e, true, lps);
            if (amin == null || amax == null) {
                continue;
            }
            ranges[e] = amax[e] - amin[e];
            if (ranges[e] > worst) {
                worst = ranges[e];
                worstIdx = e;
                lo = amin;
                hi = amax;
            }
        }
        boolean unique = worstIdx < 0 || worst <= 1e-6 * Math.max(1, total);
        List<ReluNet> nets = new ArrayList<>();
        if (unique) {
            nets.add(toNet(program, dirs, signs, polish(g, yhat, sparsest == null ? a0 : sparsest)));
        } else {
            nets.add(toNet(program, dirs, signs, polish(g, yhat, lo)));
            nets.add(toNet(program, dirs, signs, polish(g, yhat, hi)));
        }
        double[] objectives = new double[nets.size()];
        for (int t = 0; t < nets.size(); t++) {
            objectives[t] = nets.get(t).objective(program.data(), beta);
        }
        return new Result(y.length, priced.above().size(), m, rank, mStar, exact, exact ? mStar : lower, unique,
                nets, objectives, ranges, tol, slack, lps[0]);
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

    /** Drops the tiny entries of an LP vertex and refits its support exactly (least squares), if still ≥ 0. */
    static double[] polish(double[][] g, double[] yhat, double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, v);
        }
        List<Integer> supp = new ArrayList<>();
        for (int e = 0; e < a.length; e++) {
            if (a[e] > 1e-9 * max) {
                supp.add(e);
            }
        }
        double[][] cols = new double[supp.size()][];
        for (int t = 0; t < cols.length; t++) {
            cols[t] = g[supp.get(t)];
        }
        double[] out = new double[a.length];
        if (Linear.nullVector(cols, 1e-10) == null) {
            double[] ls = Linear.leastSquares(cols, yhat);
            boolean ok = ls != null;
            for (int t = 0; ok && t < ls.length; t++) {
                ok = ls[t] > 0;
            }
            if (ok) {
                for (int t = 0; t < ls.length; t++) {
                    out[supp.get(t)] = ls[t];
                }
                return out;
            }
        }
        for (int t : supp) {
            out[t] = a[t];
        }
        return out;
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
     * LP over a ≥ 0 (a_g = 0 where not allowed) with |Σ a_g G_g − ŷ| ≤ tol per sample; objective a_obj (min or
     * max) or, with obj &lt; 0, Σ a. Returns a vertex, or null when infeasible.
     */
    static double[] lp(double[][] g, double[] yhat, double tol, boolean[] allowed, int obj, boolean maximise,
            int[] lps) {
        lps[0]++;
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

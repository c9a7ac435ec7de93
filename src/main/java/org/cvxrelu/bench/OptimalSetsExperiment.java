package org.cvxrelu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.optimal.NetStructure;
import org.cvxrelu.optimal.NetToConvex;
import org.cvxrelu.optimal.OptimalSet;
import org.cvxrelu.optimal.Pruning;
import org.cvxrelu.optimal.RestrictedBound;
import org.cvxrelu.solver.SolverSettings;

/**
 * Paper 004 (Mishkin and Pilanci, optimal sets) on planted instances (a k-neuron ReLU teacher,
 * {@link InstanceGenerator#teacher}): for each instance and β,
 * <ol>
 * <li>the ψ/φ round trip: L_β(ψ(W*)) = P_c(W*), and φ(ψ(W*)) = W* block by block;</li>
 * <li>split then prune: the optimal net split into three copies per neuron keeps its objective, is nearly
 * minimal but not minimal, and {@link Pruning} brings it back to a minimal net with the same objective;</li>
 * <li>m* ≤ n + 1, with m* from {@link OptimalSet} (the method that proved it is recorded), every net it
 * returns checked against the certified lower bound, and where the subsets are few the best net of width
 * m* − 1 certified worse ({@link RestrictedBound} over every subset of groups);</li>
 * <li>uniqueness: whether an optimal net of another support was found (then the widest is reported).</li>
 * </ol>
 */
public final class OptimalSetsExperiment implements Experiment {
    /** RestrictedBound at width m* − 1 runs only when it has at most this many subsets. */
    static final long MAX_SUBSETS = 600;

    @Override
    public String name() {
        return "optimal-sets";
    }

    @Override
    public Map<String, Object> run(Path out, long seed, boolean quick) {
        Reproduce.mkdirs(out);
        int[][] shapes = quick ? new int[][] {{10, 2, 2}, {12, 2, 3}}
                : new int[][] {{10, 1, 2}, {12, 2, 2}, {16, 2, 3}, {20, 2, 2}, {20, 3, 3}, {30, 2, 4}};
        double[] betas = quick ? new double[] {0.05} : new double[] {0.01, 0.1};
        Table table = new Table("n", "d", "k", "beta", "pStar", "lowerBound", "relativeGap", "psiObjectiveError",
                "phiBlockError", "splitWidth", "splitNearlyMinimal", "splitMinimal", "prunedWidth", "prunedMinimal",
                "pruneObjectiveError", "mStar", "mStarLowerBound", "method", "nPlusOne", "narrowestExcess",
                "widestWidth", "widestExcess", "unique", "belowMStarLowerBound", "belowMStarSubsets", "seconds");
        List<Map<String, Object>> rows = new ArrayList<>();
        int allBounded = 0;
        int exactCount = 0;
        double worstExcess = 0;
        double worstRoundTrip = 0;
        double worstPrune = 0;
        int count = 0;
        for (int[] sh : shapes) {
            int n = sh[0];
            int d = sh[1];
            int k = sh[2];
            Dataset data = InstanceGenerator.teacher(n, d, k, seed * 1000 + 17L * n + 5L * d + k, 0.0);
            for (double beta : betas) {
                long t0 = System.nanoTime();
                SolveOptions opts = SolveOptions.defaults()
                        .withSettings(SolverSettings.defaults().withRelativeGap(OptimalSet.ANALYSE_GAP))
                        .withEnumerate(true); // the optimal set is read off every cell's price
                SolveResult res = CvxRelu.solve(data, beta, opts);
                ConvexSolution w = res.solution();
                double pc = w.objective(res.program());
                // ψ/φ round trip
                ReluNet psi = w.toNet(res.program());
                double psiErr = Math.abs(psi.objective(data, beta) - pc) / pc;
                ConvexSolution back = NetToConvex.phi(res.program(), psi);
                double phiErr = 0;
                for (Map.Entry<Group, double[]> b : w.blocks().entrySet()) {
                    double[] v = back.block(b.getKey());
                    double nb = norm(b.getValue());
                    double best = v == null ? Double.POSITIVE_INFINITY : dist(v, b.getValue()) / nb;
                    if (v == null) {
                        // a block on a cell boundary may move to a neighbouring group with the same fit
                        for (Map.Entry<Group, double[]> c : back.blocks().entrySet()) {
                            if (c.getKey().sign() == b.getKey().sign()) {
                                best = Math.min(best, dist(c.getValue(), b.getValue()) / nb);
                            }
                        }
                    }
                    phiErr = Math.max(phiErr, best);
                }
                // split then prune
                ReluNet opt = Pruning.prune(data, beta, psi).net();
                ReluNet split = opt.split(0.5, 0.3, 0.2);
                NetStructure ss = NetStructure.of(data, beta, split);
                Pruning.Result pr = Pruning.prune(data, beta, split);
                double pruneErr = Math.abs(pr.objective() - opt.objective(data, beta)) / pc;
                NetStructure ps = NetStructure.of(data, beta, pr.net());
                // the optimal set
                OptimalSet.Result set = OptimalSet.of(res.program(), w, res.lowerBound());
                double[] ex = set.relativeExcess();
                double narrowEx = ex[0];
                int widest = set.nets().size() > 1 ? set.nets().get(1).width() : set.nets().get(0).width();
                double widestEx = ex.length > 1 ? ex[1] : ex[0];
                double below = Double.NaN;
                long subsets = 0;
                if (set.mStarExact() && set.mStar() >= 1
                        && binomial(res.program().groupCount(), set.mStar() - 1) <= MAX_SUBSETS) {
                    RestrictedBound.Width wd = RestrictedBound.narrowest(res.program(), set.mStar() - 1, 1500);
                    below = wd.lowerBound();
                    subsets = wd.subsets();
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                table.add(n, d, k, beta, res.objective(), res.lowerBound(), res.relativeGap(), psiErr, phiErr,
                        split.width(), ss.nearlyMinimal(), ss.minimal(), pr.neuronsAfter(), ps.minimal(), pruneErr,
                        set.mStar(), set.mStarLowerBound(), set.method(), n + 1, narrowEx, widest, widestEx,
                        set.unique(), below, subsets, secs);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("n", n);
                row.put("d", d);
                row.put("k", k);
                row.put("beta", beta);
                row.put("pStar", res.objective());
                row.put("mStar", set.mStar());
                row.put("mStarLowerBound", set.mStarLowerBound());
                row.put("method", set.method());
                row.put("unique", set.unique());
                row.put("widths", set.nets().stream().map(ReluNet::width).toList());
                row.put("prunedWidth", pr.neuronsAfter());
                row.put("belowMStarLowerBoundOverPStar", Double.isNaN(below) ? null : below / res.objective());
                rows.add(row);
                count++;
                allBounded += set.mStar() <= n + 1 ? 1 : 0;
                exactCount += set.mStarExact() ? 1 : 0;
                for (double e : ex) {
                    worstExcess = Math.max(worstExcess, e);
                }
                worstRoundTrip = Math.max(worstRoundTrip, Math.max(psiErr, phiErr));
                worstPrune = Math.max(worstPrune, pruneErr);
            }
        }
        table.write(out.resolve("optimal_sets.csv"));
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("instances", count);
        res.put("mStarAtMostNPlusOne", allBounded);
        res.put("mStarExact", exactCount);
        res.put("worstRelativeExcessOfNets", worstExcess);
        res.put("worstRoundTripError", worstRoundTrip);
        res.put("worstPruneObjectiveError", worstPrune);
        res.put("rows", rows);
        res.put("files", List.of("optimal_sets.csv"));
        return res;
    }

    static long binomial(int n, int k) {
        double b = 1;
        for (int t = 1; t <= k; t++) {
            b = b * (n - k + t) / t;
        }
        return b > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : (long) b;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double dist(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return Math.sqrt(s);
    }
}

package org.cvxrelu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.optimal.OptimalSet;
import org.cvxrelu.train.Optimizer;
import org.cvxrelu.train.RestartSummary;
import org.cvxrelu.train.Schedule;
import org.cvxrelu.train.TrainOptions;
import org.cvxrelu.train.TrainResult;
import org.cvxrelu.train.Trainer;
import org.cvxrelu.solver.Progress;

/**
 * An extension of Safran &amp; Shamir's question (survey, paper 002, Fig. 4), judged by the certified optimum: how
 * often does training from a random initialisation end above the global minimum of a regularised finite-sample
 * loss? (Their own experiment, on the population loss, is {@link SafranShamirPopulation}.) Here "global" is not
 * guessed from the teacher but certified: cvxrelu solves the
 * convex program on the same data and β with exact patterns, giving P* (objective of a net) and a lower bound
 * P_low ≤ global optimum with relative gap ≤ 1e-6. A run ends at a non-global point when its final L_β exceeds
 * P* by more than a relative tolerance, (L_β − P*)/P* &gt; tol.
 *
 * <p>Data: {@link InstanceGenerator#teacher} with k neurons, d = 2 (exact patterns are cheap), noiseless;
 * students of width m₀ and m₀ + 1, m₀ = max(k, m*), trained by Adam (full batch) from R random initialisations,
 * where m* is {@link OptimalSet}'s minimal width of an optimal net (an upper bound where not exact): only at
 * widths m ≥ m* can a student reach P* at all, so a run above P* there is an optimisation failure, not a
 * capacity limit.
 */
public final class SafranShamirExperiment implements Experiment {
    /** The tolerance that defines "ends at a non-global minimum". */
    public static final double TOLERANCE = 1e-3;
    /** The tighter tolerance also reported. */
    public static final double TIGHT = 1e-6;

    @Override
    public String name() {
        return "safran-shamir";
    }

    /** (L_β − P*)/P*, the relative excess of an objective over the certified optimum. */
    public static double excess(double objective, double pStar) {
        return (objective - pStar) / pStar;
    }

    /** True when {@code objective} is within the relative tolerance of P* (a "global" run). */
    public static boolean isGlobal(double objective, double pStar, double tolerance) {
        return Double.isFinite(objective) && excess(objective, pStar) <= tolerance;
    }

    /** The certified optimum of the data set at β (exact patterns); refuses an uncertified answer. */
    public static SolveResult certifiedOptimum(Dataset data, double beta) {
        SolveResult r = CvxRelu.solve(data, beta, SolveOptions.defaults());
        if (!r.certified()) {
            throw new IllegalStateException("optimum not certified (patterns not exact)");
        }
        return r;
    }

    /** Settings of the students' training. */
    public static TrainOptions studentOptions(double beta, int width, int epochs, int restarts, long seed) {
        return TrainOptions.defaults(beta, width).withOptimizer(Optimizer.ADAM).withBatchSize(Integer.MAX_VALUE / 2)
                .withLearningRate(0.02).withSchedule(Schedule.COSINE).withEpochs(epochs).withRestarts(restarts)
                .withSeed(seed);
    }

    @Override
    public Map<String, Object> run(Path out, long seed, boolean quick) {
        Reproduce.mkdirs(out);
        int d = 2;
        int n = quick ? 20 : 36;
        int[] ks = quick ? new int[] {2, 3} : new int[] {2, 3, 4, 5, 6};
        int restarts = quick ? 4 : 30;
        int epochs = quick ? 1500 : 15000;
        double beta = 1e-2;
        Table runs = new Table("k", "m", "run", "seed", "objective", "pStar", "lowerBound", "relativeExcess",
                "nonGlobal", "withinTight");
        Table table = new Table("k", "m", "n", "d", "beta", "runs", "pStar", "relativeGap", "optimalNeurons",
                "widthFloor", "bestExcess", "medianExcess", "nonGlobalPercent", "withinTightPercent", "solveSeconds",
                "trainSeconds");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k : ks) {
            Dataset data = InstanceGenerator.teacher(n, d, k, seed + k, 0.0);
            SolveResult opt = certifiedOptimum(data, beta);
            double pStar = opt.objective();
            OptimalSet.Result set = OptimalSet.of(opt.program(), opt.solution(), opt.lowerBound());
            // m* exact, or an upper bound on it: either way no narrower student is run
            int floor = Math.max(k, set.mStar());
            for (int m : new int[] {floor, floor + 1}) {
                TrainResult tr = Trainer.train(data, studentOptions(beta, m, epochs, restarts, seed * 31 + 7L * k + m),
                        Progress.NONE);
                int bad = 0;
                int tight = 0;
                double[] ex = new double[restarts];
                for (RestartSummary s : tr.restarts()) {
                    double e = excess(s.objective(), pStar);
                    ex[s.restart()] = e;
                    boolean global = isGlobal(s.objective(), pStar, TOLERANCE);
                    boolean t = isGlobal(s.objective(), pStar, TIGHT);
                    bad += global ? 0 : 1;
                    tight += t ? 1 : 0;
                    runs.add(k, m, s.restart(), s.seed(), s.objective(), pStar, opt.lowerBound(), e, !global, t);
                }
                double[] sorted = ex.clone();
                java.util.Arrays.sort(sorted);
                double median = sorted[restarts / 2];
                double pctBad = 100.0 * bad / restarts;
                double pctTight = 100.0 * tight / restarts;
                table.add(k, m, n, d, beta, restarts, pStar, opt.relativeGap(), opt.neurons(), floor, sorted[0],
                        median, pctBad, pctTight, opt.seconds(), tr.seconds());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("k", k);
                row.put("m", m);
                row.put("runs", restarts);
                row.put("pStar", pStar);
                row.put("optimalNeurons", opt.neurons());
                row.put("widthFloor", floor);
                row.put("widthFloorFromExactMStar", set.mStarExact() || floor == k);
                row.put("bestExcess", sorted[0]);
                row.put("medianExcess", median);
                row.put("nonGlobalPercent", pctBad);
                row.put("withinTightPercent", pctTight);
                rows.add(row);
            }
        }
        runs.write(out.resolve("safran_shamir_runs.csv"));
        table.write(out.resolve("safran_shamir.csv"));
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("experiment", name());
        res.put("label", "extension judged by the certified optimum (finite sample, weight decay); widths m ≥ m*");
        res.put("seed", seed);
        res.put("n", n);
        res.put("d", d);
        res.put("beta", beta);
        res.put("optimizer", "adam (full batch, lr 0.02, cosine schedule)");
        res.put("epochs", epochs);
        res.put("tolerance", TOLERANCE);
        res.put("tightTolerance", TIGHT);
        res.put("table", rows);
        res.put("files", List.of("safran_shamir.csv", "safran_shamir_runs.csv"));
        return res;
    }
}

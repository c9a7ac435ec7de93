package org.cvxrelu.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import org.cvxrelu.train.GaussianReluPopulationLoss;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.R064Store;

/**
 * Safran &amp; Shamir's experiment as the survey (paper 002, Sec. 3 and Fig. 4) reports it: how often plain gradient
 * descent on the population loss of a student f(x) = Σ_{i≤m} σ(w_iᵀx) (output weights +1, no bias) fitting an
 * orthonormal teacher y = Σ_{j≤k} σ(e_jᵀx), x ~ N(0, I_k), stops at a bad local minimum.
 *
 * <p>One run: w_i ~ N(0, I/k) independently (rotation invariant, so the identity teacher loses no generality), then
 * w ← w − η∇F(w) on the closed form {@link GaussianReluPopulationLoss} until ‖∇F‖ &lt; {@link Settings#gradientTolerance}
 * or the iteration cap. The run <b>ends at a bad local minimum</b> when it stopped with F &gt; {@link #BAD_LOSS}.
 * Shortcut that keeps this classification exact: a run stops as soon as F ≤ {@link #BAD_LOSS}, since every step is
 * checked to decrease F (a run whose F ever rises is restarted from the same point with half the step), so F can
 * never climb back above the threshold.
 *
 * <p>Runs are independent, run in parallel, and each draws its start from a seed derived from (S, k, m, run index)
 * alone: the results do not depend on the number of threads.
 */
public final class SafranShamirPopulation {
    /** A run that stops above this population loss has converged to a bad local minimum. */
    public static final double BAD_LOSS = 1e-3;
    /** Relative distance below which two bad minima's losses count as one value. */
    public static final double CLUSTER_TOLERANCE = 1e-6;
    /**
     * A rise of F by more than this times ½E[y²] (the size of the terms that cancel in F) counts as a failed, too
     * large step; smaller rises are rounding.
     */
    static final double RISE_TOLERANCE = 1e-11;
    /** Step halvings before a run gives up (F not finite, or rising at every step). */
    static final int MAX_HALVINGS = 40;

    /**
     * Settings of gradient descent.
     *
     * @param stepScale         η = stepScale/(1 + m/4); 1/(1 + m/4) is about 1/λ_max of ∇²F at the teacher
     *                          (λ_max = 2.07, 2.60, 3.65, 5.70 for k = m = 6, 8, 12, 20)
     * @param gradientTolerance stop when ‖∇F‖ (Euclidean, over all m·k entries) is below it
     * @param maxIterations     iteration cap
     */
    public record Settings(double stepScale, double gradientTolerance, int maxIterations) {
        public static Settings defaults() {
            return new Settings(1.0, 1e-8, 200_000);
        }

        public double step(int m) {
            return stepScale / (1 + m / 4.0);
        }
    }

    /** How a run ended. */
    public enum Outcome {
        /** F ≤ {@link #BAD_LOSS}. */
        GLOBAL,
        /** ‖∇F‖ below the tolerance with F above {@link #BAD_LOSS}: a bad local minimum (or critical point). */
        BAD_MINIMUM,
        /** Iteration cap with F above {@link #BAD_LOSS} (counted as bad, reported apart). */
        CAPPED
    }

    /**
     * One run of gradient descent.
     *
     * @param halvings how often the step was halved because F rose
     */
    public record Run(int index, long seed, Outcome outcome, double loss, double gradientNorm, int iterations,
            double step, int halvings) {
        public boolean bad() {
            return outcome != Outcome.GLOBAL;
        }
    }

    /** A value at which bad runs stopped (losses within {@link #CLUSTER_TOLERANCE} relative of each other). */
    public record Cluster(double loss, int runs, int exampleRun) {
    }

    /** One row of the table: R runs at (k, m). */
    public record Row(int k, int m, int runs, long seed, Settings settings, List<Run> results, double seconds) {
        public int bad() {
            return (int) results.stream().filter(Run::bad).count();
        }

        public int capped() {
            return (int) results.stream().filter(r -> r.outcome() == Outcome.CAPPED).count();
        }

        public double badPercent() {
            return 100.0 * bad() / runs;
        }

        public List<Cluster> clusters() {
            return SafranShamirPopulation.clusters(results);
        }
    }

    private SafranShamirPopulation() {
    }

    /** The rows of the survey's Fig. 4: k = m = 6 … 20, then m = k + 1 for k = 8 … 19. */
    public static List<int[]> tableRows() {
        List<int[]> rows = new ArrayList<>();
        for (int k = 6; k <= 20; k++) {
            rows.add(new int[] {k, k});
        }
        for (int k = 8; k <= 19; k++) {
            rows.add(new int[] {k, k + 1});
        }
        return rows;
    }

    /**
     * The survey's percentage for (k, m) (Fig. 4, cited from Safran &amp; Shamir), or null where the table has no
     * entry or the extraction is illegible (k = m = 20 reads "01%"; k = 9, m = 10 is not in the table).
     */
    public static Double surveyPercent(int k, int m) {
        double[] equal = {0.3, 5.5, 12.6, 21.8, 34.6, 45.5, 58.5, 73, 73.6, 80.3, 85.1, 89.7, 90, 93.4};
        if (m == k && k >= 6 && k <= 19) {
            return equal[k - 6];
        }
        if (m == k + 1) {
            switch (k) {
                case 8: return 0.1;
                case 10: return 0.1;
                case 11: return 0.1;
                case 12: return 0.3;
                case 13: return 1.5;
                case 14: return 5.5;
                case 15: return 10.1;
                case 16: return 18.0;
                case 17: return 20.9;
                case 18: return 36.9;
                case 19: return 49.1;
                default: return null;
            }
        }
        return null;
    }

    /** The seed of run {@code index} of row (k, m) under base seed S (SplitMix64 finaliser of a combination). */
    public static long runSeed(long seed, int k, int m, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + (k * 1_000_003L + m) * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The starting point of a run: m rows with entries N(0, 1/k). */
    public static double[][] initialWeights(int k, int m, long runSeed) {
        SplittableRandom rng = new SplittableRandom(runSeed);
        double s = 1 / Math.sqrt(k);
        double[][] w = new double[m][k];
        for (double[] row : w) {
            for (int c = 0; c < k; c++) {
                row[c] = s * rng.nextGaussian();
            }
        }
        return w;
    }

    /** Runs gradient descent from {@code w0} (not modified); see the class comment. */
    public static Run descend(GaussianReluPopulationLoss f, double[][] w0, Settings settings, int index, long seed) {
        int m = w0.length;
        double step = settings.step(m);
        for (int halvings = 0; ; halvings++) {
            Run r = descendWithStep(f, w0, step, settings, index, seed, halvings);
            if (r != null) {
                return r;
            }
            if (halvings == MAX_HALVINGS) {
                throw new IllegalStateException("F rose at every step size down to " + step + " (not finite?)");
            }
            step /= 2;
        }
    }

    /** One attempt at a fixed step; null when F rose (the caller halves the step). */
    private static Run descendWithStep(GaussianReluPopulationLoss f, double[][] w0, double step, Settings settings,
            int index, long seed, int halvings) {
        int m = w0.length;
        int d = w0[0].length;
        double[][] w = new double[m][];
        for (int i = 0; i < m; i++) {
            w[i] = w0[i].clone();
        }
        double[][] g = new double[m][d];
        double previous = Double.POSITIVE_INFINITY;
        double tol2 = settings.gradientTolerance() * settings.gradientTolerance();
        double rise = RISE_TOLERANCE * Math.max(1, f.teacherEnergy());
        for (int t = 0; ; t++) {
            double loss = f.lossAndGradient(w, g);
            if (!(loss <= previous + rise)) {
                return null;
            }
            previous = loss;
            double g2 = 0;
            for (double[] row : g) {
                for (double x : row) {
                    g2 += x * x;
                }
            }
            if (loss <= BAD_LOSS) {
                return new Run(index, seed, Outcome.GLOBAL, loss, Math.sqrt(g2), t, step, halvings);
            }
            if (g2 < tol2) {
                return new Run(index, seed, Outcome.BAD_MINIMUM, loss, Math.sqrt(g2), t, step, halvings);
            }
            if (t == settings.maxIterations()) {
                return new Run(index, seed, Outcome.CAPPED, loss, Math.sqrt(g2), t, step, halvings);
            }
            for (int i = 0; i < m; i++) {
                double[] wi = w[i];
                double[] gi = g[i];
                for (int c = 0; c < d; c++) {
                    wi[c] -= step * gi[c];
                }
            }
        }
    }

    /**
     * The final point of a run of {@link #row} at (k, m) (started from {@link #initialWeights} of its seed),
     * replayed with its final step: for inspecting a bad minimum.
     */
    public static double[][] finalWeights(int k, int m, Run run) {
        GaussianReluPopulationLoss f = GaussianReluPopulationLoss.orthonormalTeacher(k);
        double[][] w = initialWeights(k, m, run.seed());
        double[][] g = new double[w.length][k];
        for (int t = 0; t < run.iterations(); t++) {
            f.lossAndGradient(w, g);
            for (int i = 0; i < w.length; i++) {
                for (int c = 0; c < k; c++) {
                    w[i][c] -= run.step() * g[i][c];
                }
            }
        }
        return w;
    }

    /** R runs at (k, m) on {@code threads} threads (≤ 0: all processors). */
    public static Row row(int k, int m, int runs, long seed, Settings settings, int threads) {
        long t0 = System.nanoTime();
        Run[] out = new Run[runs];
        Runnable body = () -> IntStream.range(0, runs).parallel().forEach(r -> {
            long s = runSeed(seed, k, m, r);
            GaussianReluPopulationLoss f = GaussianReluPopulationLoss.orthonormalTeacher(k);
            out[r] = descend(f, initialWeights(k, m, s), settings, r, s);
        });
        int p = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ForkJoinPool pool = new ForkJoinPool(p);
        try {
            pool.submit(body).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
        return new Row(k, m, runs, seed, settings, List.of(out), (System.nanoTime() - t0) / 1e9);
    }

    /** The distinct losses of the bad runs, most frequent first (ties: lower loss first). */
    public static List<Cluster> clusters(List<Run> runs) {
        List<Run> bad = new ArrayList<>(runs.stream().filter(Run::bad).toList());
        bad.sort((a, b) -> Double.compare(a.loss(), b.loss()));
        List<Cluster> out = new ArrayList<>();
        int i = 0;
        while (i < bad.size()) {
            int j = i + 1;
            while (j < bad.size() && bad.get(j).loss() - bad.get(j - 1).loss()
                    <= CLUSTER_TOLERANCE * bad.get(j).loss()) {
                j++;
            }
            double mean = 0;
            for (int q = i; q < j; q++) {
                mean += bad.get(q).loss() / (j - i);
            }
            out.add(new Cluster(mean, j - i, bad.get(i).index()));
            i = j;
        }
        out.sort((a, b) -> a.runs() != b.runs() ? Integer.compare(b.runs(), a.runs())
                : Double.compare(a.loss(), b.loss()));
        return out;
    }

    /**
     * The smallest eigenvalue of ∇²F at w, from central finite differences of the closed-form gradient
     * (step h), symmetrised. Positive at a strict local minimum.
     */
    public static double minHessianEigenvalue(GaussianReluPopulationLoss f, double[][] w, double h) {
        int m = w.length;
        int d = w[0].length;
        int n = m * d;
        double[][] hess = new double[n][n];
        double[][] gp = new double[m][d];
        double[][] gm = new double[m][d];
        double[][] x = new double[m][];
        for (int i = 0; i < m; i++) {
            x[i] = w[i].clone();
        }
        for (int p = 0; p < n; p++) {
            int i = p / d;
            int c = p % d;
            double old = x[i][c];
            x[i][c] = old + h;
            f.lossAndGradient(x, gp);
            x[i][c] = old - h;
            f.lossAndGradient(x, gm);
            x[i][c] = old;
            for (int q = 0; q < n; q++) {
                hess[q][p] = (gp[q / d][q % d] - gm[q / d][q % d]) / (2 * h);
            }
        }
        R064Store s = R064Store.FACTORY.make(n, n);
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                s.set(p, q, 0.5 * (hess[p][q] + hess[q][p]));
            }
        }
        Eigenvalue<Double> ev = Eigenvalue.R064.make(true);
        ev.decompose(s);
        double[] values = new double[n];
        ev.getEigenvalues(values, Optional.empty());
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    /**
     * Runs the given rows (each {k, m}) with R runs each, calling {@code onRow} after each; writes
     * safran_shamir_population.csv (one line per row) into {@code out} unless it is null.
     *
     * @return the summary: settings, the rows' summaries, total seconds
     */
    public static Map<String, Object> table(List<int[]> rows, int runs, long seed, Settings settings, int threads,
            java.nio.file.Path out, java.util.function.Consumer<Row> onRow) {
        long t0 = System.nanoTime();
        Table csv = new Table("k", "m", "runs", "seed", "bad", "badPercent", "surveyPercent", "binomialStdPercent",
                "capped", "distinctBadLosses", "mostFrequentBadLoss", "iterationsMedian", "iterationsMax", "step",
                "seconds");
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (int[] km : rows) {
            Row row = row(km[0], km[1], runs, seed, settings, threads);
            Map<String, Object> sm = summary(row);
            summaries.add(sm);
            List<Cluster> cl = row.clusters();
            csv.add(row.k(), row.m(), row.runs(), seed, row.bad(), row.badPercent(),
                    sm.get("surveyPercent") == null ? "" : sm.get("surveyPercent"),
                    sm.get("binomialStdPercent") == null ? "" : sm.get("binomialStdPercent"), row.capped(), cl.size(),
                    cl.isEmpty() ? "" : cl.get(0).loss(), sm.get("iterationsMedian"), sm.get("iterationsMax"),
                    settings.step(row.m()), row.seconds());
            if (onRow != null) {
                onRow.accept(row);
            }
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("experiment", "safran-shamir --population");
        res.put("setting", "f(x) = Σ_{i≤m} σ(w_iᵀx) vs y = Σ_{j≤k} σ(e_jᵀx), x ~ N(0, I_k), F = ½E[(f − y)²] in closed form");
        res.put("init", "w_i ~ N(0, I/k)");
        res.put("stepRule", "η = " + settings.stepScale() + "/(1 + m/4), halved on any rise of F");
        res.put("gradientTolerance", settings.gradientTolerance());
        res.put("iterationCap", settings.maxIterations());
        res.put("badLoss", BAD_LOSS);
        res.put("runs", runs);
        res.put("seed", seed);
        res.put("rows", summaries);
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        if (out != null) {
            Reproduce.mkdirs(out);
            csv.write(out.resolve("safran_shamir_population.csv"));
            res.put("files", List.of("safran_shamir_population.csv"));
        }
        return res;
    }

    /** A summary of a row for JSON output (plain maps and lists). */
    public static Map<String, Object> summary(Row row) {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("k", row.k());
        res.put("m", row.m());
        res.put("runs", row.runs());
        res.put("seed", row.seed());
        res.put("bad", row.bad());
        res.put("badPercent", row.badPercent());
        Double survey = surveyPercent(row.k(), row.m());
        res.put("surveyPercent", survey);
        if (survey != null) {
            double p = survey / 100;
            double sd = Math.sqrt(Math.max(p * (1 - p), 1e-300) / row.runs()) * 100;
            res.put("binomialStdPercent", sd);
            res.put("zScore", (row.badPercent() - survey) / sd);
        }
        res.put("capped", row.capped());
        List<Map<String, Object>> cl = new ArrayList<>();
        for (Cluster c : row.clusters()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("loss", c.loss());
            e.put("runs", c.runs());
            e.put("exampleRun", c.exampleRun());
            cl.add(e);
        }
        res.put("badMinimumLosses", cl);
        int[] its = row.results().stream().mapToInt(Run::iterations).sorted().toArray();
        res.put("iterationsMedian", its[its.length / 2]);
        res.put("iterationsMax", its[its.length - 1]);
        res.put("stepHalvings", row.results().stream().mapToInt(Run::halvings).sum());
        res.put("step", row.settings().step(row.m()));
        res.put("seconds", row.seconds());
        return res;
    }
}

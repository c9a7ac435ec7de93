package org.cvxrelu.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.Progress;
import org.cvxrelu.solver.SolverSettings;
import org.cvxrelu.solver.WorkingSetSolver;
import org.cvxrelu.train.Optimizer;
import org.cvxrelu.train.RestartSummary;
import org.cvxrelu.train.TrainOptions;
import org.cvxrelu.train.TrainResult;
import org.cvxrelu.train.Trainer;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Convex backends against gradient methods, side by side on each case: time to the certified optimum (ipm,
 * fista; joptimizer on the ipm support), and for GD/SGD/Adam with R restarts the time to come within 1e-3 and
 * 1e-6 of P* and the fraction of restarts that do. Writes {@code bench.csv} and one PNG per case
 * (relative gap against time, log scale: the certified gap for the convex backends, (L − P*)/P* of the best
 * restart for the gradient methods).
 */
public final class BenchRunner {
    /** Gaps below this are drawn at this value on the log axis. */
    static final double FLOOR = 1e-12;
    private static final Pattern GAP = Pattern.compile("gap[= ]+([-+0-9.eE]+|NaN|Infinity)");

    private final BenchConfig config;
    private final Progress progress;
    private final List<BenchRow> rows = new ArrayList<>();

    public BenchRunner(BenchConfig config, Progress progress) {
        this.config = config;
        this.progress = progress;
    }

    public List<BenchRow> rows() {
        return List.copyOf(rows);
    }

    // ------------------------------------------------------------------ cases

    /** The project's instances plus standardised subsets of the public data sets. */
    public static List<BenchCase> cases(Path instances, Path datasets, boolean quick, double[] betas) {
        List<BenchCase> out = new ArrayList<>();
        String[] inst = quick ? new String[] {"teacher_n12_d2"}
                : new String[] {"teacher_n12_d2", "teacher_n30_d2", "teacher_n40_d3", "teacher_n24_d4"};
        for (String name : inst) {
            Path f = instances.resolve(name + ".csv");
            if (Files.isRegularFile(f)) {
                Dataset ds = CsvDataReader.read(f);
                for (double b : betas) {
                    out.add(new BenchCase(name, ds, b, PatternOptions.exact(true), "instances/" + name + ".csv as is"));
                }
            }
        }
        // real data: 2 features, a seeded row subset, standardised features and target, exact patterns
        record Real(String file, int[] features, int rows) {
        }
        List<Real> real = quick ? List.of(new Real("yacht", new int[] {5, 1}, 20))
                : List.of(new Real("yacht", new int[] {5, 1}, 40), new Real("airfoil", new int[] {0, 4}, 40),
                        new Real("auto_mpg", new int[] {3, 2}, 40),
                        new Real("auto_mpg", new int[] {4, 1}, 40));
        for (Real r : real) {
            Path f = datasets.resolve(r.file() + ".csv");
            if (!Files.isRegularFile(f)) {
                continue;
            }
            Dataset raw = CsvDataReader.read(f);
            Dataset sub = raw.selectFeatures(r.features()).subset(sampleRows(raw.n(), r.rows(), 1));
            Dataset std = InputScaling.standardize(sub, true).apply(sub);
            String how = String.format(Locale.ROOT, "%s rows %d of %d (seed 1), features %s, standardised",
                    r.file(), r.rows(), raw.n(), sub.featureNames());
            for (double b : betas) {
                out.add(new BenchCase(r.file() + "_n" + r.rows() + "_f" + r.features()[0] + "_" + r.features()[1], std, b, PatternOptions.exact(true), how));
            }
        }
        if (!quick) {
            // a full real data set with sampled patterns (P* is then an upper bound, not certified globally)
            Path f = datasets.resolve("yacht.csv");
            if (Files.isRegularFile(f)) {
                Dataset raw = CsvDataReader.read(f);
                Dataset std = InputScaling.standardize(raw, true).apply(raw);
                out.add(new BenchCase("yacht_full_sampled200", std, betas[0], PatternOptions.sampled(true, 200, 0),
                        "yacht all 308 rows, 6 features, standardised, 200 sampled gates (seed 0)"));
            }
        }
        return out;
    }

    static int[] sampleRows(int n, int k, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < Math.min(k, n); i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return java.util.Arrays.copyOf(idx, Math.min(k, n));
    }

    // ------------------------------------------------------------------ running

    /** A certified-gap trace from the progress lines of a solve: (seconds, gap) pairs. */
    static final class Trace implements Progress {
        final long t0 = System.nanoTime();
        final List<double[]> points = new ArrayList<>();

        @Override
        public synchronized void report(String message) {
            if (!(message.startsWith("outer") || message.startsWith("fista") || message.startsWith("polished"))) {
                return;
            }
            Matcher m = GAP.matcher(message);
            if (m.find()) {
                try {
                    double g = Double.parseDouble(m.group(1));
                    if (Double.isFinite(g)) {
                        points.add(new double[] {(System.nanoTime() - t0) / 1e9, g});
                    }
                } catch (NumberFormatException e) {
                    // not a number: skip
                }
            }
        }

        double firstBelow(double tol) {
            for (double[] p : points) {
                if (p[1] <= tol) {
                    return p[0];
                }
            }
            return Double.NaN;
        }
    }

    /** Runs one case, appends its rows and writes its plot into {@code outDir}. */
    public void run(BenchCase c, Path outDir) {
        progress.report("bench: " + c.name() + " beta " + c.beta());
        Dataset ds = c.data();
        Map<String, XYSeries> curves = new LinkedHashMap<>();

        // ipm: the reference, P* = its objective
        Trace ipmTrace = new Trace();
        SolveResult ipm = CvxRelu.solve(ds, c.beta(), options("ipm", c, 0, ipmTrace));
        double pStar = ipm.objective();
        int p = ipm.patterns().size();
        boolean exact = ipm.exact();
        rows.add(solverRow(c, ipm, pStar, "ipm", ipmTrace, Double.NaN, "P* reference; certified=" + ipm.certified()));
        curves.put("ipm", series("ipm (certified gap)", ipmTrace, ipm));

        // fista over all groups, certified-gap stopping rule, time-limited; run through the working-set loop
        // on ipm's program (same patterns, enumeration not timed again) without CvxRelu's pruning pass, which
        // on a time-limited fista answer (thousands of small blocks) takes minutes (see docs/BENCHMARKS.md)
        Trace fistaTrace = new Trace();
        SolverSettings fs = SolverSettings.defaults().withRelativeGap(config.relativeGap()).withProgress(fistaTrace)
                .withTimeLimit(config.fistaSeconds());
        long tf = System.nanoTime();
        WorkingSetSolver.Outcome fista = WorkingSetSolver.solve(ipm.program(), ConeSolvers.byName("fista"), fs);
        double fistaSeconds = (System.nanoTime() - tf) / 1e9;
        String fnote = String.format(Locale.ROOT,
                "limit %.0fs; no pruning; iterations %s; s/iter %s; product s/iter %s; neurons %d",
                config.fistaSeconds(), fista.stats().get("iterations"), fista.stats().get("secondsPerIteration"),
                fista.stats().get("productSecondsPerIteration"), fista.net().width());
        double t3 = fista.relativeGap() <= 1e-3 ? firstOr(fistaTrace.firstBelow(1e-3), fistaSeconds) : Double.NaN;
        double t6 = fista.relativeGap() <= 1e-6 ? firstOr(fistaTrace.firstBelow(1e-6), fistaSeconds) : Double.NaN;
        rows.add(new BenchRow(c.name(), ds.n(), ds.d(), p, exact, c.beta(), pStar, "fista", 1, fistaSeconds,
                fista.objective(), TimeToTolerance.gap(fista.objective(), pStar), fista.relativeGap(), t3,
                Double.isNaN(t3) ? 0 : 1, t6, Double.isNaN(t6) ? 0 : 1, Double.NaN, fnote));
        XYSeries fseries = new XYSeries("fista (certified gap)", false);
        for (double[] pt : fistaTrace.points) {
            fseries.add(Math.max(pt[0], 1e-4), Math.max(pt[1], FLOOR));
        }
        fseries.add(fistaSeconds, Math.max(fista.relativeGap(), FLOOR));
        curves.put("fista", fseries);

        // joptimizer and ipm on the restricted program (the ipm support)
        List<Group> support = ipm.solution().support();
        if (!support.isEmpty()) {
            ConeProgram program = ipm.program();
            SolverSettings s = SolverSettings.defaults().withRelativeGap(config.relativeGap());
            long t = System.nanoTime();
            GroupSolution ri = ConeSolvers.byName("ipm").solve(new GroupProblem(program, support), s);
            double ipmRestricted = (System.nanoTime() - t) / 1e9;
            double ipmObj = restrictedObjective(program, support, ri.w());
            String jnote;
            double jSeconds;
            double jObj;
            try {
                t = System.nanoTime();
                GroupSolution rj = ConeSolvers.byName("joptimizer").solve(new GroupProblem(program, support),
                        s.withTimeLimit(config.joptSeconds()));
                jSeconds = (System.nanoTime() - t) / 1e9;
                jObj = restrictedObjective(program, support, rj.w());
                jnote = "restricted to the ipm support (" + support.size() + " blocks); converged=" + rj.converged();
            } catch (RuntimeException e) {
                jSeconds = Double.NaN;
                jObj = Double.NaN;
                jnote = "failed: " + e.getMessage();
            }
            rows.add(new BenchRow(c.name(), ds.n(), ds.d(), p, exact, c.beta(), pStar, "ipm-restricted", 1,
                    ipmRestricted, ipmObj, TimeToTolerance.gap(ipmObj, pStar), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, 1.0, "ipm on the same restricted program (" + support.size() + " blocks)"));
            rows.add(new BenchRow(c.name(), ds.n(), ds.d(), p, exact, c.beta(), pStar, "joptimizer-restricted", 1,
                    jSeconds, jObj, TimeToTolerance.gap(jObj, pStar), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, jSeconds / ipmRestricted, jnote));
        }

        // gradient methods, width 2·m* (at least 8, at most 80)
        int width = Math.max(8, Math.min(80, 2 * Math.max(1, ipm.neurons())));
        for (Optimizer o : new Optimizer[] {Optimizer.GD, Optimizer.SGD, Optimizer.ADAM}) {
            int epochs = o == Optimizer.GD ? config.gdEpochs() : config.sgdEpochs();
            TrainOptions to = TrainOptions.defaults(c.beta(), width).withOptimizer(o).withEpochs(epochs)
                    .withRestarts(config.restarts()).withSeed(7);
            TrainResult tr = Trainer.train(ds, to, Progress.NONE);
            TimeToTolerance.Summary s3 = TimeToTolerance.over(tr.restarts(), pStar, 1e-3);
            TimeToTolerance.Summary s6 = TimeToTolerance.over(tr.restarts(), pStar, 1e-6);
            double best = Double.POSITIVE_INFINITY;
            RestartSummary bestRun = tr.restarts().get(0);
            for (RestartSummary r : tr.restarts()) {
                double g = TimeToTolerance.bestGap(r.history(), pStar);
                if (g < best) {
                    best = g;
                    bestRun = r;
                }
            }
            String name = o.name().toLowerCase(Locale.ROOT);
            rows.add(new BenchRow(c.name(), ds.n(), ds.d(), p, exact, c.beta(), pStar, name, config.restarts(),
                    tr.seconds(), tr.objective(), best, Double.NaN, s3.medianSeconds(), s3.fraction(),
                    s6.medianSeconds(), s6.fraction(), Double.NaN,
                    String.format(Locale.ROOT, "width %d, %d epochs, default step; times are per restart (median)",
                            width, epochs)));
            curves.put(name, historySeries(name + " (best of " + config.restarts() + ")", bestRun, pStar));
        }
        plot(c, curves, outDir.resolve(fileName(c) + ".png"));
    }

    static String fileName(BenchCase c) {
        return (c.name() + "_beta" + BenchRow.num(c.beta())).replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private SolveOptions options(String solver, BenchCase c, double timeLimit, Progress trace) {
        SolverSettings s = SolverSettings.defaults().withRelativeGap(config.relativeGap()).withProgress(trace);
        if (timeLimit > 0) {
            s = s.withTimeLimit(timeLimit);
        }
        return SolveOptions.defaults().withSolver(solver).withPatterns(c.patterns()).withSettings(s);
    }

    private static BenchRow solverRow(BenchCase c, SolveResult r, double pStar, String method, Trace trace,
            double ratio, String note) {
        double t3 = r.relativeGap() <= 1e-3 ? firstOr(trace.firstBelow(1e-3), r.seconds()) : Double.NaN;
        double t6 = r.relativeGap() <= 1e-6 ? firstOr(trace.firstBelow(1e-6), r.seconds()) : Double.NaN;
        return new BenchRow(c.name(), c.data().n(), c.data().d(), r.patterns().size(), r.exact(), c.beta(), pStar,
                method, 1, r.seconds(), r.objective(), TimeToTolerance.gap(r.objective(), pStar), r.relativeGap(),
                t3, Double.isNaN(t3) ? 0 : 1, t6, Double.isNaN(t6) ? 0 : 1, ratio, note);
    }

    private static double firstOr(double t, double fallback) {
        return Double.isNaN(t) ? fallback : Math.min(t, fallback);
    }

    /** ½‖Σ s_g D_g X̃ w_g − y‖² + β Σ ‖w_g‖ of a restricted solution. */
    static double restrictedObjective(ConeProgram program, List<Group> groups, double[][] w) {
        double[] fit = new double[program.n()];
        double pen = 0;
        for (int j = 0; j < groups.size(); j++) {
            program.addFit(groups.get(j), w[j], fit);
            double s = 0;
            for (double v : w[j]) {
                s += v * v;
            }
            pen += Math.sqrt(s);
        }
        double[] y = program.y();
        double loss = 0;
        for (int k = 0; k < fit.length; k++) {
            loss += (fit[k] - y[k]) * (fit[k] - y[k]);
        }
        return 0.5 * loss + program.beta() * pen;
    }

    private static XYSeries series(String name, Trace trace, SolveResult r) {
        XYSeries s = new XYSeries(name, false);
        for (double[] pt : trace.points) {
            s.add(Math.max(pt[0], 1e-4), Math.max(pt[1], FLOOR));
        }
        s.add(r.seconds(), Math.max(r.relativeGap(), FLOOR));
        return s;
    }

    private static XYSeries historySeries(String name, RestartSummary r, double pStar) {
        XYSeries s = new XYSeries(name, false);
        double[] h = r.history();
        int epochs = h.length - 1;
        int step = Math.max(1, epochs / 400);
        for (int e = 0; e <= epochs; e += step) {
            if (Double.isFinite(h[e])) {
                s.add(epochs == 0 ? 0 : r.seconds() * e / epochs, Math.max(TimeToTolerance.gap(h[e], pStar), FLOOR));
            }
        }
        return s;
    }

    static void plot(BenchCase c, Map<String, XYSeries> curves, Path png) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : curves.values()) {
            if (s.getItemCount() > 0) {
                data.addSeries(s);
            }
        }
        NumberAxis x = new NumberAxis("seconds");
        LogAxis y = new LogAxis("relative gap to P* (convex: certified gap)");
        y.setSmallestValue(FLOOR);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            if (data.getSeries(i).getItemCount() < 30) {
                renderer.setSeriesShapesVisible(i, true);
            }
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "%s  (n=%d, d=%d, beta=%s)", c.name(),
                c.data().n(), c.data().d(), BenchRow.num(c.beta())), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 500);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records a case that threw: one row, method "error", the message in the note. */
    public void failed(BenchCase c, RuntimeException e) {
        rows.add(new BenchRow(c.name(), c.data().n(), c.data().d(), 0, false, c.beta(), Double.NaN, "error", 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    /** Writes {@code bench.csv} (header + one row per case and method). */
    public void writeCsv(Path file) {
        StringBuilder sb = new StringBuilder(BenchRow.HEADER).append('\n');
        for (BenchRow r : rows) {
            sb.append(r.csv()).append('\n');
        }
        org.cvxrelu.io.AtomicFiles.writeString(file, sb.toString());
    }
}

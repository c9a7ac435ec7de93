package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.train.Optimizer;
import org.cvxrelu.train.RestartSummary;
import org.cvxrelu.train.Schedule;
import org.cvxrelu.train.TrainOptions;
import org.cvxrelu.train.TrainResult;
import org.cvxrelu.train.Trainer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code train DATA --beta B --width M [--optimizer gd|sgd|adam] [--lr LR] [--schedule S] [--epochs E]
 * [--batch-size S] [--seed S] [--restarts R] [--init-scale s] [--tol T] [--no-bias] [--out NET]}: ordinary
 * [--standardize] non-convex training of L_β (the baseline the convex optimum is compared with). The data are
 * used as given, so the objective is the L_β of SPEC.md on the file's numbers; with {@code --standardize} on
 * their z-scores (as {@code solve --standardize}), and the net records the scaling.
 */
@Command(name = "train", description = "Non-convex training (GD, SGD or Adam) of a two-layer ReLU net on L_beta.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "CSV data file (header row, target last).")
    Path data;

    @Option(names = "--beta", paramLabel = "B", required = true, description = "Weight decay beta > 0.")
    double beta;

    @Option(names = "--width", paramLabel = "M", required = true, description = "Number of hidden neurons m >= 1.")
    int width;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "gd, sgd or adam (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "LR",
            description = "Base learning rate (default: adam 0.03 full-batch, 0.01 minibatch; gd/sgd 1/(lambda_max(X~'X~) c + beta), halved on divergence).")
    Double learningRate;

    @Option(names = "--schedule", paramLabel = "S", defaultValue = "cosine",
            description = "constant, step, cosine or inverse (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "4000",
            description = "Epochs (default ${DEFAULT-VALUE}; with adam's full batch, one step each).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "S",
            description = "Minibatch size for sgd and adam, capped at n (default: adam the full batch n, sgd 32).")
    Integer batchSize;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--restarts", paramLabel = "R", defaultValue = "1",
            description = "Independent initialisations; the best net is kept (default ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--init-scale", paramLabel = "s", defaultValue = "1",
            description = "Initialisation u ~ N(0, s^2/r), alpha ~ N(0, s^2/m) (default ${DEFAULT-VALUE}).")
    double initScale;

    @Option(names = "--tol", paramLabel = "T", defaultValue = "0",
            description = "Stop when the relative change of the objective over an epoch is at most T (default 0: off).")
    double tolerance;

    @Option(names = "--no-bias", description = "No bias: x~ = x (default: a trailing 1 on every row).")
    boolean noBias;

    @Option(names = "--standardize", description = "Train on z-scored features and target (the objective is on that "
            + "scale; the net records the scaling, so predict answers in raw units).")
    boolean standardize;

    @Option(names = "--out", paramLabel = "NET", description = "Write the best net (cvxrelu.net/1) here.")
    Path out;

    @Option(names = "--plot", paramLabel = "PNG",
            description = "Draw the training curves here (L_beta per epoch of every restart, log scale).")
    Path plot;

    @Option(names = "--optimum", paramLabel = "P|solve",
            description = "With --plot: draw P* as a line: a value (e.g. the objective solve printed), or 'solve' to"
                    + " compute the certified optimum here first (exact patterns; small data only).")
    String optimum;

    @Mixin
    OutputOptions output = new OutputOptions();

    /**
     * The minibatch size: as given, else the full batch for adam (full-batch Adam with a cosine-decaying step
     * over 4000 steps is the stronger baseline: best of 5 reaches a lower L_β than minibatch Adam on the public
     * tables, see docs/BENCHMARKS.md) and {@value TrainOptions#DEFAULT_BATCH} for sgd.
     */
    private int batchSize() {
        if (batchSize != null) {
            return batchSize;
        }
        return "adam".equalsIgnoreCase(optimizer == null ? "" : optimizer.trim()) ? Integer.MAX_VALUE : TrainOptions.DEFAULT_BATCH;
    }

    /** The options as given, checked (bad values are {@link BadInputException}s). */
    TrainOptions options() {
        if (batchSize != null && batchSize < 1) {
            throw new BadInputException("--batch-size must be at least 1, got " + batchSize);
        }
        if (learningRate != null && !(learningRate > 0)) {
            throw new BadInputException("--lr must be positive, got " + learningRate);
        }
        BadInputException.positiveBeta(beta);
        if (width < 1) {
            throw new BadInputException("--width must be at least 1, got " + width);
        }
        if (epochs < 1) {
            throw new BadInputException("--epochs must be at least 1, got " + epochs);
        }
        if (restarts < 1) {
            throw new BadInputException("--restarts must be at least 1, got " + restarts);
        }
        if (!(initScale > 0) || !Double.isFinite(initScale)) {
            throw new BadInputException("--init-scale must be a positive number, got " + initScale);
        }
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new BadInputException("--tol must be non-negative, got " + tolerance);
        }
        return new TrainOptions(width, Optimizer.parse(optimizer), learningRate == null ? 0 : learningRate,
                Schedule.parse(schedule), epochs, batchSize(), seed, restarts, initScale, beta, !noBias, tolerance);
    }

    @Override
    public Integer call() {
        OutputPaths.checkFile("--out", out);
        OutputPaths.checkFile("--plot", plot);
        TrainOptions opts = options();
        Double given = null;
        if (optimum != null) {
            if (plot == null) {
                throw new BadInputException("--optimum draws a line in the plot: give --plot PNG too");
            }
            if (!optimum.equals("solve")) {
                try {
                    given = Double.parseDouble(optimum);
                } catch (NumberFormatException e) {
                    throw new BadInputException("--optimum must be a number or 'solve', got '" + optimum + "'");
                }
                if (!Double.isFinite(given) || given < 0) {
                    throw new BadInputException("--optimum must be a finite number >= 0, got " + optimum);
                }
            }
        }
        Dataset raw = CsvDataReader.read(data);
        InputScaling scaling = Scale.choose(raw, standardize);
        Dataset ds = Scale.apply(scaling, raw);
        Map<String, Object> star = null;
        if (given != null) {
            star = new LinkedHashMap<>();
            star.put("value", given);
            star.put("source", "given");
        } else if ("solve".equals(optimum)) {
            star = solveOptimum(ds, opts);
        }
        TrainResult result = Trainer.train(ds, opts, output.progress());
        if (result.allDiverged()) {
            throw new BadInputException("training diverged (objective not finite) in every restart; try a smaller --lr");
        }
        if (out != null) {
            NetFile.write(NetFile.withFeatures(Scale.record(result.net(), scaling), ds.d()), out);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("objective", result.objective());
        report.put("scale", scaling != null ? Scale.STANDARDIZED : Scale.RAW);
        report.put("seconds", result.seconds());
        report.put("optimizer", opts.optimizer().cliName());
        report.put("width", opts.width());
        report.put("restarts", opts.restarts());
        report.put("bestRestart", result.bestRestart());
        report.put("objectives", result.objectives());
        report.put("finalObjectives",
                result.restarts().stream().mapToDouble(RestartSummary::finalObjective).toArray());
        report.put("epochs", result.restarts().stream().mapToInt(RestartSummary::epochs).toArray());
        report.put("restartSeconds", result.restarts().stream().mapToDouble(RestartSummary::seconds).toArray());
        report.put("learningRate", result.restarts().get(result.bestRestart()).learningRate());
        report.put("schedule", opts.schedule().cliName());
        if (opts.optimizer() != Optimizer.GD) {
            report.put("batchSize", opts.effectiveBatchSize(ds.n()));
        }
        report.put("seed", opts.seed());
        report.put("beta", opts.beta());
        report.put("bias", opts.bias());
        report.put("n", ds.n());
        report.put("d", ds.d());
        long diverged = result.restarts().stream().filter(RestartSummary::diverged).count();
        if (diverged > 0) {
            report.put("divergedRestarts", diverged);
        }
        if (out != null) {
            report.put("out", out.toString());
        }
        if (star != null) {
            report.put("optimum", star);
        }
        if (plot != null) {
            plot(result, star, plot, data.getFileName() + String.format(java.util.Locale.ROOT, ", beta %s, width %d, %s%s",
                    opts.beta(), opts.width(), opts.optimizer().cliName(), scaling != null ? " (standardized)" : ""));
            report.put("plot", plot.toString());
        }
        output.print(report);
        return 0;
    }

    /** The certified optimum P* of the same problem (data as trained on, same β and bias), by the convex program. */
    private Map<String, Object> solveOptimum(Dataset ds, TrainOptions opts) {
        org.cvxrelu.SolveOptions so = org.cvxrelu.SolveOptions.defaults()
                .withPatterns(org.cvxrelu.patterns.PatternOptions.exact(opts.bias()))
                .withSettings(org.cvxrelu.SolveOptions.defaults().settings().withProgress(output.progress()));
        org.cvxrelu.SolveResult r = org.cvxrelu.CvxRelu.solve(ds, opts.beta(), so);
        Map<String, Object> star = new LinkedHashMap<>();
        star.put("value", r.objective());
        star.put("lowerBound", r.lowerBound());
        star.put("certified", r.certified());
        star.put("source", "solve");
        return star;
    }

    /**
     * Each restart's L_β per epoch (log scale) with P* as a horizontal line when known, and then a second panel
     * with each restart's relative excess (L_β − P*) / P* (log scale), where the approach to the optimum shows.
     */
    static void plot(TrainResult result, Map<String, Object> star, Path png, String title) {
        Map<String, double[]> series = new LinkedHashMap<>();
        Map<String, double[]> excess = new LinkedHashMap<>();
        int longest = 0;
        Double p = star == null ? null : (Double) star.get("value");
        for (RestartSummary s : result.restarts()) {
            double[] h = s.history();
            longest = Math.max(longest, h.length);
            String name = "restart " + (s.restart() + 1) + (s.restart() == result.bestRestart() ? " (best)" : "");
            series.put(name, h);
            if (p != null && p > 0) {
                double[] e = new double[h.length];
                for (int k = 0; k < h.length; k++) {
                    e[k] = (h[k] - p) / p; // ≤ 0 only when P* is not a true optimum (then the log axis floors it)
                }
                excess.put(name, e);
            }
        }
        if (p != null) {
            double[] line = new double[Math.max(2, longest)];
            java.util.Arrays.fill(line, p);
            boolean certified = !Boolean.FALSE.equals(star.get("certified"));
            series.put(certified ? "P* (global optimum)" : "P (convex objective, not certified)", line);
        }
        java.util.List<org.cvxrelu.bench.Charts.Panel> panels = new java.util.ArrayList<>();
        panels.add(new org.cvxrelu.bench.Charts.Panel("L_beta", true, series));
        if (!excess.isEmpty()) {
            panels.add(new org.cvxrelu.bench.Charts.Panel("(L_beta - P*) / P*", true, excess));
        }
        org.cvxrelu.bench.Charts.panels(png, "Training curve, " + title, "epoch", false, null, panels);
    }
}

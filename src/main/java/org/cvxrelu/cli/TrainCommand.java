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
        TrainOptions opts = options();
        Dataset raw = CsvDataReader.read(data);
        InputScaling scaling = Scale.choose(raw, standardize);
        Dataset ds = Scale.apply(scaling, raw);
        TrainResult result = Trainer.train(ds, opts, output.progress());
        if (result.allDiverged()) {
            throw new BadInputException("training diverged (objective not finite) in every restart; try a smaller --lr");
        }
        if (out != null) {
            NetFile.write(Scale.record(result.net(), scaling), out);
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
        output.print(report);
        return 0;
    }
}

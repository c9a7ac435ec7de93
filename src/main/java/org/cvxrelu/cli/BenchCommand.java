package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.bench.BenchCase;
import org.cvxrelu.bench.BenchConfig;
import org.cvxrelu.bench.BenchRunner;
import org.cvxrelu.bench.ScaleBench;
import org.cvxrelu.io.AtomicFiles;
import org.cvxrelu.io.Json;
import org.cvxrelu.solver.Progress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench [--quick] [--out DIR] [--datasets DIR] [--instances DIR] [--beta B]... [--scale]}: convex
 * backends against GD/SGD/Adam, side by side; writes {@code bench.csv} and one PNG per case.
 * {@code --scale} runs instead the large sampled-pattern fista run (n = 10,000, d = 50, 1,000 patterns by
 * default) and writes {@code scale.json}.
 */
@Command(name = "bench", description = "Benchmark convex solvers against gradient methods (CSV + PNG plots).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "A small smoke run (one instance, one real subset, short budgets).")
    boolean quick;

    /** The output folder when --out is not given, relative to the current folder (never the repository's docs/). */
    static final String DEFAULT_OUT = "cvxrelu-bench";

    @Option(names = "--out", paramLabel = "DIR", defaultValue = DEFAULT_OUT,
            description = "Output folder (default ${DEFAULT-VALUE} in the current folder, named in the output).")
    Path out;

    @Option(names = "--datasets", paramLabel = "DIR", defaultValue = "../shared/datasets",
            description = "Folder of the public data sets (default ${DEFAULT-VALUE}).")
    Path datasets;

    @Option(names = "--instances", paramLabel = "DIR", defaultValue = "instances",
            description = "Folder of the project's instances (default ${DEFAULT-VALUE}).")
    Path instances;

    @Option(names = "--beta", paramLabel = "B", split = ",", description = "Weight decays (default 0.1).")
    double[] betas;

    @Option(names = "--restarts", paramLabel = "R", description = "Restarts per gradient method (default 5, quick 2).")
    Integer restarts;

    @Option(names = "--fista-limit", paramLabel = "S", description = "Time limit of fista per case, s (default 15, quick 2).")
    Double fistaLimit;

    @Option(names = "--gd-epochs", paramLabel = "E", description = "GD epochs (default 40000, quick 300).")
    Integer gdEpochs;

    @Option(names = "--sgd-epochs", paramLabel = "E", description = "SGD and Adam epochs (default 5000, quick 100).")
    Integer sgdEpochs;

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Run only the cases whose name contains one of these (comma-separated).")
    List<String> only;

    @Option(names = "--scale", description = "Run the scale benchmark (fista on sampled patterns) instead.")
    boolean scale;

    @Option(names = "--n", defaultValue = "10000", description = "Scale run: samples (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--d", defaultValue = "50", description = "Scale run: features (default ${DEFAULT-VALUE}).")
    int d;

    @Option(names = "--patterns", defaultValue = "1000", description = "Scale run: sampled gates (default ${DEFAULT-VALUE}).")
    int patterns;

    @Option(names = "--time-limit", defaultValue = "30", description = "Scale run: fista time limit, s (default ${DEFAULT-VALUE}).")
    double timeLimit;

    @Option(names = "--max-iterations", defaultValue = "300", description = "Scale run: fista iteration limit (default ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--exact-cones", description = "Scale run: fista with the exact-cone prox (default: augmented Lagrangian).")
    boolean exactCones;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        TimeLimit.check("--time-limit", timeLimit);
        if (fistaLimit != null) {
            TimeLimit.check("--fista-limit", fistaLimit);
        }
        OutputPaths.checkFolder("--out", out);
        if (!output.quiet) {
            System.err.println("cvxrelu: bench: files into " + out.toAbsolutePath());
        }
        Progress progress = output.progress();
        if (scale) {
            if (n < 2 || d < 1 || patterns < 1) {
                throw new BadInputException("--n, --d and --patterns must be positive");
            }
            Map<String, Object> report = ScaleBench.run(n, d, patterns, 0.1, timeLimit, maxIterations, 0,
                    exactCones, progress,
                    partial -> AtomicFiles.writeString(out.resolve("scale.json"), Json.toJson(partial, false) + "\n"));
            AtomicFiles.writeString(out.resolve("scale.json"), Json.toJson(report, false) + "\n");
            report = new LinkedHashMap<>(report);
            report.put("out", out.toAbsolutePath().toString());
            output.print(report);
            return 0;
        }
        BenchConfig base = quick ? BenchConfig.quick() : BenchConfig.full();
        BenchConfig config = new BenchConfig(restarts != null ? restarts : base.restarts(),
                gdEpochs != null ? gdEpochs : base.gdEpochs(), sgdEpochs != null ? sgdEpochs : base.sgdEpochs(),
                fistaLimit != null ? fistaLimit : base.fistaSeconds(), base.joptSeconds(),
                base.relativeGap());
        if (config.restarts() < 1) {
            throw new BadInputException("--restarts must be at least 1");
        }
        double[] b = betas == null || betas.length == 0 ? new double[] {0.1} : betas;
        for (double x : b) {
            if (!(x > 0) || !Double.isFinite(x)) {
                throw new BadInputException("--beta must be positive, got " + x);
            }
        }
        List<BenchCase> cases = new ArrayList<>(BenchRunner.cases(instances, datasets, quick, b));
        if (only != null) {
            cases.removeIf(c -> only.stream().noneMatch(c.name()::contains));
        }
        if (cases.isEmpty()) {
            throw new BadInputException("no benchmark cases found (instances " + instances + ", datasets " + datasets + ")");
        }
        long t0 = System.nanoTime();
        BenchRunner runner = new BenchRunner(config, progress);
        Path csv = out.resolve("bench.csv");
        List<String> names = new ArrayList<>();
        for (BenchCase c : cases) {
            progress.phase("bench");
            progress.advance(names.size(), cases.size());
            try {
                runner.run(c, out);
            } catch (RuntimeException e) {
                // one failing case (e.g. enumeration on degenerate data) must not lose the others
                progress.report("bench: " + c.name() + " failed: " + e);
                runner.failed(c, e);
            }
            runner.writeCsv(csv); // after every case, so a cut-short run keeps what it measured
            names.add(c.name() + " (" + c.description() + ")");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("out", out.toAbsolutePath().toString());
        report.put("csv", csv.toString());
        report.put("cases", names);
        report.put("rows", runner.rows().size());
        report.put("seconds", (System.nanoTime() - t0) / 1e9);
        output.print(report);
        return 0;
    }
}

package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.bench.Reproduce;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reproduce EXPERIMENT [--out DIR] [--seed S] [--quick]}: reruns an experiment of docs/EXPERIMENTS.md
 * (kumar, ergen-pilanci, safran-shamir, linear or all), writes its CSV files and plots into DIR and prints a
 * summary.
 */
@Command(name = "reproduce", description = "Rerun the experiments of docs/EXPERIMENTS.md (CSV and PNG files into --out).")
final class ReproduceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT",
            description = "kumar, ergen-pilanci, safran-shamir, linear or all.")
    String experiment;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "docs/experiments",
            description = "Folder for the CSV and PNG files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Base seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quick", description = "Smaller sizes and fewer runs (seconds instead of minutes).")
    boolean quick;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        Map<String, Object> results = Reproduce.run(experiment, out, seed, quick);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("experiment", experiment);
        report.put("out", out.toString());
        report.put("seed", seed);
        report.put("quick", quick);
        report.put("seconds", (System.nanoTime() - t0) / 1e9);
        report.putAll(results);
        output.print(report);
        return 0;
    }
}

package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.bench.Reproduce;
import org.cvxrelu.bench.SafranShamirPopulation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reproduce EXPERIMENT [--out DIR] [--seed S] [--quick]}: reruns an experiment of docs/EXPERIMENTS.md
 * (kumar, ergen-pilanci, safran-shamir, linear or all), writes its CSV files and plots into DIR and prints a
 * summary. {@code reproduce safran-shamir --population [--k K --m M] [--runs R]} runs Safran &amp; Shamir's own
 * experiment (the survey's Fig. 4) on the closed-form population loss: one row, or the whole table.
 */
@Command(name = "reproduce", description = "Rerun the experiments of docs/EXPERIMENTS.md (CSV and PNG files into --out).")
final class ReproduceCommand implements Callable<Integer> {
    /** The output folder when --out is not given, relative to the current folder. */
    static final String DEFAULT_OUT = "cvxrelu-experiments";

    @Parameters(index = "0", paramLabel = "EXPERIMENT",
            description = "kumar, ergen-pilanci, safran-shamir, linear, optimal-sets or all.")
    String experiment;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the CSV and PNG files (default: " + DEFAULT_OUT + " in the current folder, named in"
                    + " the output; with --population: none written unless given).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Base seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quick", description = "Smaller sizes and fewer runs (seconds instead of minutes).")
    boolean quick;

    @Option(names = "--population", description = "safran-shamir only: gradient descent on the closed-form"
            + " population loss of the survey's Fig. 4 (student Σσ(w_iᵀx), orthonormal teacher, x ~ N(0, I_k)).")
    boolean population;

    @Option(names = "--k", paramLabel = "K", description = "--population: teacher width (= input dimension).")
    Integer k;

    @Option(names = "--m", paramLabel = "M", description = "--population: student width (default: K).")
    Integer m;

    @Option(names = "--runs", paramLabel = "R", description = "--population: runs per row (default: 1000;"
            + " 50 with --quick).")
    Integer runs;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0",
            description = "--population: worker threads (default: all processors); results do not depend on it.")
    int threads;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("experiment", experiment);
        if (population) {
            report.putAll(population());
        } else {
            if (k != null || m != null || runs != null) {
                throw new BadInputException("--k, --m and --runs need --population");
            }
            if (!Reproduce.names().contains(experiment)) {
                throw new BadInputException("unknown experiment '" + experiment + "', expected one of "
                        + String.join(", ", Reproduce.names()));
            }
            Path dir = out != null ? out : Path.of(DEFAULT_OUT);
            OutputPaths.checkFolder("--out", dir);
            if (!output.quiet) {
                System.err.println("cvxrelu: reproduce " + experiment + ": files into " + dir.toAbsolutePath());
            }
            Map<String, Object> results = Reproduce.run(experiment, dir, seed, quick);
            report.put("out", dir.toAbsolutePath().toString());
            report.put("seed", seed);
            report.put("quick", quick);
            report.putAll(results);
        }
        report.put("seconds", (System.nanoTime() - t0) / 1e9);
        output.print(report);
        return 0;
    }

    private Map<String, Object> population() {
        if (!experiment.equals("safran-shamir")) {
            throw new BadInputException("--population applies to safran-shamir only, not '" + experiment + "'");
        }
        if (out != null) {
            OutputPaths.checkFolder("--out", out);
        }
        if (m != null && k == null) {
            throw new BadInputException("--m needs --k");
        }
        if (k != null && (k < 1 || (m != null && m < 1))) {
            throw new BadInputException("--k and --m must be at least 1");
        }
        int r = runs != null ? runs : (quick ? 50 : 1000);
        if (r < 1) {
            throw new BadInputException("--runs must be at least 1, got " + r);
        }
        List<int[]> rows;
        if (k != null) {
            rows = List.of(new int[] {k, m != null ? m : k});
        } else if (quick) {
            rows = List.of(new int[] {6, 6}, new int[] {8, 8}, new int[] {8, 9});
        } else {
            rows = SafranShamirPopulation.tableRows();
        }
        boolean progress = !output.quiet;
        Map<String, Object> res = SafranShamirPopulation.table(rows, r, seed,
                SafranShamirPopulation.Settings.defaults(), threads, out, row -> {
                    if (progress) {
                        System.err.printf("k=%d m=%d: %d of %d runs bad (%.1f %%), %.1f s%n", row.k(), row.m(),
                                row.bad(), row.runs(), row.badPercent(), row.seconds());
                    }
                });
        Map<String, Object> flat = new LinkedHashMap<>(res);
        if (rows.size() == 1) {
            // one row: its figures at the top level (badPercent, runs, seconds, badMinimumLosses, …)
            @SuppressWarnings("unchecked")
            Map<String, Object> only = ((List<Map<String, Object>>) res.get("rows")).get(0);
            flat.remove("rows");
            flat.putAll(only);
        }
        return flat;
    }
}

package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.bench.Charts;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.io.AtomicFiles;
import org.cvxrelu.optimal.RegularizationPath;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code path DATA --betas b1,b2,… | --beta-min B --beta-max B --steps K [--out CSV]}: the regularisation path. */
@Command(name = "path", description = "Certified optimal nets over a grid of β (one pattern set for all).")
final class PathCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "CSV data file (header row, target last).")
    Path data;

    @Option(names = "--betas", split = ",", paramLabel = "B", description = "The β values, comma-separated.")
    double[] betas;

    @Option(names = "--beta-min", paramLabel = "B", description = "Smallest β of a geometric grid.")
    Double betaMin;

    @Option(names = "--beta-max", paramLabel = "B", description = "Largest β of a geometric grid.")
    Double betaMax;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "10", description = "Grid size (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--out", paramLabel = "CSV",
            description = "Write beta,objective,lowerBound,lowerBoundScope,relativeGap,neurons,converged here.")
    Path out;

    @Option(names = "--plot", paramLabel = "PNG",
            description = "Draw the path here: objective and lower bound, width, and certified gap against beta.")
    Path plot;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop each beta's solve after this long (0: no limit); a beta stopped short is flagged.")
    double timeLimit;

    @Option(names = "--standardize", description = "Solve on z-scored features and target (objectives and betas on that scale).")
    boolean standardize;

    @Mixin
    PatternChoice choice;

    @Mixin
    OutputOptions output;

    /** The CSV columns (one row per β). */
    static final String CSV_HEADER = "beta,objective,lowerBound,lowerBoundScope,relativeGap,neurons,converged";

    /** The scope of a path's bounds over sampled patterns: a bound on that program, not on the global optimum. */
    static final String SAMPLED_SCOPE = "sampled patterns";

    @Override
    public Integer call() {
        OutputPaths.checkFile("--out", out);
        OutputPaths.checkFile("--plot", plot);
        double[] grid;
        if (betas != null) {
            if (betaMin != null || betaMax != null) {
                throw new BadInputException("give either --betas or --beta-min/--beta-max, not both");
            }
            grid = betas;
        } else if (betaMin != null && betaMax != null) {
            if (!(betaMin > 0) || !(betaMax >= betaMin) || steps < 1) {
                throw new BadInputException("need 0 < --beta-min <= --beta-max and --steps >= 1");
            }
            grid = RegularizationPath.geometric(betaMin, betaMax, steps);
        } else {
            throw new BadInputException("give --betas b1,b2,... or --beta-min and --beta-max");
        }
        for (double b : grid) {
            if (!(b > 0) || !Double.isFinite(b)) {
                throw new BadInputException("every beta must be a positive number, got " + b);
            }
        }
        TimeLimit.check("--time-limit", timeLimit);
        long t0 = System.nanoTime();
        Dataset raw = CsvDataReader.read(data);
        Dataset ds = Scale.apply(Scale.choose(raw, standardize), raw);
        SolveOptions opts = SolveOptions.defaults().withPatterns(choice.options())
                .withSettings(SolveOptions.defaults().settings().withTimeLimit(timeLimit).withProgress(output.progress()));
        List<RegularizationPath.Point> path = RegularizationPath.compute(ds, grid, opts);
        // over sampled patterns each bound is one on the program over those patterns, whose optimum is at or above the
        // global one: it may exceed the objective of a net that the full problem reaches, so it is not certified
        boolean sampled = choice.options().sampling();
        String scope = sampled ? SAMPLED_SCOPE : org.cvxrelu.CvxRelu.ALL_PATTERNS;
        List<Object> rows = new ArrayList<>();
        StringBuilder csv = new StringBuilder(CSV_HEADER + "\n");
        List<String> warnings = new ArrayList<>();
        for (RegularizationPath.Point p : path) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("beta", p.beta());
            row.put("objective", p.objective());
            row.put("lowerBound", p.lowerBound());
            row.put("relativeGap", p.relativeGap());
            row.put("neurons", p.neurons());
            row.put("converged", p.converged());
            if (p.reason() != null) {
                row.put("reason", p.reason());
                warnings.add("beta " + p.beta() + " did not converge: " + p.reason());
            }
            rows.add(row);
            csv.append(p.beta()).append(',').append(p.objective()).append(',').append(p.lowerBound()).append(',')
                    .append(scope).append(',').append(p.relativeGap()).append(',').append(p.neurons()).append(',')
                    .append(p.converged()).append('\n');
        }
        if (out != null) {
            AtomicFiles.writeString(out, csv.toString());
        }
        if (plot != null) {
            plot(path, plot, data.getFileName() + (standardize ? " (standardized)" : ""), sampled);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("path", rows);
        report.put("converged", warnings.isEmpty());
        report.put("scale", standardize ? Scale.STANDARDIZED : Scale.RAW);
        report.put("exact", !sampled);
        report.put("certified", !sampled);
        report.put("lowerBoundScope", sampled ? SAMPLED_SCOPE + " (each bound holds for the program over the "
                + choice.options().samples() + " sampled patterns, not for the global optimum)" : scope);
        report.put("seconds", (System.nanoTime() - t0) / 1e9);
        if (out != null) {
            report.put("out", out.toString());
        }
        if (plot != null) {
            report.put("plot", plot.toString());
        }
        output.print(report);
        for (String w : warnings) {
            System.err.println("cvxrelu: warning: " + w + " (solve --beta B adds a first-order finish)");
        }
        if (sampled) {
            System.err.println("cvxrelu: warning: the lower bounds hold over the " + choice.options().samples()
                    + " sampled patterns only, not over every pattern: not certified (solve --sample prices its "
                    + "answer over every pattern where the arrangement fits)");
        }
        return 0;
    }

    /**
     * Three panels against β (log axis): P and its lower bound, the width, the gap (certified, or over the sampled
     * patterns when {@code sampled}).
     */
    static void plot(List<RegularizationPath.Point> path, Path png, String title, boolean sampled) {
        int k = path.size();
        double[] beta = new double[k];
        double[] obj = new double[k];
        double[] low = new double[k];
        double[] width = new double[k];
        double[] gap = new double[k];
        for (int i = 0; i < k; i++) {
            RegularizationPath.Point p = path.get(i);
            beta[i] = p.beta();
            obj[i] = p.objective();
            low[i] = p.lowerBound();
            width[i] = p.neurons();
            gap[i] = p.relativeGap();
        }
        Map<String, double[]> objective = new LinkedHashMap<>();
        objective.put("objective L_beta", obj);
        String which = sampled ? "over the sampled patterns" : "certified";
        objective.put("lower bound, " + which, low);
        Charts.panels(png, "Regularisation path, " + title, "beta", true, beta, List.of(
                new Charts.Panel("objective", true, objective),
                new Charts.Panel("neurons", false, Map.of("width (neurons)", width)),
                new Charts.Panel("relative gap", true, Map.of("relative gap, " + which, gap))));
    }
}

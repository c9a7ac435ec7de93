package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.SolveOptions;
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

    @Option(names = "--out", paramLabel = "CSV", description = "Write beta,objective,lowerBound,relativeGap,neurons here.")
    Path out;

    @Option(names = "--standardize", description = "Solve on z-scored features and target (objectives and betas on that scale).")
    boolean standardize;

    @Mixin
    PatternChoice choice;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
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
        long t0 = System.nanoTime();
        Dataset raw = CsvDataReader.read(data);
        Dataset ds = Scale.apply(Scale.choose(raw, standardize), raw);
        SolveOptions opts = SolveOptions.defaults().withPatterns(choice.options())
                .withSettings(SolveOptions.defaults().settings().withProgress(output.progress()));
        List<RegularizationPath.Point> path = RegularizationPath.compute(ds, grid, opts);
        List<Object> rows = new ArrayList<>();
        StringBuilder csv = new StringBuilder("beta,objective,lowerBound,relativeGap,neurons\n");
        for (RegularizationPath.Point p : path) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("beta", p.beta());
            row.put("objective", p.objective());
            row.put("lowerBound", p.lowerBound());
            row.put("relativeGap", p.relativeGap());
            row.put("neurons", p.neurons());
            row.put("converged", p.converged());
            rows.add(row);
            csv.append(p.beta()).append(',').append(p.objective()).append(',').append(p.lowerBound()).append(',')
                    .append(p.relativeGap()).append(',').append(p.neurons()).append('\n');
        }
        if (out != null) {
            AtomicFiles.writeString(out, csv.toString());
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("path", rows);
        report.put("scale", standardize ? Scale.STANDARDIZED : Scale.RAW);
        report.put("exact", !choice.options().sampling());
        report.put("seconds", (System.nanoTime() - t0) / 1e9);
        if (out != null) {
            report.put("out", out.toString());
        }
        output.print(report);
        return 0;
    }
}

package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.optimal.OptimalSet;
import org.cvxrelu.solver.SolverSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optimal DATA --beta B [--out-prefix P]}: the optimal set of Mishkin and Pilanci: m* (the smallest
 * width reaching the optimum, with the method that proved it: "exact (exhaustive supports)", "exact (MIP)" or
 * "bounds") and whether the optimal net is unique. P1.json is the narrowest optimal net found (width m*, or
 * the upper bound under "bounds"); when the optimum is not unique, P2.json is the widest one found. A net is
 * written only when its objective, recomputed from the net, is within {@link #WRITE_TOL} of the certified
 * lower bound.
 */
@Command(name = "optimal", description = "m* (smallest optimal width) and uniqueness of the optimal minimal net.")
final class OptimalCommand implements Callable<Integer> {
    /** A net is written only when L_β(net) ≤ (1 + this) · the certified lower bound. */
    static final double WRITE_TOL = 1e-6;

    @Parameters(index = "0", paramLabel = "DATA", description = "CSV data file.")
    Path data;

    @Option(names = "--beta", required = true, paramLabel = "B", description = "Weight decay beta > 0.")
    double beta;

    @Option(names = "--standardize", description = "Solve on z-scored features and target (objectives on that scale; "
            + "the nets record the scaling).")
    boolean standardize;

    @Mixin
    PatternChoice choice;

    @Option(names = "--out-prefix", paramLabel = "P", description = "Write the optimal minimal net(s) as P1.json (and P2.json).")
    String outPrefix;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        if (outPrefix != null) {
            OutputPaths.checkFile("--out-prefix", Path.of(outPrefix + "1.json"));
        }
        BadInputException.positiveBeta(beta);
        Dataset raw = CsvDataReader.read(data);
        InputScaling scaling = Scale.choose(raw, standardize);
        Dataset ds = Scale.apply(scaling, raw);
        org.cvxrelu.patterns.PatternOptions po = choice.options();
        if (!po.sampling() && !org.cvxrelu.patterns.Patterns.exactFits(ds.design(po.bias()), po.maxPatterns())) {
            // solve would generate patterns here; the optimal set is only meaningful over every pattern
            throw new BadInputException("exact enumeration of " + data + " may need more than " + po.maxPatterns()
                    + " patterns; the optimal set needs them all (or sample with --sample N --seed S)");
        }
        SolveOptions options = SolveOptions.defaults().withPatterns(choice.options())
                .withSettings(SolverSettings.defaults().withProgress(output.progress()));
        OptimalSet.Result r = OptimalSet.analyse(ds, beta, options);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("mStar", r.mStar());
        report.put("mStarExact", r.mStarExact());
        report.put("mStarLowerBound", r.mStarLowerBound());
        report.put("method", r.method());
        report.put("nPlusOne", ds.n() + 1);
        report.put("unique", r.unique());
        report.put("directions", r.directions());
        report.put("rank", r.rank());
        report.put("lowerBound", r.lowerBound());
        // over sampled patterns every figure here is the sampled program's: its optimum is at or above the global
        // one, and its optimal set need not be the problem's (m*, uniqueness)
        boolean sampled = po.sampling();
        report.put("exact", !sampled);
        report.put("certified", !sampled);
        report.put("lowerBoundScope", sampled ? "sampled patterns (m*, uniqueness and the bound are those of the "
                + "program over the " + po.samples() + " sampled patterns, not of the global problem)"
                : org.cvxrelu.CvxRelu.ALL_PATTERNS);
        report.put("objectives", r.objectives());
        report.put("scale", scaling != null ? Scale.STANDARDIZED : Scale.RAW);
        report.put("relativeExcess", r.relativeExcess());
        int[] widths = new int[r.nets().size()];
        for (int k = 0; k < widths.length; k++) {
            widths[k] = r.nets().get(k).width();
        }
        report.put("widths", widths);
        report.put("fitTolerance", r.fitTolerance());
        if (outPrefix != null) {
            // a second computation of each net's objective, from the net alone; never write one above the optimum
            int written = 0;
            java.util.List<String> refused = new java.util.ArrayList<>();
            for (int k = 0; k < r.nets().size(); k++) {
                double obj = r.nets().get(k).objective(ds, beta);
                double excess = (obj - r.lowerBound()) / Math.max(r.lowerBound(), Double.MIN_NORMAL);
                if (!(excess <= WRITE_TOL)) {
                    refused.add("net " + (k + 1) + ": objective " + obj + " is " + excess
                            + " (relative) above the lower bound " + r.lowerBound()
                            + (po.sampling() ? " (over the sampled patterns)" : " (certified)"));
                    continue;
                }
                Path p = Path.of(outPrefix + (k + 1) + ".json");
                NetFile.write(NetFile.withFeatures(Scale.record(r.nets().get(k), scaling), ds.d()), p);
                written++;
            }
            report.put("written", written);
            if (!refused.isEmpty()) {
                report.put("notWritten", refused);
            }
        }
        output.print(report);
        if (sampled) {
            System.err.println("cvxrelu: warning: optimal over the " + po.samples() + " sampled patterns only: m*, "
                    + "uniqueness and the lower bound are those of the sampled program, not of the global problem "
                    + "(not certified)");
        }
        return 0;
    }
}

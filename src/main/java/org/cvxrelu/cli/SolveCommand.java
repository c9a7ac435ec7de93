package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.SolverSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code solve DATA --beta B [...]}: the certified global optimum via the convex program. */
@Command(name = "solve", description = "Global optimum of L_beta via the convex program, with a certified lower bound.")
final class SolveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "CSV data file (header row, target last).")
    Path data;

    @Option(names = "--beta", required = true, paramLabel = "B", description = "Weight decay beta > 0.")
    double beta;

    @Mixin
    PatternChoice choice;

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = ConeSolvers.DEFAULT,
            description = "Backend: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).", completionCandidates = SolverNames.class)
    String solver;

    @Option(names = "--gap", paramLabel = "G", defaultValue = "1e-6", description = "Target certified relative gap (default ${DEFAULT-VALUE}).")
    double gap;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "0", description = "Stop this long after the process started (0: no limit).")
    double timeLimit;

    @Option(names = "--nonnegative-output", description = "Only nets with output weights alpha >= 0 (the v_i blocks).")
    boolean nonnegativeOutput;

    @Option(names = "--standardize", description = "Solve on z-scored features and target (the objective is on that "
            + "scale; the net records the scaling, so predict answers in raw units).")
    boolean standardize;

    @Option(names = "--enumerate", description = "When the exact arrangement fits, list every cell (exact: true) even "
            + "where it is large enough (100,000 cells or more in r <= 5, r = d + 1 with the bias; 25,000 when the features are z-scores) to be priced by branch "
            + "and bound instead (or, above " + CvxRelu.GLOBAL_PRICING_MAX_ROWS
            + " rows in two or more features, to get budgeted generated patterns).")
    boolean enumerate;

    @Option(names = "--out", paramLabel = "NET", description = "Write the optimal net (cvxrelu.net/1 JSON) here.")
    Path out;

    @Option(names = "--init", paramLabel = "NET",
            description = "Warm start: put this net's patterns into the program (the answer is never worse than it).")
    Path init;

    @Option(names = "--model", paramLabel = "M", defaultValue = "relu",
            description = "relu: the ReLU convex program (certified); gated: the gated ReLU problem over the patterns "
            + "(working-set rounds, a semismooth Newton augmented Lagrangian or R-FISTA; its own duality gap), then "
            + "cone-decomposed into a ReLU net (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--relu-resolve", description = "With --model gated: then solve the ReLU convex program over the same "
            + "patterns with its working set seeded by the gated support, and report that net (default: the cone "
            + "decomposition of the gated blocks).")
    boolean reluResolve;

    @Option(names = "--global-seconds", paramLabel = "S", defaultValue = "0",
            description = "When the answer is not certified over every pattern to the target gap (generated or "
            + "sampled patterns: an arrangement that does not fit, or one that fits in r <= 5 above "
            + CvxRelu.GLOBAL_PRICING_MAX_ROWS + " rows; or the branch-and-bound route cut by --time-limit), spend "
            + "up to about S "
            + "seconds after the solve (and after --time-limit) on a global answer: with generated patterns, r <= 5 "
            + "(r = d + 1 with the bias), the ipm or joptimizer backend and free output signs, the first 3/4 "
            + "continue the generation with every pattern priced by branch and bound (a settled answer is the "
            + "certified global optimum; an unsettled one depends on the machine's speed); then, or otherwise, a "
            + "lower bound proven over every pattern (as certify --global) replaces the pattern-level bound "
            + "(default ${DEFAULT-VALUE}: off).")
    double globalSeconds;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        OutputPaths.checkFile("--out", out);
        BadInputException.positiveBeta(beta);
        if (!(gap > 0 && gap < 1)) {
            throw new BadInputException("--gap must be in (0, 1), got " + gap);
        }
        TimeLimit.check("--time-limit", timeLimit);
        TimeLimit.check("--global-seconds", globalSeconds, "off");
        Dataset ds = CsvDataReader.read(data);
        SolverSettings settings = SolverSettings.defaults().withRelativeGap(gap).withTimeLimit(timeLimit)
                .withProgress(output.progress()).startClockSecondsAgo(TimeLimit.sinceProcessStart());
        SolveOptions options = new SolveOptions(choice.options(), solver, settings, nonnegativeOutput);
        options = options.withStandardize(standardize).withEnumerate(enumerate);
        ReluNet initNet = null;
        if (init != null) {
            initNet = NetFile.read(init);
            NetFile.checkFits(initNet, ds.d(), init.toString());
        }
        if ("gated".equals(model)) {
            if (initNet != null) {
                throw new BadInputException("--init is not supported with --model gated");
            }
            org.cvxrelu.gated.GatedSolve.Outcome g = org.cvxrelu.gated.GatedSolve.solve(ds, beta, options, reluResolve);
            reportAnswer(output, g.reluObjective(), g.reluLowerBound(), g.reluGapOverPatterns());
            if (out != null) {
                NetFile.write(NetFile.withFeatures(g.net(), ds.d()), out);
            }
            output.print(org.cvxrelu.gated.GatedSolve.report(ds, g, out));
            if (g.reason() != null) {
                System.err.println("cvxrelu: warning: " + g.reason());
            }
            return 0;
        } else if (!"relu".equals(model)) {
            throw new BadInputException("--model must be relu or gated, got " + model);
        }
        SolveResult r = CvxRelu.solve(ds, beta, options, initNet);
        if (globalSeconds > 0) {
            r = CvxRelu.withGlobalSearch(ds, beta, options, r, globalSeconds);
        }
        reportAnswer(output, r.objective(), r.lowerBound(), r.relativeGap());
        if (out != null) {
            NetFile.write(NetFile.withFeatures(r.net(), ds.d()), out);
        }
        output.print(report(ds, r, out));
        if (r.reason() != null) {
            System.err.println("cvxrelu: warning: " + r.reason());
        }
        return 0;
    }

    /**
     * The answer's objective, bound and gap as the last progress line (shown when the run showed progress at all):
     * the lines before it are the stages' own, and a bound that the time limit left looser at the end (a pricing cut
     * short) would otherwise contradict the last of them.
     */
    static void reportAnswer(OutputOptions output, double objective, double lower, double gap) {
        output.progress().phase("answer");
        output.progress().report(String.format(java.util.Locale.ROOT, "objective %.10g  lower %.10g  gap %.2e",
                objective, lower, gap));
    }

    static Map<String, Object> report(Dataset ds, SolveResult r, Path out) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("objective", r.objective());
        report.put("scale", Scale.of(r.net()));
        report.put("lowerBound", r.lowerBound());
        report.put("relativeGap", r.relativeGap());
        report.put("exact", r.exact());
        report.put("certified", r.certified());
        report.put("lowerBoundScope", r.lowerBoundScope());
        report.put("patterns", r.patterns().size());
        report.put("mode", r.patterns().mode());
        for (String key : new String[] {"startsWithoutViolator", "starts", "searchExhausted", "adamSeedObjective",
                "globalBound", "patternLowerBound", "patternLowerBoundScope", "dualConstantBound", "dualConstantBest",
                "dualConstantGap", "searchNodes", "searchSeconds", "searchComplete", "searchStoppedBy", "globalPricings",
                "globalPricingNodes", "globalPricingSeconds", "solveObjective", "solveSeconds", "globalSearchSeconds",
                "globalSearchSettled", "generationRounds", "generationStoppedBy", "generationSearchSeconds",
                "generationSolveSeconds", "generationWork", "generationWorkBudget"}) {
            if (r.stats() != null && r.stats().containsKey(key)) {
                report.put(key, r.stats().get(key));
            }
        }
        report.put("neurons", r.neurons());
        report.put("solver", r.solver());
        report.put("seconds", r.seconds());
        report.put("converged", r.converged());
        if (r.reason() != null) {
            report.put("reason", r.reason());
        }
        report.put("convexObjective", r.convexObjective());
        report.put("outerIterations", r.outerIterations());
        report.put("workingSet", r.workingSetSize());
        report.put("n", ds.n());
        report.put("d", ds.d());
        report.put("beta", r.program().beta());
        report.put("bias", r.program().bias());
        if (out != null) {
            report.put("out", out.toString());
        }
        return report;
    }

    /** Completion candidates for --solver: the registered backends. */
    static final class SolverNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ConeSolvers.names().iterator();
        }
    }
}

package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.optimal.OptimalSet;
import org.cvxrelu.solver.SolverSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optimal DATA --beta B [--out-prefix P]}: the optimal set of Mishkin and Pilanci: m* (the smallest
 * width reaching the optimum) and whether the optimal minimal net is unique; when it is not, two different
 * optimal minimal nets are written.
 */
@Command(name = "optimal", description = "m* (smallest optimal width) and uniqueness of the optimal minimal net.")
final class OptimalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "CSV data file.")
    Path data;

    @Option(names = "--beta", required = true, paramLabel = "B", description = "Weight decay beta > 0.")
    double beta;

    @Mixin
    PatternChoice choice;

    @Option(names = "--out-prefix", paramLabel = "P", description = "Write the optimal minimal net(s) as P1.json (and P2.json).")
    String outPrefix;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        BadInputException.positiveBeta(beta);
        Dataset ds = CsvDataReader.read(data);
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
        report.put("nPlusOne", ds.n() + 1);
        report.put("unique", r.unique());
        report.put("directions", r.directions());
        report.put("rank", r.rank());
        report.put("objectives", r.objectives());
        report.put("fitTolerance", r.fitTolerance());
        if (outPrefix != null) {
            for (int k = 0; k < r.nets().size(); k++) {
                Path p = Path.of(outPrefix + (k + 1) + ".json");
                NetFile.write(r.nets().get(k), p);
            }
            report.put("written", r.nets().size());
        }
        output.print(report);
        return 0;
    }
}

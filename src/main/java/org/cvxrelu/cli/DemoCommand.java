package org.cvxrelu.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.solver.SolverSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code demo}: solves the instance embedded in the jar (instances/teacher_n30_d2.csv) at β = 0.1. */
@Command(name = "demo", description = "Solve the bundled instance teacher_n30_d2 to its certified optimum.")
final class DemoCommand implements Callable<Integer> {
    static final String RESOURCE = "/instances/teacher_n30_d2.csv";

    @Option(names = "--beta", defaultValue = "0.1", description = "Weight decay (default ${DEFAULT-VALUE}).")
    double beta;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        Dataset ds;
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCE);
            }
            ds = CsvDataReader.read(in, "teacher_n30_d2.csv (bundled)");
        }
        SolveOptions options = SolveOptions.defaults()
                .withSettings(SolverSettings.defaults().withProgress(output.progress()));
        SolveResult r = CvxRelu.solve(ds, beta, options);
        output.print(SolveCommand.report(ds, r, null));
        return 0;
    }
}

package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.io.AtomicFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code generate teacher|kumar --n N --d D [...] --out FILE}: the project's reproducible instances. */
@Command(name = "generate", description = "Write a planted-teacher or Kumar-family instance as CSV.")
final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", description = "teacher or kumar")
    String kind;

    @Option(names = "--n", required = true, description = "Number of samples.")
    int n;

    @Option(names = "--d", required = true, description = "Number of features.")
    int d;

    @Option(names = "--width", defaultValue = "3", description = "Teacher neurons (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--noise", defaultValue = "0.1", description = "Teacher noise level (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write.")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        OutputPaths.checkFile("--out", out);
        if (n < 1 || d < 1 || width < 1) {
            throw new BadInputException("--n, --d and --width must be positive");
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new BadInputException("--noise must be a finite number >= 0 (a standard deviation), got " + noise);
        }
        Dataset ds = switch (kind) {
            case "teacher" -> InstanceGenerator.teacher(n, d, width, seed, noise);
            case "kumar" -> InstanceGenerator.kumar(n, d, seed);
            default -> throw new BadInputException("unknown instance kind '" + kind + "', expected teacher or kumar");
        };
        AtomicFiles.writeString(out, InstanceGenerator.toCsv(ds));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("kind", kind);
        report.put("n", n);
        report.put("d", d);
        report.put("seed", seed);
        report.put("out", out.toString());
        output.print(report);
        return 0;
    }
}

package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.certify.NetCertificate;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certify DATA NET --beta B}: bounds for any net, over all patterns where exact enumeration fits. */
@Command(name = "certify", description = "Objective, certified lower bound and gap of any net (e.g. trained by SGD).")
final class CertifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "CSV data file.")
    Path data;

    @Parameters(index = "1", paramLabel = "NET", description = "Net file (cvxrelu.net/1).")
    Path netFile;

    @Option(names = "--beta", required = true, paramLabel = "B", description = "Weight decay beta > 0.")
    double beta;

    @Option(names = "--sample", paramLabel = "N", description = "Price N sampled patterns when exact enumeration does not fit.")
    Integer sample;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed for --sample.")
    long seed;

    @Option(names = "--max-patterns", paramLabel = "P", defaultValue = "2000000",
            description = "Largest exact enumeration to attempt (default ${DEFAULT-VALUE}).")
    long maxPatterns;

    @Option(names = "--nonnegative-output", description = "Bound only nets with output weights alpha >= 0.")
    boolean nonnegativeOutput;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        BadInputException.positiveBeta(beta);
        Dataset raw = CsvDataReader.read(data);
        ReluNet net = NetFile.read(netFile);
        NetFile.checkFits(net, raw.d(), netFile.toString());
        Dataset ds = net.scaling().map(s -> s.apply(raw)).orElse(raw);
        NetFile.checkFinite(net, ds, beta, netFile.toString());
        PatternOptions exact = new PatternOptions(net.bias(), null, 0, maxPatterns);
        boolean fits = Patterns.exactFits(ds.design(net.bias()), maxPatterns);
        PatternSet patterns;
        String scope;
        if (fits) {
            patterns = Patterns.of(ds, exact);
            scope = "all patterns";
        } else if (sample != null) {
            patterns = Patterns.of(ds, new PatternOptions(net.bias(), sample, seed, maxPatterns));
            scope = "sampled patterns (not a certified bound on the global optimum)";
        } else {
            throw new BadInputException("exact enumeration of " + data + " does not fit in " + maxPatterns
                    + " patterns; price a sample with --sample N --seed S (the bound is then not certified)");
        }
        if (nonnegativeOutput && net.neurons().stream().anyMatch(nu -> nu.alpha() < 0)) {
            throw new BadInputException(netFile + ": --nonnegative-output, but the net has a neuron with alpha < 0");
        }
        NetCertificate cert = NetCertificate.of(ds, net, beta, patterns, nonnegativeOutput);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("objective", cert.objective());
        report.put("lowerBound", cert.lowerBound());
        report.put("relativeGap", cert.relativeGap());
        report.put("certified", cert.certified());
        report.put("lowerBoundScope", scope);
        report.put("patterns", cert.patterns());
        report.put("neurons", net.width());
        StructureReport.add(ds, net, beta, patterns, report);
        output.print(report);
        return 0;
    }
}

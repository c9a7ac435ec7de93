package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.optimal.NetStructure;
import org.cvxrelu.optimal.Pruning;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prune DATA NET --beta B --out NET}: an optimal net turned into a minimal optimal net. */
@Command(name = "prune", description = "Turn a net into a minimal net with the same output and no larger objective.")
final class PruneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "CSV data file (header row, target last).")
    Path data;

    @Parameters(index = "1", paramLabel = "NET", description = "Net file (cvxrelu.net/1).")
    Path net;

    @Option(names = "--beta", paramLabel = "B", required = true, description = "Weight decay β > 0.")
    double beta;

    @Option(names = "--out", paramLabel = "NET", required = true, description = "Write the pruned net here.")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        OutputPaths.checkFile("--out", out);
        BadInputException.positiveBeta(beta);
        long t0 = System.nanoTime();
        Dataset raw = CsvDataReader.read(data);
        ReluNet in = NetFile.read(net);
        NetFile.checkFits(in, raw.d(), net.toString());
        Dataset ds = Scale.apply(in.scaling().orElse(null), raw); // a net's recorded scaling, as certify
        NetFile.checkFinite(in, ds, beta, net.toString());
        Pruning.Result pr = Pruning.prune(ds, beta, in);
        NetStructure s = NetStructure.of(ds, beta, pr.net());
        Map<String, Object> info = new LinkedHashMap<>(in.info());
        info.put("objective", pr.objective());
        info.put("provenance", "cvxrelu prune");
        // pruning keeps the fit only up to rounding, and the pruned net's own residual can certify far less than the
        // net it came from (raw columns far from zero): that net's dual witness, or its residual, goes with it, and
        // certify prices it beside the pruned net's own (any λ gives a valid bound)
        info.put(NetFile.WITNESS, NetFile.witnessOrResidual(in, ds));
        ReluNet result = new ReluNet(in.bias(), beta, pr.net().neurons(), in.scaling().orElse(null), info);
        NetFile.write(NetFile.withFeatures(result, raw.d()), out);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("objective", pr.objective());
        report.put("scale", Scale.of(in));
        report.put("objectiveBefore", pr.objectiveBefore());
        report.put("neuronsBefore", pr.neuronsBefore());
        report.put("neuronsAfter", pr.neuronsAfter());
        report.put("minimal", s.minimal());
        report.put("nearlyMinimal", s.nearlyMinimal());
        report.put("merged", pr.merged());
        report.put("removed", pr.removed());
        report.put("removedNearlyDependent", pr.removedNearlyDependent());
        report.put("stationarity", s.stationarity());
        report.put("seconds", (System.nanoTime() - t0) / 1e9);
        report.put("out", out.toString());
        output.print(report);
        return 0;
    }
}

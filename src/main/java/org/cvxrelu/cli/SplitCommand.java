package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code split NET --copies K --out NET}: each neuron into K equal copies (same function, same penalty). */
@Command(name = "split", description = "Split every neuron into K copies (sqrt(1/K)-scaled): same objective, not minimal.")
final class SplitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NET", description = "Net file (cvxrelu.net/1).")
    Path netFile;

    @Option(names = "--copies", defaultValue = "2", description = "Copies per neuron (default ${DEFAULT-VALUE}).")
    int copies;

    @Option(names = "--out", required = true, paramLabel = "NET", description = "Where to write the split net.")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        OutputPaths.checkFile("--out", out);
        if (copies < 1) {
            throw new BadInputException("--copies must be at least 1, got " + copies);
        }
        ReluNet net = NetFile.read(netFile);
        double[] gammas = new double[copies];
        java.util.Arrays.fill(gammas, 1.0 / copies);
        ReluNet split = net.split(gammas);
        NetFile.write(split, out);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("neuronsBefore", net.width());
        report.put("neuronsAfter", split.width());
        report.put("out", out.toString());
        output.print(report);
        return 0;
    }
}

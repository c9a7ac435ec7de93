package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.cvxrelu.bench.BenchRow;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class BenchAndPredictCommandTest {
    @TempDir
    Path dir;

    @Test
    void quickBenchWritesTheCsvWithTheExpectedColumns() throws IOException {
        Path out = dir.resolve("bench");
        int rc = new CommandLine(new BenchCommand()).execute("--quick", "--quiet", "--json", "--out", out.toString(),
                "--only", "teacher", "--fista-limit", "1", "--restarts", "1");
        assertThat(rc).isZero();
        List<String> lines = Files.readAllLines(out.resolve("bench.csv"));
        assertThat(lines.get(0)).isEqualTo(BenchRow.HEADER);
        assertThat(BenchRow.HEADER.split(",")).contains("dataset", "method", "seconds", "gap", "time_to_1e-3_s",
                "fraction_1e-3", "time_to_1e-6_s", "fraction_1e-6", "ratio_to_ipm");
        List<String> methods = lines.stream().skip(1).map(l -> l.split(",")[7]).toList();
        assertThat(methods).contains("ipm", "fista", "joptimizer-restricted", "gd", "sgd", "adam");
        int cols = BenchRow.HEADER.split(",").length;
        for (String l : lines.subList(1, lines.size())) {
            assertThat(l.split(",", -1).length).isGreaterThanOrEqualTo(cols);
            assertThat(l).startsWith("teacher_n12_d2,12,2,");
        }
        String ipm = lines.stream().filter(l -> l.split(",")[7].equals("ipm")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(ipm.split(",")[15])).isPositive(); // ipm reaches 1e-6 certified
        assertThat(Files.list(out).anyMatch(p -> p.toString().endsWith(".png"))).isTrue();
    }

    @Test
    void predictOnRawDataReproducesTheNetThroughItsScaling() throws IOException {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 25;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        StringBuilder csv = new StringBuilder("a,b,target\n");
        for (int k = 0; k < n; k++) {
            x[k][0] = 100 + 20 * rnd.nextGaussian();
            x[k][1] = 0.01 * rnd.nextGaussian();
            y[k] = 50 + 3 * rnd.nextGaussian();
            csv.append(x[k][0]).append(',').append(x[k][1]).append(',').append(y[k]).append('\n');
        }
        Path data = dir.resolve("raw.csv");
        Files.writeString(data, csv);
        Dataset raw = CsvDataReader.read(data);
        InputScaling scaling = InputScaling.standardize(raw, true);
        Dataset std = scaling.apply(raw);
        ReluNet onStd = new ReluNet(true, 0.1, List.of(new Neuron(new double[] {0.7, -1.2, 0.3}, 1.5),
                new Neuron(new double[] {-0.4, 0.9, -0.1}, -0.8)));
        ReluNet net = onStd.withScaling(scaling);
        Path netFile = dir.resolve("net.json");
        NetFile.write(net, netFile);
        Path predOut = dir.resolve("pred.csv");
        int rc = new CommandLine(new PredictCommand()).execute(data.toString(), netFile.toString(), "--out",
                predOut.toString(), "--json");
        assertThat(rc).isZero();
        List<String> lines = Files.readAllLines(predOut);
        assertThat(lines.get(0)).isEqualTo("target,prediction");
        double[] f = onStd.outputs(std); // on the standardised scale
        double sq = 0;
        for (int k = 0; k < n; k++) {
            String[] cells = lines.get(k + 1).split(",");
            double expected = scaling.targetToRaw(f[k]);
            assertThat(Double.parseDouble(cells[0])).isEqualTo(raw.y(k));
            assertThat(Double.parseDouble(cells[1])).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
            sq += (expected - raw.y(k)) * (expected - raw.y(k));
        }
        assertThat(PredictCommand.rmse(PredictCommand.predict(NetFile.read(netFile), raw.features()), raw.targets()))
                .isCloseTo(Math.sqrt(sq / n), within(1e-9));

        // features only (no target column): same predictions
        StringBuilder noTarget = new StringBuilder("a,b\n");
        for (int k = 0; k < n; k++) {
            noTarget.append(x[k][0]).append(',').append(x[k][1]).append('\n');
        }
        Path features = dir.resolve("features.csv");
        Files.writeString(features, noTarget);
        Path out2 = dir.resolve("pred2.csv");
        assertThat(new CommandLine(new PredictCommand()).execute(features.toString(), netFile.toString(), "--out",
                out2.toString(), "--json")).isZero();
        List<String> l2 = Files.readAllLines(out2);
        assertThat(l2.get(0)).isEqualTo("prediction");
        assertThat(Double.parseDouble(l2.get(1))).isCloseTo(scaling.targetToRaw(f[0]), within(1e-9 * Math.abs(f[0]) + 1e-9));
    }
}

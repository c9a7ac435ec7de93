package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.io.AtomicFiles;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code predict DATA NET [--out CSV] [--json]}: the net's outputs on the raw rows of DATA, through the input
 * scaling the net file records (features standardised, output mapped back to the raw target scale). DATA may
 * hold the target as its last column (then the RMSE is reported) or only the net's features. Without
 * {@code --out} and {@code --json}, stdout holds only the predictions, one per line, and the summary goes to
 * stderr.
 */
@Command(name = "predict", description = "Predictions of a net on raw inputs (RMSE when DATA has targets).")
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "CSV data file (header row; target last, optional).")
    Path data;

    @Parameters(index = "1", paramLabel = "NET", description = "Net file (cvxrelu.net/1).")
    Path netFile;

    @Option(names = "--out", paramLabel = "CSV", description = "Write the predictions here (one column, or target,prediction).")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        OutputPaths.checkFile("--out", out);
        ReluNet net = NetFile.read(netFile);
        int netD = NetFile.features(net); // −1 when the net cannot tell (a zero net written without inputFeatures)
        // a one-feature net's features-only file has one column
        Dataset ds = netD == 1 ? CsvDataReader.readAllowingOneColumn(data) : CsvDataReader.read(data);
        int columns = ds.d() + 1;
        if (netD >= 0 && columns != netD && columns != netD + 1) {
            throw new BadInputException(data + ": line 1: " + columns + " columns; the net " + netFile + " takes " + netD
                    + " features, so expected " + netD + " columns (features only) or " + (netD + 1)
                    + " (features, then the target)");
        }
        boolean targets = netD < 0 || netD == ds.d();
        double[][] x = new double[ds.n()][];
        for (int k = 0; k < ds.n(); k++) {
            if (targets) {
                x[k] = ds.row(k);
            } else {
                double[] row = java.util.Arrays.copyOf(ds.row(k), ds.d() + 1);
                row[ds.d()] = ds.y(k); // no target column: the last column is a feature
                x[k] = row;
            }
        }
        NetFile.checkFits(net, targets ? ds.d() : ds.d() + 1, netFile.toString());
        double[] pred = predict(net, x);
        for (int k = 0; k < pred.length; k++) {
            if (!Double.isFinite(pred[k])) {
                throw new BadInputException(netFile + ": the net's prediction for data line " + (k + 2) + " of " + data
                        + " overflows a double, expected smaller weights");
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("n", ds.n());
        report.put("scaled", net.scaling().isPresent());
        report.put("scale", Scale.RAW); // predictions in the file's units, through the net's recorded scaling
        report.put("hasTargets", targets);
        if (targets) {
            report.put("rmse", rmse(pred, ds.targets()));
        }
        if (out != null) {
            StringBuilder sb = new StringBuilder(targets ? "target,prediction\n" : "prediction\n");
            for (int k = 0; k < pred.length; k++) {
                if (targets) {
                    sb.append(repr(ds.y(k))).append(',');
                }
                sb.append(repr(pred[k])).append('\n');
            }
            AtomicFiles.writeString(out, sb.toString());
            report.put("out", out.toString());
        } else if (output.json) {
            report.put("predictions", pred);
        }
        if (!output.json && out == null) {
            // stdout holds only the predictions (one per line, ready for a pipe); the summary goes to stderr
            StringBuilder sb = new StringBuilder();
            for (double p : pred) {
                sb.append(repr(p)).append('\n');
            }
            System.out.print(sb);
            System.out.flush();
            if (!output.quiet) {
                System.err.print(OutputOptions.text(report));
            }
            return 0;
        }
        output.print(report);
        return 0;
    }

    static double[] predict(ReluNet net, double[][] raw) {
        double[] p = new double[raw.length];
        for (int k = 0; k < raw.length; k++) {
            p[k] = net.predictRaw(raw[k]);
        }
        return p;
    }

    static double rmse(double[] pred, double[] y) {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            s += (pred[k] - y[k]) * (pred[k] - y[k]);
        }
        return y.length == 0 ? 0 : Math.sqrt(s / y.length);
    }

    private static String repr(double v) {
        return String.format(Locale.ROOT, "%.17g", v);
    }
}

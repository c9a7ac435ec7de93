package org.cvxrelu.bench;

import java.awt.BasicStroke;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.io.AtomicFiles;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report of {@code scripts/real-tables-bench.sh} (issue 12): for each table, the whole-process wall time and
 * objective of {@code train --optimizer adam --width 50 --restarts 5 --seed 1} and of {@code solve} (no extra
 * flags), read from the run directory; the objective of each written net re-evaluated here from the net file
 * and the data; a Markdown table on stdout and one PNG of objective against time per table.
 *
 * <p>Usage: {@code java -cp cvxrelu.jar org.cvxrelu.bench.RealTablesReport RUN_DIR DATA_DIR PNG_DIR TABLE...}; RUN_DIR
 * holds {@code T.adam.json|log|net|wall} and {@code T.solve.json|log|net|wall} for each table T (both run with
 * {@code --standardize}), DATA_DIR the raw {@code T.csv}: the net is re-evaluated on the z-scores of the raw
 * table computed here ({@link InputScaling#standardize}, population standard deviation, target too), the scale
 * the objectives are reported on.
 */
public final class RealTablesReport {
    private static final Pattern STAMP = Pattern.compile("^\\[\\s*([0-9.]+)s\\].*objective ([-+0-9.eE]+)");
    static final double BETA = 0.1;

    private RealTablesReport() {
    }

    public static void main(String[] args) throws IOException {
        Path run = Path.of(args[0]);
        Path dataDir = Path.of(args[1]);
        Path pngDir = Path.of(args[2]);
        StringBuilder md = new StringBuilder();
        md.append("| table | n × d | Adam ×5 objective | Adam ×5 wall s | solve objective | solve wall s | mode | patterns "
                + "| L_β(net file) | objective ≤ Adam | wall ≤ Adam |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 3; i < args.length; i++) {
            String t = args[i];
            Dataset raw = CsvDataReader.read(dataDir.resolve(t + ".csv"));
            Dataset data = InputScaling.standardize(raw, true).apply(raw);
            Map<String, Object> adam = json(run.resolve(t + ".adam.json"));
            Map<String, Object> solve = json(run.resolve(t + ".solve.json"));
            double adamWall = wall(run.resolve(t + ".adam.wall"));
            double solveWall = wall(run.resolve(t + ".solve.wall"));
            double adamObj = ((Number) adam.get("objective")).doubleValue();
            double solveObj = ((Number) solve.get("objective")).doubleValue();
            ReluNet net = NetFile.read(run.resolve(t + ".solve.net"));
            double check = net.objective(data, BETA);
            md.append(String.format(Locale.ROOT, "| %s | %d × %d | %.6g | %.1f | %.6g | %.1f | %s | %d | %.6g | %s | %s |%n",
                    t, data.n(), data.d(), adamObj, adamWall, solveObj, solveWall, solve.get("mode"),
                    ((Number) solve.get("patterns")).intValue(), check, solveObj <= adamObj ? "yes" : "**no**",
                    solveWall <= adamWall ? "yes" : "**no**"));
            chart(pngDir.resolve("issue12_" + t + "_beta0.1.png"), t + " (standardised), beta = 0.1",
                    curve(run.resolve(t + ".adam.log"), adamWall, adamObj),
                    curve(run.resolve(t + ".solve.log"), solveWall, solveObj));
        }
        System.out.print(md);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path p) throws IOException {
        return new com.google.gson.Gson().fromJson(Files.readString(p), Map.class);
    }

    private static double wall(Path p) throws IOException {
        return Double.parseDouble(Files.readString(p).trim());
    }

    /** Best objective so far against the progress stamps of a log, ending at (wall, final objective). */
    static double[][] curve(Path log, double wall, double last) throws IOException {
        List<double[]> pts = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = STAMP.matcher(line);
                if (m.find()) {
                    double v = Double.parseDouble(m.group(2));
                    if (Double.isFinite(v) && v < best) {
                        best = v;
                    }
                    if (Double.isFinite(best)) {
                        pts.add(new double[] {Double.parseDouble(m.group(1)), best});
                    }
                }
            }
        }
        pts.add(new double[] {wall, Math.min(best, last)});
        return pts.toArray(new double[0][]);
    }

    private static void chart(Path png, String title, double[][] adam, double[][] solve) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection col = new XYSeriesCollection();
        col.addSeries(series("train --optimizer adam --width 50 --restarts 5 (best so far)", adam));
        col.addSeries(series("solve (best so far)", solve));
        JFreeChart chart = ChartFactory.createXYLineChart(title, "wall seconds", "objective L_beta", col,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        double lo = Double.POSITIVE_INFINITY;
        for (double[][] c : new double[][][] {adam, solve}) {
            for (double[] p : c) {
                lo = Math.min(lo, p[1]);
            }
        }
        double hi = Math.min(adam[adam.length - 1][1], solve[solve.length - 1][1]) * 1.5;
        hi = Math.max(hi, Math.max(adam[adam.length - 1][1], solve[solve.length - 1][1]) * 1.05);
        plot.getRangeAxis().setRange(lo * 0.98, hi);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesStroke(1, new BasicStroke(2f));
        plot.setRenderer(r);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(buf, chart, 800, 480);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeBytes(png, buf.toByteArray());
    }

    private static XYSeries series(String name, double[][] pts) {
        XYSeries s = new XYSeries(name, false, true);
        for (double[] p : pts) {
            s.add(p[0], p[1]);
        }
        return s;
    }
}

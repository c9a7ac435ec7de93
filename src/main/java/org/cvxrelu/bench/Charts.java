package org.cvxrelu.bench;

import java.awt.BasicStroke;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import org.cvxrelu.io.AtomicFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Line charts written as PNG (headless JFreeChart). */
public final class Charts {
    /** Values below this are drawn at this height on a log axis (exact zeros cannot be drawn). */
    public static final double LOG_FLOOR = 1e-16;

    private Charts() {
    }

    /**
     * One line per entry of {@code series} (y values at x = 0, 1, 2, …, or at {@code x} when given), a log y axis
     * when {@code logY}, saved as a 900×560 PNG.
     */
    public static void lines(Path png, String title, String xLabel, String yLabel, boolean logY, double[] x,
            Map<String, double[]> series) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection col = new XYSeriesCollection();
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            double[] v = e.getValue();
            int stride = Math.max(1, v.length / 2000);
            for (int i = 0; i < v.length; i += stride) {
                double xi = x == null ? i : x[i];
                double yi = v[i];
                if (!Double.isFinite(yi)) {
                    continue;
                }
                s.add(xi, logY ? Math.max(LOG_FLOOR, yi) : yi);
            }
            col.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, col, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        if (logY) {
            LogAxis axis = new LogAxis(yLabel);
            axis.setSmallestValue(LOG_FLOOR);
            plot.setRangeAxis(axis);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < col.getSeriesCount(); i++) {
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(r);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(buf, chart, 900, 560);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeBytes(png, buf.toByteArray());
    }
}

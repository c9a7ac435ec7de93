package org.cvxrelu.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cvxrelu.io.AtomicFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
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

    /** Line colours of {@link #panels}, in turn over all panels (readable on white, distinct in grey). */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

    /** One panel of {@link #panels}: its y axis label, whether that axis is logarithmic, and its lines. */
    public record Panel(String yLabel, boolean logY, Map<String, double[]> series) {
    }

    /**
     * Panels stacked over one shared x axis (logarithmic when {@code logX}), each with its own y axis: e.g. the
     * objective, the width and the gap of a regularisation path against β. Saved as a 900×(260 per panel) PNG.
     */
    public static void panels(Path png, String title, String xLabel, boolean logX, double[] x, List<Panel> panels) {
        System.setProperty("java.awt.headless", "true");
        ValueAxis domain;
        if (logX) {
            LogAxis axis = new LogAxis(xLabel);
            axis.setSmallestValue(LOG_FLOOR);
            axis.setNumberFormatOverride(new java.text.DecimalFormat("0.##E0", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
            domain = axis;
        } else {
            domain = new NumberAxis(xLabel);
        }
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(domain);
        combined.setGap(8);
        for (Panel p : panels) {
            XYSeriesCollection col = collection(p.series(), x, p.logY());
            ValueAxis range;
            if (p.logY()) {
                LogAxis axis = new LogAxis(p.yLabel());
                axis.setSmallestValue(LOG_FLOOR);
                axis.setNumberFormatOverride(new java.text.DecimalFormat("0.##E0", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
                range = axis;
            } else {
                NumberAxis axis = new NumberAxis(p.yLabel());
                axis.setAutoRangeIncludesZero(false);
                range = axis;
            }
            combined.add(new XYPlot(col, null, range, new XYLineAndShapeRenderer(true, true)), 1);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        ChartFactory.getChartTheme().apply(chart);
        // after the theme, which resets them: white panels, one colour per line name (the same in every panel,
        // listed once in the legend), markers only on short lines
        Map<Comparable<?>, Color> colours = new java.util.HashMap<>();
        for (XYPlot plot : combined.getSubplots()) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
            XYSeriesCollection col = (XYSeriesCollection) plot.getDataset();
            for (int i = 0; i < col.getSeriesCount(); i++) {
                Comparable<?> key = col.getSeriesKey(i);
                boolean first = !colours.containsKey(key);
                Color c = colours.computeIfAbsent(key, k -> PALETTE[colours.size() % PALETTE.length]);
                r.setSeriesStroke(i, new BasicStroke(2f));
                r.setSeriesPaint(i, c);
                r.setSeriesVisibleInLegend(i, first);
                r.setSeriesShapesVisible(i, col.getSeries(i).getItemCount() <= 60);
            }
        }
        write(png, chart, 900, 120 + 260 * panels.size());
    }

    private static XYSeriesCollection collection(Map<String, double[]> series, double[] x, boolean logY) {
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
        return col;
    }

    private static void write(Path png, JFreeChart chart, int width, int height) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(buf, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeBytes(png, buf.toByteArray());
    }

    /**
     * One line per entry of {@code series} (y values at x = 0, 1, 2, …, or at {@code x} when given), a log y axis
     * when {@code logY}, saved as a 900×560 PNG.
     */
    public static void lines(Path png, String title, String xLabel, String yLabel, boolean logY, double[] x,
            Map<String, double[]> series) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection col = collection(series, x, logY);
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
        write(png, chart, 900, 560);
    }
}

package org.cvxrelu.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A regression data set: n samples of d features ({@code X}, one row per sample) and a target {@code y}.
 *
 * <p>The design matrix of SPEC.md, X̃, is {@link #design(boolean)}: with bias every row gets a trailing 1,
 * so weight vectors have r = d + 1 entries, the bias weight last.
 */
public final class Dataset {
    private final double[][] x;
    private final double[] y;
    private final List<String> featureNames;
    private final String targetName;
    private final String source;

    public Dataset(double[][] x, double[] y, List<String> featureNames, String targetName, String source) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length + " entries");
        }
        int d = x.length == 0 ? featureNames.size() : x[0].length;
        for (double[] row : x) {
            if (row.length != d) {
                throw new IllegalArgumentException("ragged feature matrix");
            }
        }
        if (featureNames.size() != d) {
            throw new IllegalArgumentException(d + " features but " + featureNames.size() + " names");
        }
        this.x = deepCopy(x);
        this.y = y.clone();
        this.featureNames = List.copyOf(featureNames);
        this.targetName = targetName;
        this.source = source;
    }

    /** A data set with generated names (x1 … xd, target), for programmatic use. */
    public static Dataset of(double[][] x, double[] y) {
        int d = x.length == 0 ? 0 : x[0].length;
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = "x" + (j + 1);
        }
        return new Dataset(x, y, Arrays.asList(names), "target", "<memory>");
    }

    public int n() {
        return y.length;
    }

    public int d() {
        return featureNames.size();
    }

    /** Number of weights per neuron: d + 1 with bias, d without. */
    public int r(boolean bias) {
        return d() + (bias ? 1 : 0);
    }

    /** Feature i of sample k (a copy is not made: do not modify). */
    public double x(int k, int i) {
        return x[k][i];
    }

    public double[] row(int k) {
        return x[k].clone();
    }

    public double[][] features() {
        return deepCopy(x);
    }

    public double[] targets() {
        return y.clone();
    }

    public double y(int k) {
        return y[k];
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public String targetName() {
        return targetName;
    }

    /** Where the data came from (a file path or a description), for messages and provenance. */
    public String source() {
        return source;
    }

    /** The design matrix X̃ (n × r): the features, followed by a column of ones when {@code bias}. */
    public double[][] design(boolean bias) {
        int d = d();
        double[][] out = new double[n()][d + (bias ? 1 : 0)];
        for (int k = 0; k < n(); k++) {
            System.arraycopy(x[k], 0, out[k], 0, d);
            if (bias) {
                out[k][d] = 1.0;
            }
        }
        return out;
    }

    /** The rows {@code rows} of this data set, in that order. */
    public Dataset subset(int[] rows) {
        double[][] xs = new double[rows.length][];
        double[] ys = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            xs[k] = x[rows[k]];
            ys[k] = y[rows[k]];
        }
        return new Dataset(xs, ys, featureNames, targetName, source);
    }

    /** The same samples with only the features {@code columns}. */
    public Dataset selectFeatures(int[] columns) {
        double[][] xs = new double[n()][columns.length];
        String[] names = new String[columns.length];
        for (int j = 0; j < columns.length; j++) {
            names[j] = featureNames.get(columns[j]);
            for (int k = 0; k < n(); k++) {
                xs[k][j] = x[k][columns[j]];
            }
        }
        return new Dataset(xs, y, Arrays.asList(names), targetName, source);
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int k = 0; k < a.length; k++) {
            out[k] = a[k].clone();
        }
        return out;
    }
}

package org.cvxrelu.net;

import java.util.List;

import org.cvxrelu.data.Dataset;

/**
 * An affine standardisation of the features and the target: a net trained on standardised data
 * ((x − mean) / scale) records it so that {@code predict} works on raw inputs and returns raw targets.
 */
public record InputScaling(double[] featureMean, double[] featureScale, double targetMean, double targetScale) {
    public InputScaling {
        if (featureMean.length != featureScale.length) {
            throw new IllegalArgumentException("mean and scale lengths differ");
        }
        for (double s : featureScale) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("feature scales must be positive and finite");
            }
        }
        if (!(targetScale > 0)) {
            throw new IllegalArgumentException("target scale must be positive");
        }
        featureMean = featureMean.clone();
        featureScale = featureScale.clone();
    }

    /**
     * The z-score transform of {@code data}: each feature to mean 0 and population standard deviation 1, the
     * target too when {@code scaleTarget}. A constant column (every value equal) keeps scale 1 and is centred
     * exactly on its value, whatever rounding the mean would have.
     */
    public static InputScaling standardize(Dataset data, boolean scaleTarget) {
        int d = data.d();
        int n = data.n();
        double[] mean = new double[d];
        double[] scale = new double[d];
        double[] column = new double[n];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < n; k++) {
                column[k] = data.x(k, j);
            }
            double[] ms = meanAndScale(column);
            mean[j] = ms[0];
            scale[j] = ms[1];
        }
        double ym = 0;
        double ys = 1;
        if (scaleTarget) {
            double[] ms = meanAndScale(data.targets());
            ym = ms[0];
            ys = ms[1];
        }
        return new InputScaling(mean, scale, ym, ys);
    }

    /**
     * {mean, population standard deviation} of {@code v}; {value, 1} when every entry is equal (its rounded mean
     * may differ from the value, and the deviations from it would then be rounding noise scaled up to ±1).
     */
    static double[] meanAndScale(double[] v) {
        int n = v.length;
        boolean constant = true;
        for (double a : v) {
            constant &= a == v[0];
        }
        if (n == 0 || constant) {
            return new double[] {n == 0 ? 0 : v[0], 1.0};
        }
        double m = 0;
        for (double a : v) {
            m += a;
        }
        m /= n;
        double ss = 0;
        for (double a : v) {
            ss += (a - m) * (a - m); // the sum is at most Σ a² ≤ n · 1e300 with the reader's 1e150 limit
        }
        double sd = Math.sqrt(ss / n);
        return new double[] {m, sd > 0 ? sd : 1.0};
    }

    @Override
    public double[] featureMean() {
        return featureMean.clone();
    }

    @Override
    public double[] featureScale() {
        return featureScale.clone();
    }

    /** The data set with standardised features and target. */
    public Dataset apply(Dataset data) {
        int n = data.n();
        double[][] x = new double[n][featureMean.length];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < featureMean.length; j++) {
                x[k][j] = (data.x(k, j) - featureMean[j]) / featureScale[j];
            }
            y[k] = (data.y(k) - targetMean) / targetScale;
        }
        return new Dataset(x, y, List.copyOf(data.featureNames()), data.targetName(), data.source());
    }

    /** One raw feature row, standardised. */
    public double[] applyToFeatures(double[] raw) {
        double[] out = new double[raw.length];
        for (int j = 0; j < raw.length; j++) {
            out[j] = (raw[j] - featureMean[j]) / featureScale[j];
        }
        return out;
    }

    /** A prediction on the standardised scale, back on the raw target scale. */
    public double targetToRaw(double standardized) {
        return standardized * targetScale + targetMean;
    }
}

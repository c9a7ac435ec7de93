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
     * The z-score transform of {@code data}: each feature to mean 0 and standard deviation 1 (a constant
     * feature keeps scale 1); the target too when {@code scaleTarget}.
     */
    public static InputScaling standardize(Dataset data, boolean scaleTarget) {
        int d = data.d();
        int n = data.n();
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (int k = 0; k < n; k++) {
                m += data.x(k, j);
            }
            m /= n;
            double v = 0;
            for (int k = 0; k < n; k++) {
                double e = data.x(k, j) - m;
                v += e * e;
            }
            double sd = Math.sqrt(v / n);
            mean[j] = m;
            scale[j] = sd > 0 ? sd : 1.0;
        }
        double ym = 0;
        double ys = 1;
        if (scaleTarget) {
            for (int k = 0; k < n; k++) {
                ym += data.y(k);
            }
            ym /= n;
            double v = 0;
            for (int k = 0; k < n; k++) {
                v += (data.y(k) - ym) * (data.y(k) - ym);
            }
            ys = v > 0 ? Math.sqrt(v / n) : 1.0;
        }
        return new InputScaling(mean, scale, ym, ys);
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

package org.cvxrelu.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.cvxrelu.data.Dataset;

/**
 * The project's own problem instances, made reproducibly from a seed.
 * <ul>
 *   <li>{@link #teacher}: a planted teacher net y = Σ_{j≤k} a_j max(0, w_jᵀx + b_j) + σε with Gaussian x, w, ε,
 *       b ~ N(0, ¼), a_j = ±(0.5 + U[0,1]) alternating in sign (so both output signs occur);</li>
 *   <li>{@link #kumar}: Kumar's family, X uniform in [−1, 1]^{n×d}, y uniform in [−1, 0]: with output weights
 *       α ≥ 0 the zero net is the unique optimum, objective ½‖y‖².</li>
 * </ul>
 */
public final class InstanceGenerator {
    private InstanceGenerator() {
    }

    public static Dataset teacher(int n, int d, int k, long seed, double noise) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] w = new double[k][d];
        double[] b = new double[k];
        double[] a = new double[k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                w[j][i] = rnd.nextGaussian();
            }
            b[j] = 0.5 * rnd.nextGaussian();
            a[j] = (j % 2 == 0 ? 1 : -1) * (0.5 + rnd.nextDouble());
        }
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                x[s][i] = round(rnd.nextGaussian());
            }
            double t = 0;
            for (int j = 0; j < k; j++) {
                double z = b[j];
                for (int i = 0; i < d; i++) {
                    z += w[j][i] * x[s][i];
                }
                t += a[j] * Math.max(0, z);
            }
            y[s] = round(t + noise * rnd.nextGaussian());
        }
        return Dataset.of(x, y);
    }

    public static Dataset kumar(int n, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                x[s][i] = round(2 * rnd.nextDouble() - 1);
            }
            y[s] = round(-rnd.nextDouble());
        }
        return Dataset.of(x, y);
    }

    /** Ten significant digits, so that the CSV file holds exactly the numbers the instance was solved with. */
    static double round(double v) {
        return Double.parseDouble(String.format("%.10g", v));
    }

    /** The data set as CSV text (header x1…xd,target), numbers written so they read back exactly. */
    public static String toCsv(Dataset data) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", data.featureNames())).append(',').append(data.targetName()).append('\n');
        for (int s = 0; s < data.n(); s++) {
            double[] row = Arrays.copyOf(data.row(s), data.d() + 1);
            row[data.d()] = data.y(s);
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(row[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}

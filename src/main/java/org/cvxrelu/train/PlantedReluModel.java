package org.cvxrelu.train;

import java.util.SplittableRandom;

/**
 * The planted model of Ergen &amp; Pilanci, eq. (4) and (8): Gaussian data A (rows a_i ~ N(0, I_d)),
 * planted neurons x_j* ~ N(0, I_d) and noiseless targets y = Σ_j g(A x_j*), g the ReLU.
 *
 * @param a     the n × d data matrix A
 * @param xStar the m planted neurons, one row each (m × d)
 * @param y     the targets Σ_j (A x_j*)₊
 */
public record PlantedReluModel(double[][] a, double[][] xStar, double[] y) {

    /** An instance with n samples, d features and m planted neurons, drawn from {@code seed}. */
    public static PlantedReluModel generate(int n, int d, int m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] xs = gaussian(m, d, rng);
        double[][] a = gaussian(n, d, rng);
        return new PlantedReluModel(a, xs, ErgenPilanci.outputs(a, xs));
    }

    /** Fresh samples (e.g. a test set) of the same planted neurons, drawn from {@code seed}. */
    public PlantedReluModel freshSamples(int n, long seed) {
        double[][] a2 = gaussian(n, xStar[0].length, new SplittableRandom(seed));
        return new PlantedReluModel(a2, xStar, ErgenPilanci.outputs(a2, xStar));
    }

    /** A k × d matrix of independent N(0, 1) entries (e.g. the paper's initialisation x₀ ~ N(0, I_d)). */
    public static double[][] gaussian(int k, int d, SplittableRandom rng) {
        double[][] out = new double[k][d];
        for (double[] row : out) {
            for (int c = 0; c < d; c++) {
                row[c] = rng.nextGaussian();
            }
        }
        return out;
    }

    public int n() {
        return y.length;
    }

    public int d() {
        return a.length == 0 ? xStar[0].length : a[0].length;
    }

    public int m() {
        return xStar.length;
    }
}

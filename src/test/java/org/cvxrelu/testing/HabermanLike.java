package org.cvxrelu.testing;

import java.util.SplittableRandom;

import org.cvxrelu.data.Dataset;

/**
 * Degenerate data like haberman's, built here (not read from a file): ages 30–83, years 58–69, a 0/1 column and a
 * skewed integer target (0, 1, 2, … with geometrically falling counts). Integer columns with many repeated values
 * give large exact arrangements and restricted programs on which the interior-point method stalls.
 */
public final class HabermanLike {
    private HabermanLike() {
    }

    /** n rows, raw units, from {@code seed}. */
    public static Dataset rows(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = 30 + r.nextInt(54);
            x[k][1] = 58 + r.nextInt(12);
            x[k][2] = r.nextInt(2);
            y[k] = Math.floor(-4 * Math.log(1 - r.nextDouble()));
        }
        return Dataset.of(x, y);
    }
}

package org.cvxrelu.cone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The eight-at-a-time dot products against the plain loop, bit for bit (the reason they may replace it). */
class RowDotsTest {
    private static double plain(double[] x, double[] v) {
        double s = 0;
        for (int j = 0; j < v.length; j++) {
            s += x[j] * v[j];
        }
        return s;
    }

    @Test
    void everyProductIsThePlainLoopsToTheBit() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(40);
            int r = 1 + rnd.nextInt(60);
            double[][] x = new double[n][r];
            for (double[] row : x) {
                for (int j = 0; j < r; j++) {
                    // wide magnitudes and signs, so that the order of the additions shows in the last bits
                    row[j] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(13) - 6);
                }
            }
            double[] v = new double[r];
            for (int j = 0; j < r; j++) {
                v[j] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(13) - 6);
            }
            double[] all = RowDots.all(x, v);
            for (int k = 0; k < n; k++) {
                assertThat(Double.doubleToRawLongBits(all[k])).isEqualTo(Double.doubleToRawLongBits(plain(x[k], v)));
            }
            int[] rows = rnd.ints(n, 0, n).toArray();
            int a0 = rnd.nextInt(n);
            int m = Math.min(8, n - a0);
            double[] out = new double[8];
            RowDots.eight(x, rows, a0, m, v, out);
            for (int i = 0; i < m; i++) {
                assertThat(Double.doubleToRawLongBits(out[i]))
                        .isEqualTo(Double.doubleToRawLongBits(plain(x[rows[a0 + i]], v)));
            }
        }
    }
}

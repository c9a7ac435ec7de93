package org.cvxrelu.cone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

import org.cvxrelu.patterns.PatternSet;
import org.junit.jupiter.api.Test;

/**
 * {@link RedundantRows}: every row it drops is implied by the rows it keeps (points on the boundary of the kept
 * rows' cone satisfy every row; the same check fails once one more kept row is dropped), and it does drop most
 * rows of a low-dimensional cell.
 */
class RedundantRowsTest {

    /** Gaussian rows with a bias column, the cell of a Gaussian witness; some rows repeated as positive multiples. */
    private static double[][] design(Random rng, int n, int r, boolean repeats) {
        double[][] x = new double[n][r];
        for (int k = 0; k < n; k++) {
            if (repeats && k > 0 && k % 4 == 0) {
                double c = 0.5 + rng.nextDouble();
                for (int j = 0; j < r; j++) {
                    x[k][j] = c * x[k - 1][j];
                }
                continue;
            }
            for (int j = 0; j < r - 1; j++) {
                x[k][j] = rng.nextGaussian();
            }
            x[k][r - 1] = 1;
        }
        return x;
    }

    /**
     * The least relative slack min_k a_kᵀu / (‖a_k‖‖u‖) over every row of points u on the boundary of the kept
     * rows' cone K′: the projections Π_K′(z) of random z. If a facet of K had been dropped, K′ would be larger
     * than K and some of these points (those on the faces of K′ outside K) would violate a row.
     */
    private static double worstSlack(double[][] x, long[] mask, int[] kept, Random rng, int samples) {
        int r = x[0].length;
        double worst = Double.POSITIVE_INFINITY;
        for (int s = 0; s < samples; s++) {
            double[] z = new double[r];
            for (int j = 0; j < r; j++) {
                z[j] = rng.nextGaussian();
            }
            double[] u = ConeProjection.project(x, mask, kept, z).projection();
            double nu = Math.sqrt(Arrays.stream(u).map(v -> v * v).sum());
            if (!(nu > 1e-9)) {
                continue;
            }
            for (int k = 0; k < x.length; k++) {
                double d = 0;
                double nk = 0;
                for (int j = 0; j < r; j++) {
                    d += x[k][j] * u[j];
                    nk += x[k][j] * x[k][j];
                }
                worst = Math.min(worst, ConeProjection.sign(mask, k) * d / (Math.sqrt(nk) * nu));
            }
        }
        return worst;
    }

    @Test
    void everyDroppedRowIsImpliedByTheKeptOnesAndMostRowsGo() {
        Random rng = new Random(7);
        int instances = 0;
        int totalRows = 0;
        int totalKept = 0;
        for (int t = 0; t < 24; t++) {
            int r = 3 + t % 4;
            int n = 30 + 5 * (t % 5);
            double[][] x = design(rng, n, r, t % 2 == 0);
            double[] w = new double[r];
            for (int j = 0; j < r; j++) {
                w[j] = rng.nextGaussian();
            }
            long[] mask = PatternSet.maskOf(x, w);
            int[] all = new int[n];
            for (int k = 0; k < n; k++) {
                all[k] = k;
            }
            int[] kept = RedundantRows.irredundant(x, mask, all, w);
            assertThat(kept).isSorted();
            assertThat(all).contains(kept);
            assertThat(worstSlack(x, mask, kept, rng, 400)).as("instance %d", t).isGreaterThan(-1e-9);
            // and the check can fail: a pointed cone in R^r has at least r facets, each kept, and without any
            // one of them the cone is larger
            int detected = 0;
            for (int a = 0; a < kept.length; a++) {
                int[] fewer = new int[kept.length - 1];
                for (int b = 0, c = 0; b < kept.length; b++) {
                    if (b != a) {
                        fewer[c++] = kept[b];
                    }
                }
                if (worstSlack(x, mask, fewer, rng, 200) < -1e-6) {
                    detected++;
                }
            }
            assertThat(detected).as("instance %d: kept rows shown to be facets", t).isGreaterThanOrEqualTo(r);
            instances++;
            totalRows += n;
            totalKept += kept.length;
        }
        assertThat(instances).isEqualTo(24);
        assertThat(totalKept).as("rows kept of %d", totalRows).isLessThan(totalRows / 2);
    }

    @Test
    void aWitnessOnAHyperplaneKeepsEveryRow() {
        double[][] x = {{1, 0, 1}, {0, 1, 1}, {1, 1, 1}, {-1, 0, 1}, {0, -1, 1}, {2, 2, 1}};
        double[] w = {1, -1, 0}; // on row 2's hyperplane: not an interior point
        long[] mask = PatternSet.maskOf(x, w);
        int[] all = {0, 1, 2, 3, 4, 5};
        assertThat(RedundantRows.irredundant(x, mask, all, w)).containsExactly(all);
    }
}

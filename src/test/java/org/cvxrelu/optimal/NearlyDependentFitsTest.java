package org.cvxrelu.optimal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The directions of {@link NearlyDependentFits}, checked by computing ‖Gc‖ directly from the columns: each is a unit
 * vector with ‖Gc‖ ≤ tol·max_j ‖G_j‖ (fresh from a factorisation), one per planted dependent column, and none when the
 * columns are independent.
 */
class NearlyDependentFitsTest {

    @Test
    void everyDirectionIsNearlyNullAndEachPlantedDependenceIsFound() {
        for (int seed = 0; seed < 50; seed++) {
            Random rnd = new Random(seed);
            int n = 40;
            int independent = 3 + rnd.nextInt(8);
            int planted = 1 + rnd.nextInt(6);
            List<double[]> cols = columns(rnd, n, independent, planted, false);
            java.util.Collections.shuffle(cols, rnd);
            double tol = 1e-3;
            double maxNorm = cols.stream().mapToDouble(Linear::norm).max().orElseThrow();
            NearlyDependentFits near = new NearlyDependentFits(cols, tol);
            int found = 0;
            for (double[] c = near.next(); c != null; c = near.next()) {
                assertThat(c).hasSize(cols.size());
                assertThat(Linear.norm(c)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
                double[] gc = new double[n];
                for (int j = 0; j < c.length; j++) {
                    for (int k = 0; k < n; k++) {
                        gc[k] += c[j] * cols.get(j)[k];
                    }
                }
                assertThat(Linear.norm(gc)).as("seed %d", seed).isLessThanOrEqualTo(tol * maxNorm);
                found++;
                near.refused(); // every direction of the one factorisation, none removed
            }
            assertThat(found).as("seed %d", seed).isEqualTo(planted);
        }
    }

    /**
     * Directions carried past removals ({@link NearlyDependentFits#removed}) stay over the columns left: the right
     * length, unit, finite; the first one handed out after each removal of the column its direction weighs most is
     * still nearly null to 1e-3 of the largest column (the planted ones are 1e-6 off, the carry adds at most a few
     * such terms); and the hand-out ends, within one direction per column, once every planted column is gone.
     */
    @Test
    void directionsCarriedPastRemovalsStayOverTheColumnsLeft() {
        for (int seed = 0; seed < 30; seed++) {
            Random rnd = new Random(100 + seed);
            int n = 40;
            int independent = 4 + rnd.nextInt(6);
            int planted = 2 + rnd.nextInt(5);
            List<double[]> cols = columns(rnd, n, independent, planted, true);
            double maxNorm = cols.stream().mapToDouble(Linear::norm).max().orElseThrow();
            List<double[]> left = new ArrayList<>(cols);
            NearlyDependentFits near = new NearlyDependentFits(cols, 1e-3);
            int handed = 0;
            for (double[] c = near.next(); c != null; c = near.next()) {
                assertThat(++handed).as("seed %d", seed).isLessThanOrEqualTo(cols.size());
                assertThat(c).hasSize(left.size());
                assertThat(Linear.norm(c)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
                double[] gc = new double[n];
                int h = 0;
                for (int j = 0; j < c.length; j++) {
                    assertThat(Double.isFinite(c[j])).isTrue();
                    for (int k = 0; k < n; k++) {
                        gc[k] += c[j] * left.get(j)[k];
                    }
                    if (Math.abs(c[j]) > Math.abs(c[h])) {
                        h = j;
                    }
                }
                assertThat(Linear.norm(gc)).as("seed %d", seed).isLessThanOrEqualTo(1e-3 * maxNorm);
                near.removed(c, List.of(h));
                left.remove(h);
            }
            assertThat(cols.size() - left.size()).as("seed %d", seed).isEqualTo(planted);
        }
    }

    /**
     * {@code independent} Gaussian columns of length n, then {@code planted} columns 0.7·g_a − 1.3·g_b of two of them
     * (a ≠ b when {@code distinctPair}), each off by 1e-6 in a random direction.
     */
    private static List<double[]> columns(Random rnd, int n, int independent, int planted, boolean distinctPair) {
        List<double[]> cols = new ArrayList<>();
        for (int j = 0; j < independent; j++) {
            double[] g = new double[n];
            for (int k = 0; k < n; k++) {
                g[k] = rnd.nextGaussian();
            }
            cols.add(g);
        }
        for (int p = 0; p < planted; p++) {
            double[] g = new double[n];
            int a = rnd.nextInt(independent);
            int b = distinctPair ? (a + 1 + rnd.nextInt(independent - 1)) % independent : rnd.nextInt(independent);
            for (int k = 0; k < n; k++) {
                g[k] = 0.7 * cols.get(a)[k] - 1.3 * cols.get(b)[k] + 1e-6 * rnd.nextGaussian();
            }
            cols.add(g);
        }
        return cols;
    }

    @Test
    void independentColumnsGiveNoDirection() {
        Random rnd = new Random(7);
        List<double[]> cols = new ArrayList<>();
        for (int j = 0; j < 10; j++) {
            double[] g = new double[30];
            for (int k = 0; k < g.length; k++) {
                g[k] = rnd.nextGaussian();
            }
            cols.add(g);
        }
        assertThat(new NearlyDependentFits(cols, 1e-3).next()).isNull();
    }
}

package org.cvxrelu.exact;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link EmptyInterior} against an independent oracle: rows b_i = Mᵀp_i with p_i small integer points of the plane
 * and M an integer 2 × 4 matrix of rank 2 (so every entry is exact in doubles). The strict system b_iᵀu &gt; 0 is
 * feasible in R⁴ exactly when p_iᵀw &gt; 0 has a solution w in the plane; for integer points with coordinates in
 * [−3, 3] the open sector of solutions, when there is one, is far wider than the spacing of 20,000 directions,
 * which the oracle tries in integer arithmetic. A proof of an empty interior must never meet a feasible system,
 * and it must be found for the generic infeasible ones.
 */
class EmptyInteriorTest {

    private static double[] lift(long[][] m, long[] p) {
        double[] b = new double[m[0].length];
        for (int j = 0; j < b.length; j++) {
            b[j] = m[0][j] * p[0] + m[1][j] * p[1];
        }
        return b;
    }

    /** Whether some w of the plane has p_iᵀw &gt; 0 for every i (directions on a fine circle, integer arithmetic). */
    private static boolean feasible(long[]... ps) {
        int steps = 20_000;
        for (int s = 0; s < steps; s++) {
            double angle = 2 * Math.PI * s / steps;
            long wx = Math.round(1e6 * Math.cos(angle));
            long wy = Math.round(1e6 * Math.sin(angle));
            boolean all = true;
            for (long[] p : ps) {
                all &= p[0] * wx + p[1] * wy > 0;
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static long cross(long[] p, long[] q) {
        return p[0] * q[1] - p[1] * q[0];
    }

    private static boolean rankTwo(long[][] m) {
        for (int j = 0; j < 4; j++) {
            for (int k = j + 1; k < 4; k++) {
                if (m[0][j] * m[1][k] - m[0][k] * m[1][j] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void planarRowsAgainstTheOracle() {
        Random rnd = new Random(11);
        int proven = 0;
        int generic = 0;
        int opposites = 0;
        for (int trial = 0; trial < 3000; trial++) {
            long[][] m = new long[2][4];
            do {
                for (long[] row : m) {
                    for (int j = 0; j < 4; j++) {
                        row[j] = rnd.nextInt(9) - 4;
                    }
                }
            } while (!rankTwo(m));
            long[][] p = new long[3][2];
            for (long[] pi : p) {
                do {
                    pi[0] = rnd.nextInt(7) - 3;
                    pi[1] = rnd.nextInt(7) - 3;
                } while (pi[0] == 0 && pi[1] == 0);
            }
            double[] b1 = lift(m, p[0]);
            double[] b2 = lift(m, p[1]);
            double[] b3 = lift(m, p[2]);
            boolean triple = EmptyInterior.triple(b1, b2, b3);
            if (triple) {
                proven++;
                assertThat(feasible(p[0], p[1], p[2])).as("trial %d", trial).isFalse();
            }
            // generic infeasible triples (p3 strictly inside −cone(p1, p2), which are not parallel): always found
            long d12 = cross(p[0], p[1]);
            long d23 = cross(p[1], p[2]);
            long d31 = cross(p[2], p[0]);
            if (d12 != 0 && Long.signum(d23) == Long.signum(d12) && Long.signum(d31) == Long.signum(d12)) {
                generic++;
                assertThat(feasible(p[0], p[1], p[2])).as("trial %d", trial).isFalse();
                assertThat(triple).as("trial %d", trial).isTrue();
            }
            boolean opposite = EmptyInterior.opposite(b1, b2);
            boolean antiParallel = d12 == 0 && p[0][0] * p[1][0] + p[0][1] * p[1][1] < 0;
            assertThat(opposite).as("trial %d", trial).isEqualTo(antiParallel);
            if (opposite) {
                opposites++;
                assertThat(feasible(p[0], p[1])).as("trial %d", trial).isFalse();
            }
        }
        assertThat(proven).isGreaterThan(300);
        assertThat(generic).isGreaterThan(200);
        assertThat(opposites).isGreaterThan(20);
    }

    /**
     * A certificate that holds in floating point but not exactly is refused: b3 = −(b1 + b2) is proven, and the
     * same with one entry of b3 one ulp away is not (the filter passes it; the exact check does not). Rows that
     * span three dimensions are never proven.
     */
    @Test
    void nearMissesAndFullRankAreRefused() {
        double[] b1 = {0.1, 0.7, 1, 0.3};
        double[] b2 = {0.2, -0.45, 1, 0.3};
        double[] b3 = new double[4];
        for (int j = 0; j < 4; j++) {
            b3[j] = -(b1[j] + b2[j]);
        }
        boolean exactSum = true;
        for (int j = 0; j < 4; j++) {
            exactSum &= new BigDecimal(b1[j]).add(new BigDecimal(b2[j])).add(new BigDecimal(b3[j])).signum() == 0;
        }
        assertThat(EmptyInterior.triple(b1, b2, b3)).isEqualTo(exactSum);
        for (int j = 0; j < 4; j++) {
            double[] off = b3.clone();
            off[j] = Math.nextUp(off[j]);
            assertThat(EmptyInterior.triple(b1, b2, off)).as("entry %d", j).isFalse();
        }
        double[] c1 = {1, 2, 3, 1};
        double[] c2 = {-1, 0.5, 3, 1};
        double[] c3 = {0, -2.5, -6, -2};
        assertThat(EmptyInterior.triple(c1, c2, c3)).isTrue();
        assertThat(EmptyInterior.triple(c2, c3, c1)).isTrue();
        double[] minusTwoC1 = {-2, -4, -6, -2};
        assertThat(EmptyInterior.opposite(c1, minusTwoC1)).isTrue();
        double[] nearly = minusTwoC1.clone();
        nearly[2] = Math.nextDown(nearly[2]);
        assertThat(EmptyInterior.opposite(c1, nearly)).isFalse();
        assertThat(EmptyInterior.triple(c1, c2, nearly)).isFalse();
        assertThat(EmptyInterior.opposite(c1, new double[] {2, 4, 6, 2})).isFalse();
        Random rnd = new Random(5);
        for (int trial = 0; trial < 2000; trial++) {
            double[][] b = new double[3][4];
            for (double[] row : b) {
                for (int j = 0; j < 4; j++) {
                    row[j] = rnd.nextGaussian();
                }
            }
            assertThat(EmptyInterior.triple(b[0], b[1], b[2])).isFalse();
        }
    }
}

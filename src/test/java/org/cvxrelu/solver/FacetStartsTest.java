package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The start points that {@link ColumnGeneration} adds before a branch-and-bound search: across the facets a neuron
 * lies on. Checked with exact signs (the dot products summed in BigDecimal from the doubles), not with the code's
 * own floating-point dot products.
 */
class FacetStartsTest {
    private static int exactSign(double[] a, double[] b) {
        BigDecimal s = BigDecimal.ZERO;
        for (int j = 0; j < a.length; j++) {
            s = s.add(new BigDecimal(a[j]).multiply(new BigDecimal(b[j])));
        }
        return s.signum();
    }

    private static double angle(double[] row, double[] u) {
        double d = 0;
        double nr = 0;
        double nu = 0;
        for (int j = 0; j < u.length; j++) {
            d += row[j] * u[j];
            nr += row[j] * row[j];
            nu += u[j] * u[j];
        }
        return Math.abs(d) / Math.sqrt(nr * nu);
    }

    /**
     * u is made to lie exactly on two of the hyperplanes (a vector orthogonal to both rows, from integer entries so the
     * dot products are exactly zero): each of the two gets a point on either side of it, and every point keeps u's side
     * of every hyperplane that is farther than 1e-2 from u; a u on no hyperplane gets none.
     */
    @Test
    void aNeuronOnTwoFacetsGetsAPointOnEitherSideOfEach() {
        SplittableRandom rng = new SplittableRandom(50);
        int checked = 0;
        int emptyChecked = 0;
        for (int instance = 0; instance < 50; instance++) {
            int n = 30;
            double[][] design = new double[n][4];
            for (double[] row : design) {
                for (int j = 0; j < 3; j++) {
                    row[j] = rng.nextInt(-9, 10);
                }
                row[3] = 1;
            }
            design[1][0] = design[0][0] + 1; // rows 0 and 1 distinct
            // u orthogonal to rows 0 and 1 (and to a random third vector e): the generalised cross product in R^4
            double[] r0 = design[0];
            double[] r1 = design[1];
            double[] e = {rng.nextInt(-3, 4), rng.nextInt(-3, 4), rng.nextInt(-3, 4), rng.nextInt(-3, 4)};
            double[] u = cross4(r0, r1, e);
            if (exactSign(r0, u) != 0 || exactSign(r1, u) != 0) {
                continue;
            }
            boolean onOthers = false;
            for (int k = 2; k < n; k++) {
                onOthers |= exactSign(design[k], u) == 0;
            }
            if (onOthers || isZero(u)) {
                continue;
            }
            List<double[]> points = ColumnGeneration.acrossFacets(design, u);
            checked++;
            assertThat(points).as("instance %d", instance).hasSize(4);
            for (int f = 0; f < 2; f++) {
                // both rows are at angle exactly 0 (small integers: the dot products are exact), so they come in row
                // order: the first pair is row 0's, the second row 1's
                int row = f;
                double[] plus = points.get(2 * f);
                double[] minus = points.get(2 * f + 1);
                assertThat(exactSign(design[row], plus)).as("instance %d, row %d: the two sides", instance, row)
                        .isEqualTo(-exactSign(design[row], minus)).isNotZero();
                for (double[] p : List.of(plus, minus)) {
                    assertThat(angle(design[row], p)).isBetween(0.5e-3, 2e-3);
                    for (int k = 2; k < n; k++) {
                        if (angle(design[k], u) > 1e-2) {
                            assertThat(exactSign(design[k], p)).as("instance %d, row %d keeps its side", instance, k)
                                    .isEqualTo(exactSign(design[k], u));
                        }
                    }
                }
            }
            double[] off = u.clone();
            off[0] += 0.25;
            boolean offOnNone = true;
            for (double[] row : design) {
                offOnNone &= angle(row, off) > 1e-9;
            }
            if (offOnNone) {
                assertThat(ColumnGeneration.acrossFacets(design, off)).isEmpty();
                emptyChecked++;
            }
        }
        assertThat(checked).as("instances with u on exactly rows 0 and 1").isGreaterThan(25);
        assertThat(emptyChecked).as("instances with u on no hyperplane").isGreaterThan(25);
    }

    private static boolean isZero(double[] v) {
        for (double x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The vector orthogonal to a, b, c in R^4 (cofactors of the 3 × 4 matrix; exact on small integers). */
    private static double[] cross4(double[] a, double[] b, double[] c) {
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            int[] cols = new int[3];
            for (int j = 0, t = 0; j < 4; j++) {
                if (j != i) {
                    cols[t++] = j;
                }
            }
            double det = a[cols[0]] * (b[cols[1]] * c[cols[2]] - b[cols[2]] * c[cols[1]])
                    - a[cols[1]] * (b[cols[0]] * c[cols[2]] - b[cols[2]] * c[cols[0]])
                    + a[cols[2]] * (b[cols[0]] * c[cols[1]] - b[cols[1]] * c[cols[0]]);
            out[i] = (i % 2 == 0 ? 1 : -1) * det;
        }
        return out;
    }
}

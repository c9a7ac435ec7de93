package org.cvxrelu.solver.ipm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link MinimalNormSplit}: min ‖u + w‖ + ‖w‖ subject to a_kᵀw ≥ b_k = max(0, −a_kᵀu), against an exact method in
 * the plane. f(w) = ‖u + w‖ + ‖w‖ is convex and its unconstrained minimisers are the segment [−u, 0]; when no
 * point of it is feasible the constrained minimum lies on the boundary, a union of pieces of the lines a_kᵀw = b_k,
 * and f is minimised on each piece by golden-section search (convex along a line).
 */
class MinimalNormSplitTest {
    @Test
    void planarSplitsMatchTheBoundarySearch() {
        SplittableRandom rnd = new SplittableRandom(17);
        int checked = 0;
        for (int t = 0; t < 300; t++) {
            int n = 3 + rnd.nextInt(12);
            // rows of a wedge {x : a_kᵀx ≥ 0} with an interior: all a_k within 80° of a random direction
            double phi = 2 * Math.PI * rnd.nextDouble();
            double[][] a = new double[n][2];
            for (int k = 0; k < n; k++) {
                double ang = phi + (rnd.nextDouble() - 0.5) * Math.toRadians(160);
                double len = 0.2 + 3 * rnd.nextDouble();
                a[k][0] = len * Math.cos(ang);
                a[k][1] = len * Math.sin(ang);
            }
            double[] u = {rnd.nextGaussian() * 2, rnd.nextGaussian() * 2};
            double[] w = MinimalNormSplit.solve(a, u);
            assertThat(w).as("case %d", t).isNotNull();
            double[] b = new double[n];
            for (int k = 0; k < n; k++) {
                b[k] = Math.max(0, -(a[k][0] * u[0] + a[k][1] * u[1]));
                // feasible up to the method's tolerance
                assertThat(a[k][0] * w[0] + a[k][1] * w[1] - b[k]).as("case %d row %d", t, k)
                        .isGreaterThan(-1e-6 * (1 + norm(u)));
            }
            double exact = exactMinimum(a, b, u);
            double got = f(u, w);
            assertThat(got).as("case %d", t).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-5 * (1 + exact)));
            checked++;
        }
        assertThat(checked).isEqualTo(300);
    }

    /** The exact minimum of f over {w : a_kᵀw ≥ b_k} in the plane (class comment). */
    static double exactMinimum(double[][] a, double[] b, double[] u) {
        // the segment [−u, 0]: f = ‖u‖ there; feasible points of it by its own (1-D) constraints
        double lo = 0;
        double hi = 1; // w = −θu, θ ∈ [0, 1]
        for (int k = 0; k < a.length; k++) {
            double c = -(a[k][0] * u[0] + a[k][1] * u[1]); // a_kᵀ(−θu) = θc ≥ b_k
            if (c > 0) {
                lo = Math.max(lo, b[k] / c);
            } else if (c < 0) {
                hi = Math.min(hi, b[k] / c);
            } else if (b[k] > 0) {
                hi = -1;
            }
        }
        if (lo <= hi) {
            return norm(u);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < a.length; k++) {
            double aa = a[k][0] * a[k][0] + a[k][1] * a[k][1];
            double[] p = {a[k][0] * b[k] / aa, a[k][1] * b[k] / aa}; // a point of the line a_kᵀw = b_k
            double[] d = {-a[k][1], a[k][0]};
            double tLo = -1e6;
            double tHi = 1e6;
            boolean empty = false;
            for (int j = 0; j < a.length && !empty; j++) {
                if (j == k) {
                    continue;
                }
                double c0 = a[j][0] * p[0] + a[j][1] * p[1] - b[j];
                double c1 = a[j][0] * d[0] + a[j][1] * d[1]; // c0 + t c1 ≥ 0
                if (c1 > 0) {
                    tLo = Math.max(tLo, -c0 / c1);
                } else if (c1 < 0) {
                    tHi = Math.min(tHi, -c0 / c1);
                } else if (c0 < 0) {
                    empty = true;
                }
            }
            if (empty || tLo > tHi) {
                continue;
            }
            double x0 = tLo;
            double x1 = tHi;
            double g = (Math.sqrt(5) - 1) / 2;
            for (int it = 0; it < 300; it++) {
                double m1 = x1 - g * (x1 - x0);
                double m2 = x0 + g * (x1 - x0);
                if (f(u, new double[] {p[0] + m1 * d[0], p[1] + m1 * d[1]})
                        <= f(u, new double[] {p[0] + m2 * d[0], p[1] + m2 * d[1]})) {
                    x1 = m2;
                } else {
                    x0 = m1;
                }
            }
            double tm = 0.5 * (x0 + x1);
            best = Math.min(best, f(u, new double[] {p[0] + tm * d[0], p[1] + tm * d[1]}));
        }
        return best;
    }

    static double f(double[] u, double[] w) {
        return Math.hypot(u[0] + w[0], u[1] + w[1]) + Math.hypot(w[0], w[1]);
    }

    static double norm(double[] v) {
        return Math.hypot(v[0], v[1]);
    }
}

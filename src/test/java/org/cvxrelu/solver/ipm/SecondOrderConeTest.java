package org.cvxrelu.solver.ipm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SecondOrderConeTest {
    private static double[] interior(Random rnd, int dim) {
        double[] v = new double[dim];
        double t = 0;
        for (int i = 1; i < dim; i++) {
            v[i] = rnd.nextGaussian();
            t += v[i] * v[i];
        }
        v[0] = Math.sqrt(t) + 0.1 + rnd.nextDouble();
        return v;
    }

    @Test
    void ntScalingMapsZToLambdaAndSToLambda() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 50; trial++) {
            int dim = 2 + rnd.nextInt(5);
            double[] s = interior(rnd, dim);
            double[] z = interior(rnd, dim);
            SecondOrderCone c = new SecondOrderCone(dim);
            c.updateScaling(s, z, 0);
            double[] wz = new double[dim];
            double[] winvS = new double[dim];
            c.scale(z, wz, 0, false);
            c.scale(s, winvS, 0, true);
            double[] lambda = new double[dim];
            c.lambda(lambda, 0);
            for (int i = 0; i < dim; i++) {
                assertThat(wz[i]).isCloseTo(winvS[i], within(1e-10));
                assertThat(lambda[i]).isCloseTo(wz[i], within(1e-10));
            }
            // W⁻² z... (W⁻¹)² applied to W² z gives z
            double[][] winv2 = c.inverseScalingSquared();
            double[] w2z = new double[dim];
            double[] tmp = new double[dim];
            c.scale(z, tmp, 0, false);
            c.scale(tmp, w2z, 0, false);
            for (int i = 0; i < dim; i++) {
                double back = 0;
                for (int j = 0; j < dim; j++) {
                    back += winv2[i][j] * w2z[j];
                }
                assertThat(back).isCloseTo(z[i], within(1e-9 * (1 + Math.abs(z[i]))));
            }
        }
    }

    @Test
    void divisionInvertsTheJordanProduct() {
        Random rnd = new Random(7);
        int dim = 4;
        SecondOrderCone c = new SecondOrderCone(dim);
        c.updateScaling(interior(rnd, dim), interior(rnd, dim), 0);
        double[] lambda = new double[dim];
        c.lambda(lambda, 0);
        double[] v = {0.3, -1.2, 0.5, 2.0};
        double[] x = new double[dim];
        c.divideByLambda(v, x, 0);
        double[] back = new double[dim];
        c.product(lambda, x, back, 0);
        for (int i = 0; i < dim; i++) {
            assertThat(back[i]).isCloseTo(v[i], within(1e-12));
        }
    }

    @Test
    void maxStepStopsAtTheBoundary() {
        SecondOrderCone c = new SecondOrderCone(3);
        double[] v = {2, 0, 0};
        double[] dv = {-1, 1, 0};
        double a = c.maxStep(v, dv, 0);
        // (2 − a)² = a² → a = 1
        assertThat(a).isCloseTo(1.0, within(1e-12));
        assertThat(c.maxStep(v, new double[] {1, 0.5, 0}, 0)).isInfinite();
    }

    /**
     * A point that {@link SecondOrderCone#minEigenvalue} calls interior (v_0 − ‖v_1‖ &gt; 0) is interior to the
     * step too: along e = (1, 0, …, 0), which only moves it further in, the step is unbounded, and along a
     * direction that leaves the cone the step is positive and brings the point to the boundary. Points one to a few
     * units in the last place above the boundary, where v_0² − ‖v_1‖² summed term by term cancels to zero or below
     * (the interior-point method then took steps of zero and stalled at relative gaps of 1e-5 on a 110-row integer
     * table, BENCHMARKS §53).
     */
    @Test
    void everyPointWithAPositiveSmallestEigenvalueGetsAPositiveStep() {
        Random rnd = new Random(53);
        int checked = 0;
        for (int trial = 0; trial < 2000; trial++) {
            int dim = 2 + rnd.nextInt(7);
            double scale = Math.pow(10, rnd.nextInt(7) - 3);
            double[] v = new double[dim];
            for (int i = 1; i < dim; i++) {
                v[i] = scale * rnd.nextGaussian();
            }
            SecondOrderCone c = new SecondOrderCone(dim);
            v[0] = 0;
            double t = -c.minEigenvalue(v, 0); // ‖v_1‖ as the cone computes it
            v[0] = t;
            for (int ulp = 1 + rnd.nextInt(4); ulp > 0; ulp--) {
                v[0] = Math.nextUp(v[0]);
            }
            if (!(c.minEigenvalue(v, 0) > 0)) {
                continue;
            }
            checked++;
            double[] e = new double[dim];
            e[0] = 1;
            assertThat(c.maxStep(v, e, 0)).as("dim %d, trial %d", dim, trial).isInfinite();
            double[] out = e.clone();
            out[0] = -1; // straight down the axis: leaves the cone at once, but not at a step of zero
            double step = c.maxStep(v, out, 0);
            assertThat(step).as("dim %d, trial %d", dim, trial).isPositive().isLessThan(1e-12 * v[0] + Double.MIN_VALUE);
        }
        assertThat(checked).isGreaterThan(1500);
    }
}

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
}

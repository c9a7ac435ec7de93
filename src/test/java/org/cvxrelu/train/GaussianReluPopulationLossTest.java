package org.cvxrelu.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GaussianReluPopulationLossTest {

    static double[][] gaussian(int rows, int cols, SplittableRandom rng, double scale) {
        double[][] a = new double[rows][cols];
        for (double[] r : a) {
            for (int c = 0; c < cols; c++) {
                r[c] = scale * rng.nextGaussian();
            }
        }
        return a;
    }

    static double relu(double[] w, double[] x) {
        double z = 0;
        for (int c = 0; c < x.length; c++) {
            z += w[c] * x[c];
        }
        return Math.max(0, z);
    }

    /** A random orthogonal matrix (Gram–Schmidt on Gaussian rows). */
    static double[][] orthogonal(int d, SplittableRandom rng) {
        double[][] q = gaussian(d, d, rng, 1);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double p = Vectors.dot(q[i], q[j]);
                for (int c = 0; c < d; c++) {
                    q[i][c] -= p * q[j][c];
                }
            }
            double n = GaussianReluPopulationLoss.norm(q[i]);
            for (int c = 0; c < d; c++) {
                q[i][c] /= n;
            }
        }
        return q;
    }

    /** Rows of w multiplied by Qᵀ: w_i ↦ Q w_i. */
    static double[][] rotate(double[][] w, double[][] q) {
        double[][] out = new double[w.length][q.length];
        for (int i = 0; i < w.length; i++) {
            for (int r = 0; r < q.length; r++) {
                out[i][r] = Vectors.dot(q[r], w[i]);
            }
        }
        return out;
    }

    @Test
    void kernelMatchesSpecialValuesAndMonteCarlo() {
        double[] e1 = {1, 0, 0};
        double[] e2 = {0, 1, 0};
        double[] w = {0.3, -1.2, 0.5};
        assertThat(GaussianReluPopulationLoss.kernel(e1, e2)).isCloseTo(1 / (2 * Math.PI), within(1e-15));
        assertThat(GaussianReluPopulationLoss.kernel(w, w)).isCloseTo(0.5 * (0.09 + 1.44 + 0.25), within(1e-14));
        assertThat(GaussianReluPopulationLoss.kernel(w, new double[] {-0.3, 1.2, -0.5})).isCloseTo(0, within(1e-15));
        // Monte Carlo: E[σ(wᵀx)σ(vᵀx)], 2·10⁵ samples, within 4 standard errors
        double[] v = {-0.7, 0.4, 1.1};
        SplittableRandom rng = new SplittableRandom(11);
        int n = 200_000;
        double s = 0;
        double s2 = 0;
        double[] x = new double[3];
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < 3; c++) {
                x[c] = rng.nextGaussian();
            }
            double p = relu(w, x) * relu(v, x);
            s += p;
            s2 += p * p;
        }
        double mean = s / n;
        double se = Math.sqrt((s2 / n - mean * mean) / n);
        assertThat(GaussianReluPopulationLoss.kernel(w, v)).isCloseTo(mean, within(4 * se));
    }

    @Test
    void lossMatchesMonteCarloForAGeneralTeacher() {
        SplittableRandom rng = new SplittableRandom(5);
        int d = 4;
        double[][] teacher = gaussian(3, d, rng, 1);
        double[][] w = gaussian(5, d, rng, 0.6);
        GaussianReluPopulationLoss f = new GaussianReluPopulationLoss(teacher);
        int n = 200_000;
        double s = 0;
        double s2 = 0;
        double[] x = new double[d];
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < d; c++) {
                x[c] = rng.nextGaussian();
            }
            double r = 0;
            for (double[] wi : w) {
                r += relu(wi, x);
            }
            for (double[] vj : teacher) {
                r -= relu(vj, x);
            }
            double p = 0.5 * r * r;
            s += p;
            s2 += p * p;
        }
        double mean = s / n;
        double se = Math.sqrt((s2 / n - mean * mean) / n);
        assertThat(se).isLessThan(0.02 * mean);
        assertThat(f.loss(w)).isCloseTo(mean, within(4 * se));
        // the zero student's loss is ½E[y²]
        assertThat(f.loss(new double[][] {new double[d]})).isCloseTo(f.teacherEnergy(), within(1e-14));
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(8);
        for (GaussianReluPopulationLoss f : new GaussianReluPopulationLoss[] {
                GaussianReluPopulationLoss.orthonormalTeacher(5),
                new GaussianReluPopulationLoss(gaussian(4, 5, rng, 1))}) {
            double[][] w = gaussian(6, 5, rng, 0.5);
            double[][] g = new double[6][5];
            double value = f.lossAndGradient(w, g);
            assertThat(value).isEqualTo(f.loss(w));
            double h = 1e-6;
            for (int i = 0; i < 6; i++) {
                for (int c = 0; c < 5; c++) {
                    double old = w[i][c];
                    w[i][c] = old + h;
                    double up = f.loss(w);
                    w[i][c] = old - h;
                    double down = f.loss(w);
                    w[i][c] = old;
                    assertThat(g[i][c]).isCloseTo((up - down) / (2 * h), within(1e-7));
                }
            }
        }
    }

    @Test
    void rotatingStudentAndTeacherTogetherKeepsLossAndRotatesGradient() {
        // the identity-teacher shortcut against the general code on a rotated copy of the same problem
        SplittableRandom rng = new SplittableRandom(21);
        int k = 6;
        double[][] q = orthogonal(k, rng);
        double[][] id = new double[k][k];
        for (int j = 0; j < k; j++) {
            id[j][j] = 1;
        }
        GaussianReluPopulationLoss plain = GaussianReluPopulationLoss.orthonormalTeacher(k);
        GaussianReluPopulationLoss rotated = new GaussianReluPopulationLoss(rotate(id, q));
        double[][] w = gaussian(7, k, rng, 1 / Math.sqrt(k));
        double[][] g = new double[7][k];
        double[][] gr = new double[7][k];
        double a = plain.lossAndGradient(w, g);
        double b = rotated.lossAndGradient(rotate(w, q), gr);
        assertThat(b).isCloseTo(a, within(1e-12));
        double[][] gRot = rotate(g, q);
        for (int i = 0; i < 7; i++) {
            for (int c = 0; c < k; c++) {
                assertThat(gr[i][c]).isCloseTo(gRot[i][c], within(1e-12));
            }
        }
    }

    @Test
    void theTeacherIsAGlobalMinimumWithZeroLossAndZeroGradient() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int k = 2; k <= 3; k++) {
            GaussianReluPopulationLoss f = GaussianReluPopulationLoss.orthonormalTeacher(k);
            double[][] w = new double[k][k];
            for (int j = 0; j < k; j++) {
                w[k - 1 - j][j] = 1; // the teacher's neurons in another order
            }
            double[][] g = new double[k][k];
            assertThat(f.lossAndGradient(w, g)).isCloseTo(0, within(1e-15));
            for (double[] row : g) {
                for (double x : row) {
                    assertThat(x).isCloseTo(0, within(1e-15));
                }
            }
            // F ≥ 0 everywhere (it is an expectation of a square), and positive off the teacher nearby
            for (int t = 0; t < 50; t++) {
                double[][] p = gaussian(k, k, rng, 1e-3);
                for (int i = 0; i < k; i++) {
                    for (int c = 0; c < k; c++) {
                        p[i][c] += w[i][c];
                    }
                }
                assertThat(f.loss(p)).isGreaterThan(0);
                assertThat(f.loss(gaussian(k, k, rng, 1))).isGreaterThanOrEqualTo(0);
            }
        }
    }
}

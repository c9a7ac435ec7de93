package org.cvxrelu.gated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The formed Newton system against the operator it stands for, applied term by term with plain loops
 * (d + σ Σ_{i∈J} D_i X̃ (a_i I + b_i v̄_i v̄_iᵀ) X̃ᵀ D_i d: no Gram matrix, no element-wise product); and threads.
 */
class DenseNewtonSystemTest {
    private final SplittableRandom rnd = new SplittableRandom(37);
    private final int n = 150;
    private final int r = 4;
    private final int p = 60;
    private final double[][] x = new double[n][r];
    private final long[][] masks;
    private final int[] patterns;
    private final double[] a;
    private final double[] b;
    private final double[] vbar;
    private final double[] rhs = new double[n];

    DenseNewtonSystemTest() {
        for (double[] row : x) {
            for (int j = 0; j < r - 1; j++) {
                row[j] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-1, 2));
            }
            row[r - 1] = 1;
        }
        masks = TransitionProductsTest.arrangementMasks(x, p, rnd);
        // every third pattern inactive (J_i = 0): the system sees only the others
        patterns = java.util.stream.IntStream.range(0, p).filter(i -> i % 3 != 1).toArray();
        int count = patterns.length;
        a = new double[count];
        b = new double[count];
        vbar = new double[r * count];
        for (int s = 0; s < count; s++) {
            a[s] = rnd.nextDouble(0.01, 1);
            b[s] = rnd.nextDouble(0, 2);
        }
        for (int e = 0; e < vbar.length; e++) {
            vbar[e] = rnd.nextGaussian();
        }
        for (int k = 0; k < n; k++) {
            rhs[k] = rnd.nextGaussian();
        }
    }

    private boolean active(int pattern, int k) {
        return (masks[pattern][k >>> 6] & (1L << (k & 63))) != 0;
    }

    /** V d with V applied term by term: for each active pattern, t = X̃ᵀ D_i d, J_i t, then D_i X̃ (J_i t). */
    private double[] apply(double[] d, double sigma) {
        double[] out = d.clone();
        int count = patterns.length;
        for (int s = 0; s < count; s++) {
            int i = patterns[s];
            double[] t = new double[r];
            for (int k = 0; k < n; k++) {
                if (active(i, k)) {
                    for (int j = 0; j < r; j++) {
                        t[j] += x[k][j] * d[k];
                    }
                }
            }
            double vt = 0;
            for (int j = 0; j < r; j++) {
                vt += vbar[j * count + s] * t[j];
            }
            double[] jt = new double[r];
            for (int j = 0; j < r; j++) {
                jt[j] = a[s] * t[j] + b[s] * vt * vbar[j * count + s];
            }
            for (int k = 0; k < n; k++) {
                if (active(i, k)) {
                    double e = 0;
                    for (int j = 0; j < r; j++) {
                        e += x[k][j] * jt[j];
                    }
                    out[k] += sigma * e;
                }
            }
        }
        return out;
    }

    private static double norm(double[] v) {
        return Math.sqrt(GatedFista.dot(v, v));
    }

    @Test
    void theDirectionSolvesTheSystemOfTheOperator() {
        for (double sigma : new double[] {0.01, 3.7, 1e4}) {
            DenseNewtonSystem system = new DenseNewtonSystem(x, true);
            assertThat(system.factor(masks, patterns, a, b, vbar, sigma)).isTrue();
            double[] d = new double[n];
            system.solve(rhs, d);
            double[] back = apply(d, sigma);
            double[] diff = new double[n];
            for (int k = 0; k < n; k++) {
                diff[k] = back[k] - rhs[k];
            }
            // a backward-stable solve leaves a residual of the order of ε·‖V‖·‖d‖, ‖V‖ by power iteration on the
            // operator
            double[] q = rhs.clone();
            double vNorm = 0;
            for (int it = 0; it < 100; it++) {
                double[] vq = apply(q, sigma);
                vNorm = norm(vq) / norm(q);
                q = vq;
                double scale = 1 / norm(q);
                for (int k = 0; k < n; k++) {
                    q[k] *= scale;
                }
            }
            double allowed = 1e-15 * vNorm * norm(d) + 1e-12 * norm(rhs);
            assertThat(norm(diff)).as("σ = %s", sigma).isLessThan(allowed);
            assertThat(allowed).isLessThan(1e-6 * norm(rhs)); // the test still tells
            // and d is not the trivial d = b of an empty J
            double[] minus = new double[n];
            for (int k = 0; k < n; k++) {
                minus[k] = d[k] - rhs[k];
            }
            assertThat(norm(minus)).isGreaterThan(1e-3 * norm(rhs));
        }
    }

    @Test
    void threadsChangeNoBit() {
        double[][] answers = new double[2][n];
        for (int t = 0; t < 2; t++) {
            DenseNewtonSystem system = new DenseNewtonSystem(x, t == 0);
            assertThat(system.factor(masks, patterns, a, b, vbar, 42.0)).isTrue();
            system.solve(rhs, answers[t]);
        }
        assertThat(answers[0]).containsExactly(answers[1]);
    }

    /** The cost rule: a factorisation of n³/6 against that many conjugate-gradient steps at the products' share. */
    @Test
    void paysWhereTheFactorisationCostsLessThanTheSteps() {
        // yacht's shape: n = 308, r = 7, 1,000 patterns, share 0.057: n³/6 ≈ 4.9e6 against 50 steps ≈ 1.2e7
        assertThat(DenseNewtonSystem.pays(308, 7, 1000, 0.057, 50)).isTrue();
        // banknote's: n = 1,372, r = 5, share 0.05: 4.3e8 against 3.4e7
        assertThat(DenseNewtonSystem.pays(1372, 5, 1000, 0.05, 50)).isFalse();
        assertThat(DenseNewtonSystem.pays(DenseNewtonSystem.MAX_ROWS + 1, 1000, 1000, 1, 50)).isFalse();
    }
}

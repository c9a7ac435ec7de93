package org.cvxrelu.solver.ipm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.GroupProblem;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupLassoQp#activeFits} sums up to {@link GroupLassoQp#FIT_PASS} terms per pass over the fit. Every fit
 * must still be ((0 + g_0 w_0) + g_1 w_1) + … in that order, the sum of one term per pass that the Schur
 * complement's assembly and M x were built and measured with (BENCHMARKS §27: the same answers to the bit), for
 * every r: one pass with 1–4 terms, several passes, a last pass of 1–3.
 */
class ActiveFitsTest {

    @Test
    void fitsAreTheInOrderSumsForEveryR() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int d = 1; d <= 10; d++) { // r = d + 1 = 2 … 11
            GroupLassoQp qp = new GroupLassoQp(problem(d, rng));
            int r = qp.r;
            assertThat(r).isEqualTo(d + 1);
            for (int j = 0; j < qp.m; j++) {
                int nj = qp.activeRows[j].length;
                double[] w = new double[qp.block + 3];
                for (int i = 0; i < w.length; i++) {
                    // spread magnitudes and signs, so that a reordered sum rounds differently
                    w[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(-6, 7));
                }
                for (int from : new int[] {0, nj / 3, Math.max(0, nj - 1)}) {
                    double[] fit = new double[nj + 2];
                    java.util.Arrays.fill(fit, Double.NaN); // entries below from (and past n_j) stay untouched
                    qp.activeFits(j, w, 2, fit, from);
                    for (int a = 0; a < nj + 2; a++) {
                        if (a < from || a >= nj) {
                            assertThat(fit[a]).isNaN();
                            continue;
                        }
                        double expected = 0.0;
                        for (int l = 0; l < r; l++) {
                            expected += qp.gathered[j][l * nj + a] * w[2 + l];
                        }
                        assertThat(Double.doubleToRawLongBits(fit[a]))
                                .as("r = %d, group %d, sample %d", r, j, a)
                                .isEqualTo(Double.doubleToRawLongBits(expected));
                    }
                }
            }
        }
    }

    /** 40 rows in d Gaussian features, 12 sampled patterns' groups. */
    private static GroupProblem problem(int d, SplittableRandom rng) {
        int n = 40;
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < d; j++) {
                x[k][j] = rng.nextGaussian();
            }
            y[k] = Math.max(0, x[k][0]) + 0.1 * rng.nextGaussian();
        }
        Dataset data = Dataset.of(x, y);
        ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.sampled(true, 12, 5)), 0.1,
                false);
        return new GroupProblem(program, program.groups().subList(0, Math.min(12, program.groups().size())));
    }
}

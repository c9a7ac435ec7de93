package org.cvxrelu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.cvxrelu.data.Dataset;
import org.junit.jupiter.api.Test;

/** Targets that are all zero on the solve's scale: the zero net is the optimum, L_β = 0, certified at once. */
class ZeroTargetsTest {

    /**
     * A constant target (a table of one class), standardised, on a table whose arrangement does not fit: the targets
     * are all zero on the solve's scale, so the zero net is the optimum, L_β = 0, and 0 is a lower bound for every
     * net. The answer is that net, certified, with predictions equal to the constant in raw units. Before, the
     * generated path answered with a net of L_β 1.5e-7, "gap 1", blamed on degenerate data. Raw, the same table
     * is fitted by the bias (not all zero): that path is left alone.
     */
    @Test
    void aConstantTargetStandardisedIsTheZeroNetCertified() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 120;
        double[][] x = new double[n][5];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < 5; j++) {
                x[k][j] = rng.nextGaussian();
            }
            y[k] = 2.5;
        }
        Dataset data = Dataset.of(x, y);
        SolveResult r = CvxRelu.solve(data, 0.1, SolveOptions.defaults().withStandardize(true));
        assertThat(r.certified()).isTrue();
        assertThat(r.converged()).isTrue();
        assertThat(r.reason()).isNull();
        assertThat(r.objective()).isZero();
        assertThat(r.lowerBound()).isZero();
        assertThat(r.relativeGap()).isZero();
        assertThat(r.net().width()).isZero();
        for (int k = 0; k < n; k++) {
            assertThat(r.net().predictRaw(x[k])).isEqualTo(2.5);
        }
        SolveResult raw = CvxRelu.solve(data, 0.1, SolveOptions.defaults());
        assertThat(raw.objective()).isPositive();
        assertThat(raw.net().width()).isPositive();
    }
}

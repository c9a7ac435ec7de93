package org.cvxrelu.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.cvxrelu.data.Dataset;
import org.junit.jupiter.api.Test;

/** The z-scores of SPEC.md's standardisation, against values worked out by hand. */
class InputScalingTest {
    @Test
    void zScoresUseThePopulationStandardDeviation() {
        // feature 1, 2, 3, 6: mean 3, deviations −2, −1, 0, 3, variance 14/4, sd √3.5
        Dataset d = Dataset.of(new double[][] {{1}, {2}, {3}, {6}}, new double[] {10, 10, 30, 30});
        InputScaling s = InputScaling.standardize(d, true);
        assertThat(s.featureMean()[0]).isEqualTo(3.0);
        assertThat(s.featureScale()[0]).isCloseTo(Math.sqrt(3.5), within(1e-15));
        assertThat(s.targetMean()).isEqualTo(20.0);
        assertThat(s.targetScale()).isEqualTo(10.0);
        Dataset z = s.apply(d);
        assertThat(z.x(3, 0)).isCloseTo(3 / Math.sqrt(3.5), within(1e-15));
        assertThat(z.targets()).containsExactly(-1, -1, 1, 1);
        assertThat(s.targetToRaw(z.y(2))).isEqualTo(30.0);
    }

    /** 0.1 three times has a rounded mean of 0.10000000000000002: the column must still become exactly 0. */
    @Test
    void aConstantColumnIsCentredExactlyAndKeepsScaleOne() {
        Dataset d = Dataset.of(new double[][] {{0.1, 1}, {0.1, 2}, {0.1, 4}}, new double[] {0.7, 0.7, 0.7});
        InputScaling s = InputScaling.standardize(d, true);
        assertThat(s.featureScale()[0]).isEqualTo(1.0);
        assertThat(s.targetScale()).isEqualTo(1.0);
        Dataset z = s.apply(d);
        for (int k = 0; k < 3; k++) {
            assertThat(z.x(k, 0)).isZero();
            assertThat(z.y(k)).isZero();
        }
    }
}

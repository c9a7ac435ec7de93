package org.cvxrelu.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.cvxrelu.train.RestartSummary;
import org.junit.jupiter.api.Test;

class TimeToToleranceTest {
    // P* = 1; epochs 0..4 over 2 s, so epoch e ends at 0.5·e s
    private static final double[] H = {2.0, 1.01, 1.0009, 1.0000005, 1.0000001};

    @Test
    void firstEpochAndTime() {
        assertThat(TimeToTolerance.firstEpoch(H, 1.0, 1e-3)).isEqualTo(2);
        assertThat(TimeToTolerance.seconds(H, 2.0, 1.0, 1e-3)).isCloseTo(1.0, within(1e-12));
        assertThat(TimeToTolerance.seconds(H, 2.0, 1.0, 1e-6)).isCloseTo(1.5, within(1e-12));
        assertThat(TimeToTolerance.seconds(H, 2.0, 1.0, 1e-8)).isNaN();
        assertThat(TimeToTolerance.bestGap(H, 1.0)).isCloseTo(1e-7, within(1e-12));
    }

    @Test
    void negativeOptimumUsesItsMagnitudeAndNonFiniteEpochsAreSkipped() {
        double[] h = {Double.NaN, -0.9, -0.9995};
        assertThat(TimeToTolerance.firstEpoch(h, -1.0, 1e-3)).isEqualTo(2);
    }

    @Test
    void summaryOverRestarts() {
        RestartSummary hit = new RestartSummary(0, 1, 0.1, 1.0000001, 1.0000001, 4, 2.0, false, false, H);
        RestartSummary slow = new RestartSummary(1, 2, 0.1, 1.0005, 1.0005, 2, 4.0, false, false,
                new double[] {3, 2, 1.0005});
        RestartSummary miss = new RestartSummary(2, 3, 0.1, 1.1, 1.1, 1, 1.0, false, false, new double[] {3, 1.1});
        TimeToTolerance.Summary s3 = TimeToTolerance.over(List.of(hit, slow, miss), 1.0, 1e-3);
        assertThat(s3.reached()).isEqualTo(2);
        assertThat(s3.fraction()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s3.medianSeconds()).isCloseTo((1.0 + 4.0) / 2, within(1e-12));
        assertThat(s3.minSeconds()).isCloseTo(1.0, within(1e-12));
        TimeToTolerance.Summary s6 = TimeToTolerance.over(List.of(hit, slow, miss), 1.0, 1e-6);
        assertThat(s6.reached()).isEqualTo(1);
        assertThat(s6.medianSeconds()).isCloseTo(1.5, within(1e-12));
    }
}

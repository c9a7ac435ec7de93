package org.cvxrelu.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.cvxrelu.train.SingleNeuron;
import org.junit.jupiter.api.Test;

class KumarExperimentTest {
    @Test
    void proximalGradientNeverGoesBelowTheZeroVector() {
        SingleNeuron p = SingleNeuron.paperInstance(20, 500, KumarExperiment.LAMBDA1, KumarExperiment.LAMBDA2, 3);
        double f0 = p.value(new double[500]);
        SingleNeuron.Trajectory t = p.proximalGradient(SingleNeuron.uniformStart(500, 4), p.defaultStep(), 3000);
        for (double v : t.values()) {
            assertThat(v).isGreaterThanOrEqualTo(f0);
        }
        // and it moves towards 0: the objective gap shrinks a lot
        assertThat(t.values()[3000] - f0).isLessThan(0.2 * (t.values()[0] - f0));
    }

    @Test
    void zeroNetIsTheCertifiedOptimumWithNonnegativeOutputsButNotWithFreeOutputs() {
        KumarExperiment.TwoLayer r = KumarExperiment.twoLayer(8, 2, 0.1, 5);
        assertThat(r.nonnegative().certified()).isTrue();
        assertThat(r.nonnegative().objective()).isCloseTo(r.halfNormY(), within(1e-9 * r.halfNormY()));
        assertThat(r.nonnegative().relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(r.nonnegative().net().neurons()).allSatisfy(nu -> assertThat(nu.alpha()).isGreaterThanOrEqualTo(0));
        // with α free, negative neurons fit y ≤ 0: the certified optimum is strictly lower and the zero net is not optimal
        assertThat(r.free().certified()).isTrue();
        assertThat(r.free().relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(r.free().objective()).isLessThan(r.halfNormY() * 0.99);
        assertThat(r.free().net().neurons()).anySatisfy(nu -> assertThat(nu.alpha()).isNegative());
        assertThat(r.zeroNetFree().lowerBound()).isLessThanOrEqualTo(r.free().objective() * (1 + 1e-9));
        assertThat(r.zeroNetFree().relativeGap()).isGreaterThan(0.1);
    }
}

package org.cvxrelu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.SolveResult;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.Test;

class SafranShamirExperimentTest {
    @Test
    void badNetIsNonGlobalAndTheSolversNetIsGlobal() {
        Dataset data = InstanceGenerator.teacher(12, 2, 2, 3, 0.0);
        double beta = 0.05;
        SolveResult opt = SafranShamirExperiment.certifiedOptimum(data, beta);
        double pStar = opt.objective();
        assertThat(opt.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(SafranShamirExperiment.isGlobal(opt.net().objective(data, beta), pStar,
                SafranShamirExperiment.TIGHT)).isTrue();
        // a deliberately bad net: the optimal net with one neuron dropped and the others' output signs flipped
        List<Neuron> bad = new ArrayList<>();
        for (int j = 1; j < opt.net().width(); j++) {
            Neuron nu = opt.net().neurons().get(j);
            bad.add(new Neuron(nu.u(), -nu.alpha()));
        }
        double badObjective = opt.net().withNeurons(bad).objective(data, beta);
        assertThat(SafranShamirExperiment.isGlobal(badObjective, pStar, SafranShamirExperiment.TOLERANCE)).isFalse();
        // the zero net is not global either (the teacher's y is not fit by nothing)
        double zero = ReluNet.zero(true, beta).objective(data, beta);
        assertThat(SafranShamirExperiment.isGlobal(zero, pStar, SafranShamirExperiment.TOLERANCE)).isFalse();
        // a slightly worse objective is within the loose tolerance but not within the tight one
        assertThat(SafranShamirExperiment.isGlobal(pStar * (1 + 1e-4), pStar, SafranShamirExperiment.TOLERANCE)).isTrue();
        assertThat(SafranShamirExperiment.isGlobal(pStar * (1 + 1e-4), pStar, SafranShamirExperiment.TIGHT)).isFalse();
        assertThat(SafranShamirExperiment.isGlobal(Double.NaN, pStar, SafranShamirExperiment.TOLERANCE)).isFalse();
    }
}

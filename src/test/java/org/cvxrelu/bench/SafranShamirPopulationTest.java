package org.cvxrelu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.cvxrelu.bench.SafranShamirPopulation.Outcome;
import org.cvxrelu.bench.SafranShamirPopulation.Row;
import org.cvxrelu.bench.SafranShamirPopulation.Run;
import org.cvxrelu.bench.SafranShamirPopulation.Settings;
import org.cvxrelu.train.GaussianReluPopulationLoss;
import org.junit.jupiter.api.Test;

class SafranShamirPopulationTest {

    @Test
    void sameSeedSameRunsWhateverTheThreadCount() {
        Row one = SafranShamirPopulation.row(6, 6, 24, 7, Settings.defaults(), 1);
        Row two = SafranShamirPopulation.row(6, 6, 24, 7, Settings.defaults(), 2);
        assertThat(two.results()).isEqualTo(one.results());
        Row other = SafranShamirPopulation.row(6, 6, 24, 8, Settings.defaults(), 2);
        assertThat(other.results().get(0).seed()).isNotEqualTo(one.results().get(0).seed());
        assertThat(other.results().get(0).loss()).isNotEqualTo(one.results().get(0).loss());
    }

    @Test
    void badRunsAtK8StopAtStrictLocalMinimaAndGoodRunsBelowTheThreshold() {
        int k = 8;
        Row row = SafranShamirPopulation.row(k, k, 120, 3, Settings.defaults(), 0);
        GaussianReluPopulationLoss f = GaussianReluPopulationLoss.orthonormalTeacher(k);
        int checked = 0;
        for (Run r : row.results()) {
            assertThat(r.outcome()).isNotEqualTo(Outcome.CAPPED);
            if (!r.bad()) {
                assertThat(r.loss()).isLessThanOrEqualTo(SafranShamirPopulation.BAD_LOSS);
                continue;
            }
            if (checked++ >= 3) {
                continue;
            }
            // replay the run independently of its recorded loss: the point is critical, above the threshold, and
            // the finite-difference Hessian there is positive definite (a strict local minimum, not a saddle)
            double[][] w = SafranShamirPopulation.finalWeights(k, k, r);
            double[][] g = new double[k][k];
            double loss = f.lossAndGradient(w, g);
            assertThat(loss).isEqualTo(r.loss());
            assertThat(loss).isGreaterThan(10 * SafranShamirPopulation.BAD_LOSS);
            assertThat(SafranShamirPopulation.minHessianEigenvalue(f, w, 1e-5)).isGreaterThan(1e-4);
        }
        assertThat(checked).isGreaterThan(0);
        // the survey's 12.6 %: within 3 binomial standard deviations at 120 runs (deterministic for this seed)
        double sd = 100 * Math.sqrt(0.126 * 0.874 / 120);
        assertThat(Math.abs(row.badPercent() - 12.6)).isLessThan(3 * sd);
    }

    @Test
    void aTooLargeStepIsHalvedUntilTheLossDecreases() {
        int k = 3;
        GaussianReluPopulationLoss f = GaussianReluPopulationLoss.orthonormalTeacher(k);
        double[][] w0 = {{1.1, 0.1, 0}, {0, 0.9, -0.1}, {0.05, 0, 1.2}};
        Run r = SafranShamirPopulation.descend(f, w0, new Settings(40, 1e-8, 100_000), 0, 0);
        assertThat(r.halvings()).isGreaterThan(0);
        assertThat(r.outcome()).isEqualTo(Outcome.GLOBAL);
        assertThat(r.loss()).isLessThanOrEqualTo(1e-3);
        assertThat(r.step()).isEqualTo(40 / (1 + k / 4.0) / Math.pow(2, r.halvings()));
        Run plain = SafranShamirPopulation.descend(f, w0, Settings.defaults(), 0, 0);
        assertThat(plain.halvings()).isZero();
        assertThat(plain.outcome()).isEqualTo(Outcome.GLOBAL);
    }

    @Test
    void clustersGroupEqualLossesOfBadRunsOnly() {
        List<Run> runs = List.of(
                new Run(0, 0, Outcome.BAD_MINIMUM, 0.0215, 1e-9, 10, 0.1, 0),
                new Run(1, 0, Outcome.GLOBAL, 1e-4, 1e-9, 10, 0.1, 0),
                new Run(2, 0, Outcome.BAD_MINIMUM, 0.0215 * (1 + 1e-9), 1e-9, 10, 0.1, 0),
                new Run(3, 0, Outcome.CAPPED, 0.05, 1e-3, 10, 0.1, 0),
                new Run(4, 0, Outcome.BAD_MINIMUM, 0.0216, 1e-9, 10, 0.1, 0));
        List<SafranShamirPopulation.Cluster> c = SafranShamirPopulation.clusters(runs);
        assertThat(c).hasSize(3);
        assertThat(c.get(0).runs()).isEqualTo(2);
        assertThat(c.get(0).loss()).isBetween(0.0215, 0.0215 * (1 + 1e-9));
        assertThat(c.get(1).loss()).isEqualTo(0.0216);
        assertThat(c.get(2).loss()).isEqualTo(0.05);
    }

    @Test
    void theSurveysTableHasItsRows() {
        assertThat(SafranShamirPopulation.tableRows()).hasSize(27);
        assertThat(SafranShamirPopulation.surveyPercent(8, 8)).isEqualTo(12.6);
        assertThat(SafranShamirPopulation.surveyPercent(10, 11)).isEqualTo(0.1);
        assertThat(SafranShamirPopulation.surveyPercent(9, 10)).isNull();
        assertThat(SafranShamirPopulation.surveyPercent(20, 20)).isNull();
    }
}

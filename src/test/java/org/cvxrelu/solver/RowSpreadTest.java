package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.Test;

/**
 * {@link RowSpread}: r·λ_min of the rows' directions' second moments, against closed forms, and the route's threshold
 * between raw columns far from zero and the same columns standardised, and the route's choice
 * ({@link org.cvxrelu.CvxRelu#searchSkipped}); {@link BranchAndBoundPricer#notSearching}.
 */
class RowSpreadTest {

    @Test
    void evenDirectionsSpreadOneAndRowsOnAPlaneZero() {
        // ±e_j, each scaled differently: the directions are ±e_j, M = I/r
        double[][] axes = {{3, 0, 0}, {0, -0.5, 0}, {0, 0, 7}, {-2, 0, 0}, {0, 4, 0}, {0, 0, -1}};
        assertThat(RowSpread.of(axes)).isCloseTo(1, within(1e-12));
        // two directions at angle θ in R²: M = ½(aaᵀ + bbᵀ), eigenvalues (1 ± cos θ)/2, so spread = 1 − cos θ
        double t = 0.3;
        double[][] two = {{1, 0}, {Math.cos(t), Math.sin(t)}};
        assertThat(RowSpread.of(two)).isCloseTo(1 - Math.cos(t), within(1e-12));
        // rows in a plane of R³: λ_min = 0; zero rows are left out
        double[][] plane = {{1, 2, 0}, {-3, 1, 0}, {0, 0, 0}, {2, 2, 0}};
        assertThat(RowSpread.of(plane)).isCloseTo(0, within(1e-12));
        assertThat(RowSpread.of(new double[][] {{0, 0}})).isEqualTo(1);
    }

    @Test
    void rawColumnsFarFromZeroCrowdAndTheirZScoresDoNot() {
        Random rnd = new Random(3);
        int n = 120;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = 30 + rnd.nextInt(50); // an age
            x[k][1] = 58 + rnd.nextInt(12); // a year
            x[k][2] = rnd.nextInt(20); // a count
            y[k] = rnd.nextGaussian();
        }
        Dataset raw = Dataset.of(x, y);
        Dataset z = InputScaling.standardize(raw, true).apply(raw);
        assertThat(RowSpread.of(raw.design(true))).isLessThan(RowSpread.ROUTE_MIN / 10);
        assertThat(RowSpread.of(z.design(true))).isGreaterThan(2 * RowSpread.ROUTE_MIN);
        // the route skips its search on the raw columns only
        assertThat(org.cvxrelu.CvxRelu.searchSkipped(raw, true)).contains("crowd on the sphere");
        assertThat(org.cvxrelu.CvxRelu.searchSkipped(z, true)).isNull();
    }

    @Test
    void nearlyCollinearZScoresCrowdButAreSearchedAndTheirRawColumnsAreNot() {
        // a radius and a perimeter (2π·radius, measured to a part in a thousand) beside a texture: standardised, the
        // first two columns nearly coincide, so the rows crowd around a plane, though no column is far from zero
        Random rnd = new Random(5);
        int n = 150;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            double radius = 10 + 4 * rnd.nextDouble();
            x[k][0] = radius;
            x[k][1] = 2 * Math.PI * radius * (1 + 1e-3 * rnd.nextGaussian());
            x[k][2] = 15 + 5 * rnd.nextGaussian();
            y[k] = rnd.nextGaussian();
        }
        Dataset raw = Dataset.of(x, y);
        Dataset z = InputScaling.standardize(raw, true).apply(raw);
        assertThat(RowSpread.of(z.design(true))).isLessThan(RowSpread.ROUTE_MIN / 2);
        assertThat(org.cvxrelu.CvxRelu.searchSkipped(z, true)).isNull();
        assertThat(RowSpread.of(raw.design(true))).isLessThan(RowSpread.ROUTE_MIN / 10);
        assertThat(org.cvxrelu.CvxRelu.searchSkipped(raw, true)).contains("columns far from zero");
    }

    @Test
    void aPricerThatDoesNotSearchEndsTheGenerationUnsettled() {
        Dataset data = Dataset.of(new double[][] {{1}, {2}, {3}}, new double[] {1, 0, 2});
        BranchAndBoundPricer p = BranchAndBoundPricer.notSearching(data, 0.1, SolverSettings.defaults(), "why");
        ReluNet zero = new ReluNet(true, 0.1, java.util.List.<Neuron>of());
        GlobalPricer.Verdict v = p.price(zero, 0.1);
        assertThat(v.settled()).isFalse();
        assertThat(v.complete()).isFalse();
        assertThat(v.violators()).isEmpty();
        assertThat(v.summary()).contains("why");
        assertThat(p.searches()).isFalse();
        assertThat(new BranchAndBoundPricer(data, 0.1, SolverSettings.defaults()).searches()).isTrue();
        assertThat(p.lastBound()).isEqualTo(Double.POSITIVE_INFINITY);
        // nothing proven: the carried bound is the dual objective at scale 0
        assertThat(p.boundFor(zero).value()).isLessThanOrEqualTo(0);
        assertThat(p.stats()).containsEntry("globalPricingSkipped", "why").containsEntry("globalPricingNodes", 0L);
    }
}

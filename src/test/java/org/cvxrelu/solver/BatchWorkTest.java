package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.testing.PlainLoss;
import org.junit.jupiter.api.Test;

/**
 * The working-set loop sizes its first batch (and each round's additions) by the estimated work of the restricted
 * solve ({@link WorkingSetSolver#BATCH_WORK}), not only by counts in n: on one feature with many distinct values
 * the exact arrangement fits (2n cells) and the count rules alone started from about n groups, whose first
 * restricted solve through the n × n Schur complement outweighed the rest of the solve many times over
 * (1,499 distinct values: 65 s of a 72 s solve, BENCHMARKS §26).
 */
class BatchWorkTest {

    @Test
    void oneFeatureWithManyDistinctValuesStartsFromABatchItsSolveCanAfford() {
        int n = 900;
        SplittableRandom rnd = new SplittableRandom(26);
        double[][] x = new double[n][1];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            double v = 2 * rnd.nextDouble() - 1 + 1e-3 * rnd.nextDouble();
            x[k][0] = v;
            y[k] = Math.max(0, v) - 0.5 * Math.max(0, -v - 0.3) + 0.1 * (rnd.nextDouble() - 0.5);
        }
        Dataset data = Dataset.of(x, y);
        List<String> lines = new ArrayList<>();
        SolveOptions options = SolveOptions.defaults();
        options = options.withSettings(options.settings().withProgress(lines::add));
        SolveResult result = CvxRelu.solve(data, 0.1, options);

        assertThat(result.exact()).isTrue();
        assertThat(result.certified()).isTrue();
        assertThat(result.relativeGap()).isLessThanOrEqualTo(1e-6);
        // the reported objective is L_β of the returned net, evaluated without the library
        assertThat(result.objective()).isCloseTo(PlainLoss.withBias(data, result.net(), 0.1),
                org.assertj.core.data.Percentage.withPercentage(1e-9));

        // the first restricted program (the Adam seeds' groups and the first batch) within the work it may take
        // (here up to 193 groups fit, far above the seeds' alone); by the count rules alone it held about n + 66
        // groups, 16 times that work
        Pattern first = Pattern.compile("outer 1  groups (\\d+) ");
        int groups = -1;
        for (String line : lines) {
            Matcher m = first.matcher(line);
            if (m.find()) {
                groups = Integer.parseInt(m.group(1));
                break;
            }
        }
        assertThat(groups).isPositive();
        assertThat(ColumnGeneration.solveWork(groups, n, 2, 1)).isLessThanOrEqualTo(WorkingSetSolver.BATCH_WORK);
    }

    @Test
    void aBatchIsTheMostThatFitsAndNeverBelowTheMinimumARoundMayAdd() {
        // the most of the limit within the work: one more group would not fit
        int k = WorkingSetSolver.withinBatchWork(1000, 66, 1500, 2);
        assertThat(k).isBetween(WorkingSetSolver.MIN_BATCH + 1, 999);
        assertThat(ColumnGeneration.solveWork(66 + k, 1500, 2, 1)).isLessThanOrEqualTo(WorkingSetSolver.BATCH_WORK);
        assertThat(ColumnGeneration.solveWork(66 + k + 1, 1500, 2, 1)).isGreaterThan(WorkingSetSolver.BATCH_WORK);
        // small tables keep their count rule
        assertThat(WorkingSetSolver.withinBatchWork(120, 70, 120, 3)).isEqualTo(120);
        // groups kept alone over the work: the minimum; a count rule below it is kept as it is
        assertThat(WorkingSetSolver.withinBatchWork(666, 5000, 4496, 2)).isEqualTo(WorkingSetSolver.MIN_BATCH);
        assertThat(WorkingSetSolver.withinBatchWork(4, 5000, 4496, 2)).isEqualTo(4);
        assertThat(WorkingSetSolver.withinBatchWork(0, 0, 100, 2)).isZero();
    }
}

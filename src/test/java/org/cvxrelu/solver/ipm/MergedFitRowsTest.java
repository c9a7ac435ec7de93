package org.cvxrelu.solver.ipm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.SolverSettings;
import org.junit.jupiter.api.Test;

/**
 * Equal rows merged in the fit (GroupLassoQp): a class of m equal rows with targets y_k contributes
 * ½Σ(f − y_k)² = ½(√m f − √m ȳ)² + ½Σ(y_k − ȳ)², so the merged program is the same program. Checked on a table of
 * 90 rows with at most 25 distinct ones (integer features, a different target per copy): the restricted solve with merged
 * rows and the one with every row reach the same objective, evaluated here on the full data by
 * {@link GroupProblem#objective}, on the Schur path and on the dense one.
 */
class MergedFitRowsTest {

    @Test
    void mergedRowsSolveTheSameProgram() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 90;
        double[][] distinct = new double[25][3];
        for (double[] row : distinct) {
            for (int j = 0; j < 3; j++) {
                row[j] = rng.nextInt(5) - 2;
            }
        }
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = distinct[k < 25 ? k : rng.nextInt(25)].clone();
            y[k] = Math.max(0, x[k][0] + x[k][1]) - Math.max(0, x[k][2] - 0.5) + 0.5 * rng.nextGaussian();
        }
        Dataset data = Dataset.of(x, y);
        long classes = java.util.Arrays.stream(x).map(row -> java.util.Arrays.stream(row).boxed().toList()).distinct()
                .count();
        assertThat(classes).isLessThanOrEqualTo(25);
        ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 0.05, false);
        for (int groups : new int[] {60, 4}) { // m(r+1) = 240 > the distinct rows: Schur; 16 ≤ them: dense
            List<Group> some = program.groups().subList(0, groups);
            GroupProblem problem = new GroupProblem(program, some);
            GroupSolution merged;
            GroupSolution every;
            try {
                GroupLassoQp.mergeFitRows = true;
                merged = new IpmConeSolver().solve(problem, SolverSettings.defaults());
                GroupLassoQp.mergeFitRows = false;
                every = new IpmConeSolver().solve(problem, SolverSettings.defaults());
            } finally {
                GroupLassoQp.mergeFitRows = null;
            }
            assertThat(merged.stats().get("fitRows")).isEqualTo((int) classes);
            assertThat(every.stats().get("fitRows")).isEqualTo(n);
            assertThat(merged.stats().get("kkt")).isEqualTo(groups == 60 ? "schur" : "dense");
            // both to the interior-point method's accuracy (the merged one may end STALLED at its rounding floor)
            assertThat((Double) merged.stats().get("gap")).isLessThan(1e-8);
            assertThat((Double) every.stats().get("gap")).isLessThan(1e-8);
            double a = problem.objective(merged.w());
            double b = problem.objective(every.w());
            assertThat(a).as("%d groups", groups).isCloseTo(b, within(1e-7 * b));
            // the merged answer is feasible for the full program's cones: every row's sign is its pattern's
            for (int j = 0; j < some.size(); j++) {
                long[] mask = problem.mask(j);
                for (int k = 0; k < n; k++) {
                    double[] row = program.design()[k];
                    double v = 0;
                    for (int l = 0; l < row.length; l++) {
                        v += row[l] * merged.w()[j][l];
                    }
                    boolean on = (mask[k >>> 6] & (1L << (k & 63))) != 0;
                    assertThat(on ? v : -v).as("group %d row %d", j, k).isGreaterThanOrEqualTo(-1e-7);
                }
            }
        }
    }
}

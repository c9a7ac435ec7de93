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
        // r = 4 with the bias: m(r+1) = 300 > the distinct rows (the Schur path), 15 ≤ them (the dense path)
        for (int groups : new int[] {60, 3}) {
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
            assertThat(every.stats().get("kkt")).isEqualTo(groups == 60 ? "schur" : "dense");
            // both to the interior-point method's accuracy (the merged one may end STALLED at its rounding floor)
            assertThat((Double) merged.stats().get("gap")).isLessThan(1e-8);
            assertThat((Double) every.stats().get("gap")).isLessThan(1e-8);
            double a = problem.objective(merged.w());
            double b = problem.objective(every.w());
            assertThat(a).as("%d groups", groups).isCloseTo(b, within(1e-7 * b));
            assertThat(a).isLessThan(problem.objective(new double[groups][program.r()])); // better than w = 0
            // the interior-point method's own objective keeps the constant the merge takes out of the fit
            assertThat((Double) merged.stats().get("primalObjective"))
                    .isCloseTo((Double) every.stats().get("primalObjective"), within(1e-7 * b));
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

    /**
     * The merged program's operators against the unmerged ones at random points (exact identities up to rounding):
     * the objective ½‖Mx − y‖² + β/c Σt_j (the constant included), its gradient, MᵀM x, q and the constant ½‖y‖².
     */
    @Test
    void mergedOperatorsEqualTheUnmergedOnes() {
        SplittableRandom rng = new SplittableRandom(8);
        int n = 60;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = rng.nextInt(3);
            x[k][1] = rng.nextInt(3) - 1;
            y[k] = rng.nextGaussian();
        }
        Dataset data = Dataset.of(x, y);
        ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 0.1, false);
        GroupProblem problem = new GroupProblem(program, program.groups().subList(0, 8));
        GroupLassoQp merged;
        GroupLassoQp every;
        try {
            GroupLassoQp.mergeFitRows = true;
            merged = new GroupLassoQp(problem);
            GroupLassoQp.mergeFitRows = false;
            every = new GroupLassoQp(problem);
        } finally {
            GroupLassoQp.mergeFitRows = null;
        }
        assertThat(merged.nFit).isLessThanOrEqualTo(9).isLessThan(every.nFit);
        assertThat(merged.constant()).isCloseTo(every.constant(), within(1e-12 * every.constant()));
        assertThat(merged.q()).containsExactly(every.q(), within(1e-12));
        for (int t = 0; t < 5; t++) {
            double[] v = new double[merged.variables()];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextGaussian();
            }
            double o = every.objective(v);
            assertThat(merged.objective(v)).isCloseTo(o, within(1e-12 * Math.abs(o)));
            assertThat(merged.gradient(v)).containsExactly(every.gradient(v), within(1e-10));
            assertThat(merged.applyP(v)).containsExactly(every.applyP(v), within(1e-10));
        }
    }

    /** Equal rows fall in one class only when every pattern holds both or neither; classes numbered by first row. */
    @Test
    void classesSplitEqualRowsWhoseMembershipsDiffer() {
        double[][] design = {{1, 2}, {1, 2}, {3, 4}, {1, 2}, {3, 4}, {1, 2}};
        boolean[][] active = {{true, false, true, false, true, true}, {false, false, true, false, true, false}};
        // row 0 (P), row 1 (Q), row 3 (Q), row 5 (P); rows 2 and 4 agree
        assertThat(org.cvxrelu.data.EqualRows.classes(design, active)).containsExactly(0, 1, 2, 1, 2, 0);
    }
}

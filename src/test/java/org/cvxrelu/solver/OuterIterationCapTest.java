package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.junit.jupiter.api.Test;

/**
 * The working-set loop's cap on outer iterations ({@link WorkingSetSolver#solve(ConeProgram, org.cvxrelu.solver.ConeSolver,
 * SolverSettings, List, int)}), which the minimal net's re-solve uses: a capped loop stops after that many outer
 * iterations, says it did not converge when its gap is above the target, and its answer is still certified by its own
 * net (the bound below the objective, the objective L_β of the net, as the uncapped answer's); uncapped, the same
 * program converges, after more outer iterations.
 */
class OuterIterationCapTest {

    @Test
    void aCappedLoopStopsAtItsCapUnconvergedAndItsAnswerIsStillCertified() {
        Random rnd = new Random(5);
        int n = 40;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = rnd.nextGaussian();
            x[k][1] = rnd.nextGaussian();
            y[k] = Math.max(0, x[k][0] - 0.3 * x[k][1]) - Math.max(0, x[k][1] + 0.5) + 0.1 * rnd.nextGaussian();
        }
        Dataset data = Dataset.of(x, y);
        ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 0.05, false);
        WorkingSetSolver.Outcome full = WorkingSetSolver.solve(program, ConeSolvers.byName("ipm"),
                SolverSettings.defaults());
        assertThat(full.converged()).isTrue();
        assertThat(full.outerIterations()).isGreaterThan(1);

        WorkingSetSolver.Outcome capped = WorkingSetSolver.solve(program, ConeSolvers.byName("ipm"),
                SolverSettings.defaults(), List.of(), 1);
        assertThat(capped.outerIterations()).isEqualTo(1);
        assertThat(capped.converged()).isEqualTo(capped.relativeGap() <= SolverSettings.DEFAULT_RELATIVE_GAP);
        assertThat(capped.converged()).isFalse();
        // certified by its own net all the same: L_β(net) is the objective, the bound is below the optimum
        assertThat(capped.net().objective(data, 0.05)).isCloseTo(capped.objective(),
                org.assertj.core.data.Offset.offset(1e-9 * capped.objective()));
        assertThat(capped.lowerBound()).isLessThanOrEqualTo(full.objective() * (1 + 1e-9));
        assertThat(capped.objective()).isGreaterThanOrEqualTo(full.lowerBound() * (1 - 1e-9));
    }
}

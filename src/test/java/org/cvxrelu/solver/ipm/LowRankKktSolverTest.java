package org.cvxrelu.solver.ipm;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The Schur-complement path assembles S by ranges of columns side by side, and solves the blocks side by side:
 * every entry still gets its terms in the same order, so the whole interior-point run is the same to the last bit
 * as on one thread (and the same as before the threads: `solve` answers in BENCHMARKS §15 are unchanged).
 */
class LowRankKktSolverTest {

    @Test
    void threadsChangeNoBitOfTheAnswer() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 90;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < 3; j++) {
                x[k][j] = rng.nextGaussian();
            }
            y[k] = Math.max(0, x[k][0] + x[k][1]) - Math.max(0, x[k][2] - 0.5) + 0.2 * rng.nextGaussian();
        }
        Dataset data = Dataset.of(x, y);
        ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.sampled(true, 150, 3)), 0.05,
                false);
        List<Group> groups = program.groups().subList(0, 120); // m(r+1) = 600 > n: the Schur path
        GroupSolution threads;
        GroupSolution one;
        try {
            LowRankKktSolver.sequentialOnly = false;
            threads = new IpmConeSolver().solve(new GroupProblem(program, groups), SolverSettings.defaults());
            LowRankKktSolver.sequentialOnly = true;
            one = new IpmConeSolver().solve(new GroupProblem(program, groups), SolverSettings.defaults());
        } finally {
            LowRankKktSolver.sequentialOnly = false;
        }
        assertThat(threads.stats().get("kkt")).isEqualTo("schur");
        assertThat(threads.iterations()).isEqualTo(one.iterations()).isGreaterThan(5);
        for (int j = 0; j < groups.size(); j++) {
            assertThat(threads.w()[j]).as("block %d", j).containsExactly(one.w()[j]);
        }
    }
}

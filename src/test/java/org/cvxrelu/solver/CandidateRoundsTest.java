package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.testing.PlainLoss;
import org.junit.jupiter.api.Test;

/**
 * The working-set loop's candidate rounds ({@code WorkingSetSolver.CANDIDATE_ROUNDS}): where pricing every pattern
 * costs several restricted solves, the violators a full pricing left out of the working set are priced alone after
 * each restricted solve and fed to the next. Every answer is still priced in full before it is reported, so it is
 * certified by its own net: on a raw table of four integer columns far from zero (30 rows, 48,852 cells, where the
 * full pricing is the costly part), the rounds run, the loop converges to its target, the objective is the L_β of the
 * net returned (evaluated by hand, {@link PlainLoss}), and the bound is below it.
 */
class CandidateRoundsTest {

    @Test
    void candidateRoundsRunWherePricingDominatesAndTheAnswerIsStillCertified() {
        Random rnd = new Random(1);
        int n = 30;
        int[] nodes = {0, 0, 0, 1, 2, 3, 5, 8, 13, 20};
        double[][] x = new double[n][4];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = 58 + rnd.nextInt(12); // a year
            x[k][1] = nodes[rnd.nextInt(nodes.length)]; // a count
            x[k][2] = rnd.nextInt(2); // a flag
            x[k][3] = 150 + rnd.nextInt(60); // a height
            y[k] = Math.rint(30 + 0.8 * (x[k][0] - 58) + 8 * rnd.nextGaussian() + 3 * x[k][2]);
        }
        Dataset data = Dataset.of(x, y);
        double beta = 0.1;
        ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), beta, false);
        WorkingSetSolver.Outcome out = WorkingSetSolver.solve(program, ConeSolvers.byName("ipm"),
                SolverSettings.defaults());

        assertThat(out.stats().get("candidateRounds")).as("candidate rounds ran").isInstanceOf(Integer.class);
        assertThat((Integer) out.stats().get("candidateRounds")).isPositive();
        assertThat(out.converged()).isTrue();
        assertThat(out.relativeGap()).isLessThanOrEqualTo(SolverSettings.DEFAULT_RELATIVE_GAP);
        assertThat(out.lowerBound()).isLessThanOrEqualTo(out.objective());
        assertThat(out.objective()).isCloseTo(PlainLoss.withBias(data, out.net(), beta),
                org.assertj.core.data.Offset.offset(1e-10 * out.objective()));
    }
}

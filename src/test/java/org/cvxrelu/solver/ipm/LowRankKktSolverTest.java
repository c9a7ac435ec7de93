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
 * as on one thread (and the same as before the threads: `solve` answers in BENCHMARKS §15 are unchanged). Its
 * Newton solves agree with the dense factorisation of the same reduced matrix.
 */
class LowRankKktSolverTest {

    /** A restricted program on the Schur path: 90 rows, r = 4, 120 groups (m(r+1) = 600 > n). */
    private static GroupProblem schurProblem() {
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
        return new GroupProblem(program, program.groups().subList(0, 120));
    }

    /**
     * H x = b solved through S (the Woodbury identity and its refinement against H) against the dense Cholesky
     * factorisation of H = MᵀM + blockdiag(B_j) ({@link DenseKktSolver}), at the identity scaling and at
     * Nesterov–Todd scalings of random interior points whose entries spread over up to 1e-3…1e3: the residual
     * b − Hx within 4× the dense solve's (1e-14 of b at the identity, 1e-10 at the widest spread), the two x within
     * 1e-9. It fails when one group is left out of S, and when the refinement is removed (both checked).
     */
    @Test
    void schurSolvesAgreeWithTheDenseFactorisation() {
        GroupLassoQp qp = new GroupLassoQp(schurProblem());
        assertThat(qp.kktSolver()).isInstanceOf(SwitchingKktSolver.class);
        ConeProduct cones = qp.cones();
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 4; trial++) {
            if (trial == 0) {
                cones.identityScaling();
            } else {
                double[] s = new double[cones.dim()];
                double[] z = new double[cones.dim()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = rng.nextGaussian() * Math.exp(trial * (rng.nextDouble() - 0.5) * 4.6);
                    z[i] = rng.nextGaussian() * Math.exp(trial * (rng.nextDouble() - 0.5) * 4.6);
                }
                cones.addIdentity(s, 1e-3 + Math.max(0, -cones.minEigenvalue(s)));
                cones.addIdentity(z, 1e-3 + Math.max(0, -cones.minEigenvalue(z)));
                cones.updateScaling(s, z);
            }
            LowRankKktSolver schur = new LowRankKktSolver(qp);
            DenseKktSolver dense = new DenseKktSolver(qp);
            schur.factor();
            dense.factor();
            double[] b = new double[qp.variables()];
            for (int i = 0; i < b.length; i++) {
                b[i] = rng.nextGaussian();
            }
            double[] xs = schur.solve(b);
            double[] xd = dense.solve(b);
            double diff = 0;
            double size = 0;
            for (int i = 0; i < b.length; i++) {
                diff = Math.max(diff, Math.abs(xs[i] - xd[i]));
                size = Math.max(size, Math.abs(xd[i]));
            }
            double bn = 0;
            for (double v : b) {
                bn = Math.max(bn, Math.abs(v));
            }
            double res = residual(qp, schur, b, xs);
            double resDense = residual(qp, schur, b, xd);
            // as accurate as the dense factorisation (residuals 1e-14 at the identity, 1e-10 at the widest spread)
            assertThat(res).as("trial %d", trial).isLessThanOrEqualTo(4 * resDense + 1e-13 * bn);
            assertThat(diff).as("trial %d", trial).isLessThanOrEqualTo(1e-9 * size);
        }
    }

    /** max_i |b − H x|_i, H with the scaling blocks {@code schur} was factored for. */
    private static double residual(GroupLassoQp qp, LowRankKktSolver schur, double[] b, double[] x) {
        double[] hx = qp.applyH(schur.blocks(), x);
        double res = 0;
        for (int i = 0; i < b.length; i++) {
            res = Math.max(res, Math.abs(b[i] - hx[i]));
        }
        return res;
    }

    @Test
    void threadsChangeNoBitOfTheAnswer() {
        GroupProblem problem = schurProblem();
        List<Group> groups = problem.groups();
        GroupSolution threads;
        GroupSolution one;
        try {
            LowRankKktSolver.sequentialOnly = false;
            threads = new IpmConeSolver().solve(problem, SolverSettings.defaults());
            LowRankKktSolver.sequentialOnly = true;
            one = new IpmConeSolver().solve(problem, SolverSettings.defaults());
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

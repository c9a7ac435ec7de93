package org.cvxrelu.solver.joptimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.AdmmReference;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.SolverSettings;
import org.junit.jupiter.api.Test;

class JOptimizerConeSolverTest {
    private final JOptimizerConeSolver solver = new JOptimizerConeSolver();

    static Dataset random(int n, int d, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < d; j++) {
                x[k][j] = rnd.nextGaussian();
            }
            y[k] = Math.sin(2 * x[k][0]) + 0.3 * rnd.nextGaussian();
        }
        return Dataset.of(x, y);
    }

    static List<Group> allGroups(ConeProgram program) {
        return program.groups();
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static double minSlack(GroupProblem problem, double[][] w) {
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < w.length; j++) {
            min = Math.min(min, problem.program().coneSlack(problem.group(j).pattern(), w[j]) / Math.max(1, norm(w[j])));
        }
        return min;
    }

    private static void report(String what, GroupSolution s, double reference) {
        System.out.printf("[joptimizer] %s: objective %.15g reference %.15g rel.diff %.2e, outer %s, newton %s, %s s, %s, "
                + "restricted gap %s%n", what, (double) s.stats().get("objective"), reference,
                Math.abs((double) s.stats().get("objective") - reference) / reference, s.stats().get("outerIterations"),
                s.stats().get("newtonIterations"), s.stats().get("seconds"), s.status(), s.stats().get("restrictedGap"));
    }

    /**
     * One group whose pattern is all-active and whose optimum is strictly inside the cone: the program is a
     * one-block group lasso, whose optimum solves (G + μI)w = b with μ = β/‖w‖ (G = X̃ᵀX̃, b = X̃ᵀy), a scalar
     * equation in μ solved here by bisection.
     */
    @Test
    void singleUnconstrainedGroupMatchesTheGroupLassoClosedForm() {
        double[][] x = { { -1 }, { -0.5 }, { 0 }, { 0.3 }, { 0.8 }, { 1.2 } };
        double[] y = { 1, 1.2, 1.5, 1.6, 2.0, 2.3 };
        Dataset data = Dataset.of(x, y);
        int n = y.length;
        PatternSet one = PatternSet.of(n, 2, true, false, List.of(new long[] { (1L << n) - 1 }),
                List.of(new double[] { 0, 1 }), "test");
        double beta = 0.5;
        ConeProgram program = new ConeProgram(data, one, beta);
        GroupProblem problem = new GroupProblem(program, List.of(new Group(0, 1)));

        double[][] xt = program.design();
        double g00 = 0, g01 = 0, g11 = 0, b0 = 0, b1 = 0;
        for (int k = 0; k < n; k++) {
            g00 += xt[k][0] * xt[k][0];
            g01 += xt[k][0] * xt[k][1];
            g11 += xt[k][1] * xt[k][1];
            b0 += xt[k][0] * y[k];
            b1 += xt[k][1] * y[k];
        }
        double lo = 0, hi = 1;
        while (phi(hi, g00, g01, g11, b0, b1) < beta) {
            hi *= 2;
        }
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (phi(mid, g00, g01, g11, b0, b1) < beta) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double[] wStar = wOf(0.5 * (lo + hi), g00, g01, g11, b0, b1);
        assertThat(program.coneSlack(0, wStar)).as("closed form strictly inside the cone").isGreaterThan(0.1);
        double exact = problem.objective(new double[][] { wStar });

        GroupSolution s = solver.solve(problem, SolverSettings.defaults());
        report("single group", s, exact);
        // JOptimizer 5.0.0's barrier method stalls short of 1e-6 here (2.5e-4 measured): it must get within
        // 1e-3 of the closed form, and, being feasible, never below it
        assertThat(problem.objective(s.w())).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-3 * exact));
        assertThat(problem.objective(s.w())).isGreaterThanOrEqualTo(exact * (1 - 1e-12));
        for (int c = 0; c < 2; c++) {
            assertThat(s.w()[0][c]).isCloseTo(wStar[c], org.assertj.core.data.Offset.offset(1e-2));
        }

        // The same block with output sign −1 and targets −y has the same optimum.
        double[] ny = y.clone();
        for (int k = 0; k < n; k++) {
            ny[k] = -ny[k];
        }
        ConeProgram neg = new ConeProgram(Dataset.of(x, ny), one, beta);
        GroupProblem negProblem = new GroupProblem(neg, List.of(new Group(0, -1)));
        GroupSolution sn = solver.solve(negProblem, SolverSettings.defaults());
        assertThat(negProblem.objective(sn.w())).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-3 * exact));
    }

    private static double[] wOf(double mu, double g00, double g01, double g11, double b0, double b1) {
        double a = g00 + mu, d = g11 + mu, det = a * d - g01 * g01;
        return new double[] { (d * b0 - g01 * b1) / det, (a * b1 - g01 * b0) / det };
    }

    private static double phi(double mu, double g00, double g01, double g11, double b0, double b1) {
        return mu * norm(wOf(mu, g00, g01, g11, b0, b1));
    }

    /** n = 10, d = 1, every group of the exact pattern set: agrees with ADMM, is feasible, and is certified. */
    @Test
    void allGroupsOfASmallInstanceMatchAdmmAndAreCertified() {
        Dataset data = random(10, 1, 7);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        double beta = 0.05;
        ConeProgram program = new ConeProgram(data, patterns, beta);
        GroupProblem problem = new GroupProblem(program, allGroups(program));

        GroupSolution s = solver.solve(problem, SolverSettings.defaults());
        AdmmReference ref = AdmmReference.solve(problem, 1.0, 200_000, 1e-13);
        double refObj = problem.objective(ref.w);
        report("n=10 d=1 all " + problem.size() + " groups", s, refObj);
        System.out.printf("[joptimizer] ADMM: %d iterations, residual %.2e%n", ref.iterations, ref.primalResidual);

        // With every group handed over, most blocks must go to zero and JOptimizer's barrier method stalls (a
        // restricted gap near 0.95 measured). What must hold anyway: its answer is feasible, never below the
        // reference optimum, and it does not claim convergence it did not reach.
        double obj = problem.objective(s.w());
        assertThat(obj).isGreaterThanOrEqualTo(refObj * (1 - 1e-9));
        assertThat(minSlack(problem, s.w())).isGreaterThanOrEqualTo(-1e-8);

        // Certificate over the full program (all patterns, both signs): λ = y − ŷ.
        Map<Group, double[]> blocks = new HashMap<>();
        for (int j = 0; j < problem.size(); j++) {
            blocks.put(problem.group(j), s.w()[j]);
        }
        ConvexSolution sol = new ConvexSolution(blocks);
        double upper = sol.objective(program);
        double[] fit = sol.fit(program);
        double[] lambda = new double[fit.length];
        for (int k = 0; k < fit.length; k++) {
            lambda[k] = program.y()[k] - fit[k];
        }
        double c = Pricing.price(program, lambda, beta).c();
        double lower = DualBound.of(lambda, program.y(), beta, c).value();
        double gap = (upper - lower) / upper;
        System.out.printf("[joptimizer] certified: upper %.15g lower %.15g gap %.2e, %d neurons%n", upper, lower, gap,
                sol.cardinality());
        assertThat(lower).isLessThanOrEqualTo(refObj * (1 + 1e-9));
        if (s.converged()) {
            assertThat((double) s.stats().get("restrictedGap")).isLessThanOrEqualTo(1e-6);
            assertThat(gap).isLessThanOrEqualTo(1e-6);
        } else {
            assertThat((double) s.stats().get("restrictedGap")).isGreaterThan(1e-6);
        }
    }

    /** n = 10, d = 2, a handful of groups (a restricted program, cones genuinely active). */
    @Test
    void aHandfulOfGroupsInTwoDimensionsMatchAdmm() {
        Dataset data = random(10, 2, 11);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        double beta = 0.1;
        ConeProgram program = new ConeProgram(data, patterns, beta);
        List<Group> groups = new ArrayList<>();
        Random rnd = new Random(3);
        while (groups.size() < 8) {
            Group g = new Group(rnd.nextInt(patterns.size()), rnd.nextBoolean() ? 1 : -1);
            if (!groups.contains(g)) {
                groups.add(g);
            }
        }
        GroupProblem problem = new GroupProblem(program, groups);
        GroupSolution s = solver.solve(problem, SolverSettings.defaults());
        AdmmReference ref = AdmmReference.solve(problem, 1.0, 200_000, 1e-13);
        double refObj = problem.objective(ref.w);
        report("n=10 d=2 " + groups.size() + " groups", s, refObj);
        System.out.printf("[joptimizer] ADMM: %d iterations, residual %.2e%n", ref.iterations, ref.primalResidual);
        assertThat(s.converged()).as(s.status()).isTrue();
        assertThat(Math.abs(problem.objective(s.w()) - refObj) / refObj).isLessThan(1e-6);
        assertThat(minSlack(problem, s.w())).isGreaterThanOrEqualTo(-1e-8);
        assertThat((double) s.stats().get("restrictedGap")).isLessThan(1e-6);
    }

    @Test
    void failuresComeBackAsNotConvergedWithTheMessage() {
        Dataset data = random(8, 1, 5);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram program = new ConeProgram(data, patterns, 0.05);
        GroupProblem problem = new GroupProblem(program, allGroups(program));
        GroupSolution s = solver.solve(problem, SolverSettings.defaults().withMaxIterations(1));
        assertThat(s.converged()).isFalse();
        assertThat(s.status()).startsWith("JOptimizer failed");
        assertThat(s.w()).hasNumberOfRows(problem.size());
        assertThat(minSlack(problem, s.w())).isGreaterThan(0);
    }

    @Test
    void registeredUnderItsName() {
        assertThat(ConeSolvers.byName("joptimizer")).isInstanceOf(JOptimizerConeSolver.class);
        assertThat(solver.usesWorkingSet()).isTrue();
    }

    @Test
    void log4jIsNotOnTheClassPath() {
        // A solve has run through commons-logging in this JVM (the other tests); log4j must still be absent.
        solver.solve(new GroupProblem(new ConeProgram(random(5, 1, 1),
                Patterns.of(random(5, 1, 1), PatternOptions.exact(true)), 0.1), List.of(new Group(0, 1))),
                SolverSettings.defaults());
        assertThatThrownBy(() -> Class.forName("org.apache.log4j.Logger")).isInstanceOf(ClassNotFoundException.class);
    }
}

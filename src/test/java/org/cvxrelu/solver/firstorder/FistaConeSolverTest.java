package org.cvxrelu.solver.firstorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.SolverSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FistaConeSolverTest {

    /** The certificate of a returned solution, computed here from the net alone (not from the backend's stats). */
    record Certificate(double objective, double lower, double gap, int width) {
    }

    static Dataset randomData(int n, int d, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < d; j++) {
                x[k][j] = rnd.nextGaussian();
            }
            // a target a small ReLU net can partly fit, plus noise
            y[k] = Math.max(0, x[k][0] - 0.3) - 0.7 * Math.max(0, -x[k][d - 1] + 0.2) + 0.2 * rnd.nextGaussian();
        }
        return Dataset.of(x, y);
    }

    static List<Group> allGroups(ConeProgram program) {
        return program.groups();
    }

    static ReluNet netOf(ConeProgram program, GroupProblem problem, GroupSolution solution) {
        Map<Group, double[]> blocks = new LinkedHashMap<>();
        for (int g = 0; g < problem.size(); g++) {
            blocks.put(problem.group(g), solution.w()[g]);
        }
        return new ConvexSolution(blocks).toNet(program);
    }

    static Certificate certify(ConeProgram program, ReluNet net) {
        double[] y = program.y();
        double[] f = net.outputs(program.design());
        double[] lambda = new double[y.length];
        for (int k = 0; k < y.length; k++) {
            lambda[k] = y[k] - f[k];
        }
        double objective = net.objective(program.data(), program.beta());
        double c = Pricing.price(program, lambda, 0).c();
        double lower = DualBound.of(lambda, y, program.beta(), c).value();
        return new Certificate(objective, lower, (objective - lower) / objective, net.width());
    }

    static double priceOfY(ConeProgram program) {
        return Pricing.price(program, program.y(), 0).c();
    }

    @ParameterizedTest(name = "n={0} seed={1} beta={2}·c(y)")
    @CsvSource({ "15, 1, 0.1", "20, 2, 0.2", "30, 4, 0.3" })
    void reachesCertifiedGapOnExactPatterns(int n, long seed, double betaFraction) {
        Dataset data = randomData(n, 2, seed);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram probe = new ConeProgram(data, patterns, 1.0);
        ConeProgram program = new ConeProgram(data, patterns, betaFraction * priceOfY(probe));
        GroupProblem problem = new GroupProblem(program, allGroups(program));

        GroupSolution solution = new FistaConeSolver().solve(problem, SolverSettings.defaults().withMaxIterations(50_000));

        Certificate cert = certify(program, netOf(program, problem, solution));
        assertThat(solution.converged()).as(solution.status()).isTrue();
        assertThat(cert.gap()).as("independently certified gap").isLessThanOrEqualTo(1e-6);
        assertThat(cert.objective()).isGreaterThanOrEqualTo(cert.lower());
        assertThat(cert.width()).as("a non-trivial net").isPositive();
        // the returned blocks are feasible, so ψ is exact: L_β(ψ(W)) = P_c(W)
        ConvexSolution convex = solutionOf(problem, solution);
        assertThat(convex.infeasibility(program)).isLessThanOrEqualTo(1e-9);
        assertThat(convex.objective(program)).isCloseTo(cert.objective(), org.assertj.core.data.Offset.offset(1e-9 * cert.objective()));
        assertThat((double) solution.stats().get("gap")).isCloseTo(cert.gap(), org.assertj.core.data.Offset.offset(1e-9));
    }

    static ConvexSolution solutionOf(GroupProblem problem, GroupSolution solution) {
        Map<Group, double[]> blocks = new LinkedHashMap<>();
        for (int g = 0; g < problem.size(); g++) {
            blocks.put(problem.group(g), solution.w()[g]);
        }
        return new ConvexSolution(blocks);
    }

    @Test
    void largeBetaGivesTheZeroNet() {
        Dataset data = randomData(20, 2, 7);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram probe = new ConeProgram(data, patterns, 1.0);
        ConeProgram program = new ConeProgram(data, patterns, 1.001 * priceOfY(probe));
        GroupProblem problem = new GroupProblem(program, allGroups(program));

        GroupSolution solution = new FistaConeSolver().solve(problem, SolverSettings.defaults());

        double half = 0;
        for (double v : program.y()) {
            half += 0.5 * v * v;
        }
        ReluNet net = netOf(program, problem, solution);
        assertThat(net.width()).isZero();
        assertThat(solution.converged()).isTrue();
        assertThat(certify(program, net).objective()).isEqualTo(half);
        assertThat(certify(program, net).gap()).isLessThanOrEqualTo(1e-12);
    }

    /**
     * A target so large that φ overflows (½‖y‖² = ∞): the solve stops at its first iteration with the reason, instead of
     * backtracking to the step floor and taking a step it cannot judge; it answers with its start, whatever its gap.
     */
    @Test
    void aValueThatOverflowsStopsTheSolve() {
        Dataset small = randomData(20, 2, 7);
        double[] y = small.targets().clone();
        for (int k = 0; k < y.length; k++) {
            y[k] *= 1e200;
        }
        Dataset data = Dataset.of(small.features(), y);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram program = new ConeProgram(data, patterns, 1.0);
        GroupProblem problem = new GroupProblem(program, allGroups(program));
        for (ConeHandling handling : ConeHandling.values()) {
            GroupSolution solution = new FistaConeSolver(FistaSettings.defaults().withConeHandling(handling))
                    .solve(problem, SolverSettings.defaults().withMaxIterations(100_000));
            assertThat(solution.stats().get("stop")).as(handling.name()).isEqualTo("non-finite value");
            assertThat(solution.iterations()).isZero();
            assertThat(solution.converged()).isFalse();
            assertThat(netOf(program, problem, solution).width()).isZero();
        }
    }

    /**
     * With the augmented Lagrangian in place of the exact cones, between c(y) and the cheap bound max_g ‖X̃ᵀD_gy‖ the
     * zero start is optimal but the plain prox would move it: a small problem's start is certified exactly, at once.
     */
    @Test
    void theZeroNetBetweenTheExactAndTheCheapPriceIsCertifiedAtTheStart() {
        Dataset data = randomData(20, 2, 7);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram probe = new ConeProgram(data, patterns, 1.0);
        double exact = priceOfY(probe);
        double cheap = 0;
        for (int i = 0; i < patterns.size(); i++) {
            cheap = Math.max(cheap, org.cvxrelu.cone.ConeProjection.norm(probe.correlation(i, probe.y())));
        }
        assertThat(cheap).as("the window exists on this instance").isGreaterThan(1.01 * exact);
        ConeProgram program = new ConeProgram(data, patterns, 1.001 * exact);
        GroupProblem problem = new GroupProblem(program, allGroups(program));

        GroupSolution solution = new FistaConeSolver(FistaSettings.defaults().withConeHandling(ConeHandling.AUGMENTED_LAGRANGIAN))
                .solve(problem, SolverSettings.defaults());

        assertThat(solution.converged()).as(solution.status()).isTrue();
        assertThat(solution.iterations()).isZero();
        assertThat(netOf(program, problem, solution).width()).isZero();
    }

    @Test
    void matchesBruteForceOverSmallSupportsOnATinyInstance() {
        double[][] x = { { -1.5 }, { -0.8 }, { -0.2 }, { 0.3 }, { 0.9 }, { 1.6 } };
        double[] y = { 1.2, 0.5, 0.1, 0.2, 0.9, 1.7 };
        Dataset data = Dataset.of(x, y);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram program = new ConeProgram(data, patterns, 0.3);
        GroupProblem problem = new GroupProblem(program, allGroups(program));

        GroupSolution solution = new FistaConeSolver().solve(problem, SolverSettings.defaults().withMaxIterations(50_000));
        Certificate cert = certify(program, netOf(program, problem, solution));
        BruteForceWedges.Best brute = BruteForceWedges.minimum(program, 2);

        assertThat(cert.gap()).isLessThanOrEqualTo(1e-6);
        // the brute force is a feasible point of P_c: it cannot beat the certified lower bound
        assertThat(brute.value()).isGreaterThanOrEqualTo(cert.lower() * (1 - 1e-9));
        // the optimum uses at most 2 groups, so the brute force over supports of size ≤ 2 finds it
        assertThat(cert.width()).isLessThanOrEqualTo(2);
        assertThat(brute.value()).isCloseTo(cert.objective(), org.assertj.core.data.Offset.offset(1e-6 * cert.objective()));
    }

    @Test
    void sameInputSameOutput() {
        Dataset data = randomData(20, 2, 11);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram program = new ConeProgram(data, patterns, 0.2 * priceOfY(new ConeProgram(data, patterns, 1.0)));
        GroupProblem problem = new GroupProblem(program, allGroups(program));
        SolverSettings settings = SolverSettings.defaults().withMaxIterations(400);

        GroupSolution a = new FistaConeSolver().solve(problem, settings);
        GroupSolution b = new FistaConeSolver().solve(problem, settings);

        assertThat(a.iterations()).isEqualTo(b.iterations());
        assertThat(a.w()).isDeepEqualTo(b.w());
    }

    @Test
    void warmStartAtTheAnswerStopsAtOnce() {
        Dataset data = randomData(15, 2, 1);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram program = new ConeProgram(data, patterns, 0.1 * priceOfY(new ConeProgram(data, patterns, 1.0)));
        List<Group> groups = allGroups(program);
        GroupSolution cold = new FistaConeSolver().solve(new GroupProblem(program, groups), SolverSettings.defaults());

        GroupSolution warm = new FistaConeSolver().solve(new GroupProblem(program, groups, cold.w()),
                SolverSettings.defaults());

        assertThat(cold.converged()).as(cold.status()).isTrue();
        assertThat(warm.converged()).isTrue();
        assertThat(warm.iterations()).isZero();
    }

    @Test
    void isRegisteredAsFista() {
        assertThat(ConeSolvers.byName("fista")).isInstanceOf(FistaConeSolver.class);
        assertThat(ConeSolvers.byName("fista").usesWorkingSet()).isFalse();
    }
}

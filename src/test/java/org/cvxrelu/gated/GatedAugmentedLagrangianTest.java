package org.cvxrelu.gated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.assertj.core.data.Offset;
import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.Progress;
import org.junit.jupiter.api.Test;

/**
 * The semismooth Newton augmented Lagrangian on the gated problem, against values from other methods: the
 * secular equation of two disjoint single-group lassos, and the interior-point method on the same patterns
 * (the gated problem as a cone program without cone constraints).
 */
class GatedAugmentedLagrangianTest {

    private static GatedFista.Settings target(double gap) {
        return GatedFista.Settings.defaults().withRelativeGap(gap).withMaxIterations(100_000);
    }

    private static int[] every(int p) {
        return java.util.stream.IntStream.range(0, p).toArray();
    }

    @Test
    void disjointPatternsMatchTheSecularEquation() {
        GatedTest.Disjoint d = GatedTest.disjointPatterns();
        GatedProblem problem = d.problem();
        GatedFista.Result res = GatedAugmentedLagrangian.solve(problem, target(1e-10), Progress.NONE);
        double expected = d.optimum();
        assertThat(res.converged()).isTrue();
        assertThat(problem.objective(res.u())).isCloseTo(expected, Offset.offset(1e-8 * expected));
        assertThat(res.lowerBound()).isLessThanOrEqualTo(expected * (1 + 1e-12));
    }

    /**
     * Fewer unknowns than rows (40 gates, r = 4, 50 rows): the interior-point method's optimum on the same
     * patterns, and every block it zeroes is zero here too; with the conjugate gradients preconditioned by the Newton
     * system formed and factored from the first direction, by the Jacobian's rank-one parts, and without.
     */
    @Test
    void matchesTheInteriorPointOptimumOnTheSamePatterns() {
        Dataset data = InstanceGenerator.teacher(50, 3, 3, 9, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 40, 3));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 0.05);
        double[][] ipm = GatedWorkingSet.interiorSolve(problem, GatedWorkingSet.coneProgram(problem), every(ps.size()),
                1e-10, Double.POSITIVE_INFINITY, new int[ps.size()][]);
        double optimum = problem.objective(ipm);
        PatternProducts products = new PatternProducts(problem.design(), problem.masks(), true);
        for (GatedAugmentedLagrangian.NewtonSystem newton : new GatedAugmentedLagrangian.NewtonSystem[] {
                GatedAugmentedLagrangian.NewtonSystem.FORMED_FROM_THE_START,
                GatedAugmentedLagrangian.NewtonSystem.CONJUGATE_GRADIENTS,
                GatedAugmentedLagrangian.NewtonSystem.RANK_ONE_PARTS}) {
            GatedFista.Result res = GatedAugmentedLagrangian.solve(problem, target(1e-9), Progress.NONE, products,
                    products, newton);
            String system = (String) res.stats().get("newtonSystem");
            if (newton == GatedAugmentedLagrangian.NewtonSystem.CONJUGATE_GRADIENTS) {
                assertThat(system).isEqualTo("conjugate gradients");
            } else if (newton == GatedAugmentedLagrangian.NewtonSystem.RANK_ONE_PARTS) {
                assertThat(system).startsWith("conjugate gradients preconditioned by the Jacobian's rank-one parts");
                assertThat((Integer) res.stats().get("rankOneBuilds")).isPositive();
            } else {
                assertThat(system).startsWith("conjugate gradients preconditioned by V formed and factored");
                // a factorisation of the current V makes each direction's conjugate gradients end in a few steps
                assertThat((Integer) res.stats().get("factorisations")).isPositive();
                assertThat((Integer) res.stats().get("cgSteps"))
                        .isLessThanOrEqualTo(10 * (Integer) res.stats().get("newtonSteps"));
            }
            assertThat(res.converged()).isTrue();
            assertThat(res.objective()).isCloseTo(problem.objective(res.u()), Offset.offset(1e-12 * optimum));
            assertThat(res.objective()).isCloseTo(optimum, Offset.offset(1e-8 * optimum));
            assertThat(res.lowerBound()).isLessThanOrEqualTo(optimum * (1 + 1e-12));
            for (int i = 0; i < ps.size(); i++) {
                if (GatedProblem.isZero(ipm[i])) {
                    assertThat(Math.sqrt(GatedFista.dot(res.u()[i], res.u()[i]))).as("block %d", i)
                            .isLessThan(1e-6);
                }
            }
        }
    }

    /**
     * More unknowns than rows (100 gates, r = 9, 120 raw rows: the interpolating regime where R-FISTA stalls): the
     * target gap is reached, the objective is the interior-point method's, and the last progress line reports the
     * answer's bound and gap.
     */
    @Test
    void interpolatingProblemReachesItsTarget() {
        Dataset data = InstanceGenerator.teacher(120, 8, 4, 5, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 100, 7));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 0.1);
        List<String> lines = new ArrayList<>();
        GatedFista.Result res = GatedAugmentedLagrangian.solve(problem, target(1e-8), lines::add);
        assertThat(res.converged()).isTrue();
        assertThat(res.gap()).isLessThanOrEqualTo(1e-8);
        double[][] ipm = GatedWorkingSet.interiorSolve(problem, GatedWorkingSet.coneProgram(problem), every(ps.size()),
                1e-10, Double.POSITIVE_INFINITY, new int[ps.size()][]);
        double optimum = problem.objective(ipm);
        assertThat(problem.objective(res.u())).isCloseTo(optimum, Offset.offset(1e-7 * optimum));
        assertThat(res.lowerBound()).isLessThanOrEqualTo(optimum * (1 + 1e-12));
        String last = lines.get(lines.size() - 1);
        assertThat(Double.parseDouble(last.replaceAll(".* lower=(\\S+) .*", "$1")))
                .isCloseTo(res.lowerBound(), Offset.offset(1e-9 * Math.abs(res.lowerBound())));
        assertThat(Double.parseDouble(last.replaceAll(".* gap=(\\S+) .*", "$1")))
                .isCloseTo(res.gap(), Offset.offset(1e-3 * res.gap() + 1e-15));
    }

    /**
     * The same interpolating problem with the conjugate gradients preconditioned by the Jacobian's rank-one parts from
     * the first direction (what runs above 2,000 rows where it pays): the target gap and the interior-point
     * optimum.
     */
    @Test
    void rankOnePartsReachTheInteriorPointOptimum() {
        Dataset data = InstanceGenerator.teacher(120, 8, 4, 5, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 100, 7));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 0.1);
        double[][] ipm = GatedWorkingSet.interiorSolve(problem, GatedWorkingSet.coneProgram(problem), every(ps.size()),
                1e-10, Double.POSITIVE_INFINITY, new int[ps.size()][]);
        double optimum = problem.objective(ipm);
        PatternProducts products = new PatternProducts(problem.design(), problem.masks(), true);
        GatedFista.Result res = GatedAugmentedLagrangian.solve(problem, target(1e-8), Progress.NONE, products, products,
                GatedAugmentedLagrangian.NewtonSystem.RANK_ONE_PARTS);
        assertThat(res.converged()).isTrue();
        assertThat(problem.objective(res.u())).isCloseTo(optimum, Offset.offset(1e-7 * optimum));
        assertThat(res.lowerBound()).isLessThanOrEqualTo(optimum * (1 + 1e-12));
    }

    /** A limit far below what the target needs: the run stops at it (the final check, two products, past it) and says so. */
    @Test
    void theTimeLimitStopsTheRun() {
        Dataset data = InstanceGenerator.teacher(3000, 20, 5, 3, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 400, 1));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 0.1);
        List<String> lines = new ArrayList<>();
        GatedFista.Result res = GatedAugmentedLagrangian.solve(problem, target(1e-12).withTimeLimit(0.5), lines::add);
        assertThat(res.stop()).isEqualTo("time limit");
        assertThat(res.converged()).isFalse();
        assertThat((Double) res.stats().get("seconds")).isLessThan(1.5);
        assertThat(res.lowerBound()).isLessThanOrEqualTo(res.objective());
        assertThat(res.objective()).isCloseTo(problem.objective(res.u()), Offset.offset(1e-9 * res.objective()));
        assertLastLineIsTheAnswer(lines, res);
    }

    /** A work limit is named as such (not as a time limit), and holds to within the final check. */
    @Test
    void theIterationLimitIsNamed() {
        Dataset data = InstanceGenerator.teacher(400, 10, 5, 4, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 200, 2));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 0.1);
        List<String> lines = new ArrayList<>();
        GatedFista.Result res = GatedAugmentedLagrangian.solve(problem, target(1e-12).withMaxIterations(60), lines::add);
        assertThat(res.stop()).isEqualTo("iteration limit");
        assertThat(res.iterations()).isBetween(60, 64);
        assertThat(res.objective()).isCloseTo(problem.objective(res.u()), Offset.offset(1e-9 * res.objective()));
        assertLastLineIsTheAnswer(lines, res);
    }

    private static void assertLastLineIsTheAnswer(List<String> lines, GatedFista.Result res) {
        String last = lines.get(lines.size() - 1);
        assertThat(Double.parseDouble(last.replaceAll(".* objective=(\\S+) .*", "$1")))
                .isCloseTo(res.objective(), Offset.offset(1e-9 * res.objective()));
        assertThat(Double.parseDouble(last.replaceAll(".* lower=(\\S+) .*", "$1")))
                .isCloseTo(res.lowerBound(), Offset.offset(1e-9 * Math.abs(res.lowerBound()) + 1e-300));
    }
}

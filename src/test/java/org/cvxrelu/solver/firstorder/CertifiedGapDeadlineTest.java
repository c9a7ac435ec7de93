package org.cvxrelu.solver.firstorder;

import static org.assertj.core.api.Assertions.assertThat;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.SolverSettings;
import org.junit.jupiter.api.Test;

/**
 * Past its deadline the certificate prices the groups left by their cheap bound ‖s_g X̃ᵀD_gλ‖ instead of a
 * projection: at n = 10,000 the fista backend's start certificate ran 55 s past a 40 s limit.
 */
class CertifiedGapDeadlineTest {

    /** c of the cheap bound, computed here from its definition: max over every group of ‖X̃ᵀD_iλ‖ (both signs). */
    private static double cheapPrice(ConeProgram program, double[] lambda) {
        return cheapPrice(program, lambda, java.util.stream.IntStream.range(0, program.patterns().size()).toArray());
    }

    /** max over the given patterns of ‖X̃ᵀD_iλ‖. */
    private static double cheapPrice(ConeProgram program, double[] lambda, int[] patterns) {
        double c = 0;
        double[][] x = program.design();
        for (int i : patterns) {
            double[] z = new double[program.r()];
            for (int k = 0; k < x.length; k++) {
                if (program.patterns().active(i, k)) {
                    for (int j = 0; j < z.length; j++) {
                        z[j] += x[k][j] * lambda[k];
                    }
                }
            }
            double s = 0;
            for (double v : z) {
                s += v * v;
            }
            c = Math.max(c, Math.sqrt(s));
        }
        return c;
    }

    /** 25 random rows in two features, every pattern, β a fifth of c(y). */
    private static ConeProgram program() {
        Dataset data = FistaConeSolverTest.randomData(25, 2, 3);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        return new ConeProgram(data, patterns, 0.2 * FistaConeSolverTest.priceOfY(new ConeProgram(data, patterns, 1.0)));
    }

    /** The dual bound at λ = y with c the cheap price. */
    private static double cheapBoundAtY(ConeProgram program) {
        return DualBound.of(program.y(), program.y(), program.beta(), cheapPrice(program, program.y())).value();
    }

    /**
     * The prox onto the cones is cut by the deadline: past it no block is projected, every block is zero and the
     * answer says so (the fista loop then refuses the trial); without one, or before it, every block is the projection
     * scaled as the formula says, the same as with no deadline at all.
     */
    @Test
    void aProxPastTheDeadlineSaysItWasCutAndProjectsNothing() {
        ConeProgram program = program();
        GroupProblem problem = new GroupProblem(program, program.groups());
        int r = problem.r();
        int columns = problem.size();
        java.util.Random rnd = new java.util.Random(5);
        double[] z = new double[r * columns];
        for (int i = 0; i < z.length; i++) {
            z[i] = rnd.nextGaussian();
        }
        double threshold = 0.3;
        double[] free = new double[z.length];
        assertThat(GroupSoftThreshold.applyOnCones(z, r, columns, threshold, problem, free, 0)).isTrue();
        double[] early = new double[z.length];
        assertThat(GroupSoftThreshold.applyOnCones(z, r, columns, threshold, problem, early,
                System.nanoTime() + 3_600_000_000_000L)).isTrue();
        assertThat(early).containsExactly(free);
        int nonzero = 0;
        for (int g = 0; g < columns; g++) {
            double[] zg = java.util.Arrays.copyOfRange(z, g * r, (g + 1) * r);
            double[] p = org.cvxrelu.cone.ConeProjection.project(program.design(), problem.mask(g), zg).projection();
            double norm = org.cvxrelu.cone.ConeProjection.norm(p);
            double scale = norm > threshold ? 1 - threshold / norm : 0;
            for (int j = 0; j < r; j++) {
                assertThat(free[g * r + j]).isCloseTo(scale * p[j], org.assertj.core.data.Offset.offset(1e-12));
            }
            nonzero += scale > 0 ? 1 : 0;
        }
        assertThat(nonzero).isPositive();
        double[] late = z.clone();
        assertThat(GroupSoftThreshold.applyOnCones(z, r, columns, threshold, problem, late, System.nanoTime() - 1))
                .isFalse();
        assertThat(late).containsOnly(0.0);
    }

    @Test
    void pastTheDeadlineTheStartIsBoundedByTheCheapPriceAndStillProven() {
        ConeProgram program = program();
        GroupProblem problem = new GroupProblem(program, program.groups());
        CertifiedGap certificate = new CertifiedGap(problem, true);
        double[] zero = new double[problem.r() * problem.size()];

        CertifiedGap.Evaluation onTime = certificate.evaluate(zero, 0);
        CertifiedGap.Evaluation late = certificate.evaluate(zero, System.nanoTime() - 1);

        // at W = 0, λ = y: the late bound is the dual bound at the cheap price, to rounding
        double expected = cheapBoundAtY(program);
        assertThat(late.objective()).isEqualTo(onTime.objective());
        assertThat(late.lower()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9 * Math.abs(expected)));
        // looser than the projections' bound, and here strictly (the cones cut the cheap bound down)
        assertThat(late.lower()).isLessThan(onTime.lower());
        // still a lower bound on the optimum over these patterns (the fista backend's own converged answer)
        GroupSolution optimum = new FistaConeSolver().solve(problem, SolverSettings.defaults().withMaxIterations(50_000));
        assertThat(optimum.converged()).isTrue();
        double optimal = FistaConeSolverTest.certify(program,
                FistaConeSolverTest.netOf(program, problem, optimum)).objective();
        assertThat(late.lower()).isLessThanOrEqualTo(optimal);
    }

    /** A solve whose limit has already passed ends at once with its start, certified by the cheap price. */
    @Test
    void aSolveStartedPastItsLimitEndsAtOnce() {
        ConeProgram program = program();
        GroupProblem problem = new GroupProblem(program, program.groups());
        SolverSettings past = SolverSettings.defaults().withTimeLimit(1).startClockSecondsAgo(2);
        GroupSolution s = new FistaConeSolver().solve(problem, past);
        assertThat(s.iterations()).isZero();
        assertThat(s.converged()).isFalse();
        double expected = cheapBoundAtY(program);
        double half = 0;
        for (double v : program.y()) {
            half += 0.5 * v * v;
        }
        assertThat((double) s.stats().get("gap")).isCloseTo(DualBound.relativeGap(half, expected),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    /**
     * On a problem holding some of the program's groups the bound is over those groups only (scope "problem"); past the
     * deadline each is bounded by ‖X̃ᵀD_iλ‖, computed here from its definition, instead of its projection.
     */
    @Test
    void aRestrictedProblemPastTheDeadlineTakesItsGroupsCheapBounds() {
        ConeProgram program = program();
        java.util.List<org.cvxrelu.cone.Group> some = program.groups().subList(0, program.groups().size() / 3);
        GroupProblem problem = new GroupProblem(program, some);
        CertifiedGap certificate = new CertifiedGap(problem, true);
        assertThat(certificate.scope()).isEqualTo(CertifiedGap.PROBLEM);
        double[] zero = new double[problem.r() * problem.size()];
        CertifiedGap.Evaluation onTime = certificate.evaluate(zero, 0);
        CertifiedGap.Evaluation late = certificate.evaluate(zero, System.nanoTime() - 1);
        double c = cheapPrice(program, program.y(), some.stream().mapToInt(org.cvxrelu.cone.Group::pattern).toArray());
        double expected = DualBound.of(program.y(), program.y(), program.beta(), c).value();
        assertThat(late.lower()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9 * Math.abs(expected)));
        assertThat(late.lower()).isLessThan(onTime.lower());
    }

    /**
     * The iterate's own blocks must be projected (they make the net feasible): {@code evaluateBefore} answers null where
     * the deadline has passed before they are, and the same evaluation as {@code evaluate} where there is none.
     */
    @Test
    void anIteratesCertificatePastTheDeadlineIsAbandoned() {
        ConeProgram program = program();
        GroupProblem problem = new GroupProblem(program, program.groups());
        CertifiedGap certificate = new CertifiedGap(problem, true);
        double[] w = new double[problem.r() * problem.size()];
        java.util.Random rnd = new java.util.Random(2);
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.01 * rnd.nextGaussian();
        }

        assertThat(certificate.evaluateBefore(w, System.nanoTime() - 1)).isNull();
        CertifiedGap.Evaluation plain = certificate.evaluate(w, 0);
        CertifiedGap.Evaluation before = certificate.evaluateBefore(w, 0);
        assertThat(before.objective()).isEqualTo(plain.objective());
        assertThat(before.lower()).isEqualTo(plain.lower());
        assertThat(before.w()).containsExactly(plain.w());
        // a zero iterate has no block to project: nothing to abandon, its bound at the cheap prices
        CertifiedGap.Evaluation zero = certificate.evaluateBefore(new double[w.length], System.nanoTime() - 1);
        assertThat(zero).isNotNull();
        assertThat(zero.lower()).isCloseTo(cheapBoundAtY(program),
                org.assertj.core.data.Offset.offset(1e-9 * Math.abs(cheapBoundAtY(program))));
    }

    /**
     * A solve its time limit cuts while it certifies every iterate (so the limit falls inside a certificate now and then,
     * the iterate's own projections included, where that certificate is abandoned): it stops at the limit, and what it
     * returns is a certified iterate's net. Its reported objective is L_β of that net computed here, and its reported
     * lower bound at most the bound priced exactly over every group here at the net's residual (the solve's may have
     * taken cheap prices where the deadline passed while it priced). Whichever of the ways to stop a limit meets.
     */
    @Test
    void aSolveCutByItsLimitReturnsACertifiedIterate() {
        Dataset data = FistaConeSolverTest.randomData(300, 3, 5);
        PatternSet patterns = Patterns.of(data, PatternOptions.sampled(true, 200, 5));
        ConeProgram program = new ConeProgram(data, patterns,
                0.05 * FistaConeSolverTest.priceOfY(new ConeProgram(data, patterns, 1.0)));
        GroupProblem problem = new GroupProblem(program, program.groups());
        for (double limit : new double[] {0.05, 0.1, 0.2, 0.4}) {
            GroupSolution s = new FistaConeSolver(FistaSettings.defaults().withCertifyEvery(1)).solve(problem,
                    SolverSettings.defaults().withRelativeGap(1e-14).withMaxIterations(1_000_000).withTimeLimit(limit));
            assertThat(s.stats().get("stop")).as("limit %s", limit).isEqualTo("time limit");
            assertThat(s.converged()).isFalse();
            FistaConeSolverTest.Certificate independent = FistaConeSolverTest.certify(program,
                    FistaConeSolverTest.netOf(program, problem, s));
            assertThat((double) s.stats().get("objective")).as("limit %s", limit).isCloseTo(independent.objective(),
                    org.assertj.core.data.Offset.offset(1e-9 * independent.objective()));
            assertThat((double) s.stats().get("lowerBound")).as("limit %s", limit)
                    .isLessThanOrEqualTo(independent.lower() + 1e-9 * Math.abs(independent.lower()));
            assertThat((int) s.stats().get("abandonedCertifications")).isBetween(0, 1);
        }
    }
}

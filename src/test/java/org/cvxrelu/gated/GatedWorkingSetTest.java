package org.cvxrelu.gated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.assertj.core.data.Offset;
import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.Progress;
import org.junit.jupiter.api.Test;

class GatedWorkingSetTest {

    /**
     * The working-set answer against R-FISTA over every pattern (another algorithm, no working set, no block
     * sweeps): each solver's proven lower bound is below the other's objective (both are bounds on the same
     * P_gated), and the two objectives agree to the target gap. Also: the working set really was smaller than
     * the pattern set, and the answer is bit-for-bit the same on a second run.
     */
    @Test
    void matchesFullFistaAndBoundsCrossCheck() {
        Dataset data = InstanceGenerator.teacher(80, 3, 4, 8, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 150, 5));
        double beta = 0.02;
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, beta);
        GatedFista.Settings s = GatedFista.Settings.defaults().withRelativeGap(1e-8).withMaxIterations(300_000);
        GatedFista.Result ws = GatedWorkingSet.solve(problem, s, Progress.NONE);
        GatedFista.Result full = GatedFista.solve(problem, s, Progress.NONE);
        assertThat(ws.converged()).isTrue();
        assertThat(full.converged()).isTrue();
        assertThat(ws.gap()).isLessThanOrEqualTo(1e-8);
        assertThat(ws.lowerBound()).isLessThanOrEqualTo(full.objective());
        assertThat(full.lowerBound()).isLessThanOrEqualTo(ws.objective());
        assertThat(ws.objective()).isCloseTo(full.objective(), Offset.offset(2e-8 * full.objective()));
        // the objective is the answer's own F (evaluated by plain loops)
        assertThat(problem.objective(ws.u())).isCloseTo(ws.objective(), Offset.offset(1e-12 * ws.objective()));
        assertThat((Integer) ws.stats().get("largestWorkingSet")).isLessThan(ps.size());
        GatedFista.Result again = GatedWorkingSet.solve(problem, s, Progress.NONE);
        assertThat(again.objective()).isEqualTo(ws.objective());
        assertThat(again.lowerBound()).isEqualTo(ws.lowerBound());
        for (int i = 0; i < ps.size(); i++) {
            assertThat(again.u()[i]).isEqualTo(ws.u()[i]);
        }
    }

    /**
     * Integer-valued columns (a haberman-like table: ages, years, a skewed count; 0/1 target), z-scored, 300 sampled
     * gates: the optimal support has more unknowns than the table has rows, the Newton path's restricted solves
     * stall, and the rounds go on with interior-point solves polished by block Newton (before, R-FISTA over every
     * pattern took over). The answer against R-FISTA over every pattern run to 1e-9 (another algorithm): the two
     * objectives agree to the target gap and each proven lower bound is below the other's objective.
     */
    @Test
    void stalledNewtonRoundsGoOnWithInteriorPointSolves() {
        java.util.Random rnd = new java.util.Random(2);
        int n = 100;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = 30 + rnd.nextInt(50);
            x[k][1] = 58 + rnd.nextInt(12);
            x[k][2] = rnd.nextInt(4) == 0 ? rnd.nextInt(20) : rnd.nextInt(3);
            y[k] = rnd.nextDouble() < 0.25 + 0.02 * x[k][2] ? 1 : 0;
        }
        Dataset data = Dataset.of(x, y);
        data = org.cvxrelu.net.InputScaling.standardize(data, true).apply(data);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 300, 1));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 0.1);
        GatedFista.Result ws = GatedWorkingSet.solve(problem,
                GatedFista.Settings.defaults().withRelativeGap(1e-6), GatedWorkingSet.Settings.defaults().withRoundsOnly(),
                Progress.NONE);
        assertThat((Integer) ws.stats().get("interiorPointSolves")).isPositive();
        assertThat(ws.stats().get("firstOrderFallback")).isEqualTo(false);
        assertThat(ws.converged()).isTrue();
        assertThat(ws.gap()).isLessThanOrEqualTo(1e-6);
        GatedFista.Result full = GatedFista.solve(problem,
                GatedFista.Settings.defaults().withRelativeGap(1e-9).withMaxIterations(2_000_000), Progress.NONE);
        assertThat(full.converged()).isTrue();
        assertThat(ws.lowerBound()).isLessThanOrEqualTo(full.objective());
        assertThat(full.lowerBound()).isLessThanOrEqualTo(ws.objective());
        assertThat(ws.objective()).isCloseTo(full.objective(), Offset.offset(1e-6 * full.objective()));
        assertThat(problem.objective(ws.u())).isCloseTo(ws.objective(), Offset.offset(1e-12 * ws.objective()));
    }

    /**
     * The interior-point solve of the gated problem ({@code GroupProblem.gated}: the ReLU program's method without
     * cone constraints) against R-FISTA on the same 40 patterns: the same optimum to 1e-7, and every block it sets
     * to zero is one that R-FISTA's answer leaves at zero too.
     */
    @Test
    void interiorSolveMatchesRfistaOnTheSamePatterns() {
        Dataset data = InstanceGenerator.teacher(50, 3, 3, 9, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 40, 3));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 0.05);
        int[] all = new int[ps.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        double[][] ipm = GatedWorkingSet.interiorSolve(problem, GatedWorkingSet.coneProgram(problem), all, 1e-9,
                Double.POSITIVE_INFINITY, new int[ps.size()][]);
        GatedFista.Result fista = GatedFista.solve(problem,
                GatedFista.Settings.defaults().withRelativeGap(1e-11).withMaxIterations(2_000_000), Progress.NONE);
        assertThat(fista.converged()).isTrue();
        assertThat(problem.objective(ipm)).isCloseTo(fista.objective(), Offset.offset(1e-7 * fista.objective()));
        int zero = 0;
        for (int i = 0; i < all.length; i++) {
            if (GatedProblem.isZero(ipm[i])) {
                zero++;
                assertThat(GatedProblem.isZero(fista.u()[i])).as("block %d", i).isTrue();
            }
        }
        assertThat(zero).isPositive();
    }

    /**
     * Two patterns with disjoint supports: the problem separates into two single-group lassos whose optimum
     * is computed by the secular equation in {@link GatedTest}; the working-set solve reaches it.
     */
    @Test
    void disjointPatternsMatchTheSecularEquation() {
        GatedTest.Disjoint d = GatedTest.disjointPatterns();
        GatedProblem problem = d.problem();
        GatedFista.Result res = GatedWorkingSet.solve(problem, GatedFista.Settings.defaults().withRelativeGap(1e-10),
                Progress.NONE);
        double expected = d.optimum();
        assertThat(res.converged()).isTrue();
        assertThat(problem.objective(res.u())).isCloseTo(expected, Offset.offset(1e-8 * expected));
        assertThat(res.lowerBound()).isLessThanOrEqualTo(expected * (1 + 1e-12));
    }

    /**
     * The restricted solver alone: on W = every pattern, BlockNewton's answer satisfies the optimality
     * conditions computed here by plain loops (‖∇_i f + βû_i‖ small on the support, ‖∇_i f‖ ≤ β(1 + ε) off it).
     */
    @Test
    void blockNewtonMeetsTheOptimalityConditions() {
        Dataset data = InstanceGenerator.teacher(60, 3, 3, 5, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 40, 2));
        double beta = 0.05;
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, beta);
        int p = ps.size();
        int r = problem.r();
        int[] w = java.util.stream.IntStream.range(0, p).toArray();
        BlockNewton.Result res = BlockNewton.solve(problem, w, new double[p][r], 1e-11, 200, Long.MAX_VALUE,
                SupportNewton.gram(problem.design()));
        assertThat(res.gap()).isLessThanOrEqualTo(1e-11);
        double[] fit = problem.fit(res.blocks());
        double[][] x = problem.design();
        double worst = 0;
        for (int i = 0; i < p; i++) {
            double[] g = new double[r];
            for (int k = 0; k < problem.n(); k++) {
                if (ps.active(i, k)) {
                    for (int j = 0; j < r; j++) {
                        g[j] += x[k][j] * (fit[k] - data.y(k));
                    }
                }
            }
            double nu = SupportNewton.norm(res.blocks()[i]);
            if (nu > 0) {
                for (int j = 0; j < r; j++) {
                    g[j] += beta * res.blocks()[i][j] / nu;
                }
                worst = Math.max(worst, SupportNewton.norm(g));
            } else {
                worst = Math.max(worst, SupportNewton.norm(g) - beta);
            }
        }
        assertThat(worst).isLessThan(1e-5 * beta);
    }

    /**
     * The ReLU re-solve seeded by the gated support reaches the ReLU convex optimum over the same sampled
     * patterns that {@code CvxRelu.solve} (unseeded working set) finds independently; its reported objective is
     * its net's L_β, its lower bound is below that optimum, and the gated lower bound is below both (P_gated ≤ P_c).
     */
    @Test
    void reluResolveMatchesTheUnseededReluSolve() {
        Dataset data = InstanceGenerator.teacher(60, 2, 3, 3, 0.1);
        org.cvxrelu.SolveOptions options = org.cvxrelu.SolveOptions.defaults()
                .withPatterns(PatternOptions.sampled(true, 60, 7));
        double beta = 0.05;
        GatedSolve.Outcome g = GatedSolve.solve(data, beta, options, true);
        org.cvxrelu.SolveResult relu = org.cvxrelu.CvxRelu.solve(data, beta, options);
        assertThat(g.reluSource()).isEqualTo("relu");
        assertThat(g.relu().converged()).isTrue();
        assertThat(g.reluObjective()).isCloseTo(g.net().objective(data, beta), Offset.offset(1e-12 * g.reluObjective()));
        assertThat(g.reluObjective()).isCloseTo(relu.objective(), Offset.offset(1e-5 * relu.objective()));
        assertThat(g.reluLowerBound()).isLessThanOrEqualTo(relu.objective());
        assertThat(relu.lowerBound()).isLessThanOrEqualTo(g.reluObjective());
        assertThat(g.gated().lowerBound()).isLessThanOrEqualTo(relu.objective());
        assertThat(g.reluGapOverPatterns()).isLessThanOrEqualTo(1e-5);
        // its net beats the zero net (L_β = ½‖y‖²), so nothing is to be said about it
        assertThat(g.reason()).isNull();
    }

    /** The warning for a net worse than the zero net: only above ½‖y‖², and naming the way out for a decomposition. */
    @Test
    void aNetWorseThanTheZeroNetIsReported() {
        assertThat(GatedSolve.worseThanZero(4312.5, 751.5, false)).contains("4312.5", "751.5", "--relu-resolve");
        assertThat(GatedSolve.worseThanZero(800, 751.5, true)).contains("ReLU net").doesNotContain("--relu-resolve");
        assertThat(GatedSolve.worseThanZero(751.5, 751.5, false)).isNull();
        assertThat(GatedSolve.worseThanZero(5.93, 751.5, false)).isNull();
    }

    /**
     * Above {@link GatedWorkingSet#NEWTON_MAX_N} samples the restricted solves are R-FISTA's: a run cut by its time limit
     * ends within 10 % of it and reports the certified gap of the blocks it returns (recomputed here by plain
     * loops: F of the answer, and a lower bound never above it).
     */
    @Test
    void largeNRunsHonourTheTimeLimit() {
        Dataset data = InstanceGenerator.teacher(GatedWorkingSet.NEWTON_MAX_N + 200, 6, 4, 2, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 300, 1));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 1e-4);
        double limit = 1.5;
        long t0 = System.nanoTime();
        GatedFista.Result res = GatedWorkingSet.solve(problem, GatedFista.Settings.defaults().withRelativeGap(1e-12)
                .withTimeLimit(limit), Progress.NONE);
        double wall = (System.nanoTime() - t0) / 1e9;
        assertThat(wall).isLessThanOrEqualTo(1.1 * limit);
        assertThat(res.objective()).isCloseTo(problem.objective(res.u()), Offset.offset(1e-9 * res.objective()));
        assertThat(res.lowerBound()).isLessThanOrEqualTo(res.objective());
        assertThat(res.gap()).isCloseTo((res.objective() - res.lowerBound()) / res.objective(), Offset.offset(1e-12));
    }

    /**
     * Between {@link GatedWorkingSet#NEWTON_ALWAYS_N} and {@link GatedWorkingSet#NEWTON_MAX_N} rows the Newton path is taken
     * without a time limit, and under one only when its estimated time fits: with 1 s (its estimate at 1,200 rows is
     * 2e-8·1,200³ = 35 s) the restricted solves are first-order (no block-Newton phase; the time limit itself is
     * {@link #largeNRunsHonourTheTimeLimit}'s); without a limit they are Newton's and the answer meets its target, its objective F of its blocks.
     */
    @Test
    void betweenTheLimitsNewtonOnlyWhereItsTimeFits() {
        Dataset data = InstanceGenerator.teacher(GatedWorkingSet.NEWTON_ALWAYS_N + 200, 4, 3, 2, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 40, 1));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 1);
        GatedWorkingSet.Settings rounds = GatedWorkingSet.Settings.defaults().withRoundsOnly();
        GatedFista.Result cut = GatedWorkingSet.solve(problem, GatedFista.Settings.defaults().withRelativeGap(1e-8)
                .withTimeLimit(1), rounds, Progress.NONE);
        assertThat(cut.stats().get("newtonPhases")).isEqualTo(0);
        GatedFista.Result free = GatedWorkingSet.solve(problem, GatedFista.Settings.defaults().withRelativeGap(1e-8),
                rounds, Progress.NONE);
        assertThat((Integer) free.stats().get("newtonPhases")).isPositive();
        assertThat(free.converged()).isTrue();
        assertThat(free.objective()).isCloseTo(problem.objective(free.u()), Offset.offset(1e-9 * free.objective()));
        assertThat(cut.lowerBound()).isLessThanOrEqualTo(free.objective());
    }

    /**
     * Above {@link GatedWorkingSet#NEWTON_MAX_N} samples, a working set whose violators still cover most patterns after
     * {@link GatedWorkingSet#SPREAD_ROUNDS} rounds (a tiny β: the support spreads over the patterns) hands over to
     * R-FISTA over every pattern; the answer is one evaluated point (its objective is F of its blocks) and its lower
     * bound is below the objective of an independent run (R-FISTA alone). With a large β the support stays small and
     * the rounds go on to the target without the hand-over.
     */
    @Test
    void largeNHandsOverOnlyWhenTheSupportSpreads() {
        Dataset data = InstanceGenerator.teacher(GatedWorkingSet.NEWTON_MAX_N + 200, 6, 4, 2, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 300, 1));
        GatedProblem spread = new GatedProblem(data.design(true), data.targets(), ps, 1e-4);
        GatedFista.Settings s = GatedFista.Settings.defaults().withRelativeGap(1e-12).withMaxIterations(6000);
        List<String> lines = new java.util.ArrayList<>();
        GatedFista.Result res = GatedWorkingSet.solve(spread, s, lines::add);
        assertThat(res.stats().get("workingSetRounds")).isEqualTo(GatedWorkingSet.SPREAD_ROUNDS);
        // the finish starts from zero: its first line is F(0) = ½‖y‖², after round 2's line
        int round2 = -1;
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k).startsWith("gated round=2 ")) {
                round2 = k;
            }
        }
        assertThat(round2).isGreaterThanOrEqualTo(0);
        String first = lines.get(round2 + 1);
        assertThat(first).startsWith("gated ssnal outer=0 ");
        double f0 = Double.parseDouble(first.replaceAll(".* objective=(\\S+) .*", "$1"));
        double halfY = 0;
        for (double t : data.targets()) {
            halfY += 0.5 * t * t;
        }
        assertThat(f0).isCloseTo(halfY, Offset.offset(1e-8 * halfY));
        assertThat(res.stats().get("firstOrderFallback")).isEqualTo(true);
        assertThat((String) res.stats().get("stop")).startsWith("augmented Lagrangian finish");
        assertThat(((Map<?, ?>) res.stats().get("lastRestrictedSolve")).get("method"))
                .isEqualTo("semismooth Newton augmented Lagrangian");
        assertThat(res.objective()).isCloseTo(spread.objective(res.u()), Offset.offset(1e-9 * res.objective()));
        GatedFista.Result alone = GatedFista.solve(spread, s.withMaxIterations(1000), Progress.NONE);
        assertThat(res.lowerBound()).isLessThanOrEqualTo(alone.objective());
        assertThat(alone.lowerBound()).isLessThanOrEqualTo(res.objective());

        GatedProblem sparse = new GatedProblem(data.design(true), data.targets(), ps, 40);
        GatedFista.Result kept = GatedWorkingSet.solve(sparse, GatedFista.Settings.defaults().withRelativeGap(1e-8)
                .withMaxIterations(200_000), Progress.NONE);
        assertThat(kept.converged()).isTrue();
        assertThat(kept.stats().get("firstOrderFallback")).isEqualTo(false);
        assertThat((Integer) kept.stats().get("workingSetRounds")).isGreaterThan(GatedWorkingSet.SPREAD_ROUNDS);
        assertThat((Integer) kept.stats().get("largestWorkingSet")).isLessThan(ps.size() / 2);
    }

    /**
     * Low-dimensional data (d = 2, 400 rows, 200 gates): the mask transitions are few, so the augmented Lagrangian
     * over every pattern solves the problem without rounds. Its answer against the rounds' (another algorithm:
     * working sets, block Newton): each proven bound is below the other's objective, the objectives agree to the
     * target, and the objective is F of the answer's blocks by plain loops.
     */
    @Test
    void lowDimensionalDataGoStraightToTheAugmentedLagrangian() {
        Dataset data = InstanceGenerator.teacher(400, 2, 4, 3, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 200, 2));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 0.05);
        GatedFista.Settings s = GatedFista.Settings.defaults().withRelativeGap(1e-7);
        GatedFista.Result direct = GatedWorkingSet.solve(problem, s, Progress.NONE);
        GatedFista.Result rounds = GatedWorkingSet.solve(problem, s,
                GatedWorkingSet.Settings.defaults().withRoundsOnly(), Progress.NONE);
        assertThat((String) direct.stats().get("stop")).startsWith("augmented Lagrangian over every pattern");
        assertThat((String) direct.stats().get("iterationProducts")).startsWith("mask transitions");
        assertThat(rounds.stats().get("stop")).isEqualTo("gap reached");
        assertThat((Integer) rounds.stats().get("workingSetRounds")).isPositive();
        assertThat(direct.converged()).isTrue();
        assertThat(rounds.converged()).isTrue();
        assertThat(direct.lowerBound()).isLessThanOrEqualTo(rounds.objective());
        assertThat(rounds.lowerBound()).isLessThanOrEqualTo(direct.objective());
        assertThat(direct.objective()).isCloseTo(rounds.objective(), Offset.offset(2e-7 * rounds.objective()));
        assertThat(problem.objective(direct.u())).isCloseTo(direct.objective(), Offset.offset(1e-12 * direct.objective()));
        // the answer's objective is the dense products' F of its blocks, to the bit (not the transition products')
        int p = ps.size();
        int r = problem.r();
        double[] u = new double[r * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < r; j++) {
                u[j * p + i] = direct.u()[i][j];
            }
        }
        double[] fit = new double[problem.n()];
        // the working set's own products at this size: the Java kernel (n·r·p ≤ JAVA_PRODUCTS_MAX)
        new PatternProducts(problem.design(), problem.masks(), true, PatternProducts.Backend.JAVA).forward(u, fit);
        assertThat(direct.objective()).isEqualTo(GatedFista.objective(problem, u, fit));
        // the same data with one column in other units (×100): the rounds, not the augmented Lagrangian
        double[][] x = new double[data.n()][];
        for (int k = 0; k < data.n(); k++) {
            x[k] = data.row(k).clone();
            x[k][0] *= 100;
        }
        Dataset units = Dataset.of(x, data.targets());
        GatedProblem raw = new GatedProblem(units.design(true), units.targets(),
                Patterns.of(units, PatternOptions.sampled(true, 200, 2)), 0.05);
        assertThat(GatedWorkingSet.columnsOfOneScale(problem.design())).isTrue();
        assertThat(GatedWorkingSet.columnsOfOneScale(raw.design())).isFalse();
        GatedFista.Result rawResult = GatedWorkingSet.solve(raw, s, Progress.NONE);
        assertThat((Integer) rawResult.stats().get("workingSetRounds")).isPositive();
    }

    /**
     * Rounds that stop short (here: one round allowed) on data in different units (one column ×100) are finished by
     * the augmented Lagrangian with its Newton system formed from the first direction; the answer against the
     * interior-point optimum on the same patterns (another algorithm), its bound below that optimum.
     */
    @Test
    void roundsStoppedShortAreFinishedWithTheNewtonSystemFormed() {
        GatedProblem problem = oneColumnInOtherUnits();
        GatedFista.Settings s = GatedFista.Settings.defaults().withRelativeGap(1e-7);
        GatedFista.Result res = GatedWorkingSet.solve(problem, s,
                new GatedWorkingSet.Settings(8, 4, 1, 0.9, true, 50, -1), Progress.NONE);
        assertThat((String) res.stats().get("stop")).startsWith("augmented Lagrangian finish (Newton system formed)");
        @SuppressWarnings("unchecked")
        Map<String, Object> finish = (Map<String, Object>) res.stats().get("lastRestrictedSolve");
        assertThat((String) finish.get("newtonSystem")).startsWith("conjugate gradients preconditioned by V formed");
        assertThat((Integer) finish.get("factorisations")).isPositive();
        assertThat(res.converged()).isTrue();
        double optimum = interiorOptimum(problem);
        assertThat(res.objective()).isCloseTo(optimum, Offset.offset(2e-7 * optimum));
        assertThat(res.lowerBound()).isLessThanOrEqualTo(optimum * (1 + 1e-12));
        assertThat(problem.objective(res.u())).isCloseTo(res.objective(), Offset.offset(1e-12 * res.objective()));
    }

    /**
     * Rounds whose restricted solves would use up the iteration limit (R-FISTA on data in different units) stop at
     * {@link GatedWorkingSet#ROUNDS_SHARE} of it, and the finish (Newton system formed) has the rest: the rounds'
     * iterations within their share, the whole run's within the limit, and the answer the interior-point optimum on
     * the same patterns (another algorithm).
     */
    @Test
    void roundsLeaveTheFinishTheRestOfTheIterationLimit() {
        GatedProblem problem = oneColumnInOtherUnits();
        int limit = 6000;
        GatedFista.Settings s = GatedFista.Settings.defaults().withRelativeGap(1e-7).withMaxIterations(limit);
        GatedWorkingSet.Answer answer = GatedWorkingSet.answer(problem, s,
                new GatedWorkingSet.Settings(8, 4, 60, 0.9, false, 50, -1), Progress.NONE);
        GatedFista.Result res = answer.result();
        // the rounds' best point is kept for GatedSolve's second decomposition: the finish lowered its objective
        assertThat(answer.roundsPoint()).isNotNull();
        assertThat(problem.objective(answer.roundsPoint())).isGreaterThan(res.objective());
        // the restricted R-FISTA solves do not reach their tolerance on these units: each is cut at what is left of
        // the rounds' share, so the rounds end exactly there
        int rounds = (Integer) res.stats().get("roundsIterations");
        assertThat(rounds).isEqualTo((int) (GatedWorkingSet.ROUNDS_SHARE * limit));
        assertThat((String) res.stats().get("stop")).startsWith("augmented Lagrangian finish (Newton system formed)");
        // the finish checks its work before each step, so it may end one pair of products past the limit
        assertThat(res.iterations()).isGreaterThan(rounds).isLessThanOrEqualTo(limit + 1);
        assertThat(res.converged()).isTrue();
        double optimum = interiorOptimum(problem);
        assertThat(res.objective()).isCloseTo(optimum, Offset.offset(2e-7 * optimum));
        assertThat(res.lowerBound()).isLessThanOrEqualTo(optimum * (1 + 1e-12));
    }

    /** 150 teacher rows in three features, the first ×100 (columns in different units), 100 sampled gates, β = 0.05. */
    private static GatedProblem oneColumnInOtherUnits() {
        Dataset data = InstanceGenerator.teacher(150, 3, 4, 5, 0.1);
        double[][] x = new double[data.n()][];
        for (int k = 0; k < data.n(); k++) {
            x[k] = data.row(k).clone();
            x[k][0] *= 100;
        }
        Dataset units = Dataset.of(x, data.targets());
        PatternSet ps = Patterns.of(units, PatternOptions.sampled(true, 100, 4));
        return new GatedProblem(units.design(true), units.targets(), ps, 0.05);
    }

    /** The gated optimum over every pattern by the interior-point method (another algorithm), to 1e-10. */
    private static double interiorOptimum(GatedProblem problem) {
        int p = problem.p();
        int[] all = java.util.stream.IntStream.range(0, p).toArray();
        double[][] ipm = GatedWorkingSet.interiorSolve(problem, GatedWorkingSet.coneProgram(problem), all, 1e-10,
                Double.POSITIVE_INFINITY, new int[p][]);
        return problem.objective(ipm);
    }

    /** The answer of two points: the lower objective with the larger lower bound, and the gap of that pair. */
    @Test
    void mergedTakesTheLowerObjectiveAndTheLargerBound() {
        assertThat(GatedWorkingSet.merged(new double[] {10, 2, 0.8}, new double[] {4, 1, 0.75}))
                .containsExactly(4, 2, 0.5);
        assertThat(GatedWorkingSet.merged(new double[] {3, 3.5, 0}, new double[] {5, 1, 0.8}))
                .containsExactly(3, 3.5, 0);
    }

    /**
     * R-FISTA's answer carries the largest lower bound proven at any of its checks: on an interpolating instance (β
     * tiny, n &gt; r·support) the bound of single iterates goes up and down, yet the bounds the progress lines show
     * never decrease, the last one is the answer's, and it stays below an objective found by another run.
     */
    @Test
    void fistaKeepsTheLargestLowerBoundOfItsChecks() {
        Dataset data = InstanceGenerator.teacher(GatedWorkingSet.NEWTON_MAX_N + 200, 6, 4, 2, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, 300, 1));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 1e-4);
        List<Double> lowers = new java.util.ArrayList<>();
        java.util.regex.Pattern lower = java.util.regex.Pattern.compile(" lower=(\\S+) ");
        GatedFista.Result res = GatedFista.solve(problem, GatedFista.Settings.defaults().withRelativeGap(1e-12)
                .withMaxIterations(1500), m -> {
                    java.util.regex.Matcher mt = lower.matcher(m);
                    if (mt.find()) {
                        lowers.add(Double.parseDouble(mt.group(1)));
                    }
                });
        assertThat(lowers.size()).isGreaterThan(5);
        for (int k = 1; k < lowers.size(); k++) {
            assertThat(lowers.get(k)).isGreaterThanOrEqualTo(lowers.get(k - 1));
        }
        assertThat(lowers.get(lowers.size() - 1)).isCloseTo(res.lowerBound(), Offset.offset(1e-9 * res.lowerBound()));
        assertThat(res.lowerBound()).isGreaterThan(lowers.get(0));
        GatedFista.Result other = GatedWorkingSet.solve(problem, GatedFista.Settings.defaults().withRelativeGap(1e-12)
                .withMaxIterations(6000), Progress.NONE);
        assertThat(res.lowerBound()).isLessThanOrEqualTo(other.objective());
        assertThat(res.lowerBound()).isLessThanOrEqualTo(res.objective());
    }
}

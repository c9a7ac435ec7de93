package org.cvxrelu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.testing.HabermanLike;
import org.junit.jupiter.api.Test;

/**
 * When an exact solve is priced by branch and bound instead of enumerated: a fitting arrangement of at least
 * {@link CvxRelu#GLOBAL_PRICING_MIN_CELLS} cells (Cover's bound, computed here by {@link Patterns#estimate}) in
 * r ≤ {@link CvxRelu#GLOBAL_PRICING_MAX_R}, with the working-set backend, free output signs, no sampling and no
 * {@code enumerate}.
 */
class GlobalPricingRouteTest {

    static java.math.BigInteger cells(Dataset data) {
        return Patterns.estimate(data.design(true));
    }

    static Dataset standardized(Dataset raw) {
        return InputScaling.standardize(raw, true).apply(raw);
    }

    /**
     * A generation that only moves groups in and out of its working set is not a generation that is going on. On
     * this 90-row integer table (seed 13 of {@code scripts/route-crosscheck.py}, 162,600 cells) the route's rounds
     * 18–100 found no new pattern and left the objective at 1.624036489: groups the support had just dropped
     * looked violated again at the loosely solved λ. The round limit then ended the generation and the arrangement
     * was enumerated (19 s). Two idle rounds in a row now count as a round without violators, so the working set is
     * re-solved accurately and the branch-and-bound pricing settles it. Checked against the enumeration's certified
     * bracket ({@code solve T --beta 0.1 --standardize --enumerate}: objective 1.6240252485134608, bound
     * 1.624025138181738): each answer's bound lies below the other's objective.
     */
    @Test
    void aGenerationThatOnlyReshufflesItsWorkingSetIsSettledByTheSearch() {
        Dataset data = org.cvxrelu.data.CsvDataReader.read(
                java.nio.file.Path.of("src/test/resources/regression/route_cycle_n90_d3.csv"));
        SolveResult r = CvxRelu.solve(data, 0.1, SolveOptions.defaults().withStandardize(true));
        assertThat(r.certified()).isTrue();
        assertThat(r.lowerBoundScope()).isEqualTo(CvxRelu.GLOBAL_SCOPE);
        assertThat(r.stats()).containsEntry("generationStoppedBy", "settled by branch and bound");
        assertThat(((Number) r.stats().get("generationRounds")).intValue()).isLessThan(40);
        assertThat(r.lowerBound()).isLessThanOrEqualTo(1.6240252485134608);
        assertThat(r.objective()).isGreaterThanOrEqualTo(1.624025138181738);
        assertThat(r.relativeGap()).isLessThanOrEqualTo(1e-6);
    }

    /**
     * A continued generation ({@code solve T --beta 0.1 --standardize --max-patterns 2000 --global-seconds 60}) whose
     * branch-and-bound pricings found only patterns it had (93 above β, all found), and whose restricted solves with
     * them stalled at the same answer, asked the same search again until its clock: 46 s, rounds 27-103 unchanged.
     * It now ends after the third search asked with the same answer and found patterns, and the answer, its global
     * bound and gap are the ones the clock gave. The generated answer is now rid of neurons whose fits are dependent
     * to rounding, and the continuation from that one settles; the test continues from the answer as it was. Since the
     * start points across the neurons' facets (BENCHMARKS §50) that continuation settles too, so either ending is
     * accepted here: what must hold is an end within four searches, certified inside the enumeration's bracket. The table is seed 12 of {@code scripts/route-crosscheck.py};
     * checked against the enumeration's certified bracket ({@code --enumerate}: objective 5.36982519075144, bound
     * 5.369825007167165).
     */
    @Test
    void aContinuationWhoseSearchesRepeatEndsBeforeItsClock() {
        Dataset data = org.cvxrelu.data.CsvDataReader.read(
                java.nio.file.Path.of("src/test/resources/regression/route_repeat_n90_d3.csv"));
        SolveOptions budgeted = SolveOptions.defaults().withStandardize(true)
                .withPatterns(new PatternOptions(true, null, 0, 2000));
        SolveResult r = CvxRelu.solve(data, 0.1, budgeted);
        assertThat(r.certified()).isFalse();
        // the answer as the generation gave it before its neurons with fits dependent to rounding were pruned (94
        // neurons, written by `solve` then): the continuation from it cycled
        org.cvxrelu.net.ReluNet wide = org.cvxrelu.net.NetFile.read(
                java.nio.file.Path.of("src/test/resources/regression/route_repeat_n90_d3_generated_net.json"));
        double wideObjective = wide.objective(wide.scaling().orElseThrow().apply(data), 0.1);
        assertThat(wideObjective).isGreaterThanOrEqualTo(r.objective());
        SolveResult unpruned = new SolveResult(wide, wideObjective, r.convexObjective(), r.lowerBound(),
                (wideObjective - r.lowerBound()) / wideObjective, r.exact(), r.certified(), r.lowerBoundScope(),
                r.patterns(), r.program(), r.solution(), r.solver(), r.converged(), r.outerIterations(),
                r.workingSetSize(), r.seconds(), r.stats(), r.reason());
        SolveResult g = CvxRelu.withGlobalSearch(data, 0.1, budgeted, unpruned, 60);
        // since the start points across the neurons' facets (BENCHMARKS §50) the generation finds the patterns the
        // repeated searches had found and settles; the repeat rule stays for the tables where it does not
        assertThat((String) g.stats().get("generationStoppedBy")).satisfiesAnyOf(
                stop -> assertThat(stop).startsWith("no progress since the last branch-and-bound"),
                stop -> assertThat(stop).isEqualTo("settled by branch and bound"));
        assertThat(((Number) g.stats().get("globalPricings")).intValue()).isLessThanOrEqualTo(4);
        assertThat(g.certified()).isTrue();
        assertThat(g.lowerBoundScope()).isEqualTo(CvxRelu.GLOBAL_SCOPE);
        assertThat(g.lowerBound()).isLessThanOrEqualTo(5.36982519075144);
        assertThat(g.objective()).isGreaterThanOrEqualTo(5.369825007167165);
        assertThat(g.relativeGap()).isLessThan(1e-3);
        // from the pruned answer the same continuation settles, inside the enumeration's bracket
        SolveResult settled = CvxRelu.withGlobalSearch(data, 0.1, budgeted, r, 60);
        assertThat(settled.stats()).containsEntry("generationStoppedBy", "settled by branch and bound");
        assertThat(settled.certified()).isTrue();
        assertThat(settled.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(settled.lowerBound()).isLessThanOrEqualTo(5.36982519075144);
        assertThat(settled.objective()).isGreaterThanOrEqualTo(5.369825007167165);
    }

    @Test
    void largeArrangementsInFewDimensionsTakeTheRouteUnlessAskedToEnumerate() {
        Dataset large = standardized(HabermanLike.rows(80, 11));
        assertThat(Patterns.estimate(large.design(true)).longValue())
                .isGreaterThanOrEqualTo(CvxRelu.GLOBAL_PRICING_MIN_CELLS);
        SolveOptions defaults = SolveOptions.defaults();
        assertThat(CvxRelu.globalPricingFits(large, cells(large), defaults, ConeSolvers.byName("ipm"))).isTrue();
        assertThat(CvxRelu.globalPricingFits(large, cells(large), defaults.withEnumerate(true), ConeSolvers.byName("ipm"))).isFalse();
        assertThat(CvxRelu.globalPricingFits(large, cells(large), defaults.withNonnegativeOutput(true), ConeSolvers.byName("ipm")))
                .isFalse();
        assertThat(CvxRelu.globalPricingFits(large, cells(large), defaults.withPatterns(PatternOptions.sampled(true, 100, 1)),
                ConeSolvers.byName("ipm"))).isFalse();
        assertThat(CvxRelu.globalPricingFits(large, cells(large), defaults, ConeSolvers.byName("fista"))).isFalse();
    }

    @Test
    void smallArrangementsAndWideDataAreEnumerated() {
        Dataset small = standardized(HabermanLike.rows(30, 11));
        assertThat(Patterns.estimate(small.design(true)).longValue()).isLessThan(CvxRelu.GLOBAL_PRICING_MIN_CELLS);
        assertThat(CvxRelu.globalPricingFits(small, cells(small), SolveOptions.defaults(), ConeSolvers.byName("ipm"))).isFalse();
        // r = 6 (five features and the bias), many cells
        SplittableRandom rnd = new SplittableRandom(3);
        double[][] x = new double[40][5];
        double[] y = new double[40];
        for (int k = 0; k < 40; k++) {
            for (int j = 0; j < 5; j++) {
                x[k][j] = rnd.nextGaussian();
            }
            y[k] = rnd.nextGaussian();
        }
        Dataset wide = Dataset.of(x, y);
        assertThat(Patterns.estimate(wide.design(true)).longValue()).isGreaterThanOrEqualTo(CvxRelu.GLOBAL_PRICING_MIN_CELLS);
        assertThat(CvxRelu.globalPricingFits(wide, cells(wide), SolveOptions.defaults(), ConeSolvers.byName("ipm"))).isFalse();
    }

    /**
     * Above {@link CvxRelu#GLOBAL_PRICING_MAX_ROWS} rows a table whose arrangement would take the route gets the
     * budgeted generation instead: generated patterns, not certified, and the progress says how to continue on the
     * route; one row fewer takes the route.
     */
    @Test
    void tablesOfManyRowsGetTheBudgetedGeneration() {
        int n = CvxRelu.GLOBAL_PRICING_MAX_ROWS + 1;
        SplittableRandom rnd = new SplittableRandom(5);
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = 2 * rnd.nextGaussian() + 1;
            x[k][1] = 0.5 * rnd.nextGaussian() - 1;
            y[k] = Math.max(x[k][0] - 2 * x[k][1] - 2, 0) - Math.max(x[k][1] + 1, 0) + 0.3 * rnd.nextGaussian();
        }
        Dataset raw = Dataset.of(x, y);
        Dataset z = standardized(raw);
        Dataset fewer = standardized(Dataset.of(java.util.Arrays.copyOf(x, n - 1), java.util.Arrays.copyOf(y, n - 1)));
        SolveOptions defaults = SolveOptions.defaults();
        assertThat(CvxRelu.globalPricingFits(z, cells(z), defaults, ConeSolvers.byName("ipm"))).isTrue();
        assertThat(CvxRelu.takesTheRoute(z, cells(z), defaults, ConeSolvers.byName("ipm"))).isFalse();
        assertThat(CvxRelu.takesTheRoute(fewer, cells(fewer), defaults, ConeSolvers.byName("ipm"))).isTrue();

        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        SolveResult r = CvxRelu.solve(raw, 0.1, defaults.withStandardize(true)
                .withSettings(defaults.settings().withProgress(lines::add)));
        assertThat(lines).anyMatch(l -> l.contains(n + " rows") && l.contains("--global-seconds S"));
        assertThat(lines).noneMatch(l -> l.startsWith("exact pricing by branch and bound"));
        assertThat(r.patterns().mode()).isEqualTo(org.cvxrelu.solver.ColumnGeneration.MODE);
        assertThat(r.certified()).isFalse();
        assertThat(r.lowerBoundScope()).isEqualTo("generated patterns");

        // certify --optimum-seconds keeps the route whatever the rows: with no seconds at all its bound is proven over
        // every pattern, below the generated answer's objective
        SolveResult optimum = CvxRelu.optimumSearch(z, 0.1, r.net(), defaults.patterns().maxPatterns(), 0,
                org.cvxrelu.solver.Progress.NONE);
        assertThat(CvxRelu.boundsOptimum(optimum)).isTrue();
        assertThat(optimum.lowerBoundScope()).isEqualTo(CvxRelu.GLOBAL_SCOPE);
        assertThat(optimum.lowerBound()).isLessThanOrEqualTo(r.objective());
        assertThat(optimum.objective()).isLessThanOrEqualTo(r.objective() * (1 + 1e-9));
    }

    /**
     * From {@link CvxRelu#GLOBAL_PRICING_MIN_CELLS_ZSCORED} cells the route is taken when the features are z-scores
     * (as {@code --standardize} makes them, or a user's own with the n − 1 convention), not for the same rows raw;
     * and its certified answer agrees with the enumeration's, every cell priced (two independent proofs: each
     * lower bound below the other answer's objective).
     */
    @Test
    void midSizeArrangementsTakeTheRouteOnZScoresOnly() {
        Dataset raw = HabermanLike.rows(50, 7);
        Dataset z = standardized(raw);
        long cells = cells(z).longValue();
        assertThat(cells).isBetween(CvxRelu.GLOBAL_PRICING_MIN_CELLS_ZSCORED, CvxRelu.GLOBAL_PRICING_MIN_CELLS - 1);
        SolveOptions defaults = SolveOptions.defaults();
        assertThat(CvxRelu.zScoredFeatures(z)).isTrue();
        assertThat(CvxRelu.zScoredFeatures(raw)).isFalse();
        assertThat(CvxRelu.globalPricingFits(z, cells(z), defaults, ConeSolvers.byName("ipm"))).isTrue();
        assertThat(CvxRelu.globalPricingFits(raw, cells(raw), defaults, ConeSolvers.byName("ipm"))).isFalse();
        // z-scores with the sample standard deviation (n − 1) count too
        double[][] x = new double[z.n()][z.d()];
        double[] y = new double[z.n()];
        double shrink = Math.sqrt((z.n() - 1.0) / z.n());
        for (int k = 0; k < z.n(); k++) {
            for (int j = 0; j < z.d(); j++) {
                x[k][j] = z.x(k, j) * shrink;
            }
            y[k] = z.y(k);
        }
        assertThat(CvxRelu.zScoredFeatures(Dataset.of(x, y))).isTrue();

        SolveResult routed = CvxRelu.solve(raw, 0.1, defaults.withStandardize(true));
        SolveResult listed = CvxRelu.solve(raw, 0.1, defaults.withStandardize(true).withEnumerate(true));
        assertThat(routed.lowerBoundScope()).isEqualTo(CvxRelu.GLOBAL_SCOPE);
        assertThat(routed.certified()).isTrue();
        assertThat(routed.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(listed.exact()).isTrue();
        assertThat(listed.certified()).isTrue();
        assertThat(routed.lowerBound()).isLessThanOrEqualTo(listed.objective() * (1 + 1e-12));
        assertThat(listed.lowerBound()).isLessThanOrEqualTo(routed.objective() * (1 + 1e-12));
    }

    /**
     * A search that runs out of its node budget settles nothing: the arrangement is then enumerated, from the
     * generated answer, and the answer is exact and certified over every cell. Checked against the route's own
     * answer, certified by branch and bound instead: two independent proofs, so each lower bound is below the other
     * answer's objective and the two optima agree within the sum of their gaps.
     */
    @Test
    void aSearchOutOfItsBudgetFallsBackToTheEnumeration() {
        Dataset raw = HabermanLike.rows(80, 11);
        SolveOptions options = SolveOptions.defaults().withStandardize(true);
        SolveResult routed = CvxRelu.solve(raw, 0.1, options);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        long saved = CvxRelu.globalPricingNodes;
        SolveResult fallen;
        try {
            CvxRelu.globalPricingNodes = 200;
            fallen = CvxRelu.solve(raw, 0.1, options.withSettings(options.settings().withProgress(lines::add)));
        } finally {
            CvxRelu.globalPricingNodes = saved;
        }
        assertThat(routed.lowerBoundScope()).isEqualTo(CvxRelu.GLOBAL_SCOPE);
        assertThat(routed.certified()).isTrue();
        assertThat(lines).anyMatch(l -> l.startsWith("exact pricing by branch and bound") && l.contains(", nodes, "));
        assertThat(lines).anyMatch(l -> l.contains("did not settle"));
        assertThat(fallen.exact()).isTrue();
        assertThat(fallen.certified()).isTrue();
        assertThat(fallen.lowerBoundScope()).isEqualTo("all patterns");
        assertThat(fallen.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(fallen.lowerBound()).isLessThanOrEqualTo(routed.objective());
        assertThat(routed.lowerBound()).isLessThanOrEqualTo(fallen.objective());
        assertThat(fallen.objective()).isCloseTo(routed.objective(),
                within((routed.relativeGap() + fallen.relativeGap()) * routed.objective()));
    }

    /**
     * {@code solve --global-seconds} when the continued generation cannot settle (its searches limited to 20 nodes):
     * the better of the two answers is kept, with L_β of its own net, and gets the bound of
     * {@link CvxRelu#withGlobalBound}, never above teacher_n30_d2's optimum (instances/optima.csv, upper end of its
     * certified bracket).
     */
    @Test
    void anUnsettledGlobalSearchKeepsTheBetterAnswerAndBoundsIt() {
        Dataset data = org.cvxrelu.data.CsvDataReader.read(java.nio.file.Path.of("instances/teacher_n30_d2.csv"));
        double beta = 0.1;
        SolveOptions options = SolveOptions.defaults().withPatterns(new PatternOptions(true, null, 0, 300));
        SolveResult r = CvxRelu.solve(data, beta, options);
        long saved = CvxRelu.globalPricingNodes;
        SolveResult g;
        try {
            CvxRelu.globalPricingNodes = 20;
            g = CvxRelu.withGlobalSearch(data, beta, options, r, 8);
        } finally {
            CvxRelu.globalPricingNodes = saved;
        }
        assertThat(g.stats()).containsEntry("globalSearchSettled", false);
        assertThat(g.objective()).isLessThanOrEqualTo(r.objective());
        assertThat(g.net().objective(data, beta)).isCloseTo(g.objective(), within(1e-9 * g.objective()));
        assertThat(g.certified()).isTrue();
        assertThat(g.lowerBoundScope()).isEqualTo(CvxRelu.GLOBAL_SCOPE);
        assertThat(g.lowerBound()).isLessThanOrEqualTo(0.388425510621 * (1 + 1e-12));
        assertThat(g.stats()).containsKeys("searchNodes", "patternLowerBound");
        // here the continued answer is the better one (0.38842551 against 0.38847905), and says why it stopped
        assertThat(g.objective()).isLessThan(r.objective());
        assertThat(g.reason()).contains("ended unsettled (a search out of its node budget)");
        assertThat((Integer) g.stats().get("globalPricings")).isPositive();
    }

    /**
     * A route answer cut by its time limit keeps a pattern-level bound that a pricing cut by the same deadline left
     * loose; the last search's proven ĉ, carried to the answer's net, bounds P* itself and replaces it when higher
     * ({@link CvxRelu#withCarriedBound}). Here: the route's certified answer on the 90-row regression table, given a
     * weak pattern-level bound by hand (0.5) and a pricer that searched at its own net. The carried bound is global,
     * replaces 0.5 (kept as {@code patternLowerBound}) and lies below the enumeration's certified objective
     * (1.6240252485134608, as in the test above). A pricer that never searched proves nothing and changes nothing.
     */
    @Test
    void aRouteCutByItsClockGetsTheLastSearchsBoundCarriedToItsAnswer() {
        Dataset raw = org.cvxrelu.data.CsvDataReader.read(
                java.nio.file.Path.of("src/test/resources/regression/route_cycle_n90_d3.csv"));
        SolveResult settled = CvxRelu.solve(raw, 0.1, SolveOptions.defaults().withStandardize(true));
        Dataset posed = settled.net().scaling().orElseThrow().apply(raw);
        SolveResult cut = new SolveResult(settled.net(), settled.objective(), settled.convexObjective(), 0.5,
                (settled.objective() - 0.5) / settled.objective(), false, false, "generated patterns",
                settled.patterns(), settled.program(), settled.solution(), settled.solver(), false,
                settled.outerIterations(), settled.workingSetSize(), settled.seconds(), settled.stats(),
                "pattern generation priced by branch and bound ended unsettled (the time limit): optimal over the "
                        + "found patterns only to the gap shown; certified gap 6.9e-01 is above the target 1.0e-06: "
                        + "the time limit of 1.00 s was reached");
        org.cvxrelu.solver.BranchAndBoundPricer idle = new org.cvxrelu.solver.BranchAndBoundPricer(posed, 0.1,
                org.cvxrelu.solver.SolverSettings.defaults());
        assertThat(CvxRelu.withCarriedBound(cut, idle, 1e-6)).isSameAs(cut);
        org.cvxrelu.solver.BranchAndBoundPricer searched = new org.cvxrelu.solver.BranchAndBoundPricer(posed, 0.1,
                org.cvxrelu.solver.SolverSettings.defaults());
        searched.price(settled.net().withScaling(null), 0.1 * (1 + 1e-6));
        SolveResult carried = CvxRelu.withCarriedBound(cut, searched, 1e-6);
        assertThat(carried.lowerBoundScope()).isEqualTo(CvxRelu.GLOBAL_SCOPE);
        assertThat(carried.certified()).isTrue();
        assertThat(carried.lowerBound()).isGreaterThan(1.6).isLessThanOrEqualTo(1.6240252485134608);
        assertThat(carried.relativeGap()).isLessThan(1e-5);
        assertThat(carried.stats()).containsEntry("patternLowerBound", 0.5);
        // the ĉ it is formed with: the search's own (carried to the same net, no shift), at least β at an optimum
        assertThat((Double) carried.stats().get("dualConstantBound")).isEqualTo(searched.lastBound())
                .isGreaterThanOrEqualTo(0.1 * (1 - 1e-9));
        assertThat(carried.reason()).doesNotContain("certified gap 6.9e-01");
        assertThat(carried.net().info()).containsEntry("lowerBound", carried.lowerBound());
        // a net whose fit moved (every output weight up by 1e-4): the carried bound pays Σ|Δλ_k|‖x̃_k‖, the search's
        // own bound holds for it as it is, and the searched λ goes with it as its dual witness
        java.util.List<org.cvxrelu.net.Neuron> moved = new java.util.ArrayList<>();
        for (org.cvxrelu.net.Neuron nu : settled.net().neurons()) {
            moved.add(new org.cvxrelu.net.Neuron(nu.u(), nu.alpha() * (1 + 1e-4)));
        }
        org.cvxrelu.net.ReluNet other = settled.net().withNeurons(moved);
        SolveResult cutOther = new SolveResult(other, other.objective(posed, 0.1), settled.convexObjective(), 0.5,
                0.7, false, false, "generated patterns", settled.patterns(), settled.program(), settled.solution(),
                settled.solver(), false, 1, 1, 1.0, settled.stats(), null);
        assertThat(searched.boundFor(other.withScaling(null)).value()).isLessThan(searched.searchedBound().value());
        SolveResult byWitness = CvxRelu.withCarriedBound(cutOther, searched, 1e-6);
        assertThat(byWitness.lowerBound()).isEqualTo(searched.searchedBound().value())
                .isLessThanOrEqualTo(1.6240252485134608);
        assertThat(org.cvxrelu.net.NetFile.witness(byWitness.net()).orElseThrow())
                .containsExactly(searched.lastLambda());
        // and the witness's bound is what every cell priced at that λ proves (to the search's tolerance)
        org.cvxrelu.certify.NetCertificate enumerated = org.cvxrelu.certify.NetCertificate.of(posed, other, 0.1,
                org.cvxrelu.patterns.Patterns.of(posed, org.cvxrelu.patterns.PatternOptions.exact(true)), false,
                searched.lastLambda());
        assertThat(enumerated.certified()).isTrue();
        assertThat(byWitness.lowerBound()).isLessThanOrEqualTo(enumerated.lowerBound() + 1e-6 * byWitness.objective());
    }
}

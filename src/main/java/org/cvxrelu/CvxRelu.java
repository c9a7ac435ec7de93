package org.cvxrelu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.certify.NetCertificate;
import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.optimal.NetStructure;
import org.cvxrelu.optimal.NetToConvex;
import org.cvxrelu.optimal.Pruning;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.ConeSolver;
import org.cvxrelu.solver.ConvergenceDiagnosis;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.SolverSettings;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.WorkingSetSolver;
import org.cvxrelu.solver.AdamSeeds;
import org.cvxrelu.solver.BranchAndBoundPricer;
import org.cvxrelu.solver.RowSpread;
import org.cvxrelu.solver.ColumnGeneration;
import org.cvxrelu.solver.Progress;

/**
 * The library's front door. Solve a data set to its certified global optimum in a few lines:
 * <pre>{@code
 *   Dataset data = CsvDataReader.read(Path.of("instances/teacher_n30_d2.csv"));
 *   SolveResult result = CvxRelu.solve(data, 0.1, SolveOptions.defaults());
 *   ReluNet net = result.net();          // L_β(net) == result.objective()
 *   double gap = result.relativeGap();   // ≤ 1e-6, certified over every pattern
 * }</pre>
 */
public final class CvxRelu {
    private CvxRelu() {
    }

    /**
     * The global optimum of L_β on {@code data} via the convex program over the chosen patterns; with
     * {@link SolveOptions#standardize()} on the z-scores of {@code data} (the objective and bounds on that scale,
     * the scaling recorded in the net).
     */
    public static SolveResult solve(Dataset data, double beta, SolveOptions options) {
        return solve(data, beta, options, null);
    }

    /**
     * As {@link #solve(Dataset, double, SolveOptions)}, warm-started from {@code init} (or null): the patterns
     * D(u_j) of its neurons are put into the program, so the answer's objective is never above L_β(init).
     *
     * <p>The stages, in order: the patterns; the convex program over them; the working-set loop; a first-order
     * finish when that loop stops short of the target gap; the net made minimal (pruning, and one re-solve from
     * the pruned support); the warm start's net when it is better; the lower bound (for a sampled solve, its net
     * re-priced over the exact arrangement when that fits the budget). Progress goes to
     * {@link SolverSettings#progress()}; nothing is printed.
     *
     * <p>When the exact arrangement does not fit the pattern budget and no sampling was asked for, the
     * patterns are generated ({@link ColumnGeneration}), seeded by {@code init} and by Adam runs ({@link AdamSeeds}); the
     * answer is then optimal over the patterns generated, and no global lower bound is claimed. The same holds
     * when a time limit passes during the exact enumeration: that enumeration ends, and the answer comes from the
     * Adam runs trained beside it.
     *
     * <p>When the arrangement fits but is large ({@link #GLOBAL_PRICING_MIN_CELLS} cells or more by Cover's bound,
     * or {@link #GLOBAL_PRICING_MIN_CELLS_ZSCORED} when the features are z-scores: {@link #largeInFewDimensions})
     * in few dimensions (r ≤ {@link #GLOBAL_PRICING_MAX_R}), the patterns are generated too, but priced over every
     * cell at once by branch and bound once the heuristic search finds nothing ({@link BranchAndBoundPricer});
     * when that search proves the answer optimal to the target gap, the answer is certified over every pattern
     * (scope {@link #GLOBAL_SCOPE}, {@code exact} false: not every cell was listed). Otherwise (a search out of its
     * node budget) the arrangement is enumerated after all, from the generated answer. That route is taken up to
     * {@link #GLOBAL_PRICING_MAX_ROWS} rows when r &gt; 2 ({@link #takesTheRoute}); a larger table gets the budgeted
     * generation of an arrangement that does not fit.
     */
    public static SolveResult solve(Dataset data, double beta, SolveOptions options, ReluNet init) {
        return solve(data, beta, options, init, true);
    }

    /**
     * As above; without {@code rowLimit} a fitting arrangement that is large in few dimensions takes the
     * branch-and-bound route whatever its rows ({@link #optimumSearch}, whose lower bound must not depend on the
     * clock where the arrangement fits).
     */
    private static SolveResult solve(Dataset data, double beta, SolveOptions options, ReluNet init,
            boolean rowLimit) {
        BadInputException.positiveBeta(beta);
        long t0 = System.nanoTime();
        options = options.withSettings(options.settings().startClock()); // one deadline for every stage
        InputScaling scaling = options.standardize() ? InputScaling.standardize(data, true) : null;
        Dataset posed = scaling != null ? scaling.apply(data) : data; // z-scores; the net records the scaling
        warmUpLinearAlgebra();
        ConeSolver backend = ConeSolvers.byName(options.solver());
        SolverSettings settings = options.settings();
        checkInitFits(init, posed.r(options.patterns().bias()));
        if (java.util.Arrays.stream(posed.targets()).allMatch(v -> v == 0)) { // every target zero
            return zeroTargets(posed, beta, options, backend, t0, scaling);
        }
        // Cover's bound on the arrangement (computed once: it decides the paths below)
        java.math.BigInteger cells = options.patterns().sampling() ? null
                : Patterns.estimate(posed.design(options.patterns().bias()));
        if (cells != null && cells.compareTo(java.math.BigInteger.valueOf(options.patterns().maxPatterns())) > 0) {
            return generated(posed, beta, options, init, backend, t0, scaling);
        }

        java.util.concurrent.CompletableFuture<AdamSeeds.Seeds> adamSeeds = null;
        boolean fewDimensions = globalPricingFits(posed, cells, options, backend);
        boolean route = fewDimensions && (!rowLimit || routeRows(posed, options));
        if (fewDimensions && !route) {
            // too many rows for the route's certificate to come at a cost near Adam's: the budgeted generation
            settings.progress().report(String.format("the arrangement has up to %s cells in r = %d, and %d rows: "
                    + "generating patterns within a budget (the branch-and-bound route certifies up to %d rows; "
                    + "--global-seconds S continues with it)", cells, posed.r(options.patterns().bias()), posed.n(),
                    GLOBAL_PRICING_MAX_ROWS));
            return generated(posed, beta, options, init, backend, t0, scaling, null);
        }
        if (route) {
            // a large arrangement in few dimensions: generated patterns, priced over every cell at once by branch
            // and bound, instead of enumerating and pricing the cells one by one
            settings.progress().report(String.format("the arrangement has up to %s cells in r = %d: generating "
                    + "patterns, priced over every cell by branch and bound",
                    cells, posed.r(options.patterns().bias())));
            AdamSeeds.Seeds seeds = AdamSeeds.start(posed, beta, options.patterns().bias(), options.patterns().seed(),
                    AdamSeeds.EXACT_PATH_STEPS, seedStop(settings, backend)).join();
            // rows whose directions crowd on the sphere because raw columns lie far from zero: a search would not
            // settle in its node budget (BENCHMARKS §45), so the generated answer goes to the enumeration without one
            String unsearched = searchSkipped(posed, options.patterns().bias());
            BranchAndBoundPricer pricer = unsearched != null
                    ? BranchAndBoundPricer.notSearching(posed, beta, settings, unsearched)
                    : new BranchAndBoundPricer(posed, beta, settings, globalPricingNodes);
            SolveResult searched = generated(posed, beta, options, init, backend, t0, scaling, seeds, pricer);
            if (searched.certified()) {
                return searched;
            }
            if (settings.expired()) {
                return withCarriedBound(searched, pricer, settings.relativeGap());
            }
            // not settled within the search's node budget: the enumeration, from the generated answer (no worse
            // than the warm start, which it was seeded with)
            settings.progress().report("branch and bound did not settle the generated answer: enumerating the "
                    + "arrangement");
            init = searched.net();
            adamSeeds = java.util.concurrent.CompletableFuture.completedFuture(seeds);
        }
        // the exact arrangement's first working set comes partly from Adam runs: started now, beside the
        // enumeration; under a time limit they are also the answer when the limit cuts the enumeration short
        // (for every backend: without them a first-order backend would answer with the zero net)
        if (adamSeeds == null) {
            adamSeeds = !options.patterns().sampling()
                && (backend.usesWorkingSet() || settings.timeLimitSeconds() > 0) ? AdamSeeds.start(posed, beta,
                        options.patterns().bias(), options.patterns().seed(), AdamSeeds.EXACT_PATH_STEPS,
                        seedStop(settings, backend)) : null;
        }
        // 1. the patterns D_i: every cell of the arrangement, or a sample (plus the warm start's)
        settings.progress().phase(Progress.PATTERNS);
        PatternSet patterns;
        try {
            patterns = withNetPatterns(Patterns.of(posed, options.patterns(), settings::expired), posed, init);
        } catch (java.util.concurrent.CancellationException e) {
            // the time limit passed before every cell was found: the answer comes from the Adam runs trained
            // beside the enumeration, through the generated path with the time left (none), not certified
            settings.progress().report("the time limit passed during the exact enumeration: answering from the "
                    + "Adam seeds (generated patterns, not certified)");
            return generated(posed, beta, options, init, backend, t0, scaling,
                    adamSeeds != null ? adamSeeds.join() : null);
        }
        settings.progress().report("patterns: " + patterns.size() + " (" + patterns.mode() + ")");
        // 2. the convex program P_c over them
        ConeProgram program = new ConeProgram(posed, patterns, beta, options.nonnegativeOutput());
        // 3. solved by the working-set loop, certified by its own pricing
        WorkingSetSolver.Outcome out = WorkingSetSolver.solve(program, backend, settings,
                seedGroups(program, init, backend.usesWorkingSet() ? adamSeeds : null));
        Object loopStop = out.stats().get("outerStoppedBy"); // a loop that stopped for want of progress says so
        // 4. continued by the first-order backend when the loop stopped short of the target gap
        out = finishWithFirstOrder(program, out, backend, settings);
        // 5. made minimal: pruned, re-solved from the pruned support when pruning alone loses the gap
        settings.progress().phase(Progress.PRUNING);
        out = minimal(program, out, backend, settings);
        // 6. never worse than the warm start
        if (init != null) {
            out = noWorseThanSeeds(program, out, List.of(init), settings);
        }
        // 7. the lower bound: over every pattern, re-priced over the exact arrangement for a sampled solve
        LowerBound bound = lowerBound(posed, beta, options, patterns, out);

        double gap = DualBound.relativeGap(out.objective(), bound.value());
        double seconds = (System.nanoTime() - t0) / 1e9;
        String reason = ConvergenceDiagnosis.explain(program, out.objective(), out.relativeGap(), settings, seconds);
        if (reason == null && gap > settings.relativeGap()) {
            reason = ConvergenceDiagnosis.missedCells(gap, settings.relativeGap(), patterns.size());
        }
        if (reason != null && loopStop != null) {
            reason += "; the working-set loop stopped: " + loopStop + " (a longer --time-limit does not lift that stop)";
        }
        Map<String, Object> info = netInfo(out.objective(), bound.value(), gap, bound.certified(), scaling, patterns,
                Map.of(), backend, posed);
        withWitness(info, out, program);
        return new SolveResult(out.net().withInfo(info).withScaling(scaling), out.objective(), out.convexObjective(),
                bound.value(), gap, patterns.exact(), bound.certified(), bound.scope(), patterns, program,
                out.solution(), backend.name(), reason == null, out.outerIterations(), out.workingSetSize(), seconds,
                out.stats(), reason);
    }

    /**
     * Targets that are all zero (a constant target once standardised: a table of one class): L_β ≥ 0 for every
     * net and the zero net attains 0, so it is the global optimum, certified with the lower bound 0 over every
     * pattern and net width. Without this the generated path's restricted solves, seeded by Adam nets of tiny
     * non-zero weights, stalled next to that optimum (objective 1.5e-7, "gap 1", blamed on degenerate data).
     */
    private static SolveResult zeroTargets(Dataset data, double beta, SolveOptions options, ConeSolver backend,
            long t0, InputScaling scaling) {
        boolean bias = options.patterns().bias();
        PatternSet none = PatternSet.of(data.n(), data.r(bias), bias, false, List.of(), List.of(),
                "none (the targets are all zero: the zero net is optimal)");
        ConeProgram program = new ConeProgram(data, none, beta, options.nonnegativeOutput());
        ConvexSolution zero = ConvexSolution.zero();
        Map<String, Object> info = netInfo(0.0, 0.0, 0.0, true, scaling, none, Map.of(), backend, data);
        options.settings().progress().report("the targets are all zero: the zero net is optimal (L_beta = 0)");
        return new SolveResult(zero.toNet(program).withInfo(info).withScaling(scaling), 0.0, 0.0, 0.0, 0.0, false,
                true, ALL_PATTERNS, none, program, zero, backend.name(), true, 0, 0, (System.nanoTime() - t0) / 1e9,
                Map.of(), null);
    }

    /**
     * The largest r = d + 1 (with the bias) for which an arrangement that fits is solved by generated patterns
     * priced by branch and bound ({@link BranchAndBoundPricer}) rather than enumerated: the search's nodes grow
     * steeply with r. Measured in BENCHMARKS §18.
     */
    public static final int GLOBAL_PRICING_MAX_R = 5;
    /**
     * Arrangements of fewer cells (Cover's bound, {@link Patterns#estimate}) are enumerated unless their features
     * are z-scores ({@link #GLOBAL_PRICING_MIN_CELLS_ZSCORED}): on raw columns the enumeration and its pricing are
     * then as fast as a search, and the answer is exact. Measured in BENCHMARKS §18 and §22.
     */
    public static final long GLOBAL_PRICING_MIN_CELLS = 100_000;
    /**
     * From this many cells the route is taken too when the features are z-scores ({@link #zScoredFeatures}, as
     * {@code --standardize} makes them). Measured (BENCHMARKS §22) on standardised tables of 25,000–100,000 cells:
     * 1.5–4.6× faster than listing every cell on 13 of 15, and certified to 1e-6 where the enumeration's restricted
     * solves stalled above it (91,652 cells by Cover's bound, 82,818 exact: 3.8e-6 enumerated, 3.1e-7 routed); on
     * raw integer columns the search
     * needs 8–15× the nodes (the rows' directions crowd on the sphere), so those are still enumerated below
     * {@link #GLOBAL_PRICING_MIN_CELLS}. Below this many cells both ways take about a second or two and listing
     * every cell keeps the answer exact (the shipped instances of 19,840 and 21,806 cells among them).
     */
    public static final long GLOBAL_PRICING_MIN_CELLS_ZSCORED = 25_000;
    /**
     * The most rows for which {@link #solve} takes the branch-and-bound route; a larger table whose arrangement would
     * take it gets the budgeted generation of a table whose arrangement does not fit (not certified; {@code
     * --global-seconds S} continues it on the route). The route's rounds and its restricted solves (m·n² per
     * interior-point iteration) grow faster with n than Adam's time. Measured (BENCHMARKS §28, z-scored tables in
     * two features, whole process, route / budgeted generation / Adam ×5): 250 rows 4.9 / 1.7 / 3.4 s, 300 rows 8.3 /
     * 2.1 / 3.5 s, 400 rows 31 / 2.4–2.5 / 4.5 s, 700 rows 260 / 4.6–5.0 / 8.1 s, each generated objective below
     * Adam ×5's; on real columns 1.3–2.2× Adam ×5's time at 200 rows, 2.5–4.4× at 300, 5–13× above 390.
     * Only two-feature tables come near it within the pattern budget: three features reach 2,000,000 cells at about
     * 180 rows (the issue-12 integer subsets of 100–150 rows stay on the route). r = 2 (one feature with the bias)
     * has no such limit: there the optimum has few neurons, and the route certified 20,000 rows in 0.56× Adam ×5's
     * time (§23).
     */
    public static final int GLOBAL_PRICING_MAX_ROWS = 300;
    /**
     * The node budget of each branch-and-bound search on that route ({@link BranchAndBoundPricer#NODES}); tests
     * lower it to force the fallback to the enumeration.
     */
    static volatile long globalPricingNodes = BranchAndBoundPricer.NODES;

    /**
     * Whether an exact solve of {@code data}, whose arrangement has at most {@code cells} cells by Cover's bound
     * ({@link Patterns#estimate}), takes the branch-and-bound route (see {@link #GLOBAL_PRICING_MAX_R}).
     */
    static boolean globalPricingFits(Dataset data, java.math.BigInteger cells, SolveOptions options,
            ConeSolver backend) {
        return !options.enumerate() && !options.patterns().sampling()
                && branchAndBoundPrices(data.r(options.patterns().bias()), options, backend)
                && largeInFewDimensions(data, options.patterns().bias(), cells);
    }

    /**
     * Whether {@link #solve} takes the branch-and-bound route: {@link #globalPricingFits}, and r = d + 1 ≤ 2 (one
     * feature with the bias) or at most {@link #GLOBAL_PRICING_MAX_ROWS} rows (more go to the budgeted generation).
     */
    static boolean takesTheRoute(Dataset data, java.math.BigInteger cells, SolveOptions options, ConeSolver backend) {
        return globalPricingFits(data, cells, options, backend) && routeRows(data, options);
    }

    /** r ≤ 2 or at most {@link #GLOBAL_PRICING_MAX_ROWS} rows: the route's side of {@link #takesTheRoute}. */
    private static boolean routeRows(Dataset data, SolveOptions options) {
        return data.r(options.patterns().bias()) <= 2 || data.n() <= GLOBAL_PRICING_MAX_ROWS;
    }

    /**
     * Whether generated patterns in r dimensions can be priced by branch and bound ({@link BranchAndBoundPricer}):
     * r ≤ {@link #GLOBAL_PRICING_MAX_R}, a working-set backend, free output signs. The route of {@link #solve},
     * the continuation of {@link #withGlobalSearch}, and the hint of a budgeted generation's warning all ask it.
     */
    static boolean branchAndBoundPrices(int r, SolveOptions options, ConeSolver backend) {
        return r <= GLOBAL_PRICING_MAX_R && backend.usesWorkingSet() && !options.nonnegativeOutput();
    }

    /**
     * Whether an arrangement of at most {@code cells} cells (Cover's bound) in r dimensions is large
     * ({@link #GLOBAL_PRICING_MIN_CELLS}) in few dimensions ({@link #GLOBAL_PRICING_MAX_R}), whatever the features'
     * scale. {@code solve} and {@code certify} ask {@link #largeInFewDimensions(Dataset, boolean,
     * java.math.BigInteger)}, which adds z-scored features from {@link #GLOBAL_PRICING_MIN_CELLS_ZSCORED} cells.
     */
    public static boolean largeInFewDimensions(int r, java.math.BigInteger cells) {
        return r <= GLOBAL_PRICING_MAX_R && cells.compareTo(java.math.BigInteger.valueOf(GLOBAL_PRICING_MIN_CELLS)) >= 0;
    }

    /**
     * As {@link #largeInFewDimensions(int, java.math.BigInteger)} for {@code data} (as posed, with or without the
     * bias column): also from {@link #GLOBAL_PRICING_MIN_CELLS_ZSCORED} cells when its features are z-scores.
     */
    public static boolean largeInFewDimensions(Dataset data, boolean bias, java.math.BigInteger cells) {
        int r = data.r(bias);
        return largeInFewDimensions(r, cells) || r <= GLOBAL_PRICING_MAX_R
                && cells.compareTo(java.math.BigInteger.valueOf(GLOBAL_PRICING_MIN_CELLS_ZSCORED)) >= 0
                && zScoredFeatures(data);
    }

    /**
     * Why the branch and bound over the sphere is not run on {@code data} (as posed, with or without the bias
     * column), or null when it is: its rows' directions crowd on the sphere ({@link RowSpread} below
     * {@link RowSpread#ROUTE_MIN}) and its features are not z-scores ({@link #zScoredFeatures}), so the crowding
     * comes from columns far from zero. No raw table whose rows crowd so settled in a search of 1,000,000 nodes
     * (BENCHMARKS §45). Z-scored features crowd only where columns are nearly collinear; there the search is run:
     * it settled on two of six such standardised tables, 85.7 → 19.7 s and 86.9 → 11.2 s, and cost 6–16 s more
     * before the enumeration on the others (§48). {@code solve}'s route and {@code certify} ask it; a routing
     * choice only, no bound depends on it.
     */
    public static String searchSkipped(Dataset data, boolean bias) {
        double spread = RowSpread.of(data.design(bias));
        if (!(spread < RowSpread.ROUTE_MIN) || zScoredFeatures(data)) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "the rows' directions crowd on the sphere "
                + "(spread %.2g < %.2g): columns far from zero, which --standardize centres; a search would not "
                + "settle", spread, RowSpread.ROUTE_MIN);
    }

    /**
     * Whether every feature column of {@code data} is a z-score: mean within 0.1 of 0 and standard deviation (over
     * n) within 0.1 of 1, as {@code --standardize} makes them (exactly) or a user's own z-scores with the n − 1
     * convention (within 2.6 % from 20 rows). A constant column (which {@code --standardize} only centres, sd 0)
     * is not a z-score, so such a table keeps the {@link #GLOBAL_PRICING_MIN_CELLS} rule. Then the rows x̃ = (x, 1) spread over the sphere and the branch
     * and bound over it needs few nodes; raw columns far from 0 crowd the rows' directions together.
     */
    static boolean zScoredFeatures(Dataset data) {
        int n = data.n();
        for (int j = 0; j < data.d(); j++) {
            double mean = 0;
            for (int k = 0; k < n; k++) {
                mean += data.x(k, j);
            }
            mean /= n;
            double var = 0;
            for (int k = 0; k < n; k++) {
                double e = data.x(k, j) - mean;
                var += e * e;
            }
            double sd = Math.sqrt(var / n);
            if (!(Math.abs(mean) <= 0.1 && Math.abs(sd - 1) <= 0.1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first working set of an exact arrangement's solve: the groups (D(u_j), sign α_j) of the neurons of
     * Adam runs ({@link AdamSeeds}, trained beside the enumeration) and of the warm
     * start, to which the loop adds the n most violated groups at W = 0. Those alone are a poor start: on degenerate tables the objective
     * halves over ten rounds, each one interior-point solve over hundreds of groups; the seeds' patterns are near
     * an optimal support. Measured (BENCHMARKS §9): auto_mpg rows 1–120 14.6 s → 4.0 s, diabetes and haberman
     * rows 1–120 within ±10 %, linnerud unchanged. Deterministic for a fixed seed.
     */
    static List<Group> seedGroups(ConeProgram program, ReluNet init,
            java.util.concurrent.CompletableFuture<AdamSeeds.Seeds> adamSeeds) {
        PatternSet patterns = program.patterns();
        List<ReluNet> nets = new ArrayList<>();
        if (init != null) {
            nets.add(init);
        }
        if (adamSeeds != null) {
            nets.addAll(adamSeeds.join().nets());
        }
        double[][] design = program.design();
        java.util.Set<Group> out = new java.util.LinkedHashSet<>();
        for (ReluNet net : nets) {
            for (org.cvxrelu.net.Neuron nu : net.neurons()) {
                if (nu.alpha() == 0 || nu.inputNorm() == 0 || nu.alpha() < 0 && program.nonnegativeOutput()) {
                    continue;
                }
                int i = patterns.indexOf(PatternSet.maskOf(design, nu.u()));
                if (i >= 0) {
                    out.add(new Group(i, nu.alpha() > 0 ? 1 : -1));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** A BadInputException when the warm start's neurons do not have the r weights the data need. */
    private static void checkInitFits(ReluNet init, int r) {
        if (init != null && init.neurons().stream().anyMatch(nu -> nu.r() != r)) {
            throw new BadInputException("the initial net's neurons have " + init.neurons().get(0).r()
                    + " weights, the data need " + r);
        }
    }

    // ---- stage 1: patterns ----

    /** {@code patterns} with the patterns D(u_j) of {@code net}'s neurons added (an exact set already has them). */
    static PatternSet withNetPatterns(PatternSet patterns, Dataset data, ReluNet net) {
        if (net == null || patterns.exact()) {
            return patterns;
        }
        double[][] design = data.design(patterns.bias());
        List<long[]> masks = new ArrayList<>();
        List<double[]> witnesses = new ArrayList<>();
        java.util.Set<List<Long>> seen = new java.util.HashSet<>();
        for (int i = 0; i < patterns.size(); i++) {
            masks.add(patterns.mask(i));
            witnesses.add(patterns.witness(i));
            seen.add(key(patterns.mask(i)));
        }
        for (org.cvxrelu.net.Neuron nu : net.neurons()) {
            if (nu.alpha() == 0 || nu.inputNorm() == 0) {
                continue;
            }
            long[] m = PatternSet.maskOf(design, nu.u());
            if (seen.add(key(m))) {
                masks.add(m);
                witnesses.add(nu.u());
            }
        }
        return PatternSet.of(patterns.n(), patterns.r(), patterns.bias(), false, masks, witnesses, patterns.mode());
    }

    private static List<Long> key(long[] m) {
        List<Long> k = new ArrayList<>(m.length);
        for (long w : m) {
            k.add(w);
        }
        return k;
    }

    // ---- stage 4: first-order finish ----

    /** Groups up to which an unfinished working-set answer is handed to the first-order backend. */
    static final int FINISH_GROUPS = 5000;
    /** Longest first-order finish without a time limit (with one, the finish gets the time left, at most this). */
    static final double FINISH_SECONDS = 30;

    /**
     * When the working-set loop stops short of the target gap (its restricted solves stall, as on data with
     * many repeated values), the first-order backend continues from its answer over every group, with its
     * own certified-gap stopping rule, for at most FINISH_SECONDS and never past the solve's deadline. The better certified answer is
     * kept. Skipped for large pattern sets, where one first-order certificate is expensive.
     */
    private static WorkingSetSolver.Outcome finishWithFirstOrder(ConeProgram program, WorkingSetSolver.Outcome out,
            ConeSolver backend, SolverSettings settings) {
        if (out.converged() || !backend.usesWorkingSet() || program.groupCount() > FINISH_GROUPS
                || !ConeSolvers.names().contains("fista") || settings.expired()) {
            return out;
        }
        List<Group> all = program.groups();
        double[][] start = new double[all.size()][];
        for (int j = 0; j < all.size(); j++) {
            double[] b = out.solution().block(all.get(j));
            start[j] = b != null ? b : new double[program.r()];
        }
        settings.progress().phase(Progress.FIRST_ORDER);
        settings.progress().report("working set stopped at gap " + String.format("%.2e", out.relativeGap())
                + ": continuing with the first-order backend");
        GroupSolution sol = ConeSolvers.byName("fista").solve(new GroupProblem(program, all, start),
                settings.atMost(FINISH_SECONDS)); // within the solve's deadline, if it has one
        ConvexSolution w = WorkingSetSolver.purify(program, all, sol.w(), 1e-9);
        WorkingSetSolver.Outcome o = WorkingSetSolver.certify(program, w, program.beta(), out.outerIterations(),
                out.workingSetSize(), out.backendIterations() + sol.iterations(), System.nanoTime(), out.stats(),
                settings.relativeGap());
        return o.relativeGap() < out.relativeGap() ? o : out;
    }

    // ---- stage 5: minimal net (prune, re-solve) ----

    /**
     * The loop's net made minimal (Mishkin and Pilanci): same-sign neurons sharing a closed cone merged and
     * linearly dependent fits pruned ({@link Pruning}, steps 1–3); neither step can raise the objective. The pruned
     * support then seeds the working-set loop once more, so the answer is again certified by its own
     * residual; it replaces the loop's answer when that certificate still meets the target. Last, neurons whose fits
     * are dependent to rounding ({@link #withoutNearlyDependent}).
     */
    private static WorkingSetSolver.Outcome minimal(ConeProgram program, WorkingSetSolver.Outcome out,
            ConeSolver backend, SolverSettings settings) {
        // a sampled program's bound is not the one reported (lowerBound prices the net's own residual over the
        // arrangement): there the pruned net keeps needing its own certificate
        boolean witnessed = program.patterns().exact();
        return withoutNearlyDependent(program, exactlyMinimal(program, out, backend, settings, witnessed), settings,
                false, witnessed);
    }

    /**
     * The answer with neurons whose fits are dependent to rounding pruned ({@link Pruning}'s step 4: an
     * interior-point answer splits an optimal neuron on a cell boundary in two, and keeps small neurons in directions
     * no optimum uses; no step raises L_β by more than 1e-12 relative), certified by its own residual; the answer as
     * it was when that misses the target (the larger of the settings' and the answer's gap), when the pruned net's
     * objective is above the answer's, after the time limit, or when the answer is unfinished and
     * {@code evenUnfinished} is false. No re-solve: cheap enough for the generated path too, whose answers are
     * unfinished when the generation stops at its budget.
     * <p>
     * Step 4 moves the fit a little, and λ with it, so the pruned net's own bound can be much lower than the
     * answer's while its objective is lower too (yacht's generated answer: gap 8.6e-7; the pruned net's own 2.4e-4,
     * against the answer's bound 5.2e-7). With {@code borrowBound} the answer's bound is kept when higher (both are
     * priced over the same program), and its λ goes in the net file as the dual witness that `certify` prices
     * too: where no later step re-derives the bound from the net's own residual (the exact path, the generated
     * path; not a sampled solve, whose bound is re-priced over the arrangement from the net).
     */
    static WorkingSetSolver.Outcome withoutNearlyDependent(ConeProgram program, WorkingSetSolver.Outcome out,
            SolverSettings settings, boolean evenUnfinished, boolean borrowBound) {
        int width = out.net().width();
        if ((!evenUnfinished && !out.converged()) || width < 2 || width > 20 * program.n() || settings.expired()) {
            return out;
        }
        // on an exact program with borrowing, the lean net takes the answer's bound unpriced (see pruned)
        WorkingSetSolver.Outcome lean = pruned(program, out, settings, true,
                !(borrowBound && program.patterns().exact()));
        if (lean == null || !(lean.objective() <= out.objective() * (1 + 1e-12))) {
            return out;
        }
        if (borrowBound) {
            lean = withBetterBound(lean, out, settings.relativeGap());
        }
        return lean.relativeGap() <= Math.max(settings.relativeGap(), out.relativeGap()) ? lean : out;
    }

    /** Outer iterations of {@code exactlyMinimal}'s re-solve from the pruned support, at most. */
    static final int MINIMAL_RESOLVE_OUTER = 4;

    /**
     * The answer pruned to a minimal net, certified by its own residual, else (with {@code witnessed}) by the
     * answer's λ as its dual witness, else re-solved from the pruned support; the answer itself when none meets the
     * target. An unfinished answer (above the target) is pruned only with {@code witnessed}, before the time limit,
     * and never re-solved. The route ({@link #globallyCertified}) asks with witnesses, then carries its search's bound
     * to each candidate net.
     */
    private static WorkingSetSolver.Outcome exactlyMinimal(ConeProgram program, WorkingSetSolver.Outcome out,
            ConeSolver backend, SolverSettings settings, boolean witnessed) {
        int width = out.net().width();
        // an unfinished answer is returned as it is where pruning it costs more than it gives: after the time limit,
        // or where no answer's bound can certify the pruned net. On an exact program that bound can: an answer that
        // stopped above the target at the interior-point method's rounding floor (a raw 153-row table: gap 2.3e-6,
        // 404 neurons; BENCHMARKS §48) is pruned too, and keeps its gap
        boolean unfinished = !out.converged();
        if (unfinished && (!witnessed || settings.expired()) || width > 20 * program.n()) {
            return out;
        }
        if (width == 0 || (width <= program.n() && NetStructure.of(program.data(), program.beta(), out.net()).minimal())) {
            return out; // minimal, and no more neurons than samples (wider nets have dependent fits to prune)
        }
        double target = Math.max(settings.relativeGap(), out.relativeGap());
        WorkingSetSolver.Outcome pruned = pruned(program, out, settings, false, !witnessed);
        if (pruned != null && pruned.relativeGap() <= target) {
            return pruned;
        }
        if (pruned != null && witnessed) {
            // pruning moved the fit by rounding, and λ with it: on raw columns far from zero the pruned net's own
            // bound can fall far below the answer's (a 137-row table: 495 → 73 neurons, own gap 5.5e-2 against
            // 8.4e-7; BENCHMARKS §47). The answer's bound holds for the same program whatever the net, and the pruned
            // objective is no higher, so the pruned net is certified by the answer's λ, recorded in its net file as
            // the dual witness that certify prices beside the net's own residual
            // (converged only where it meets the settings' target: an unfinished answer's pruned net stays unfinished)
            WorkingSetSolver.Outcome byAnswer = withBetterBound(pruned, out, settings.relativeGap());
            if (byAnswer.relativeGap() <= target) {
                return byAnswer;
            }
        }
        if (pruned == null || !backend.usesWorkingSet() || unfinished) {
            return out;
        }
        // the pruned net's certificate missed the target: its support, re-solved and re-priced, then pruned once more.
        // The re-solve starts at the optimum's support and needs one or two outer iterations where it helps; where it
        // does not, the restricted solves are at their rounding floor and it would price every pattern again and
        // again to no avail (a raw 137-row table: 15 outer iterations, 33 s, the answer unchanged; BENCHMARKS §45)
        WorkingSetSolver.Outcome resolved = WorkingSetSolver.solve(program, backend, settings,
                pruned.solution().support(), MINIMAL_RESOLVE_OUTER);
        WorkingSetSolver.Outcome resolvedPruned = resolved.converged() ? pruned(program, resolved, settings, false)
                : null;
        if (resolvedPruned != null && resolvedPruned.relativeGap() <= target) {
            return resolvedPruned;
        }
        boolean resolvedMeetsTarget = resolved.converged() && resolved.relativeGap() <= target
                && resolved.net().width() <= out.net().width();
        return resolvedMeetsTarget ? resolved : out;
    }

    /**
     * {@link Pruning} applied to the outcome's net, mapped back by φ and certified by its own residual; null
     * when pruning gains nothing or its net leaves the program's patterns.
     */
    private static WorkingSetSolver.Outcome pruned(ConeProgram program, WorkingSetSolver.Outcome out,
            SolverSettings settings, boolean nearlyDependent) {
        return pruned(program, out, settings, nearlyDependent, true);
    }

    /**
     * As above; with {@code priceOwn} false and the answer's pricing proven, the pruned net is not priced: it takes
     * the answer's bound and λ (its dual witness) at once ({@link WorkingSetSolver#withBoundOf}). Its objective is no
     * higher, so that bound certifies it at least as tightly as the answer, and pricing its own residual, one more
     * pass over every cell (2 s of 23 on a raw 120-row table of 366,978 cells), would only matter where pruning
     * lowered the objective by more than the gap. That holds for an answer within the target, and for an unfinished
     * one (which is past caring about a second pass, and may be near its time limit).
     */
    private static WorkingSetSolver.Outcome pruned(ConeProgram program, WorkingSetSolver.Outcome out,
            SolverSettings settings, boolean nearlyDependent, boolean priceOwn) {
        Pruning.Result p = Pruning.prune(program.data(), program.beta(), out.net(), nearlyDependent);
        if ((nearlyDependent && p.neuronsAfter() == out.net().width())
                || !(p.objective() <= out.objective() * (1 + 1e-12))) {
            return null;
        }
        java.util.Optional<ConvexSolution> covered = NetToConvex.phiIfCovered(program, p.net());
        if (covered.isEmpty()) {
            return null; // a merged neuron lies in a cell the sampled patterns missed: the loop's answer stands
        }
        ConvexSolution phi = covered.get();
        List<Group> support = phi.support();
        double[][] blocks = new double[support.size()][];
        for (int j = 0; j < support.size(); j++) {
            blocks[j] = phi.block(support.get(j));
        }
        ConvexSolution w = WorkingSetSolver.purify(program, support, blocks, 1e-12); // exactly inside the cones
        if (!priceOwn && out.priced() != null && out.priced().proven() && out.lambda() != null
                && (out.relativeGap() <= settings.relativeGap() || !out.converged())) {
            return WorkingSetSolver.withBoundOf(program, w, out, settings.relativeGap());
        }
        return WorkingSetSolver.certify(program, w, program.beta(), out.outerIterations(), out.workingSetSize(),
                out.backendIterations(), System.nanoTime(), out.stats(), settings.relativeGap());
    }

    // ---- stage 6: no worse than the warm start ----

    /**
     * The answer, or φ of the best seed net when that is better: the seeds' patterns are in the program, so
     * φ(seed) is feasible and the restricted optimum is no worse; this covers the backend's tolerance. A seed that
     * wins keeps the answer's lower bound when that one is proven and higher: both are dual bounds priced over
     * every pattern of the same program, so either bounds its optimum. (The route's generated answer, handed to
     * the enumeration as its warm start, may beat the enumerated answer by a hair while its own residual certifies
     * it less tightly: auto_mpg with four columns, rows 201–260, 1.4680689366 against 1.468069036, bounds
     * 1.46806601 against 1.468068134; gap 2.0e-6 before, 5.5e-7 with the answer's bound. BENCHMARKS §22.)
     */
    private static WorkingSetSolver.Outcome noWorseThanSeeds(ConeProgram program, WorkingSetSolver.Outcome out,
            List<ReluNet> seeds, SolverSettings settings) {
        WorkingSetSolver.Outcome best = out;
        for (ReluNet seed : seeds) {
            if (program.nonnegativeOutput() && seed.neurons().stream().anyMatch(nu -> nu.alpha() < 0)) {
                continue;
            }
            double value = seed.objective(program.data(), program.beta());
            if (!(value < best.objective())) {
                continue;
            }
            java.util.Optional<ConvexSolution> phi = NetToConvex.phiIfCovered(program, seed.scaled());
            if (phi.isEmpty()) {
                continue;
            }
            WorkingSetSolver.Outcome o = WorkingSetSolver.certify(program, phi.get(), program.beta(),
                    out.outerIterations(), out.workingSetSize(), out.backendIterations(), System.nanoTime(),
                    out.stats(), settings.relativeGap(), Integer.MAX_VALUE, settings.deadlineNanos());
            if (o.objective() < best.objective()) {
                best = o;
            }
        }
        return best == out ? out : withBetterBound(best, out, settings.relativeGap());
    }

    /**
     * {@code answer} with the lower bound of {@code other} when that one is proven (its pricing covered every
     * group of the program, rounding included) and higher; both must price the same program. The gap is
     * recomputed against the answer's own objective.
     */
    static WorkingSetSolver.Outcome withBetterBound(WorkingSetSolver.Outcome answer,
            WorkingSetSolver.Outcome other, double target) {
        if (!other.priced().proven() || !(other.lowerBound() > answer.lowerBound())) {
            return answer;
        }
        return answer.boundBy(other, target);
    }

    // ---- stage 7: the lower bound ----

    /** A lower bound on the optimum, whether it is proven for the global optimum, and over which patterns. */
    private record LowerBound(double value, boolean certified, String scope) {
    }

    /**
     * The lower bound of the answer. The loop's own bound is global when its patterns were exact and its price
     * bound proven (rounding included). A sampled solve is still certified globally when the exact arrangement
     * fits the pattern budget: its net is then priced over every cell ({@link NetCertificate}).
     */
    private static LowerBound lowerBound(Dataset data, double beta, SolveOptions options, PatternSet patterns,
            WorkingSetSolver.Outcome out) {
        if (patterns.exact()) {
            return new LowerBound(out.lowerBound(), out.priced().proven(), ALL_PATTERNS);
        }
        PatternOptions exact = new PatternOptions(options.patterns().bias(), null, 0, options.patterns().maxPatterns());
        if (!Patterns.exactFits(data.design(exact.bias()), exact.maxPatterns())) {
            return new LowerBound(out.lowerBound(), false, "sampled patterns");
        }
        options.settings().progress().phase(Progress.CERTIFICATE);
        NetCertificate cert = NetCertificate.of(data, out.net(), beta, Patterns.of(data, exact),
                options.nonnegativeOutput());
        return new LowerBound(cert.lowerBound(), cert.certified(), ALL_PATTERNS);
    }

    /**
     * Adds the outcome's λ to its net file's fields as the dual witness ({@link NetFile#WITNESS}) where its bound
     * was priced at another λ than its net's residual (a bound taken from the answer its net was pruned from, or
     * from the solve's answer for a better warm start): {@code certify} on the written net then prices that λ too,
     * and so reproduces the bound.
     */
    private static void withWitness(Map<String, Object> info, WorkingSetSolver.Outcome out, ConeProgram program) {
        double[] own = out.net().residuals(program.design(), program.y());
        if (out.lambda() != null && !java.util.Arrays.equals(out.lambda(), own)) {
            info.put(NetFile.WITNESS, out.lambda().clone());
        }
    }

    /**
     * The extra fields of the answer's net file (SPEC.md welcomes them): its objective and bounds, on which
     * scale, over which patterns, by which backend; {@code extra} goes after the pattern mode.
     */
    private static Map<String, Object> netInfo(double objective, double lowerBound, double gap, boolean certified,
            InputScaling scaling, PatternSet patterns, Map<String, Object> extra, ConeSolver backend, Dataset data) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("objective", objective);
        info.put("lowerBound", lowerBound);
        info.put("relativeGap", gap);
        info.put("certified", certified);
        info.put("scale", scaling != null ? "standardized" : "raw");
        info.put("patterns", patterns.size());
        info.put("mode", patterns.mode());
        info.putAll(extra);
        info.put("solver", backend.name());
        info.put("data", data.source());
        info.put("provenance", "cvxrelu solve");
        return info;
    }

    // ---- the generated-patterns path (the exact arrangement does not fit the budget) ----

    /**
     * The generated-patterns path: column generation seeded by {@code init} and full-batch Adam runs,
     * the answer made minimal, and never worse than a seed net. Optimal over the patterns generated; the
     * lower bound reported is the certificate over those patterns only (no global bound is claimed).
     */
    private static SolveResult generated(Dataset data, double beta, SolveOptions options, ReluNet init,
            ConeSolver backend, long t0, InputScaling scaling) {
        options.settings().progress().report("the exact arrangement does not fit " + options.patterns().maxPatterns()
                + " patterns: generating patterns (column generation)");
        return generated(data, beta, options, init, backend, t0, scaling, null);
    }

    /** As above, with the Adam seeds already trained ({@code trained}; null: trained here). */
    private static SolveResult generated(Dataset data, double beta, SolveOptions options, ReluNet init,
            ConeSolver backend, long t0, InputScaling scaling, AdamSeeds.Seeds trained) {
        return generated(data, beta, options, init, backend, t0, scaling, trained, null);
    }

    /**
     * As above; with {@code global} (non-null) the generation has no work budget and prices exactly by branch
     * and bound once its search finds nothing ({@link ColumnGeneration}), and an answer that search settles is
     * made minimal and certified over every pattern (scope {@link #GLOBAL_SCOPE}).
     */
    private static SolveResult generated(Dataset data, double beta, SolveOptions options, ReluNet init,
            ConeSolver backend, long t0, InputScaling scaling, AdamSeeds.Seeds trained,
            BranchAndBoundPricer global) {
        return generated(data, beta, options, init, backend, t0, scaling, trained, global, false);
    }

    /** As above; {@code clockBounded}: the generation is bounded by its time limit alone ({@link ColumnGeneration#solve}). */
    private static SolveResult generated(Dataset data, double beta, SolveOptions options, ReluNet init,
            ConeSolver backend, long t0, InputScaling scaling, AdamSeeds.Seeds trained,
            BranchAndBoundPricer global, boolean clockBounded) {
        SolverSettings settings = options.settings();
        boolean bias = options.patterns().bias();
        long seed = options.patterns().seed();
        List<ReluNet> seeds = new ArrayList<>();
        if (init != null) {
            seeds.add(init);
        }
        // K full Adam runs side by side (AdamSeeds); the best of them stands for "the Adam seed"
        AdamSeeds.Seeds adamSeeds = trained != null ? trained
                : AdamSeeds.train(data, beta, bias, seed, seedStop(settings, backend));
        double adamSeconds = adamSeeds.seconds();
        // no Adam runs (a generation continued from an answer, withGlobalSearch): the warm start stands in for them
        ReluNet adamNet = adamSeeds.nets().isEmpty() ? init : adamSeeds.nets().stream().min(
                java.util.Comparator.comparingDouble((ReluNet a) -> a.objective(data, beta))).orElseThrow();
        seeds.addAll(adamSeeds.nets());
        if (!adamSeeds.nets().isEmpty()) {
            settings.progress().report(String.format("Adam seeds: %d runs of width %d, %d steps, best objective %.10g "
                    + "in %.1f s", adamSeeds.nets().size(), adamSeeds.width(), adamSeeds.steps(),
                    adamNet.objective(data, beta), adamSeconds));
        }
        // Without a time limit the generation's budget is arithmetic, not seconds (so the answer stays deterministic)
        double workBudget = settings.timeLimitSeconds() > 0 || global != null ? 0 : adamSeeds.budget();
        ColumnGeneration.Outcome cg = ColumnGeneration.solve(data, beta, bias, options.nonnegativeOutput(), backend,
                settings, seeds, seed, workBudget, global, clockBounded);
        ConeProgram program = cg.program();
        // not made minimal here (the re-solves of that step cost as much as a generation round), only rid of
        // neurons whose fits are dependent to rounding
        WorkingSetSolver.Outcome best = noWorseThanSeeds(program, cg.outcome(), seeds, settings);
        WorkingSetSolver.Outcome out = global != null ? best // a global bound is derived from the net it returns
                : withoutNearlyDependent(program, best, settings, settings.timeLimitSeconds() <= 0, true);
        PatternSet patterns = cg.patterns();
        if (global != null && cg.settled()) {
            SolveResult certified = globallyCertified(data, beta, options, backend, t0, scaling, global, cg, out,
                    adamNet.objective(data, beta));
            if (certified != null) {
                return certified;
            }
        }

        Map<String, Object> info = netInfo(out.objective(), out.lowerBound(), out.relativeGap(), false, scaling,
                patterns, Map.of("startsWithoutViolator", cg.emptyStarts()), backend, data);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> stats = new LinkedHashMap<>(cg.stats());
        stats.put("generatedPatterns", patterns.size());
        stats.put("seededPatterns", cg.seededPatterns());
        stats.put("starts", cg.starts());
        stats.put("startsWithoutViolator", cg.emptyStarts());
        stats.put("searchExhausted", cg.exhausted());
        stats.put("adamSeedObjective", adamNet.objective(data, beta));
        stats.put("adamSeedSeconds", adamSeconds);
        stats.put("generationWorkBudget", workBudget);
        String stop = null; // why the generation itself ended short, when it did
        if (global != null) {
            // priced by branch and bound, and not settled: say which stop ended it
            stats.putAll(global.stats());
            String cause = cg.settled() ? "the minimal net's carried bound missed the target"
                    : String.valueOf(cg.stats().get("generationStoppedBy"));
            stop = String.format("pattern generation priced by branch and bound ended unsettled (%s): optimal over "
                    + "the %d patterns found only to the gap shown", cause, patterns.size());
        } else if (!cg.exhausted()) {
            String stoppedBy = String.valueOf(cg.stats().get("generationStoppedBy"));
            String budget = settings.timeLimitSeconds() > 0 ? "the time limit"
                    : AdamSeeds.GENERATION_BUDGET + " x one Adam run's arithmetic; --time-limit replaces it";
            stop = String.format("pattern generation stopped at %s while starts still found violated "
                    + "patterns%s: optimal over the %d patterns found only to the gap shown%s",
                    cg.roundLimit() ? "its round limit (" + stoppedBy + ")"
                            : "its budget (" + budget + ")",
                    branchAndBoundPrices(data.r(bias), options, backend)
                            ? " (--global-seconds S continues it with every pattern priced by branch and bound)" : "",
                    patterns.size(), best == cg.outcome() ? unsolved(best, beta) : "");
        }
        // The gap over the generated patterns is above the target when the generation stopped with patterns in its
        // store that the last restricted solve did not include (priced before the stop, or dropped from the working
        // set and violated again), or when that solve did not converge. Causes seen in the data (columns in
        // different units: "standardise") are kept beside the generation's own stop either way; "stalled" only
        // when the last restricted solve did stall (after converged solves it blamed solves that had not stalled).
        boolean lastSolved = Boolean.TRUE.equals(cg.stats().get("generationLastSolveConverged"));
        String diagnosis = stop != null && lastSolved
                ? ConvergenceDiagnosis.explainWithoutStall(program, out.objective(), out.relativeGap(), settings,
                        seconds)
                : ConvergenceDiagnosis.explain(program, out.objective(), out.relativeGap(), settings, seconds);
        String reason = stop == null ? diagnosis : withDiagnosis(stop, diagnosis);
        return new SolveResult(out.net().withInfo(info).withScaling(scaling), out.objective(), out.convexObjective(),
                out.lowerBound(),
                out.relativeGap(), false, false, ColumnGeneration.MODE, patterns, program, out.solution(),
                backend.name(), reason == null, out.outerIterations(), out.workingSetSize(), seconds, stats, reason);
    }

    /**
     * Where the gap over the found patterns comes from when the answer W leaves out the group that decides it: the
     * largest price c = max_{i,s} π_{i,s}(λ), π_{i,s}(λ) = ‖Π_{K_i}(s·X̃ᵀD_iλ)‖ at λ = y − f_W(X), which sets the
     * dual bound's scale t ≤ β/c, is above β and its group (i, s) is not in W's support
     * ({@link WorkingSetSolver#ZERO_BLOCK}): a group dropped from the last working set and violated again, the
     * other sign of a pattern found, or a pattern found after the last solve. Returns ", a group the answer leaves
     * out prices a found pattern at c/β beta (…)", or "" otherwise (also when the pricing was cut short, its c then
     * a cheap bound). Only c is reported: the pricing projects a group only while it can still raise c, so its
     * list of groups above β is not all of them. Only for the generation's own answer: {@code out.priced()} must
     * price {@code out.solution()} (a seed's answer carries the generation's pricing when that one's bound is
     * higher, {@code withBetterBound}). Full haberman, β = 0.1: 2.12 β; no group of the support above β.
     */
    static String unsolved(WorkingSetSolver.Outcome out, double beta) {
        if (out.priced() == null || !out.priced().complete() || out.solution() == null || !(out.c() > beta)) {
            return "";
        }
        Group argmax = out.priced().argmax();
        if (argmax == null || WorkingSetSolver.support(out.solution(), WorkingSetSolver.ZERO_BLOCK).contains(argmax)) {
            return "";
        }
        return String.format(Locale.ROOT, ", a group the answer leaves out prices a found pattern at %.3g beta "
                + "(dropped from the last working set, or found after the last restricted solve)", out.c() / beta);
    }

    /**
     * The reason of a generation that stopped short ({@code stop}) followed by the diagnosis of its gap
     * ({@code diagnosis}, null when there is none): raw data in different units slow the restricted solves, and
     * "standardise" must not be hidden behind the generation's budget.
     */
    static String withDiagnosis(String stop, String diagnosis) {
        return diagnosis == null ? stop : stop + "; " + diagnosis;
    }

    /**
     * The answer of a generation that branch and bound settled, made minimal ({@link #minimal}) and certified
     * over every pattern by the last search's bound carried to the minimal net
     * ({@link BranchAndBoundPricer#boundFor}); when that misses the target, the minimal net before
     * {@link #withoutNearlyDependent}, then the unpruned net, each with its own carried bound; null when none meets
     * it.
     */
    private static SolveResult globallyCertified(Dataset data, double beta, SolveOptions options,
            ConeSolver backend, long t0, InputScaling scaling, BranchAndBoundPricer global,
            ColumnGeneration.Outcome cg, WorkingSetSolver.Outcome settled, double adamObjective) {
        SolverSettings settings = options.settings();
        ConeProgram program = cg.program();
        settings.progress().phase(Progress.PRUNING);
        // pruned without re-solves: every candidate below is certified globally, by its own carried bound or by the
        // last search's λ as its dual witness, not by the generated patterns' bound
        WorkingSetSolver.Outcome exact = exactlyMinimal(program, settled, backend, settings, true);
        WorkingSetSolver.Outcome lean = withoutNearlyDependent(program, exact, settings, false, true);
        List<WorkingSetSolver.Outcome> candidates = new ArrayList<>(List.of(lean));
        if (exact != lean) {
            candidates.add(exact);
        }
        if (settled != exact) {
            candidates.add(settled);
        }
        // the leanest that meets the target, by its own carried bound (a net's λ moves with it, and its carried bound
        // with its λ) or by the last search's own bound, whose λ then goes in the net file as its dual witness
        // (`certify` on the written net prices it)
        WorkingSetSolver.Outcome out = null;
        DualBound bound = null;
        double[] witness = null;
        double gap = Double.NaN;
        for (WorkingSetSolver.Outcome candidate : candidates) {
            BranchAndBoundPricer.Witnessed b = global.bestBoundFor(candidate.net());
            double g = DualBound.relativeGap(candidate.objective(), b.bound().value());
            if (g <= settings.relativeGap()) {
                out = candidate;
                bound = b.bound();
                gap = g;
                witness = b.witness();
                break;
            }
        }
        if (out == null) {
            return null;
        }
        PatternSet patterns = cg.patterns();
        Map<String, Object> info = netInfo(out.objective(), bound.value(), gap, true, scaling, patterns,
                Map.of(), backend, data);
        info.put("lowerBoundScope", GLOBAL_SCOPE);
        if (witness != null) {
            info.put(NetFile.WITNESS, witness);
        }
        Map<String, Object> stats = new LinkedHashMap<>(cg.stats());
        stats.putAll(global.stats());
        stats.put("dualConstantBound", bound.c()); // the ĉ lowerBound uses: the last search's, carried to this net or at its own λ
        stats.put("generatedPatterns", patterns.size());
        stats.put("seededPatterns", cg.seededPatterns());
        stats.put("starts", cg.starts());
        stats.put("startsWithoutViolator", cg.emptyStarts());
        stats.put("adamSeedObjective", adamObjective);
        stats.put("patternLowerBound", out.lowerBound());
        stats.put("patternLowerBoundScope", ColumnGeneration.MODE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new SolveResult(out.net().withInfo(info).withScaling(scaling), out.objective(), out.convexObjective(),
                bound.value(), gap, false, true, GLOBAL_SCOPE, patterns, program, out.solution(), backend.name(), true,
                out.outerIterations(), out.workingSetSize(), seconds, stats, null);
    }

    // ---- issue 14: a global lower bound by branch and bound (used by `solve --global-seconds S`) ----

    /**
     * {@code result} with a lower bound proven over <em>every</em> pattern, for a solve whose arrangement did not
     * fit (generated or sampled patterns: its own bound holds over those patterns only). The answer's net, on
     * the scale it records, gets the dual bound of SPEC.md with c(λ) bounded by branch and bound over the sphere
     * ({@link org.cvxrelu.certify.GlobalCertificate}, at most {@code seconds} of search). When that bound is
     * proven it replaces the pattern-level one: {@code lowerBoundScope} "global (branch and bound)",
     * {@code certified} true, the gap recomputed, {@code converged} only if that gap meets {@code targetGap}; the
     * bound it replaced and the search's figures go into {@code stats}. An already globally certified result, an
     * unproven search, or r above {@link org.cvxrelu.certify.GlobalBound#MAX_R} leave the result as it was (the
     * attempt noted in stats).
     *
     * @param data the data as given to {@link #solve} (raw: the net's recorded scaling is applied)
     */
    public static SolveResult withGlobalBound(Dataset data, double beta, SolveResult result, double seconds,
            double targetGap) {
        // already proven over every pattern (enumerated, or searched to the target); a global bound carried from an
        // earlier search with the gap still open (withCarriedBound) gets the search, and keeps the higher of the two
        boolean carried = openGlobalBound(result, targetGap);
        if ((result.certified() && !carried) || !(seconds > 0)) {
            return result;
        }
        ReluNet net = result.net();
        Dataset posed = net.scaling().map(s -> s.apply(data)).orElse(data);
        Map<String, Object> stats = new LinkedHashMap<>(result.stats() == null ? Map.of() : result.stats());
        if (posed.r(net.bias()) > org.cvxrelu.certify.GlobalBound.MAX_R) {
            stats.put("globalBound", "not attempted: r = " + posed.r(net.bias()) + " > " + org.cvxrelu.certify.GlobalBound.MAX_R);
            return withStats(result, stats);
        }
        // a solve with output weights α ≥ 0 is bounded by c⁺(λ) = max g alone (its dual constraint), not by both signs
        boolean nonnegative = result.program() != null && result.program().nonnegativeOutput();
        org.cvxrelu.certify.GlobalCertificate cert = org.cvxrelu.certify.GlobalCertificate.of(posed, net, beta, seconds,
                Long.MAX_VALUE, 1e-6, nonnegative);
        org.cvxrelu.certify.GlobalBound.Result search = cert.search();
        stats.put("dualConstantBound", search.c());
        stats.put("dualConstantBest", search.best());
        stats.put("dualConstantGap", search.relativeGap());
        stats.put("searchNodes", search.nodes());
        stats.put("searchSeconds", search.seconds());
        stats.put("searchStoppedBy", search.stoppedBy());
        stats.put("searchDroppedNodes", search.droppedNodes());
        stats.put("searchComplete", search.complete());
        if (!cert.certified() || (carried && !(cert.lowerBound() > result.lowerBound()))) {
            stats.put("globalBound", cert.certified() ? "proven, below the carried bound" : "not proven");
            return withStats(result, stats);
        }
        return globallyBounded(result, cert.lowerBound(), stats, result.seconds() + search.seconds(), targetGap,
                String.format("the global lower bound (branch and bound, %.3g s)", seconds));
    }

    /**
     * Whether {@code r}'s bound is a global one proven over every pattern ({@link #GLOBAL_SCOPE}) with the gap still
     * above {@code targetGap}: a route cut by its time limit, carried from its last search ({@link #withCarriedBound}).
     */
    private static boolean openGlobalBound(SolveResult r, double targetGap) {
        return r.certified() && GLOBAL_SCOPE.equals(r.lowerBoundScope()) && !(r.relativeGap() <= targetGap);
    }

    /**
     * {@code result} with {@code lower}, a lower bound on P* proven over every pattern, as its bound (scope
     * {@link #GLOBAL_SCOPE}, certified, the gap recomputed; converged only if it meets {@code targetGap}, else
     * the reason names {@code source} unless the result had one already). The bound it replaces goes into the
     * stats as {@code patternLowerBound} when it was a pattern-level one (a global bound replaced by a higher one
     * leaves the pattern-level figure its stats hold already).
     */
    private static SolveResult globallyBounded(SolveResult result, double lower, Map<String, Object> resultStats,
            double seconds, double targetGap, String source) {
        return globallyBounded(result, lower, resultStats, seconds, targetGap, source, null);
    }

    /** As above, {@code witness} (null: none) written as the net's dual witness: the λ {@code lower} was priced at. */
    private static SolveResult globallyBounded(SolveResult result, double lower, Map<String, Object> resultStats,
            double seconds, double targetGap, String source, double[] witness) {
        Map<String, Object> stats = new LinkedHashMap<>(resultStats);
        if (!GLOBAL_SCOPE.equals(result.lowerBoundScope())) {
            stats.put("patternLowerBound", result.lowerBound());
            stats.put("patternLowerBoundScope", result.lowerBoundScope());
        }
        double objective = result.objective();
        double gap = DualBound.relativeGap(objective, lower);
        Map<String, Object> info = new LinkedHashMap<>(result.net().info());
        info.put("lowerBound", lower);
        info.put("relativeGap", gap);
        info.put("certified", true);
        info.put("lowerBoundScope", GLOBAL_SCOPE);
        if (witness != null) {
            info.put(NetFile.WITNESS, witness);
        }
        String reason = result.reason();
        if (gap > targetGap && reason == null) {
            reason = String.format("%s leaves a gap of %.3g", source, gap);
        } else if (reason != null) {
            reason = withGlobalGap(reason, gap, targetGap);
        }
        return new SolveResult(result.net().withInfo(info), objective, result.convexObjective(), lower, gap,
                result.exact(), true, GLOBAL_SCOPE, result.patterns(), result.program(), result.solution(),
                result.solver(), result.converged() && gap <= targetGap, result.outerIterations(),
                result.workingSetSize(), seconds, stats, reason);
    }

    /**
     * A route's answer cut by the time limit before a search settled it: its bound is the pattern-level one, from a
     * pricing the deadline may have cut too (full iris with {@code --max-patterns 10000000 --time-limit 15}: gap
     * 0.867, while {@code certify --global} on the same net gave 0.024). The last search's proven ĉ carried to the
     * answer's net ({@link BranchAndBoundPricer#boundFor}: c(λ') ≤ ĉ + Σ_k |λ'_k − λ_k|·‖x̃_k‖) bounds P* itself;
     * when it is the higher bound it replaces the pattern-level one ({@link #globallyBounded}: scope global, the
     * pattern-level bound kept as {@code patternLowerBound}). {@code result} itself otherwise, or when no search
     * proved a ĉ.
     */
    static SolveResult withCarriedBound(SolveResult result, BranchAndBoundPricer pricer, double targetGap) {
        // carried to the answer's net, or the search's own bound at the λ it searched when higher (that λ is then
        // the net's dual witness, which certify prices)
        BranchAndBoundPricer.Witnessed best = pricer.bestBoundFor(result.net().withScaling(null));
        DualBound bound = best.bound();
        double carried = bound.value();
        if (!(carried > result.lowerBound())) {
            return result;
        }
        Map<String, Object> stats = new LinkedHashMap<>(result.stats() == null ? Map.of() : result.stats());
        stats.put("dualConstantBound", bound.c()); // the ĉ the bound is formed with (carried, or the search's own)
        return globallyBounded(result, carried, stats, result.seconds(), targetGap, best.witness() != null
                ? "the last branch-and-bound search's bound" : "the last branch-and-bound search's bound, carried to the answer",
                best.witness());
    }

    /** ConvergenceDiagnosis's opening, "certified gap G is above the target T:", with the gap over the patterns. */
    private static final java.util.regex.Pattern PATTERN_GAP =
            java.util.regex.Pattern.compile("certified gap (\\S+)(?: over all patterns)? is above the target ([^:]+):");

    /**
     * A reason written for the gap over the result's patterns, restated for the global gap {@code gap} that replaces
     * it: the diagnosis's "certified gap G is above the target T:" would otherwise contradict the answer's own gap
     * (seen: "certified gap 9.07e-01" beside a global gap of 9.77e-05 after {@code --global-seconds}).
     */
    static String withGlobalGap(String reason, double gap, double targetGap) {
        java.util.regex.Matcher m = PATTERN_GAP.matcher(reason);
        if (!m.find()) {
            return reason;
        }
        String restated = gap > targetGap
                ? String.format(Locale.ROOT, "certified gap %.2e (global; over the patterns alone %s) is above the "
                        + "target %s:", gap, m.group(1), m.group(2))
                : String.format(Locale.ROOT, "the gap over the patterns alone was %s (the global bound closes it to "
                        + "%.2e, within the target %s):", m.group(1), gap, m.group(2));
        return reason.substring(0, m.start()) + restated + reason.substring(m.end());
    }

    /**
     * {@code solve --global-seconds S}: at most about {@code seconds} more spent on a global answer for a solve whose
     * arrangement did not fit, or that took the budgeted generation for its rows ({@link #takesTheRoute}). Where the branch-and-bound route prices well (generated patterns, r ≤
     * {@link #GLOBAL_PRICING_MAX_R}, a working-set backend, free output signs), the first
     * {@link #GLOBAL_SEARCH_SHARE} of the time continues the generation from {@code result}'s net with exact
     * pricing by branch and bound once the heuristic search finds nothing (as {@link #solve}'s route, but
     * without its enumeration: the arrangement does not fit); when a search settles the answer, it is the
     * certified global optimum (scope {@link #GLOBAL_SCOPE}, the target gap of {@code options}). Otherwise the
     * better of the two answers gets the bound of {@link #withGlobalBound} with the time left. Elsewhere
     * (sampled patterns, r above 5, …) it is {@link #withGlobalBound} with all of {@code seconds}.
     *
     * @param data    the data as given to {@link #solve} (raw: the net's recorded scaling is applied)
     * @param options the options {@code result} was solved with (backend, target gap, progress)
     */
    public static SolveResult withGlobalSearch(Dataset data, double beta, SolveOptions options, SolveResult result,
            double seconds) {
        // a bound proven over every pattern with the gap still open (a route cut by its time limit,
        // withCarriedBound) goes on: the continuation may find a better answer
        if ((result.certified() && result.relativeGap() <= options.settings().relativeGap()) || !(seconds > 0)) {
            return result;
        }
        long t0 = System.nanoTime();
        ReluNet net = result.net();
        InputScaling scaling = net.scaling().orElse(null);
        Dataset posed = scaling != null ? scaling.apply(data) : data;
        ConeSolver backend = ConeSolvers.byName(options.solver());
        double gap = options.settings().relativeGap();
        boolean routes = ColumnGeneration.MODE.equals(result.patterns().mode()) && net.bias() == options.patterns().bias()
                && branchAndBoundPrices(posed.r(net.bias()), options, backend);
        if (!routes) {
            return withGlobalBound(data, beta, result, seconds, gap);
        }
        // the route's clock: its own share of the seconds asked for, whatever limit the solve itself had
        SolverSettings settings = options.settings().withTimeLimit(GLOBAL_SEARCH_SHARE * seconds).startClock();
        settings.progress().report(String.format("--global-seconds: generation goes on for up to %.1f s, priced over "
                + "every pattern by branch and bound", GLOBAL_SEARCH_SHARE * seconds));
        SolveOptions routeOptions = options.withSettings(settings);
        ReluNet start = net.withScaling(null);
        // bounded by its clock alone: no round limit (haberman at S = 300 stopped at 100 rounds, 126 s), and a search
        // out of its nodes that found violators does not end it (BENCHMARKS §21)
        SolveResult routed = generated(posed, beta, routeOptions, start, backend, t0, scaling,
                new AdamSeeds.Seeds(List.of(), 0, 0, 0, 0), new BranchAndBoundPricer(posed, beta, settings,
                        globalPricingNodes), true);
        double routeSeconds = (System.nanoTime() - t0) / 1e9;
        // a settled answer's minimal net may be worse than the solve's own net, by up to the target gap; the
        // settled search bounds P* itself, so it then certifies the solve's net instead
        boolean settledWorse = routed.certified() && result.objective() < routed.objective();
        // the answer kept (the continued generation's, when it is better) with its own figures and the search's
        SolveResult kept = !settledWorse && (routed.certified() || routed.objective() < result.objective())
                ? routed : result;
        Map<String, Object> stats = new LinkedHashMap<>(kept.stats() == null ? Map.of() : kept.stats());
        if (kept == routed) {
            stats.remove("adamSeedObjective"); // no Adam runs in the continued generation (its seed was the answer)
            stats.remove("adamSeedSeconds");
        }
        stats.put("globalSearchSeconds", routeSeconds);
        stats.put("globalSearchSettled", routed.certified());
        stats.put("solveObjective", result.objective());
        stats.put("solveSeconds", result.seconds());
        double elapsed = result.seconds() + routeSeconds;
        if (settledWorse) {
            // the bound is priced at the settled net's λ (its witness, or its own residual): written with the better
            // answer as its dual witness, so that certify on it can find that bound again
            double[] settledLambda = NetFile.witnessOrResidual(routed.net(), posed);
            return globallyBounded(result, routed.lowerBound(), stats, elapsed, gap,
                    "the settled branch-and-bound search's bound", settledLambda);
        }
        kept = withStats(kept, stats, elapsed);
        if (routed.certified()) {
            return kept;
        }
        // the bound's share of the seconds, and at least a tenth of them when the generation ran over its own
        SolveResult bounded = withGlobalBound(data, beta, kept, Math.max(seconds - routeSeconds, 0.1 * seconds), gap);
        // a global bound the solve had already (carried from its last search, withCarriedBound) bounds P* whatever
        // the answer: it stays when the continuation's answer and bound end below it
        if (openGlobalBound(result, gap) && result.lowerBound() > bounded.lowerBound()) {
            return globallyBounded(bounded, result.lowerBound(),
                    bounded.stats() == null ? Map.of() : bounded.stats(), bounded.seconds(), gap,
                    "the solve's bound, carried from its last branch-and-bound search");
        }
        return bounded;
    }

    /**
     * A search for the global optimum of {@code data} (posed as given: no scaling is applied), started from
     * {@code start}, for a lower bound on P* that does not depend on how good {@code start} is: {@link #solve}
     * with {@code start} as its warm start (its patterns are in the program, so the answer is no worse than it),
     * then {@link #withGlobalSearch} with {@code seconds}: the solve's own time (no limit: an enumeration or the
     * branch-and-bound route, whatever the rows, when the arrangement fits; a budgeted generation when it does not),
     * then up to about {@code seconds} more. A
     * continuation that does not settle stops at its clock, so its answer and bound then depend on the machine's
     * speed. {@code certify --optimum-seconds} uses it: the bound from a net's own residual λ is weak when the net
     * is far from the optimum (c(λ) well above β), while the optimum's residual gives one close to P*. The
     * answer's {@code lowerBound} bounds P* only when {@link #boundsOptimum} says so; its {@code objective} is an
     * upper bound on P* either way (L_β of its net).
     *
     * @param maxPatterns the largest exact enumeration to attempt (as {@code --max-patterns})
     */
    public static SolveResult optimumSearch(Dataset data, double beta, ReluNet start, long maxPatterns, double seconds,
            Progress progress) {
        SolveOptions options = SolveOptions.defaults()
                .withPatterns(new PatternOptions(start.bias(), null, 0, maxPatterns))
                .withSettings(SolverSettings.defaults().withProgress(progress));
        SolveResult r = solve(data, beta, options, start.withScaling(null), false);
        return withGlobalSearch(data, beta, options, r, seconds);
    }

    /**
     * Whether {@code r}'s lower bound is proven over every pattern of the arrangement (every cell enumerated and
     * priced, or c(λ) bounded by branch and bound), and so a certified lower bound on the global optimum P*; a
     * bound over generated or sampled patterns only is not.
     */
    public static boolean boundsOptimum(SolveResult r) {
        return r.certified() && (GLOBAL_SCOPE.equals(r.lowerBoundScope()) || ALL_PATTERNS.equals(r.lowerBoundScope()));
    }

    /**
     * The share of {@code --global-seconds} that {@link #withGlobalSearch} gives the generation priced by branch and
     * bound; the rest (at least a tenth of the seconds) bounds the answer when that generation does not settle it.
     */
    static final double GLOBAL_SEARCH_SHARE = 0.75;

    /** The scope of a lower bound proven by {@link org.cvxrelu.certify.GlobalBound} (as {@code certify --global} reports it). */
    public static final String GLOBAL_SCOPE = "global (branch and bound)";
    /** The scope of a lower bound over every cell of an enumerated arrangement. */
    public static final String ALL_PATTERNS = "all patterns";

    private static SolveResult withStats(SolveResult r, Map<String, Object> stats) {
        return withStats(r, stats, r.seconds());
    }

    /** {@code r} with other stats and seconds, everything else as it is. */
    private static SolveResult withStats(SolveResult r, Map<String, Object> stats, double seconds) {
        return new SolveResult(r.net(), r.objective(), r.convexObjective(), r.lowerBound(), r.relativeGap(), r.exact(),
                r.certified(), r.lowerBoundScope(), r.patterns(), r.program(), r.solution(), r.solver(), r.converged(),
                r.outerIterations(), r.workingSetSize(), seconds, stats, r.reason());
    }

    /**
     * Under a time limit, the share of it that the Adam seeds leave to a first-order backend's first restricted
     * solve: that solve certifies its start (a certificate over every pattern of the round) before it can look at
     * the clock, so seeds run to the deadline left it after the deadline: full concrete, {@code --solver fista
     * --time-limit 3}, 3.27–3.45 s whole process, 3.09–3.17 s with this share (BENCHMARKS §34). Not for the
     * working-set backends: the interior-point method checks the clock before each iteration and, started at the
     * deadline, returns at once, while given a little time its first iteration can cost more than the share (full
     * breast_cancer, r = 31, at {@code --time-limit 5}: 0.54 s, 5.66–5.77 s whole process against 5.17–5.20 s).
     */
    static final double SEED_RESERVE = 0.05;

    /**
     * When the Adam seeds stop: at the deadline, and for a backend without a working set once less than
     * {@link #SEED_RESERVE} of the time limit is left.
     */
    static java.util.function.BooleanSupplier seedStop(SolverSettings settings, ConeSolver backend) {
        if (settings.timeLimitSeconds() <= 0 || backend.usesWorkingSet()) {
            return settings::expired;
        }
        double reserve = SEED_RESERVE * settings.timeLimitSeconds();
        return () -> settings.expired() || settings.secondsLeft() < reserve;
    }

    /**
     * ojAlgo's first matrix takes about 0.2 s to initialise its environment; doing that on a background
     * thread while the patterns are enumerated takes it off a short run's critical path.
     */
    private static void warmUpLinearAlgebra() {
        Thread t = new Thread(() -> org.ojalgo.matrix.store.R064Store.FACTORY.make(1, 1), "cvxrelu-ojalgo-init");
        t.setDaemon(true);
        t.start();
    }
}

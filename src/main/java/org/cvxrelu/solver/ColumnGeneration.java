package org.cvxrelu.solver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConeProjection;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternSet;

/**
 * Column generation over activation patterns, for data whose arrangement is too large to enumerate
 * (Pilanci and Ergen's program with the patterns generated as they are needed):
 * <ol>
 *   <li>Start from the patterns D(u_j) of the seed nets' neurons (a warm start, and Adam runs: {@link AdamSeeds}), so
 *       that the program contains φ(seed) and its optimum is no worse than any seed net.</li>
 *   <li>Solve the program over the patterns found so far with the working-set loop
 *       ({@link WorkingSetSolver}: restricted interior-point solves, every found pattern priced exactly).</li>
 *   <li>At λ = y − f(X) of that answer, search for patterns priced above β by {@link CellAscentPricer} from
 *       many starts: the answer's own neurons, the seed nets' neurons, random gates, and perturbations of the
 *       best points found; every new pattern whose ascent value exceeds β is added.</li>
 *   <li>Stop when no start finds a new violator (or at the time limit).</li>
 * </ol>
 * The answer is optimal (to the target gap) over every pattern found; the search is heuristic, so it is not
 * a certificate over all patterns: the result says "generated patterns", how many, and how many starts found
 * nothing.
 */
public final class ColumnGeneration {
    /** The mode name a generated pattern set carries. */
    public static final String MODE = "generated patterns";
    /** Random gate vectors per pricing round. */
    static final int RANDOM_STARTS = 64;
    /** Random starts (with exact steps) tried before the search is declared exhausted. */
    static final int DEEP_STARTS = 1024;
    /** Perturbations of each of the best few points per round. */
    static final int PERTURBATIONS = 8;
    /** How many of the best points are perturbed. */
    static final int PERTURBED = 8;
    /** A pattern is a violator when its ascent value exceeds β(1 + this). */
    static final double VIOLATION = 1e-6;
    /** The backend that retries a working set on which the interior-point run failed. */
    static final String FALLBACK = "fista";
    /** Iterations of that retry at most. */
    static final int FALLBACK_ITERATIONS = 500;
    /** New groups per round at most. */
    static final int MAX_ADD = 30;
    /** New groups of a last round that the budget left cannot afford MAX_ADD of, at least (else it is not made). */
    static final int MIN_ADD = MAX_ADD / 3;
    /** Rounds at most. */
    static final int MAX_ROUNDS = 100;
    /** Rounds in a row without a new pattern or an objective lower by {@link #IDLE_GAIN} that end the pricing. */
    static final int IDLE_ROUNDS = 2;
    /** What an idle round's objective fails to gain, relative. */
    static final double IDLE_GAIN = 1e-9;
    /**
     * Exact pricings in a row asked with the same answer (to the bit), the same found patterns and the same cone
     * descriptions (no row added by a cut round) as the one before, after which the generation ends instead of asking
     * again: the search would repeat its verdict. Only the heuristic rounds' random starts then differ; they can move
     * found patterns into the working set, whose solves have not changed the answer so far.
     */
    static final int REPEATED_PRICINGS = 2;

    private ColumnGeneration() {
    }

    /**
     * What generation ends with: the last restricted outcome over {@code patterns}, and the search's counts.
     *
     * @param exhausted whether generation ended because no violator was found (rather than at its budget)
     * @param settled whether the global pricer proved the last restricted answer optimal over every pattern
     * @param roundLimit whether generation ended at its round limit ({@link #MAX_ROUNDS}) with violators left
     */
    public record Outcome(WorkingSetSolver.Outcome outcome, ConeProgram program, PatternSet patterns, int rounds,
            int starts, int emptyStarts, int seededPatterns, boolean exhausted, boolean settled, boolean roundLimit,
            Map<String, Object> stats) {
    }

    /**
     * Generates patterns for {@code data} and solves over them.
     *
     * @param seeds nets whose neurons' patterns start the program (their answer bounds the result from above)
     * @param seed  seed of the random starts
     */
    public static Outcome solve(Dataset data, double beta, boolean bias, boolean nonnegativeOutput,
            ConeSolver backend, SolverSettings settings, List<ReluNet> seeds, long seed) {
        return solve(data, beta, bias, nonnegativeOutput, backend, settings, seeds, seed, 0);
    }

    /**
     * As above, stopping also before a round whose restricted solve (estimated by {@link #solveWork} at the
     * last solve's iteration count) would take the estimated arithmetic of the solves and searches past
     * {@code workBudget} (0: no such limit; the first solve, over the seeds' patterns, is always made). Unlike a time limit, this budget keeps the answer
     * deterministic for a fixed seed.
     */
    public static Outcome solve(Dataset data, double beta, boolean bias, boolean nonnegativeOutput,
            ConeSolver backend, SolverSettings settings, List<ReluNet> seeds, long seed, double workBudget) {
        return solve(data, beta, bias, nonnegativeOutput, backend, settings, seeds, seed, workBudget, null);
    }

    /**
     * As above, with an exact pricing step: when the heuristic search and the exact pricing of the found
     * patterns find no violator, the working set is re-solved once to the certificate's accuracy and then
     * {@code global} (null: none) is asked; the points it names are ascended to their cells and added, and
     * generation goes on; when it settles the answer, or runs out of its budget without settling, generation
     * ends there.
     */
    public static Outcome solve(Dataset data, double beta, boolean bias, boolean nonnegativeOutput,
            ConeSolver backend, SolverSettings settings, List<ReluNet> seeds, long seed, double workBudget,
            GlobalPricer global) {
        return solve(data, beta, bias, nonnegativeOutput, backend, settings, seeds, seed, workBudget, global, false);
    }

    /**
     * As above; {@code clockBounded}: the generation is bounded by its time limit alone (the continuation of
     * {@code solve --global-seconds}): no round limit ({@link #MAX_ROUNDS}; every round adds patterns or ends it,
     * and each costs a restricted solve), and a search out of its node budget that still found violators adds them
     * and generation goes on (otherwise, and without {@code clockBounded}, such a search ends it).
     */
    public static Outcome solve(Dataset data, double beta, boolean bias, boolean nonnegativeOutput,
            ConeSolver backend, SolverSettings settings, List<ReluNet> seeds, long seed, double workBudget,
            GlobalPricer global, boolean clockBounded) {
        long t0 = System.nanoTime();
        settings = settings.startClock(); // every restricted solve shares this deadline
        double[][] design = data.design(bias);
        int n = design.length;
        int r = design[0].length;
        Progress progress = settings.progress();
        SplittableRandom rng = new SplittableRandom(seed);
        Store store = new Store();
        List<double[]> seedDirections = new ArrayList<>();
        Set<Group> working = new LinkedHashSet<>();
        for (ReluNet net : seeds) {
            for (Neuron nu : net.neurons()) {
                double[] u = nu.u();
                if (nu.alpha() == 0 || CellAscentPricer.unit(u) == null || u.length != r
                        || (nonnegativeOutput && nu.alpha() < 0)) {
                    continue;
                }
                seedDirections.add(u);
                long[] mask = PatternSet.maskOf(design, u);
                store.add(mask, u);
                working.add(new Group(store.indexOf(mask), nu.alpha() > 0 ? 1 : -1));
            }
        }
        int seeded = store.size();
        CellAscentPricer pricer = new CellAscentPricer(design);
        int[] signs = nonnegativeOutput ? new int[] {1} : new int[] {1, -1};
        double threshold = beta * (1 + VIOLATION);
        // few groups per round: the restricted solve costs ~m²n(r+1)² (dense) or m·n²(r+1) (Schur) per iteration
        int maxAdd = MAX_ADD; // fewer in a last round that the budget cannot afford MAX_ADD of

        ConvexSolution w = ConvexSolution.zero();
        ConeProgram program = new ConeProgram(data, store.patternSet(n, r, bias), beta, nonnegativeOutput);
        int starts = 0;
        int empty = 0;
        int rounds = 0;
        boolean exhausted = false;
        boolean settled = false;
        int maxRounds = clockBounded ? Integer.MAX_VALUE : MAX_ROUNDS;
        String roundLimitStop = maxRounds + " rounds"; // every other stop sets its own and breaks out of the loop
        String stoppedBy = roundLimitStop; // what ended the generation (the stats' generationStoppedBy)
        int globalFound = 0;
        double searchSeconds = 0;
        double solveSeconds = 0;
        int backendIterations = 0;
        double work = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        int failedSolves = 0;
        int fallbacks = 0;
        String lastSolve = "";
        int lastIterations = 0;
        Map<String, Object> lastStats = Map.of();
        boolean lastConverged = true; // the restricted solve of the answer kept converged (none yet: nothing failed)
        // a restricted solve to about 1e-6 relative (the interior-point tolerance for a loose outer gap): a round
        // only needs λ accurate enough to price, and the final round is certified over the found set anyway
        SolverSettings inner = settings.withProgress(Progress.NONE).withRelativeGap(Math.max(settings.relativeGap(), 1e-2));
        // before the exact pricing step is asked, the restricted answer is solved to the certificate's accuracy: its
        // λ must price every found pattern below β(1 + ε), not only the new ones
        SolverSettings precise = settings.withProgress(Progress.NONE);
        boolean resolve = false; // the next round re-solves the same working set to the certificate's accuracy
        boolean accurate = global == null || settings.relativeGap() >= 1e-2; // inner is then as accurate as precise
        boolean resolving = false;
        double lastSolveSeconds = 0;
        int storeBefore = -1; // the found patterns and the objective when the last round priced
        double valueBefore = Double.POSITIVE_INFINITY;
        int idleRounds = 0;
        double pricedValue = Double.NaN; // the answer's objective and the found patterns at the last exact pricing
        int pricedStore = -1;
        long pricedRows = -1;
        int repeatedPricings = 0; // exact pricings in a row asked with both unchanged
        while (rounds < maxRounds) {
            if (rounds > 0 && settings.deadlineNanos() != 0 && settings.secondsLeft() < lastSolveSeconds) {
                // under a time limit a round is begun only when its restricted solve, about as long as the last
                // one, can end before the deadline (a backend that checks the clock per iteration, JOptimizer on
                // yacht, overran a 5 s limit by 0.5-1.1 s with a second round begun 0.4 s before it)
                stoppedBy = "the time limit";
                break;
            }
            rounds++;
            if (!working.isEmpty()) {
                List<Group> groups = new ArrayList<>(working);
                double[][] start = new double[groups.size()][];
                boolean anyWarm = false;
                for (int j = 0; j < groups.size(); j++) {
                    double[] b = w.block(groups.get(j));
                    start[j] = b != null ? b : new double[r];
                    anyWarm |= b != null;
                }
                long ts = System.nanoTime();
                GroupSolution sol = WorkingSetSolver.solveWithCuts(program, backend, groups, anyWarm ? start : null, inner);
                if (!anyWarm) {
                    start = null;
                }
                lastSolveSeconds = (System.nanoTime() - ts) / 1e9;
                solveSeconds += lastSolveSeconds;
                backendIterations += sol.iterations();
                lastIterations = sol.iterations();
                boolean candidateConverged = sol.converged();
                work += solveWork(groups.size(), n, r, sol.iterations()) + (rounds == 1 ? FIRST_SOLVE_WARM_UP : 0);
                lastStats = sol.stats();
                lastSolve = String.format(", restricted solve: %d groups, %d iterations, %s, %.2f s", groups.size(),
                        sol.iterations(), sol.status(), lastSolveSeconds);
                ConvexSolution candidate = WorkingSetSolver.purify(program, groups, sol.w(), WorkingSetSolver.KEEP_ALL);
                // the restricted optimum over a superset cannot be worse; a worse answer is a failed solve
                // (a stalled interior-point run), so the best answer so far is kept and generation goes on from it
                double value = candidate.toNet(program).objective(data, beta);
                // the accurate re-solve of an unchanged working set replaces the answer unless clearly worse: its λ is
                // the one the exact pricing step needs
                boolean sameSet = resolving && value <= bestValue + settings.relativeGap() * Math.abs(bestValue);
                resolving = false;
                if (!(value < bestValue) && !sameSet && w.cardinality() > 0 && backend.usesWorkingSet()
                        && ConeSolvers.names().contains(FALLBACK)) {
                    // the interior-point run failed on this working set (it stalls on some degenerate data):
                    // the first-order backend, warm-started from the best answer, retries it (an iteration
                    // limit, not a time limit, so that the answer stays deterministic)
                    GroupSolution retry = ConeSolvers.byName(FALLBACK).solve(new GroupProblem(program, groups, start),
                            inner.withMaxIterations(FALLBACK_ITERATIONS).withRelativeGap(1e-4));
                    ConvexSolution second = WorkingSetSolver.purify(program, groups, retry.w(), WorkingSetSolver.KEEP_ALL);
                    double v2 = second.toNet(program).objective(data, beta);
                    fallbacks++;
                    // first-order work: per iteration the fit products and a cone projection per block
                    work += Math.max(1, retry.iterations()) * 20.0 * groups.size() * n * r;
                    if (v2 < value) {
                        candidate = second;
                        value = v2;
                        candidateConverged = retry.converged();
                    }
                }
                if (value < bestValue || w.cardinality() == 0 || sameSet) {
                    w = candidate;
                    bestValue = value;
                    lastConverged = candidateConverged; // of the solve that gave the answer kept
                } else {
                    failedSolves++;
                }
            }
            ReluNet net = w.toNet(program);
            progress.report(String.format("generation round %d: %d patterns, working set %d, objective %.10g, %d neurons%s",
                    rounds, store.size(), working.size(), net.objective(data, beta), net.width(), lastSolve));
            // the budget is checked before a round, not after: the next restricted solve (the support and the new
            // groups, at the last solve's iteration count) must fit what is left of it; a last round takes as many
            // new groups as fit, down to MIN_ADD
            if (settings.expired()) {
                stoppedBy = "the time limit";
                break;
            }
            if (workBudget > 0) {
                maxAdd = groupsThatFit(workBudget - work, w.cardinality(), n, r, lastIterations);
                if (maxAdd < MIN_ADD) {
                    stoppedBy = "the work budget";
                    break;
                }
            }
            long tp = System.nanoTime();
            // a round that found no new pattern and did not lower the objective only moved groups in and out of the
            // working set: priced at a loosely solved λ, groups that the support had just dropped looked violated
            // again, and a 90-row integer table cycled so for 80 rounds (BENCHMARKS §29). After two such rounds in a
            // row the round counts as one that found nothing: the working set is re-solved to the certificate's
            // accuracy, and then the exact pricing step decides
            boolean idle = store.size() == storeBefore && !(bestValue < valueBefore - IDLE_GAIN * Math.abs(valueBefore));
            idleRounds = idle ? idleRounds + 1 : 0;
            storeBefore = store.size();
            valueBefore = bestValue;
            double[] lambda = net.residuals(design, data.targets());
            List<double[]> startPoints = new ArrayList<>();
            for (Neuron nu : net.neurons()) {
                startPoints.add(nu.u());
            }
            startPoints.addAll(seedDirections);
            for (int k = 0; k < RANDOM_STARTS; k++) {
                startPoints.add(gaussian(rng, r));
            }
            List<CellAscentPricer.Candidate> found = pricer.ascendAll(lambda, signs, startPoints, false);
            // perturbations of the best points reached
            List<CellAscentPricer.Candidate> best = new ArrayList<>(found);
            best.removeIf(c -> c == null);
            best.sort(Comparator.comparingDouble((CellAscentPricer.Candidate c) -> -c.value()));
            List<double[]> around = new ArrayList<>();
            for (int b = 0; b < Math.min(PERTURBED, best.size()); b++) {
                double[] wb = best.get(b).witness();
                for (int q = 0; q < PERTURBATIONS; q++) {
                    double scale = 0.05 * (1 + q);
                    double[] g = gaussian(rng, r);
                    double[] p = new double[r];
                    for (int j = 0; j < r; j++) {
                        p[j] = wb[j] + scale * g[j] / Math.sqrt(r);
                    }
                    around.add(p);
                }
            }
            List<CellAscentPricer.Candidate> all = new ArrayList<>(found);
            if (!around.isEmpty()) {
                all.addAll(pricer.ascendAll(lambda, signs, around, false));
            }
            int startCount = startPoints.size() + around.size();
            starts += startCount;
            work += searchWork(startCount * signs.length, n, r, false);
            // the violators outside the working set, one per (pattern, sign), most violated first
            Map<List<Long>, CellAscentPricer.Candidate> fresh = new HashMap<>();
            boolean[] startFound = new boolean[startCount];
            for (int t = 0; t < all.size(); t++) {
                CellAscentPricer.Candidate c = all.get(t);
                if (c == null || !(c.value() > threshold)) {
                    continue;
                }
                int index = store.indexOf(c.mask());
                if (index >= 0 && working.contains(new Group(index, c.sign()))) {
                    continue;
                }
                startFound[t / signs.length] = true;
                List<Long> key = patternAndSign(c);
                fresh.merge(key, c, (a, b) -> a.value() >= b.value() ? a : b);
            }
            for (boolean s : startFound) {
                if (!s) {
                    empty++;
                }
            }
            List<CellAscentPricer.Candidate> violators = new ArrayList<>(fresh.values());
            violators.sort(MOST_VIOLATED_FIRST);
            if (violators.isEmpty()) {
                // before giving up: many more random starts, with exact cell-maximiser steps (cheaper per violator
                // than the exact pricing step: without them, haberman rows 1–120 made 7–12 searches over every
                // cell instead of 2–3, BENCHMARKS §18)
                List<double[]> deep = new ArrayList<>();
                if (global != null && global.searches()) {
                    // on the route (a branch-and-bound search follows when these find nothing): the patterns just
                    // across the facets each neuron lies on, neurons in the net's order, up to DEEP_STARTS points. A
                    // restricted optimum's neuron lies on its cell's boundary where the unconstrained maximiser of its
                    // pattern's price lies outside the cell, so the pattern across is the likeliest violator; the
                    // searches met such violators only after most of their nodes (BENCHMARKS §50)
                    for (Neuron nu : net.neurons()) {
                        if (deep.size() >= DEEP_STARTS) {
                            break; // as many as the random deep starts at most (nets of hundreds of neurons)
                        }
                        deep.addAll(acrossFacets(design, nu.u()));
                    }
                }
                for (int k = 0; k < DEEP_STARTS; k++) {
                    deep.add(gaussian(rng, r));
                }
                starts += deep.size();
                work += searchWork(deep.size() * signs.length, n, r, true);
                List<CellAscentPricer.Candidate> more = pricer.ascendAll(lambda, signs, deep, true);
                boolean[] deepFound = new boolean[deep.size()];
                Map<List<Long>, CellAscentPricer.Candidate> extra = new HashMap<>();
                for (int t = 0; t < more.size(); t++) {
                    CellAscentPricer.Candidate c = more.get(t);
                    if (c == null || !(c.value() > threshold)) {
                        continue;
                    }
                    int index = store.indexOf(c.mask());
                    if (index >= 0 && working.contains(new Group(index, c.sign()))) {
                        continue;
                    }
                    deepFound[t / signs.length] = true;
                    List<Long> key = patternAndSign(c);
                    extra.merge(key, c, (x, y2) -> x.value() >= y2.value() ? x : y2);
                }
                for (boolean f2 : deepFound) {
                    if (!f2) {
                        empty++;
                    }
                }
                violators.addAll(extra.values());
                violators.sort(MOST_VIOLATED_FIRST);
            }
            List<Group> exactViolators = new ArrayList<>();
            if (violators.isEmpty()) {
                // no new pattern found: the found set itself, priced exactly, may still hold violators
                Pricing.Result priced = Pricing.price(program, lambda, threshold);
                for (Pricing.Price pr : priced.above()) {
                    if (!working.contains(pr.group()) && exactViolators.size() < maxAdd) {
                        exactViolators.add(pr.group());
                    }
                }
            }
            boolean idleStop = idleRounds >= IDLE_ROUNDS;
            if (idleStop) {
                violators.clear();
                exactViolators.clear();
                idleRounds = 0;
            }
            boolean none = violators.isEmpty() && exactViolators.isEmpty();
            if (none && global != null && !settings.expired() && !accurate) {
                // from now on every restricted answer to the certificate's accuracy, starting with this working set
                inner = precise;
                accurate = true;
                resolve = true;
            } else if (none && global != null && !settings.expired()) {
                // a search asked again with nothing changed since the last one (the same answer to the bit, no new
                // found pattern) repeats its verdict: its violators are all in the store, and the restricted solves
                // with them stall at the same answer. A 90-row table cycled so until its clock (rounds 27-103 of a
                // 46 s continuation, BENCHMARKS §31); after REPEATED_PRICINGS such searches the generation ends
                // (rows added to the patterns' cone descriptions by a restricted solve's cut rounds change the next
                // solve of the same working set, so they count as a change too)
                boolean unchanged = bestValue == pricedValue && store.size() == pricedStore
                        && program.patterns().solverRowsAdded() == pricedRows;
                repeatedPricings = unchanged ? repeatedPricings + 1 : 0;
                pricedValue = bestValue;
                pricedStore = store.size();
                pricedRows = program.patterns().solverRowsAdded();
                if (repeatedPricings >= REPEATED_PRICINGS) {
                    searchSeconds += (System.nanoTime() - tp) / 1e9;
                    stoppedBy = "no progress since the last branch-and-bound pricings (the same answer and found "
                            + "patterns " + (REPEATED_PRICINGS + 1) + " times: its violators are found, and the restricted "
                            + "solves with them stall)";
                    break;
                }
                // every pattern at once: a proof that none is left, or the one the search missed
                GlobalPricer.Verdict verdict = global.price(net, threshold);
                progress.report("exact pricing by branch and bound: " + verdict.summary());
                if (!verdict.settled() && !verdict.complete() && (!clockBounded || verdict.violators().isEmpty())) {
                    // out of budget: a later search would not settle either, and without a settled answer the caller
                    // enumerates; generation ends here (bounded by the clock alone, it goes on while the search
                    // still finds violators: the 4-column yacht table's global gap 0.0107 -> 0.0019, BENCHMARKS §21)
                    searchSeconds += (System.nanoTime() - tp) / 1e9;
                    stoppedBy = settings.expired() ? "the time limit"
                            : global.searches() ? "a search out of its node budget" : "no search: " + verdict.summary();
                    break;
                }
                if (verdict.settled()) {
                    settled = true;
                } else {
                    // each point the search found above β, ascended to its cell's maximiser; one per pattern and sign
                    List<GlobalPricer.Direction> points = new ArrayList<>(verdict.violators());
                    points.removeIf(d -> d.sign() < 0 && nonnegativeOutput);
                    CellAscentPricer.Candidate[] ascended = new CellAscentPricer.Candidate[points.size()];
                    double[] lam = lambda;
                    java.util.stream.IntStream.range(0, points.size()).parallel().forEach(t -> ascended[t] =
                            pricer.ascend(lam, points.get(t).sign(), points.get(t).u(), true));
                    Map<List<Long>, CellAscentPricer.Candidate> fromSearch = new java.util.LinkedHashMap<>();
                    for (CellAscentPricer.Candidate c : violators) {
                        List<Long> key = patternAndSign(c);
                        fromSearch.put(key, c);
                    }
                    int before = fromSearch.size();
                    for (CellAscentPricer.Candidate c : ascended) {
                        int index = c == null ? -1 : store.indexOf(c.mask());
                        if (c == null || !(c.value() > threshold)
                                || (index >= 0 && working.contains(new Group(index, c.sign())))) {
                            continue;
                        }
                        List<Long> key = patternAndSign(c);
                        fromSearch.merge(key, c, (x, y2) -> x.value() >= y2.value() ? x : y2);
                    }
                    globalFound += fromSearch.size() - before;
                    violators = new ArrayList<>(fromSearch.values());
                    violators.sort(MOST_VIOLATED_FIRST);
                }
            }
            searchSeconds += (System.nanoTime() - tp) / 1e9;
            if (resolve) {
                resolve = false;
                resolving = true;
                continue;
            }
            if (violators.isEmpty() && exactViolators.isEmpty()) {
                exhausted = true;
                stoppedBy = settled ? "settled by branch and bound"
                        : idleStop ? "no new pattern in " + IDLE_ROUNDS + " rounds" : "no new violator found";
                break;
            }
            // next working set: the support, and the most violated new groups
            Set<Group> next = new LinkedHashSet<>(WorkingSetSolver.support(w, WorkingSetSolver.ZERO_BLOCK));
            int before = store.size();
            for (int v = 0; v < Math.min(maxAdd, violators.size()); v++) {
                CellAscentPricer.Candidate c = violators.get(v);
                store.add(c.mask(), c.witness());
                next.add(new Group(store.indexOf(c.mask()), c.sign()));
            }
            next.addAll(exactViolators);
            working = next;
            if (store.size() != before) {
                PatternSet grown = store.patternSet(n, r, bias);
                grown.reuseSolverRows(program.patterns()); // the found patterns keep their index and their rows
                program = new ConeProgram(data, grown, beta, nonnegativeOutput);
            }
        }
        // the answer certified over every pattern found (exact pricing of the whole found set; past a time limit
        // no projection is made, and the bound, still proven, is the cheap one: a 5 s limit then ends within 5 %
        // of it on airfoil, where the full pricing with its exact refinements took 0.5 s more)
        WorkingSetSolver.Outcome out = WorkingSetSolver.certify(program, w,
                beta * (1 - WorkingSetSolver.NEAR_ACTIVE), rounds, working.size(), backendIterations, t0, lastStats,
                settings.relativeGap(), Integer.MAX_VALUE, settings.deadlineNanos());
        Map<String, Object> stats = new java.util.LinkedHashMap<>(out.stats());
        stats.put("generationRounds", rounds);
        stats.put("generationStoppedBy", stoppedBy);
        stats.put("generationWork", work);
        stats.put("generationWorseSolves", failedSolves);
        stats.put("generationFirstOrderRetries", fallbacks);
        stats.put("generationSearchSeconds", searchSeconds);
        stats.put("generationSolveSeconds", solveSeconds);
        stats.put("generationLastSolveConverged", lastConverged);
        if (global != null) {
            stats.put("globalPricingViolators", globalFound);
        }
        return new Outcome(out, program, program.patterns(), rounds, starts, empty, seeded, exhausted, settled,
                stoppedBy.equals(roundLimitStop), stats);
    }

    /**
     * Per group, sample, input and iteration, when the Newton system goes through its n × n Schur complement
     * (m(r+1) &gt; n): the interior-point method's work that grows with m·n·r (the Woodbury factor's loops over
     * each group's samples, the orthant's n inequalities per group and their Nesterov–Todd scalings, the
     * refinement solves), in floating-point operations of the Adam runs it is compared with. Measured
     * (2026-12-02, standardised tables, β = 0.1, restricted solve seconds over the seconds of one 4000-step
     * width-50 Adam run in the same process): yacht (n = 308) m = 97/149/200 groups at 46/50/69 iterations:
     * 1.75/1.65/5.4 runs; concrete (n = 1030) m = 100/150 at 44/60 iterations: 1.45/4.6 runs. The flop count of
     * the Schur complement alone (m·n²·(r+1)/4 per iteration) put yacht at a third of that.
     */
    static final double PER_GROUP_SAMPLE_SCHUR = 600;
    /**
     * The same when the Newton system is assembled densely (m(r+1) ≤ n: MᵀM formed once, the scaling blocks and
     * a Cholesky factorisation per iteration). Measured as above: airfoil (n = 1503, r = 6) m = 100 at 60
     * iterations: 0.84 runs, of which the (m(r+1))³/3 factorisations are about half.
     */
    static final double PER_GROUP_SAMPLE_DENSE = 100;

    /**
     * What the first restricted solve of a process costs beyond its arithmetic ({@link #solveWork}), in the same
     * operations: its code runs partly interpreted while the JIT compiles it. Measured (2026-12-03, iris, n = 100,
     * r = 5): the first solve, 88 groups and 23 iterations, took 0.57 s where {@link #solveWork} says 0.8 Adam runs
     * (0.24 s at 0.3 s a run), while the second, 108 groups and 29 iterations, took 0.32 s as the formula says;
     * the 0.3 s difference is about one Adam run at that size, 8·10⁸ operations. Counted once, so it weighs on
     * tables of about a hundred rows only (a twentieth of yacht's budget, less above).
     */
    static final double FIRST_SOLVE_WARM_UP = 8e8;

    /**
     * Estimated cost, in the floating-point operations of the Adam runs it is compared with
     * ({@link AdamSeeds#adamWork}), of an interior-point solve over m groups, per iteration: through the n × n
     * Schur complement when m(r+1) &gt; n, {@link #PER_GROUP_SAMPLE_SCHUR}·m·n·r + m·n²·(r+1)/4 (S = I + Σ_j
     * M_j B_j⁻¹ M_jᵀ over the ~n/2 active samples of each group); else {@link #PER_GROUP_SAMPLE_DENSE}·m·n·r +
     * (m(r+1))³/3 (the dense Cholesky factorisation). Calibrated on the measurements above to within ~30 %.
     */
    public static double solveWork(int m, int n, int r, int iterations) {
        double b = r + 1.0;
        double perIteration = m * b > n
                ? PER_GROUP_SAMPLE_SCHUR * m * (double) n * r + m * (double) n * n * b / 4
                : PER_GROUP_SAMPLE_DENSE * m * (double) n * r + Math.pow(m * b, 3) / 3;
        return perIteration * Math.max(1, iterations);
    }

    /**
     * The most new groups, at most {@link #MAX_ADD}, whose restricted solve with the {@code support} groups kept
     * ({@link #solveWork} at {@code iterations}) fits in {@code left}; 0 when none does.
     */
    static int groupsThatFit(double left, int support, int n, int r, int iterations) {
        return groupsThatFit(left, support, n, r, iterations, MAX_ADD);
    }

    /** As above, at most {@code most} new groups (the working-set loop's batches, {@code WorkingSetSolver}). */
    static int groupsThatFit(double left, int support, int n, int r, int iterations, int most) {
        int k = most;
        while (k > 0 && solveWork(support + k, n, r, iterations) > left) {
            k--;
        }
        return k;
    }

    /** At most this many start points across the facets of one neuron's cell ({@link #acrossFacets}). */
    static final int FACET_STARTS = 24;
    /** A hyperplane within this angle of a neuron (|x̃_kᵀû|/‖x̃_k‖) is a facet it lies on ({@link #acrossFacets}). */
    static final double FACET_ANGLE = 1e-9;

    /**
     * Start points on both sides of the hyperplanes that u lies on (|x̃_kᵀû|/‖x̃_k‖ ≤ {@link #FACET_ANGLE}, the
     * nearest first, one per distinct row, at most {@link #FACET_STARTS} points):
     * u − ((x̃_kᵀu) ± 1e-3·‖u‖‖x̃_k‖)/‖x̃_k‖²·x̃_k, u moved off hyperplane k by an angle of about 1e-3 either way,
     * and across no other hyperplane farther than that from u.
     */
    static List<double[]> acrossFacets(double[][] design, double[] u) {
        List<double[]> out = new ArrayList<>();
        double un = ConeProjection.norm(u);
        if (!(un > 0) || !Double.isFinite(un)) {
            return out;
        }
        int n = design.length;
        double[] dist = new double[n];
        double[] dots = new double[n];
        double[] norms = new double[n];
        List<Integer> near = new ArrayList<>(); // the rows within FACET_ANGLE of u (few)
        for (int k = 0; k < n; k++) {
            double d = 0;
            double nn = 0;
            for (int j = 0; j < u.length; j++) {
                d += design[k][j] * u[j];
                nn += design[k][j] * design[k][j];
            }
            dots[k] = d;
            norms[k] = Math.sqrt(nn);
            dist[k] = norms[k] > 0 ? Math.abs(d) / (norms[k] * un) : Double.POSITIVE_INFINITY;
            if (dist[k] <= FACET_ANGLE) {
                near.add(k);
            }
        }
        near.sort((a, b) -> dist[a] != dist[b] ? Double.compare(dist[a], dist[b]) : Integer.compare(a, b));
        List<double[]> taken = new ArrayList<>();
        for (int t = 0; t < near.size() && out.size() < FACET_STARTS; t++) {
            int k = near.get(t);
            boolean copy = false;
            for (double[] row : taken) {
                copy |= java.util.Arrays.equals(row, design[k]);
            }
            if (copy) {
                continue; // a repeated row: the same hyperplane
            }
            taken.add(design[k]);
            // u lies on the hyperplane to rounding, so which side is its own is not read off x̃_kᵀu: both sides
            for (int sigma = 1; sigma >= -1; sigma -= 2) {
                double step = (dots[k] + sigma * 1e-3 * un * norms[k]) / (norms[k] * norms[k]);
                double[] p = new double[u.length];
                for (int j = 0; j < u.length; j++) {
                    p[j] = u[j] - step * design[k][j];
                }
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Estimated operations of {@code ascents} cell ascents: ~10 steps of g_s and X̃ᵀDλ (4·n·r each), and with
     * exact steps a cone projection per step (~40·n·r).
     */
    static double searchWork(int ascents, int n, int r, boolean exactSteps) {
        return ascents * 10.0 * n * r * (exactSteps ? 44 : 4);
    }

    static double[] gaussian(SplittableRandom rng, int r) {
        double[] u = new double[r];
        for (int j = 0; j < r; j++) {
            u[j] = rng.nextGaussian();
        }
        return u;
    }

    /** Violators, most violated first; ties by pattern, then sign (deterministic). */
    private static final Comparator<CellAscentPricer.Candidate> MOST_VIOLATED_FIRST = Comparator
            .comparingDouble((CellAscentPricer.Candidate c) -> -c.value())
            .thenComparing(c -> Store.key(c.mask()).toString()).thenComparingInt(c -> c.sign());

    /** A candidate's pattern and sign as one key (one violator per pattern and sign). */
    private static List<Long> patternAndSign(CellAscentPricer.Candidate c) {
        List<Long> key = Store.key(c.mask());
        key.add((long) c.sign());
        return key;
    }

    /** The patterns found so far, in the order found (indices never change, so groups stay valid). */
    private static final class Store {
        private final Map<List<Long>, Integer> index = new HashMap<>();
        private final List<long[]> masks = new ArrayList<>();
        private final List<double[]> witnesses = new ArrayList<>();

        boolean add(long[] mask, double[] witness) {
            List<Long> k = key(mask);
            if (index.containsKey(k)) {
                return false;
            }
            index.put(k, masks.size());
            masks.add(mask.clone());
            witnesses.add(witness.clone());
            return true;
        }

        boolean contains(long[] mask) {
            return index.containsKey(key(mask));
        }

        int indexOf(long[] mask) {
            Integer i = index.get(key(mask));
            return i == null ? -1 : i;
        }

        int size() {
            return masks.size();
        }

        PatternSet patternSet(int n, int r, boolean bias) {
            return PatternSet.of(n, r, bias, false, masks, witnesses, MODE);
        }

        static List<Long> key(long[] mask) {
            List<Long> k = new ArrayList<>(mask.length);
            for (long w : mask) {
                k.add(w);
            }
            return k;
        }
    }
}

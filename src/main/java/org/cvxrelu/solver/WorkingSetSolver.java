package org.cvxrelu.solver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConeProjection;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.net.ReluNet;

/**
 * The outer loop that makes large pattern sets tractable: at an optimum at most n + 1 blocks are non-zero,
 * so the backend only ever sees a small working set of groups.
 * <ol>
 *   <li>Solve the program restricted to the working set; project each block onto its cone and drop
 *       blocks that vanished, giving W and the net ψ(W).</li>
 *   <li>λ = y − f_ψ(W)(X). Price every group of the program at λ ({@link Pricing}); the groups priced
 *       above β are the violators.</li>
 *   <li>The dual bound ({@link DualBound}) with c(λ) from that same pricing is a certified lower bound;
 *       stop when (L_β(ψ(W)) − bound) / L_β(ψ(W)) reaches the target gap.</li>
 *   <li>Otherwise add the most violated groups and repeat.</li>
 * </ol>
 * Pricing every pattern is the certificate itself, so the answer is certified by construction.
 */
public final class WorkingSetSolver {
    /** A group enters the working set when its price exceeds β(1 + this). */
    static final double PRICE_MARGIN = 1e-9;
    /**
     * A round's pricing projects groups (largest cheap bound first) only until it has found this many times
     * (the groups a round may add plus the working set's size; for the first pricing, the first batch after its
     * work cap, {@link #BATCH_WORK}) above β(1 − {@link #NEAR_ACTIVE}): far from the
     * optimum hundreds of thousands of groups are violated, a round takes a few hundred, and projecting them all
     * cost most of a solve (diabetes rows 1–120: 2–7 s of pricing per round, 100,000–400,000 projections). c,
     * and so the round's lower bound, stays proven, only looser; rounds with fewer violators price all. Smaller
     * factors pick worse violators (by bound, not price) and need more rounds: on diabetes rows 1–120 factor 2
     * took 24 rounds and factor 8 took 10, against 8 with 32 (BENCHMARKS §9).
     */
    static final int LIST_FACTOR = 32;
    /** Outer iterations of the loop at most. */
    public static final int MAX_OUTER = 200;
    /**
     * Rounds on the candidates of a full pricing at most, before the next full pricing. Where pricing every
     * pattern costs more than {@link #CANDIDATE_RATIO} restricted solves (hundreds of thousands of thin cells), the
     * violators a full pricing listed but left out of the working set are priced alone after each restricted
     * solve, and the most violated join the set, so that one full pricing feeds several solves.
     */
    static final int CANDIDATE_ROUNDS = 8;
    /** Estimated full pricing work, in restricted solves, above which candidate rounds are made. */
    static final double CANDIDATE_RATIO = 2;
    /**
     * Candidate rounds stop once a round lowers the objective by less than this fraction of the target gap
     * (relative to the objective).
     */
    static final double CANDIDATE_GAIN = 0.1;
    /** Candidates kept from a full pricing (most violated first). */
    static final int CANDIDATES = 2048;
    /** Zero groups priced above β(1 − this) stay in the working set (they may be about to enter). */
    static final double NEAR_ACTIVE = 1e-3;
    /**
     * The first working set takes at most this many violators, and a later round adds at most
     * {@link #ROUND_CAP}: the rules 3n (or n beside seed groups) and 2n are for the hundreds of rows an exact
     * arrangement usually has, and below n = 333 these caps change nothing. A table of many rows in one or two
     * features also fits (about 2n cells for d = 1), and there the rules took every violator: 20,000 rows with
     * 4,495 distinct values of x (8,990 cells) started from thousands of groups, each interior-point iteration
     * over them took 28 s, and the first restricted solve had not ended after 630 s (BENCHMARKS §23). The optimum
     * has at most n' + 1 neurons (n' distinct rows) and, on such tables, far fewer.
     */
    static final int FIRST_CAP = 1000;
    /** See {@link #FIRST_CAP}. */
    static final int ROUND_CAP = 666;
    /**
     * The estimated operations of one interior-point iteration ({@link ColumnGeneration#solveWork}, in the units of
     * the Adam runs it is calibrated against, on the table's distinct rows) that a batch of new groups may bring
     * the restricted program to, with the groups kept ({@link #withinBatchWork}). The counts above allow a first
     * batch of n groups beside the seeds' (3n without seeds) and rounds of 2n: an interior-point iteration over
     * m groups costs about m·n² through the n × n Schur complement (or (m(r+1))³ through the dense KKT system), so
     * past a few hundred distinct rows the first restricted solve outweighed the rest of the solve. One feature,
     * 1,499 distinct values (2,998 cells): 1,066 groups, 65 s for the first solve of a 72 s run, then two rounds of
     * 79 and 56 groups in 0.2 s (25 neurons in the answer); with this cap the run takes 5.1–5.3 s. With the Adam
     * seeds' 70 groups or so, the first batch is cut from 237 distinct rows in one feature, 192 in two, 165 in
     * three and 111 in seven, and a round's 2n from 110–190 rows; smaller tables keep the count rules. When the
     * groups kept alone exceed the cap, each round adds {@link #MIN_BATCH} (BENCHMARKS §26).
     */
    static final double BATCH_WORK = 1e8;
    /** New groups a round may add however the work estimate goes (fewer only when its count rule allows fewer). */
    static final int MIN_BATCH = 10;

    /**
     * The most of {@code limit} new groups whose restricted program, with the {@code kept} groups, stays within
     * {@link #BATCH_WORK} per interior-point iteration on {@code rows} distinct rows; at least
     * min({@code limit}, {@link #MIN_BATCH}).
     */
    static int withinBatchWork(int limit, int kept, int rows, int r) {
        return Math.max(Math.min(limit, MIN_BATCH),
                ColumnGeneration.groupsThatFit(BATCH_WORK, kept, rows, r, 1, limit));
    }

    /**
     * A block whose norm falls below this fraction of the largest is treated as zero: an interior-point
     * solution leaves the inactive blocks at the size of its final barrier parameter (~1e-11 relative), far
     * below any active block; dropping them moves the objective by about as much, which the certificate
     * accounts for.
     */
    public static final double ZERO_BLOCK = 1e-7;
    /** Inside the loop nothing is dropped but exact zeros, so that λ = y − ŷ stays as accurate as the backend. */
    static final double KEEP_ALL = 1e-14;

    private WorkingSetSolver() {
    }

    /**
     * What the loop ends with. {@code lambda} is the λ whose pricing gave {@code lowerBound}: the residual
     * y − f(X) of {@code net} on the program, unless the bound was taken from another outcome of the same program
     * ({@code CvxRelu.withBetterBound}), whose λ it then is (the net file's dual witness).
     */
    public record Outcome(ConvexSolution solution, ReluNet net, double objective, double convexObjective,
            double lowerBound, double relativeGap, double c, boolean converged, int outerIterations,
            int workingSetSize, int backendIterations, Map<String, Object> stats, Pricing.Result priced,
            double[] lambda) {
        /**
         * This outcome certified by {@code other}'s bound instead of its own: its lower bound, ĉ, pricing and λ (both
         * of the same program), the gap recomputed against this outcome's L_β, converged when within {@code target}.
         * A dual bound holds for every net, so this is a certificate whenever {@code other}'s pricing is proven.
         */
        public Outcome boundBy(Outcome other, double target) {
            double gap = gap(objective, other.lowerBound());
            return new Outcome(solution, net, objective, convexObjective, other.lowerBound(), gap, other.c(),
                    gap <= target, outerIterations, workingSetSize, backendIterations, stats, other.priced(),
                    other.lambda());
        }

        /** This outcome with {@code key} set to {@code value} in its stats (the others as they are). */
        public Outcome withStat(String key, Object value) {
            Map<String, Object> more = new LinkedHashMap<>(stats);
            more.put(key, value);
            return new Outcome(solution, net, objective, convexObjective, lowerBound, relativeGap, c, converged,
                    outerIterations, workingSetSize, backendIterations, more, priced, lambda);
        }
    }

    public static Outcome solve(ConeProgram program, ConeSolver backend, SolverSettings settings) {
        return solve(program, backend, settings, List.of());
    }

    /**
     * The loop, started from {@code initial} groups (plus the most violated ones at W = 0 when empty). Every
     * outcome is certified by its own net: the lower bound comes from λ = y − f(X) of the very net returned,
     * so {@code certify} on that net reproduces it.
     */
    public static Outcome solve(ConeProgram program, ConeSolver backend, SolverSettings settings, List<Group> initial) {
        return solve(program, backend, settings, initial, MAX_OUTER);
    }

    /**
     * As {@link #solve(ConeProgram, ConeSolver, SolverSettings, List)}, with at most {@code maxOuterIterations} outer
     * iterations (a working-set backend; others make one); an outcome cut by it is not converged. An outer iteration
     * is one full pricing; before it, up to {@link #CANDIDATE_ROUNDS} candidate rounds may re-solve the restricted
     * program, so it makes at most 1 + that many restricted solves.
     */
    public static Outcome solve(ConeProgram program, ConeSolver backend, SolverSettings settings, List<Group> initial,
            int maxOuterIterations) {
        long t0 = System.nanoTime();
        settings = settings.startClock(); // restricted solves and the polish share this deadline
        Progress progress = settings.progress();
        double beta = program.beta();
        double threshold = beta * (1 + PRICE_MARGIN);
        double keepAbove = beta * (1 - NEAR_ACTIVE);

        int distinctRows = org.cvxrelu.data.EqualRows.count(program.design());
        int addLimit = Math.min(ROUND_CAP, Math.max(10, 2 * program.n()));
        int firstBatch = withinBatchWork(Math.min(FIRST_CAP, initial.isEmpty() ? initialBatch(program) : program.n()),
                initial.size(), distinctRows, program.r());
        Outcome out = certify(program, ConvexSolution.zero(), keepAbove, 0, 0, 0, t0, Map.of(),
                settings.relativeGap(), roundLimit(firstBatch, 0),
                settings.deadlineNanos());
        Pricing.Result priced = out.priced;
        if (out.converged() || (priced.above().isEmpty() && initial.isEmpty())) {
            return out;
        }

        List<Group> working = new ArrayList<>();
        Set<Group> inSet = new LinkedHashSet<>();
        if (!backend.usesWorkingSet()) {
            working.addAll(program.groups());
            inSet.addAll(working);
        } else {
            for (Group g : initial) {
                if (inSet.add(g)) {
                    working.add(g);
                }
            }
            addViolators(priced.above(), threshold, working, inSet, firstBatch);
        }

        Map<Group, double[]> warm = new HashMap<>();
        int backendIterations = 0;
        int maxOuter = backend.usesWorkingSet() ? maxOuterIterations : 1;
        boolean fullAccuracy = false;
        List<Group> candidates = List.of(); // violators of the last full pricing left out of the working set
        double pricedObjective = out.objective(); // the objective of the answer last priced in full
        int candidateRounds = 0; // restricted solves fed by candidate rounds, in all (the stats' candidateRounds)
        List<Double> bestGaps = new ArrayList<>(); // after each outer iteration: the best gap and objective so far
        List<Double> bestObjectives = new ArrayList<>();
        int stalledOuter = 0; // the outer iteration that found no progress (0: none)
        for (int outer = 1; outer <= maxOuter; outer++) {
            // early rounds, far from the optimum, do not need the backend's full accuracy
            double loose = fullAccuracy ? settings.relativeGap()
                    : Math.min(1e-2, Math.max(settings.relativeGap(), 1e-3 * out.relativeGap()));
            SolverSettings inner = backend.usesWorkingSet() ? settings.withRelativeGap(loose) : settings;
            progress.phase(Progress.WORKING_SET);
            if (outer > 1 && backend.usesWorkingSet() && !prepareSolverRows(program, working, settings)) {
                break; // the time limit passed while the next restricted problem was being set up
            }
            GroupSolution sol = solveWithCuts(program, backend, working, warmStart(program, working, warm), inner);
            backendIterations += sol.iterations();
            ConvexSolution w = purify(program, working, sol.w(), KEEP_ALL);
            // Rounds on the candidates alone while a full pricing costs several restricted solves and they still
            // hold violators; the answer is then priced in full (and certified) as every outer iteration's is.
            boolean candidatesWorth = backend.usesWorkingSet() && pricingWork(priced.projections(), program.n(),
                    program.r()) > CANDIDATE_RATIO * ColumnGeneration.solveWork(working.size(), distinctRows,
                            program.r(), sol.iterations());
            double before = pricedObjective;
            for (int round = 0; candidatesWorth && round < CANDIDATE_ROUNDS && !candidates.isEmpty()
                    && !settings.expired(); round++) {
                ReluNet net = w.toNet(program);
                double objective = net.objective(program.data(), beta);
                // the last solve (the outer one first: against the answer priced in full) gained less than a tenth of
                // the target gap: the set is near its optimum, and candidates priced barely above β would only grow
                // it; the full pricing says what is missing
                boolean gained = before - objective >= CANDIDATE_GAIN * settings.relativeGap() * Math.abs(before);
                before = objective;
                if (!gained) {
                    break;
                }
                List<Group> next = candidateRound(program, net, objective, w, working, inSet, candidates, keepAbove,
                        threshold, withinBatchWork(addLimit, working.size(), distinctRows, program.r()), progress,
                        outer, settings.deadlineNanos());
                if (next == null || !prepareSolverRows(program, next, settings)) {
                    break; // no candidate violated, or the time limit passed: price every group at this answer
                }
                progress.phase(Progress.WORKING_SET);
                GroupSolution again = solveWithCuts(program, backend, next,
                        warmStart(program, next, w.blocks()), inner);
                backendIterations += again.iterations();
                if (settings.expired()) {
                    break; // a solve cut by the time limit may return a poor iterate: this answer is priced instead
                }
                working = next;
                inSet = new LinkedHashSet<>(next);
                sol = again;
                w = purify(program, working, sol.w(), KEEP_ALL);
                candidateRounds++;
            }
            progress.phase(Progress.PRICING);
            Map<String, Object> stats = sol.stats();
            if (candidateRounds > 0) {
                stats = new LinkedHashMap<>(stats);
                stats.put("candidateRounds", candidateRounds);
            }
            Outcome current = certify(program, w, keepAbove, outer, working.size(), backendIterations,
                    t0, stats, settings.relativeGap(), roundLimit(addLimit, working.size()),
                    settings.deadlineNanos());
            if (!current.priced.complete() && !current.converged() && !settings.expired()
                    && !anyNewViolator(current.priced, threshold, inSet)) {
                // the groups found first are all in the set already: price every group after all
                current = certify(program, w, keepAbove, outer, working.size(), backendIterations,
                        t0, stats, settings.relativeGap());
            }
            priced = current.priced;
            pricedObjective = current.objective();
            // the better certified answer; the zero start gives way to any answer with a lower objective
            // (never to a worse one: a restricted solve stopped by the time limit may return a poor iterate)
            if (current.relativeGap() < out.relativeGap()
                    || out.solution().cardinality() == 0 && current.objective() < out.objective()) {
                out = current;
            }
            progress.report(String.format("outer %d  groups %d  objective %.10g  lower %.10g  gap %.2e", outer,
                    working.size(), current.objective(), current.lowerBound(), current.relativeGap()));
            if (current.converged()) {
                return polish(program, backend, settings, current, t0);
            }
            if (settings.expired()) {
                break;
            }
            if (!backend.usesWorkingSet()) {
                break;
            }
            bestGaps.add(out.relativeGap());
            bestObjectives.add(Math.min(bestObjective(bestObjectives), current.objective()));
            if (stalled(bestGaps, bestObjectives)) {
                int then = bestGaps.size() - 1 - STALL_WINDOW;
                progress.report(String.format("outer %d: no progress in %d outer iterations (best gap %.2e, was %.2e; "
                        + "best objective %.10g, was %.10g): stopping", outer, STALL_WINDOW, out.relativeGap(),
                        bestGaps.get(then), bestObjectives.get(bestObjectives.size() - 1), bestObjectives.get(then)));
                stalledOuter = outer;
                break;
            }
            warm.clear();
            warm.putAll(w.blocks());
            // Next working set: the support, the groups priced near β, and the most violated others.
            Set<Group> keep = kept(w, priced.above(), inSet);
            List<Group> next = new ArrayList<>(keep);
            int added = addViolators(priced.above(), threshold, next, keep,
                    withinBatchWork(addLimit, keep.size(), distinctRows, program.r()));
            candidates = candidatesLeft(priced.above(), threshold, keep);
            if (added == 0) {
                if (!fullAccuracy && loose > settings.relativeGap()) {
                    // every violator is in the set already: the loose restricted solve left them violated; one
                    // more round on the same set at the target accuracy before reporting the gap reached
                    fullAccuracy = true;
                    working = next;
                    inSet = keep;
                    continue;
                }
                break; // the restricted solve cannot get more accurate: report the gap reached
            }
            working = next;
            inSet = keep;
        }
        if (!out.priced.complete() && !settings.expired()) {
            // the loop's best was certified from a partial pricing: the complete one gives the tighter gap
            out = certify(program, out.solution(), keepAbove, out.outerIterations(),
                    out.workingSetSize(), out.backendIterations(), t0, out.stats(), settings.relativeGap());
        }
        if (stalledOuter > 0) {
            out = out.withStat("outerStoppedBy", "no progress in " + STALL_WINDOW + " outer iterations (outer "
                    + stalledOuter + ")");
        }
        return polish(program, backend, settings, out, t0);
    }

    /**
     * Outer iterations over which a loop must halve its best certified gap or lower its best objective by
     * {@link #STALL_GAIN} (relative), else it stops with the best answer so far. The raw and standardised tables of
     * BENCHMARKS §45–§49 converge or stop within 1–14 outer iterations; raw concrete rows (103 × 3, β 1.7e-8 of
     * c(y)) ran 197, 575 s, with every gap above 0.999 and stalled interior-point solves on 600–1,750 groups
     * (BENCHMARKS §49).
     */
    static final int STALL_WINDOW = 20;
    /** The relative gain in the best objective that counts as progress over {@link #STALL_WINDOW} outer iterations. */
    static final double STALL_GAIN = 1e-2;

    /**
     * Whether the last {@link #STALL_WINDOW} outer iterations neither halved the best gap nor lowered the best
     * objective by {@link #STALL_GAIN}; both lists hold the best so far after each outer iteration.
     */
    static boolean stalled(List<Double> bestGaps, List<Double> bestObjectives) {
        int k = bestGaps.size();
        if (k <= STALL_WINDOW) {
            return false;
        }
        double gapThen = bestGaps.get(k - 1 - STALL_WINDOW);
        double objectiveThen = bestObjectives.get(k - 1 - STALL_WINDOW);
        boolean gapHalved = bestGaps.get(k - 1) <= gapThen / 2;
        boolean objectiveLower = bestObjectives.get(k - 1) < objectiveThen - STALL_GAIN * Math.abs(objectiveThen);
        return !gapHalved && !objectiveLower;
    }

    private static double bestObjective(List<Double> bestObjectives) {
        return bestObjectives.isEmpty() ? Double.POSITIVE_INFINITY : bestObjectives.get(bestObjectives.size() - 1);
    }

    /** Whether {@code priced} lists a group above {@code threshold} that is not in the working set. */
    private static boolean anyNewViolator(Pricing.Result priced, double threshold, Set<Group> inSet) {
        for (Pricing.Price pr : priced.above()) {
            if (pr.price() > threshold && !inSet.contains(pr.group())) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many groups above β(1 − {@link #NEAR_ACTIVE}) a round's pricing looks for before it stops projecting
     * ({@link Pricing#price(ConeProgram, double[], double, int)}): {@link #LIST_FACTOR} times the groups it may
     * add plus the working set.
     */
    private static int roundLimit(int addLimit, int working) {
        return LIST_FACTOR * (addLimit + working);
    }

    /** As {@link #certify(ConeProgram, ConvexSolution, double, int, int, int, long, Map, double, int, long)}, every group priced, no deadline. */
    public static Outcome certify(ConeProgram program, ConvexSolution w, double keepAbove, int outer, int working,
            int backendIterations, long t0, Map<String, Object> stats, double target) {
        return certify(program, w, keepAbove, outer, working, backendIterations, t0, stats, target,
                Integer.MAX_VALUE, 0);
    }

    /**
     * Certifies W by its own net: λ = y − f_ψ(W)(X), every group priced (those above {@code keepAbove} kept
     * in the result; projections stop once {@code listLimit} of those are found or at {@code deadlineNanos},
     * 0 for none, leaving a looser but proven bound), the dual bound, and the relative gap against L_β(ψ(W)).
     */
    public static Outcome certify(ConeProgram program, ConvexSolution w, double keepAbove, int outer, int working,
            int backendIterations, long t0, Map<String, Object> stats, double target, int listLimit,
            long deadlineNanos) {
        ReluNet net = w.toNet(program);
        double beta = program.beta();
        double objective = net.objective(program.data(), beta);
        double[] y = program.y();
        double[] lambda = net.residuals(program.design(), y);
        Pricing.Result priced = Pricing.price(program, lambda, keepAbove, listLimit, deadlineNanos);
        DualBound lb = DualBound.of(lambda, y, beta, priced.c());
        double gap = gap(objective, lb.value());
        Map<String, Object> s = new LinkedHashMap<>(stats);
        s.put("seconds", (System.nanoTime() - t0) / 1e9);
        return new Outcome(w, net, objective, w.objective(program), lb.value(), gap, priced.c(), gap <= target, outer,
                working, backendIterations, s, priced, lambda);
    }

    /**
     * W certified by another outcome's bound, without pricing: W's net, L_β and convex objective with {@code bound}'s
     * lower bound, ĉ, pricing and λ, the gap recomputed against W's L_β (converged when within {@code target}). A
     * dual bound holds for every net, so this is a certificate of W whenever both are of the same program and
     * {@code bound}'s pricing is proven; λ goes in W's net file as its dual witness.
     */
    public static Outcome withBoundOf(ConeProgram program, ConvexSolution w, Outcome bound, double target) {
        ReluNet net = w.toNet(program);
        return new Outcome(w, net, net.objective(program.data(), program.beta()), w.objective(program), Double.NaN,
                Double.NaN, Double.NaN, false, bound.outerIterations(), bound.workingSetSize(),
                bound.backendIterations(), bound.stats(), null, null).boundBy(bound, target);
    }

    /**
     * The final clean-up: keep the blocks above {@link #ZERO_BLOCK} of the largest, re-solve on that support
     * alone, merge positively colinear blocks of one sign that share a closed cone (a split neuron), and
     * certify again. The cleaned answer replaces the loop's when its certified gap is no worse than the
     * target (or than the loop's own gap).
     */
    private static Outcome polish(ConeProgram program, ConeSolver backend, SolverSettings settings, Outcome out, long t0) {
        List<Group> support = support(out.solution(), ZERO_BLOCK);
        if (support.isEmpty() || settings.expired()) {
            return out;
        }
        double[][] start = new double[support.size()][];
        for (int j = 0; j < support.size(); j++) {
            start[j] = out.solution().block(support.get(j));
        }
        GroupSolution sol = solveWithCuts(program, backend, support, start, settings);
        ConvexSolution cleaned = ColinearBlocks.merge(program, purify(program, support, sol.w(), ZERO_BLOCK));
        Outcome o = certify(program, cleaned, program.beta() * (1 - NEAR_ACTIVE), out.outerIterations(),
                out.workingSetSize(), out.backendIterations() + sol.iterations(), t0, out.stats(), settings.relativeGap());
        if (o.relativeGap() <= Math.max(settings.relativeGap(), out.relativeGap())) {
            settings.progress().report(String.format("polished: %d neurons, objective %.10g, gap %.2e",
                    o.net().width(), o.objective(), o.relativeGap()));
            return o;
        }
        return out;
    }

    /** Relative cone violation (of ‖w‖·max_k ‖x̃_k‖) above which a row is added to a solver's description. */
    static final double CUT_VIOLATION = 1e-8;
    /** Re-solves of one restricted problem after adding violated rows. */
    static final int MAX_CUT_ROUNDS = 3;

    /**
     * The restricted problem solved, then re-solved (warm) while some block violates a row of its cone that
     * the solver's description of K_i left out ({@link org.cvxrelu.patterns.PatternSet#solverRows}: the
     * facets): those rows are added first. Only thin cells need it (nearly dependent facets); elsewhere the
     * facets imply the other rows robustly and nothing is added.
     */
    static GroupSolution solveWithCuts(ConeProgram program, ConeSolver backend, List<Group> groups, double[][] start,
            SolverSettings settings) {
        if (backend.usesWorkingSet() && !prepareSolverRows(program, groups, settings)) {
            // the time limit passed while the problem was being set up: the start point, unsolved
            double[][] w = new double[groups.size()][];
            for (int j = 0; j < w.length; j++) {
                w[j] = start != null && start[j] != null ? start[j].clone() : new double[program.r()];
            }
            return new GroupSolution(w, 0, false, "TIME_LIMIT", Map.of("setUpStoppedByTimeLimit", true));
        }
        GroupSolution sol = backend.solve(new GroupProblem(program, groups, start), settings);
        int iterations = sol.iterations();
        for (int round = 0; round < MAX_CUT_ROUNDS && !settings.expired()
                && addViolatedRows(program, groups, sol.w()); round++) {
            sol = backend.solve(new GroupProblem(program, groups, sol.w()), settings);
            iterations += sol.iterations();
        }
        return iterations == sol.iterations() ? sol
                : new GroupSolution(sol.w(), iterations, sol.converged(), sol.status(), sol.stats());
    }

    /**
     * Works out the solver rows ({@link ConeProgram#solverRows}) of the groups' patterns in parallel, before a
     * restricted solve reads them one by one: where facets cannot be read off, each is a pruning of n rows
     * (a second or more for a few hundred new patterns). Stops once the deadline has passed; returns whether
     * time is left. The rows do not depend on the order in which they are worked out.
     */
    static boolean prepareSolverRows(ConeProgram program, List<Group> groups, SolverSettings settings) {
        groups.stream().mapToInt(Group::pattern).distinct().parallel().forEach(i -> {
            if (!settings.expired()) {
                program.solverRows(i);
            }
        });
        return !settings.expired();
    }

    /**
     * Rows a cut round adds to one block's cone at most (its most violated): an interior-point iterate meets the
     * cone rows it was not given only to its tolerance, and a block near zero (an inactive group at the apex of
     * its cone) can violate every row of the table by a relative amount above {@link #CUT_VIOLATION}. Adding all
     * of them gave hundreds of inactive groups up to n rows each on a 20,000-row table, and the next restricted
     * solve stalled (BENCHMARKS §23). On the tables of a few hundred rows a block rarely violates more. A block
     * at most {@link #ZERO_BLOCK} of the largest gets r rows at most.
     */
    static final int CUT_ROWS_MAX = 64;

    /**
     * Adds, per block, the rows of its cone it violates by more than {@link #CUT_VIOLATION} (the
     * {@link #CUT_ROWS_MAX} most violated); whether any was new.
     */
    static boolean addViolatedRows(ConeProgram program, List<Group> groups, double[][] w) {
        double[][] x = program.design();
        double rowMax = 0;
        for (double[] row : x) {
            rowMax = Math.max(rowMax, norm(row));
        }
        double wMax = 0;
        for (double[] wj : w) {
            wMax = Math.max(wMax, norm(wj));
        }
        double[] slack = new double[x.length]; // (2D_kk − 1)x̃_kᵀw_j, read only at the violated rows
        boolean added = false;
        for (int j = 0; j < groups.size(); j++) {
            double nw = norm(w[j]);
            if (!(nw > 0)) {
                continue;
            }
            // a block that counts as zero (purify drops it in the end) gets only its r most violated rows
            int cap = nw > ZERO_BLOCK * wMax ? CUT_ROWS_MAX : w[j].length;
            int pattern = groups.get(j).pattern();
            double tol = CUT_VIOLATION * nw * rowMax;
            List<Integer> violated = new ArrayList<>();
            for (int k = 0; k < x.length; k++) {
                double s = 0;
                for (int c = 0; c < w[j].length; c++) {
                    s += x[k][c] * w[j][c];
                }
                slack[k] = program.patterns().active(pattern, k) ? s : -s;
                if (slack[k] < -tol) {
                    violated.add(k);
                }
            }
            if (violated.size() > cap) {
                // the most violated first (a stable sort: ties stay in row order), then back in row order
                violated.sort(java.util.Comparator.comparingDouble(k -> slack[k]));
                violated = new ArrayList<>(violated.subList(0, cap));
                violated.sort(null);
            }
            if (!violated.isEmpty()) {
                added |= program.patterns().addSolverRows(pattern, x,
                        violated.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return added;
    }

    private static int initialBatch(ConeProgram program) {
        return Math.max(10, 3 * program.n());
    }

    /** The groups whose blocks exceed {@code zeroBlock} times the largest. */
    public static List<Group> support(ConvexSolution w, double zeroBlock) {
        double max = 0;
        for (double[] b : w.blocks().values()) {
            max = Math.max(max, norm(b));
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<Group, double[]> e : w.blocks().entrySet()) {
            if (norm(e.getValue()) > zeroBlock * max) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * Estimated operations of a pricing that projected {@code projections} groups (about 40·n·r each, as
     * {@link ColumnGeneration#searchWork} counts a projection; measured on raw haberman_swap4's 499,968 cells, a
     * round's 1,000,000 projections took about 8 times its restricted solve, and these estimates gave 7.7).
     */
    static double pricingWork(int projections, int n, int r) {
        return 40.0 * projections * n * r;
    }

    /** The blocks of {@code warm} for the groups of {@code working} (zero for the others); null when none has one. */
    private static double[][] warmStart(ConeProgram program, List<Group> working, Map<Group, double[]> warm) {
        double[][] start = new double[working.size()][];
        boolean anyWarm = false;
        for (int j = 0; j < working.size(); j++) {
            double[] b = warm.get(working.get(j));
            start[j] = b != null ? b : new double[program.r()];
            anyWarm |= b != null;
        }
        return anyWarm ? start : null;
    }

    /** The groups of {@code above} priced above {@code threshold} and not in {@code inSet}, at most {@link #CANDIDATES}. */
    private static List<Group> candidatesLeft(List<Pricing.Price> above, double threshold, Set<Group> inSet) {
        List<Group> out = new ArrayList<>();
        for (Pricing.Price p : above) {
            if (out.size() >= CANDIDATES) {
                break;
            }
            if (p.price() > threshold && !inSet.contains(p.group())) {
                out.add(p.group());
            }
        }
        return out;
    }

    /**
     * The groups a next working set keeps ({@code above} priced at W's residual): W's support and the groups of the
     * set priced above the list's threshold (near β: they may be about to enter). Zero groups priced clearly below β
     * are dropped: they cannot change the restricted optimum.
     */
    private static Set<Group> kept(ConvexSolution w, List<Pricing.Price> above, Set<Group> inSet) {
        Set<Group> keep = new LinkedHashSet<>(support(w, ZERO_BLOCK));
        for (Pricing.Price pr : above) {
            if (inSet.contains(pr.group())) {
                keep.add(pr.group());
            }
        }
        return keep;
    }

    /**
     * One round on the candidates: at λ = y − f_ψ(W)(X), the candidates and the working set's zero groups are priced
     * ({@link Pricing#priceListed}); the next working set is, as after a full pricing, the groups {@link #kept} and up
     * to {@code limit} violators among the candidates. Null when no candidate is violated or the time limit passed.
     * {@code inSet} holds the groups of {@code working}; {@code net} is ψ(W), {@code objective} its L_β.
     */
    private static List<Group> candidateRound(ConeProgram program, ReluNet net, double objective, ConvexSolution w,
            List<Group> working, Set<Group> inSet, List<Group> candidates, double keepAbove, double threshold,
            int limit, Progress progress, int outer, long deadlineNanos) {
        double[] lambda = net.residuals(program.design(), program.y());
        Set<Group> support = new LinkedHashSet<>(support(w, ZERO_BLOCK));
        Set<Group> toPrice = new LinkedHashSet<>(candidates);
        for (Group g : working) {
            if (!support.contains(g)) {
                toPrice.add(g);
            }
        }
        List<Pricing.Price> above = Pricing.priceListed(program, lambda, new ArrayList<>(toPrice), keepAbove,
                deadlineNanos);
        if (above == null) {
            return null; // the time limit passed
        }
        Set<Group> keep = kept(w, above, inSet);
        List<Group> next = new ArrayList<>(keep);
        int added = addViolators(above, threshold, next, keep, limit);
        progress.report(String.format("outer %d  groups %d  objective %.10g  candidates: %d added of %d priced", outer,
                working.size(), objective, added, toPrice.size()));
        return added == 0 ? null : next;
    }

    /** Adds up to {@code limit} of the most expensive groups priced above {@code threshold} not yet in the set. */
    private static int addViolators(List<Pricing.Price> above, double threshold, List<Group> working, Set<Group> inSet,
            int limit) {
        // Neighbouring cells often price almost the same direction; a round takes the most violated group of
        // each direction first (cos > 0.99 counts as the same), then fills up with the rest.
        List<double[]> taken = new ArrayList<>();
        List<Pricing.Price> later = new ArrayList<>();
        int added = 0;
        for (Pricing.Price p : above) {
            if (added >= limit) {
                break;
            }
            if (p.price() <= threshold || inSet.contains(p.group())) {
                continue;
            }
            if (p.direction() != null && nearAny(p.direction(), taken)) {
                later.add(p);
                continue;
            }
            inSet.add(p.group());
            working.add(p.group());
            if (p.direction() != null) {
                taken.add(p.direction());
            }
            added++;
        }
        for (Pricing.Price p : later) {
            if (added >= limit) {
                break;
            }
            if (inSet.add(p.group())) {
                working.add(p.group());
                added++;
            }
        }
        return added;
    }

    private static boolean nearAny(double[] d, List<double[]> taken) {
        double nd = norm(d);
        for (double[] t : taken) {
            double dot = 0;
            for (int j = 0; j < d.length; j++) {
                dot += d[j] * t[j];
            }
            if (dot > 0.99 * nd * norm(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The backend's blocks made exactly feasible, so that L_β(ψ(W)) = P_c(W) to rounding: blocks that vanished
     * (at most {@code zeroBlock} of the largest) dropped, and each block u of group (i, s) that leaves its cone
     * K_i (an interior-point iterate meets the cone constraints only to its tolerance, and on thin cells only the
     * facets it was given) either
     * <ul>
     *   <li>projected onto K_i (it moves: every row's fit changes), or</li>
     *   <li>moved to the group (D(u), s) of its own pattern D(u) = 1[X̃u ≥ 0], when the program has it: u itself is
     *       in K_{D(u)}, so nothing moves and only the violated rows' fits change, by their violation. This is the
     *       neuron u of the net ψ(W) as it stands.</li>
     * </ul>
     * Both are feasible points of the program; the one with the lower P_c is returned. (On a degenerate 40-row
     * table the projection cost 5.5e-5 of the objective after a restricted solve that had reached 1e-8.)
     */
    public static ConvexSolution purify(ConeProgram program, List<Group> groups, double[][] w, double zeroBlock) {
        double max = 0;
        for (double[] wj : w) {
            max = Math.max(max, norm(wj));
        }
        Map<Group, double[]> projected = new LinkedHashMap<>();
        Map<Group, double[]> relabelled = new LinkedHashMap<>();
        boolean differ = false;
        for (int j = 0; j < groups.size(); j++) {
            if (norm(w[j]) <= zeroBlock * max) {
                continue;
            }
            Group g = groups.get(j);
            double[] v = w[j];
            if (program.coneSlack(g.pattern(), v) >= 0) {
                projected.merge(g, v, WorkingSetSolver::sum);
                relabelled.merge(g, v, WorkingSetSolver::sum);
                continue;
            }
            double[] p = ConeProjection.project(program.design(), program.patterns().mask(g.pattern()), v)
                    .projection();
            if (norm(p) > zeroBlock * max) {
                projected.merge(g, p, WorkingSetSolver::sum);
            }
            int own = program.patterns().indexOf(org.cvxrelu.patterns.PatternSet.maskOf(program.design(), v));
            Group mine = own >= 0 ? new Group(own, g.sign()) : null;
            if (mine != null && program.hasGroup(mine) && program.coneSlack(own, v) >= 0) {
                relabelled.merge(mine, v, WorkingSetSolver::sum);
                differ = true;
            } else if (norm(p) > zeroBlock * max) {
                relabelled.merge(g, p, WorkingSetSolver::sum);
            }
        }
        ConvexSolution byProjection = new ConvexSolution(projected);
        if (!differ) {
            return byProjection;
        }
        ConvexSolution byPattern = new ConvexSolution(relabelled);
        return byPattern.objective(program) < byProjection.objective(program) ? byPattern : byProjection;
    }

    private static double[] sum(double[] a, double[] b) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    static double gap(double ub, double lb) {
        return DualBound.relativeGap(ub, lb);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

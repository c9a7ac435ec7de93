package org.cvxrelu.gated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.ConvergenceDiagnosis;
import org.cvxrelu.solver.Progress;
import org.cvxrelu.solver.SolverSettings;
import org.cvxrelu.solver.ipm.IpmConeSolver;

/**
 * The gated ReLU problem ({@link GatedProblem}), certified over all its patterns.
 *
 * <p>Where the data are low-dimensional the products along mask transitions ({@link TransitionProducts}) cost a
 * few per cent of the dense ones, and on columns of one scale (z-scores) {@link GatedAugmentedLagrangian} over every
 * pattern from zero is faster than the rounds below ({@link #AUGMENTED_LAGRANGIAN_SHARE},
 * {@link #COLUMN_SCALE_RATIO}): it solves the problem alone.
 *
 * <p>Otherwise the problem is solved on a working set of patterns. At an optimum few blocks u_i are non-zero, and a
 * block can be non-zero only where the price ‖X̃ᵀD_iλ*‖ reaches β (λ* = y − ŷ(U*)); so:
 * <ol>
 * <li>W ← the {@link Settings#initialGroups()} patterns of largest price ‖X̃ᵀD_iy‖ &gt; β at U = 0;</li>
 * <li>solve the problem restricted to W (blocks outside W held at 0), warm-started from the previous round, to a
 * restricted relative gap {@code inner}: for n ≤ {@link #NEWTON_MAX_N} by {@link BlockNewton} (block sweeps and
 * Newton on the support; above {@link #NEWTON_ALWAYS_N} under a time limit only when its estimated time fits); for
 * n ≤ {@link #INTERIOR_MAX_N}, once one of those solves stalls (a support of more unknowns than rows, whose Newton
 * steps carry blocks through zero: full haberman and auto_mpg), by the interior-point method
 * ({@link #interiorSolve}), its point polished by block Newton, from then on; otherwise by {@link GatedFista}
 * — products over |W| patterns instead of p, and a first step from the curvature of the restricted operator;</li>
 * <li>price every pattern at λ = y − ŷ(U) with one backward product over all p patterns, which is also the
 * certificate: ĉ ≥ max_i ‖X̃ᵀD_iλ‖ over <b>every</b> given pattern (rounding bounded,
 * {@link GatedFista#certificate}) and the dual bound max_{t ≤ β/ĉ} tλᵀy − ½t²‖λ‖² is a proven lower bound on
 * P_gated over all p patterns (weak duality; never a bound over W only);</li>
 * <li>stop when (F̂(U) − bound)/F̂(U) ≤ target; otherwise add the most violated patterns outside W (price
 * &gt; β), drop the zero blocks of W priced clearly below β, and repeat; when no pattern outside W is violated
 * the restricted solve was not accurate enough, and {@code inner} is divided by ten.</li>
 * <li>when the restricted solves are first-order and the violators still cover most patterns after a few rounds
 * ({@link #SPREAD_SHARE}), or the rounds stop short of the target otherwise, a method over every pattern finishes:
 * up to {@link DenseNewtonSystem#MAX_ROWS} samples the semismooth Newton augmented Lagrangian from zero with its
 * Newton system formed from the first direction; above that, the same with conjugate gradients after a spread
 * support, and R-FISTA from the best round otherwise. Up to {@link DenseNewtonSystem#MAX_ROWS} samples the rounds
 * take at most {@link #ROUNDS_SHARE} of the time and iteration limits, so that the finish has the rest.</li>
 * </ol>
 * The answer is the point (a round's, or the finish's) with the smallest objective, with the largest lower bound
 * proven at any of them (each is a bound over every pattern); the round lines report that pair. Deterministic: ties in price are broken by index.
 */
public final class GatedWorkingSet {

    /**
     * @param initialGroups patterns in the first working set (the largest prices at U = 0)
     * @param addPerRound violators added per round at most (at least this, or half the working set)
     * @param maxRounds rounds at most
     * @param dropBelow a zero block of W leaves W when its price is below β·dropBelow
     * @param blockNewton restricted solves by {@link BlockNewton} (block sweeps and Newton on the support) when
     *        n ≤ {@link #NEWTON_MAX_N} (above {@link #NEWTON_ALWAYS_N} under a time limit only when its estimated
     *        time fits), by interior-point solves polished by it once one stalls (n ≤ {@link #INTERIOR_MAX_N});
     *        false, or otherwise: by {@link GatedFista} warm-started (with its polish)
     * @param innerRounds sweep + Newton rounds per restricted solve at most
     * @param augmentedLagrangianShare with blockNewton, no rounds but {@link GatedAugmentedLagrangian} over every
     *        pattern where the products along mask transitions cost at most this share of the dense ones
     *        ({@link #AUGMENTED_LAGRANGIAN_SHARE}; negative: never)
     */
    public record Settings(int initialGroups, int addPerRound, int maxRounds, double dropBelow, boolean blockNewton,
            int innerRounds, double augmentedLagrangianShare) {
        public static Settings defaults() {
            return new Settings(32, 16, 60, 0.9, true, 50, AUGMENTED_LAGRANGIAN_SHARE);
        }

        /** The same, with the rounds always (no augmented Lagrangian from the start). */
        public Settings withRoundsOnly() {
            return new Settings(initialGroups, addPerRound, maxRounds, dropBelow, blockNewton, innerRounds, -1);
        }
    }

    /**
     * When the restricted solves are first-order (not the Newton path: see {@link Settings#blockNewton()}), a working
     * set pays only if
     * the optimal support is a small share of the patterns: a round's products cost |W|/p of a full iteration,
     * but W grows by at most half per round and every round is a new solve. After {@code SPREAD_ROUNDS} rounds,
     * if more than {@code SPREAD_SHARE} of the patterns outside W are still priced above β, the rounds hand
     * over to a method over every pattern started from zero (from the best round R-FISTA did worse on all three
     * tables tried: a few large blocks fitted alone must shrink again while hundreds grow): since BENCHMARKS §35
     * {@link GatedAugmentedLagrangian}, before it R-FISTA. Measured (BENCHMARKS §24, 1,000 or
     * 5,000 sampled gates): where the support spread (airfoil β = 0.1 and 1, concrete, a 10,000-row teacher)
     * more than 95 % of the outside patterns were still violated after round 2 and R-FISTA over every pattern
     * reached a far smaller gap in the same time; where the working set won (airfoil, β = 10, 5,000 gates, final
     * support 206) 92 % were.
     */
    static final int SPREAD_ROUNDS = 2;

    static final double SPREAD_SHARE = 0.95;

    /**
     * Where the products along mask transitions ({@link TransitionProducts}) cost at most this share of the dense
     * ones, the problem is solved by {@link GatedAugmentedLagrangian} over every pattern from zero, without rounds.
     * Measured (BENCHMARKS §36, 1,000 gates, β = 0.1, z-scores, to 1e-6, whole process): on the 20 of §30's and §33's
     * 30 tables with a share of at most 0.1 it was faster on 18 (airfoil 66.9 → 16.4 s, haberman 4.06 → 1.54 s), even
     * on yacht and slower on yacht_swap (1.65 → 2.73 s); above the share, in process, it lost on breast_cancer
     * (0.17: 10.0 s against 4.6 s).
     */
    static final double AUGMENTED_LAGRANGIAN_SHARE = 0.1;

    /**
     * ... and only where the columns of X̃ (the bias's included) have root-mean-square values within this factor of
     * each other, as z-scores have. On raw tables (columns in different units) it did worse than the rounds
     * (BENCHMARKS §36, whole process, 1,000 gates, β = 0.1): yacht (RMS ratio 16) 526.13 at gap 7.6e-10 against
     * 825.95 at 0.45, auto_mpg (3.1e3) 617.74 at 2.7e-7 against 727.08 at 0.80, banknote (6.2) gap 6.1e-8 against
     * 4.1e-5.
     */
    static final double COLUMN_SCALE_RATIO = 2;

    /** Whether the columns' root-mean-square values are within {@link #COLUMN_SCALE_RATIO} of each other (none zero). */
    static boolean columnsOfOneScale(double[][] design) {
        if (design.length == 0) {
            return false;
        }
        double[] rms = ConvergenceDiagnosis.columnScales(design);
        double lo = Arrays.stream(rms).min().orElse(0);
        double hi = Arrays.stream(rms).max().orElse(0);
        return lo > 0 && hi <= COLUMN_SCALE_RATIO * lo;
    }

    /**
     * Restricted solves that miss their tolerance (active-set cycling) before the first-order finish takes over. On
     * the Newton path (n ≤ {@link #INTERIOR_MAX_N}) the first such solve switches the rounds to interior-point solves
     * polished by block Newton instead, and the count starts again from there.
     */
    static final int MAX_STALLS = 2;
    /**
     * The largest n for which a stalled Newton round hands over to interior-point solves: each of their iterations
     * forms the n × n Schur complement over the working set, |W|·n²·r (at n = 1,500 and |W| = 400 seconds per
     * iteration); above it a stall counts towards {@link #MAX_STALLS} as before.
     */
    static final int INTERIOR_MAX_N = 1000;
    /**
     * Largest n for the Newton path (block sweeps and Newton steps on the support: M is n × n, a Cholesky of n³/6 per
     * step). Measured (BENCHMARKS §30, 1,000 gates, β = 0.1, z-scores, no time limit): the gated problem to 1e-6 in
     * 13.6–15.2 s at 1,030 rows, 28.3 s at 1,372 and 39.4–48.8 s at 1,503, where the first-order path was at gaps of
     * 4e-3 to 4e-2 after 55 s; at 2,000 rows 96 s against its 110 s (a scratch switch). It was 1,000 before.
     */
    static final int NEWTON_MAX_N = 2000;
    /**
     * Above this n the Newton path is taken under a time limit only when {@link #NEWTON_SECONDS_PER_CUBE}·n³ seconds
     * fit in it. Its rounds reach the target only near their end, where the first-order path's answer improves
     * steadily: full airfoil (1,503 rows) with 20 s ended at a gap of 0.96 on the Newton path and 0.61 on the
     * first-order one; without a limit the Newton path reached 1.5e-9 in 49 s (BENCHMARKS §30).
     */
    static final int NEWTON_ALWAYS_N = 1000;
    /**
     * The Newton path's seconds per n³, with a margin: the whole processes of the tables measured took 1.1–1.44e-8·n³
     * at 1,030–2,000 rows on the development machine (BENCHMARKS §30). It is compared with the time the gated stage
     * is given (its share of what the limit leaves after start-up and patterns).
     */
    static final double NEWTON_SECONDS_PER_CUBE = 2e-8;
    /**
     * Where the finish over every pattern is the augmented Lagrangian with its Newton system formed (n ≤
     * {@link DenseNewtonSystem#MAX_ROWS}), the rounds may take at most this share of the time limit and of the
     * iteration limit, so that a finish always has the rest; the Newton path's time estimate above
     * {@link #NEWTON_ALWAYS_N} is compared with this share too. On raw tables one restricted solve could take all of
     * either (airfoil at 60 s: one round of 100,000 R-FISTA iterations, gap 1.0; airfoil_swap and concrete_swap at 30
     * s: the rounds to the time limit, gaps 1.0 and 0.999), where with half of it the finish reached 0.0018–0.056,
     * 0.054–0.17 and 3.3e-6–3.5e-5 (BENCHMARKS §39). The price: rounds that would have ended in the second half
     * (raw banknote at 60 s, 58.2 s) hand over to the finish (41.8 s).
     */
    static final double ROUNDS_SHARE = 0.5;
    /** Blocks of an interior-point answer priced below β(1 − this) are taken as zero. */
    static final double INTERIOR_SLACK = 1e-2;

    /**
     * Largest n·r·p for which the pricings use the Java product kernel rather than the native BLAS: a pricing
     * is two products of 2·n·r·p flops, a run makes a dozen or two, and loading the native BLAS costs ≈ 0.1 s.
     */
    static final long JAVA_PRODUCTS_MAX = 5_000_000L;

    private GatedWorkingSet() {
    }

    /** With the default working-set settings. */
    public static GatedFista.Result solve(GatedProblem problem, GatedFista.Settings settings, Progress progress) {
        return solve(problem, settings, Settings.defaults(), progress);
    }

    public static GatedFista.Result solve(GatedProblem problem, GatedFista.Settings settings, Settings ws,
            Progress progress) {
        return answer(problem, settings, ws, progress).result();
    }

    /**
     * The answer, and the best point of the working-set rounds where a finish over every pattern then found a lower
     * objective (null otherwise): on raw tables the cone decomposition of the rounds' sparser point made a ReLU net of
     * lower L_β than that of the gated optimum on 13 of 31 tables (BENCHMARKS §39), so {@link GatedSolve} decomposes
     * both (up to {@link DenseNewtonSystem#MAX_ROWS} rows).
     */
    record Answer(GatedFista.Result result, double[][] roundsPoint) {
    }

    /** As {@link #solve(GatedProblem, GatedFista.Settings, Settings, Progress)}, with the rounds' point kept. */
    static Answer answer(GatedProblem problem, GatedFista.Settings settings, Settings ws, Progress progress) {
        long t0 = System.nanoTime();
        long newtonSteps0 = SupportNewton.STEPS.get();
        long newtonNanos0 = SupportNewton.NANOS.get();
        int n = problem.n();
        int r = problem.r();
        int p = problem.p();
        double beta = problem.beta();
        double target = settings.relativeGap();
        double deadline = settings.timeLimitSeconds() > 0 ? settings.timeLimitSeconds() : Double.POSITIVE_INFINITY;
        // the rounds' share of the limits where a formed finish follows them (ROUNDS_SHARE)
        boolean shared = n <= DenseNewtonSystem.MAX_ROWS;
        double roundsDeadline = shared ? ROUNDS_SHARE * deadline : deadline;
        int roundsLimit = shared ? Math.max(1, (int) (ROUNDS_SHARE * settings.maxIterations()))
                : settings.maxIterations();
        // the full products serve only the pricings (one per round); on small problems the Java kernel costs less
        // than loading the native BLAS does (yacht, 1,000 gates: ≈ 0.1 s of a 2 s process)
        boolean small = (long) n * r * p <= JAVA_PRODUCTS_MAX;
        PatternProducts full = small
                ? new PatternProducts(problem.design(), problem.masks(), settings.parallel(),
                        PatternProducts.Backend.JAVA)
                : new PatternProducts(problem.design(), problem.masks(), settings.parallel());
        // the products of an augmented Lagrangian over every pattern (built here only when it may run from the start;
        // otherwise at a spread hand-over)
        MaskedProducts iterate = null;
        if (ws.blockNewton() && ws.augmentedLagrangianShare() >= 0 && columnsOfOneScale(problem.design())) {
            iterate = TransitionProducts.forIterations(problem, full, settings.parallel());
            if (iterate instanceof TransitionProducts t && t.share() <= ws.augmentedLagrangianShare()) {
                return new Answer(augmentedLagrangian(problem, settings, progress, full, t, t0), null);
            }
        }
        double[] u = new double[r * p];
        double[] fit = new double[n];
        double[] z = new double[r * p];
        long pricingNanos = System.nanoTime();
        double[] e = GatedFista.certificate(problem, full, u, fit, z);
        pricingNanos = System.nanoTime() - pricingNanos;
        int pricings = 1;
        double[] best = e;
        double[] bestU = u.clone();
        int bestRound = 0;
        report(progress, 0, 0, 0, e, t0, -1);

        boolean[] in = new boolean[p];
        List<Integer> working = new ArrayList<>();
        double[] prices = prices(z, r, p);
        addViolators(prices, beta, in, working, ws.initialGroups());

        int rounds = 0;
        int iterations = 0;
        int innerTightened = 0;
        int largestSet = working.size();
        String stop = "round limit";
        boolean converged = e[2] <= target;
        if (converged) {
            stop = "gap reached";
        } else if (working.isEmpty()) {
            stop = "no violated pattern"; // then the dual bound at λ = y is already ½‖y‖² up to rounding
        }
        double inner = Math.max(0.1 * target, Math.min(1e-2, 1e-2 * e[2]));
        Map<String, Object> innerStats = Map.of();
        double[][] gram = null;
        int[][] rowsCache = new int[p][]; // each pattern's active rows and block Lipschitz constant, once
        double[] lipCache = new double[p];
        int newtonRounds = 0;
        int stalls = 0;
        // Newton's n × n system: small n only, and above NEWTON_ALWAYS_N only when its rounds can end in the time given
        boolean newtonPath = ws.blockNewton() && n <= NEWTON_MAX_N
                && (n <= NEWTON_ALWAYS_N || NEWTON_SECONDS_PER_CUBE * n * n * (double) n <= roundsDeadline);
        boolean spread = false; // the rounds handed over because the support spread (the finish starts from zero)
        boolean atShare = false; // the rounds stopped at their share of a limit (ROUNDS_SHARE), for the finish
        boolean interior = false; // restricted solves by the interior-point method, polished by block Newton
        int interiorSolves = 0;
        boolean tightened = false; // the last round found no violator outside W: only inner tightens
        long interiorNanos = 0;
        ConeProgram interiorProgram = null; // the ReLU program on these data and patterns, built once when needed
        while (!converged && !working.isEmpty() && rounds < ws.maxRounds()) {
            double elapsed = (System.nanoTime() - t0) * 1e-9;
            if (elapsed >= roundsDeadline) {
                atShare = roundsDeadline < deadline;
                stop = atShare ? "the rounds' share of the time limit" : "time limit";
                break;
            }
            if (iterations >= roundsLimit) {
                atShare = roundsLimit < settings.maxIterations();
                stop = atShare ? "the rounds' share of the iteration limit" : "iteration limit";
                break;
            }
            rounds++;
            largestSet = Math.max(largestSet, working.size());
            int[] w = working.stream().mapToInt(Integer::intValue).toArray();
            double[][] solved;
            boolean stalledNow = false;
            if (newtonPath) {
                double[][] start = new double[w.length][r];
                for (int s = 0; s < w.length; s++) {
                    for (int j = 0; j < r; j++) {
                        start[s][j] = u[j * p + w[s]];
                    }
                }
                if (gram == null) {
                    gram = SupportNewton.gram(problem.design());
                }
                long deadlineNanos = Double.isInfinite(roundsDeadline) ? Long.MAX_VALUE
                        : org.cvxrelu.solver.SolverSettings.plusSeconds(t0, roundsDeadline);
                boolean fromInterior = interior && !tightened;
                if (fromInterior) {
                    // the interior-point method finds the support where the Newton path cycled; block Newton then
                    // polishes its point (interior, so blocks that should vanish are small, not zero); a working set
                    // solved again only for accuracy is polished from where it was
                    long ti = System.nanoTime();
                    if (interiorProgram == null) {
                        interiorProgram = coneProgram(problem);
                    }
                    start = interiorSolve(problem, interiorProgram, w, inner, roundsDeadline - elapsed, rowsCache);
                    interiorNanos += System.nanoTime() - ti;
                    interiorSolves++;
                }
                BlockNewton.Result res = BlockNewton.solve(problem, w, start, inner, ws.innerRounds(), deadlineNanos, gram,
                        rowsCache, lipCache);
                iterations += res.sweeps();
                newtonRounds += res.newtonSteps();
                solved = res.blocks();
                if (res.gap() > inner) {
                    stalls++;
                    stalledNow = true;
                }
            } else {
                GatedProblem sub = restricted(problem, w);
                GatedFista.Settings is = settings.withRelativeGap(inner)
                        .withMaxIterations(roundsLimit - iterations)
                        .withTimeLimit(Double.isInfinite(roundsDeadline) ? 0 : Math.max(1e-3, roundsDeadline - elapsed))
                        .withParallel(settings.parallel() && (long) n * r * w.length > 2_000_000L)
                        .withPolish(1, 0.5);
                GatedFista.Result res = GatedFista.solve(sub, is, Progress.NONE, gather(u, w, r, p));
                iterations += res.iterations();
                innerStats = res.stats();
                solved = res.u();
            }
            Arrays.fill(u, 0);
            for (int s = 0; s < w.length; s++) {
                for (int j = 0; j < r; j++) {
                    u[j * p + w[s]] = solved[s][j];
                }
            }
            long tp = System.nanoTime();
            full.forward(u, fit);
            e = GatedFista.certificate(problem, full, u, fit, z);
            pricingNanos += System.nanoTime() - tp;
            pricings++;
            prices = prices(z, r, p);
            int violators = 0; // patterns outside W priced above β
            for (int i = 0; i < p; i++) {
                if (!in[i] && prices[i] > beta) {
                    violators++;
                }
            }
            if (e[0] < best[0]) {
                bestU = u.clone();
                bestRound = rounds;
            }
            best = merged(best, e);
            report(progress, rounds, w.length, iterations, best, t0, violators);
            if (best[2] <= target) {
                converged = true;
                stop = "gap reached";
                break;
            }
            if (stalledNow && !interior && n <= INTERIOR_MAX_N) {
                // the Newton path cycles (a support of more unknowns than rows carries blocks through 0, and its
                // drop rule zeroes them: haberman, auto_mpg); its λ is not the restricted optimum's, so its
                // violators are not priced: the same working set is solved again, and the rounds go on, by the
                // interior-point method
                interior = true;
                stalls = 0;
                tightened = false; // the same working set, solved by the interior-point method
                progress.report(String.format(Locale.ROOT, "gated round=%d: the Newton path stalled on %d patterns; "
                        + "interior-point solves (polished by block Newton) from here", rounds, w.length));
                continue;
            }
            // above INTERIOR_MAX_N there is no interior-point hand-over, and a stalled Newton solve there costs up
            // to STALL_ROUNDS rounds of n³ steps: the first stall hands over
            if (stalls >= (n > INTERIOR_MAX_N ? 1 : MAX_STALLS)) {
                stop = "restricted solves stalled";
                break; // the finish over every pattern below takes over
            }
            if (!newtonPath && rounds >= SPREAD_ROUNDS && violators > SPREAD_SHARE * (p - w.length)) {
                stop = "support spread over most patterns";
                spread = true;
                break; // the finish over every pattern below takes over, from zero
            }
            // next working set: the support, the zero blocks priced near β, and the most violated others
            List<Integer> next = new ArrayList<>();
            boolean[] nextIn = new boolean[p];
            for (int s = 0; s < w.length; s++) {
                int i = w[s];
                if (!GatedProblem.isZero(solved[s]) || prices[i] >= ws.dropBelow() * beta) {
                    next.add(i);
                    nextIn[i] = true;
                }
            }
            int added = addViolators(prices, beta, nextIn, next,
                    Math.max(ws.addPerRound(), next.size() / 2), in);
            tightened = added == 0; // W less zero blocks priced below dropBelow·β: the same restricted optimum
            if (added == 0) {
                if (inner <= 1e-14) {
                    stop = "restricted solve at its accuracy limit";
                    break;
                }
                inner = Math.max(1e-14, inner * 0.1); // every violator is in W: the restricted solve was too loose
                innerTightened++;
            } else {
                inner = Math.max(0.1 * target, Math.min(inner, 1e-2 * e[2]));
            }
            for (int i : working) {
                in[i] = false;
            }
            working = next;
            for (int i : working) {
                in[i] = true;
            }
        }
        boolean fallback = false;
        double[][] roundsPoint = null; // the rounds' best point, where the finish found a lower objective
        int roundsIterations = iterations;
        double elapsedNow = (System.nanoTime() - t0) * 1e-9;
        boolean handOver = spread || atShare;
        if (handOver && elapsedNow >= deadline) {
            stop = "time limit"; // the hand-over found no time left (a round may overrun its share by a step)
        } else if (handOver && iterations >= settings.maxIterations()) {
            stop = "iteration limit"; // likewise (a round of block sweeps may overrun its share)
        }
        if (best[2] > target && !"time limit".equals(stop) && elapsedNow < deadline
                && iterations < settings.maxIterations()) {
            // the working-set rounds did not reach the target (round limit, their share of the limits, restricted
            // solves at their accuracy limit, or the support spread): a method over every pattern finishes. Up to
            // DenseNewtonSystem.MAX_ROWS samples it is the semismooth Newton augmented Lagrangian from zero with its
            // Newton system formed from the first direction (where the rounds stop short, as on raw tables in
            // different units, its conjugate gradients alone and R-FISTA both stall near a gap of 1, §38; after a
            // spread support on raw banknote, CG alone stopped at 4e-5, §39). Above that, after a spread support the
            // same with conjugate gradients (R-FISTA stalls there at gaps of 1e-2 to 0.7, BENCHMARKS §24 and §35),
            // otherwise R-FISTA warm-started from the best round
            boolean formed = n <= DenseNewtonSystem.MAX_ROWS;
            boolean augmented = spread || formed;
            String finishName = formed ? "augmented Lagrangian finish (Newton system formed): "
                    : spread ? "augmented Lagrangian finish: " : "first-order finish: ";
            GatedFista.Settings finishSettings = settings.withMaxIterations(settings.maxIterations() - iterations)
                    .withTimeLimit(Double.isInfinite(deadline) ? 0 : Math.max(1e-3, deadline - elapsedNow));
            if (augmented && iterate == null) {
                iterate = TransitionProducts.forIterations(problem, full, settings.parallel());
                finishSettings = finishSettings.afterSeconds((System.nanoTime() - t0) * 1e-9 - elapsedNow);
            }
            GatedFista.Result f = augmented
                    ? GatedAugmentedLagrangian.solve(problem, finishSettings, progress, full, iterate,
                            formed ? GatedAugmentedLagrangian.NewtonSystem.FORMED_FROM_THE_START
                                    : GatedAugmentedLagrangian.NewtonSystem.AUTOMATIC)
                    : GatedFista.solve(problem, finishSettings, progress, bestU);
            iterations += f.iterations();
            fallback = true;
            innerStats = f.stats();
            double[] finish = {f.objective(), f.lowerBound(), f.gap()};
            boolean lower = f.objective() < best[0];
            best = merged(best, finish);
            if (lower) {
                roundsPoint = GatedProblem.blocks(bestU, r, p);
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < r; j++) {
                        bestU[j * p + i] = f.u()[i][j];
                    }
                }
            }
            if (lower || best[2] <= target || atShare) {
                // the finish found the answer, or its bound closed the gap of the rounds' answer, or the rounds
                // stopped only to leave it the rest of the limits (then the finish is what ended the run)
                stop = finishName + (best[2] <= target ? "gap reached" : f.stop());
            }
        }
        double[][] blocks = GatedProblem.blocks(bestU, r, p);
        int nonzero = 0;
        for (int i = 0; i < p; i++) {
            if (!GatedProblem.isZero(blocks[i])) {
                nonzero++;
            }
        }
        converged = best[2] <= target;
        double seconds = (System.nanoTime() - t0) * 1e-9;
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("iterations", iterations);
        stats.put("roundsIterations", roundsIterations);
        stats.put("seconds", seconds);
        stats.put("secondsPerIteration", iterations > 0 ? (seconds - pricingNanos * 1e-9) / iterations : 0.0);
        stats.put("nonzeroBlocks", nonzero);
        stats.put("workingSetRounds", rounds);
        stats.put("bestRound", bestRound);
        stats.put("largestWorkingSet", largestSet);
        stats.put("fullPricings", pricings);
        stats.put("fullPricingSeconds", pricingNanos * 1e-9);
        stats.put("innerTightened", innerTightened);
        stats.put("newtonPhases", newtonRounds);
        stats.put("newtonSteps", SupportNewton.STEPS.get() - newtonSteps0);
        stats.put("newtonSeconds", (SupportNewton.NANOS.get() - newtonNanos0) * 1e-9);
        stats.put("interiorPointSolves", interiorSolves);
        stats.put("interiorPointSeconds", interiorNanos * 1e-9);
        stats.put("firstOrderFallback", fallback);
        stats.put("restrictedStalls", stalls);
        stats.put("lastRestrictedSolve", innerStats);
        stats.put("stop", stop);
        return new Answer(new GatedFista.Result(blocks, best[0], best[1], best[2], iterations, converged, stop, stats),
                roundsPoint);
    }

    /**
     * The augmented Lagrangian over every pattern from zero, instead of the rounds, where the mask transitions make
     * its products cheap ({@link #AUGMENTED_LAGRANGIAN_SHARE}); its result with the rounds' statistics at zero.
     */
    private static GatedFista.Result augmentedLagrangian(GatedProblem problem, GatedFista.Settings settings,
            Progress progress, PatternProducts full, TransitionProducts iterate, long t0) {
        GatedFista.Result f = GatedAugmentedLagrangian.solve(problem,
                settings.afterSeconds((System.nanoTime() - t0) * 1e-9), progress, full, iterate);
        Map<String, Object> stats = new LinkedHashMap<>(f.stats());
        String stop = "augmented Lagrangian over every pattern (mask transitions): " + f.stop();
        stats.put("seconds", (System.nanoTime() - t0) * 1e-9); // the products' set-up included
        stats.put("workingSetRounds", 0);
        stats.put("firstOrderFallback", false);
        stats.put("stop", stop);
        return new GatedFista.Result(f.u(), f.objective(), f.lowerBound(), f.gap(), f.iterations(), f.converged(),
                stop, stats);
    }

    /**
     * The answer of two evaluated points: the objective of the lower one and the larger of the two proven lower
     * bounds (each bounds P_gated over every pattern, whichever point it came from), with the gap of that pair.
     */
    static double[] merged(double[] a, double[] b) {
        double objective = Math.min(a[0], b[0]);
        double lower = Math.max(a[1], b[1]);
        return new double[] {objective, lower, DualBound.relativeGap(objective, lower)};
    }

    /** ‖z_i‖ for Z r × p row-major. */
    static double[] prices(double[] z, int r, int p) {
        double[] out = new double[p];
        for (int j = 0; j < r; j++) {
            int o = j * p;
            for (int i = 0; i < p; i++) {
                out[i] += z[o + i] * z[o + i];
            }
        }
        for (int i = 0; i < p; i++) {
            out[i] = Math.sqrt(out[i]);
        }
        return out;
    }

    private static int addViolators(double[] prices, double beta, boolean[] in, List<Integer> working, int limit) {
        return addViolators(prices, beta, in, working, limit, in);
    }

    /**
     * Adds up to {@code limit} patterns not in {@code in} (nor in {@code alsoIn}) priced above β, largest price
     * first (ties by index).
     */
    private static int addViolators(double[] prices, double beta, boolean[] in, List<Integer> working, int limit,
            boolean[] alsoIn) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < prices.length; i++) {
            if (!in[i] && !alsoIn[i] && prices[i] > beta) {
                candidates.add(i);
            }
        }
        candidates.sort((a, b) -> prices[a] != prices[b] ? Double.compare(prices[b], prices[a]) : Integer.compare(a, b));
        int added = 0;
        for (int i : candidates) {
            if (added >= limit) {
                break;
            }
            in[i] = true;
            working.add(i);
            added++;
        }
        return added;
    }

    /**
     * The problem restricted to the patterns w, solved by the interior-point method of the ReLU program without its
     * cone constraints ({@link GroupProblem#gated}: min ½‖Σ_s D_s X̃ u_s − y‖² + β Σ_s ‖u_s‖ as a second-order-cone
     * QP) within {@code seconds} (infinite: no limit). {@code tolerance} is the round's restricted gap; the backend
     * solves about 10⁻⁴ of it, to at most 10⁻⁵ ({@link IpmConeSolver}), as block Newton's polish needs. Its answer
     * is an interior point: the blocks that vanish at the optimum come out small, not zero; those priced below
     * β(1 − {@link #INTERIOR_SLACK}) are set to zero. Returns the blocks, {@code [s]} for w[s]. {@code program}:
     * {@link #coneProgram} of the problem. {@code rowsCache}: each pattern's active rows where known
     * ({@link BlockNewton}'s cache, read only).
     */
    static double[][] interiorSolve(GatedProblem problem, ConeProgram program, int[] w, double tolerance,
            double seconds, int[][] rowsCache) {
        List<Group> groups = new ArrayList<>(w.length);
        int[][] rows = new int[w.length][];
        for (int s = 0; s < w.length; s++) {
            groups.add(new Group(w[s], 1));
            // read only: BlockNewton fills the cache together with its Lipschitz constants
            rows[s] = rowsCache[w[s]] != null ? rowsCache[w[s]] : SupportNewton.activeRows(problem, w[s]);
        }
        SolverSettings settings = SolverSettings.defaults().withProgress(Progress.NONE).withRelativeGap(tolerance);
        if (Double.isFinite(seconds)) {
            settings = settings.withTimeLimit(Math.max(1e-3, seconds));
        }
        GroupSolution sol = new IpmConeSolver().solve(GroupProblem.gated(program, groups, null), settings);
        // a block can be non-zero at the optimum only where its price ‖X̃ᵀD_sλ‖ reaches β (λ = y − fit): blocks
        // priced below β(1 − INTERIOR_SLACK) at the interior point are set to zero (block Newton's sweeps, which
        // follow, bring back any that should not have been)
        double[][] x = problem.design();
        double[] rho = new double[problem.n()]; // ρ = fit − y = −λ
        for (int k = 0; k < rho.length; k++) {
            rho[k] = -problem.y()[k];
        }
        for (int s = 0; s < w.length; s++) {
            BlockNewton.addFit(x, rows[s], sol.w()[s], 1, rho);
        }
        double[] prices = SupportNewton.prices(x, rows, rho);
        double[][] blocks = new double[w.length][];
        for (int s = 0; s < w.length; s++) {
            double[] b = sol.w()[s];
            blocks[s] = prices[s] < (1 - INTERIOR_SLACK) * problem.beta() ? new double[b.length] : b.clone();
        }
        return blocks;
    }

    /**
     * The ReLU program on the gated problem's data and patterns. Its design is rebuilt from the features, with the
     * bias column appended as {@link Dataset#design(boolean)} does; a problem whose design is not that one is refused
     * (the interior-point method would solve another problem).
     */
    static ConeProgram coneProgram(GatedProblem problem) {
        boolean bias = problem.patterns().bias();
        int d = problem.r() - (bias ? 1 : 0);
        double[][] x = new double[problem.n()][];
        for (int k = 0; k < x.length; k++) {
            x[k] = Arrays.copyOf(problem.design()[k], d);
        }
        ConeProgram program = new ConeProgram(Dataset.of(x, problem.y()), problem.patterns(), problem.beta(), false);
        if (!Arrays.deepEquals(program.design(), problem.design())) {
            throw new IllegalArgumentException("the gated problem's design is not its features with the bias column last");
        }
        return program;
    }

    /** The problem over the patterns w only (same design, targets and β; the masks are shared). */
    static GatedProblem restricted(GatedProblem problem, int[] w) {
        PatternSet all = problem.patterns();
        List<long[]> masks = new ArrayList<>(w.length);
        List<double[]> witnesses = new ArrayList<>(w.length);
        for (int i : w) {
            masks.add(all.mask(i));
            witnesses.add(all.witness(i));
        }
        PatternSet sub = PatternSet.of(all.n(), all.r(), all.bias(), false, masks, witnesses, all.mode());
        return new GatedProblem(problem.design(), problem.y(), sub, problem.beta());
    }

    /** The columns w of U (r × p row-major) as an r × |w| row-major array. */
    static double[] gather(double[] u, int[] w, int r, int p) {
        int q = w.length;
        double[] out = new double[r * q];
        for (int j = 0; j < r; j++) {
            for (int s = 0; s < q; s++) {
                out[j * q + s] = u[j * p + w[s]];
            }
        }
        return out;
    }

    private static void report(Progress progress, int round, int size, int iterations, double[] e, long t0,
            int violators) {
        progress.report(String.format(Locale.ROOT,
                "gated round=%d working=%d it=%d objective=%.10g lower=%.10g gap=%.3e%s t=%.2fs", round, size,
                iterations, e[0], e[1], e[2], violators >= 0 ? " priced above beta=" + violators : "",
                (System.nanoTime() - t0) * 1e-9));
    }
}

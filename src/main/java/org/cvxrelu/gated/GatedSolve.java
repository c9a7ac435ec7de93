package org.cvxrelu.gated;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cvxrelu.SolveOptions;
import org.cvxrelu.certify.DualBound;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.ConvergenceDiagnosis;
import org.cvxrelu.solver.SolverSettings;
import org.cvxrelu.solver.WorkingSetSolver;

/**
 * The {@code gated} model end to end: patterns (the gates) as {@link SolveOptions#patterns()} says, the gated
 * ReLU problem solved by {@link GatedFista} to the target gap, then every non-zero block decomposed
 * ({@link ConeDecomposition}) into a ReLU net whose own objective L_β is reported beside the gated one.
 *
 * <p>What is bounded by what: {@code gatedLowerBound} ≤ P_gated ≤ {@code gatedObjective}, and
 * P_gated ≤ P_c (the ReLU convex program over the same patterns) ≤ L_β(net); so
 * (L_β(net) − gatedLowerBound)/L_β(net) bounds the ReLU net's relative gap to P_c over these patterns
 * ({@code reluGapOverPatterns}). Neither is a bound over every pattern (no global certificate).
 */
public final class GatedSolve {
    private GatedSolve() {
    }

    /**
     * The share of a time limit kept for the cone decomposition: the gated solve (and the ReLU re-solve of
     * {@code --relu-resolve}) stops that much early, and the decomposition searches each block's deeper
     * direction fully until the limit, for at most {@link ConeDecomposition#STEPS_PAST_LIMIT} steps after it. At
     * n = 10,000, d = 50 the full searches of 162 blocks take about 10 s (BENCHMARKS §17).
     */
    static final double DECOMPOSITION_SHARE = 0.1;

    /**
     * @param gated the gated answer (objective, proven lower bound, gap on the gated problem)
     * @param net the decomposed ReLU net (with the scaling recorded when standardised)
     * @param reluObjective L_β(net) on the problem's scale
     * @param reluGapOverPatterns (L_β(net) − gated lower bound)/L_β(net)
     * @param seconds the whole solve, patterns included
     * @param gatedSeconds patterns and the gated solve
     * @param reluSeconds the ReLU working-set solve seeded by the gated support (0 when not run)
     * @param relu its outcome (null when not run)
     * @param decomposedObjective L_β of the cone-decomposed net, pruned when {@code reluSource} ends in ", pruned"
     *        (+∞ when not built: the ReLU solve converged)
     * @param reluLowerBound max(gated lower bound, the ReLU solve's own bound): a lower bound on P_c over the patterns
     * @param reluSource "relu" (the seeded ReLU solve's net), "decomposition" (the direct pairs) or "decomposition
     *        (norm-minimal splits)" (the direct pairs, pruned where that fits, made a net worse than the zero net and
     *        were refined; "of K of M blocks, the time limit cut the rest" when the limit stopped the refinement
     *        part-way, {@link #decompositionSource}), or "decomposition of the working-set rounds' point" (where a
     *        finish replaced the rounds' answer and that point's net had the lower L_β); each decomposition followed by
     *        ", pruned" when {@link org.cvxrelu.optimal.Pruning} lowered its L_β
     * @param reason why the answer is not to be trusted (null when nothing is to be said): a gated gap above the
     *        target names the solve's stop and the causes seen in the data ({@link #openGap}); a net whose L_β is
     *        above ½‖y‖², the zero net's, says so
     */
    public record Outcome(GatedFista.Result gated, ReluNet net, double reluObjective, double reluGapOverPatterns,
            PatternSet patterns, int neurons, double patternSeconds, double decompositionSeconds, double seconds,
            double gatedSeconds, double reluSeconds, WorkingSetSolver.Outcome relu, double decomposedObjective,
            double reluLowerBound, String reluSource, String reason) {
    }

    /** Gated solve and cone decomposition only (no ReLU re-solve). */
    public static Outcome solve(Dataset data, double beta, SolveOptions options) {
        return solve(data, beta, options, false);
    }

    /**
     * @param reluFromGated also solve the ReLU convex program over the same patterns with the working set seeded
     *        by the gated support ({@link WorkingSetSolver}, backend {@link SolveOptions#solver()}), within the
     *        same deadline; its net is reported when it converged or beats the cone decomposition
     */
    public static Outcome solve(Dataset data, double beta, SolveOptions options, boolean reluFromGated) {
        if (options.nonnegativeOutput()) {
            throw new org.cvxrelu.BadInputException("the gated model has no nonnegative-output variant");
        }
        long t0 = System.nanoTime();
        SolverSettings clock = options.settings().startClock(); // patterns and FISTA share one deadline
        InputScaling scaling = options.standardize() ? InputScaling.standardize(data, true) : null;
        if (scaling != null) {
            data = scaling.apply(data);
        }
        PatternSet patterns = Patterns.of(data, options.patterns());
        double patternSeconds = (System.nanoTime() - t0) * 1e-9;
        options.settings().progress().report("patterns: " + patterns.size() + " (" + patterns.mode() + ")");
        double[][] design = data.design(options.patterns().bias());
        GatedProblem problem = new GatedProblem(design, data.targets(), patterns, beta);
        // under a time limit the gated solve (and the ReLU re-solve) leave a share of what is left to the cone
        // decomposition after them
        double reserve = clock.timeLimitSeconds() > 0 ? DECOMPOSITION_SHARE * Math.max(0, clock.secondsLeft()) : 0;
        double remaining = clock.timeLimitSeconds() > 0 ? Math.max(1e-3, clock.secondsLeft() - reserve) : 0;
        GatedFista.Settings fs = GatedFista.Settings.defaults().withRelativeGap(options.settings().relativeGap())
                .withMaxIterations(options.settings().maxIterations()).withTimeLimit(remaining);
        GatedWorkingSet.Answer answer = GatedWorkingSet.answer(problem, fs, GatedWorkingSet.Settings.defaults(),
                options.settings().progress());
        GatedFista.Result result = answer.result();
        double gatedSeconds = (System.nanoTime() - t0) * 1e-9;

        // the ReLU answer: the ReLU convex program over the same patterns, its working set seeded with the gated
        // support (groups (i, +1) and (i, −1) of every non-zero gated block), certified by its own pricing
        ConeProgram program = new ConeProgram(data, patterns, beta, false);
        WorkingSetSolver.Outcome relu = null;
        long t1 = System.nanoTime();
        if (reluFromGated && !clock.expired() && clock.secondsLeft() > reserve) {
            List<Group> seed = new ArrayList<>();
            for (int i = 0; i < result.u().length; i++) {
                if (!GatedProblem.isZero(result.u()[i])) {
                    seed.add(new Group(i, 1));
                    seed.add(new Group(i, -1));
                }
            }
            options.settings().progress().report("relu: working set seeded with " + seed.size() + " groups of the gated support");
            SolverSettings reluClock = reserve > 0 ? clock.atMost(clock.secondsLeft() - reserve) : clock;
            relu = WorkingSetSolver.solve(program, ConeSolvers.byName(options.solver()), reluClock, seed);
        }
        double reluSeconds = (System.nanoTime() - t1) * 1e-9;
        // the cone decomposition of the gated blocks: when no ReLU solve ran, or it did not converge
        ReluNet decomposed = null;
        double decompositionSeconds = 0;
        double zeroNet = 0; // ½‖y‖² = L_β of the zero net
        for (double t : data.targets()) {
            zeroNet += 0.5 * t * t;
        }
        double decomposedObjective = Double.POSITIVE_INFINITY;
        LeastSplits refinedSplits = null; // the norm-minimal splits, when the decomposition's pairs are theirs
        boolean pruned = false; // the decomposed net was pruned
        boolean fromRounds = false; // the decomposed net is that of the rounds' point (GatedWorkingSet.Answer)
        int leftOut = 0; // blocks of the direct decomposition the time limit left out of the net
        int blocks = 0; // the gated answer's non-zero blocks
        if (relu == null || !relu.converged()) {
            long t2 = System.nanoTime();
            DirectSplits directSplits = split(problem, result.u(), clock::expired, () -> pastGrace(clock));
            ConeDecomposition.Pair[] pairs = directSplits.pairs();
            leftOut = directSplits.leftOut();
            blocks = directSplits.blocks();
            Decomposed direct = pruned(data, beta, net(data, problem, pairs), clock);
            decomposed = direct.net();
            decomposedObjective = direct.objective();
            pruned = direct.pruned();
            // the direct pairs, pruned, still cost more than predicting zero: each block is split at its least norm
            // instead (then pruned too), where those interior-point solves fit. The direct pairs alone are worse than
            // the zero net on 13 of 23 tables (diabetes, 1,000 gates: L_β 310.6 against the zero net's 221); pruned,
            // on one of the 18 measured (linnerud), so the least splits' solves (0.3–2.3 s on tables of 300–1,000
            // rows) are spent only there (BENCHMARKS §33)
            if (decomposedObjective > zeroNet && !clock.expired() && leftOut == 0
                    && leastSplitWork(problem, result.u()) <= ConeDecomposition.LEAST_SPLIT_WORK) {
                LeastSplits splits = leastSplits(problem, result.u(), pairs, clock::expired);
                Decomposed refined = pruned(data, beta, net(data, problem, splits.pairs()), clock);
                if (refined.objective() < decomposedObjective) {
                    decomposed = refined.net();
                    decomposedObjective = refined.objective();
                    pruned = refined.pruned();
                    refinedSplits = splits;
                }
            }
            // where a finish over every pattern replaced the rounds' answer, the rounds' (sparser) point decomposed
            // too, and the net of lower L_β kept: on raw tables the rounds' was lower on 13 of 31, 12 written within
            // their limits (haberman 47.6 -> 27.3, concrete_swap 23,018 -> 6,227; BENCHMARKS §39). Up to
            // DenseNewtonSystem.MAX_ROWS rows, the range measured (a decomposition at 10,000 rows takes about 10 s)
            if (answer.roundsPoint() != null && data.n() <= DenseNewtonSystem.MAX_ROWS && !clock.expired()) {
                ConeDecomposition.Pair[] roundsPairs = split(problem, answer.roundsPoint(), clock::expired);
                Decomposed rounds = pruned(data, beta, net(data, problem, roundsPairs), clock);
                if (rounds.objective() < decomposedObjective) {
                    decomposed = rounds.net();
                    decomposedObjective = rounds.objective();
                    pruned = rounds.pruned();
                    refinedSplits = null;
                    fromRounds = true;
                }
            }
            decompositionSeconds = (System.nanoTime() - t2) * 1e-9;
        }
        boolean useRelu = relu != null && relu.objective() <= decomposedObjective;
        ReluNet net = useRelu ? relu.net() : decomposed;
        double reluObjective = useRelu ? relu.objective() : decomposedObjective;
        // lower bounds on P_c over these patterns: the gated bound (P_gated ≤ P_c) and the ReLU solve's own
        double reluLower = result.lowerBound();
        if (relu != null) {
            reluLower = Math.max(reluLower, relu.lowerBound());
        }
        double gap = DualBound.relativeGap(reluObjective, reluLower);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model", useRelu ? "gated, then relu seeded by the gated support" : "gated (cone-decomposed)");
        info.put("objective", reluObjective);
        info.put("gatedObjective", result.objective());
        info.put("gatedLowerBound", result.lowerBound());
        info.put("scale", scaling != null ? "standardized" : "raw");
        info.put("patterns", patterns.size());
        info.put("mode", patterns.mode());
        info.put("data", data.source());
        info.put("provenance", "cvxrelu solve --model gated");
        net = net.withInfo(info).withScaling(scaling);
        // a decomposition of many blocks can cost more than the zero net (each block's two cone members cancel on the
        // fit while their norms add up in the penalty)
        String reason = joined(openGap(program, result, clock, gatedSeconds), worseThanZero(reluObjective, zeroNet, useRelu));
        if (!useRelu && leftOut > 0 && !fromRounds && refinedSplits == null) {
            reason = joined(reason, String.format(java.util.Locale.ROOT,
                    "the time limit left %d of the %d non-zero blocks out of the cone-decomposed net", leftOut, blocks));
        }
        return new Outcome(result, net, reluObjective, gap, patterns, net.width(), patternSeconds, decompositionSeconds,
                (System.nanoTime() - t0) * 1e-9, gatedSeconds, reluSeconds, relu, decomposedObjective, reluLower,
                useRelu ? "relu" : fromRounds ? "decomposition of the working-set rounds' point" + (pruned ? ", pruned" : "")
                        : decompositionSource(refinedSplits, pruned, leftOut, blocks), reason);
    }

    /**
     * The decomposed net's source: "decomposition" (the direct pairs) or "decomposition (norm-minimal splits)", the
     * latter naming the blocks refined when a time limit left some with their direct pairs ("norm-minimal splits of
     * 40 of 61 blocks, the time limit cut the rest"); ", pruned" added when the pruning lowered L_β.
     */
    static String decompositionSource(LeastSplits splits, boolean pruned) {
        return decompositionSource(splits, pruned, 0, 0);
    }

    /**
     * As {@link #decompositionSource(LeastSplits, boolean)}; with the direct pairs ({@code splits} null) of which the
     * time limit left {@code leftOut} of {@code blocks} blocks out: "decomposition of 655 of 955 blocks, the time limit
     * left the rest out".
     */
    static String decompositionSource(LeastSplits splits, boolean pruned, int leftOut, int blocks) {
        String source = splits == null && leftOut > 0 ? String.format(java.util.Locale.ROOT,
                "decomposition of %d of %d blocks, the time limit left the rest out", blocks - leftOut, blocks)
                : splits == null ? "decomposition"
                : splits.cut() == 0 ? "decomposition (norm-minimal splits)"
                : String.format(java.util.Locale.ROOT,
                        "decomposition (norm-minimal splits of %d of %d blocks, the time limit cut the rest)",
                        splits.blocks() - splits.cut(), splits.blocks());
        return source + (pruned ? ", pruned" : "");
    }

    /**
     * Why the gated gap stayed above the target (null when it did not): the solve's own stop and the causes seen in the
     * data or the clock ({@link ConvergenceDiagnosis#causes}: columns in different units ask for standardisation, a
     * time limit, a β negligible against the target). Seen: raw cryotherapy (a column in mm² beside 0/1 ones) ended
     * at gap 0.73 at R-FISTA's iteration limit with no reason given.
     */
    static String openGap(ConeProgram program, GatedFista.Result result, SolverSettings clock, double seconds) {
        if (result.converged() || result.gap() <= clock.relativeGap()) {
            return null;
        }
        List<String> causes = ConvergenceDiagnosis.causes(program, result.objective(), clock, seconds);
        return String.format(java.util.Locale.ROOT, "gated gap %.2e is above the target %.1e (stopped by %s)%s",
                result.gap(), clock.relativeGap(), result.stop(), causes.isEmpty() ? "" : ": " + String.join("; ", causes));
    }

    /** The non-null ones of {@code a} and {@code b}, joined by "; " (null when both are null). */
    private static String joined(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    /** A cone-decomposed net, its L_β, and whether {@link #pruned} lowered that L_β (the net is then the pruned one). */
    private record Decomposed(ReluNet net, double objective, boolean pruned) {
    }

    /**
     * {@code net} with its L_β, pruned of neurons whose fits are dependent to rounding ({@link
     * org.cvxrelu.optimal.Pruning#pruneByObjective}: Pruning's step 4, each step judged on L_β; every neuron keeps its
     * direction, so its gate) where the work fits and the clock allows: pairs of cone members that cancel on the fit
     * are such neurons. Yacht, 1,000 gates: 310 -> 61 neurons, L_β 91.7 -> 7.32.
     */
    private static Decomposed pruned(Dataset data, double beta, ReluNet net, SolverSettings clock) {
        if (clock.expired() || pruneWork(data.n(), net.width()) > PRUNE_WORK || net.width() > PRUNE_WIDTH) {
            return new Decomposed(net, net.objective(data, beta), false);
        }
        // the pruning evaluates the given net's L_β itself (objectiveBefore): not evaluated twice
        org.cvxrelu.optimal.Pruning.Result pr = org.cvxrelu.optimal.Pruning.pruneByObjective(data, beta, net,
                clock::expired);
        return pr.objective() < pr.objectiveBefore() ? new Decomposed(pr.net(), pr.objective(), true)
                : new Decomposed(net, pr.objectiveBefore(), false);
    }

    /**
     * The most work {@link org.cvxrelu.optimal.Pruning#pruneByObjective} may take on the decomposed net, in n·m² (its
     * Gram matrix; its factorisations cost O(m·|B|²) besides): 3e9, about 6 s here on airfoil's 1,284 neurons over
     * 1,503 rows (L_β 2,237 -> 89.8 against the zero net's 751.5); the 10,000-row scale problem's 1,000 are left as
     * they are.
     */
    static final double PRUNE_WORK = 3e9;

    /** The most neurons the pruning takes: its Gram matrix has m² entries (4,000: 128 MB). */
    static final int PRUNE_WIDTH = 4000;

    /** n·m²: the work {@link #PRUNE_WORK} bounds. */
    static double pruneWork(int n, int m) {
        return (double) n * m * m;
    }

    /** The warning for a net whose L_β is above the zero net's ½‖y‖² (null when it is not). */
    static String worseThanZero(double objective, double zeroNet, boolean relu) {
        if (!(objective > zeroNet)) {
            return null;
        }
        return String.format(java.util.Locale.ROOT,
                "the %s net's L_beta %.6g is above the zero net's %.6g (half the squared targets)%s",
                relu ? "ReLU" : "cone-decomposed", objective, zeroNet, relu ? ""
                        : ": the two cone members of a block cancel on the fit while their norms add up; "
                                + "--relu-resolve solves the ReLU program over these patterns instead");
    }

    /**
     * The cone decomposition of every non-zero block (pairs[i] for block i, null for zero blocks); past the time
     * limit ({@code stop}) the search of each block's deeper direction is cut to at most
     * {@link ConeDecomposition#STEPS_PAST_LIMIT} steps ({@link ConeDecomposition#decompose(double[][], long[],
     * double[], double[], java.util.function.BooleanSupplier)}): at n = 10,000 the full searches of 243 blocks
     * took 15 s after a 150 s limit.
     */
    static ConeDecomposition.Pair[] split(GatedProblem problem, double[][] u, java.util.function.BooleanSupplier stop) {
        return split(problem, u, stop, () -> false).pairs();
    }

    /**
     * The pairs of {@link #split(GatedProblem, double[][], java.util.function.BooleanSupplier)}, the non-zero blocks'
     * count, and how many of them were left out of the net (null pairs) because {@code leaveOut} held when they came up.
     */
    record DirectSplits(ConeDecomposition.Pair[] pairs, int blocks, int leftOut) {
    }

    /**
     * As {@link #split(GatedProblem, double[][], java.util.function.BooleanSupplier)}; a block that comes up once
     * {@code leaveOut} holds is not decomposed and stays out of the net (the blocks come largest first, so those left
     * out weigh least). The gated model passes {@link #pastGrace}: at n = 10,000 with 955 blocks even ten ascent
     * steps each took 11.5 s after a 40 s limit, and the run ended at 47.8 s.
     */
    static DirectSplits split(GatedProblem problem, double[][] u, java.util.function.BooleanSupplier stop,
            java.util.function.BooleanSupplier leaveOut) {
        PatternSet patterns = problem.patterns();
        java.util.concurrent.atomic.AtomicInteger leftOut = new java.util.concurrent.atomic.AtomicInteger();
        ConeDecomposition.Pair[] pairs = eachBlock(u, i -> {
            if (leaveOut.getAsBoolean()) {
                leftOut.incrementAndGet();
                return null;
            }
            return ConeDecomposition.decompose(problem.design(), patterns.mask(i), patterns.witness(i), u[i], stop);
        });
        int blocks = (int) java.util.Arrays.stream(u).filter(b -> !GatedProblem.isZero(b)).count();
        return new DirectSplits(pairs, blocks, leftOut.get());
    }

    /**
     * The share of a time limit the cone decomposition may run past it ({@link #pastGrace}): the blocks not begun by
     * then are left out of the net, so that the run, whose net is still evaluated and written after it, ends within
     * 10 % of its limit.
     */
    static final double GRACE_SHARE = 0.04;

    /** Whether the clock's limit has passed by more than {@link #GRACE_SHARE} of it (never without a limit). */
    static boolean pastGrace(SolverSettings clock) {
        return clock.timeLimitSeconds() > 0 && clock.secondsLeft() < -GRACE_SHARE * clock.timeLimitSeconds();
    }

    /**
     * The pairs of {@link #leastSplits}, with the non-zero blocks' count and how many of them {@code stop} left with
     * their direct pairs (not begun).
     */
    record LeastSplits(ConeDecomposition.Pair[] pairs, int blocks, int cut) {
    }

    /**
     * Each pair of {@code pairs} replaced by its block's norm-minimal split where that is smaller
     * ({@link ConeDecomposition#refined}); once {@code stop} holds, the blocks not begun keep their pairs (counted in
     * {@link LeastSplits#cut}).
     */
    static LeastSplits leastSplits(GatedProblem problem, double[][] u, ConeDecomposition.Pair[] pairs,
            java.util.function.BooleanSupplier stop) {
        PatternSet patterns = problem.patterns();
        java.util.concurrent.atomic.AtomicInteger cut = new java.util.concurrent.atomic.AtomicInteger();
        ConeDecomposition.Pair[] splits = eachBlock(u, i -> {
            if (stop.getAsBoolean() || pairs[i] == null) { // (null: a block the direct pairs left out)
                cut.incrementAndGet();
                return pairs[i];
            }
            return ConeDecomposition.refined(problem.design(), patterns.mask(i), patterns.witness(i), u[i], pairs[i]);
        });
        int blocks = (int) java.util.Arrays.stream(u).filter(b -> !GatedProblem.isZero(b)).count();
        return new LeastSplits(splits, blocks, cut.get());
    }

    /**
     * The estimated work of {@link #leastSplits}: an interior-point solve per non-zero block of about
     * {@link ConeDecomposition#LEAST_SPLIT_ITERATIONS} iterations of n·(r+2)² (its Newton matrix over the n rows).
     */
    static double leastSplitWork(GatedProblem problem, double[][] u) {
        long blocks = java.util.Arrays.stream(u).filter(b -> !GatedProblem.isZero(b)).count();
        double r2 = (problem.r() + 2.0) * (problem.r() + 2.0);
        return blocks * (double) problem.n() * r2 * ConeDecomposition.LEAST_SPLIT_ITERATIONS;
    }

    /**
     * body(i) for every non-zero block, independently (in parallel: each result depends on its block and, under a
     * time limit, on whether the limit had passed when it started), collected in pattern order; the blocks are
     * taken largest first, so that a time limit cuts the work of the blocks that weigh least.
     */
    private static ConeDecomposition.Pair[] eachBlock(double[][] u,
            java.util.function.IntFunction<ConeDecomposition.Pair> body) {
        int[] order = java.util.stream.IntStream.range(0, u.length).filter(i -> !GatedProblem.isZero(u[i])).boxed()
                .sorted(java.util.Comparator.comparingDouble((Integer i) -> -ConeDecomposition.norm(u[i]))
                        .thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        ConeDecomposition.Pair[] pairs = new ConeDecomposition.Pair[u.length];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        int workers = Math.min(order.length, Runtime.getRuntime().availableProcessors());
        java.util.stream.IntStream.range(0, workers).parallel().forEach(worker -> {
            for (int t = next.getAndIncrement(); t < order.length; t = next.getAndIncrement()) {
                pairs[order[t]] = body.apply(order[t]);
            }
        });
        return pairs;
    }

    /** The ReLU net of the pairs (v_i: α &gt; 0, w_i: α &lt; 0). */
    static ReluNet net(Dataset data, GatedProblem problem, ConeDecomposition.Pair[] pairs) {
        Map<Group, double[]> blocks = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i++) {
            ConeDecomposition.Pair pair = pairs[i];
            if (pair == null) {
                continue;
            }
            if (!GatedProblem.isZero(pair.v())) {
                blocks.put(new Group(i, 1), pair.v());
            }
            if (!GatedProblem.isZero(pair.w())) {
                blocks.put(new Group(i, -1), pair.w());
            }
        }
        ConeProgram program = new ConeProgram(data, problem.patterns(), problem.beta(), false);
        return new ConvexSolution(blocks).toNet(program);
    }

    /** The report of {@code solve --model gated}: which number is which. */
    public static Map<String, Object> report(Dataset ds, Outcome o, java.nio.file.Path out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "gated");
        m.put("gatedObjective", o.gated().objective());
        m.put("gatedLowerBound", o.gated().lowerBound());
        m.put("gatedRelativeGap", o.gated().gap());
        m.put("gatedConverged", o.gated().converged());
        m.put("objective", o.reluObjective());
        m.put("objectiveOf", "relu".equals(o.reluSource())
                ? "the ReLU net (L_beta) of the ReLU convex program over these patterns, its working set seeded by the gated support"
                : "the cone-decomposed ReLU net" + (o.reluSource().endsWith("pruned") ? ", pruned" : "")
                        + " (L_beta), >= the ReLU convex optimum over these patterns");
        m.put("reluNetFrom", o.reluSource());
        // SPEC's keys of solve: the bound and gap of the reported net over these patterns (not certified, no global
        // claim: the gated model's answer is never called exact)
        m.put("lowerBound", o.reluLowerBound());
        m.put("relativeGap", o.reluGapOverPatterns());
        m.put("exact", false);
        m.put("solver", "relu".equals(o.reluSource()) ? "gated working set, then the ReLU program" : "gated working set");
        m.put("reluLowerBound", o.reluLowerBound());
        m.put("reluGapOverPatterns", o.reluGapOverPatterns());
        m.put("reluLowerBoundOf", "max(gated lower bound, the ReLU solve's own dual bound): a lower bound on the ReLU "
                + "convex program over these patterns");
        if (o.relu() != null) {
            m.put("reluConverged", o.relu().converged());
            m.put("reluOuterIterations", o.relu().outerIterations());
        }
        if (Double.isFinite(o.decomposedObjective())) {
            m.put("decomposedObjective", o.decomposedObjective());
        }
        if (o.reason() != null) {
            m.put("reason", o.reason());
        }
        m.put("certified", false);
        m.put("lowerBoundScope", "the " + o.patterns().mode() + " patterns (no global bound)");
        m.put("patterns", o.patterns().size());
        m.put("mode", o.patterns().mode());
        m.put("neurons", o.neurons());
        m.put("iterations", o.gated().iterations());
        m.put("stop", o.gated().stop());
        m.put("seconds", o.seconds());
        m.put("patternSeconds", o.patternSeconds());
        m.put("solveSeconds", o.gated().stats().get("seconds"));
        m.put("gatedSeconds", o.gatedSeconds());
        m.put("reluSeconds", o.reluSeconds());
        m.put("decompositionSeconds", o.decompositionSeconds());
        m.put("secondsPerIteration", o.gated().stats().get("secondsPerIteration"));
        m.put("iterationsAre", "block sweeps (or restricted R-FISTA iterations) of the working-set rounds (roundsIterations; up to 2,000 rows about half the limit at most), plus the iterations of a finish over every pattern (the augmented Lagrangian's product pairs, or above 2,000 rows R-FISTA iterations where the support did not spread); on low-dimensional data the augmented Lagrangian's product pairs alone (no rounds)");
        for (String key : new String[] {"nonzeroBlocks", "workingSetRounds", "roundsIterations", "largestWorkingSet", "newtonSteps",
                "newtonSeconds", "interiorPointSolves", "interiorPointSeconds", "fullPricings", "firstOrderFallback"}) {
            if (o.gated().stats().containsKey(key)) {
                m.put(key, o.gated().stats().get(key));
            }
        }
        m.put("n", ds.n());
        m.put("d", ds.d());
        m.put("beta", o.net().beta());
        if (out != null) {
            m.put("out", out.toString());
        }
        return m;
    }
}

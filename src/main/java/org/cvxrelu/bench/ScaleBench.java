package org.cvxrelu.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.gated.BlasBaseline;
import org.cvxrelu.gated.GatedAugmentedLagrangian;
import org.cvxrelu.gated.GatedFista;
import org.cvxrelu.gated.GatedProblem;
import org.cvxrelu.gated.PatternProducts;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.ConeSolver;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.firstorder.ConeHandling;
import org.cvxrelu.solver.firstorder.FistaConeSolver;
import org.cvxrelu.solver.firstorder.FistaSettings;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.Progress;
import org.cvxrelu.solver.SolverSettings;

/**
 * The scale run: planted teacher data (n × d), p sampled patterns, the fista backend over all G = 2p groups
 * for a short time limit, its time per iteration against the time of its two matrix products (X̃W: n×r by
 * r×G, and X̃ᵀH: r×n by n×G), and a memory-bandwidth probe to compare with.
 *
 * <p>By default the cone constraints are handled by the augmented Lagrangian (prox = plain group
 * soft-threshold): the exact-cone prox (one NNLS with n constraints per group and iteration) did not finish
 * a 30 s-limited run in 10 minutes at n = 10,000 (the limit is only checked between iterations).
 *
 * <p>Issue 16's yardstick: the same run times the two products as plain {@code dgemm} calls of the optimised
 * native BLAS where one is present ({@link BlasBaseline}; {@code blasAtGroups} at G groups, and
 * {@code gated.blasAtPatterns} at the gated problem's p patterns, measured just before the gated solve), and
 * reports {@code gated.secondsPerIterationOverBlasTwoProducts} (the must-show is ≤ 2), and for the ReLU fista the
 * top-level {@code secondsPerIterationOverBlasTwoProducts} against {@code blasAtGroups}. Without a native BLAS
 * those fields are null and {@code blasImplementation} is "none".
 *
 * <p>Memory: fista holds about 4·n·G doubles (three n×G iterates and the n×G products) plus O(r·G); at
 * n = 10,000, G = 2,000 that is 4·10⁴·2·10³·8 B = 640 MB, so -Xmx1g is the least and -Xmx2g comfortable.
 */
public final class ScaleBench {
    private ScaleBench() {
    }

    public static Map<String, Object> run(int n, int d, int patterns, double beta, double seconds, int maxIterations,
            long seed, boolean exactCones, Progress progress,
            java.util.function.Consumer<Map<String, Object>> partial) {
        return run(n, d, patterns, beta, seconds, maxIterations, seed, exactCones, true, progress, partial);
    }

    /** A gated solve's stats with its wall time, objective, proven bound, gap and convergence. */
    private static Map<String, Object> gatedReport(GatedFista.Result result, double wallSeconds) {
        Map<String, Object> m = new LinkedHashMap<>(result.stats());
        m.put("wallSeconds", wallSeconds);
        m.put("gap", result.gap());
        m.put("objective", result.objective());
        m.put("lowerBound", result.lowerBound());
        m.put("converged", result.converged());
        return m;
    }

    /**
     * As above; {@code reluFista} false skips the (slow) ReLU fista run and keeps the product comparison and the
     * gated run.
     */
    public static Map<String, Object> run(int n, int d, int patterns, double beta, double seconds, int maxIterations,
            long seed, boolean exactCones, boolean reluFista, Progress progress,
            java.util.function.Consumer<Map<String, Object>> partial) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", n);
        out.put("d", d);
        out.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        long t0 = System.nanoTime();
        Dataset data = InstanceGenerator.teacher(n, d, 5, seed, 0.1);
        progress.report("scale: data " + n + "x" + d);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, patterns, seed));
        out.put("patterns", ps.size());
        out.put("patternSeconds", (System.nanoTime() - t0) / 1e9);
        ConeProgram program = new ConeProgram(data, ps, beta, false);
        List<Group> groups = program.groups();
        int g = groups.size();
        int r = d + 1;
        out.put("groups", g);
        out.put("estimatedFistaBytes", 4L * n * g * Double.BYTES);
        // the two products fista does per iteration, with the same ojAlgo call, timed on their own
        double[][] x = program.design();
        org.ojalgo.matrix.store.R064Store design = org.ojalgo.matrix.store.R064Store.FACTORY.make(n, r);
        org.ojalgo.matrix.store.R064Store designT = org.ojalgo.matrix.store.R064Store.FACTORY.make(r, n);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < r; j++) {
                design.data[k + j * n] = x[k][j];
                designT.data[j + k * r] = x[k][j];
            }
        }
        org.ojalgo.matrix.store.R064Store w = org.ojalgo.matrix.store.R064Store.FACTORY.make(r, g);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] = rnd.nextGaussian();
        }
        double[] ojalgo = ojalgoBest(4, design, designT, w);
        double fwdBest = ojalgo[0];
        double bwdBest = ojalgo[1];
        double bytes0 = 8.0 * n * g;
        double flops0 = 2.0 * n * r * g;
        double bw0 = copyBandwidth(256L << 20, 5);
        out.put("standaloneForwardSeconds", fwdBest);
        out.put("standaloneBackwardSeconds", bwdBest);
        out.put("copyBandwidthBytesPerSecond", bw0);
        out.put("standaloneForwardGBps", bytes0 / fwdBest / 1e9);
        out.put("standaloneForwardGflops", flops0 / fwdBest / 1e9);
        out.put("standaloneBackwardGBps", bytes0 / bwdBest / 1e9);
        out.put("standaloneBackwardGflops", flops0 / bwdBest / 1e9);
        // the same flops in the fused, multi-threaded kernel of the gated path (one mask per group, G columns)
        long[][] groupMasks = new long[g][];
        for (int c = 0; c < g; c++) {
            groupMasks[c] = ps.mask(groups.get(c).pattern());
        }
        PatternProducts own = new PatternProducts(x, groupMasks, true);
        double[] u = new double[r * g];
        for (int i = 0; i < u.length; i++) {
            u[i] = rnd.nextGaussian();
        }
        double[] fit = new double[n];
        double[] zz = new double[r * g];
        double[] ownBest = kernelBest(4, own, u, fit, zz);
        double ownFwd = ownBest[0];
        double ownBwd = ownBest[1];
        out.put("ownKernelBackend", own.backend().name());
        own = null;
        out.put("ownKernelThreads", java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1);
        out.put("ownForwardSeconds", ownFwd);
        out.put("ownBackwardSeconds", ownBwd);
        out.put("ownForwardGflops", flops0 / ownFwd / 1e9);
        out.put("ownBackwardGflops", flops0 / ownBwd / 1e9);
        if (PatternProducts.nativeBlasAvailable()) {
            // the pure-Java fallback kernel on the same data (ownForward… above used the native BLAS)
            PatternProducts javaKernel = new PatternProducts(x, groupMasks, true, PatternProducts.Backend.JAVA);
            double[] javaBest = kernelBest(3, javaKernel, u, fit, zz);
            out.put("javaKernelForwardSeconds", javaBest[0]);
            out.put("javaKernelBackwardSeconds", javaBest[1]);
        }
        // issue 16's yardstick: the same two products as plain dgemm calls of the optimised native BLAS
        out.put("blasImplementation", PatternProducts.nativeBlasName());
        // OpenBLAS's thread count is fixed by this variable when the library loads (unset: one per core)
        out.put("openblasNumThreads", System.getenv("OPENBLAS_NUM_THREADS"));
        out.put("blasAtGroups", BlasBaseline.measure(x, g, 5, 2));
        out.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        partial.accept(out);

        // the gated ReLU problem over the same p patterns (p groups, not 2p), to 1e-6 or the time limit
        progress.report("scale: gated on " + ps.size() + " patterns, limit " + seconds + " s");
        GatedProblem gated = new GatedProblem(x, program.y(), ps, beta);
        // the yardstick for this solve's secondsPerIteration: its two products (n × r by r × p, p patterns) in
        // the optimised BLAS, measured now, in this process, just before the solve
        Map<String, Object> blasAtPatterns = BlasBaseline.measure(x, ps.size(), 5, 3);
        double loadBeforeGated = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long cg = BlasBaseline.threadCpuNanos();
        long tg = System.nanoTime();
        GatedFista.Result gr = GatedFista.solve(gated, GatedFista.Settings.defaults().withTimeLimit(seconds)
                .withMaxIterations(maxIterations), progress);
        double gatedSeconds = (System.nanoTime() - tg) / 1e9;
        double gatedCpuSeconds = cg >= 0 ? (BlasBaseline.threadCpuNanos() - cg) / 1e9 : Double.NaN;
        Map<String, Object> gm = gatedReport(gr, gatedSeconds);
        double twoProducts = 2.0 * 2.0 * n * r * ps.size() / 1e9; // Gflop of one forward and one backward
        gm.put("gflopPerTwoProducts", twoProducts);
        gm.put("ownTwoProductSecondsInRun", num(gr.stats().get("secondsPerForwardProduct"))
                + num(gr.stats().get("secondsPerBackwardProduct")));
        // issue 16: secondsPerIteration against the two products in the optimised BLAS (same run, same shapes)
        gm.put("productsBackend", PatternProducts.Backend.best().name());
        gm.put("loadAverageBefore", loadBeforeGated);
        gm.put("blasAtPatterns", blasAtPatterns);
        if (blasAtPatterns != null) {
            double blasTwo = num(blasAtPatterns.get("twoProductSeconds"));
            double perIteration = num(gr.stats().get("secondsPerIteration"));
            gm.put("blasTwoProductSeconds", blasTwo);
            gm.put("secondsPerIterationOverBlasTwoProducts", perIteration / blasTwo);
            gm.put("withinTwiceBlasTwoProducts", perIteration <= 2 * blasTwo);
            // the same comparison in CPU seconds of this thread, which the load on a shared machine moves far
            // less than wall time; complete only when the BLAS computes on this thread (OPENBLAS_NUM_THREADS=1),
            // and the solve's share includes its gap checks and polishes (so the ratio is, if anything, high)
            Object blasCpu = blasAtPatterns.get("twoProductCpuSeconds");
            int its = ((Number) gr.stats().get("iterations")).intValue();
            if (blasCpu instanceof Double bc && its > 0 && !Double.isNaN(gatedCpuSeconds)) {
                gm.put("callerThreadCpuSecondsPerIteration", gatedCpuSeconds / its);
                gm.put("cpuPerIterationOverBlasTwoProductsCpu", gatedCpuSeconds / its / bc);
            }
        }
        out.put("gated", gm);
        out.put("loadAverageAfterGated",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        partial.accept(out);

        // the same gated problem by the semismooth Newton augmented Lagrangian (what `solve --model gated` finishes
        // with once the support spreads), same target and limit; its unit of work is the product pair
        progress.report("scale: gated, augmented Lagrangian, limit " + seconds + " s");
        long ta = System.nanoTime();
        GatedFista.Result ar = GatedAugmentedLagrangian.solve(gated, GatedFista.Settings.defaults()
                .withTimeLimit(seconds).withMaxIterations(Integer.MAX_VALUE), progress);
        double alSeconds = (System.nanoTime() - ta) / 1e9;
        Map<String, Object> am = gatedReport(ar, alSeconds);
        int pairs = ((Number) ar.stats().get("iterations")).intValue();
        double perPair = pairs > 0 ? alSeconds / pairs : Double.NaN;
        am.put("secondsPerProductPair", perPair);
        if (blasAtPatterns != null) {
            am.put("secondsPerProductPairOverBlasTwoProducts", perPair / num(blasAtPatterns.get("twoProductSeconds")));
        }
        out.put("gatedAugmentedLagrangian", am);
        partial.accept(out);
        if (!reluFista) {
            out.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
            return out;
        }

        out.put("fistaIterationLog", new ArrayList<double[]>());
        partial.accept(out);
        @SuppressWarnings("unchecked")
        List<double[]> log = (List<double[]>) out.get("fistaIterationLog");
        long tFista = System.nanoTime();
        Progress outer = progress;
        progress = message -> {
            outer.report(message);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^fista it=(\\d+)").matcher(message);
            if (m.find()) {
                synchronized (log) {
                    log.add(new double[] {Integer.parseInt(m.group(1)), (System.nanoTime() - tFista) / 1e9});
                }
                partial.accept(out);
            }
        };
        progress.report("scale: fista on " + g + " groups, limit " + seconds + " s");
        SolverSettings settings = SolverSettings.defaults().withTimeLimit(seconds).withMaxIterations(maxIterations)
                .withProgress(progress);
        long t1 = System.nanoTime();
        ConeSolver fista = exactCones ? ConeSolvers.byName("fista")
                : new FistaConeSolver(FistaSettings.defaults().withConeHandling(ConeHandling.AUGMENTED_LAGRANGIAN)
                        // at this size one certificate (2,000 exact projections onto cones of 10,000 rows) costs
                        // tens of seconds: certify at the start and the end only, so iterations can be timed
                        .withCertifyEvery(Integer.MAX_VALUE));
        out.put("coneHandling", exactCones ? "projection" : "augmented-lagrangian");
        GroupSolution sol = fista.solve(new GroupProblem(program, groups), settings);
        double fistaSeconds = (System.nanoTime() - t1) / 1e9;
        out.put("fistaSeconds", fistaSeconds);
        out.put("fistaStatus", sol.status());
        for (String k : new String[] {"iterations", "gap", "secondsPerIteration", "forwardProducts",
                "secondsPerForwardProduct", "backwardProducts", "secondsPerBackwardProduct", "productSecondsPerIteration",
                "certifications", "certificationSeconds", "abandonedCertifications", "workingMemoryBytes", "stop"}) {
            out.put(k, sol.stats().get(k));
        }
        // each product streams one n×G matrix (written by X̃W, read by X̃ᵀH) and does 2·n·r·G flops
        double bytes = 8.0 * n * g;
        double flops = 2.0 * n * r * g;
        out.put("bytesPerProduct", bytes);
        out.put("flopsPerProduct", flops);
        double fwd = num(sol.stats().get("secondsPerForwardProduct"));
        double bwd = num(sol.stats().get("secondsPerBackwardProduct"));
        double bw = bw0;
        if (fwd > 0) {
            out.put("forwardGBps", bytes / fwd / 1e9);
            out.put("forwardGflops", flops / fwd / 1e9);
            out.put("forwardFractionOfBandwidth", bytes / fwd / bw);
        }
        if (bwd > 0) {
            out.put("backwardGBps", bytes / bwd / 1e9);
            out.put("backwardGflops", flops / bwd / 1e9);
            out.put("backwardFractionOfBandwidth", bytes / bwd / bw);
        }
        // issue 16's yardstick for the ReLU fista: its seconds per iteration against the two BLAS products at G groups
        if (out.get("blasAtGroups") instanceof Map<?, ?> blasAtG && blasAtG.get("twoProductSeconds") instanceof Number two
                && num(sol.stats().get("secondsPerIteration")) > 0) {
            double ratio = num(sol.stats().get("secondsPerIteration")) / two.doubleValue();
            out.put("secondsPerIterationOverBlasTwoProducts", ratio);
            out.put("withinTwiceBlasTwoProducts", ratio <= 2);
        }
        out.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
        return out;
    }

    /**
     * The best wall seconds of {@code forward} and of {@code backward} over {@code reps} runs of the pair, each
     * run timing forward then backward back to back.
     */
    private static double[] bestOf(int reps, Runnable forward, Runnable backward) {
        double fwd = Double.POSITIVE_INFINITY;
        double bwd = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < reps; rep++) {
            long a = System.nanoTime();
            forward.run();
            long b = System.nanoTime();
            backward.run();
            long c = System.nanoTime();
            fwd = Math.min(fwd, (b - a) / 1e9);
            bwd = Math.min(bwd, (c - b) / 1e9);
        }
        return new double[] {fwd, bwd};
    }

    /** {@link #bestOf} the ojAlgo products X̃W (into an n × G store made here, freed on return) and X̃ᵀ(X̃W). */
    private static double[] ojalgoBest(int reps, org.ojalgo.matrix.store.R064Store design,
            org.ojalgo.matrix.store.R064Store designT, org.ojalgo.matrix.store.R064Store w) {
        org.ojalgo.matrix.store.R064Store big = org.ojalgo.matrix.store.R064Store.FACTORY.make(design.countRows(),
                w.countColumns());
        org.ojalgo.matrix.store.R064Store small = org.ojalgo.matrix.store.R064Store.FACTORY.make(designT.countRows(),
                w.countColumns());
        return bestOf(reps, () -> big.fillByMultiplying(design, w), () -> small.fillByMultiplying(designT, big));
    }

    /** {@link #bestOf} a kernel's forward ŷ = Σ_i D_i X̃ u_i and backward [X̃ᵀD_i ŷ]_i. */
    private static double[] kernelBest(int reps, PatternProducts kernel, double[] u, double[] fit, double[] zz) {
        return bestOf(reps, () -> kernel.forward(u, fit), () -> kernel.backward(fit, zz));
    }

    private static double num(Object o) {
        return o instanceof Number x ? x.doubleValue() : Double.NaN;
    }

    /**
     * A simple bandwidth probe: System.arraycopy between two arrays of {@code bytes} each (counted as read +
     * write, 2·bytes per copy); the best of {@code reps} after one warm-up.
     */
    public static double copyBandwidth(long bytes, int reps) {
        int len = (int) Math.min(Integer.MAX_VALUE - 8, bytes / Double.BYTES);
        double[] a = new double[len];
        double[] b = new double[len];
        java.util.Arrays.fill(a, 1.0);
        System.arraycopy(a, 0, b, 0, len);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            System.arraycopy(a, 0, b, 0, len);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
            a[i] = b[len - 1 - i];
        }
        return 2.0 * len * Double.BYTES / best;
    }
}

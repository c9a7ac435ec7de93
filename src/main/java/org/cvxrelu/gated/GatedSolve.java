package org.cvxrelu.gated;

import java.util.LinkedHashMap;
import java.util.Map;

import org.cvxrelu.SolveOptions;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.SolverSettings;

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
     * @param gated the gated answer (objective, proven lower bound, gap on the gated problem)
     * @param net the decomposed ReLU net (with the scaling recorded when standardised)
     * @param reluObjective L_β(net) on the problem's scale
     * @param reluGapOverPatterns (L_β(net) − gated lower bound)/L_β(net)
     * @param seconds the whole solve, patterns included
     */
    public record Outcome(GatedFista.Result gated, ReluNet net, double reluObjective, double reluGapOverPatterns,
            PatternSet patterns, int neurons, double patternSeconds, double decompositionSeconds, double seconds) {
    }

    public static Outcome solve(Dataset data, double beta, SolveOptions options) {
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
        double remaining = clock.timeLimitSeconds() > 0 ? Math.max(1e-3, clock.secondsLeft()) : 0;
        GatedFista.Settings fs = GatedFista.Settings.defaults().withRelativeGap(options.settings().relativeGap())
                .withMaxIterations(options.settings().maxIterations()).withTimeLimit(remaining);
        GatedFista.Result result = GatedWorkingSet.solve(problem, fs, options.settings().progress());
        long t1 = System.nanoTime();
        ReluNet net = decompose(data, problem, result.u());
        double decompositionSeconds = (System.nanoTime() - t1) * 1e-9;
        double relu = net.objective(data, beta);
        double gap = relu > 0 ? Math.max(0, relu - result.lowerBound()) / relu : 0;
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model", "gated (cone-decomposed)");
        info.put("objective", relu);
        info.put("gatedObjective", result.objective());
        info.put("gatedLowerBound", result.lowerBound());
        info.put("scale", scaling != null ? "standardized" : "raw");
        info.put("patterns", patterns.size());
        info.put("mode", patterns.mode());
        info.put("data", data.source());
        info.put("provenance", "cvxrelu solve --model gated");
        net = net.withInfo(info).withScaling(scaling);
        return new Outcome(result, net, relu, gap, patterns, net.width(), patternSeconds, decompositionSeconds,
                (System.nanoTime() - t0) * 1e-9);
    }

    /** The ReLU net of the cone decomposition of every non-zero block (v_i: α &gt; 0, w_i: α &lt; 0). */
    static ReluNet decompose(Dataset data, GatedProblem problem, double[][] u) {
        PatternSet patterns = problem.patterns();
        Map<Group, double[]> blocks = new LinkedHashMap<>();
        for (int i = 0; i < u.length; i++) {
            if (GatedProblem.isZero(u[i])) {
                continue;
            }
            ConeDecomposition.Pair pair = ConeDecomposition.decompose(problem.design(), patterns.mask(i),
                    patterns.witness(i), u[i]);
            if (!GatedProblem.isZero(pair.v())) {
                blocks.put(new Group(i, 1), pair.v());
            }
            if (!GatedProblem.isZero(pair.w())) {
                blocks.put(new Group(i, -1), pair.w());
            }
        }
        ConeProgram program = new ConeProgram(data, patterns, problem.beta(), false);
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
        m.put("objectiveOf", "the cone-decomposed ReLU net (L_beta), >= the ReLU convex optimum over these patterns");
        m.put("reluGapOverPatterns", o.reluGapOverPatterns());
        m.put("certified", false);
        m.put("lowerBoundScope", "gated problem over the " + o.patterns().mode() + " patterns (no global bound)");
        m.put("patterns", o.patterns().size());
        m.put("mode", o.patterns().mode());
        m.put("neurons", o.neurons());
        m.put("iterations", o.gated().iterations());
        m.put("stop", o.gated().stop());
        m.put("seconds", o.seconds());
        m.put("patternSeconds", o.patternSeconds());
        m.put("solveSeconds", o.gated().stats().get("seconds"));
        m.put("decompositionSeconds", o.decompositionSeconds());
        m.put("secondsPerIteration", o.gated().stats().get("secondsPerIteration"));
        m.put("n", ds.n());
        m.put("d", ds.d());
        m.put("beta", o.net().beta());
        if (out != null) {
            m.put("out", out.toString());
        }
        return m;
    }
}

package org.cvxrelu;

import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.SolverSettings;

/**
 * How {@link CvxRelu#solve} works: which patterns (exact by default), which backend, its settings, and
 * whether output weights are restricted to α ≥ 0 (only the v_i blocks).
 */
public record SolveOptions(PatternOptions patterns, String solver, SolverSettings settings, boolean nonnegativeOutput) {

    /** Exact patterns with bias, the reference backend, gap 1e-6. */
    public static SolveOptions defaults() {
        return new SolveOptions(PatternOptions.exact(true), ConeSolvers.DEFAULT, SolverSettings.defaults(), false);
    }

    public SolveOptions withPatterns(PatternOptions p) {
        return new SolveOptions(p, solver, settings, nonnegativeOutput);
    }

    public SolveOptions withSolver(String name) {
        return new SolveOptions(patterns, name, settings, nonnegativeOutput);
    }

    public SolveOptions withSettings(SolverSettings s) {
        return new SolveOptions(patterns, solver, s, nonnegativeOutput);
    }

    public SolveOptions withNonnegativeOutput(boolean b) {
        return new SolveOptions(patterns, solver, settings, b);
    }
}

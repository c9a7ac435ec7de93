package org.cvxrelu;

import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.SolverSettings;

/**
 * How {@link CvxRelu#solve} works: which patterns (exact by default), which backend, its settings,
 * whether output weights are restricted to α ≥ 0 (only the v_i blocks), and whether the problem is posed on
 * standardised data.
 *
 * <p>{@code standardize}: features and target are z-scored first (population standard deviation; a constant
 * column is only centred, see {@link org.cvxrelu.net.InputScaling#standardize}); β, the objective and the
 * bounds are then on that scale, and the net records the scaling so that it predicts in raw units. Honoured by
 * {@link CvxRelu#solve}; the other entry points taking a {@code SolveOptions} expect data already on the scale
 * to use.
 *
 * <p>{@code enumerate}: when the exact arrangement fits, list every cell (the answer then says {@code exact}),
 * even where it is large enough that {@link CvxRelu#solve} would otherwise price it by branch and bound
 * ({@link CvxRelu#GLOBAL_PRICING_MIN_CELLS}, or {@link CvxRelu#GLOBAL_PRICING_MIN_CELLS_ZSCORED} on z-scored
 * features); for analyses that need every cell's price (the optimal set).
 */
public record SolveOptions(PatternOptions patterns, String solver, SolverSettings settings, boolean nonnegativeOutput,
        boolean standardize, boolean enumerate) {

    /** The options on the file's own scale (no standardisation). */
    public SolveOptions(PatternOptions patterns, String solver, SolverSettings settings, boolean nonnegativeOutput) {
        this(patterns, solver, settings, nonnegativeOutput, false);
    }

    /** The options with the route chosen by size (see {@code enumerate}). */
    public SolveOptions(PatternOptions patterns, String solver, SolverSettings settings, boolean nonnegativeOutput,
            boolean standardize) {
        this(patterns, solver, settings, nonnegativeOutput, standardize, false);
    }

    /** Exact patterns with bias, the reference backend, gap 1e-6, the data as given. */
    public static SolveOptions defaults() {
        return new SolveOptions(PatternOptions.exact(true), ConeSolvers.DEFAULT, SolverSettings.defaults(), false);
    }

    public SolveOptions withPatterns(PatternOptions p) {
        return new SolveOptions(p, solver, settings, nonnegativeOutput, standardize, enumerate);
    }

    public SolveOptions withSolver(String name) {
        return new SolveOptions(patterns, name, settings, nonnegativeOutput, standardize, enumerate);
    }

    public SolveOptions withSettings(SolverSettings s) {
        return new SolveOptions(patterns, solver, s, nonnegativeOutput, standardize, enumerate);
    }

    public SolveOptions withNonnegativeOutput(boolean b) {
        return new SolveOptions(patterns, solver, settings, b, standardize, enumerate);
    }

    public SolveOptions withStandardize(boolean b) {
        return new SolveOptions(patterns, solver, settings, nonnegativeOutput, b, enumerate);
    }

    public SolveOptions withEnumerate(boolean b) {
        return new SolveOptions(patterns, solver, settings, nonnegativeOutput, standardize, b);
    }
}

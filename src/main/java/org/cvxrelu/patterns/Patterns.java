package org.cvxrelu.patterns;

import java.math.BigInteger;

import org.cvxrelu.BadInputException;
import org.cvxrelu.data.Dataset;

/**
 * The patterns stage: exact enumeration or sampling, after a size estimate that refuses enumerations too
 * large for the memory budget.
 */
public final class Patterns {
    private Patterns() {
    }

    /** Exact or sampled patterns of {@code data} as the options say. */
    public static PatternSet of(Dataset data, PatternOptions options) {
        return of(data, options, () -> false);
    }

    /**
     * As {@link #of(Dataset, PatternOptions)}; an exact enumeration asks {@code stop} at least once per
     * top-level hyperplane and ends with a {@link java.util.concurrent.CancellationException} when it says so (a
     * solve's time limit).
     */
    public static PatternSet of(Dataset data, PatternOptions options, java.util.function.BooleanSupplier stop) {
        double[][] design = data.design(options.bias());
        if (options.sampling()) {
            if (options.samples() < 1) {
                throw new BadInputException("--sample must be a positive number of gate vectors, got " + options.samples());
            }
            return PatternSampler.sample(design, options.bias(), options.samples(), options.seed());
        }
        ArrangementEnumerator.Hyperplanes hp = ArrangementEnumerator.hyperplanes(design);
        BigInteger bound = CoverCount.cells(hp.count(), hp.rank());
        if (bound.compareTo(BigInteger.valueOf(options.maxPatterns())) > 0) {
            throw new BadInputException("exact enumeration of " + data.source() + " (n=" + data.n() + ", r="
                    + data.r(options.bias()) + ") may need up to " + bound + " patterns, over the budget of "
                    + options.maxPatterns() + "; sample instead with --sample N --seed S");
        }
        return ArrangementEnumerator.enumerate(design, options.bias(), hp, stop);
    }

    /**
     * An upper bound on the number of cells before enumerating: Cover's count for the m distinct hyperplanes
     * and the rank ρ of their normals, 2 Σ_{k&lt;ρ} binom(m−1, k) (m and ρ exact).
     */
    public static BigInteger estimate(double[][] design) {
        ArrangementEnumerator.Hyperplanes hp = ArrangementEnumerator.hyperplanes(design);
        return CoverCount.cells(hp.count(), hp.rank());
    }

    /** Whether exact enumeration of {@code design} stays within {@code maxPatterns} by {@link #estimate}. */
    public static boolean exactFits(double[][] design, long maxPatterns) {
        return estimate(design).compareTo(BigInteger.valueOf(maxPatterns)) <= 0;
    }

    /** Cover's count for n rows in general position in R^r: the {@code coverBound} of the patterns report. */
    public static BigInteger coverBound(int n, int r) {
        return CoverCount.cells(n, r);
    }
}

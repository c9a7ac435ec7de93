package org.cvxrelu.solver;

import java.util.List;

import org.cvxrelu.net.ReluNet;

/**
 * Column generation's exact pricing step ({@link ColumnGeneration} asks it when the heuristic search finds no
 * violator): at a restricted answer θ, with λ = y − f_θ(X), it looks at every pattern of the arrangement at once
 * and either names a direction u whose pattern D(u) is priced above β, which the search missed, or proves the
 * answer optimal over every pattern to the target gap.
 */
public interface GlobalPricer {
    /**
     * @param net the restricted answer θ (on the scale the program is posed on)
     * @param threshold a pattern is a violator when its price exceeds this (β(1 + ε))
     */
    Verdict price(ReluNet net, double threshold);

    /** Whether {@link #price} searches at all (false: it answers "not settled, not complete" at once). */
    default boolean searches() {
        return true;
    }

    /**
     * @param violators points u with s·λᵀ(X̃u)₊ above the threshold, at most one per pattern and sign, the most
     *        violated first (empty when none was found)
     * @param settled whether θ is proven optimal to the target gap over every pattern
     * @param complete whether the search ran to its end (not stopped by its budget): when it did not, later
     *        searches are unlikely to settle either
     * @param summary one line on the search (for progress reports)
     */
    record Verdict(List<Direction> violators, boolean settled, boolean complete, String summary) {
        public Verdict {
            violators = List.copyOf(violators);
        }
    }

    /** A unit u and a sign s with s·λᵀ(X̃u)₊ = value. */
    record Direction(double[] u, int sign, double value) {
    }
}

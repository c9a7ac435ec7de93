package org.cvxrelu;

import java.util.Map;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternSet;

/**
 * The answer of {@link CvxRelu#solve}: the net ψ(W), its objective L_β (an upper bound on the global
 * optimum), a lower bound and their relative gap.
 *
 * <p>{@code certified} is true when the lower bound holds for the global optimum over nets of any width:
 * the patterns were exact, or the pricing behind the bound covered every pattern of the arrangement
 * ({@code lowerBoundScope} says "all patterns"), or c(λ) was bounded over every pattern by branch and bound
 * ("global (branch and bound)": a large arrangement in few dimensions, or {@code --global-seconds}); otherwise the
 * bound holds over the patterns used only ("sampled patterns", "generated patterns").
 *
 * <p>{@code converged} is true when the reported relative gap met the target (for a sampled solve certified
 * over all patterns: the global gap); otherwise {@code reason} says why not
 * ({@link org.cvxrelu.solver.ConvergenceDiagnosis}), and is null when it did.
 */
public record SolveResult(ReluNet net, double objective, double convexObjective, double lowerBound,
        double relativeGap, boolean exact, boolean certified, String lowerBoundScope, PatternSet patterns,
        ConeProgram program, ConvexSolution solution, String solver, boolean converged, int outerIterations,
        int workingSetSize, double seconds, Map<String, Object> stats, String reason) {

    /** Number of neurons of the returned net. */
    public int neurons() {
        return net.width();
    }
}

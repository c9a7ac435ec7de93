package org.cvxrelu.solver.firstorder;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConeProjection;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.SolverSettings;

/**
 * The certified relative gap of an iterate W (SPEC.md, "Dual and certificate"):
 * <ol>
 * <li>each non-zero block w_g is projected onto its cone K_i (exact NNLS, {@link ConeProjection}), so the
 * blocks are feasible and the net θ = ψ(W) has L_β(θ) = P_c(W);</li>
 * <li>λ = y − f_θ(X), the residual of that net;</li>
 * <li>c ≥ c(λ) = max_g ‖Π_{K_g}(s_g X̃ᵀD_gλ)‖ — over every group of the program ({@link Pricing}) when the
 * problem holds them all, over the problem's own groups otherwise (then the bound is one on the restricted
 * program only, and {@link Evaluation#scope()} says so);</li>
 * <li>lower = max_{t ∈ [0, β/c]} tλᵀy − ½t²‖λ‖² ({@link DualBound}), gap = (L_β(θ) − lower)/L_β(θ).</li>
 * </ol>
 * The objective is the true L_β of the net, computed from the net itself, so the gap is certified whatever
 * the accuracy of the iterate.
 */
final class CertifiedGap {
    /** Scope of the lower bound: every group of the program, or only those of the problem. */
    static final String PROGRAM = "program";
    static final String PROBLEM = "problem";

    private final GroupProblem problem;
    private final ConeProgram program;
    private final boolean project;
    private final boolean coversProgram;

    /**
     * @param w the (projected when asked) blocks, r × G column-major
     */
    record Evaluation(double objective, double lower, double gap, double[] w, int nonzero, String scope) {
    }

    CertifiedGap(GroupProblem problem, boolean project) {
        this.problem = problem;
        this.program = problem.program();
        this.project = project;
        Set<Group> distinct = new HashSet<>(problem.groups());
        this.coversProgram = distinct.size() == program.groupCount();
    }

    String scope() {
        return coversProgram ? PROGRAM : PROBLEM;
    }

    /**
     * The certified gap of W (the steps above); once {@link System#nanoTime()} passes {@code deadlineNanos} (0: none) the groups
     * not yet priced take their cheap bound ‖s_g X̃ᵀD_gλ‖ ≥ ‖Π_{K_g}(·)‖ instead of a projection, so c stays proven
     * (only looser) and a time limit holds through the certificate: at n = 10,000 with 2,000 groups one certificate's
     * projections take about 55 s, and the start's ran 55 s past a 40 s limit. (The iterate's own blocks are still
     * projected: that makes the net feasible.)
     */
    Evaluation evaluate(double[] w, long deadlineNanos) {
        return evaluate(w, deadlineNanos, false);
    }

    /**
     * As {@link #evaluate(double[], long)}, but {@code null} where the deadline passes while the iterate's own blocks
     * are projected (they cannot be left out: they make the net feasible). At n = 10,000 those 2,000 projections take
     * about 30 s: a certificate begun near a 120 s limit ended 40 s past it.
     */
    Evaluation evaluateBefore(double[] w, long deadlineNanos) {
        return evaluate(w, deadlineNanos, true);
    }

    private Evaluation evaluate(double[] w, long deadlineNanos, boolean abortAtDeadline) {
        int r = problem.r();
        int columns = problem.size();
        double[] blocks = w.clone();
        if (project) {
            // each non-zero block onto its cone, independently (on threads: one projection at n = 10,000 costs tens
            // of milliseconds, and up to every group of the program is non-zero); the merge below is in group order
            java.util.concurrent.atomic.AtomicBoolean aborted = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.stream.IntStream.range(0, columns).parallel().forEach(g -> {
                double[] block = java.util.Arrays.copyOfRange(blocks, g * r, (g + 1) * r);
                if (aborted.get() || java.util.Arrays.stream(block).allMatch(v -> v == 0)) {
                    return;
                }
                if (abortAtDeadline && SolverSettings.past(deadlineNanos)) {
                    aborted.set(true);
                    return;
                }
                block = ConeProjection.project(program.design(), problem.mask(g), block).projection();
                System.arraycopy(block, 0, blocks, g * r, r);
            });
            if (aborted.get()) {
                return null;
            }
        }
        Map<Group, double[]> map = new LinkedHashMap<>();
        int nonzero = 0;
        for (int g = 0; g < columns; g++) {
            double[] block = java.util.Arrays.copyOfRange(blocks, g * r, (g + 1) * r);
            if (java.util.Arrays.stream(block).allMatch(v -> v == 0)) {
                continue;
            }
            nonzero++;
            map.merge(problem.group(g), block, (a, b) -> {
                double[] sum = a.clone();
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += b[j];
                }
                return sum;
            });
        }
        ReluNet net = new ConvexSolution(map).toNet(program);
        double[] y = program.y();
        double[] f = net.outputs(program.design());
        double[] lambda = new double[y.length];
        double loss = 0;
        for (int k = 0; k < y.length; k++) {
            lambda[k] = y[k] - f[k];
            loss += lambda[k] * lambda[k];
        }
        double objective = 0.5 * loss + 0.5 * program.beta() * net.squaredWeights();
        double c = coversProgram ? Pricing.price(program, lambda, 0, Integer.MAX_VALUE, deadlineNanos).c()
                : restrictedPrice(lambda, deadlineNanos);
        double lower = DualBound.of(lambda, y, program.beta(), c).value();
        double gap = DualBound.relativeGap(objective, lower);
        return new Evaluation(objective, lower, gap, blocks, nonzero, scope());
    }

    /**
     * max over the problem's groups of ‖Π_{K_g}(s_g X̃ᵀD_gλ)‖ (with the same rounding margin as Pricing); past
     * {@code deadlineNanos} (0: none) a group's price is bounded by ‖s_g X̃ᵀD_gλ‖ (0 ∈ K_g) instead.
     */
    private double restrictedPrice(double[] lambda, long deadlineNanos) {
        double c = 0;
        for (int g = 0; g < problem.size(); g++) {
            double[] z = program.correlation(problem.group(g).pattern(), lambda);
            if (problem.sign(g) < 0) {
                for (int j = 0; j < z.length; j++) {
                    z[j] = -z[j];
                }
            }
            boolean late = SolverSettings.past(deadlineNanos);
            double price = late ? ConeProjection.norm(z)
                    : ConeProjection.project(program.design(), problem.mask(g), z).norm();
            c = Math.max(c, price * (1 + 1e-12));
        }
        return c;
    }
}

package org.cvxrelu.solver;

import java.util.List;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.Group;

/**
 * The convex program restricted to a set of groups G (the working set), as handed to a backend:
 * <pre>
 *   min_{w_g}  ½ ‖ Σ_{g ∈ G} s_g D_g X̃ w_g − y ‖² + β Σ_{g ∈ G} ‖w_g‖
 *   s.t.       (2D_g − I) X̃ w_g ≥ 0   for every g ∈ G,
 * </pre>
 * with s_g = ±1 the group's output sign. Block j of a solution belongs to {@code groups().get(j)}.
 * {@code start} is an optional warm start (one vector per group, or null). With {@code coneFree} the constraints
 * are left out: the gated ReLU problem over these patterns ({@link #gated}); only the "ipm" backend solves that
 * form, the others refuse it.
 */
public record GroupProblem(ConeProgram program, List<Group> groups, double[][] start, boolean coneFree) {
    public GroupProblem {
        groups = List.copyOf(groups);
        if (start != null && start.length != groups.size()) {
            throw new IllegalArgumentException("warm start has " + start.length + " blocks for " + groups.size() + " groups");
        }
    }

    public GroupProblem(ConeProgram program, List<Group> groups, double[][] start) {
        this(program, groups, start, false);
    }

    public GroupProblem(ConeProgram program, List<Group> groups) {
        this(program, groups, null);
    }

    /**
     * The gated ReLU problem over these groups' patterns (Mishkin et al.): the same objective without the cone
     * constraints, min ½‖Σ_j s_j D_j X̃ w_j − y‖² + β Σ_j ‖w_j‖ (a group lasso; {@code org.cvxrelu.gated}). Solved by
     * the "ipm" backend only.
     */
    public static GroupProblem gated(ConeProgram program, List<Group> groups, double[][] start) {
        return new GroupProblem(program, groups, start, true);
    }

    public int n() {
        return program.n();
    }

    public int r() {
        return program.r();
    }

    public int size() {
        return groups.size();
    }

    public double beta() {
        return program.beta();
    }

    public double[] y() {
        return program.y();
    }

    public double[][] design() {
        return program.design();
    }

    public Group group(int j) {
        return groups.get(j);
    }

    /** The activity mask of group j's pattern. */
    public long[] mask(int j) {
        return program.patterns().mask(groups.get(j).pattern());
    }

    public int sign(int j) {
        return groups.get(j).sign();
    }

    /** Σ_j s_j D_j X̃ w_j. */
    public double[] fit(double[][] w) {
        double[] f = new double[n()];
        for (int j = 0; j < groups.size(); j++) {
            program.addFit(groups.get(j), w[j], f);
        }
        return f;
    }

    /** The objective ½‖fit − y‖² + β Σ‖w_j‖ (constraints not checked). */
    public double objective(double[][] w) {
        double[] f = fit(w);
        double[] y = y();
        double loss = 0;
        for (int k = 0; k < f.length; k++) {
            loss += (f[k] - y[k]) * (f[k] - y[k]);
        }
        double pen = 0;
        for (double[] wj : w) {
            double s = 0;
            for (double v : wj) {
                s += v * v;
            }
            pen += Math.sqrt(s);
        }
        return 0.5 * loss + beta() * pen;
    }
}

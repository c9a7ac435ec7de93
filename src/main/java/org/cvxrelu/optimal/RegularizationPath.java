package org.cvxrelu.optimal;

import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.SolveOptions;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.ConvergenceDiagnosis;
import org.cvxrelu.solver.Progress;
import org.cvxrelu.solver.WorkingSetSolver;

/**
 * Optimal nets over a grid of β. The pattern set is computed once and shared by every β (the arrangement does
 * not depend on β); each β is solved by the working-set solver, warm-started from the previous β's support,
 * and certified over all patterns of the set.
 * P*(β) is a minimum of functions affine in β, hence concave and nondecreasing: a check on the grid.
 */
public final class RegularizationPath {
    private RegularizationPath() {
    }

    /**
     * One β of the path; {@code reason} says why the solve stopped short of the target gap (null when it
     * converged).
     */
    public record Point(double beta, double objective, double lowerBound, double relativeGap, int neurons,
            boolean converged, ReluNet net, String reason) {
    }

    /** Phase name reported while the grid is solved, one unit per β. */
    public static final String PHASE = "path";

    public static List<Point> compute(Dataset data, double[] betas, SolveOptions options) {
        Progress progress = options.settings().progress();
        progress.phase(Progress.PATTERNS);
        PatternSet patterns = Patterns.of(data, options.patterns());
        List<Point> out = new ArrayList<>();
        List<Group> warm = List.of();
        for (double beta : betas) {
            progress.phase(PHASE); // back from the solver's inner phases
            progress.advance(out.size(), betas.length);
            long t0 = System.nanoTime();
            ConeProgram program = new ConeProgram(data, patterns, beta, options.nonnegativeOutput());
            // warm start: the previous β's support seeds the working set
            WorkingSetSolver.Outcome o = WorkingSetSolver.solve(program, ConeSolvers.byName(options.solver()),
                    options.settings(), warm);
            warm = o.solution().support();
            String reason = null;
            if (!o.converged()) {
                reason = ConvergenceDiagnosis.explain(program, o.objective(), o.relativeGap(), options.settings(),
                        (System.nanoTime() - t0) / 1e9);
                if (reason == null) {
                    reason = String.format(java.util.Locale.ROOT, "certified gap %.2e is above the target %.1e",
                            o.relativeGap(), options.settings().relativeGap());
                }
            }
            out.add(new Point(beta, o.objective(), o.lowerBound(), o.relativeGap(), o.net().width(), o.converged(),
                    o.net(), reason));
        }
        progress.phase(PHASE);
        progress.advance(betas.length, betas.length);
        return out;
    }

    /** A geometric grid of {@code steps} values from {@code min} to {@code max} (both included). */
    public static double[] geometric(double min, double max, int steps) {
        if (!(min > 0) || !(max >= min) || steps < 1) {
            throw new IllegalArgumentException("need 0 < beta-min <= beta-max and steps >= 1");
        }
        double[] b = new double[steps];
        for (int k = 0; k < steps; k++) {
            b[k] = steps == 1 ? min : min * Math.pow(max / min, (double) k / (steps - 1));
        }
        return b;
    }
}

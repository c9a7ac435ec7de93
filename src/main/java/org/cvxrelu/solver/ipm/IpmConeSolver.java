package org.cvxrelu.solver.ipm;

import java.util.LinkedHashMap;
import java.util.Map;

import org.cvxrelu.solver.ConeSolver;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.SolverSettings;

/**
 * The reference backend "ipm": the restricted program as a conic QP ({@link GroupLassoQp}) solved by the
 * primal–dual interior-point method ({@link InteriorPointMethod}) to high accuracy. The Newton system is
 * solved densely for small working sets and through the n × n Schur complement otherwise.
 */
public final class IpmConeSolver implements ConeSolver {
    @Override
    public String name() {
        return "ipm";
    }

    @Override
    public String description() {
        return "primal-dual interior-point method (NT scaling, Mehrotra predictor-corrector) on ojAlgo linear algebra";
    }

    @Override
    public GroupSolution solve(GroupProblem problem, SolverSettings settings) {
        long t0 = System.nanoTime();
        if (problem.size() == 0) {
            return new GroupSolution(new double[0][], 0, true, "empty", Map.of());
        }
        GroupLassoQp qp = new GroupLassoQp(problem); // Schur path when the variables outnumber the fit's rows
        boolean lowRank = qp.kktSolver() instanceof SwitchingKktSolver;
        IpmSettings ipm = IpmSettings.defaults();
        // The restricted solve needs to be about a thousand times more accurate than the certificate asked
        // for: early working sets (asked for a loose gap) stop early, the final ones run to full accuracy.
        double tol = Math.max(ipm.relativeGap(), Math.min(1e-5, 1e-4 * settings.relativeGap()));
        ipm = new IpmSettings(tol, IpmSettings.ROUNDING * qp.constant(), tol,
                Math.min(ipm.maxIterations(), settings.maxIterations()), ipm.stepFraction(), ipm.refinementSteps());
        SolverSettings clock = settings.startClock();
        IpmResult res = new InteriorPointMethod(qp, ipm, settings.progress()).withDeadline(clock::expired).solve();
        double[][] w = new double[problem.size()][problem.r()];
        for (int j = 0; j < problem.size(); j++) {
            for (int l = 0; l < problem.r(); l++) {
                w[j][l] = qp.scale * res.x()[j * qp.block + l];
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("iterations", res.iterations());
        stats.put("status", res.status().name());
        stats.put("primalObjective", res.primalObjective());
        stats.put("dualObjective", res.dualObjective());
        stats.put("gap", res.gap());
        stats.put("fitRows", qp.nFit); // the distinct rows when equal rows are merged (GroupLassoQp.FIT_SHARE)
        stats.put("kkt", !lowRank ? "dense"
                : ((SwitchingKktSolver) qp.kktSolver()).switched() ? "schur, then dense" : "schur");
        stats.put("seconds", (System.nanoTime() - t0) / 1e9);
        return new GroupSolution(w, res.iterations(), res.status() == IpmResult.Status.OPTIMAL, res.status().name(),
                stats);
    }
}

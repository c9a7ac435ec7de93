package org.cvxrelu.solver.joptimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.cone.ConeProjection;
import org.cvxrelu.solver.ConeSolver;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.SolverSettings;

import com.joptimizer.functions.BarrierFunction;
import com.joptimizer.functions.PSDQuadraticMultivariateRealFunction;
import com.joptimizer.functions.SOCPLogarithmicBarrier;
import com.joptimizer.functions.SOCPLogarithmicBarrier.SOCPConstraintParameters;
import com.joptimizer.optimizers.BarrierMethod;
import com.joptimizer.optimizers.OptimizationRequest;

import cern.colt.matrix.DoubleMatrix1D;

/**
 * Backend {@code joptimizer}: hands the restricted program to JOptimizer's {@link BarrierMethod} with an
 * {@link SOCPLogarithmicBarrier}, as an independent cross-check of the project's own solvers on small instances.
 *
 * <h2>Mapping</h2>
 * Variables x = [w_1, t_1, …, w_m, t_m] (m groups, r + 1 entries each). With M the n × m(r+1) matrix whose
 * w_j-columns are s_j D_j X̃ (and zero t-columns):
 * <pre>
 *   min  ½ xᵀ(MᵀM)x + qᵀx + ½‖y‖²        q = −Mᵀy on the w_j, β on the t_j
 *   s.t. ‖w_j‖ ≤ t_j                       one SOC constraint per group (A selects w_j, c = e_{t_j})
 *        0 ≤ a_kᵀ w_j                      a_k = ±x̃_k, the rows of (2D_j − I)X̃, each as an SOC constraint
 *                                          with A = 0 (1 × dim), b = 0, c = a_k on w_j, d = 0.
 * </pre>
 * The linear rows go through {@link ConeBarrier} (−Σ log aᵀw, block-sparse) rather than as SOC constraints
 * with A = 0: same barrier up to a factor 2, but JOptimizer's SOC barrier builds a dense dim × dim term per
 * constraint, which made n = 10 runs take over a minute.
 * All-zero rows a_k (a zero sample without bias) are always satisfied and are left out (the barrier would
 * be infinite there). The start is strictly feasible: w_j = ε·(witness of its pattern)/‖witness‖ (plus the warm
 * start when one is given and the sum is strictly inside K_j) and t_j = ‖w_j‖ + 1.
 *
 * <h2>Stopping and accuracy</h2>
 * JOptimizer stops when the barrier gap (2·#SOC + #linear)/t is below {@link #ABSOLUTE_GAP} scaled by
 * max(1, ½‖y‖²). KNOWN LIMIT: JOptimizer's Newton often stalls well before that (the barrier Hessian becomes
 * ill-conditioned as blocks tend to zero); after {@link #MAX_NEWTON_PER_CENTERING} Newton steps in one centering
 * step the solve stops with the last (strictly feasible) iterate and converged = false, unless the restricted
 * certificate below already shows the gap asked for in the settings.
 * The answer carries its own certificate for the <em>restricted</em> program (λ = y − ŷ priced on the handed
 * groups only): stats {@code restrictedLowerBound}, {@code restrictedGap}. It is an interior point, so blocks
 * that are zero at the optimum come back tiny, not zero; blocks below 1e-9 of the largest are zeroed when that
 * does not raise the objective.
 *
 * <h2>Limits</h2>
 * JOptimizer works with dense matrices, and its SOC barrier builds a dense dim × dim Hessian term per
 * constraint (there are m(n + 1) of them, dim = m(r + 1)): the cost per Newton step grows like m³ n r².
 * Intended for small instances (up to a few hundred variables: e.g. n = 10, d = 1, all 40 groups, 120
 * variables, takes about a second). Above {@link #MAX_VARIABLES} variables it declines (converged = false)
 * rather than run for hours. JOptimizer/colt types do not leave this package.
 *
 * <p>Logging: JOptimizer logs through commons-logging, which without log4j on the class path falls back to
 * java.util.logging. Unless a level was configured for the {@code com.joptimizer} logger, this class sets it to
 * OFF (failures are reported in the answer's status instead).
 */
public final class JOptimizerConeSolver implements ConeSolver {
    public static final String NAME = "joptimizer";

    /** Largest number of variables m(r + 1) this backend accepts. */
    public static final int MAX_VARIABLES = 1500;

    /** JOptimizer's gap tolerance, relative to max(1, ½‖y‖²). */
    public static final double ABSOLUTE_GAP = 1e-10;

    /** Tolerance on the Newton decrement of the inner (centering) steps. */
    public static final double INNER_TOLERANCE = 1e-8;

    /** Cap on JOptimizer's iteration counter (used by both its outer and inner loops). */
    public static final int MAX_JOPTIMIZER_ITERATIONS = 500;

    /** Newton steps allowed in one centering step before the solve is called stalled. */
    static final int MAX_NEWTON_PER_CENTERING = 60;

    /** Relative size of the start inside each cone. */
    static final double START_SCALE = 1e-2;

    /** Kept strongly reachable so that the level set on it is not lost. */
    private static final Logger JOPTIMIZER_LOG = Logger.getLogger("com.joptimizer");

    static {
        if (JOPTIMIZER_LOG.getLevel() == null) {
            JOPTIMIZER_LOG.setLevel(Level.OFF);
        }
    }

    private final double absoluteGap;
    private final double innerTolerance;
    double mu = 10;
    boolean checkProgress = false;

    public JOptimizerConeSolver() {
        this(ABSOLUTE_GAP, INNER_TOLERANCE);
    }

    /** With other tolerances (for experiments and tests). */
    JOptimizerConeSolver(double absoluteGap, double innerTolerance) {
        this.absoluteGap = absoluteGap;
        this.innerTolerance = innerTolerance;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "JOptimizer barrier method on the SOCP form (dense; a cross-check for small instances, <= "
                + MAX_VARIABLES + " variables)";
    }

    @Override
    public GroupSolution solve(GroupProblem problem, SolverSettings settings) {
        if (problem.coneFree()) {
            throw new IllegalArgumentException(name() + " solves the cone-constrained program only (GroupProblem.gated is for ipm)");
        }
        long started = System.nanoTime();
        int m = problem.size();
        int r = problem.r();
        int n = problem.n();
        int block = r + 1;
        int dim = m * block;
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("variables", dim);
        if (m == 0) {
            return new GroupSolution(new double[0][], 0, true, "empty working set", stats);
        }
        double[][] start = startPoint(problem);
        if (dim > MAX_VARIABLES) {
            stats.put("seconds", seconds(started));
            return new GroupSolution(start, 0, false,
                    "declined: " + dim + " variables, more than the " + MAX_VARIABLES + " this dense backend accepts", stats);
        }
        double[][] design = problem.design();
        double[] y = problem.y();

        // M (n × dim): s_j D_j X̃ in the w_j columns.
        double[][] mm = new double[n][dim];
        for (int j = 0; j < m; j++) {
            long[] mask = problem.mask(j);
            int s = problem.sign(j);
            int o = j * block;
            for (int k = 0; k < n; k++) {
                if (active(mask, k)) {
                    for (int c = 0; c < r; c++) {
                        mm[k][o + c] = s * design[k][c];
                    }
                }
            }
        }
        double[][] p = new double[dim][dim];
        for (int a = 0; a < dim; a++) {
            if (settings.expired()) {
                // MᵀM costs dim²·n/2 multiply-adds before the barrier method's first clock check (about 3e8 at
                // its 1,500 variables and 300 rows); past the deadline the start is the answer
                stats.put("seconds", seconds(started));
                stats.put("setUpStoppedByTimeLimit", true);
                return new GroupSolution(start, 0, false, "TIME_LIMIT", stats);
            }
            for (int b = 0; b <= a; b++) {
                double v = 0;
                for (int k = 0; k < n; k++) {
                    v += mm[k][a] * mm[k][b];
                }
                p[a][b] = v;
                p[b][a] = v;
            }
        }
        double[] q = new double[dim];
        double yy = 0;
        for (int k = 0; k < n; k++) {
            yy += y[k] * y[k];
        }
        for (int a = 0; a < dim; a++) {
            if (a % block == r) {
                q[a] = problem.beta();
            } else {
                double v = 0;
                for (int k = 0; k < n; k++) {
                    v -= mm[k][a] * y[k];
                }
                q[a] = v;
            }
        }

        SOCPLogarithmicBarrier holder = new SOCPLogarithmicBarrier(new ArrayList<>(), dim);
        List<SOCPConstraintParameters> cons = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            int o = j * block;
            double[][] sel = new double[r][dim];
            for (int c = 0; c < r; c++) {
                sel[c][o + c] = 1;
            }
            double[] ct = new double[dim];
            ct[o + r] = 1;
            cons.add(holder.new SOCPConstraintParameters(sel, new double[r], ct, 0));
            long[] mask = problem.mask(j);
            for (int k = 0; k < n; k++) {
                double sg = active(mask, k) ? 1 : -1;
                double[] a = new double[r];
                boolean nonzero = false;
                for (int c = 0; c < r; c++) {
                    a[c] = sg * design[k][c];
                    nonzero |= design[k][c] != 0;
                }
                if (nonzero) {
                    rows.add(a);
                    offsets.add(o);
                }
            }
        }
        stats.put("socConstraints", cons.size());
        stats.put("linearConstraints", rows.size());

        double[] x0 = new double[dim];
        for (int j = 0; j < m; j++) {
            System.arraycopy(start[j], 0, x0, j * block, r);
            x0[j * block + r] = norm(start[j]) + 1;
        }

        double scale = Math.max(1, 0.5 * yy);
        ConeBarrier barrier = new ConeBarrier(new SOCPLogarithmicBarrier(cons, dim), cons.size(), dim,
                rows.toArray(new double[0][]), offsets.stream().mapToInt(Integer::intValue).toArray());
        // the time left counts from now, after the set-up above (added to `started`, it moved the deadline later
        // by the set-up's time)
        double left = settings.secondsLeft();
        Outer method = new Outer(barrier, Double.isFinite(left) ? SolverSettings.plusSeconds(System.nanoTime(), Math.max(0, left))
                : Long.MAX_VALUE);
        OptimizationRequest req = new OptimizationRequest();
        req.setF0(new PSDQuadraticMultivariateRealFunction(p, q, 0.5 * yy));
        req.setInitialPoint(x0);
        req.setTolerance(absoluteGap * scale);
        req.setToleranceInnerStep(innerTolerance);
        req.setMaxIteration(Math.min(settings.maxIterations(), MAX_JOPTIMIZER_ITERATIONS));
        req.setCheckProgressConditions(checkProgress);
        req.setMu(mu);
        req.setRescalingDisabled(true);
        req.setObjectiveFunctionNormalizationDisabled(true);

        double[] sol = null;
        boolean converged;
        String status;
        try {
            method.setOptimizationRequest(req);
            method.optimize();
            sol = method.getOptimizationResponse().getSolution();
            converged = !method.timedOut && !method.stalled;
            status = method.timedOut ? "time limit reached"
                    : method.stalled ? "stalled (Newton made no progress); last iterate returned" : "converged";
        } catch (Exception | LinkageError e) {
            converged = false;
            status = "JOptimizer failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            sol = method.last != null ? method.last : x0;
        }

        double[][] w = new double[m][r];
        for (int j = 0; j < m; j++) {
            System.arraycopy(sol, j * block, w[j], 0, r);
        }
        int zeroed = dropTiny(problem, w);
        double objective = problem.objective(w);
        stats.put("outerIterations", method.outer);
        stats.put("newtonIterations", barrier.hessians);
        stats.put("objective", objective);
        stats.put("zeroedBlocks", zeroed);
        stats.put("minConeSlack", minSlack(problem, w));
        double[] lambda = problem.fit(w);
        for (int k = 0; k < n; k++) {
            lambda[k] = y[k] - lambda[k];
        }
        double c = 0;
        for (int j = 0; j < m; j++) {
            double[] z = problem.program().correlation(problem.group(j).pattern(), lambda);
            if (problem.sign(j) < 0) {
                for (int a = 0; a < r; a++) {
                    z[a] = -z[a];
                }
            }
            c = Math.max(c, ConeProjection.project(design, problem.mask(j), z).norm());
        }
        DualBound lb = DualBound.of(lambda, y, problem.beta(), c);
        stats.put("restrictedLowerBound", lb.value());
        double restrictedGap = objective > 0 ? (objective - lb.value()) / objective : 0.0;
        stats.put("restrictedGap", restrictedGap);
        stats.put("joptimizerStatus", status);
        if (!converged && method.stalled && restrictedGap <= settings.relativeGap()) {
            // The own certificate of the restricted program shows the iterate is optimal to the gap asked for.
            converged = true;
            status = "stalled, but certified: restricted relative gap " + restrictedGap;
        }
        stats.put("seconds", seconds(started));
        return new GroupSolution(w, method.outer, converged, status, stats);
    }

    /** ε·witness/‖witness‖ per group, plus the warm start when that stays strictly inside the cone. */
    private static double[][] startPoint(GroupProblem problem) {
        int m = problem.size();
        double[][] start = new double[m][];
        double scale = START_SCALE * Math.max(1, norm(problem.y()));
        for (int j = 0; j < m; j++) {
            int pattern = problem.group(j).pattern();
            double[] wit = problem.program().patterns().witness(pattern);
            double nw = norm(wit);
            double[] w = new double[wit.length];
            for (int c = 0; c < w.length; c++) {
                w[c] = scale * wit[c] / nw;
            }
            if (problem.start() != null && problem.start()[j] != null) {
                double[] ws = w.clone();
                for (int c = 0; c < w.length; c++) {
                    ws[c] += problem.start()[j][c];
                }
                if (strictlyInside(problem, pattern, ws)) {
                    w = ws;
                }
            }
            start[j] = w;
        }
        return start;
    }

    private static boolean strictlyInside(GroupProblem problem, int pattern, double[] w) {
        double[][] design = problem.design();
        long[] mask = problem.program().patterns().mask(pattern);
        for (int k = 0; k < design.length; k++) {
            double s = 0;
            boolean nonzero = false;
            for (int c = 0; c < w.length; c++) {
                s += design[k][c] * w[c];
                nonzero |= design[k][c] != 0;
            }
            if (nonzero && (active(mask, k) ? s : -s) <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Zeroes the blocks below 1e-9 of the largest when that does not raise the objective; returns how many. */
    private static int dropTiny(GroupProblem problem, double[][] w) {
        double max = 0;
        for (double[] wj : w) {
            max = Math.max(max, norm(wj));
        }
        double[][] trial = new double[w.length][];
        int count = 0;
        for (int j = 0; j < w.length; j++) {
            boolean tiny = norm(w[j]) <= 1e-9 * max;
            trial[j] = tiny ? new double[w[j].length] : w[j];
            count += tiny && norm(w[j]) > 0 ? 1 : 0;
        }
        if (count > 0 && problem.objective(trial) <= problem.objective(w)) {
            System.arraycopy(trial, 0, w, 0, w.length);
            return count;
        }
        return 0;
    }

    private static double minSlack(GroupProblem problem, double[][] w) {
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < w.length; j++) {
            min = Math.min(min, problem.program().coneSlack(problem.group(j).pattern(), w[j]));
        }
        return min;
    }

    private static boolean active(long[] mask, int k) {
        return (mask[k >>> 6] & (1L << (k & 63))) != 0;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    /** The barrier method, counting outer iterations, remembering the last iterate and minding the time limit. */
    private static final StackWalker CALLER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static final class Outer extends BarrierMethod {
        private final long deadline;
        int outer;
        int newtonInCentering;
        boolean stalled;
        double[] last;
        boolean timedOut;
        /** System.nanoTime() of the last check (0 before the first). */
        private long previousCheck;

        Outer(BarrierFunction barrier, long deadline) {
            super(barrier);
            this.deadline = deadline;
        }

        @Override
        protected boolean checkCustomExitConditions(DoubleMatrix1D x) {
            // Called once per outer (centering) iteration by BarrierMethod itself, and once per Newton step by
            // its inner solver, which delegates here: count only the former.
            if (CALLER.getCallerClass() == BarrierMethod.class) {
                outer++;
                newtonInCentering = 0;
                if (stalled) {
                    return true;
                }
            } else if (++newtonInCentering > MAX_NEWTON_PER_CENTERING) {
                // JOptimizer's Newton stalls once the barrier Hessian is too ill-conditioned (blocks tending to
                // zero); stop here with the last iterate instead of running into its iteration limit.
                stalled = true;
                last = x.toArray();
                return true;
            }
            last = x.toArray();
            // stop when the next step, as long as the last one, would end past the deadline: a dense Newton step of
            // this backend costs a tenth of a second or more, and checking only for a passed deadline ended a
            // sampled yacht 0.2–0.3 s after a 3 s limit (Long.MAX_VALUE: no limit)
            long now = System.nanoTime();
            long step = previousCheck != 0 ? now - previousCheck : 0;
            previousCheck = now;
            if (deadline != Long.MAX_VALUE && (now - deadline > 0 || now + step - deadline > 0)) {
                timedOut = true;
                return true;
            }
            return false;
        }
    }
}

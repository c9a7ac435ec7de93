package org.cvxrelu.gated;

/**
 * The gated problem restricted to a working set W of patterns (blocks outside W held at 0), solved by
 * alternating two steps until the restricted duality gap is below a tolerance:
 * <ol>
 * <li>a <b>block sweep</b> (Gauss–Seidel over W, in order): for each i the proximal-gradient step on block i
 * alone, with the block's own Lipschitz constant L_i = λ_max(X̃ᵀD_iX̃):
 * <pre>  u_i ← prox_{β/L_i}(u_i + A_iᵀ(y − ŷ)/L_i),  prox_τ(v) = max(0, 1 − τ/‖v‖)·v,  ŷ updated at once</pre>
 * each such step cannot increase F (descent lemma on the block), and it is what lets blocks enter (a zero
 * block whose price ‖A_iᵀ(y − ŷ)‖ exceeds β becomes non-zero) and leave (a block whose price without itself
 * is below β, up to the step, goes to zero);</li>
 * <li><b>Newton</b> on the support S = {i : u_i ≠ 0} ({@link SupportNewton#refine}): damped steps on the smooth
 * F_S, which converge fast once S is the optimal support; Newton stops before a step once the restricted gap
 * (below) is within the tolerance, so that a round whose W is still far from the final one is not solved to
 * rounding level.</li>
 * </ol>
 * The restricted gap is computed with the plain dual bound (λ = y − ŷ, c = max_{i∈W}‖A_iᵀλ‖, no rounding
 * allowance: it only decides when to stop; the caller certifies over every pattern).
 */
final class BlockNewton {
    /** Newton steps per round at most (Newton stops earlier when ‖g‖ no longer halves per step). */
    static final int NEWTON_STEPS = 30;
    /** Rounds without the restricted gap halving after which the solve gives up (returns its point). */
    static final int STALL_ROUNDS = 20;

    private BlockNewton() {
    }

    /**
     * @param blocks the restricted blocks (blocks[s] for W[s]; the solution)
     * @param sweeps block sweeps made
     * @param newtonSteps Newton steps allowed (upper bound on those made)
     * @param gap the restricted relative gap at the end (not certified)
     */
    record Result(double[][] blocks, int sweeps, int newtonSteps, double gap) {
    }

    /**
     * @param problem the full problem (design, targets, patterns, β)
     * @param w the working set (pattern indices)
     * @param start blocks to start from (start[s] for w[s]; copied)
     * @param tolerance the restricted relative gap to reach
     * @param maxRounds sweep + Newton rounds at most
     * @param deadlineNanos System.nanoTime() past which no new round starts (Long.MAX_VALUE: none)
     */
    static Result solve(GatedProblem problem, int[] w, double[][] start, double tolerance, int maxRounds,
            long deadlineNanos, double[][] gram) {
        return solve(problem, w, start, tolerance, maxRounds, deadlineNanos, gram, new int[problem.p()][],
                new double[problem.p()]);
    }

    /**
     * As {@link #solve(GatedProblem, int[], double[][], double, int, long, double[][])}, with each pattern's active
     * rows and block Lipschitz constant taken from (or, when absent — null rows, 0 constant — stored into) the
     * caller's caches indexed by pattern, so that working-set rounds compute them once per pattern.
     */
    static Result solve(GatedProblem problem, int[] w, double[][] start, double tolerance, int maxRounds,
            long deadlineNanos, double[][] gram, int[][] rowsCache, double[] lipCache) {
        double[][] x = problem.design();
        double[] y = problem.y();
        double beta = problem.beta();
        int n = problem.n();
        int r = problem.r();
        int q = w.length;
        int[][] rows = new int[q][];
        double[] lip = new double[q];
        for (int s = 0; s < q; s++) {
            int i = w[s];
            if (rowsCache[i] == null) {
                rowsCache[i] = SupportNewton.activeRows(problem, i);
                lipCache[i] = blockLipschitz(x, rowsCache[i], r);
            }
            rows[s] = rowsCache[i];
            lip[s] = lipCache[i];
        }
        double[][] u = new double[q][];
        for (int s = 0; s < q; s++) {
            u[s] = start[s].clone();
        }
        double[] fit = new double[n];
        for (int s = 0; s < q; s++) {
            addFit(x, rows[s], u[s], 1, fit);
        }
        int sweeps = 0;
        int newton = 0;
        double gap = restrictedGap(x, y, beta, rows, u, fit);
        double reference = gap;
        int sinceHalved = 0;
        for (int round = 0; round < maxRounds && gap > tolerance && System.nanoTime() < deadlineNanos; round++) {
            if (sinceHalved >= STALL_ROUNDS) {
                break; // no halving of the gap in STALL_ROUNDS rounds: the active-set steps cycle; the caller decides
            }
            // 1. block sweep (its own method: a small unit for the JIT, compiled early)
            sweep(x, y, beta, rows, lip, u, fit);
            sweeps++;
            // 2. Newton on the support
            // Newton stops as soon as the restricted gap over W is within the tolerance (early rounds need no more)
            double[][] refined = SupportNewton.refineUntil(x, y, beta, gram, rows, u, NEWTON_STEPS, true, tolerance,
                    deadlineNanos);
            newton++;
            u = refined;
            java.util.Arrays.fill(fit, 0);
            for (int s = 0; s < q; s++) {
                addFit(x, rows[s], u[s], 1, fit);
            }
            gap = restrictedGap(x, y, beta, rows, u, fit);
            if (gap <= 0.5 * reference) {
                reference = gap;
                sinceHalved = 0;
            } else {
                sinceHalved++;
            }
        }
        return new Result(u, sweeps, newton, gap);
    }

    /** One Gauss–Seidel sweep of block proximal-gradient steps over W (class comment); u and fit are updated. */
    static void sweep(double[][] x, double[] y, double beta, int[][] rows, double[] lip, double[][] u, double[] fit) {
        int r = x[0].length;
        int q = rows.length;
        double[] z = new double[r];
        for (int s = 0; s < q; s++) {
            if (!(lip[s] > 0)) {
                continue;
            }
            java.util.Arrays.fill(z, 0);
            for (int k : rows[s]) {
                double e = y[k] - fit[k];
                double[] xk = x[k];
                for (int j = 0; j < r; j++) {
                    z[j] += xk[j] * e;
                }
            }
            double[] old = u[s];
            double[] v = new double[r];
            for (int j = 0; j < r; j++) {
                v[j] = old[j] + z[j] / lip[s];
            }
            double nv = SupportNewton.norm(v);
            double tau = beta / lip[s];
            double scale = nv > tau ? 1 - tau / nv : 0;
            double[] delta = new double[r];
            boolean changed = false;
            for (int j = 0; j < r; j++) {
                v[j] *= scale;
                delta[j] = v[j] - old[j];
                changed |= delta[j] != 0;
            }
            if (changed) {
                addFit(x, rows[s], delta, 1, fit);
                u[s] = v;
            }
        }
    }

    /**
     * (F(U) − D(λ))/F(U) over W, λ = y − ŷ scaled into the restricted dual feasible set, in plain floating point
     * ({@link SupportNewton#relativeGap}; not certified: it only decides when to stop).
     */
    static double restrictedGap(double[][] x, double[] y, double beta, int[][] rows, double[][] u, double[] fit) {
        int n = y.length;
        int r = x[0].length;
        double[] lambda = new double[n];
        double loss = 0;
        for (int k = 0; k < n; k++) {
            lambda[k] = y[k] - fit[k];
            loss += lambda[k] * lambda[k];
        }
        double pen = 0;
        double c = 0;
        double[] z = new double[r];
        for (int s = 0; s < rows.length; s++) {
            pen += SupportNewton.norm(u[s]);
            java.util.Arrays.fill(z, 0);
            for (int k : rows[s]) {
                double[] xk = x[k];
                for (int j = 0; j < r; j++) {
                    z[j] += xk[j] * lambda[k];
                }
            }
            c = Math.max(c, SupportNewton.norm(z));
        }
        double objective = 0.5 * loss + beta * pen;
        double[] rho = new double[n];
        for (int k = 0; k < n; k++) {
            rho[k] = -lambda[k];
        }
        return SupportNewton.relativeGap(rho, y, beta, c, objective);
    }

    /** fit += sign · D_i X̃ v over the rows of pattern i. */
    static void addFit(double[][] x, int[] rows, double[] v, double sign, double[] fit) {
        if (GatedProblem.isZero(v)) {
            return;
        }
        for (int k : rows) {
            fit[k] += sign * SupportNewton.dot(x[k], v);
        }
    }

    /** λ_max(Σ_{k∈rows} x_kx_kᵀ) by power iteration on the r × r matrix, rounded up by 1e-9 relative. */
    static double blockLipschitz(double[][] x, int[] rows, int r) {
        double[][] g = new double[r][r];
        for (int k : rows) {
            double[] xk = x[k];
            for (int a = 0; a < r; a++) {
                for (int b = 0; b < r; b++) {
                    g[a][b] += xk[a] * xk[b];
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < r; a++) {
            trace += g[a][a];
        }
        if (!(trace > 0)) {
            return 0;
        }
        double[] v = new double[r];
        java.util.Arrays.fill(v, 1);
        double lambda = 0;
        for (int it = 0; it < 100; it++) {
            double[] wv = new double[r];
            for (int a = 0; a < r; a++) {
                for (int b = 0; b < r; b++) {
                    wv[a] += g[a][b] * v[b];
                }
            }
            double nw = SupportNewton.norm(wv);
            if (!(nw > 0)) {
                break;
            }
            double next = SupportNewton.dot(v, wv) / SupportNewton.dot(v, v);
            for (int a = 0; a < r; a++) {
                v[a] = wv[a] / nw;
            }
            if (Math.abs(next - lambda) <= 1e-12 * next) {
                lambda = next;
                break;
            }
            lambda = next;
        }
        // the Rayleigh quotient is ≤ λ_max; a step 1/L with L slightly small could fail the descent lemma, so
        // the trace (≥ λ_max) caps the inflation: L = min(trace, 1.05·λ) is a safe-enough estimate in practice
        return Math.min(trace, 1.05 * lambda);
    }
}

package org.cvxrelu.solver.firstorder;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.cvxrelu.gated.DesignProducts;
import org.cvxrelu.solver.ConeSolver;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.SolverSettings;
import org.ojalgo.matrix.store.R064Store;

/**
 * The {@code fista} backend: accelerated proximal gradient (FISTA, Beck &amp; Teboulle 2009) on the
 * group-lasso form of the cone program, with the cone constraints A_g w_g = (2D_g − I)X̃w_g ≥ 0 handled by an
 * augmented Lagrangian, after the approach of the scnn library (Mishkin, Sahiner &amp; Pilanci, "Fast convex
 * optimization for two-layer ReLU networks", ICML 2022).
 *
 * <pre>
 * outer (augmented Lagrangian), multipliers γ ≥ 0, penalty ρ:
 *     W ≈ argmin_W  φ_ρ(W; γ) + β Σ_g ‖w_g‖                      (inner FISTA, see AugmentedLagrangian)
 *     γ ← (γ − ρ A W)₊;   ρ ← min(ρ·growth, ρ_max) unless the violation max (−A W)₊ fell enough
 * inner (FISTA with backtracking and gradient restart):
 *     Y = X_k + ((t_{k−1} − 1)/t_k)(X_k − X_{k−1})
 *     X_{k+1} = prox_{ηβ‖·‖}(Y − η ∇φ(Y))                       (GroupSoftThreshold)
 *     η ← backtrack·η until φ(X_{k+1}) ≤ φ(Y) + ⟨∇φ(Y), X_{k+1} − Y⟩ + ‖X_{k+1} − Y‖²/(2η)
 *     restart (t ← 1) when ⟨Y − X_{k+1}, X_{k+1} − X_k⟩ &gt; 0     (O'Donoghue &amp; Candès 2015)
 *     and when F(X_{k+1}) &gt; F(X_k): then the step is also rejected (monotone FISTA, Beck &amp; Teboulle)
 *     the inner loop ends when ‖Y − X_{k+1}‖/η ≤ tolerance (which shrinks at every outer step)
 * </pre>
 *
 * <p>The cone constraints are kept as {@link FistaSettings#coneHandling()} says: by default
 * ({@link ConeHandling#PROJECTION}) in the prox itself, max(0, 1 − ηβ/‖Π_K z‖)·Π_K z, so iterates are feasible
 * and the augmented Lagrangian stays idle (γ = 0, penalty 0 on feasible points); with
 * {@link ConeHandling#AUGMENTED_LAGRANGIAN} by the outer loop above (cheaper iterations, slow to high accuracy).
 *
 * <p>Vectorised over the G groups of the problem: W is r × G (column g = w_g). The two products per
 * iteration are P = X̃W (n × G; one per line-search trial) and ∇φ = X̃ᵀH (r × G), both one {@code dgemm} of the
 * native BLAS where one is installed and n·r·G ≥ {@link DesignProducts#PAYS_FROM} ({@link DesignProducts}), else by
 * ojAlgo. The
 * extrapolated product X̃Y is formed by linearity from X̃X_k and X̃X_{k−1}, never multiplied, inside the one pass
 * that gives φ(Y) and H ({@link AugmentedLagrangian#valueAndGradientInputAt}).
 *
 * <p>Stopping rule: the certified relative gap ({@link CertifiedGap}) of the projected iterate, checked every
 * {@link FistaSettings#certifyEvery()} iterations and after every multiplier update; the backend stops when
 * it is ≤ {@link SolverSettings#relativeGap()}, or at the iteration or time limit (then converged = false
 * and the best certified iterate is returned). The returned blocks are the projected ones (feasible), so
 * ψ of them is the net whose gap was certified.
 *
 * <p>Memory: three n × G arrays of doubles (X̃X_k, X̃X_{k−1}, and H at Y) plus the multipliers
 * γ (n × G) — 4·n·G·8 bytes, i.e. 640 MB for n = 10,000 and p = 1,000 patterns (G = 2,000 groups) — and
 * O(r·G + n·r) besides. Nothing of size n × G is allocated inside the iteration loop.
 */
public final class FistaConeSolver implements ConeSolver {
    private final FistaSettings tuning;

    public FistaConeSolver() {
        this(FistaSettings.defaults());
    }

    public FistaConeSolver(FistaSettings tuning) {
        this.tuning = tuning;
    }

    @Override
    public String name() {
        return "fista";
    }

    @Override
    public String description() {
        return "accelerated proximal gradient + augmented Lagrangian over all groups, stops on the certified gap";
    }

    /** Solves over every group it is given (all of the program's, from the outer loop) at once. */
    @Override
    public boolean usesWorkingSet() {
        return false;
    }

    @Override
    public GroupSolution solve(GroupProblem problem, SolverSettings settings) {
        if (problem.coneFree()) {
            throw new IllegalArgumentException(name() + " solves the cone-constrained program only (GroupProblem.gated is for ipm)");
        }
        return new Run(problem, settings, tuning).solve();
    }

    /** One solve: the state of the iteration. */
    private static final class Run {
        private final GroupProblem problem;
        private final SolverSettings settings;
        private final FistaSettings tuning;
        private final int n;
        private final int r;
        private final int columns;
        private final double beta;
        private final R064Store design;
        private final R064Store designT;
        /**
         * The two products on the native BLAS where one is installed and the products are large enough
         * ({@link DesignProducts#pays}; then ojAlgo's are not used), else null.
         */
        private final DesignProducts blas;
        private final CertifiedGap certificate;
        private long forwardNanos;
        private long backwardNanos;
        private int forwardProducts;
        private int backwardProducts;
        private long certifyNanos;
        private int certifications;
        /** Certificates abandoned because the deadline passed during the iterate's own projections. */
        private int abandonedCertifications;
        /**
         * The solve's deadline as a {@link System#nanoTime()} (0: none), set when the solve starts: every clock test of the
         * solve ({@link SolverSettings#past}) and the certificates' pricing read it.
         */
        private long deadlineNanos;
        /** When the iterations began (0: they did not), and the certificates' nanoseconds by then. */
        private long loopStartNanos;
        private long certifyNanosAtLoopStart;

        Run(GroupProblem problem, SolverSettings settings, FistaSettings tuning) {
            this.problem = problem;
            this.settings = settings;
            this.tuning = tuning;
            this.n = problem.n();
            this.r = problem.r();
            this.columns = problem.size();
            this.beta = problem.beta();
            double[][] x = problem.design();
            this.design = R064Store.FACTORY.make(n, r);
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < r; j++) {
                    design.data[k + j * n] = x[k][j];
                }
            }
            this.blas = DesignProducts.pays(n, r, columns) ? DesignProducts.of(design.data, n, r) : null;
            this.designT = blas != null ? null : R064Store.FACTORY.make(r, n); // ojAlgo's backward product only
            if (designT != null) {
                for (int k = 0; k < n; k++) {
                    for (int j = 0; j < r; j++) {
                        designT.data[j + k * r] = x[k][j];
                    }
                }
            }
            this.certificate = new CertifiedGap(problem, tuning.projectForCertificate());
        }

        private void forward(R064Store w, R064Store out) {
            long t0 = System.nanoTime();
            if (blas != null) {
                blas.forward(w.data, columns, out.data);
            } else {
                out.fillByMultiplying(design, w);
            }
            forwardNanos += System.nanoTime() - t0;
            forwardProducts++;
        }

        private void backward(R064Store h, R064Store out) {
            long t0 = System.nanoTime();
            if (blas != null) {
                blas.backward(h.data, columns, out.data);
            } else {
                out.fillByMultiplying(designT, h);
            }
            backwardNanos += System.nanoTime() - t0;
            backwardProducts++;
        }

        /** A deadline for {@link #certify} that has passed already (never 0, which means none). */
        private static long alreadyPast() {
            long d = System.nanoTime() - 1;
            return d == 0 ? -1 : d;
        }

        /**
         * The certificate of W, its projections' pricing cut at {@code projectionsUntil} (0: none; the groups left take
         * their cheap bound). With {@code abandonable}, null where that deadline passes while the iterate's own blocks
         * are projected ({@link CertifiedGap#evaluateBefore}): the solve then ends with the best certified iterate so
         * far. Timed in {@code certificationSeconds} either way; counted only when it answers.
         */
        private CertifiedGap.Evaluation certify(double[] w, long projectionsUntil, boolean abandonable) {
            long t0 = System.nanoTime();
            CertifiedGap.Evaluation e = abandonable ? certificate.evaluateBefore(w, projectionsUntil)
                    : certificate.evaluate(w, projectionsUntil);
            certifyNanos += System.nanoTime() - t0;
            if (e != null) {
                certifications++;
            } else {
                abandonedCertifications++;
            }
            return e;
        }

        GroupSolution solve() {
            long start = System.nanoTime();
            double deadline = settings.secondsLeft(); // the solve's shared deadline (SolverSettings), from start
            // the certificates' pricing also stops projecting at it (CertifiedGap#evaluate): c stays proven, only looser
            long at = SolverSettings.plusSeconds(start, deadline);
            deadlineNanos = !Double.isFinite(deadline) ? 0 : at == 0 ? 1 : at;
            double target = settings.relativeGap();

            R064Store x = R064Store.FACTORY.make(r, Math.max(columns, 1));
            if (problem.start() != null) {
                for (int g = 0; g < columns; g++) {
                    System.arraycopy(problem.start()[g], 0, x.data, g * r, r);
                }
            }
            // at scale (n·r·G ≥ DesignProducts.PAYS_FROM) a zero start is certified at the cheap prices ‖s_g X̃ᵀD_gy‖ (a
            // deadline already passed): its projections took 62 s of a 120 s limit at n = 10,000, and the zero net's
            // exact gap is near 1 unless β ≥ c(y). With the exact cones in the prox the iterate then stays at zero and
            // the first certificate of an iterate finds it; with the augmented Lagrangian it may leave zero where
            // c(y) ≤ β < max_g ‖s_g X̃ᵀD_gy‖, which is why smaller problems keep the exact start
            boolean cheapStart = problem.start() == null && DesignProducts.pays(n, r, columns);
            CertifiedGap.Evaluation best = certify(x.data, cheapStart ? alreadyPast() : deadlineNanos, false);
            report(0, best, Double.NaN, 0, Double.NaN);
            if (columns == 0 || best.gap() <= target) {
                return answer(best, 0, 0, best.gap() <= target, start, Double.NaN, 0);
            }
            if (SolverSettings.past(deadlineNanos)) {
                // the deadline passed while the start was certified: no iteration begins after it (each costs
                // products over every group and a certificate; full concrete at --time-limit 3 ended 0.3–0.9 s late)
                return answer(best, 0, 0, false, start, Double.NaN, 0, Map.of("stop", "time limit"));
            }

            R064Store xPrev = R064Store.FACTORY.make(r, columns);
            R064Store yPoint = R064Store.FACTORY.make(r, columns);
            R064Store grad = R064Store.FACTORY.make(r, columns);
            R064Store trial = R064Store.FACTORY.make(r, columns);
            R064Store px = R064Store.FACTORY.make(n, columns);
            R064Store pxPrev = R064Store.FACTORY.make(n, columns);
            R064Store py = R064Store.FACTORY.make(n, columns);
            System.arraycopy(x.data, 0, xPrev.data, 0, x.data.length);
            forward(x, px);
            System.arraycopy(px.data, 0, pxPrev.data, 0, px.data.length);

            AugmentedLagrangian lagrangian = new AugmentedLagrangian(problem, tuning.initialPenalty());
            double sigma2 = largestEigenvalueOfGram(problem.design(), r);
            double step = 1 / ((1 + lagrangian.rho()) * sigma2);
            double yNorm = 0;
            for (double v : problem.y()) {
                yNorm += v * v;
            }
            double innerTolerance = tuning.innerTolerance() * Math.sqrt(sigma2 * yNorm);
            double previousViolation = Double.POSITIVE_INFINITY;
            double violation = lagrangian.violation(px.data);

            boolean exactCones = tuning.coneHandling() == ConeHandling.PROJECTION;
            double fx = lagrangian.value(px.data) + beta * GroupSoftThreshold.groupNorm(x.data, r, columns);
            double t = 1;
            int iterations = 0;
            int inner = 0;
            int outer = 0;
            int restarts = 0;
            int lastCertified = 0;
            String stop = "iteration limit";
            boolean converged = false;
            loopStartNanos = System.nanoTime();
            certifyNanosAtLoopStart = certifyNanos;
            while (true) {
                // Y = X_k + m (X_k − X_{k−1}), and X̃Y by linearity
                double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                double m = (t - 1) / tNext;
                double[] xd = x.data;
                double[] xpd = xPrev.data;
                double[] yd = yPoint.data;
                for (int i = 0; i < yd.length; i++) {
                    yd[i] = xd[i] + m * (xd[i] - xpd[i]);
                }
                // φ(Y) and H at Y in one pass from X̃X_k and X̃X_{k−1} (X̃Y by linearity, entry by entry): py holds H
                double fy = lagrangian.valueAndGradientInputAt(px.data, pxPrev.data, m, py.data);
                if (!Double.isFinite(fy)) {
                    // an iterate whose products overflowed: no step from it can be judged (the answer is the best
                    // certified iterate so far, as at any stop)
                    stop = "non-finite value";
                    break;
                }
                backward(py, grad);
                double[] gd = grad.data;

                // backtracking on η, after a tentative growth (the local curvature is often far below the
                // global Lipschitz constant); the trial's product goes to pxPrev, free from here on
                step *= tuning.stepGrowth();
                double[] td = trial.data;
                double diff2;
                double ft; // φ at the accepted trial (its product in pxPrev): not evaluated again below
                boolean sufficient; // the trial passed the line search's test
                while (true) {
                    for (int i = 0; i < td.length; i++) {
                        td[i] = yd[i] - step * gd[i];
                    }
                    if (exactCones) {
                        if (!GroupSoftThreshold.applyOnCones(td, r, columns, step * beta, problem, td,
                                deadlineNanos)) {
                            ft = Double.NaN;
                            diff2 = 0;
                            sufficient = false; // the deadline cut the prox: the trial is not taken ("time limit")
                            break;
                        }
                    } else {
                        GroupSoftThreshold.apply(td, r, columns, step * beta, td);
                    }
                    forward(trial, pxPrev);
                    ft = lagrangian.value(pxPrev.data);
                    double lin = 0;
                    diff2 = 0;
                    for (int i = 0; i < td.length; i++) {
                        double d = td[i] - yd[i];
                        lin += gd[i] * d;
                        diff2 += d * d;
                    }
                    sufficient = ft <= fy + lin + diff2 / (2 * step) + 1e-12 * Math.abs(fy);
                    // each trial costs a product: the clock is read here too (a NaN trial would otherwise backtrack
                    // a thousand times to the step floor, and at n = 10,000 a product takes 0.03 s)
                    if (sufficient || step < 1e-300 || SolverSettings.past(deadlineNanos)) {
                        break;
                    }
                    step *= tuning.backtrack();
                }
                if (!sufficient && step >= 1e-300) {
                    stop = "time limit"; // the deadline ended the line search; its trial is not taken
                    break;
                }
                if (!Double.isFinite(ft)) {
                    stop = "non-finite value"; // not taken: the answer is the best certified iterate so far
                    break;
                }
                double mapping = Math.sqrt(diff2) / step;
                double fNew = ft + beta * GroupSoftThreshold.groupNorm(td, r, columns);
                iterations++;
                inner++;
                if (fNew > fx && m > 0) {
                    // function-value restart (monotone variant): reject the step, drop the momentum; the next
                    // step is a plain prox-gradient step from X_k, which the line search makes monotone
                    t = 1;
                    restarts++;
                    if (iterations >= settings.maxIterations()) {
                        break;
                    }
                    continue;
                }
                fx = fNew;

                // gradient restart test ⟨Y − X_{k+1}, X_{k+1} − X_k⟩ > 0
                double restartTest = 0;
                for (int i = 0; i < td.length; i++) {
                    restartTest += (yd[i] - td[i]) * (td[i] - xd[i]);
                }
                // rotate: X_{k−1} ← X_k, X_k ← trial (and their products)
                R064Store swap = xPrev;
                xPrev = x;
                x = trial;
                trial = swap;
                swap = pxPrev;
                pxPrev = px;
                px = swap;
                if (restartTest > 0) {
                    t = 1;
                    restarts++;
                } else {
                    t = tNext;
                }

                boolean certifyNow = iterations - lastCertified >= tuning.certifyEvery();
                if (!exactCones && (mapping <= innerTolerance || inner >= tuning.maxInnerIterations())) {
                    violation = lagrangian.updateMultipliers(px.data);
                    if (violation > tuning.violationDecrease() * previousViolation) {
                        double newRho = Math.min(lagrangian.rho() * tuning.penaltyGrowth(), tuning.maxPenalty());
                        lagrangian.setRho(newRho);
                    }
                    previousViolation = violation;
                    innerTolerance *= tuning.innerToleranceDecrease();
                    inner = 0;
                    outer++;
                    t = 1; // the objective changed: no momentum across outer steps
                    System.arraycopy(x.data, 0, xPrev.data, 0, x.data.length);
                    fx = lagrangian.value(px.data) + beta * GroupSoftThreshold.groupNorm(x.data, r, columns);
                    certifyNow = true;
                }
                if (certifyNow) {
                    CertifiedGap.Evaluation e = certify(x.data, deadlineNanos, true);
                    if (e == null) {
                        stop = "time limit"; // its certificate's projections ran into the deadline
                        break;
                    }
                    lastCertified = iterations;
                    if (e.gap() < best.gap()) {
                        best = e;
                    }
                    report(iterations, e, lagrangian.rho(), violation, step);
                    if (best.gap() <= target) {
                        converged = true;
                        stop = "certified gap reached";
                        break;
                    }
                }
                if (iterations >= settings.maxIterations()) {
                    stop = "iteration limit";
                    break;
                }
                if (SolverSettings.past(deadlineNanos)) {
                    stop = "time limit";
                    break;
                }
            }
            // the last iterate is certified only while time is left (one certificate can cost as much as many
            // iterations at scale); past the limit the best certified iterate is the answer, with its own gap
            if (!converged && lastCertified != iterations && !SolverSettings.past(deadlineNanos)) {
                CertifiedGap.Evaluation e = certify(x.data, deadlineNanos, true);
                if (e == null) {
                    stop = "time limit"; // the final certificate ran into the deadline and was abandoned
                } else if (e.gap() < best.gap()) {
                    best = e;
                }
                converged = best.gap() <= target;
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("outerIterations", outer);
            extra.put("restarts", restarts);
            extra.put("stop", stop);
            extra.put("violation", violation);
            return answer(best, iterations, outer, converged, start, lagrangian.rho(), restarts, extra);
        }

        private GroupSolution answer(CertifiedGap.Evaluation best, int iterations, int outer, boolean converged,
                long start, double rho, int restarts) {
            return answer(best, iterations, outer, converged, start, rho, restarts, Map.of("stop",
                    converged ? "certified gap reached" : "no iteration"));
        }

        private GroupSolution answer(CertifiedGap.Evaluation best, int iterations, int outer, boolean converged,
                long start, double rho, int restarts, Map<String, Object> extra) {
            double seconds = (System.nanoTime() - start) * 1e-9;
            double[][] w = new double[columns][r];
            for (int g = 0; g < columns; g++) {
                System.arraycopy(best.w(), g * r, w[g], 0, r);
            }
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("iterations", iterations);
            stats.put("outerIterations", outer);
            stats.put("gap", best.gap());
            stats.put("objective", best.objective());
            stats.put("lowerBound", best.lower());
            stats.put("gapScope", best.scope());
            stats.put("nonzeroBlocks", best.nonzero());
            stats.put("seconds", seconds);
            // iterations only (issue 16's definition): from the loop's start, less the certificates taken in it (their
            // time is certificationSeconds; the set-up before the loop, the start's certificate among it, is out)
            double iterationSeconds = loopStartNanos == 0 ? 0
                    : ((System.nanoTime() - loopStartNanos) - (certifyNanos - certifyNanosAtLoopStart)) * 1e-9;
            stats.put("secondsPerIteration", iterations > 0 ? Math.max(0, iterationSeconds) / iterations : 0.0);
            stats.put("forwardProducts", forwardProducts);
            stats.put("forwardProductSeconds", forwardNanos * 1e-9);
            stats.put("secondsPerForwardProduct", forwardProducts > 0 ? forwardNanos * 1e-9 / forwardProducts : 0.0);
            stats.put("backwardProducts", backwardProducts);
            stats.put("backwardProductSeconds", backwardNanos * 1e-9);
            stats.put("secondsPerBackwardProduct", backwardProducts > 0 ? backwardNanos * 1e-9 / backwardProducts : 0.0);
            stats.put("productSecondsPerIteration", iterations > 0 ? (forwardNanos + backwardNanos) * 1e-9 / iterations : 0.0);
            stats.put("certifications", certifications);
            stats.put("certificationSeconds", certifyNanos * 1e-9);
            stats.put("abandonedCertifications", abandonedCertifications);
            stats.put("workingMemoryBytes", 4L * n * columns * Double.BYTES);
            stats.put("penalty", Double.isNaN(rho) ? tuning.initialPenalty() : rho);
            stats.put("restarts", restarts);
            stats.putAll(extra);
            String status = String.format(Locale.ROOT, "%s: certified relative gap %.3g after %d iterations",
                    extra.get("stop"), best.gap(), iterations);
            return new GroupSolution(w, iterations, converged, status, stats);
        }

        private void report(int iteration, CertifiedGap.Evaluation e, double rho, double violation, double step) {
            settings.progress().report(String.format(Locale.ROOT,
                    "fista it=%d objective=%.10g lower=%.10g gap=%.3e (over the %s's groups) blocks=%d rho=%.3g violation=%.3e step=%.3e",
                    iteration, e.objective(), e.lower(), e.gap(), e.scope(), e.nonzero(), rho, violation, step));
        }
    }

    /** λ_max(X̃ᵀX̃) by power iteration on the r × r Gram matrix (×1.01 for safety; ≥ tiny). */
    public static double largestEigenvalueOfGram(double[][] design, int r) {
        double[][] gram = new double[r][r];
        for (double[] row : design) {
            for (int a = 0; a < r; a++) {
                for (int b = 0; b < r; b++) {
                    gram[a][b] += row[a] * row[b];
                }
            }
        }
        double[] v = new double[r];
        java.util.Arrays.fill(v, 1 / Math.sqrt(r));
        double lambda = 0;
        for (int it = 0; it < 200; it++) {
            double[] u = new double[r];
            for (int a = 0; a < r; a++) {
                for (int b = 0; b < r; b++) {
                    u[a] += gram[a][b] * v[b];
                }
            }
            double norm = 0;
            for (double x : u) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                break;
            }
            for (int a = 0; a < r; a++) {
                v[a] = u[a] / norm;
            }
            lambda = norm;
        }
        return Math.max(lambda * 1.01, 1e-300);
    }
}

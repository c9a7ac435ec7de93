package org.cvxrelu.gated;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.solver.Progress;

/**
 * R-FISTA on the gated ReLU problem ({@link GatedProblem}): accelerated proximal gradient with restarts and
 * a Lassplore-style adaptive step, as in Mishkin et al. (ICML 2022, §4 "R-FISTA"), written for the layout of
 * {@link PatternProducts}.
 * <pre>
 *   f(U) = ½‖ŷ(U) − y‖²,  ŷ(U) = Σ_i D_i X̃ u_i,  ∇_i f(U) = X̃ᵀ D_i (ŷ(U) − y)
 *   Y   = U_k + m_k (U_k − U_{k−1}),  m_k = (t_k − 1)/t_{k+1},  t_{k+1} = (1 + √(1 + 4t_k²))/2;
 *         ŷ(Y) by linearity from ŷ(U_k), ŷ(U_{k−1}) (no product)
 *   U⁺  = prox_{ηβ}(Y − η∇f(Y)),  prox: u_i ← max(0, 1 − ηβ/‖u_i‖)·u_i   (group soft-threshold)
 *   accept when f(U⁺) ≤ f(Y) + ⟨∇f(Y), U⁺ − Y⟩ + ‖U⁺ − Y‖²/(2η), else η ← η·backtrack and retry
 *   Lassplore-style growth: with L̂ = 2(f(U⁺) − f(Y) − ⟨∇f(Y), U⁺ − Y⟩)/‖U⁺ − Y‖² the curvature met along the
 *         step, η ← η·growth for the next iteration only when L̂·η ≤ slack (the test held with room to spare)
 *   restarts (t ← 1): when F(U⁺) &gt; F(U_k) the step is rejected (monotone variant), and when
 *         ⟨Y − U⁺, U⁺ − U_k⟩ &gt; 0 (gradient restart, O'Donoghue &amp; Candès 2015)
 * </pre>
 * Two products per accepted step: one backward (∇f(Y)) and one forward per line-search trial (ŷ(U⁺)).
 *
 * <p>Newton polish: once the gap is ≤ 1e-2 (and again at every further tenfold fall) the support is
 * polished by {@link SupportNewton}; the polished point replaces U_k (momentum reset) when its own duality gap
 * is smaller. First-order steps alone stall near a gap of 1e-5 on degenerate data (standardised yacht, 1,000
 * gates) because the objective's decrease per step reaches its rounding while the dual point is still off.
 *
 * <p>Stopping. The cheap criterion is the gradient mapping ‖G‖ = ‖U⁺ − Y‖/η (Frobenius); when it has fallen
 * by {@link Settings#checkFactor()} since the last check (and at least every {@link Settings#checkEvery()}
 * iterations) the duality gap of U_k is evaluated — one backward product at U_k:
 * <pre>
 *   λ = y − ŷ(U_k),  ĉ ≥ max_i ‖X̃ᵀ D_i λ‖ (rounding of the product included, see {@link #certify}),
 *   lower = max_{t∈[0,β/ĉ]} tλᵀy − ½t²‖λ‖² ({@link DualBound}, exact arithmetic, rounded down),
 *   gap = (F̂(U_k) − max(lower, every earlier check's lower))/F̂(U_k)
 * </pre>
 * where F̂ is F evaluated in floating point. Each lower bound is proven (a rigorous lower bound on P_gated,
 * whichever iterate gave it, so the largest so far is used: on the interpolating problems of BENCHMARKS §24 the
 * bound of one check fell by 1.3 % at the next);
 * the objective is the floating-point value of the returned U, so the gap is exactly defined, not proven
 * to the last rounding of F. The run ends when gap ≤ target, at the iteration limit, or at the time limit
 * (checked before every product); the answer is then the last accepted U_k, and its gap is evaluated once
 * more (one product) when the last check was not at U_k — the final progress line reports that gap.
 */
public final class GatedFista {

    /**
     * @param relativeGap target relative duality gap
     * @param maxIterations iteration limit
     * @param timeLimitSeconds time limit (0: none)
     * @param backtrack factor on η when the sufficient-decrease test fails
     * @param growth factor on η after a step whose curvature test had slack
     * @param slack the test "has slack" when L̂·η ≤ slack
     * @param checkFactor evaluate the gap when ‖G‖ has fallen by this factor since the last evaluation
     * @param checkEvery and at least every this many iterations
     * @param parallel multi-threaded products
     * @param powerSteps power iterations on AᵀA for the first step size ({@link #lipschitzEstimate})
     * @param polishFrom first Newton polish when the gap is at most this
     * @param polishFactor the next polish once the gap has fallen by this factor since the last
     * @param newtonSteps Newton steps per polish at most
     */
    public record Settings(double relativeGap, int maxIterations, double timeLimitSeconds, double backtrack, double growth, double slack, double checkFactor, int checkEvery, boolean parallel, int powerSteps, double polishFrom, double polishFactor, int newtonSteps) {
        public static Settings defaults() {
            return new Settings(1e-6, 100_000, 0, 0.5, 1.25, 0.5, 0.3, 100, true, 10, 1e-2, 0.1, 20);
        }

        public Settings withRelativeGap(double g) {
            return new Settings(g, maxIterations, timeLimitSeconds, backtrack, growth, slack, checkFactor, checkEvery, parallel, powerSteps, polishFrom, polishFactor, newtonSteps);
        }

        public Settings withMaxIterations(int m) {
            return new Settings(relativeGap, m, timeLimitSeconds, backtrack, growth, slack, checkFactor, checkEvery, parallel, powerSteps, polishFrom, polishFactor, newtonSteps);
        }

        public Settings withTimeLimit(double s) {
            return new Settings(relativeGap, maxIterations, s, backtrack, growth, slack, checkFactor, checkEvery, parallel, powerSteps, polishFrom, polishFactor, newtonSteps);
        }

        /** The same with {@code seconds} already spent: the time limit (if any) less them, at least 1 ms. */
        public Settings afterSeconds(double seconds) {
            return timeLimitSeconds > 0 ? withTimeLimit(Math.max(1e-3, timeLimitSeconds - seconds)) : this;
        }

        public Settings withParallel(boolean b) {
            return new Settings(relativeGap, maxIterations, timeLimitSeconds, backtrack, growth, slack, checkFactor, checkEvery, b, powerSteps, polishFrom, polishFactor, newtonSteps);
        }

        public Settings withPowerSteps(int k) {
            return new Settings(relativeGap, maxIterations, timeLimitSeconds, backtrack, growth, slack, checkFactor, checkEvery, parallel, k, polishFrom, polishFactor, newtonSteps);
        }

        /** Polish first when the gap is ≤ {@code from}, then whenever it has fallen by {@code factor} since the last. */
        public Settings withPolish(double from, double factor) {
            return new Settings(relativeGap, maxIterations, timeLimitSeconds, backtrack, growth, slack, checkFactor, checkEvery, parallel, powerSteps, from, factor, newtonSteps);
        }
    }

    /**
     * The answer.
     *
     * @param u the blocks, u[i] = u_i
     * @param objective F̂(U) (floating point)
     * @param lowerBound proven lower bound on P_gated
     * @param gap (objective − lowerBound)/objective
     * @param converged gap ≤ target
     * @param stats counts and times
     */
    public record Result(double[][] u, double objective, double lowerBound, double gap, int iterations,
            boolean converged, String stop, Map<String, Object> stats) {
    }

    /** Largest n·r·p for the power-iteration first step (else the start 1/λ_max(X̃ᵀX̃)). */
    static final long POWER_LIMIT = 50_000_000L;

    private GatedFista() {
    }

    public static Result solve(GatedProblem problem, Settings settings, Progress progress) {
        return new Run(problem, settings, progress).solve(null);
    }

    /**
     * As {@link #solve(GatedProblem, Settings, Progress)}, started from {@code start} (r × p row-major like
     * {@link PatternProducts}, {@code start[j·p + i]} = (u_i)_j; null: U = 0).
     */
    public static Result solve(GatedProblem problem, Settings settings, Progress progress, double[] start) {
        return new Run(problem, settings, progress).solve(start);
    }

    /**
     * An estimate of L = λ_max(AᵀA), A = [D_1X̃ … D_pX̃] (the Lipschitz constant of ∇f), by {@code steps}
     * power iterations v ← AᵀAv/‖AᵀAv‖ from {@code v0} (two products each). A Rayleigh quotient: never above L,
     * so the line search may still shorten the first steps; it replaces the start 1/λ_max(X̃ᵀX̃), which is
     * ≈ p times too long when many patterns overlap and cost a dozen backtracks.
     */
    static double lipschitzEstimate(PatternProducts products, double[] v0, int steps) {
        int size = v0.length;
        double[] v = v0.clone();
        double nv = Math.sqrt(dot(v, v));
        if (!(nv > 0)) {
            return 0;
        }
        double[] fit = new double[products.n()];
        double[] w = new double[size];
        double estimate = 0;
        for (int it = 0; it < steps; it++) {
            for (int i = 0; i < size; i++) {
                v[i] /= nv;
            }
            products.forward(v, fit);
            products.backward(fit, w);
            estimate = dot(v, w); // vᵀAᵀAv with ‖v‖ = 1
            double[] s = v;
            v = w;
            w = s;
            nv = Math.sqrt(dot(v, v));
            if (!(nv > 0)) {
                break;
            }
        }
        return estimate;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * The certified evaluation of U (any r × p blocks) over every pattern of {@code products}: λ = y − ŷ with ŷ
     * given, F̂(U) in floating point, z = [X̃ᵀD_iλ]_i (one backward product, into {@code z}), ĉ ≥ max_i ‖z_i‖
     * with the rounding of the product bounded ({@link Run#priceBound}) and the dual bound in exact arithmetic.
     *
     * @return {objective, lower bound, relative gap}
     */
    static double[] certificate(GatedProblem problem, PatternProducts products, double[] u, double[] fit, double[] z) {
        int n = problem.n();
        double[] y = problem.y();
        double[] lambda = new double[n];
        for (int k = 0; k < n; k++) {
            lambda[k] = y[k] - fit[k];
        }
        int r = problem.r();
        int p = products.p();
        double objective = objective(problem, u, fit);
        products.backward(lambda, z);
        double c = priceBound(products, r, p, lambda, z);
        double lower = DualBound.of(lambda, y, problem.beta(), c).value();
        return new double[] {objective, lower, DualBound.relativeGap(objective, lower)};
    }

    /**
     * F̂(U) = ½‖y − ŷ‖² + β Σ_i ‖u_i‖ in floating point, ŷ the fit of U (r × p row-major): the objective every gated
     * answer reports, formed the same way wherever it is.
     */
    static double objective(GatedProblem problem, double[] u, double[] fit) {
        double[] y = problem.y();
        double loss = 0;
        for (int k = 0; k < y.length; k++) {
            double e = y[k] - fit[k];
            loss += e * e;
        }
        int r = problem.r();
        int p = u.length / r;
        double[] norms = new double[p];
        groupNorms(u, r, p, norms);
        double pen = 0;
        for (double v : norms) {
            pen += v;
        }
        return 0.5 * loss + problem.beta() * pen;
    }

    /** norms[i] = ‖u_i‖ for U r × p row-major. */
    static void groupNorms(double[] u, int r, int p, double[] norms) {
        java.util.Arrays.fill(norms, 0);
        for (int j = 0; j < r; j++) {
            int o = j * p;
            for (int i = 0; i < p; i++) {
                norms[i] += u[o + i] * u[o + i];
            }
        }
        for (int i = 0; i < p; i++) {
            norms[i] = Math.sqrt(norms[i]);
        }
    }

    /**
     * out = prox_{τ‖·‖}(z) group-wise (the group soft-threshold): u_i ← max(0, 1 − τ/‖z_i‖) z_i, for Z r × p
     * row-major; norms gets ‖z_i‖ and scale the factors. {@code out} may be {@code z}.
     */
    static void groupSoftThreshold(double[] z, double tau, int r, int p, double[] norms, double[] scale, double[] out) {
        groupNorms(z, r, p, norms);
        for (int i = 0; i < p; i++) {
            scale[i] = norms[i] > tau ? 1 - tau / norms[i] : 0;
        }
        for (int j = 0; j < r; j++) {
            int o = j * p;
            for (int i = 0; i < p; i++) {
                out[o + i] = z[o + i] * scale[i];
            }
        }
    }

    /**
     * ĉ ≥ max_i ‖X̃ᵀD_iλ‖ for the double λ, given the computed z. Each computed entry ẑ_ji is a sum of at most n
     * rounded products M_ki λ_k X̃_kj (M_ki ∈ {0, 1}: exact) in some order, so (Higham §3.1, any order)
     * |ẑ_ji − z_ji| ≤ γ_n Σ_k |X̃_kj||λ_k| + n·η =: δ_j, γ_n = nu/(1 − nu). With ê_j the computed
     * Σ_k |X̃_kj||λ_k|, e_j ≤ ê_j/(1 − γ_n), and γ_n/(1 − γ_n) ≤ 1.03·n·u for n·u ≤ 0.01; δ_j is bounded
     * by (n + 2)·2⁻⁵²·ê_j + (n + 2)·2⁻¹⁰⁷⁰. Then ‖z_i‖ ≤ ‖ẑ_i‖ + ‖δ‖, and each norm, computed in
     * floating point from r squares, is inflated by the factor (1 + (r + 4)·2⁻⁵²) ≥ its relative error
     * bound, and rounded up.
     */
    static double priceBound(PatternProducts products, int r, int p, double[] lambda, double[] z) {
        int n = products.n();
        if (n * 0x1p-53 > 0.01) {
            return Double.POSITIVE_INFINITY;
        }
        double[] e = products.absoluteCorrelation(lambda);
        double deltaSq = 0;
        for (int j = 0; j < r; j++) {
            double d = (n + 2) * 0x1p-52 * e[j] + (n + 2) * 0x1p-1070;
            deltaSq += d * d;
        }
        double inflate = 1 + (r + 4) * 0x1p-52;
        double delta = Math.nextUp(Math.sqrt(deltaSq) * inflate);
        double[] sq = new double[p];
        for (int j = 0; j < r; j++) {
            int o = j * p;
            for (int i = 0; i < p; i++) {
                sq[i] += z[o + i] * z[o + i];
            }
        }
        double max = 0;
        for (double v : sq) {
            max = Math.max(max, v);
        }
        if (!Double.isFinite(max)) {
            return Double.POSITIVE_INFINITY;
        }
        // + 1e-160 covers squares that underflow (each loses at most 2⁻¹⁰⁷⁵: √(r·2⁻¹⁰⁷⁴) < 1e-160)
        return Math.nextUp(Math.nextUp(Math.nextUp(Math.sqrt(max) * inflate) + delta) + 1e-160);
    }

    private static final class Run {
        final GatedProblem problem;
        final Settings settings;
        final Progress progress;
        final PatternProducts products;
        final int n;
        final int r;
        final int p;
        final double beta;
        final double[] y;
        final long start = System.nanoTime();
        final double deadline;
        long forwardNanos;
        long backwardNanos;
        int forwards;
        int backwards;
        int checks;
        long checkNanos;
        /**
         * The largest lower bound proven at any check of this run: each bounds P_gated whichever iterate gave it, so
         * the answer's gap is taken against it ({@link #folded}) rather than against its own iterate's bound alone.
         */
        double bestLower = Double.NEGATIVE_INFINITY;
        long polishNanos;
        int polishes;
        int polishesKept;

        Run(GatedProblem problem, Settings settings, Progress progress) {
            this.problem = problem;
            this.settings = settings;
            this.progress = progress;
            this.products = new PatternProducts(problem.design(), problem.masks(), settings.parallel());
            this.n = problem.n();
            this.r = problem.r();
            this.p = problem.p();
            this.beta = problem.beta();
            this.y = problem.y();
            this.deadline = settings.timeLimitSeconds() > 0 ? settings.timeLimitSeconds() : Double.POSITIVE_INFINITY;
        }

        double elapsed() {
            return (System.nanoTime() - start) * 1e-9;
        }

        void forward(double[] u, double[] out) {
            long t0 = System.nanoTime();
            products.forward(u, out);
            forwardNanos += System.nanoTime() - t0;
            forwards++;
        }

        void backward(double[] lambda, double[] z) {
            long t0 = System.nanoTime();
            products.backward(lambda, z);
            backwardNanos += System.nanoTime() - t0;
            backwards++;
        }

        /** ½‖fit − y‖² and the residual fit − y into res. */
        double loss(double[] fit, double[] res) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                double e = fit[k] - y[k];
                res[k] = e;
                s += e * e;
            }
            return 0.5 * s;
        }

        double penalty(double[] u, double[] norms) {
            groupNorms(u, norms);
            double s = 0;
            for (double v : norms) {
                s += v;
            }
            return beta * s;
        }

        /** ‖u_i‖ for U r × p row-major. */
        void groupNorms(double[] u, double[] norms) {
            GatedFista.groupNorms(u, r, p, norms);
        }

        /** out = prox_{τ‖·‖}(z) group-wise: u_i ← max(0, 1 − τ/‖z_i‖) z_i. */
        void prox(double[] z, double tau, double[] norms, double[] scale, double[] out) {
            groupSoftThreshold(z, tau, r, p, norms, scale, out);
        }

        /** The certified evaluation at U with fit ŷ(U): one backward product. */
        double[] certify(double[] u, double[] fit, double[] z, double[] norms) {
            long t0 = System.nanoTime();
            double[] lambda = new double[n];
            double loss = 0;
            for (int k = 0; k < n; k++) {
                lambda[k] = y[k] - fit[k];
                loss += lambda[k] * lambda[k];
            }
            double objective = 0.5 * loss + penalty(u, norms);
            backward(lambda, z);
            double c = priceBound(lambda, z);
            double lower = DualBound.of(lambda, y, beta, c).value();
            double gap = DualBound.relativeGap(objective, lower);
            checks++;
            checkNanos += System.nanoTime() - t0;
            bestLower = Math.max(bestLower, lower);
            return new double[] {objective, lower, gap};
        }

        /** An evaluation {objective, lower, gap} with the lower bound raised to the best proven in this run. */
        double[] folded(double[] e) {
            double lower = Math.max(e[1], bestLower);
            return new double[] {e[0], lower, DualBound.relativeGap(e[0], lower)};
        }

        /** ĉ ≥ max_i ‖X̃ᵀD_iλ‖, rounding included: {@link GatedFista#priceBound}. */
        double priceBound(double[] lambda, double[] z) {
            return GatedFista.priceBound(products, r, p, lambda, z);
        }

        Result solve(double[] start) {
            int size = r * p;
            double[] x = start != null ? start.clone() : new double[size];
            double[] xPrev = new double[size];
            double[] yPt = new double[size];
            double[] trial = new double[size];
            double[] grad = new double[size];
            double[] norms = new double[p];
            double[] scale = new double[p];
            double[] fitX = new double[n];
            double[] fitPrev = new double[n];
            double[] fitY = new double[n];
            double[] fitT = new double[n];
            double[] res = new double[n];
            double[] z = new double[size];

            // F(0) = ½‖y‖² (or the start's F): the first check gives the scale of everything
            if (start != null) {
                forward(x, fitX);
                System.arraycopy(fitX, 0, fitPrev, 0, n);
                System.arraycopy(x, 0, xPrev, 0, size);
            }
            double[] e0 = certify(x, fitX, z, norms);
            double mapping0 = 0;
            for (double v : z) {
                mapping0 += v * v;
            }
            mapping0 = Math.sqrt(mapping0);
            report(0, e0, Double.NaN, Double.NaN);
            if (e0[2] <= settings.relativeGap()) {
                return answer(x, e0, 0, true, "gap reached", 0);
            }
            // the first step from the curvature of A itself (power iterations from z = Aᵀλ), not from X̃ᵀX̃
            long tl = System.nanoTime();
            // only where a product is cheap: at n·r·p = 1e9 (n = 10,000, 2,000 patterns) 20 products cost more
            // than the dozen backtracks they save, and no clock is checked inside
            boolean cheap = (long) n * r * p <= POWER_LIMIT;
            double lipschitz = cheap ? lipschitzEstimate(products, z, settings.powerSteps()) : 0;
            if (!(lipschitz > 0)) {
                lipschitz = org.cvxrelu.solver.firstorder.FistaConeSolver.largestEigenvalueOfGram(problem.design(), r);
            }
            double step = 1 / lipschitz;
            checkNanos += System.nanoTime() - tl;
            double fx = e0[0];
            double t = 1;
            int iterations = 0;
            int restarts = 0;
            int backtracks = 0;
            double[] last = e0;
            int lastCheckIteration = 0;
            double lastCheckMapping = mapping0;
            String stop = "iteration limit";
            boolean converged = false;
            boolean checkedAtX = true;
            double polishBelow = settings.polishFrom();
            if (start != null && e0[2] > settings.relativeGap() && e0[2] <= polishBelow) {
                // a warm start is usually near its optimum on nearly the right support: Newton first
                double[] e = polish(x, xPrev, fitX, fitPrev, fitT, z, norms, e0);
                if (e != null) {
                    fx = e[0];
                    last = e;
                    report(0, last, Double.NaN, step);
                    if (folded(e)[2] <= settings.relativeGap()) {
                        Map<String, Object> extra = new LinkedHashMap<>();
                        extra.put("finalStep", step);
                        return answer(x, last, 0, true, "gap reached", 0, extra);
                    }
                }
                polishBelow = Math.min(polishBelow, last[2]) * settings.polishFactor();
            }
            outer:
            while (iterations < settings.maxIterations()) {
                if (elapsed() >= deadline) {
                    stop = "time limit";
                    break;
                }
                double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                double m = (t - 1) / tNext;
                for (int i = 0; i < size; i++) {
                    yPt[i] = x[i] + m * (x[i] - xPrev[i]);
                }
                for (int k = 0; k < n; k++) {
                    fitY[k] = fitX[k] + m * (fitX[k] - fitPrev[k]);
                }
                double fy = loss(fitY, res);
                backward(res, grad);
                double ft;
                double lin;
                double diff2;
                while (true) {
                    if (elapsed() >= deadline) {
                        stop = "time limit";
                        break outer;
                    }
                    for (int i = 0; i < size; i++) {
                        trial[i] = yPt[i] - step * grad[i];
                    }
                    prox(trial, step * beta, norms, scale, trial);
                    forward(trial, fitT);
                    ft = loss(fitT, res);
                    lin = 0;
                    diff2 = 0;
                    for (int i = 0; i < size; i++) {
                        double d = trial[i] - yPt[i];
                        lin += grad[i] * d;
                        diff2 += d * d;
                    }
                    if (ft <= fy + lin + diff2 / (2 * step) + 1e-12 * Math.abs(fy) || step < 1e-300) {
                        break;
                    }
                    step *= settings.backtrack();
                    backtracks++;
                }
                iterations++;
                double mapping = Math.sqrt(diff2) / step;
                double curvature = diff2 > 0 ? 2 * (ft - fy - lin) / diff2 : 0;
                double fNew = ft + penalty(trial, norms);
                if (curvature * step <= settings.slack()) {
                    step *= settings.growth();
                }
                if (fNew > fx && m > 0) {
                    t = 1; // reject the step, drop the momentum
                    restarts++;
                    continue;
                }
                double restartTest = 0;
                for (int i = 0; i < size; i++) {
                    restartTest += (yPt[i] - trial[i]) * (trial[i] - x[i]);
                }
                double[] s = xPrev;
                xPrev = x;
                x = trial;
                trial = s;
                s = fitPrev;
                fitPrev = fitX;
                fitX = fitT;
                fitT = s;
                fx = fNew;
                checkedAtX = false;
                if (restartTest > 0) {
                    t = 1;
                    restarts++;
                } else {
                    t = tNext;
                }
                if (mapping <= settings.checkFactor() * lastCheckMapping
                        || iterations - lastCheckIteration >= settings.checkEvery()) {
                    if (elapsed() >= deadline) {
                        stop = "time limit";
                        break;
                    }
                    last = certify(x, fitX, z, norms);
                    checkedAtX = true;
                    lastCheckIteration = iterations;
                    lastCheckMapping = mapping;
                    report(iterations, last, mapping, step);
                    if (folded(last)[2] > settings.relativeGap() && last[2] <= polishBelow && elapsed() < deadline) {
                        polishBelow = Math.min(polishBelow, last[2]) * settings.polishFactor();
                        double[] e = polish(x, xPrev, fitX, fitPrev, fitT, z, norms, last);
                        if (e != null) {
                            t = 1;
                            fx = e[0];
                            last = e;
                            report(iterations, last, Double.NaN, step);
                        }
                    }
                    if (folded(last)[2] <= settings.relativeGap()) {
                        converged = true;
                        stop = "gap reached";
                        break;
                    }
                }
            }
            if (!checkedAtX) {
                // the answer is U_k: its own gap, whatever the clock says (one product)
                last = certify(x, fitX, z, norms);
                converged = folded(last)[2] <= settings.relativeGap();
                report(iterations, last, Double.NaN, step);
            }
            if (folded(last)[1] != reportedLower) {
                report(iterations, last, Double.NaN, step); // a rejected polish raised the bound after the last line
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("restarts", restarts);
            extra.put("backtracks", backtracks);
            extra.put("finalStep", step);
            return answer(x, last, iterations, converged, stop, restarts, extra);
        }

        /**
         * The Newton polish of x ({@link SupportNewton}); when its certified gap is smaller than {@code last}'s,
         * x, xPrev, fitX, fitPrev become the polished point (momentum dropped) and its evaluation is returned;
         * otherwise null and nothing changes. fitT and z are scratch.
         */
        double[] polish(double[] x, double[] xPrev, double[] fitX, double[] fitPrev, double[] fitT, double[] z,
                double[] norms, double[] last) {
            long tp = System.nanoTime();
            try {
                long deadlineNanos = Double.isInfinite(deadline) ? Long.MAX_VALUE
                        : org.cvxrelu.solver.SolverSettings.plusSeconds(start, deadline);
                double[] polished = SupportNewton.polish(problem, x, settings.newtonSteps(), deadlineNanos);
                polishes++;
                if (polished == null) {
                    return null;
                }
                forward(polished, fitT);
                double[] e = certify(polished, fitT, z, norms);
                // both against the best bound so far (which e's own bound has joined): the lower objective wins
                if (!(folded(e)[2] < folded(last)[2])) {
                    return null;
                }
                int size = x.length;
                System.arraycopy(polished, 0, x, 0, size);
                System.arraycopy(polished, 0, xPrev, 0, size);
                System.arraycopy(fitT, 0, fitX, 0, n);
                System.arraycopy(fitT, 0, fitPrev, 0, n);
                polishesKept++;
                return e;
            } finally {
                polishNanos += System.nanoTime() - tp;
            }
        }

        Result answer(double[] x, double[] e, int iterations, boolean converged, String stop, int restarts) {
            return answer(x, e, iterations, converged, stop, restarts, new LinkedHashMap<>());
        }

        Result answer(double[] x, double[] e, int iterations, boolean converged, String stop, int restarts,
                Map<String, Object> extra) {
            double[][] u = GatedProblem.blocks(x, r, p);
            int nonzero = 0;
            for (int i = 0; i < p; i++) {
                if (!GatedProblem.isZero(u[i])) {
                    nonzero++;
                }
            }
            double seconds = elapsed();
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("iterations", iterations);
            stats.put("seconds", seconds);
            stats.put("secondsPerIteration", iterations > 0 ? (seconds - checkNanos * 1e-9 - polishNanos * 1e-9) / iterations : 0.0);
            stats.put("nonzeroBlocks", nonzero);
            stats.put("forwardProducts", forwards);
            stats.put("backwardProducts", backwards);
            stats.put("secondsPerForwardProduct", forwards > 0 ? forwardNanos * 1e-9 / forwards : 0.0);
            stats.put("secondsPerBackwardProduct", backwards > 0 ? backwardNanos * 1e-9 / backwards : 0.0);
            stats.put("productSeconds", (forwardNanos + backwardNanos) * 1e-9);
            stats.put("newtonPolishes", polishes);
            stats.put("newtonPolishesKept", polishesKept);
            stats.put("newtonPolishSeconds", polishNanos * 1e-9);
            stats.put("gapChecks", checks);
            stats.put("gapCheckSeconds", checkNanos * 1e-9);
            stats.put("workingMemoryBytes", products.bytes() + 8L * (9L * r * p + 6L * n));
            stats.putAll(extra);
            stats.put("stop", stop);
            double[] f = folded(e);
            return new Result(u, f[0], f[1], f[2], iterations, converged, stop, stats);
        }

        /** The lower bound on the last progress line (NaN before the first). */
        double reportedLower = Double.NaN;

        void report(int iteration, double[] evaluation, double mapping, double step) {
            double[] e = folded(evaluation); // the gap the answer would have, as the final line reports it
            reportedLower = e[1];
            progress.report(String.format(Locale.ROOT,
                    "gated it=%d objective=%.10g lower=%.10g gap=%.3e mapping=%.3e step=%.3e t=%.2fs",
                    iteration, e[0], e[1], e[2], mapping, step, elapsed()));
        }
    }
}

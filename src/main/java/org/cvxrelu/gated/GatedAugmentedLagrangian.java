package org.cvxrelu.gated;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.solver.Progress;

/**
 * A semismooth Newton augmented Lagrangian method on the dual of the gated problem ({@link GatedProblem}), after
 * Li, Sun &amp; Toh, "A highly efficient semismooth Newton augmented Lagrangian method for solving Lasso problems"
 * (SIAM J. Optim. 2018), with the lasso's soft-threshold replaced by the group one. Written with A = [D_1X̃ … D_pX̃]
 * (n × rp), p(U) = β Σ_i ‖u_i‖ and h*(ξ) = ½‖ξ‖² + ⟨y, ξ⟩, the dual is
 * <pre>
 *   min_{ξ, z}  h*(ξ) + p*(z)   s.t.  Aᵀξ + z = 0        (ξ* = AU* − y, the negated residual)
 * </pre>
 * and U is the multiplier of its constraint. Minimising the augmented Lagrangian over z in closed form leaves
 * <pre>
 *   ψ_σ(ξ) = ½‖ξ‖² + ⟨y, ξ⟩ + ‖prox_{σp}(U − σAᵀξ)‖²/(2σ)                    (up to a constant)
 *   ∇ψ_σ(ξ) = ξ + y − A·prox_{σp}(U − σAᵀξ)
 *   V = I + σ A J Aᵀ ∈ ∂²ψ_σ(ξ),  J = blockdiag(J_i) ∈ ∂prox_{σp}(V̄),  V̄ = U − σAᵀξ:
 *        J_i = (1 − σβ/‖v̄_i‖) I + (σβ/‖v̄_i‖³) v̄_i v̄_iᵀ  when ‖v̄_i‖ &gt; σβ,  else 0
 * </pre>
 * Each outer iteration minimises ψ_σ approximately by semismooth Newton steps (the direction by conjugate
 * gradients on V d = −∇ψ_σ, each CG step one backward and one forward product over the active patterns only, those
 * with J_i ≠ 0, preconditioned for few samples by a factorisation of V formed ({@link DenseNewtonSystem}) once an
 * outer iteration has taken more than half its Newton steps, and for many by the Jacobian's rank-one parts held exactly
 * ({@link RankOnePartsPreconditioner}); Armijo backtracking on ψ_σ,
 * each trial two products, its decrease formed as α⟨ξ + y, d⟩ + ½α²‖d‖² + (‖P⁺‖² − ‖P‖²)/(2σ) rather than as the
 * difference of two values of size ‖y‖²), then updates the multiplier U ← prox_{σp}(U − σAᵀξ) and raises σ
 * threefold, up to σ₀·{@link #SIGMA_RANGE} (σ₀·{@link #FORMED_SIGMA_RANGE} with V formed from the first direction).
 *
 * <p>Why: V is an n × n operator, well conditioned where the gates' kernel K = AAᵀ is (on the interpolating
 * problems of BENCHMARKS §24–§25 its eigenvalues span about three decades, one outlier apart), while R-FISTA
 * works in the rp unknowns of the primal, most of which the fit does not see (§25): there it stalls at gaps of
 * 0.3–0.7 for minutes. This method needs no n × n matrix (it forms one only for few samples), only the two
 * products: those of its iterations along mask transitions where {@link TransitionProducts#forIterations} finds them
 * cheaper, every product a certificate bounds dense ({@link PatternProducts}), and the answer's objective formed
 * again from a dense product at the end.
 *
 * <p>Checks: prox_{σp}(U − σAᵀξ) is a primal point and −ξ a dual one at every step. They are certified at the end
 * of each outer iteration and, once the gap is at most {@link #CHECK_EACH_STEP_BELOW}, after every Newton step:
 * the objective of the point, the bound of its residual ({@link GatedFista#certificate}, rounding of the product
 * bounded) and the same bound at λ = −ξ. The objective of every accepted step's point is evaluated as well (its fit
 * is at hand: no product). The answer is the point with the lowest objective, paired with the largest bound of any
 * check (each bounds P_gated whichever point gave it). The run stops at the target
 * relative gap, at the iteration limit (counted in pairs of products over all patterns, as an R-FISTA iteration
 * makes: CG steps, line-search trials, evaluations, checks, and V's factorisations and solves at the multiply-adds of
 * dense products; see {@code work()}), after {@link #IDLE_OUTER} outer iterations that did not lower the answer's
 * gap, or at the time limit (checked before every CG step, factorisation and line-search trial; the point reached is then
 * certified once more, two products). The last progress line is the answer's.
 */
public final class GatedAugmentedLagrangian {
    /** σ₀ = SIGMA_SCALE / (mean diagonal of K): σK of a fixed size whatever the units of X̃. */
    static final double SIGMA_SCALE = 2e4;
    /** σ is raised by this factor after each outer iteration ... */
    static final double SIGMA_GROWTH = 3;
    /**
     * ... up to σ₀ times this: V's condition grows with σ, and so do the conjugate-gradient steps of a direction ...
     */
    static final double SIGMA_RANGE = 1e5;
    /**
     * ... and up to σ₀ times this where V is formed from the first direction ({@link NewtonSystem#FORMED_FROM_THE_START}):
     * its factorisation does not pay for the condition in steps, and on raw tables (columns in different units, where
     * σ₀ is set by the largest) σ₀·1e5 left the outer iterations converging linearly for thousands of Newton steps.
     * Measured (BENCHMARKS §39, raw tables, 30 s limit): haberman_swap3 at 1e5 ended at a gap of 1.4e-4 (iteration
     * limit), at 1e6, 1e7 and 1e8 reached 1e-6 (6.1, 3.2, 2.3 s); auto_mpg_swap 0.057, 0.007, 9.2e-7 (16.7 s),
     * 7.6e-7 (8.4 s); airfoil_swap3 0.867, 0.556, 0.237, 0.808 (at 1e8 no progress in three outer iterations); at
     * 1e9 auto_mpg_swap stopped at 2.1e-3 without progress.
     */
    static final double FORMED_SIGMA_RANGE = 1e7;
    /** Newton steps per outer iteration at most. */
    static final int INNER_STEPS = 50;
    /** CG steps per Newton direction at most. */
    static final int CG_STEPS = 200;
    /** Armijo's sufficient-decrease constant. */
    static final double ARMIJO = 1e-4;
    /** Stop after this many outer iterations in a row that did not lower the answer's gap (its rounding floor). */
    static final int IDLE_OUTER = 3;
    /**
     * The Newton system may be formed and factored ({@link DenseNewtonSystem}) where that costs at most as many
     * multiply-adds as this many conjugate-gradient steps. Measured in process with a factorisation for every
     * direction (BENCHMARKS §37), the directions were exact and the Newton steps 2 to 5 times fewer: even or faster
     * at 20–34 steps' worth (yacht, auto_mpg, haberman; yacht_swap 1.4× faster), 1.4× slower at 165 (concrete) and
     * 2.4× at 630 (banknote). It is formed only after an outer iteration of more than half {@link #INNER_STEPS}
     * Newton steps: a process that forms it pays ojAlgo's first use, about 0.19 s, which made the whole process
     * slower on 7 of 10 small tables where the steps did not oscillate.
     */
    static final double DIRECT_CG_STEPS = 50;
    /**
     * With V formed, its factorisation is made again when a direction took more than this many conjugate-gradient
     * steps (and at each new σ): about half the directions on the tables of BENCHMARKS §37, 25 % faster than a
     * factorisation for every direction.
     */
    static final int REFACTOR_AFTER = 8;
    /** With V formed, the conjugate gradients run to this residual relative to ‖∇ψ‖ (exact directions, in effect). */
    static final double PRECONDITIONED_TOLERANCE = 1e-6;
    /** When the Newton system V is formed ({@link DenseNewtonSystem}) to precondition the conjugate gradients. */
    enum NewtonSystem {
        /**
         * Where its factorisation costs at most {@link #DIRECT_CG_STEPS} CG steps, after an outer iteration that took
         * more than half of {@link #INNER_STEPS} Newton steps (the default).
         */
        AUTOMATIC,
        /** Never: conjugate gradients alone, as before BENCHMARKS §37. */
        CONJUGATE_GRADIENTS,
        /**
         * From the first direction, wherever n ≤ {@link DenseNewtonSystem#MAX_ROWS} whatever the cost: for data whose
         * conjugate gradients fail rather than cost (columns in different units, §37).
         */
        FORMED_FROM_THE_START,
        /**
         * Never formed; the conjugate gradients preconditioned by the Jacobian's rank-one parts
         * ({@link RankOnePartsPreconditioner}) from the first direction with an active pattern, whatever a build costs
         * where it fits in memory (for tests). AUTOMATIC does this above {@link DenseNewtonSystem#MAX_ROWS} samples where a build pays
         * ({@link #RANK_ONE_CG_STEPS}) and the rank-one parts dominate ({@link #RANK_ONE_MAX_MEAN_A}).
         */
        RANK_ONE_PARTS
    }

    /**
     * Above {@link DenseNewtonSystem#MAX_ROWS} samples (V never formed) the rank-one parts' preconditioner is built
     * where its Gram (n·m²/2 multiply-adds) costs at most this many conjugate-gradient steps over the m active patterns
     * (m/(4·r·share) steps; a direction takes 50–200 of them unpreconditioned once σ has grown, and a build serves a
     * few directions). Measured in process (BENCHMARKS §40), products to 1e-6: issue 16's 10,000 × 51 design (a build
     * costs 5 steps) 1,983 against 9,164 without; a 3,000 × 11 teacher (about 130 steps at m = 1,000) 1,296 at this
     * rule, 5,209 at 100 (built only while m ≤ 757) and 5,706 without; syn_5000x8 z-scored (230 steps) 1,920 at this
     * rule, 13,724 at 200 (1e-6 not reached in 60 s); syn_10000x4 z-scored (1,300 steps) built wherever the active set
     * moved ended at a gap of 0.95 at 60 s against 0.094 without (at this rule it is built only while m is small).
     */
    static final double RANK_ONE_CG_STEPS = 500;
    /**
     * ... and only where the mean a_i = 1 − σβ/‖v̄_i‖ over the active patterns is at most this: where it is near 1
     * (a tiny β, or σ still small) the full-rank part Σ a_i D_iX̃X̃ᵀD_i dominates V and P is in effect its diagonal, with
     * which the conjugate gradients ran to their step cap on a 2,200-row problem at β = 1e-4 (a unit test of the working
     * set's hand-over); in the runs it helped the mean was 0.005–0.11 at every build (BENCHMARKS §40).
     */
    static final double RANK_ONE_MAX_MEAN_A = 0.5;
    /** The rank-one parts' preconditioner is built again when the active set differs from its own in more than this share ... */
    static final double REBUILD_CHANGE = 0.05;
    /** ... or after this many Newton steps (a numpy check found staleness cost about 4 % more products, §40). */
    static final int REBUILD_AFTER_STEPS = 10;

    /** Check the point of every Newton step once the answer's gap is at most this. */
    static final double CHECK_EACH_STEP_BELOW = 1e-2;

    private GatedAugmentedLagrangian() {
    }

    /** From U = 0. */
    public static GatedFista.Result solve(GatedProblem problem, GatedFista.Settings settings, Progress progress) {
        long t0 = System.nanoTime();
        PatternProducts dense = new PatternProducts(problem.design(), problem.masks(), settings.parallel());
        MaskedProducts iterate = TransitionProducts.forIterations(problem, dense, settings.parallel());
        return solve(problem, settings.afterSeconds((System.nanoTime() - t0) * 1e-9), progress, dense, iterate);
    }

    /**
     * From U = 0, with the given products: {@code dense} for every product a certificate bounds, {@code iterate}
     * (the same, or {@link TransitionProducts} over the same patterns) for the iterations.
     */
    static GatedFista.Result solve(GatedProblem problem, GatedFista.Settings settings, Progress progress,
            PatternProducts dense, MaskedProducts iterate) {
        return solve(problem, settings, progress, dense, iterate, NewtonSystem.AUTOMATIC);
    }

    /** The same, with V formed as {@code system} says. */
    static GatedFista.Result solve(GatedProblem problem, GatedFista.Settings settings, Progress progress,
            PatternProducts dense, MaskedProducts iterate, NewtonSystem system) {
        return new Run(problem, settings, progress, dense, iterate, system).solve();
    }

    /**
     * σ₀ for this problem: SIGMA_SCALE over the mean diagonal entry of K = Σ_i D_iX̃X̃ᵀD_i, that is
     * (1/n) Σ_k ‖x̃_k‖²·#{i : sample k active in pattern i}.
     */
    static double initialSigma(GatedProblem problem) {
        int n = problem.n();
        double[][] x = problem.design();
        long[][] masks = problem.masks();
        int[] count = new int[n];
        for (long[] m : masks) {
            for (int k = 0; k < n; k++) {
                if ((m[k >>> 6] & (1L << (k & 63))) != 0) {
                    count[k]++;
                }
            }
        }
        double diag = 0;
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (double v : x[k]) {
                s += v * v;
            }
            diag += s * count[k];
        }
        diag /= Math.max(1, n);
        return diag > 0 && Double.isFinite(diag) ? SIGMA_SCALE / diag : 1.0;
    }

    private static final class Run {
        final GatedProblem problem;
        final GatedFista.Settings settings;
        final Progress progress;
        /** The dense products: every product a certificate bounds. */
        final PatternProducts products;
        /** The products of the iterations (ψ, its gradient, the Newton systems): {@link TransitionProducts#forIterations}. */
        final MaskedProducts iterate;
        final int n;
        final int r;
        final int p;
        final double beta;
        final double[] y;
        final double yNorm;
        final long start = System.nanoTime();
        final double deadline;
        /**
         * Products made, in units of one product over all p patterns (a product over the active patterns only
         * counts |J|/p of one).
         */
        double products2;
        long productNanos;
        int checks;
        long checkNanos;
        double bestLower = Double.NEGATIVE_INFINITY;
        /** The answer: the point of lowest objective offered so far, and that objective. */
        final double[] bestU;
        double bestObjective = Double.POSITIVE_INFINITY;

        /** The multiplier U (r × p row-major, the layout of {@link PatternProducts}). */
        final double[] u;
        /** The dual iterate ξ (n). */
        final double[] xi;
        // the state at ξ: V̄ = U − σAᵀξ, its group norms, P = prox(V̄), A·P, ∇ψ and ψ
        final double[] vbar;
        final double[] vnorm;
        final double[] prox;
        final double[] fit;
        final double[] grad;
        /** ‖prox_{σp}(V̄)‖² of the last {@link #evaluate}. */
        double lastProxSq;
        final double[] z;
        /** The iterations' products' share of the dense operations ({@link TransitionProducts#share}; 1 when dense). */
        final double share;
        /** Whether V may be formed ({@link NewtonSystem}). */
        final boolean mayForm;
        /** σ's ceiling over σ₀: {@link #SIGMA_RANGE}, or {@link #FORMED_SIGMA_RANGE} with V formed from the start. */
        final double sigmaRange;
        /**
         * V formed and factored ({@link DenseNewtonSystem}) where it may be: from the first direction
         * ({@link NewtonSystem#FORMED_FROM_THE_START}) or from the end of the first outer iteration that took more
         * than half of {@link #INNER_STEPS} Newton steps; null before and elsewhere.
         */
        DenseNewtonSystem direct;
        int factorisations;
        long directNanos;
        /** The σ of the last factorisation (NaN: none, or it failed). */
        double factoredSigma = Double.NaN;
        /** The σ at which the last factorisation failed (V not numerically positive definite), or NaN. */
        double failedSigma = Double.NaN;
        /** Conjugate-gradient steps of the last Newton direction. */
        int lastSteps;
        /** The preconditioned residual. */
        final double[] pz;
        /** Whether the rank-one parts' preconditioner may be used ({@link NewtonSystem}). */
        final boolean mayRankOne;
        final boolean forceRankOne;
        RankOnePartsPreconditioner rankOne;
        int rankOneBuilds;
        int rankOneBuiltAt;
        long rankOneBuildNanos;
        long rankOneApplyNanos;
        /** The σ of the rank-one parts' last factorisation. */
        double rankOneSigma = Double.NaN;

        Run(GatedProblem problem, GatedFista.Settings settings, Progress progress, PatternProducts dense,
                MaskedProducts iterate, NewtonSystem system) {
            this.problem = problem;
            this.settings = settings;
            this.progress = progress;
            this.products = dense;
            this.iterate = iterate;
            this.n = problem.n();
            this.r = problem.r();
            this.p = problem.p();
            this.beta = problem.beta();
            this.y = problem.y();
            this.yNorm = Math.sqrt(GatedFista.dot(y, y));
            this.deadline = settings.timeLimitSeconds() > 0 ? settings.timeLimitSeconds() : Double.POSITIVE_INFINITY;
            int size = r * p;
            u = new double[size];
            xi = new double[n];
            vbar = new double[size];
            vnorm = new double[p];
            prox = new double[size];
            fit = new double[n];
            grad = new double[n];
            z = new double[size];
            pz = new double[n];
            bestU = new double[size];
            share = iterate instanceof TransitionProducts t ? t.share() : 1;
            mayForm = switch (system) {
                case AUTOMATIC -> DenseNewtonSystem.pays(n, r, p, share, DIRECT_CG_STEPS);
                case CONJUGATE_GRADIENTS, RANK_ONE_PARTS -> false;
                case FORMED_FROM_THE_START -> n <= DenseNewtonSystem.MAX_ROWS;
            };
            direct = mayForm && system == NewtonSystem.FORMED_FROM_THE_START
                    ? new DenseNewtonSystem(problem.design(), settings.parallel()) : null;
            forceRankOne = system == NewtonSystem.RANK_ONE_PARTS;
            mayRankOne = forceRankOne || system == NewtonSystem.AUTOMATIC && n > DenseNewtonSystem.MAX_ROWS;
            sigmaRange = direct != null ? FORMED_SIGMA_RANGE : SIGMA_RANGE;
        }

        /**
         * The work done, in the unit of the iteration limit: pairs of products over all p patterns (a CG step, a
         * line-search trial, a check), one R-FISTA iteration's products; a pair over the active patterns J counts
         * |J|/p of one. A count of operator applications, not of time: products along mask transitions cost less
         * than dense ones, and a restricted one costs at least r·n whatever |J|.
         */
        int work() {
            return (int) (products2 / 2);
        }

        double elapsed() {
            return (System.nanoTime() - start) * 1e-9;
        }

        boolean outOfTime() {
            return elapsed() >= deadline;
        }

        void forward(double[] w, double[] out) {
            long t0 = System.nanoTime();
            iterate.forward(w, out);
            productNanos += System.nanoTime() - t0;
            products2++;
        }

        void backward(double[] lambda, double[] out) {
            long t0 = System.nanoTime();
            iterate.backward(lambda, out);
            productNanos += System.nanoTime() - t0;
            products2++;
        }

        /**
         * The state at dual point {@code at} for multiplier U and σ into the given arrays: V̄ = U − σAᵀξ, ‖v̄_i‖,
         * P = prox_{σp}(V̄), A·P, ∇ψ = ξ + y − AP; returns ψ_σ(ξ). Two products.
         */
        double evaluate(double[] at, double sigma, double[] vb, double[] vn, double[] px, double[] ft, double[] g) {
            backward(at, vb);
            int size = r * p;
            for (int e = 0; e < size; e++) {
                vb[e] = u[e] - sigma * vb[e];
            }
            double tau = sigma * beta;
            GatedFista.groupSoftThreshold(vb, tau, r, p, vn, new double[p], px);
            double proxSq = 0;
            for (int i = 0; i < p; i++) {
                if (vn[i] > tau) {
                    proxSq += (vn[i] - tau) * (vn[i] - tau); // ‖prox(v̄_i)‖ = ‖v̄_i‖ − τ
                }
            }
            lastProxSq = proxSq;
            forward(px, ft);
            double value = proxSq / (2 * sigma);
            for (int k = 0; k < n; k++) {
                value += 0.5 * at[k] * at[k] + y[k] * at[k];
                g[k] = at[k] + y[k] - ft[k];
            }
            return value;
        }

        /**
         * The generalised Jacobian at the current V̄, kept for the CG steps of one Newton direction: the active
         * patterns J = {i : ‖v̄_i‖ &gt; σβ} (J_i = 0 elsewhere), the products over them only, and per active pattern
         * J_i = a_i I + b_i v̄_i v̄_iᵀ with v̄_i gathered (r × |J| row-major).
         */
        MaskedProducts active;
        int[] activePatterns;
        double[] activeA;
        double[] activeB;
        double[] activeVbar;
        double[] activeW;

        /** Sets up {@link #hessian} at the current V̄ and σ (no product: a copy of the active masks). */
        void jacobian(double sigma) {
            double tau = sigma * beta;
            int count = 0;
            for (int i = 0; i < p; i++) {
                if (vnorm[i] > tau) {
                    count++;
                }
            }
            int[] patterns = new int[count];
            for (int i = 0, s = 0; i < p; i++) {
                if (vnorm[i] > tau) {
                    patterns[s++] = i;
                }
            }
            active = iterate.restrict(patterns);
            activePatterns = patterns;
            activeA = new double[count];
            activeB = new double[count];
            activeVbar = GatedWorkingSet.gather(vbar, patterns, r, p);
            activeW = new double[r * count];
            for (int s = 0; s < count; s++) {
                double nv = vnorm[patterns[s]];
                activeA[s] = 1 - tau / nv;
                activeB[s] = tau / (nv * nv * nv);
            }
        }

        /**
         * out = v + σ A J Aᵀ v at the V̄ of the last {@link #jacobian}: two products over the active patterns only
         * (J_i = 0 elsewhere), counted as |J|/p of two products.
         */
        void hessian(double[] v, double sigma, double[] f, double[] out) {
            int count = activeA.length;
            if (count == 0) {
                System.arraycopy(v, 0, out, 0, n);
                return;
            }
            double activeShare = (double) count / p;
            double[] w = activeW;
            long t0 = System.nanoTime();
            active.backward(v, w);
            double[] dotVz = new double[count];
            for (int j = 0; j < r; j++) {
                int o = j * count;
                for (int s = 0; s < count; s++) {
                    dotVz[s] += activeVbar[o + s] * w[o + s];
                }
            }
            for (int j = 0; j < r; j++) {
                int o = j * count;
                for (int s = 0; s < count; s++) {
                    w[o + s] = activeA[s] * w[o + s] + activeB[s] * dotVz[s] * activeVbar[o + s];
                }
            }
            active.forward(w, f);
            productNanos += System.nanoTime() - t0;
            products2 += 2 * activeShare;
            for (int k = 0; k < n; k++) {
                out[k] = v[k] + sigma * f[k];
            }
        }

        /** Forms and factors V at the current Jacobian; false where it does not factor. */
        boolean factor(double sigma) {
            long t0 = System.nanoTime();
            boolean ok = direct.factor(problem.masks(), activePatterns, activeA, activeB, activeVbar, sigma);
            if (ok) {
                factorisations++;
            }
            directNanos += System.nanoTime() - t0;
            products2 += 2 * direct.factorPairs(p);
            return ok;
        }

        /**
         * out = V₀⁻¹ rhs for the V₀ of the last {@link #factor} where V is formed, else P⁻¹ rhs for the rank-one parts'
         * preconditioner.
         */
        void precondition(double[] rhs, double[] out) {
            long t0 = System.nanoTime();
            if (direct != null) {
                direct.solve(rhs, out);
                products2 += 2 * direct.solvePairs(p);
            } else {
                rankOne.apply(rhs, out);
                products2 += 2 * rankOne.applyPairs(p);
                rankOneApplyNanos += System.nanoTime() - t0;
            }
            directNanos += System.nanoTime() - t0;
        }

        /**
         * Sets up the rank-one parts' preconditioner for the direction at the current Jacobian: built again where
         * there is none, where the active set differs from its own in more than {@link #REBUILD_CHANGE} of its
         * patterns or after {@link #REBUILD_AFTER_STEPS} Newton steps (and where a build pays), else refactored at a
         * new σ. Returns whether it preconditions this direction.
         */
        boolean rankOneParts(double sigma, int newton) {
            int m = activePatterns.length;
            boolean rebuild = rankOne == null || rankOne.patterns() == null
                    || differing(rankOne.patterns(), activePatterns) > REBUILD_CHANGE * m
                    || newton - rankOneBuiltAt >= REBUILD_AFTER_STEPS;
            long t0 = System.nanoTime();
            boolean ok;
            if (rebuild) {
                if (!RankOnePartsPreconditioner.fits(n, m)
                        || !forceRankOne && !RankOnePartsPreconditioner.pays(n, r, m, share, RANK_ONE_CG_STEPS)) {
                    return false;
                }
                double meanA = 0;
                for (double v : activeA) {
                    meanA += v;
                }
                if (!forceRankOne && meanA > RANK_ONE_MAX_MEAN_A * m) {
                    return false; // the full-rank part dominates V: its diagonal alone would precondition
                }
                if (rankOne == null) {
                    // the products' choice of kernel: the native BLAS where one is installed
                    rankOne = new RankOnePartsPreconditioner(problem.design(), settings.parallel(),
                            PatternProducts.Backend.best());
                }
                ok = rankOne.build(problem.masks(), activePatterns, activeA, activeVbar, vnorm, sigma, sigma * beta);
                products2 += 2 * rankOne.buildPairs(p);
                if (ok) {
                    rankOneBuilds++; // builds whose factorisation succeeded: those that preconditioned
                }
                rankOneBuiltAt = newton;
            } else if (rankOneSigma != sigma) {
                ok = rankOne.refactor(vnorm, sigma, sigma * beta);
                products2 += 2 * rankOne.refactorPairs(p);
            } else {
                ok = rankOne.factored();
            }
            rankOneSigma = sigma;
            directNanos += System.nanoTime() - t0;
            rankOneBuildNanos += System.nanoTime() - t0;
            return ok;
        }

        /** The number of patterns in one of two ascending lists and not the other. */
        static int differing(int[] a, int[] b) {
            int i = 0;
            int j = 0;
            int common = 0;
            while (i < a.length && j < b.length) {
                if (a[i] == b[j]) {
                    common++;
                    i++;
                    j++;
                } else if (a[i] < b[j]) {
                    i++;
                } else {
                    j++;
                }
            }
            return a.length + b.length - 2 * common;
        }

        /** The point becomes the answer when its objective is lower than the answer's. */
        void offer(double[] point, double objective) {
            if (objective < bestObjective) {
                bestObjective = objective;
                System.arraycopy(point, 0, bestU, 0, bestU.length);
            }
        }

        /** {objective, lower bound, relative gap} of the answer so far. */
        double[] answer() {
            return new double[] {bestObjective, bestLower, DualBound.relativeGap(bestObjective, bestLower)};
        }

        /**
         * Certifies {@code point} (with its fit): it is offered as the answer ({@link #offer}), and the bound of its
         * residual and the bound at λ = −ξ join the run's best bound. Two products.
         */
        void certify(double[] point, double[] pointFit) {
            long t0 = System.nanoTime();
            double[] e = GatedFista.certificate(problem, products, point, pointFit, z);
            productNanos += System.nanoTime() - t0; // its one backward product dominates
            products2++;
            offer(point, e[0]);
            double[] lambda = new double[n];
            for (int k = 0; k < n; k++) {
                lambda[k] = -xi[k];
            }
            products.backward(lambda, z); // dense: the bound assumes its sums
            products2++;
            double c = GatedFista.priceBound(products, r, p, lambda, z);
            double lowerXi = DualBound.of(lambda, y, beta, c).value();
            bestLower = Math.max(bestLower, Math.max(e[1], lowerXi));
            checks++;
            checkNanos += System.nanoTime() - t0;
        }

        GatedFista.Result solve() {
            int size = r * p;
            double sigma0 = initialSigma(problem);
            double sigma = sigma0;
            // σ's ceiling, lowered below any σ at which V's factorisation failed (rounding lost V's identity term):
            // σ then steps back and V is factored again, rather than CG alone at that σ for the rest of the run
            double ceiling = sigma0 * sigmaRange;
            // the zero point's bound (λ = y): the scale of everything
            double[] e0 = GatedFista.certificate(problem, products, bestU, new double[n], z);
            products2++;
            bestLower = e0[1];
            bestObjective = e0[0];
            report(0, 0, sigma, answer());
            int newton = 0;
            int cgSteps = 0;
            int outer = 0;
            String stop = "iteration limit";
            boolean converged = answer()[2] <= settings.relativeGap();
            if (converged) {
                stop = "gap reached";
            }
            double[] d = new double[n];
            double[] res = new double[n];
            double[] dir = new double[n];
            double[] hp = new double[n];
            double[] f = new double[n];
            double[] trialXi = new double[n];
            double[] tVbar = new double[size];
            double[] tNorm = new double[p];
            double[] tProx = new double[size];
            double[] tFit = new double[n];
            double[] tGrad = new double[n];
            boolean timeUp = false;
            boolean moved = false; // a Newton step was taken since the last certified point
            int idle = 0; // outer iterations in a row whose answer's gap did not fall
            outerLoop:
            while (!converged && work() < settings.maxIterations()) {
                if (outOfTime()) {
                    timeUp = true;
                    break;
                }
                double previousGap = answer()[2]; // the answer's gap when this outer iteration began
                evaluate(xi, sigma, vbar, vnorm, prox, fit, grad);
                double innerTol = Math.max(1e-10 * yNorm, 1e-3 * yNorm * Math.pow(0.3, outer));
                int step = 0;
                for (; step < INNER_STEPS && work() < settings.maxIterations(); step++) {
                    double gn = Math.sqrt(GatedFista.dot(grad, grad));
                    if (gn <= innerTol) {
                        break;
                    }
                    // CG on V d = −∇ψ, to min(0.1, (‖∇ψ‖/‖y‖)^0.2)·‖∇ψ‖
                    double cgTol = Math.min(0.1, Math.pow(gn / Math.max(yNorm, Double.MIN_NORMAL), 0.2)) * gn;
                    java.util.Arrays.fill(d, 0);
                    for (int k = 0; k < n; k++) {
                        res[k] = -grad[k];
                        dir[k] = res[k];
                    }
                    jacobian(sigma);
                    // where V is formed (few samples), a factorisation of it preconditions the conjugate gradients:
                    // made at this σ and refactored when the last direction took more than REFACTOR_AFTER steps
                    boolean preconditioned = false;
                    if (direct != null) {
                        if (outOfTime() || work() >= settings.maxIterations()) {
                            timeUp = outOfTime();
                            break outerLoop;
                        }
                        if (failedSigma != sigma && (!(factoredSigma == sigma) || lastSteps > REFACTOR_AFTER)) {
                            boolean ok = factor(sigma);
                            factoredSigma = ok ? sigma : Double.NaN;
                            failedSigma = ok ? Double.NaN : sigma; // not tried again at this σ
                            if (!ok) {
                                ceiling = Math.min(ceiling, sigma / SIGMA_GROWTH);
                            }
                        }
                        preconditioned = factoredSigma == sigma;
                    } else if (mayRankOne) {
                        if (outOfTime() || work() >= settings.maxIterations()) {
                            timeUp = outOfTime();
                            break outerLoop;
                        }
                        preconditioned = rankOneParts(sigma, newton);
                    }
                    double[] zr = res; // the preconditioned residual (the residual itself without a preconditioner)
                    if (preconditioned) {
                        zr = pz;
                        precondition(res, zr);
                        System.arraycopy(zr, 0, dir, 0, n);
                    }
                    // with V formed and factored, exact directions in effect; the rank-one parts' preconditioner
                    // keeps the inexact Newton tolerance
                    double tol = preconditioned && direct != null ? Math.min(cgTol, PRECONDITIONED_TOLERANCE * gn)
                            : cgTol;
                    double rs = GatedFista.dot(res, res);
                    double rz = preconditioned ? GatedFista.dot(res, zr) : rs;
                    int steps = 0;
                    for (int it = 0; it < CG_STEPS && Math.sqrt(rs) > tol; it++) {
                        if (outOfTime() || work() >= settings.maxIterations()) {
                            timeUp = outOfTime();
                            break outerLoop;
                        }
                        hessian(dir, sigma, f, hp);
                        cgSteps++;
                        steps++;
                        double curv = GatedFista.dot(dir, hp);
                        if (!(curv > 0)) {
                            break;
                        }
                        double alpha = rz / curv;
                        for (int k = 0; k < n; k++) {
                            d[k] += alpha * dir[k];
                            res[k] -= alpha * hp[k];
                        }
                        rs = GatedFista.dot(res, res);
                        double rzNew = rs;
                        if (preconditioned) {
                            precondition(res, zr);
                            rzNew = GatedFista.dot(res, zr);
                        }
                        double beta2 = rzNew / rz;
                        rz = rzNew;
                        for (int k = 0; k < n; k++) {
                            dir[k] = zr[k] + beta2 * dir[k];
                        }
                    }
                    lastSteps = steps;
                    double slope = GatedFista.dot(grad, d);
                    if (!(slope < 0)) {
                        break; // no descent direction (CG broke down at once): end this outer iteration
                    }
                    newton++;
                    double alpha = 1;
                    boolean accepted = false;
                    for (int ls = 0; ls < 30; ls++) {
                        if (outOfTime() || work() >= settings.maxIterations()) {
                            timeUp = outOfTime();
                            break outerLoop;
                        }
                        for (int k = 0; k < n; k++) {
                            trialXi[k] = xi[k] + alpha * d[k];
                        }
                        double proxSqBefore = lastProxSq;
                        evaluate(trialXi, sigma, tVbar, tNorm, tProx, tFit, tGrad);
                        // ψ(ξ + αd) − ψ(ξ) formed without the cancellation of two values of size ‖y‖²:
                        // α⟨ξ + y, d⟩ + ½α²‖d‖² + (‖P⁺‖² − ‖P‖²)/(2σ)
                        double change = 0;
                        for (int k = 0; k < n; k++) {
                            change += (xi[k] + y[k] + 0.5 * alpha * d[k]) * d[k];
                        }
                        change = alpha * change + (lastProxSq - proxSqBefore) / (2 * sigma);
                        if (change <= ARMIJO * alpha * slope) {
                            accepted = true;
                            moved = true;
                            System.arraycopy(trialXi, 0, xi, 0, n);
                            System.arraycopy(tVbar, 0, vbar, 0, size);
                            System.arraycopy(tNorm, 0, vnorm, 0, p);
                            System.arraycopy(tProx, 0, prox, 0, size);
                            System.arraycopy(tFit, 0, fit, 0, n);
                            System.arraycopy(tGrad, 0, grad, 0, n);
                            break;
                        }
                        lastProxSq = proxSqBefore; // the state stays at ξ
                        alpha *= 0.5;
                    }
                    if (!accepted) {
                        break; // ψ cannot be decreased along d at this accuracy
                    }
                    // the step's primal point and its fit are at hand: its objective costs no product, and a lower
                    // one becomes the answer (its bound comes from the checks)
                    offer(prox, GatedFista.objective(problem, prox, fit));
                    // prox_{σp}(U − σAᵀξ) is a primal point at every step, and −ξ a dual one: once the answer is
                    // near its target, check them after each step (two products against the ≈ 100 of a step late
                    // in the run, where one outer iteration's inner solve can cost a fifth of the run)
                    if (answer()[2] <= CHECK_EACH_STEP_BELOW) {
                        certify(prox, fit);
                        moved = false;
                        if (answer()[2] <= settings.relativeGap()) {
                            report(outer, newton, sigma, answer());
                            converged = true;
                            stop = "gap reached";
                            break outerLoop;
                        }
                    }
                }
                if (step > INNER_STEPS / 2 && direct == null && mayForm) {
                    // the inner problem took more than half the Newton steps it may: form V from now on (its
                    // factorisation preconditions the conjugate gradients, whose inexact directions were the cause
                    // on the tables of BENCHMARKS §37)
                    direct = new DenseNewtonSystem(problem.design(), settings.parallel());
                }
                // the multiplier update U ← prox_{σp}(U − σAᵀξ)
                System.arraycopy(prox, 0, u, 0, size);
                outer++;
                moved = false;
                certify(u, fit);
                double[] best = answer();
                report(outer, newton, sigma, best);
                if (best[2] <= settings.relativeGap()) {
                    converged = true;
                    stop = "gap reached";
                    break;
                }
                idle = best[2] < previousGap ? 0 : idle + 1;
                if (idle >= IDLE_OUTER) {
                    stop = "no progress in " + IDLE_OUTER + " outer iterations";
                    break;
                }
                sigma = Math.min(sigma * SIGMA_GROWTH, ceiling);
            }
            if (timeUp) {
                stop = "time limit";
            }
            if (!converged) {
                // the point a cut outer iteration had reached (U's update at the current ξ) may be better
                if (moved) {
                    certify(prox, fit);
                    if (answer()[2] <= settings.relativeGap()) {
                        converged = true;
                        stop = "gap reached";
                    }
                }
            }
            if (iterate != products) {
                // the answer's objective from the dense forward product (the iterations' fits came from the
                // transition products, equal to rounding)
                double[] denseFit = new double[n];
                long t0 = System.nanoTime();
                products.forward(bestU, denseFit);
                productNanos += System.nanoTime() - t0;
                products2++;
                bestObjective = GatedFista.objective(problem, bestU, denseFit);
                boolean met = answer()[2] <= settings.relativeGap();
                if (met != converged) { // the two fits differ by rounding only: the target's edge
                    converged = met;
                    stop = met ? "gap reached" : "gap above the target at the dense objective's rounding";
                }
            }
            if (bestObjective != reported[0] || bestLower != reported[1]) {
                report(outer, newton, sigma, answer()); // the last line is the answer's
            }
            double[][] blocks = GatedProblem.blocks(bestU, r, p);
            int nonzero = 0;
            for (int i = 0; i < p; i++) {
                if (!GatedProblem.isZero(blocks[i])) {
                    nonzero++;
                }
            }
            double seconds = elapsed();
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("method", "semismooth Newton augmented Lagrangian");
            stats.put("iterations", work());
            stats.put("iterationsAre", "product pairs (conjugate-gradient steps, line-search trials and checks)");
            stats.put("newtonSteps", newton);
            stats.put("outerIterations", outer);
            stats.put("cgSteps", cgSteps);
            stats.put("newtonSystem", factorisations > 0
                    ? "conjugate gradients preconditioned by V formed and factored (" + factorisations
                            + " factorisations)"
                    : rankOneBuilds > 0 ? "conjugate gradients preconditioned by the Jacobian's rank-one parts ("
                            + rankOneBuilds + " builds)"
                    : "conjugate gradients");
            stats.put("factorisations", factorisations);
            stats.put("rankOneBuilds", rankOneBuilds);
            stats.put("rankOneBuildSeconds", rankOneBuildNanos * 1e-9); // builds and refactorisations
            stats.put("rankOneApplySeconds", rankOneApplyNanos * 1e-9);
            stats.put("factorSeconds", directNanos * 1e-9); // the factorisations and the preconditioner's solves
            stats.put("seconds", seconds);
            stats.put("products", Math.round(products2));
            stats.put("productSeconds", productNanos * 1e-9);
            stats.put("secondsPerProduct", products2 > 0 ? productNanos * 1e-9 / products2 : 0.0);
            stats.put("secondsPerIteration", work() > 0 ? seconds / work() : 0.0);
            stats.put("iterationProducts", iterate instanceof TransitionProducts t
                    ? String.format(Locale.ROOT, "mask transitions (%.3f of the dense operations)", t.share())
                    : "dense");
            stats.put("nonzeroBlocks", nonzero);
            stats.put("finalSigma", sigma);
            stats.put("gapChecks", checks);
            stats.put("gapCheckSeconds", checkNanos * 1e-9);
            stats.put("workingMemoryBytes", products.bytes() + 8L * (9L * r * p + 14L * n)
                    + (direct == null ? 0 : direct.bytes()) + (rankOne == null ? 0 : rankOne.bytes()));
            stats.put("stop", stop);
            double[] best = answer();
            return new GatedFista.Result(blocks, best[0], best[1], best[2], work(), converged, stop, stats);
        }

        /** {objective, lower} of the last progress line. */
        final double[] reported = {Double.NaN, Double.NaN};

        void report(int outer, int newton, double sigma, double[] e) {
            reported[0] = e[0];
            reported[1] = e[1];
            progress.report(String.format(Locale.ROOT,
                    "gated ssnal outer=%d newton=%d objective=%.10g lower=%.10g gap=%.3e sigma=%.3e products=%d t=%.2fs",
                    outer, newton, e[0], e[1], e[2], sigma, Math.round(products2), elapsed()));
        }
    }
}

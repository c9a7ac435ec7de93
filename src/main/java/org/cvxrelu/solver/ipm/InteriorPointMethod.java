package org.cvxrelu.solver.ipm;

import org.cvxrelu.solver.Progress;

/**
 * A primal–dual interior-point method with Nesterov–Todd scaling and Mehrotra's predictor–corrector for
 * conic quadratic programs ({@link ConicQp}), after CVXOPT's {@code coneqp} (Vandenberghe, "The CVXOPT
 * linear and quadratic cone program solvers", 2010).
 *
 * <p>Each iteration solves the Newton system
 * <pre>
 *   P dx + Gᵀ dz = b_x,    G dx + ds = b_z,    λ ∘ (W dz + W⁻¹ ds) = b_s
 * </pre>
 * by eliminating ds = W(λ ⋄ b_s − W dz) (= b_z − G dx, the form used so that the primal equation holds
 * exactly) and dz = W⁻²(G dx − b_z + W(λ ⋄ b_s)), which leaves the reduced
 * system (P + GᵀW⁻²G) dx = b_x + GᵀW⁻²(b_z − W(λ ⋄ b_s)) of the {@link KktSolver}. The predictor takes
 * b_s = −λ∘λ; the corrector b_s = −λ∘λ − (W⁻¹ds_a)∘(W dz_a) + σμe with σ = (gap after the predictor
 * step / gap)³. Both drive the residuals to zero (b_x = −r_x, b_z = −r_z).
 */
final class InteriorPointMethod {
    private final ConicQp qp;
    private final IpmSettings settings;
    private final Progress progress;
    /** The dual residual the stopping test accepts, absolute (the conjugate gradients need not go below a share of it). */
    private final double dualFloor;
    /** True once the solve's time limit has run out (checked once per iteration). */
    private java.util.function.BooleanSupplier expired = () -> false;

    /** The same method, stopped with status TIME_LIMIT (and its best iterate) once {@code expired} holds. */
    InteriorPointMethod withDeadline(java.util.function.BooleanSupplier expired) {
        this.expired = expired;
        return this;
    }

    InteriorPointMethod(ConicQp qp, IpmSettings settings, Progress progress) {
        this.qp = qp;
        this.settings = settings;
        this.progress = progress;
        this.dualFloor = settings.feasibilityTolerance() * Math.max(1, norm(qp.q()));
    }

    IpmResult solve() {
        ConeProduct k = qp.cones();
        KktSolver kkt = qp.kktSolver();
        int n = qp.variables();
        double[] q = qp.q();
        double[] h = qp.h();
        double resx0 = Math.max(1, norm(q));
        double resz0 = Math.max(1, norm(h));

        // Initial point (coneqp): with W = I solve (P + GᵀG) x = −q + Gᵀh; s = h − Gx and z = Gx − h,
        // each shifted into the interior along e.
        k.identityScaling();
        try {
            kkt.factor();
        } catch (ArithmeticException e) {
            // P + GᵀG itself is not numerically positive definite (features whose scales differ by ~1e6 or
            // more): no Newton step can be taken; the zero solution is returned as stalled, and the solve
            // reports why its gap stays open instead of failing
            double[] zero = new double[n];
            return new IpmResult(zero, new double[k.dim()], new double[k.dim()], IpmResult.Status.STALLED, 0,
                    qp.constant(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] rhs0 = qp.applyGt(h);
        for (int i = 0; i < n; i++) {
            rhs0[i] -= q[i];
        }
        double[] x = kkt.solve(rhs0);
        double[] gx = qp.applyG(x);
        double[] s = new double[k.dim()];
        double[] z = new double[k.dim()];
        for (int i = 0; i < s.length; i++) {
            s[i] = h[i] - gx[i];
            z[i] = gx[i] - h[i];
        }
        shiftInside(k, s);
        shiftInside(k, z);

        IpmResult.Status status = IpmResult.Status.ITERATION_LIMIT;
        int iter = 0;
        double pcost = Double.NaN;
        double dcost = Double.NaN;
        double gap = Double.NaN;
        double pres = Double.NaN;
        double dres = Double.NaN;
        double lastStep = 0;
        double lastSigma = 0;
        // the iterate returned when the solve ends short of its tolerances, and when it has stalled (StallRule)
        double gapFloor = 1e-12 * Math.max(qp.constant(), Double.MIN_NORMAL);
        StallRule stall = new StallRule(gapFloor);
        Iterate best = null;
        // the primal-feasible iterate of least primal objective: what the caller keeps (a net), whatever its dual
        Iterate primalBest = null;
        for (; iter <= settings.maxIterations(); iter++) {
            double[] rx = qp.gradient(x); // P x + q, in the problem's most accurate form
            double[] gtz = qp.applyGt(z);
            gx = qp.applyG(x);
            for (int i = 0; i < n; i++) {
                rx[i] += gtz[i];
            }
            double[] rz = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                rz[i] = gx[i] + s[i] - h[i];
            }
            pcost = qp.objective(x);
            gap = dot(s, z);
            dcost = pcost + dot(z, gx) - dot(z, h);
            pres = norm(rz) / resz0;
            dres = norm(rx) / resx0;
            double relgap = pcost < 0 ? gap / -pcost : dcost > 0 ? gap / dcost : Double.POSITIVE_INFINITY;
            progress.report(String.format("ipm %3d  primal %.10e  gap %.2e  pres %.1e  dres %.1e  step %.3f  sigma %.1e", iter,
                    pcost, gap, pres, dres, lastStep, lastSigma));
            if (pres <= settings.feasibilityTolerance() && dres <= settings.feasibilityTolerance()
                    && (gap <= settings.absoluteGap() || relgap <= settings.relativeGap())) {
                status = IpmResult.Status.OPTIMAL;
                break;
            }
            if (iter == settings.maxIterations()) {
                break;
            }
            if (expired.getAsBoolean()) {
                status = IpmResult.Status.TIME_LIMIT;
                break;
            }
            if (pres <= settings.feasibilityTolerance()
                    && (primalBest == null || pcost < primalBest.pcost())) {
                primalBest = Iterate.of(x, s, z, pcost, dcost, gap, pres, dres);
            }
            StallRule.Verdict verdict = stall.judge(pres, dres, gap, pcost);
            if (verdict == StallRule.Verdict.BEST || verdict == StallRule.Verdict.PROGRESS) {
                best = Iterate.of(x, s, z, pcost, dcost, gap, pres, dres);
            } else if (verdict == StallRule.Verdict.STOP) {
                // near the end rounding limits progress: stop early; far from it, only a long stall counts; a
                // blown-up iterate (dual residual 1e-5 → 1e1 → 1e65 in three steps, seen) ends it at once
                status = IpmResult.Status.STALLED;
                break;
            }

            k.updateScaling(s, z);
            double[] lambda = k.lambda();
            try {
                kkt.factor();
            } catch (RuntimeException e) {
                status = IpmResult.Status.STALLED;
                break;
            }
            double mu = gap / k.degree();
            double[] bx = negate(rx);
            double[] bz = negate(rz);

            // predictor: b_s = −λ∘λ
            double[] ll = k.product(lambda, lambda);
            double[] bsAff = negate(ll);
            Direction aff = direction(k, kkt, bx, bz, bsAff);
            double alphaAff = Math.min(1.0, Math.min(k.maxStep(s, aff.ds), k.maxStep(z, aff.dz)));
            double gapAff = 0;
            for (int i = 0; i < s.length; i++) {
                gapAff += (s[i] + alphaAff * aff.ds[i]) * (z[i] + alphaAff * aff.dz[i]);
            }
            double sigma = Math.pow(Math.max(0, Math.min(1, gapAff / gap)), 3);

            // corrector: b_s = −λ∘λ − (W⁻¹ds_a)∘(W dz_a) + σμe
            double[] sTilde = k.scale(aff.ds, true);
            double[] zTilde = k.scale(aff.dz, false);
            double[] corr = k.product(sTilde, zTilde);
            double[] bs = new double[s.length];
            for (int i = 0; i < bs.length; i++) {
                bs[i] = -ll[i] - corr[i];
            }
            k.addIdentity(bs, sigma * mu);
            Direction d = direction(k, kkt, bx, bz, bs);
            double alpha = Math.min(k.maxStep(s, d.ds), k.maxStep(z, d.dz));
            alpha = Math.min(1.0, settings.stepFraction() * alpha);
            lastStep = alpha;
            lastSigma = sigma;
            for (int i = 0; i < n; i++) {
                x[i] += alpha * d.dx[i];
            }
            for (int i = 0; i < s.length; i++) {
                s[i] += alpha * d.ds[i];
                z[i] += alpha * d.dz[i];
            }
        }
        if (status != IpmResult.Status.OPTIMAL && primalBest != null
                && (best == null || primalBest.pcost() < best.pcost())) {
            // A solve that ends short returns its primal-feasible iterate of least objective when that is below the
            // iterate of best merit: the caller keeps x alone (a net, certified by its own pricing), and near the end
            // of a degenerate solve the dual residual can stall at 1e-6 while x goes on towards the optimum (a 90-row
            // integer table: merit returned iterates 2.6e-7 and 9.7e-6 above the optimum after primal-feasible ones
            // 3.5e-8 and 4.5e-6 above it, BENCHMARKS §53)
            best = primalBest;
        }
        if (status != IpmResult.Status.OPTIMAL && best != null) {
            // rounding ended the progress: return the best iterate seen, not the last
            return new IpmResult(best.x(), best.s(), best.z(), status, iter, best.pcost(), best.dcost(), best.gap(),
                    best.pres(), best.dres());
        }
        return new IpmResult(x, s, z, status, iter, pcost, dcost, gap, pres, dres);
    }

    /** A copy of an iterate and its figures: the one returned when the solve ends short of its tolerances. */
    private record Iterate(double[] x, double[] s, double[] z, double pcost, double dcost, double gap, double pres,
            double dres) {
        static Iterate of(double[] x, double[] s, double[] z, double pcost, double dcost, double gap, double pres,
                double dres) {
            return new Iterate(x.clone(), s.clone(), z.clone(), pcost, dcost, gap, pres, dres);
        }
    }

    /** A Newton direction and the norm of its first equation's residual after refinement. */
    private record Direction(double[] dx, double[] ds, double[] dz, double residual) {
    }

    /** Solves the Newton system for right-hand sides (b_x, b_z, b_s) as in the class comment. */
    private Direction direction(ConeProduct k, KktSolver kkt, double[] bx, double[] bz, double[] bs) {
        double[] lbs = k.divideByLambda(bs);         // λ ⋄ b_s
        double[] wlbs = k.scale(lbs, false);          // W(λ ⋄ b_s)
        double[] t = new double[bz.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = bz[i] - wlbs[i];
        }
        double[] winv2t = k.scale(k.scale(t, true), true); // W⁻²(b_z − W(λ⋄b_s))
        double[] rhs = qp.applyGt(winv2t);
        for (int i = 0; i < rhs.length; i++) {
            rhs[i] += bx[i];
        }
        double[] dx = kkt.solve(rhs);
        // Conjugate gradients on the reduced system H dx = rhs, H = P + GᵀW⁻²G applied as an operator (W through
        // the cones, not the matrix the solver factored), preconditioned by the factored solve. Near the optimum
        // of a degenerate or badly scaled problem the factored H⁻¹ carries rounding of size ε‖H‖‖H⁻¹‖ (z/s
        // ratios ~1e10 times squared columns; the Woodbury identity subtracts terms of size ‖B⁻¹‖), which the
        // refinement inside the solver cannot see; as a preconditioner it is still good, and CG corrects the
        // directions it gets wrong. The residual is that of the first Newton equation, e = b_x − P dx − Gᵀdz with
        // dz = W⁻²(G dx − t), what the iterates feel as their dual residual. The iterate with the smallest
        // residual is kept (plain refinement dx += H̃⁻¹e diverges once ‖I − H̃⁻¹H‖ > 1; CG does not).
        double[] e = firstEquationResidual(k, bx, winv2t, dx);
        double en = norm(e);
        double rhsNorm = norm(rhs);
        double dxNorm = norm(dx);
        double[] best = dx.clone();
        double bestNorm = en;
        // inexact Newton: the direction's residual e enters the next dual residual as α·e, so it need only be
        // small next to the current one (b_x = −r_x) or the accepted floor; early iterations skip CG altogether
        // (and the preconditioner's solve below)
        double enough = Math.max(CG_TOLERANCE * rhsNorm, INEXACT * Math.max(norm(bx), dualFloor));
        boolean refine = en > enough && settings.refinementSteps() > 0;
        double[] z = refine ? kkt.solve(e) : null;
        double[] pdir = refine ? z.clone() : null;
        double rz = refine ? dot(e, z) : 0;
        for (int it = 0; it < settings.refinementSteps() && en > enough && rz > 0; it++) {
            double[] hp = applyReduced(k, pdir);
            double php = dot(pdir, hp);
            if (!(php > 0)) {
                break; // H is positive definite: this is rounding
            }
            double alpha = rz / php;
            for (int i = 0; i < dx.length; i++) {
                dx[i] += alpha * pdir[i];
            }
            // the true residual every step (the recurrence's drifts once H's conditioning is near 1/ε)
            e = firstEquationResidual(k, bx, winv2t, dx);
            en = norm(e);
            if (en < bestNorm && norm(dx) <= MAX_GROWTH * dxNorm) {
                bestNorm = en;
                best = dx.clone();
            } else if (!(en < 2 * bestNorm)) {
                break; // no longer converging: rounding has taken over
            }
            if (bestNorm <= enough) {
                break;
            }
            z = kkt.solve(e);
            double rzNext = dot(e, z);
            double beta = rzNext / rz;
            rz = rzNext;
            for (int i = 0; i < pdir.length; i++) {
                pdir[i] = z[i] + beta * pdir[i];
            }
        }
        dx = best;
        en = bestNorm;
        double[] gdx = qp.applyG(dx);
        double[] u = new double[t.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = gdx[i] - t[i];
        }
        double[] dz = k.scale(k.scale(u, true), true);  // W⁻²(G dx − b_z + W(λ⋄b_s))
        double[] ds = new double[t.length];
        for (int i = 0; i < ds.length; i++) {
            ds[i] = bz[i] - gdx[i];                     // G dx + ds = b_z exactly, whatever the rounding in dx
        }
        return new Direction(dx, ds, dz, en);
    }

    /** Conjugate gradients stop once the Newton equation's residual is this fraction of its right-hand side. */
    static final double CG_TOLERANCE = 1e-14;
    /** ... or once it is this share of the current dual residual (or of the dual residual the stop accepts). */
    static final double INEXACT = 1e-2;
    /**
     * A conjugate-gradient iterate longer than this multiple of the factored solve's is not taken: on a nearly
     * singular H a small residual can hide a huge component along its near-null space (seen: dual residual 1e19).
     */
    static final double MAX_GROWTH = 1e3;

    /** H v = P v + GᵀW⁻²G v, with W applied through the cones. */
    private double[] applyReduced(ConeProduct k, double[] v) {
        double[] wg = k.scale(k.scale(qp.applyG(v), true), true);
        double[] out = qp.applyGt(wg);
        double[] pv = qp.applyP(v);
        for (int i = 0; i < out.length; i++) {
            out[i] += pv[i];
        }
        return out;
    }

    /** b_x − P dx − GᵀW⁻²(G dx) + GᵀW⁻²t, with W⁻²t given: the residual of P dx + Gᵀdz = b_x. */
    private double[] firstEquationResidual(ConeProduct k, double[] bx, double[] winv2t, double[] dx) {
        double[] gdx = qp.applyG(dx);
        double[] wg = k.scale(k.scale(gdx, true), true);
        for (int i = 0; i < wg.length; i++) {
            wg[i] -= winv2t[i];                         // dz = W⁻²(G dx − t)
        }
        double[] gtdz = qp.applyGt(wg);
        double[] pdx = qp.applyP(dx);
        double[] e = new double[dx.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = bx[i] - pdx[i] - gtdz[i];
        }
        return e;
    }

    /** v ← v + (1 + max(0, −λ_min(v)))·e when v is not comfortably inside the cone. */
    private static void shiftInside(ConeProduct k, double[] v) {
        double minEig = k.minEigenvalue(v);
        double scale = Math.max(1, norm(v));
        if (minEig < 1e-8 * scale) {
            k.addIdentity(v, 1 + Math.max(0, -minEig));
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double[] negate(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }
}

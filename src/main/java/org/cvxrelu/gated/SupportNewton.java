package org.cvxrelu.gated;

/**
 * Newton polish of the gated problem on a fixed support S = {i : u_i ≠ 0}. On the region where every u_i,
 * i ∈ S, is non-zero, F restricted to S is smooth:
 * <pre>
 *   F_S(u) = ½‖A u − y‖² + β Σ_{i∈S} ‖u_i‖,   A = [A_i]_{i∈S}, A_i = D_i X̃
 *   g = ∇F_S   = Aᵀρ + β [û_i]_i,   ρ = Au − y,  û_i = u_i/‖u_i‖
 *   H = ∇²F_S  = AᵀA + C,  C = blockdiag_i( c_i P_i ),  c_i = β/‖u_i‖,  P_i = I − û_iû_iᵀ
 * </pre>
 * The Newton step H d = −g is solved exactly through an n × n system (r·|S| unknowns can be many more than the
 * n samples; C is singular along the radial directions û_i, so H is not block-diagonal-plus-small). With
 * e = A d, the tangential part of each block is explicit and the radial parts a_i = û_iᵀd_i are coupled:
 * <pre>
 *   P_i d_i = −P_i (g_i + A_iᵀe)/c_i,   û_iᵀA_iᵀe = −û_iᵀg_i
 *   ⇒  M e − R a = h,  Rᵀe = −g_r,   with
 *      M = I + Σ_i A_i P_i A_iᵀ / c_i = I + Σ_i D_i (X̃X̃ᵀ − q_iq_iᵀ) D_i / c_i   (n × n, ⪰ I), q_i = X̃û_i,
 *      R = [D_i q_i]_i (n × |S|),  h = −Σ_i A_i P_i g_i / c_i,  (g_r)_i = û_iᵀg_i
 *   ⇒  (RᵀM⁻¹R) a = −g_r − RᵀM⁻¹h,   e = M⁻¹(h + R a),   d_i = û_i a_i + P_i d_i.
 * </pre>
 * One step costs Σ_i n_i² (forming M over the active rows of each pattern), n³/6 (Cholesky of M), n²|S|
 * (M⁻¹R) and n|S|²/2 + |S|³/6 (the radial system). RᵀM⁻¹R is singular only when the radial fits D_i X̃û_i are
 * linearly dependent (then a relative diagonal shift from 1e-14 up is used). The step is damped by halving
 * until F decreases (Armijo), or, once F's changes are at its rounding, until ‖g‖ decreases. First-order
 * methods stall on this problem once F's decrease per step reaches its rounding (the duality gap is first
 * order in the residual's error, the objective second order); Newton reduces the gradient itself, which is
 * what the dual point λ = y − Au needs. Groups whose norm collapses (below 1e-9 of the largest) leave S. The
 * caller keeps the polished point only when its duality gap (over every pattern) is better.
 */
final class SupportNewton {
    /** Largest support polished (the radial system is |S| × |S|). */
    static final int MAX_SUPPORT = 4000;
    /**
     * Largest n for the exact step of the polish (M is n × n: a Cholesky of n³/6); above it the CG polish. The gated
     * working set's own Newton path goes further ({@link GatedWorkingSet#NEWTON_MAX_N}).
     */
    static final int MAX_N = 1000;
    /** Largest n·|S|·r for the CG polish (A is held densely). */
    static final long MAX_ENTRIES = 20_000_000L;
    /** Conjugate-gradient steps per Newton step at most (CG polish). */
    static final int CG_STEPS = 300;
    /**
     * Inexact active set: Newton on S stops once ‖∇F_S‖ ≤ KAPPA·max_{i∈W, u_i=0} (‖A_iᵀλ‖ − β)₊, i.e. once S's
     * own optimality error is below the violation of the blocks outside S, which only the next block sweep can
     * remove (yacht, 1,000 gates: 228 → 143 Newton steps; 1 cost the random teacher instance of BENCHMARKS §11
     * 2.5× in its first-order finish, 10 made yacht's restricted solves stall).
     */
    static final double KAPPA = 0.3;

    /** Newton steps solved and their time (process-wide counters, for reports). */
    static final java.util.concurrent.atomic.AtomicLong STEPS = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong NANOS = new java.util.concurrent.atomic.AtomicLong();

    private SupportNewton() {
    }

    /** The polished blocks (r × p row-major like the solver's U), or null when S is too large or empty. */
    static double[] polish(GatedProblem problem, double[] uFlat, int steps) {
        return polish(problem, uFlat, steps, Long.MAX_VALUE);
    }

    /** As {@link #polish(GatedProblem, double[], int)}, no new Newton step once System.nanoTime() passes the deadline. */
    static double[] polish(GatedProblem problem, double[] uFlat, int steps, long deadlineNanos) {
        DEADLINE.set(deadlineNanos);
        try {
            return polishUntil(problem, uFlat, steps);
        } finally {
            DEADLINE.remove();
        }
    }

    /**
     * As {@link #refine(double[][], double[], double, double[][], int[][], double[][], int, boolean, double)}, no new
     * Newton step once System.nanoTime() passes {@code deadlineNanos} (Long.MAX_VALUE: none).
     */
    static double[][] refineUntil(double[][] x, double[] y, double beta, double[][] gram, int[][] allRows,
            double[][] v0, int steps, boolean dropCrossing, double tolerance, long deadlineNanos) {
        DEADLINE.set(deadlineNanos);
        try {
            return refine(x, y, beta, gram, allRows, v0, steps, dropCrossing, tolerance);
        } finally {
            DEADLINE.remove();
        }
    }

    /** The deadline of the polish running on this thread (checked before every Newton step). */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private static boolean pastDeadline() {
        Long d = DEADLINE.get();
        return d != null && System.nanoTime() > d;
    }

    private static double[] polishUntil(GatedProblem problem, double[] uFlat, int steps) {
        int p = problem.p();
        int r = problem.r();
        int n = problem.n();
        int[] support = support(uFlat, p, r);
        if (n > MAX_N) {
            return polishByCg(problem, uFlat, steps);
        }
        if (support.length == 0 || support.length > MAX_SUPPORT) {
            return null;
        }
        double[][] x = problem.design();
        double[] y = problem.y();
        double beta = problem.beta();
        double[][] gram = gram(x);
        double[][] v = gather(uFlat, support, p, r);
        int[][] rows = new int[support.length][];
        for (int b = 0; b < support.length; b++) {
            rows[b] = activeRows(problem, support[b]);
        }
        double[][] refined = refine(x, y, beta, gram, rows, v, steps, false);
        double[] u = uFlat.clone();
        scatter(refined, support, p, r, u);
        return support(u, p, r).length == 0 ? null : u;
    }

    /** G = X̃X̃ᵀ, lower triangle ({@code gram[k][l]}, l ≤ k). */
    static double[][] gram(double[][] x) {
        int n = x.length;
        double[][] gram = new double[n][];
        for (int k = 0; k < n; k++) {
            gram[k] = new double[k + 1];
            for (int l = 0; l <= k; l++) {
                gram[k][l] = dot(x[k], x[l]);
            }
        }
        return gram;
    }

    /**
     * Up to {@code steps} damped Newton steps on F_S from the blocks v (v[b] on the active rows rows[b]); blocks
     * that are zero stay zero, blocks whose norm collapses below 1e-9 of the largest are set to zero. Stops
     * when ‖g‖ is at rounding level or no longer falls by half per step. Returns new blocks (v is not changed).
     */
    static double[][] refine(double[][] x, double[] y, double beta, double[][] gram, int[][] allRows, double[][] v0,
            int steps, boolean dropCrossing) {
        return refine(x, y, beta, gram, allRows, v0, steps, dropCrossing, 0);
    }

    /**
     * As {@link #refine(double[][], double[], double, double[][], int[][], double[][], int, boolean)}, and when
     * {@code tolerance} &gt; 0 also stops before a Newton step once the restricted relative gap over every block of
     * {@code allRows} (zero blocks included: {@link #restrictedGap}) is at most {@code tolerance}, or once
     * ‖∇F_S‖ ≤ {@link #KAPPA} times the largest violation (‖A_iᵀλ‖ − β)₊ of a zero block of {@code allRows}.
     */
    static double[][] refine(double[][] x, double[] y, double beta, double[][] gram, int[][] allRows, double[][] v0,
            int steps, boolean dropCrossing, double tolerance) {
        int r = x[0].length;
        int n = y.length;
        double[][] out = new double[v0.length][];
        for (int b = 0; b < v0.length; b++) {
            out[b] = v0[b].clone();
        }
        double previous = Double.POSITIVE_INFINITY;
        for (int step = 0; step < steps && !pastDeadline(); step++) {
            int[] live = java.util.stream.IntStream.range(0, out.length).filter(b -> norm(out[b]) > 0).toArray();
            int s = live.length;
            if (s == 0) {
                break;
            }
            int[][] rows = new int[s][];
            double[][] v = new double[s][];
            for (int b = 0; b < s; b++) {
                rows[b] = allRows[live[b]];
                v[b] = out[live[b]];
            }
            State st = new State(x, y, beta, rows, v);
            double gNorm = st.gradientNorm();
            if (tolerance > 0) {
                double[] prices = prices(x, allRows, st.rho);
                double c = 0;
                double violation = 0; // max over the zero blocks of (price − β)₊: how far S is from W's optimal support
                for (int b = 0; b < prices.length; b++) {
                    c = Math.max(c, prices[b]);
                    if (norm(out[b]) == 0) {
                        violation = Math.max(violation, prices[b] - beta);
                    }
                }
                if (relativeGap(st.rho, y, beta, c, st.objective) <= tolerance) {
                    break; // the caller's tolerance is met over its working set: no further step needed
                }
                if (gNorm <= KAPPA * violation) {
                    break; // S is wrong by more than F_S is unsolved: the block sweep must move first
                }
            }
            if (!(gNorm > 1e-13 * beta * Math.sqrt(s)) || gNorm > 0.5 * previous) {
                break; // stationary to rounding, or Newton no longer converging fast (support not settled)
            }
            previous = gNorm;
            long tn = System.nanoTime();
            double[][] d = newtonStep(x, gram, st, rows, n, r);
            STEPS.incrementAndGet();
            NANOS.addAndGet(System.nanoTime() - tn);
            if (d == null) {
                break;
            }
            if (dropCrossing) {
                // active-set rule: a block whose radial coordinate ‖u_i‖ + t·û_iᵀd_i reaches 0 within the full
                // step wants to pass through the kink at 0 — it is set to zero (the caller's block sweep brings it
                // back if its price says so) and Newton restarts on the smaller support
                boolean dropped = false;
                for (int b = 0; b < s; b++) {
                    double radial = dot(v[b], d[b]) / st.nu[b];
                    if (radial < 0 && st.nu[b] + radial <= 0) {
                        out[live[b]] = new double[r];
                        dropped = true;
                    }
                }
                if (dropped) {
                    previous = Double.POSITIVE_INFINITY;
                    continue;
                }
            }
            double slope = 0;
            for (int b = 0; b < s; b++) {
                slope += dot(st.g[b], d[b]);
            }
            if (!(slope < 0)) {
                break;
            }
            double t = 1;
            double[][] accepted = null;
            for (int half = 0; half < 40; half++) {
                double[][] trial = new double[s][r];
                for (int b = 0; b < s; b++) {
                    for (int j = 0; j < r; j++) {
                        trial[b][j] = v[b][j] + t * d[b][j];
                    }
                }
                State ts = new State(x, y, beta, rows, trial);
                boolean armijo = ts.objective <= st.objective + 1e-4 * t * slope;
                boolean flat = ts.objective <= st.objective + 1e-14 * Math.abs(st.objective)
                        && ts.gradientNorm() < gNorm;
                if (armijo || flat) {
                    accepted = trial;
                    break;
                }
                t *= 0.5;
            }
            if (accepted == null) {
                break;
            }
            // groups whose norm collapsed leave the support (F_S is not smooth there)
            double largest = 0;
            for (double[] a : accepted) {
                largest = Math.max(largest, norm(a));
            }
            for (int b = 0; b < s; b++) {
                out[live[b]] = norm(accepted[b]) < 1e-9 * largest ? new double[r] : accepted[b];
            }
        }
        return out;
    }

    /**
     * The relative duality gap (F − D)/F of the problem restricted to the blocks of {@code allRows} (those outside
     * the support being 0) at the point of {@code st}, in plain floating point: λ = y − Au = −ρ,
     * c = max_b ‖A_bᵀλ‖ over every block of {@code allRows}, t = clip(λᵀy/‖λ‖², 0, β/c),
     * D = tλᵀy − ½t²‖λ‖². Not certified (no rounding allowance): it only decides when to stop.
     */
    static double restrictedGap(double[][] x, double[] y, double beta, int[][] allRows, State st) {
        double c = 0;
        for (double price : prices(x, allRows, st.rho)) {
            c = Math.max(c, price);
        }
        return relativeGap(st.rho, y, beta, c, st.objective);
    }

    /** ‖A_iᵀλ‖ = ‖Σ_{k∈rows_i} x_k λ_k‖ for every block i of {@code allRows}, λ = −ρ. */
    static double[] prices(double[][] x, int[][] allRows, double[] rho) {
        int r = x[0].length;
        double[] out = new double[allRows.length];
        double[] z = new double[r];
        for (int b = 0; b < allRows.length; b++) {
            java.util.Arrays.fill(z, 0);
            for (int k : allRows[b]) {
                double lk = -rho[k];
                double[] xk = x[k];
                for (int j = 0; j < r; j++) {
                    z[j] += xk[j] * lk;
                }
            }
            out[b] = norm(z);
        }
        return out;
    }

    /** (F − D)/F with λ = −ρ and D = max_{t ∈ [0, β/c]} tλᵀy − ½t²‖λ‖², plain floating point (not certified). */
    static double relativeGap(double[] rho, double[] y, double beta, double c, double objective) {
        double ly = 0;
        double ll = 0;
        for (int k = 0; k < y.length; k++) {
            ly -= rho[k] * y[k];
            ll += rho[k] * rho[k];
        }
        double lower = 0;
        if (ll > 0 && ly > 0) {
            double t = ly / ll;
            if (c > 0) {
                t = Math.min(t, beta / c);
            }
            lower = Math.max(0, t * ly - 0.5 * t * t * ll);
        }
        return org.cvxrelu.certify.DualBound.relativeGap(objective, lower);
    }

    /** The quantities of F_S at blocks v (v[b] is the block of support[b]). */
    static final class State {
        final double[][] v;
        final double[] nu;
        final double[] rho;
        final double[][] g;
        final double objective;
        final double beta;

        State(double[][] x, double[] y, double beta, int[][] rows, double[][] v) {
            int n = y.length;
            int s = v.length;
            int r = s == 0 ? 0 : v[0].length;
            this.v = v;
            this.beta = beta;
            this.nu = new double[s];
            this.rho = new double[n];
            for (int k = 0; k < n; k++) {
                rho[k] = -y[k];
            }
            double pen = 0;
            for (int b = 0; b < s; b++) {
                nu[b] = norm(v[b]);
                pen += nu[b];
                for (int k : rows[b]) {
                    rho[k] += dot(x[k], v[b]);
                }
            }
            double loss = 0;
            for (double e : rho) {
                loss += e * e;
            }
            this.objective = 0.5 * loss + beta * pen;
            this.g = new double[s][r];
            for (int b = 0; b < s; b++) {
                double[] gb = g[b];
                for (int k : rows[b]) {
                    double rk = rho[k];
                    double[] xk = x[k];
                    for (int j = 0; j < r; j++) {
                        gb[j] += xk[j] * rk;
                    }
                }
                for (int j = 0; j < r; j++) {
                    gb[j] += beta * v[b][j] / nu[b];
                }
            }
        }

        double gradientNorm() {
            double sq = 0;
            for (double[] gb : g) {
                sq += dot(gb, gb);
            }
            return Math.sqrt(sq);
        }
    }

    /**
     * d = −H⁻¹g by the reduced n × n system of the class comment; null when a factorisation fails. Each loop nest
     * is its own small method: the JIT compiles (and on-stack replaces) each one early and cheaply, where one
     * large method was compiled four times over (a third of a cold run's compile time).
     */
    static double[][] newtonStep(double[][] x, double[][] gram, State st, int[][] rows, int n, int r) {
        int s = st.v.length;
        double[][] uh = new double[s][r];
        double[] invC = new double[s];
        double[][] q = new double[s][]; // q_i restricted to the rows of pattern i
        for (int b = 0; b < s; b++) {
            for (int j = 0; j < r; j++) {
                uh[b][j] = st.v[b][j] / st.nu[b];
            }
            q[b] = new double[rows[b].length];
            for (int a = 0; a < rows[b].length; a++) {
                q[b][a] = dot(x[rows[b][a]], uh[b]);
            }
            invC[b] = st.nu[b] / st.beta; // 1/c_i = ‖u_i‖/β
        }
        double[][] lm = cholesky(formM(gram, rows, q, invC, n));
        if (lm == null) {
            return null;
        }
        // tangential parts P_i g_i, radial parts g_r, h = −Σ_i A_i P_i g_i / c_i
        double[][] pg = new double[s][];
        double[] gr = new double[s];
        double[] h = new double[n];
        for (int b = 0; b < s; b++) {
            gr[b] = dot(uh[b], st.g[b]);
            pg[b] = new double[r];
            for (int j = 0; j < r; j++) {
                pg[b][j] = st.g[b][j] - gr[b] * uh[b][j];
            }
            for (int k : rows[b]) {
                h[k] -= invC[b] * dot(x[k], pg[b]);
            }
        }
        // with M = LLᵀ: Z = L⁻¹R (row-major n × |S|), ζ = L⁻¹h, K = RᵀM⁻¹R = ZᵀZ, rhs = −g_r − Zᵀζ, and
        // e = L⁻ᵀ(ζ + Z a)
        double[][] zr = new double[n][s];
        for (int b = 0; b < s; b++) {
            for (int a = 0; a < rows[b].length; a++) {
                zr[rows[b][a]][b] = q[b][a];
            }
        }
        forwardRows(lm, zr);
        double[] zeta = forward(lm, h);
        double[][] kk = gramOfRows(zr, s);
        double[] rhs = new double[s];
        for (int b = 0; b < s; b++) {
            rhs[b] = -gr[b];
        }
        for (int k = 0; k < n; k++) {
            double[] row = zr[k];
            double zk = zeta[k];
            for (int b = 0; b < s; b++) {
                rhs[b] -= row[b] * zk;
            }
        }
        double[][] lk = choleskyShifted(kk);
        if (lk == null) {
            return null;
        }
        solveInPlace(lk, rhs);
        double[] e = zeta;
        for (int k = 0; k < n; k++) {
            e[k] += dot(zr[k], rhs);
        }
        backward(lm, e);
        double[][] d = new double[s][r];
        for (int b = 0; b < s; b++) {
            double[] ate = new double[r];
            for (int k : rows[b]) {
                double ek = e[k];
                for (int j = 0; j < r; j++) {
                    ate[j] += x[k][j] * ek;
                }
            }
            double ur = dot(uh[b], ate);
            for (int j = 0; j < r; j++) {
                double tangential = -invC[b] * (pg[b][j] + ate[j] - ur * uh[b][j]);
                d[b][j] = rhs[b] * uh[b][j] + tangential;
            }
        }
        return d;
    }

    /**
     * M = I + Σ_i (1/c_i) D_i (G − q_iq_iᵀ) D_i, lower triangle by rows. For each pattern i and each of its rows k,
     * row k of M gains w·m_i∘G_k − (w q_ik)·(m_i∘q_i) over l ≤ k, with m_i the pattern's 0/1 mask and m_i∘q_i
     * as dense vectors: a dense axpy that the JIT vectorises (the equivalent gather/scatter over the pattern's
     * rows has half the flops but took 2.0–2.5 ms against 1.6–1.8 ms at n = 308, |S| = 150, half-dense masks).
     */
    static double[][] formM(double[][] gram, int[][] rows, double[][] q, double[] invC, int n) {
        double[][] m = new double[n][];
        for (int k = 0; k < n; k++) {
            m[k] = new double[k + 1];
            m[k][k] = 1;
        }
        double[] wm = new double[n];
        double[] qm = new double[n];
        for (int b = 0; b < rows.length; b++) {
            int[] rw = rows[b];
            double w = invC[b];
            double[] qb = q[b];
            java.util.Arrays.fill(wm, 0);
            java.util.Arrays.fill(qm, 0);
            for (int a = 0; a < rw.length; a++) {
                wm[rw[a]] = w;
                qm[rw[a]] = qb[a];
            }
            for (int a = 0; a < rw.length; a++) {
                int k = rw[a];
                addMaskedRow(m[k], gram[k], wm, qm, w * qb[a], k + 1);
            }
        }
        return m;
    }

    /** mk[l] += wm[l]·gk[l] − c·qm[l] for l &lt; len. */
    private static void addMaskedRow(double[] mk, double[] gk, double[] wm, double[] qm, double c, int len) {
        for (int l = 0; l < len; l++) {
            mk[l] += wm[l] * gk[l] - c * qm[l];
        }
    }

    /**
     * Z ← L⁻¹Z for Z n × m row-major (forward substitution on every column at once, as row axpys): four rows at a
     * time take their updates from each earlier row of Z in one pass over it ({@link #update4}); every entry keeps
     * the plain order of subtractions (k ascending).
     */
    static void forwardRows(double[][] lm, double[][] zr) {
        int n = lm.length;
        int m = n == 0 ? 0 : zr[0].length;
        int i0 = 0;
        for (; i0 + 3 < n; i0 += 4) {
            double[] l0 = lm[i0];
            double[] l1 = lm[i0 + 1];
            double[] l2 = lm[i0 + 2];
            double[] l3 = lm[i0 + 3];
            for (int k = 0; k < i0; k++) {
                update4(zr[k], 0, m, l0[k], l1[k], l2[k], l3[k], zr[i0], zr[i0 + 1], zr[i0 + 2], zr[i0 + 3]);
            }
            for (int i = i0; i < i0 + 4; i++) {
                finishForwardRow(lm[i], zr, i, i0);
            }
        }
        for (; i0 < n; i0++) {
            finishForwardRow(lm[i0], zr, i0, 0);
        }
    }

    /** Row i of Z ← L⁻¹Z: the updates from rows k ∈ [from, i), then the division by L_ii. */
    private static void finishForwardRow(double[] li, double[][] zr, int i, int from) {
        double[] row = zr[i];
        for (int k = from; k < i; k++) {
            double f = li[k];
            if (f != 0) {
                axpy(-f, zr[k], row);
            }
        }
        double inv = 1 / li[i];
        for (int b = 0; b < row.length; b++) {
            row[b] *= inv;
        }
    }

    /** y += a·x. */
    private static void axpy(double a, double[] x, double[] y) {
        for (int b = 0; b < y.length; b++) {
            y[b] += a * x[b];
        }
    }

    /** v ← L⁻¹v in place; returns v. */
    static double[] forward(double[][] lm, double[] v) {
        for (int i = 0; i < v.length; i++) {
            double[] li = lm[i];
            double sum = v[i];
            for (int k = 0; k < i; k++) {
                sum -= li[k] * v[k];
            }
            v[i] = sum / li[i];
        }
        return v;
    }

    /** v ← L⁻ᵀv in place. */
    static void backward(double[][] lm, double[] v) {
        int n = v.length;
        for (int i = n - 1; i >= 0; i--) {
            double vi = v[i] / lm[i][i];
            v[i] = vi;
            // column i of L is row i of Lᵀ: v_k −= L_ik v_i for k < i, an axpy over the row of L
            double[] li = lm[i];
            for (int k = 0; k < i; k++) {
                v[k] -= li[k] * vi;
            }
        }
    }

    /** K = ZᵀZ (s × s, lower triangle by rows) for Z n × s row-major. */
    static double[][] gramOfRows(double[][] zr, int s) {
        double[][] kk = new double[s][];
        for (int b = 0; b < s; b++) {
            kk[b] = new double[b + 1];
        }
        for (double[] row : zr) {
            for (int b = 0; b < s; b++) {
                double rb = row[b];
                if (rb != 0) {
                    axpyPrefix(rb, row, kk[b]);
                }
            }
        }
        return kk;
    }

    /** y[c] += a·x[c] for c &lt; y.length. */
    private static void axpyPrefix(double a, double[] x, double[] y) {
        for (int c = 0; c < y.length; c++) {
            y[c] += a * x[c];
        }
    }

    /**
     * Cholesky of a lower-triangular-stored SPD matrix (A = LLᵀ, both lower triangles by rows); null when a pivot
     * is not positive. Up-looking: row i of L from the rows above, as
     * <pre>  w ← a_i;  for j &lt; i: L_ij = w_j / L_jj,  w_l ← w_l − L_ij·L_lj (j &lt; l ≤ i);  L_ii = √w_i  </pre>
     * with the columns of L stored as rows (U = Lᵀ by rows), so that the update is an axpy over contiguous
     * memory, which the JIT vectorises (a dot-product form is bound by the latency of its sum); four rows i share
     * each pass over U_j. n³/6 multiply-adds.
     */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] u = new double[n][]; // u[j][l] = L_lj, l ≥ j (the same index as w: the JIT then vectorises)
        for (int j = 0; j < n; j++) {
            u[j] = new double[n];
        }
        int i0 = 0;
        for (; i0 + 3 < n; i0 += 4) {
            int len = i0 + 4;
            double[] w0 = java.util.Arrays.copyOf(a[i0], len);
            double[] w1 = java.util.Arrays.copyOf(a[i0 + 1], len);
            double[] w2 = java.util.Arrays.copyOf(a[i0 + 2], len);
            double[] w3 = java.util.Arrays.copyOf(a[i0 + 3], len);
            for (int j = 0; j < i0; j++) {
                double[] uj = u[j];
                double inv = 1 / uj[j];
                double l0 = w0[j] * inv;
                double l1 = w1[j] * inv;
                double l2 = w2[j] * inv;
                double l3 = w3[j] * inv;
                uj[i0] = l0;
                uj[i0 + 1] = l1;
                uj[i0 + 2] = l2;
                uj[i0 + 3] = l3;
                update4(uj, j + 1, len, l0, l1, l2, l3, w0, w1, w2, w3);
            }
            if (!finishRow(u, w0, i0, i0) || !finishRow(u, w1, i0 + 1, i0) || !finishRow(u, w2, i0 + 2, i0)
                    || !finishRow(u, w3, i0 + 3, i0)) {
                return null;
            }
        }
        for (; i0 < n; i0++) {
            if (!finishRow(u, a[i0].clone(), i0, 0)) {
                return null;
            }
        }
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] li = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                li[j] = u[j][i];
            }
            l[i] = li;
        }
        return l;
    }

    /**
     * w_t[l] −= l_t·u[l] for l ∈ [from, to), t = 0..3. A small method called n²/8 times per factorisation: the
     * JIT compiles it after a few hundred calls, where the loop nest around it would wait for an on-stack
     * replacement of the whole method (in a cold process the first factorisations ran interpreted).
     */
    private static void update4(double[] u, int from, int to, double l0, double l1, double l2, double l3,
            double[] w0, double[] w1, double[] w2, double[] w3) {
        for (int l = from; l < to; l++) {
            double ul = u[l];
            w0[l] -= l0 * ul;
            w1[l] -= l1 * ul;
            w2[l] -= l2 * ul;
            w3[l] -= l3 * ul;
        }
    }

    /** Row i of the up-looking Cholesky for the columns j ∈ [from, i) and the pivot; w holds a_i updated by j &lt; from. */
    private static boolean finishRow(double[][] u, double[] w, int i, int from) {
        for (int j = from; j < i; j++) {
            double[] uj = u[j];
            double lij = w[j] / uj[j];
            uj[i] = lij;
            for (int l = j + 1; l <= i; l++) {
                w[l] -= lij * uj[l];
            }
        }
        double d = w[i];
        if (!(d > 0)) {
            return false;
        }
        u[i][i] = Math.sqrt(d);
        return true;
    }

    /** Cholesky with a relative diagonal shift (δ·diag, δ from 0 then 1e-14 up ×100) when a pivot fails. */
    static double[][] choleskyShifted(double[][] a) {
        int n = a.length;
        double shift = 0;
        for (int attempt = 0; attempt < 8; attempt++) {
            double[][] b = new double[n][];
            for (int i = 0; i < n; i++) {
                b[i] = a[i].clone();
                b[i][i] += shift * Math.max(a[i][i], 1e-300);
            }
            double[][] l = cholesky(b);
            if (l != null) {
                return l;
            }
            shift = shift == 0 ? 1e-14 : shift * 100;
        }
        return null;
    }

    /** b ← (LLᵀ)⁻¹ b. */
    static void solveInPlace(double[][] l, double[] b) {
        int n = l.length;
        for (int i = 0; i < n; i++) {
            double[] li = l[i];
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= li[k] * b[k];
            }
            b[i] = sum / li[i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double sum = b[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * b[k];
            }
            b[i] = sum / l[i][i];
        }
    }

    static int[] activeRows(GatedProblem problem, int i) {
        long[] mask = problem.patterns().mask(i);
        int n = problem.n();
        int count = 0;
        for (int k = 0; k < n; k++) {
            if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                count++;
            }
        }
        int[] rows = new int[count];
        int c = 0;
        for (int k = 0; k < n; k++) {
            if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                rows[c++] = k;
            }
        }
        return rows;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static int[] support(double[] u, int p, int r) {
        return java.util.stream.IntStream.range(0, p).filter(i -> blockNorm(u, i, p, r) > 0).toArray();
    }

    private static double blockNorm(double[] u, int i, int p, int r) {
        double s = 0;
        for (int j = 0; j < r; j++) {
            s += u[j * p + i] * u[j * p + i];
        }
        return Math.sqrt(s);
    }

    private static double[][] gather(double[] u, int[] support, int p, int r) {
        double[][] v = new double[support.length][r];
        for (int b = 0; b < support.length; b++) {
            for (int j = 0; j < r; j++) {
                v[b][j] = u[j * p + support[b]];
            }
        }
        return v;
    }

    private static void scatter(double[][] v, int[] support, int p, int r, double[] u) {
        for (int b = 0; b < support.length; b++) {
            for (int j = 0; j < r; j++) {
                u[j * p + support[b]] = v[b][j];
            }
        }
    }

    static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    // ---- the conjugate-gradient polish, kept for n > MAX_N (M would be n × n) ----

    /**
     * The earlier polish for n &gt; {@link #MAX_N}: the same Newton step by matrix-free conjugate gradients on
     * ∇²F_S + εI (ε = 1e-12·max_i c_i), A held densely (n·|S|·r ≤ {@link #MAX_ENTRIES}), damped until ‖∇F_S‖ decreases.
     */
    static double[] polishByCg(GatedProblem problem, double[] uFlat, int steps) {
        int p = problem.p();
        int r = problem.r();
        int n = problem.n();
        int[] support = support(uFlat, p, r);
        if (support.length == 0 || (long) support.length * r * n > MAX_ENTRIES) {
            return null;
        }
        double[] u = uFlat.clone();
        double[][] x = problem.design();
        double[] y = problem.y();
        double previous = Double.POSITIVE_INFINITY;
        for (int step = 0; step < steps && !pastDeadline(); step++) {
            int m = support.length * r;
            double[][] a = new double[n][m];
            for (int s = 0; s < support.length; s++) {
                long[] mask = problem.patterns().mask(support[s]);
                for (int k = 0; k < n; k++) {
                    if ((mask[k >>> 6] & (1L << (k & 63))) != 0) {
                        System.arraycopy(x[k], 0, a[k], s * r, r);
                    }
                }
            }
            double[] v = cgGather(u, support, p, r);
            double[] g = cgGradient(a, y, v, support.length, r, problem.beta());
            double gNorm = norm(g);
            if (!(gNorm > 1e-13 * problem.beta() * Math.sqrt(support.length)) || gNorm > 0.5 * previous) {
                break; // stationary to rounding, or Newton no longer converging fast (support not settled)
            }
            previous = gNorm;
            double[] curv = new double[support.length];
            for (int s = 0; s < support.length; s++) {
                curv[s] = problem.beta() / cgNorm(v, s * r, r);
            }
            double[] d = cgSolve(a, v, curv, support.length, r, g, CG_STEPS);
            double t = 1;
            boolean accepted = false;
            for (int half = 0; half < 30 && !pastDeadline(); half++) {
                double[] trial = v.clone();
                for (int i = 0; i < m; i++) {
                    trial[i] -= t * d[i];
                }
                double tn = norm(cgGradient(a, y, trial, support.length, r, problem.beta()));
                if (tn < gNorm) {
                    cgScatter(trial, support, p, r, u);
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) {
                break;
            }
            // groups whose norm collapsed leave the support (F_S is not smooth there)
            double largest = 0;
            for (int s = 0; s < support.length; s++) {
                largest = Math.max(largest, blockNorm(u, support[s], p, r));
            }
            for (int s = 0; s < support.length; s++) {
                if (blockNorm(u, support[s], p, r) < 1e-9 * largest) {
                    for (int j = 0; j < r; j++) {
                        u[j * p + support[s]] = 0;
                    }
                }
            }
            support = support(u, p, r);
            if (support.length == 0) {
                return null;
            }
        }
        return u;
    }

    private static double[] cgGradient(double[][] a, double[] y, double[] v, int groups, int r, double beta) {
        int n = y.length;
        int m = v.length;
        double[] res = new double[n];
        for (int k = 0; k < n; k++) {
            double s = -y[k];
            double[] row = a[k];
            for (int i = 0; i < m; i++) {
                s += row[i] * v[i];
            }
            res[k] = s;
        }
        double[] g = new double[m];
        for (int k = 0; k < n; k++) {
            double rk = res[k];
            double[] row = a[k];
            for (int i = 0; i < m; i++) {
                g[i] += row[i] * rk;
            }
        }
        for (int s = 0; s < groups; s++) {
            double nu = cgNorm(v, s * r, r);
            for (int j = 0; j < r; j++) {
                g[s * r + j] += beta * v[s * r + j] / nu;
            }
        }
        return g;
    }

    /**
     * d ≈ H⁻¹g by conjugate gradients, matrix-free: H q = Aᵀ(A q) + Σ_s c_s (q_s − û_s û_sᵀ q_s) + ε q with
     * ε = 1e-12·max_s c_s (the radial directions have curvature from AᵀA only). Stops at ‖res‖ ≤ 1e-4‖g‖.
     */
    private static double[] cgSolve(double[][] a, double[] v, double[] curv, int groups, int r, double[] g,
            int maxSteps) {
        int m = g.length;
        double eps = 0;
        for (double c : curv) {
            eps = Math.max(eps, 1e-12 * c);
        }
        double[] d = new double[m];
        double[] res = g.clone();
        double[] q = g.clone();
        double rr = dot(res, res);
        double stop = 1e-8 * rr;
        double[] hq = new double[m];
        for (int it = 0; it < maxSteps && rr > stop && !pastDeadline(); it++) {
            cgHessianTimes(a, v, curv, groups, r, eps, q, hq);
            double qhq = dot(q, hq);
            if (!(qhq > 0)) {
                break;
            }
            double alpha = rr / qhq;
            for (int i = 0; i < m; i++) {
                d[i] += alpha * q[i];
                res[i] -= alpha * hq[i];
            }
            double rrNew = dot(res, res);
            double b = rrNew / rr;
            rr = rrNew;
            for (int i = 0; i < m; i++) {
                q[i] = res[i] + b * q[i];
            }
        }
        return d;
    }

    private static void cgHessianTimes(double[][] a, double[] v, double[] curv, int groups, int r, double eps,
            double[] q, double[] out) {
        int n = a.length;
        int m = q.length;
        java.util.Arrays.fill(out, 0);
        for (int k = 0; k < n; k++) {
            double[] row = a[k];
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += row[i] * q[i];
            }
            for (int i = 0; i < m; i++) {
                out[i] += row[i] * s;
            }
        }
        for (int g = 0; g < groups; g++) {
            int o = g * r;
            double nu2 = 0;
            double uq = 0;
            for (int j = 0; j < r; j++) {
                nu2 += v[o + j] * v[o + j];
                uq += v[o + j] * q[o + j];
            }
            for (int j = 0; j < r; j++) {
                out[o + j] += curv[g] * (q[o + j] - v[o + j] * uq / nu2) + eps * q[o + j];
            }
        }
    }







    private static double[] cgGather(double[] u, int[] support, int p, int r) {
        double[] v = new double[support.length * r];
        for (int s = 0; s < support.length; s++) {
            for (int j = 0; j < r; j++) {
                v[s * r + j] = u[j * p + support[s]];
            }
        }
        return v;
    }

    private static void cgScatter(double[] v, int[] support, int p, int r, double[] u) {
        for (int s = 0; s < support.length; s++) {
            for (int j = 0; j < r; j++) {
                u[j * p + support[s]] = v[s * r + j];
            }
        }
    }



    private static double cgNorm(double[] v, int o, int len) {
        double s = 0;
        for (int i = o; i < o + len; i++) {
            s += v[i] * v[i];
        }
        return Math.sqrt(s);
    }
}

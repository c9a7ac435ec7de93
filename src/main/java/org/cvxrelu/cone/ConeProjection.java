package org.cvxrelu.cone;

/**
 * Euclidean projection onto a polyhedral cone K = {u : a_kᵀu ≥ 0, k = 1…n}, here the cone K_i of a pattern
 * with a_k = (2(D_i)_kk − 1) x̃_k.
 *
 * <p>By Moreau's decomposition Π_K(z) = z + Aᵀμ* with μ* = argmin_{μ ≥ 0} ‖z + Aᵀμ‖ (the polar cone is
 * {−Aᵀμ : μ ≥ 0}); this non-negative least-squares problem is solved by the active-set method of Lawson
 * and Hanson. The support value needed by the dual certificate satisfies, for <em>every</em> μ ≥ 0,
 * <pre>  max_{u ∈ K, ‖u‖ ≤ 1} zᵀu = ‖Π_K(z)‖ ≤ ‖z + Aᵀμ‖ </pre>
 * (because μᵀAu ≥ 0 on K), so {@link Result#norm()} is a valid upper bound whatever the accuracy of μ, and
 * equals ‖Π_K(z)‖ at convergence. Its least-squares steps use the normal equations; where the passive rows are so
 * nearly dependent that those lose the answer (sliver cells of rows that crowd on the sphere), the projection is
 * solved again with QR ({@link PassiveQr}) and the lower bound kept.
 */
public final class ConeProjection {
    /** From this many rows on, the entering row is first looked for among candidates ({@code Scan}). */
    static final int PARTIAL_ROWS = 2048;
    /** The most violated rows of a full scan that the next steps look at first. */
    static final int CANDIDATES = 256;

    private ConeProjection() {
    }

    /** The projection z + Aᵀμ and its norm, with μ ≥ 0. */
    public record Result(double[] projection, double norm, int[] rows, double[] multipliers) {
        public Result(double[] projection, double norm) {
            this(projection, norm, new int[0], new double[0]);
        }
    }

    /**
     * The bound ‖z + Σ_k μ_k a_k‖ for given rows and multipliers μ ≥ 0 (e.g. those of an earlier projection
     * of a nearby z): an upper bound on ‖Π_K(z)‖ at the cost of one pass over the few rows.
     */
    public static double bound(double[][] design, long[] mask, double[] z, int[] rows, double[] multipliers) {
        double[] res = z.clone();
        for (int a = 0; a < rows.length; a++) {
            double c = sign(mask, rows[a]) * multipliers[a];
            double[] row = design[rows[a]];
            for (int j = 0; j < res.length; j++) {
                res[j] += c * row[j];
            }
        }
        return norm(res);
    }

    /** Projects z onto K_i, with the rows of X̃ ({@code design}) and the pattern's activity mask. */
    public static Result project(double[][] design, long[] mask, double[] z) {
        int[] all = new int[design.length];
        for (int k = 0; k < all.length; k++) {
            all[k] = k;
        }
        return project(design, mask, all, z);
    }

    /** Projects z onto {u : a_kᵀu ≥ 0, k ∈ rows}: the same cone when {@code rows} hold its facets. */
    public static Result project(double[][] design, long[] mask, int[] rows, double[] z) {
        return project(design, mask, rows, z, (ScanCounts) null);
    }

    /** How a projection chose its entering rows (for tests): full scans, steps from candidates, candidates refused. */
    static final class ScanCounts {
        int fullScans;
        int candidateSteps;
        int candidatesRefused;
    }

    /** As {@link #project(double[][], long[], int[], double[])}, counting into {@code counts} (null: not counted). */
    static Result project(double[][] design, long[] mask, int[] rows, double[] z, ScanCounts counts) {
        return project(design, mask, rows, z, counts, false);
    }

    /**
     * As {@link #project(double[][], long[], int[], double[])}, the QR solve of a doubtful answer (below) asked for
     * only where {@code worthQr} accepts the normal equations' answer: a caller that needs the bound only above a
     * cut skips QR where the answer's bound is already below it (both answers are valid bounds).
     */
    public static Result project(double[][] design, long[] mask, int[] rows, double[] z,
            java.util.function.Predicate<Result> worthQr) {
        return project(design, mask, rows, z, null, false, worthQr);
    }

    /** As the method below, QR asked for wherever the normal equations' answer is doubtful. */
    static Result project(double[][] design, long[] mask, int[] rows, double[] z, ScanCounts counts, boolean byQr) {
        return project(design, mask, rows, z, counts, byQr, answer -> true);
    }

    /**
     * The method with its least-squares steps by the normal equations ({@link PassiveFactor}), or with
     * {@code byQr} by Householder QR ({@link PassiveQr}). Without {@code byQr}, where the normal equations gave up
     * before the residual reached the cone, or the passive rows are so nearly dependent ({@link #NEARLY_DEPENDENT})
     * that their answer may be far off, the projection is solved again by QR and QR's bound kept where it is lower by
     * more than 1e-9·‖z‖ (so that elsewhere the answer keeps its bits).
     */
    static Result project(double[][] design, long[] mask, int[] rows, double[] z, ScanCounts counts, boolean byQr,
            java.util.function.Predicate<Result> worthQr) {
        // work arrays are indexed by position in `rows` (not by sample): a call costs O(|rows|), not O(n)
        int n = rows.length;
        int r = z.length;
        double[] rowNorm = rowNorms(design, rows, r);
        double[] res = z.clone();
        double tol = 1e-12 * norm(z);
        Scan scan = new Scan(design, mask, rows, rowNorm, tol, counts);
        int worst = scan.next(res, null);
        if (worst < 0) {
            return new Result(res, norm(res));
        }
        double[] mu = new double[n];
        int[] passive = new int[r + 1];
        int[] kept = new int[r + 1];
        int np = 0;
        PassiveSolve factor = byQr ? new PassiveQr(design, mask, rows, z, r + 1)
                : new PassiveFactor(design, mask, rows, z, r + 1);
        boolean[] inP = new boolean[n];
        int maxOuter = 3 * n + 10;
        boolean gaveUp = false; // stopped while a row was still violated
        for (int outer = 0; outer < maxOuter && worst >= 0; outer++) {
            if (np == passive.length) {
                gaveUp = true;
                break; // cannot happen for independent columns; stop with the (still valid) bound
            }
            passive[np++] = worst;
            inP[worst] = true;
            factor.append(passive, np);
            boolean failed = false;
            for (int inner = 0; inner < 3 * r + 10; inner++) {
                double[] zeta = factor.solve(np);
                // (nearly) dependent columns (null), or the column just added does not help (rounding): drop the
                // newest and stop improving, unless it was a candidate, not the scan's most violated row
                if (zeta == null || (zeta[np - 1] <= 0 && inner == 0)) {
                    int dropped = passive[--np];
                    inP[dropped] = false;
                    mu[dropped] = 0; // (it may have a multiplier from an earlier inner step; res is rebuilt without it)
                    factor.truncate(np);
                    failed = true;
                    break;
                }
                boolean allPositive = true;
                for (int a = 0; a < np; a++) {
                    if (zeta[a] <= 0) {
                        allPositive = false;
                        break;
                    }
                }
                if (allPositive) {
                    for (int a = 0; a < np; a++) {
                        mu[passive[a]] = zeta[a];
                    }
                    break;
                }
                // step from μ towards ζ until the first multiplier reaches zero, and drop it (exactly: a
                // rounding residue left in the passive set would stall the method)
                double alpha = 1;
                int blocking = -1;
                for (int a = 0; a < np; a++) {
                    double m = mu[passive[a]];
                    if (zeta[a] <= 0) {
                        double step = m > zeta[a] ? m / (m - zeta[a]) : 0;
                        if (step < alpha || blocking < 0) {
                            alpha = Math.min(alpha, step);
                            blocking = a;
                        }
                    }
                }
                double largest = 0;
                for (int a = 0; a < np; a++) {
                    int k = passive[a];
                    mu[k] += alpha * (zeta[a] - mu[k]);
                    largest = Math.max(largest, mu[k]);
                }
                int keep = 0;
                for (int a = 0; a < np; a++) {
                    int k = passive[a];
                    if (a != blocking && mu[k] > 1e-14 * largest) {
                        kept[keep] = a;
                        passive[keep++] = k;
                    } else {
                        mu[k] = 0;
                        inP[k] = false;
                    }
                }
                factor.compact(kept, keep);
                np = keep;
                if (np == 0) {
                    break;
                }
            }
            residual(design, mask, rows, z, mu, passive, np, res);
            if (!failed) {
                worst = scan.next(res, inP);
            } else if (scan.lastWasCandidate()) {
                scan.reject(worst); // not a candidate again (a full scan may still choose it)
                worst = scan.full(res, inP);
            } else {
                worst = -1;
                gaveUp = true;
            }
        }
        gaveUp |= worst >= 0; // out of steps
        residual(design, mask, rows, z, mu, passive, np, res);
        int[] used = new int[np];
        double[] m = new double[np];
        for (int a = 0; a < np; a++) {
            used[a] = rows[passive[a]];
            m[a] = mu[passive[a]];
        }
        Result normal = new Result(res, norm(res), used, m);
        if (!byQr && (gaveUp || np > 1 && factor.smallestPivotRatio(np) < NEARLY_DEPENDENT) && worthQr.test(normal)) {
            // a sliver cell (raw columns far from zero): QR does not square the rows' condition number; both answers
            // are valid bounds (μ ≥ 0), and QR's is kept where it is lower by more than the rounding of either
            Result qr = withRounding(design, z, project(design, mask, rows, z, null, true));
            if (qr.norm() < normal.norm() - 1e-9 * norm(z)) {
                return qr;
            }
        }
        return normal;
    }

    /**
     * QR's result with its norm raised by a bound on the rounding of z + Σ_a μ_a a_a and of its norm:
     * γ_k·(‖z‖ + Σ_a μ_a‖x̃_a‖ + ‖res‖), γ_k = k·u/(1 − k·u) with k = 2p + r + 2 (Higham, §3.1), taken as 2.3e-16·k.
     * QR accepts rows nearer to dependent than the normal equations do, so its multipliers can be far larger and
     * the cancellation in the residual larger with them; callers that take {@link Result#norm()} as a bound
     * without re-summing it ({@code CertifiedGap}, {@code RestrictedBound}) then still get one.
     */
    private static Result withRounding(double[][] design, double[] z, Result qr) {
        double scale = norm(z) + qr.norm();
        int[] rows = qr.rows();
        double[] mu = qr.multipliers();
        for (int a = 0; a < rows.length; a++) {
            scale += mu[a] * norm(design[rows[a]]);
        }
        double err = 2.3e-16 * (2 * rows.length + z.length + 2) * scale;
        return new Result(qr.projection(), qr.norm() + err, rows, mu);
    }

    /**
     * Below this smallest ratio l_aa²/g_aa of the passive rows' Cholesky factor (the squared sine of the angle between a
     * row and the span of the rows before it) the normal equations' answer is solved again by QR
     * ({@link PassiveQr}): their relative error grows as ε over that ratio.
     */
    static final double NEARLY_DEPENDENT = 1e-8;

    /** res = z + Σ_{k ∈ P} μ_k a_k (P and μ by position in {@code rows}). */
    private static void residual(double[][] design, long[] mask, int[] rows, double[] z, double[] mu, int[] passive,
            int np, double[] res) {
        System.arraycopy(z, 0, res, 0, z.length);
        for (int a = 0; a < np; a++) {
            int k = rows[passive[a]];
            double c = sign(mask, k) * mu[passive[a]];
            for (int j = 0; j < z.length; j++) {
                res[j] += c * design[k][j];
            }
        }
    }

    /** The least-squares step of the active-set method over the passive rows, kept between its steps. */
    interface PassiveSolve {
        /** The newest passive row, at position np − 1. */
        void append(int[] passive, int np);

        /** The passive rows at old positions kept[0] &lt; … &lt; kept[count − 1] become positions 0…count − 1. */
        void compact(int[] kept, int count);

        /** Only the first {@code np} passive rows are still valid. */
        void truncate(int np);

        /** ζ = argmin ‖z + Σ_a ζ_a a_{P_a}‖ over the first np passive rows; null when they are (nearly) dependent. */
        double[] solve(int np);

        /** How near to dependent the passive rows were found (1: independent; see {@link #NEARLY_DEPENDENT}). */
        double smallestPivotRatio(int np);
    }

    /**
     * ζ = argmin ‖z + Σ_a ζ_a a_{P_a}‖ for the passive set P (by position in {@code rows}): the normal equations
     * (A_P A_Pᵀ) ζ = −A_P z by Cholesky, kept between the active-set steps. A row of L depends only on the Gram rows
     * up to it and the rows of L above it, so appending a passive row factors that row alone, and dropping rows
     * refactors from the first one dropped; the Gram entries and right-hand sides of the rows that stay are kept,
     * not recomputed. The arithmetic is the same, in the same order, as factoring the whole Gram matrix at every
     * step, so the answer is the same to the bit (at n = 10,000 and r = 51 rebuilding it at every step was about
     * half of a certificate's time, BENCHMARKS §44).
     */
    private static final class PassiveFactor implements PassiveSolve {
        private final double[][] design;
        private final long[] mask;
        private final int[] rows;
        private final double[] z;
        /** Gram entries g[a][b] = s_a s_b x̃_aᵀx̃_b, b ≤ a, of the passive rows by passive position. */
        private final double[][] gram;
        private final double[] rhs;
        private final double[][] l;
        /** The leading rows of L that are factored for the current passive prefix. */
        private int factored;

        PassiveFactor(double[][] design, long[] mask, int[] rows, double[] z, int capacity) {
            this.design = design;
            this.mask = mask;
            this.rows = rows;
            this.z = z;
            this.gram = new double[capacity][capacity];
            this.rhs = new double[capacity];
            this.l = new double[capacity][capacity];
        }

        /** The newest passive row, at position np − 1: its Gram row against the rows before it, and −s_a x̃_aᵀz. */
        @Override
        public void append(int[] passive, int np) {
            int a = np - 1;
            double[] xa = design[rows[passive[a]]];
            double sa = sign(mask, rows[passive[a]]);
            for (int b = 0; b <= a; b++) {
                double[] xb = design[rows[passive[b]]];
                double s = 0;
                for (int j = 0; j < z.length; j++) {
                    s += xa[j] * xb[j];
                }
                gram[a][b] = s * sa * sign(mask, rows[passive[b]]);
            }
            double s = 0;
            for (int j = 0; j < z.length; j++) {
                s += xa[j] * z[j];
            }
            rhs[a] = -sa * s;
            factored = Math.min(factored, a);
        }

        /**
         * The passive rows at old positions kept[0] &lt; … &lt; kept[count − 1] become positions 0…count − 1: their
         * Gram entries and right-hand sides move with them; L stays factored up to the first row that moved.
         */
        @Override
        public void compact(int[] kept, int count) {
            for (int i = 0; i < count; i++) {
                int a = kept[i];
                if (a == i) {
                    continue;
                }
                factored = Math.min(factored, i);
                for (int b = 0; b <= i; b++) {
                    gram[i][b] = gram[a][kept[b]];
                }
                rhs[i] = rhs[a];
            }
            factored = Math.min(factored, count);
        }

        @Override
        public void truncate(int np) {
            factored = Math.min(factored, np);
        }

        /** min_a l_aa²/g_aa over the first np passive rows, as last factored (1 when none is). */
        @Override
        public double smallestPivotRatio(int np) {
            double min = 1;
            for (int a = 0; a < Math.min(np, factored); a++) {
                min = Math.min(min, l[a][a] * l[a][a] / gram[a][a]);
            }
            return min;
        }

        /** ζ for the first np passive rows; null when the Gram matrix is numerically singular. */
        @Override
        public double[] solve(int np) {
            for (int a = factored; a < np; a++) {
                for (int b = 0; b <= a; b++) {
                    double s = gram[a][b];
                    for (int c = 0; c < b; c++) {
                        s -= l[a][c] * l[b][c];
                    }
                    if (a == b) {
                        if (s <= 1e-13 * Math.max(1, gram[a][a])) {
                            factored = a;
                            return null;
                        }
                        l[a][a] = Math.sqrt(s);
                    } else {
                        l[a][b] = s / l[b][b];
                    }
                }
            }
            factored = np;
            double[] x = new double[np];
            for (int a = 0; a < np; a++) {
                double s = rhs[a];
                for (int c = 0; c < a; c++) {
                    s -= l[a][c] * x[c];
                }
                x[a] = s / l[a][a];
            }
            for (int a = np - 1; a >= 0; a--) {
                double s = x[a];
                for (int c = a + 1; c < np; c++) {
                    s -= l[c][a] * x[c];
                }
                x[a] = s / l[a][a];
            }
            return x;
        }
    }

    /**
     * The choice of the row that enters the passive set. Lawson and Hanson take the most violated row, a full scan of
     * the n rows (n dot products of length r) at every step; at n = 10,000 and r = 51 those scans were nine tenths of
     * a projection (BENCHMARKS §44). From {@link #PARTIAL_ROWS} rows on, a full scan also keeps its
     * {@link #CANDIDATES} most violated rows, and the next steps take the most violated of those while one is
     * violated; a full scan follows when none is, so the method stops where it did (no row violated by more than
     * tol), and each step still adds a violated row, which is all the method's descent needs. Below that size
     * every step scans all rows, as before, to the bit.
     */
    private static final class Scan {
        private final double[][] design;
        private final long[] mask;
        private final int[] rows;
        private final double[] rowNorm;
        private final double tol;
        private final boolean partial;
        private final double[] values;
        private final int[] candidates;
        private int count;
        private boolean lastWasCandidate;
        private boolean[] rejected;
        private final ScanCounts counts;

        Scan(double[][] design, long[] mask, int[] rows, double[] rowNorm, double tol, ScanCounts counts) {
            this.counts = counts;
            this.design = design;
            this.mask = mask;
            this.rows = rows;
            this.rowNorm = rowNorm;
            this.tol = tol;
            this.partial = rows.length >= PARTIAL_ROWS;
            this.values = partial ? new double[rows.length] : null;
            this.candidates = partial ? new int[CANDIDATES] : null;
        }

        /** The entering row's position, or −1 when no row outside the passive set is violated by more than tol. */
        int next(double[] res, boolean[] inP) {
            if (count > 0) {
                int a = bestCandidate(res, inP);
                if (a >= 0) {
                    lastWasCandidate = true;
                    if (counts != null) {
                        counts.candidateSteps++;
                    }
                    return a;
                }
            }
            return full(res, inP);
        }

        /** The candidate at position a failed to enter: later steps do not take it from the candidates. */
        void reject(int a) {
            if (counts != null) {
                counts.candidatesRefused++;
            }
            if (rejected == null) {
                rejected = new boolean[rows.length];
            }
            rejected[a] = true;
        }

        /** Whether the last row {@link #next} gave came from the candidates (a full scan may then choose another). */
        boolean lastWasCandidate() {
            return lastWasCandidate;
        }

        private int bestCandidate(double[] res, boolean[] inP) {
            int best = -1;
            double bestVal = -tol;
            for (int c = 0; c < count; c++) {
                int a = candidates[c];
                if ((inP != null && inP[a]) || (rejected != null && rejected[a])) {
                    continue;
                }
                double[] row = design[rows[a]];
                double s = 0;
                for (int j = 0; j < res.length; j++) {
                    s += row[j] * res[j];
                }
                double v = sign(mask, rows[a]) * s / rowNorm[a];
                if (v < bestVal) {
                    bestVal = v;
                    best = a;
                }
            }
            return best;
        }

        /**
         * The most negative a_kᵀres/‖a_k‖ below −tol over all rows outside the passive set (−1 if none), eight rows
         * at a time, each summed in its own order from j = 0 (eight independent chains of additions side by side;
         * every product the same to the bit as one row at a time). When partial, it also keeps the most violated rows
         * as the next steps' candidates.
         */
        int full(double[] res, boolean[] inP) {
            lastWasCandidate = false;
            if (counts != null) {
                counts.fullScans++;
            }
            int best = -1;
            double bestVal = -tol;
            int n = rows.length;
            double[] dots = new double[8];
            int violated = 0;
            for (int a0 = 0; a0 < n; a0 += 8) {
                int m = Math.min(8, n - a0);
                RowDots.eight(design, rows, a0, m, res, dots);
                for (int i = 0; i < m; i++) {
                    int a = a0 + i;
                    double v = Double.POSITIVE_INFINITY;
                    if (rowNorm[a] != 0 && (inP == null || !inP[a])) {
                        v = sign(mask, rows[a]) * dots[i] / rowNorm[a];
                        if (v < bestVal) {
                            bestVal = v;
                            best = a;
                        }
                    }
                    if (partial) {
                        if (v < -tol) {
                            violated++;
                        } else {
                            v = Double.POSITIVE_INFINITY;
                        }
                        values[a] = v;
                    }
                }
            }
            if (partial) {
                keepMostViolated(violated);
            }
            return best;
        }

        /** The candidates: the violated rows (values[a] finite), the CANDIDATES most violated when there are more. */
        private void keepMostViolated(int violated) {
            double cut = Double.POSITIVE_INFINITY;
            if (violated > CANDIDATES) {
                double[] buffer = new double[violated];
                int b = 0;
                for (double v : values) {
                    if (v != Double.POSITIVE_INFINITY) {
                        buffer[b++] = v;
                    }
                }
                cut = kthSmallest(buffer, CANDIDATES - 1);
            }
            // those below the cut first, then ties at it (rows of equal violation may be many: repeated samples)
            count = 0;
            for (int a = 0; a < values.length && count < CANDIDATES; a++) {
                if (values[a] < cut) {
                    candidates[count++] = a;
                }
            }
            for (int a = 0; a < values.length && count < CANDIDATES; a++) {
                if (values[a] == cut && cut != Double.POSITIVE_INFINITY) {
                    candidates[count++] = a;
                }
            }
        }
    }

    /** The k-th smallest (from 0) of the values, by selection in place (Hoare's, the middle pivot). */
    static double kthSmallest(double[] v, int k) {
        int lo = 0;
        int hi = v.length - 1;
        while (lo < hi) {
            double pivot = v[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = v[i];
                    v[i] = v[j];
                    v[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return v[k];
            }
        }
        return v[k];
    }

    /** ‖x̃_k‖ for the rows by position, each summed from j = 0 (four rows at a time; the same bits as one by one). */
    private static double[] rowNorms(double[][] design, int[] rows, int r) {
        int n = rows.length;
        double[] norms = new double[n];
        double[] dots = new double[4];
        for (int a0 = 0; a0 < n; a0 += 4) {
            int m = Math.min(4, n - a0);
            if (m == 4) {
                double[] x0 = design[rows[a0]];
                double[] x1 = design[rows[a0 + 1]];
                double[] x2 = design[rows[a0 + 2]];
                double[] x3 = design[rows[a0 + 3]];
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int j = 0; j < r; j++) {
                    s0 += x0[j] * x0[j];
                    s1 += x1[j] * x1[j];
                    s2 += x2[j] * x2[j];
                    s3 += x3[j] * x3[j];
                }
                dots[0] = s0;
                dots[1] = s1;
                dots[2] = s2;
                dots[3] = s3;
            } else {
                for (int i = 0; i < m; i++) {
                    double[] x = design[rows[a0 + i]];
                    double s = 0;
                    for (int j = 0; j < r; j++) {
                        s += x[j] * x[j];
                    }
                    dots[i] = s;
                }
            }
            for (int i = 0; i < m; i++) {
                norms[a0 + i] = Math.sqrt(dots[i]);
            }
        }
        return norms;
    }

    static double sign(long[] mask, int k) {
        return (mask[k >>> 6] & (1L << (k & 63))) != 0 ? 1.0 : -1.0;
    }

    /** ‖v‖, the plain sum of squares (the same norm a projection's {@code norm()} reports). */
    public static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

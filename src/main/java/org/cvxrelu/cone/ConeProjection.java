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
 * equals ‖Π_K(z)‖ at convergence.
 */
public final class ConeProjection {
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
        // work arrays are indexed by position in `rows` (not by sample): a call costs O(|rows|), not O(n)
        int n = rows.length;
        int r = z.length;
        double[] rowNorm = new double[n];
        for (int a = 0; a < n; a++) {
            double s = 0;
            double[] row = design[rows[a]];
            for (int j = 0; j < r; j++) {
                s += row[j] * row[j];
            }
            rowNorm[a] = Math.sqrt(s);
        }
        double[] res = z.clone();
        double tol = 1e-12 * norm(z);
        int worst = mostViolatedOutside(design, mask, rows, rowNorm, res, null, tol);
        if (worst < 0) {
            return new Result(res, norm(res));
        }
        double[] mu = new double[n];
        int[] passive = new int[r + 1];
        int np = 0;
        boolean[] inP = new boolean[n];
        int maxOuter = 3 * n + 10;
        for (int outer = 0; outer < maxOuter && worst >= 0; outer++) {
            if (np == passive.length) {
                break; // cannot happen for independent columns; stop with the (still valid) bound
            }
            passive[np++] = worst;
            inP[worst] = true;
            for (int inner = 0; inner < 3 * r + 10; inner++) {
                double[] zeta = leastSquares(design, mask, rows, passive, np, z);
                if (zeta == null) {
                    // (nearly) dependent columns: drop the newest and stop improving
                    inP[passive[--np]] = false;
                    worst = -1;
                    break;
                }
                if (zeta[np - 1] <= 0 && inner == 0) {
                    // the column just added does not help (rounding): it cannot improve the fit
                    inP[passive[--np]] = false;
                    worst = -1;
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
                        passive[keep++] = k;
                    } else {
                        mu[k] = 0;
                        inP[k] = false;
                    }
                }
                np = keep;
                if (np == 0) {
                    break;
                }
            }
            residual(design, mask, rows, z, mu, passive, np, res);
            if (worst >= 0) {
                worst = mostViolatedOutside(design, mask, rows, rowNorm, res, inP, tol);
            }
        }
        residual(design, mask, rows, z, mu, passive, np, res);
        int[] used = new int[np];
        double[] m = new double[np];
        for (int a = 0; a < np; a++) {
            used[a] = rows[passive[a]];
            m[a] = mu[passive[a]];
        }
        return new Result(res, norm(res), used, m);
    }

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

    /**
     * ζ = argmin ‖z + Σ_{a} ζ_a a_{P_a}‖: the normal equations (A_P A_Pᵀ) ζ = −A_P z by Cholesky; null when
     * the Gram matrix is numerically singular (P by position in {@code rows}).
     */
    private static double[] leastSquares(double[][] design, long[] mask, int[] rows, int[] passive, int np,
            double[] z) {
        double[][] gram = new double[np][np];
        double[] rhs = new double[np];
        for (int a = 0; a < np; a++) {
            double[] xa = design[rows[passive[a]]];
            double sa = sign(mask, rows[passive[a]]);
            for (int b = 0; b <= a; b++) {
                double[] xb = design[rows[passive[b]]];
                double s = 0;
                for (int j = 0; j < z.length; j++) {
                    s += xa[j] * xb[j];
                }
                gram[a][b] = s * sa * sign(mask, rows[passive[b]]);
                gram[b][a] = gram[a][b];
            }
            double s = 0;
            for (int j = 0; j < z.length; j++) {
                s += xa[j] * z[j];
            }
            rhs[a] = -sa * s;
        }
        // Cholesky in place
        double[][] l = new double[np][np];
        for (int a = 0; a < np; a++) {
            for (int b = 0; b <= a; b++) {
                double s = gram[a][b];
                for (int c = 0; c < b; c++) {
                    s -= l[a][c] * l[b][c];
                }
                if (a == b) {
                    if (s <= 1e-13 * Math.max(1, gram[a][a])) {
                        return null;
                    }
                    l[a][a] = Math.sqrt(s);
                } else {
                    l[a][b] = s / l[b][b];
                }
            }
        }
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

    /**
     * The position a in {@code rows} (outside the passive set) of the row with the most negative
     * a_kᵀres/‖a_k‖ below −tol, or −1 if none; {@code rowNorm} and {@code inP} by position too.
     */
    private static int mostViolatedOutside(double[][] design, long[] mask, int[] rows, double[] rowNorm, double[] res,
            boolean[] inP, double tol) {
        int best = -1;
        double bestVal = -tol;
        for (int a = 0; a < rows.length; a++) {
            if (rowNorm[a] == 0 || (inP != null && inP[a])) {
                continue;
            }
            int k = rows[a];
            double s = 0;
            double[] row = design[k];
            for (int j = 0; j < res.length; j++) {
                s += row[j] * res[j];
            }
            double v = sign(mask, k) * s / rowNorm[a];
            if (v < bestVal) {
                bestVal = v;
                best = a;
            }
        }
        return best;
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

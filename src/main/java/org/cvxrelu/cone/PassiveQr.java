package org.cvxrelu.cone;

/**
 * The least-squares step of {@link ConeProjection}'s active-set method by a Householder QR factorisation of the
 * passive rows, ζ = argmin ‖z + Σ_a ζ_a a_{P_a}‖ (Golub and Van Loan §5.3), instead of the normal equations
 * ({@code PassiveFactor}). The projection falls back to it where the normal equations lose their answer.
 *
 * <p><b>Why.</b> The normal equations (A_P A_Pᵀ)ζ = −A_P z square the condition number of the passive rows. The
 * cells of rows that crowd on the sphere (raw columns far from zero) are slivers whose few facets are nearly
 * dependent. On a 130-row raw table (three features from 8 to 166), one cell's four facet normals, each scaled to
 * unit length, had condition number 3·10⁸, so their Gram matrix, at 10¹⁷, was singular in doubles. The bound the
 * method returned, ‖z + Aᵀμ‖ (valid for every μ ≥ 0), was 1.077β where ‖Π_K(z)‖ is 0 (SciPy's NNLS on the same
 * rows, and on all 130). Other prices on that table were as loose, so the certified gap stayed at 2.6 % (BENCHMARKS
 * §48). QR works on A_P itself, so the least-squares answer is accurate to about cond·ε relative (3·10⁻⁸ there),
 * not cond²·ε. Householder QR is backward stable column by column, so the rows need no scaling first.
 *
 * <p>The factorisation is recomputed at every solve, O(r·p²) for p passive rows in r dimensions: it serves the
 * few projections that need it, not the method's usual path.
 */
final class PassiveQr implements ConeProjection.PassiveSolve {
    /**
     * A column whose component off the span of the columns before it is at most this fraction of its norm is
     * dependent on them.
     */
    static final double DEPENDENT = 1e-13;

    private final double[][] design;
    private final long[] mask;
    private final int[] rows;
    private final double[] z;
    /** The row (by position in {@code rows}) at each passive position. */
    private final int[] cols;

    PassiveQr(double[][] design, long[] mask, int[] rows, double[] z, int capacity) {
        this.design = design;
        this.mask = mask;
        this.rows = rows;
        this.z = z;
        this.cols = new int[capacity];
    }

    @Override
    public void append(int[] passive, int np) {
        cols[np - 1] = passive[np - 1];
    }

    @Override
    public void compact(int[] kept, int count) {
        for (int i = 0; i < count; i++) {
            cols[i] = cols[kept[i]];
        }
    }

    @Override
    public void truncate(int np) {
        // the positions below np are unchanged, and nothing is kept between solves
    }

    @Override
    public double smallestPivotRatio(int np) {
        return 1;
    }

    /**
     * Qᵀ applied to −z column by column as the reflectors are formed, then R ζ = (Qᵀ(−z))_{1..p} by back
     * substitution; null when |R_aa| ≤ {@link #DEPENDENT}·‖a_a‖ for some passive row a.
     */
    @Override
    public double[] solve(int np) {
        int r = z.length;
        double[][] m = new double[np][r]; // column a of A_P (a passive row, signed), transformed in place
        double[] norms = new double[np];
        for (int a = 0; a < np; a++) {
            int k = rows[cols[a]];
            double s = ConeProjection.sign(mask, k);
            double sq = 0;
            for (int j = 0; j < r; j++) {
                m[a][j] = s * design[k][j];
                sq += m[a][j] * m[a][j];
            }
            norms[a] = Math.sqrt(sq);
        }
        double[] c = new double[r];
        for (int j = 0; j < r; j++) {
            c[j] = -z[j];
        }
        double[] diag = new double[np];
        for (int a = 0; a < np; a++) {
            double[] v = m[a];
            double tail = 0;
            for (int j = a; j < r; j++) {
                tail += v[j] * v[j];
            }
            tail = Math.sqrt(tail);
            if (a >= r || !(tail > DEPENDENT * norms[a])) {
                return null;
            }
            double alpha = v[a] > 0 ? -tail : tail; // the reflector maps v[a..] to alpha·e_a
            double v0 = v[a] - alpha;
            double ww = v0 * v0; // w = (v0, v[a+1..]); H = I − 2wwᵀ/(wᵀw)
            for (int j = a + 1; j < r; j++) {
                ww += v[j] * v[j];
            }
            diag[a] = alpha;
            if (ww > 0) {
                for (int col = a + 1; col < np; col++) {
                    reflect(v, v0, ww, a, m[col]);
                }
                reflect(v, v0, ww, a, c);
            }
        }
        double[] zeta = new double[np];
        for (int a = np - 1; a >= 0; a--) {
            double s = c[a];
            for (int col = a + 1; col < np; col++) {
                s -= m[col][a] * zeta[col];
            }
            zeta[a] = s / diag[a];
        }
        return zeta;
    }

    /** y ← (I − 2wwᵀ/(wᵀw)) y on entries a…r−1, w = (v0, v[a+1..r−1]). */
    private static void reflect(double[] v, double v0, double ww, int a, double[] y) {
        double s = v0 * y[a];
        for (int j = a + 1; j < y.length; j++) {
            s += v[j] * y[j];
        }
        double f = 2 * s / ww;
        y[a] -= f * v0;
        for (int j = a + 1; j < y.length; j++) {
            y[j] -= f * v[j];
        }
    }
}

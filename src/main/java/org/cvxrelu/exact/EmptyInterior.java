package org.cvxrelu.exact;

import java.math.BigDecimal;

/**
 * Exact proofs that a few homogeneous strict inequalities have no common solution, by Gordan's theorem: the
 * system b_iᵀu &gt; 0 (i = 1…m) is infeasible exactly when some y ≥ 0, y ≠ 0, has Σ y_i b_i = 0. A cone
 * {u : b_iᵀu ≥ 0} whose strict system is infeasible has an empty interior.
 *
 * <p>Only two or three rows are tried, which suffices when the rows span a plane (rank 2), as rows of a table
 * that agree in every column but one do. A floating-point filter finds a candidate y; the certificate that is
 * then checked is built from 2×2 minors of the doubles given (Cramer's rule, multiplied through by the
 * determinant), and Σ y_i b_i = 0 is verified in {@link BigDecimal}, which holds products and sums of doubles
 * exactly. A "true" is therefore a proof on the doubles; a "false" only means no certificate of this kind was
 * found.
 */
public final class EmptyInterior {
    /** The filter's relative tolerance: candidates farther than this from a certificate are not checked exactly. */
    private static final double FILTER = 1e-9;

    private EmptyInterior() {
    }

    /** Whether b2 = −c·b1 for some c &gt; 0, proven exactly (then b1ᵀu &gt; 0 and b2ᵀu &gt; 0 exclude each other). */
    public static boolean opposite(double[] b1, double[] b2) {
        int j = largest(b1);
        if (b1[j] == 0 || b2[j] == 0 || (b1[j] > 0) == (b2[j] > 0)) {
            return false;
        }
        // y1 = |b2_j|, y2 = |b1_j|: y1·b1 + y2·b2 vanishes at j; it must vanish at every coordinate
        for (int k = 0; k < b1.length; k++) {
            double f = Math.abs(b2[j]) * b1[k] + Math.abs(b1[j]) * b2[k];
            double mag = Math.abs(b2[j] * b1[k]) + Math.abs(b1[j] * b2[k]);
            if (Math.abs(f) > FILTER * mag) {
                return false;
            }
        }
        BigDecimal y1 = new BigDecimal(Math.abs(b2[j]));
        BigDecimal y2 = new BigDecimal(Math.abs(b1[j]));
        for (int k = 0; k < b1.length; k++) {
            if (y1.multiply(new BigDecimal(b1[k])).add(y2.multiply(new BigDecimal(b2[k]))).signum() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether y1·b1 + y2·b2 + y3·b3 = 0 for some y ≥ 0 with y3 &gt; 0, proven exactly: b3 lies in the cone −cone(b1, b2)
     * of a plane through b1 and b2. (With y3 = 0 the pair alone would be opposite: see {@link #opposite}.)
     */
    public static boolean triple(double[] b1, double[] b2, double[] b3) {
        int r = b1.length;
        // filter: least squares y1, y2 for y1·b1 + y2·b2 = −b3
        double g11 = 0;
        double g12 = 0;
        double g22 = 0;
        double c1 = 0;
        double c2 = 0;
        double n3 = 0;
        for (int k = 0; k < r; k++) {
            g11 += b1[k] * b1[k];
            g12 += b1[k] * b2[k];
            g22 += b2[k] * b2[k];
            c1 -= b1[k] * b3[k];
            c2 -= b2[k] * b3[k];
            n3 += b3[k] * b3[k];
        }
        double det = g11 * g22 - g12 * g12;
        if (!(det > FILTER * g11 * g22)) {
            return false; // b1, b2 (nearly) parallel: no plane to speak of
        }
        double y1 = (c1 * g22 - c2 * g12) / det;
        double y2 = (g11 * c2 - g12 * c1) / det;
        double tol = FILTER * Math.sqrt(n3);
        if (y1 * Math.sqrt(g11) < -tol || y2 * Math.sqrt(g22) < -tol) {
            return false;
        }
        double res = 0;
        for (int k = 0; k < r; k++) {
            double e = y1 * b1[k] + y2 * b2[k] + b3[k];
            res += e * e;
        }
        if (!(Math.sqrt(res) <= tol)) {
            return false;
        }
        // exact: the 2×2 minor of (b1, b2) of largest magnitude in floating point, then Cramer's rule
        int p = -1;
        int q = -1;
        double bestMinor = 0;
        for (int j = 0; j < r; j++) {
            for (int k = j + 1; k < r; k++) {
                double m = Math.abs(b1[j] * b2[k] - b1[k] * b2[j]);
                if (m > bestMinor) {
                    bestMinor = m;
                    p = j;
                    q = k;
                }
            }
        }
        if (p < 0) {
            return false;
        }
        BigDecimal d = minor(b1, b2, p, q);
        BigDecimal z1 = minor(b3, b2, p, q).negate();
        BigDecimal z2 = minor(b1, b3, p, q).negate();
        int s = d.signum();
        if (s == 0 || z1.signum() * s < 0 || z2.signum() * s < 0) {
            return false;
        }
        // z1·b1 + z2·b2 + d·b3 = 0 at p and q by construction; it must hold at every coordinate
        for (int k = 0; k < r; k++) {
            BigDecimal e = z1.multiply(new BigDecimal(b1[k])).add(z2.multiply(new BigDecimal(b2[k])))
                    .add(d.multiply(new BigDecimal(b3[k])));
            if (e.signum() != 0) {
                return false;
            }
        }
        return true;
    }

    /** x_p·y_q − x_q·y_p, exactly. */
    private static BigDecimal minor(double[] x, double[] y, int p, int q) {
        return new BigDecimal(x[p]).multiply(new BigDecimal(y[q])).subtract(new BigDecimal(x[q]).multiply(new BigDecimal(y[p])));
    }

    private static int largest(double[] b) {
        int j = 0;
        for (int k = 1; k < b.length; k++) {
            if (Math.abs(b[k]) > Math.abs(b[j])) {
                j = k;
            }
        }
        return j;
    }
}

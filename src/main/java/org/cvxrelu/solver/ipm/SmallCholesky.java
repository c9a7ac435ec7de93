package org.cvxrelu.solver.ipm;

/**
 * Cholesky factorisation A = LLᵀ of a small dense symmetric positive definite matrix (a (r+1) × (r+1) block
 * of the Newton matrix), with a diagonal shift when rounding makes a pivot non-positive. The shift is
 * relative to each diagonal entry (A + δ·diag(A), δ from 1e-14 up), so that it does not depend on the units:
 * a shift relative to the largest diagonal entry wipes out the rows of columns in small units (raw data
 * whose features differ in scale by 1e6 give diagonals 1e12 apart).
 */
final class SmallCholesky {
    private final double[][] l;
    private final int n;

    SmallCholesky(double[][] a) {
        n = a.length;
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(a[i][i]));
        }
        double shift = 0;
        double[][] f = null;
        for (int attempt = 0; attempt < 30 && f == null; attempt++) {
            f = tryFactor(a, shift, Math.max(maxDiag, 1e-300));
            shift = shift == 0 ? 1e-14 : shift * 100;
        }
        if (f == null) {
            throw new ArithmeticException("block is not positive definite");
        }
        l = f;
    }

    private double[][] tryFactor(double[][] a, double shift, double maxDiag) {
        double[][] f = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                // a zero diagonal entry gets the shift of the largest, so that a singular block still factors
                double s = a[i][j] + (i == j ? shift * (a[i][i] > 0 ? a[i][i] : maxDiag) : 0);
                for (int k = 0; k < j; k++) {
                    s -= f[i][k] * f[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    f[i][i] = Math.sqrt(s);
                } else {
                    f[i][j] = s / f[j][j];
                }
            }
        }
        return f;
    }

    /** x ← A⁻¹ b for the slice b[off … off+n). */
    void solveInPlace(double[] b, int off) {
        for (int i = 0; i < n; i++) {
            double s = b[off + i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * b[off + k];
            }
            b[off + i] = s / l[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[off + i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * b[off + k];
            }
            b[off + i] = s / l[i][i];
        }
    }
}

package org.cvxrelu.testing;

import java.math.BigDecimal;

import org.cvxrelu.certify.ErrorBounds;

/**
 * g(u) = Σ_k λ_k (x̃_kᵀu)₊ evaluated exactly in BigDecimal (every x̃_kᵀu and the sum exact), for tests that check a
 * bound on c(λ) = max_{‖u‖≤1} |g(u)| against values at given directions, independently of the code under test.
 */
public final class ExactValue {
    private ExactValue() {
    }

    /** Σ_k λ_k (x̃_kᵀu)₊, exact. */
    public static BigDecimal g(double[][] design, double[] lambda, double[] u) {
        BigDecimal g = BigDecimal.ZERO;
        for (int k = 0; k < design.length; k++) {
            BigDecimal dot = BigDecimal.ZERO;
            for (int j = 0; j < u.length; j++) {
                dot = dot.add(new BigDecimal(design[k][j]).multiply(new BigDecimal(u[j])));
            }
            if (dot.signum() > 0) {
                g = g.add(new BigDecimal(lambda[k]).multiply(dot));
            }
        }
        return g;
    }

    /** A proven lower bound on |g(u)| / ‖u‖ ≤ c(λ) (exact numerator rounded down, norm rounded up). */
    public static double ratioDown(double[][] design, double[] lambda, double[] u) {
        double num = ErrorBounds.down(g(design, lambda, u).abs());
        double den = ErrorBounds.normUp(u);
        return den > 0 ? Math.max(0, Math.nextDown(num / den)) : 0;
    }
}

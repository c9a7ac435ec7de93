package org.cvxrelu.cone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link ConeProjection} with its least-squares steps by QR ({@link PassiveQr}), and the fallback to it: on sliver cones whose facets are nearly
 * dependent the projection is known in closed form (z chosen in the polar cone, so Π_K(z) = 0; or z chosen in K, so
 * Π_K(z) = z), and on small random cones both methods must agree with a brute force over the active sets.
 */
class PassiveQrTest {

    /** Rows F = U·diag(σ)·Vᵀ with orthogonal U, V from a seeded QR of Gaussian matrices: cond(F) = σ_1/σ_r. */
    private static double[][] withSingularValues(double[] sigma, long seed) {
        int r = sigma.length;
        double[][] u = orthogonal(r, new Random(seed));
        double[][] v = orthogonal(r, new Random(seed + 1));
        double[][] f = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double s = 0;
                for (int k = 0; k < r; k++) {
                    s += u[i][k] * sigma[k] * v[j][k];
                }
                f[i][j] = s;
            }
        }
        return f;
    }

    /** An orthogonal matrix by Gram–Schmidt (twice) on Gaussian columns. */
    private static double[][] orthogonal(int r, Random rnd) {
        double[][] q = new double[r][r]; // q[k] = column k
        for (int k = 0; k < r; k++) {
            double[] c = new double[r];
            for (int j = 0; j < r; j++) {
                c[j] = rnd.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < k; p++) {
                    double d = 0;
                    for (int j = 0; j < r; j++) {
                        d += q[p][j] * c[j];
                    }
                    for (int j = 0; j < r; j++) {
                        c[j] -= d * q[p][j];
                    }
                }
            }
            double n = ConeProjection.norm(c);
            for (int j = 0; j < r; j++) {
                q[k][j] = c[j] / n;
            }
        }
        double[][] m = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                m[i][j] = q[j][i];
            }
        }
        return m;
    }

    private static long[] allPositive(int n) {
        long[] mask = new long[(n + 63) / 64];
        for (int k = 0; k < n; k++) {
            mask[k >>> 6] |= 1L << (k & 63);
        }
        return mask;
    }

    @Test
    void aPointOfThePolarConeOfASliverProjectsToTheApex() {
        // K = {u : Fu ≥ 0} with cond(F) = 1e7 and 1e9: the normal equations' Gram matrix has condition 1e14 and 1e18
        for (double smallest : new double[] {1e-7, 1e-9}) {
            for (long seed = 1; seed <= 20; seed++) {
                double[][] f = withSingularValues(new double[] {1, 1e-2, 1e-4, smallest}, seed);
                double[] mu = {1, 2, 0.5, 3};
                double[] z = new double[4]; // z = −Fᵀμ lies in the polar cone {−Fᵀμ : μ ≥ 0}
                for (int k = 0; k < 4; k++) {
                    for (int j = 0; j < 4; j++) {
                        z[j] -= mu[k] * f[k][j];
                    }
                }
                long[] mask = allPositive(4);
                ConeProjection.Result p = ConeProjection.project(f, mask, z);
                assertThat(p.norm()).as("seed %d, smallest singular value %g", seed, smallest)
                        .isLessThan(1e-6 * ConeProjection.norm(z));
                // and the bound it reports is the one its own rows and multipliers give (μ ≥ 0)
                assertThat(java.util.Arrays.stream(p.multipliers()).min().orElse(0)).isGreaterThanOrEqualTo(0);
                assertThat(ConeProjection.bound(f, mask, z, p.rows(), p.multipliers()))
                        .isLessThan(1e-6 * ConeProjection.norm(z));
            }
        }
    }

    @Test
    void theQrSolveRunsOnlyWhereTheCallerWantsIt() {
        // a fourth row within ε (1e-5 … 1e-9) of the cone spanned by the negatives of two others, z in the polar
        // cone (Π_K(z) = 0): where the normal equations' answer is doubtful the caller is asked once, with that answer
        Random rnd = new Random(5);
        int doubtful = 0;
        for (int trial = 0; trial < 200; trial++) {
            double[][] f = new double[4][4];
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < 4; j++) {
                    f[k][j] = rnd.nextGaussian();
                }
            }
            double eps = Math.pow(10, -5 - rnd.nextInt(5));
            double c1 = rnd.nextDouble();
            double c2 = rnd.nextDouble();
            for (int j = 0; j < 4; j++) {
                f[3][j] = -c1 * f[0][j] - c2 * f[1][j] + eps * rnd.nextGaussian();
            }
            double[] mu = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble(), 1 + rnd.nextDouble()};
            double[] z = new double[4];
            for (int k = 0; k < 4; k++) {
                for (int j = 0; j < 4; j++) {
                    z[j] -= mu[k] * f[k][j];
                }
            }
            long[] mask = allPositive(4);
            int[] rows = {0, 1, 2, 3};
            java.util.List<ConeProjection.Result> asked = new java.util.ArrayList<>();
            ConeProjection.Result refused = ConeProjection.project(f, mask, rows, z, answer -> {
                asked.add(answer);
                return false;
            });
            ConeProjection.Result byDefault = ConeProjection.project(f, mask, z);
            assertThat(byDefault.norm()).as("trial %d", trial).isLessThan(1e-5 * ConeProjection.norm(z));
            if (asked.isEmpty()) {
                assertThat(refused.norm()).as("trial %d: not doubtful, one answer", trial).isEqualTo(byDefault.norm());
                continue;
            }
            doubtful++;
            assertThat(asked).as("trial %d", trial).hasSize(1);
            // refused: the normal equations' answer as it was, still a bound its own rows and multipliers give
            assertThat(refused).isSameAs(asked.get(0));
            assertThat(java.util.Arrays.stream(refused.multipliers()).min().orElse(0)).isGreaterThanOrEqualTo(0);
            assertThat(ConeProjection.bound(f, mask, z, refused.rows(), refused.multipliers()))
                    .isLessThanOrEqualTo(refused.norm() * (1 + 1e-12));
            // accepted: the default's answer, which takes QR's where it is lower
            ConeProjection.Result accepted = ConeProjection.project(f, mask, rows, z, answer -> true);
            assertThat(accepted.norm()).isEqualTo(byDefault.norm()).isLessThanOrEqualTo(refused.norm());
        }
        assertThat(doubtful).as("projections whose normal-equations answer was doubtful").isGreaterThan(10);
    }

    @Test
    void aPointInsideASliverIsItsOwnProjection() {
        for (long seed = 1; seed <= 20; seed++) {
            double[][] f = withSingularValues(new double[] {1, 1e-3, 1e-6, 1e-9}, seed);
            // u = F⁻¹w with w > 0 is inside K; solve Fu = w by Gaussian elimination with partial pivoting
            double[] u = solve(f, new double[] {1, 1, 1, 1});
            ConeProjection.Result p = ConeProjection.project(f, allPositive(4), new int[] {0, 1, 2, 3}, u, null, true);
            assertThat(p.norm()).isCloseTo(ConeProjection.norm(u), org.assertj.core.api.Assertions.within(
                    1e-12 * ConeProjection.norm(u)));
            assertThat(p.rows()).isEmpty();
        }
    }

    @Test
    void smallRandomConesAgreeWithBruteForceOverActiveSets() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int r = 2 + rnd.nextInt(3);
            int n = r + rnd.nextInt(5);
            double[][] x = new double[n][r];
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < r; j++) {
                    x[k][j] = rnd.nextGaussian();
                }
            }
            long[] mask = new long[1];
            for (int k = 0; k < n; k++) {
                if (rnd.nextBoolean()) {
                    mask[0] |= 1L << k;
                }
            }
            double[] z = new double[r];
            for (int j = 0; j < r; j++) {
                z[j] = rnd.nextGaussian();
            }
            int[] rows = new int[n];
            for (int k = 0; k < n; k++) {
                rows[k] = k;
            }
            double expected = bruteForce(x, mask, z);
            double byQr = ConeProjection.project(x, mask, rows, z, null, true).norm();
            double byNormal = ConeProjection.project(x, mask, rows, z).norm();
            assertThat(byQr).as("trial %d", trial).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(byNormal).as("trial %d", trial).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    /**
     * ‖Π_K(z)‖ by brute force: every subset S of at most r independent rows, ζ = argmin ‖z + A_Sᵀζ‖ by its normal
     * equations; S is optimal when ζ ≥ 0 and the residual meets every row (a_kᵀres ≥ −1e-12): the KKT conditions of
     * min ‖z + Aᵀμ‖ over μ ≥ 0, whose minimum is ‖Π_K(z)‖ (Moreau).
     */
    private static double bruteForce(double[][] x, long[] mask, double[] z) {
        int n = x.length;
        int r = z.length;
        double best = Double.POSITIVE_INFINITY;
        for (int set = 0; set < 1 << n; set++) {
            int size = Integer.bitCount(set);
            if (size > r) {
                continue;
            }
            int[] s = new int[size];
            for (int k = 0, c = 0; k < n; k++) {
                if ((set & (1 << k)) != 0) {
                    s[c++] = k;
                }
            }
            double[][] a = new double[size][r];
            for (int i = 0; i < size; i++) {
                double sign = ConeProjection.sign(mask, s[i]);
                for (int j = 0; j < r; j++) {
                    a[i][j] = sign * x[s[i]][j];
                }
            }
            double[][] gram = new double[size][size];
            double[] rhs = new double[size];
            for (int i = 0; i < size; i++) {
                for (int k = 0; k < size; k++) {
                    for (int j = 0; j < r; j++) {
                        gram[i][k] += a[i][j] * a[k][j];
                    }
                }
                for (int j = 0; j < r; j++) {
                    rhs[i] -= a[i][j] * z[j];
                }
            }
            double[] zeta = size == 0 ? new double[0] : solve(gram, rhs);
            if (zeta == null) {
                continue;
            }
            boolean ok = true;
            for (double v : zeta) {
                ok &= v >= -1e-12;
            }
            double[] res = z.clone();
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < r; j++) {
                    res[j] += zeta[i] * a[i][j];
                }
            }
            for (int k = 0; k < n && ok; k++) {
                double d = 0;
                for (int j = 0; j < r; j++) {
                    d += ConeProjection.sign(mask, k) * x[k][j] * res[j];
                }
                ok = d >= -1e-9;
            }
            if (ok) {
                best = Math.min(best, ConeProjection.norm(res));
            }
        }
        return best;
    }

    /** Gaussian elimination with partial pivoting; null when a pivot is below 1e-12 of the largest entry. */
    private static double[] solve(double[][] m0, double[] b0) {
        int n = b0.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = m0[i].clone();
        }
        double[] b = b0.clone();
        double scale = 0;
        for (double[] row : m) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(m[i][c]) > Math.abs(m[p][c])) {
                    p = i;
                }
            }
            if (!(Math.abs(m[p][c]) > 1e-12 * scale)) {
                return null;
            }
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            double tb = b[c];
            b[c] = b[p];
            b[p] = tb;
            for (int i = c + 1; i < n; i++) {
                double f = m[i][c] / m[c][c];
                for (int j = c; j < n; j++) {
                    m[i][j] -= f * m[c][j];
                }
                b[i] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) {
                s -= m[i][j] * x[j];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }
}

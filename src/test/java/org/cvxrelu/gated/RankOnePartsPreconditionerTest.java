package org.cvxrelu.gated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.junit.jupiter.api.Test;

/**
 * The rank-one parts' preconditioner against P = Δ + B S Bᵀ formed entry by entry in the test from its definition
 * (the masks, X̃ and v̄ directly): P·(P⁻¹ r) = r, on one tile and on several; its refactorisation at another σ; the
 * same bits with and without threads.
 */
class RankOnePartsPreconditionerTest {

    /** A small gated problem with a random V̄ and an active set of about two thirds of the patterns. */
    private record Setup(GatedProblem problem, int[] active, double[] a, double[] vbar, double[] vnorm, double tau) {
    }

    private static Setup setup(double sigma) {
        return setup(70, 30, sigma);
    }

    private static Setup setup(int rows, int patterns, double sigma) {
        Dataset data = InstanceGenerator.teacher(rows, 4, 3, 11, 0.1);
        PatternSet ps = Patterns.of(data, PatternOptions.sampled(true, patterns, 5));
        GatedProblem problem = new GatedProblem(data.design(true), data.targets(), ps, 0.1);
        int r = problem.r();
        int p = problem.p();
        Random rng = new Random(3);
        double tau = sigma * problem.beta();
        double[] vnormAll = new double[p];
        double[][] v = new double[p][r];
        int count = 0;
        for (int i = 0; i < p; i++) {
            double s = 0;
            for (int j = 0; j < r; j++) {
                v[i][j] = rng.nextGaussian();
                s += v[i][j] * v[i][j];
            }
            // two thirds above the threshold τ, the rest below
            double target = i % 3 == 2 ? 0.5 * tau : tau * (1.1 + 3 * rng.nextDouble());
            double f = target / Math.sqrt(s);
            for (int j = 0; j < r; j++) {
                v[i][j] *= f;
            }
            vnormAll[i] = target;
            if (target > tau) {
                count++;
            }
        }
        int[] active = new int[count];
        double[] a = new double[count];
        double[] vbar = new double[r * count];
        for (int i = 0, s = 0; i < p; i++) {
            if (vnormAll[i] > tau) {
                active[s] = i;
                a[s] = 1 - tau / vnormAll[i];
                for (int j = 0; j < r; j++) {
                    vbar[j * count + s] = v[i][j];
                }
                s++;
            }
        }
        return new Setup(problem, active, a, vbar, vnormAll, tau);
    }

    /** P = Δ + B S Bᵀ from its definition, n × n. */
    private static double[][] formed(Setup s, double sigma) {
        GatedProblem problem = s.problem();
        int n = problem.n();
        int r = problem.r();
        int m = s.active().length;
        double[][] x = problem.design();
        long[][] masks = problem.masks();
        double[][] pm = new double[n][n];
        for (int q = 0; q < m; q++) {
            int i = s.active()[q];
            double nv = s.vnorm()[i];
            double weight = sigma * s.tau() / nv; // S = diag(σ t_i), t_i = σβ/‖v̄_i‖
            double[] b = new double[n];
            for (int k = 0; k < n; k++) {
                if ((masks[i][k >>> 6] & (1L << (k & 63))) != 0) {
                    double t = 0;
                    for (int j = 0; j < r; j++) {
                        t += x[k][j] * s.vbar()[j * m + q] / nv;
                    }
                    b[k] = t;
                    // Δ's share of the first two terms: σ a_i ‖x̃_k‖²
                    double xx = 0;
                    for (int j = 0; j < r; j++) {
                        xx += x[k][j] * x[k][j];
                    }
                    pm[k][k] += sigma * s.a()[q] * xx;
                }
            }
            for (int k = 0; k < n; k++) {
                for (int l = 0; l < n; l++) {
                    pm[k][l] += weight * b[k] * b[l];
                }
            }
        }
        for (int k = 0; k < n; k++) {
            pm[k][k] += 1;
        }
        return pm;
    }

    private static double[] times(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            double t = 0;
            for (int l = 0; l < v.length; l++) {
                t += m[k][l] * v[l];
            }
            out[k] = t;
        }
        return out;
    }

    private static void assertInverts(double[][] pm, RankOnePartsPreconditioner pre, int n, long seed) {
        Random rng = new Random(seed);
        double[] rhs = new double[n];
        for (int k = 0; k < n; k++) {
            rhs[k] = rng.nextGaussian();
        }
        double[] z = new double[n];
        pre.apply(rhs, z);
        double[] back = times(pm, z);
        double norm = Math.sqrt(GatedFista.dot(rhs, rhs));
        double[] diff = new double[n];
        for (int k = 0; k < n; k++) {
            diff[k] = back[k] - rhs[k];
        }
        assertThat(Math.sqrt(GatedFista.dot(diff, diff))).isLessThan(1e-9 * norm);
    }

    @Test
    void appliesTheInverseOfTheMatrixItStandsFor() {
        double sigma = 7.0;
        Setup s = setup(sigma);
        GatedProblem problem = s.problem();
        RankOnePartsPreconditioner pre = new RankOnePartsPreconditioner(problem.design(), true);
        assertThat(pre.build(problem.masks(), s.active(), s.a(), s.vbar(), s.vnorm(), sigma, s.tau())).isTrue();
        assertThat(pre.patterns()).containsExactly(s.active());
        assertInverts(formed(s, sigma), pre, problem.n(), 1);
    }

    /**
     * A refactorisation at a larger σ keeps B̃ and Δ as built and takes the new S = diag(σ' t_i'), t_i' = σ'β/‖v̄_i‖
     * (clamped at 1): it inverts Δ + B S' Bᵀ, Δ from the build's σ.
     */
    @Test
    void aRefactorisationAtAnotherSigmaKeepsTheBuiltPartsAndTakesTheNewWeights() {
        double sigma = 7.0;
        Setup s = setup(sigma);
        GatedProblem problem = s.problem();
        RankOnePartsPreconditioner pre = new RankOnePartsPreconditioner(problem.design(), false);
        pre.build(problem.masks(), s.active(), s.a(), s.vbar(), s.vnorm(), sigma, s.tau());
        double sigma2 = 3 * sigma;
        double tau2 = sigma2 * problem.beta();
        assertThat(pre.refactor(s.vnorm(), sigma2, tau2)).isTrue();
        double[][] pm = formed(s, sigma); // Δ and B at the build's σ ...
        double[][] old = formed(new Setup(problem, s.active(), new double[s.a().length], s.vbar(), s.vnorm(), s.tau()),
                sigma); // ... B S Bᵀ + I at the build's σ alone (a = 0), to swap S for S'
        int n = problem.n();
        int m = s.active().length;
        double[][] pm2 = new double[n][n];
        double[][] bsb2 = new double[n][n];
        for (int q = 0; q < m; q++) {
            int i = s.active()[q];
            double nv = s.vnorm()[i];
            double w2 = sigma2 * tau2 / Math.max(nv, tau2);
            double[] b = new double[n];
            for (int k = 0; k < n; k++) {
                if ((problem.masks()[i][k >>> 6] & (1L << (k & 63))) != 0) {
                    double t = 0;
                    for (int j = 0; j < problem.r(); j++) {
                        t += problem.design()[k][j] * s.vbar()[j * m + q] / nv;
                    }
                    b[k] = t;
                }
            }
            for (int k = 0; k < n; k++) {
                for (int l = 0; l < n; l++) {
                    bsb2[k][l] += w2 * b[k] * b[l];
                }
            }
        }
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                pm2[k][l] = pm[k][l] - old[k][l] + bsb2[k][l] + (k == l ? 1 : 0);
            }
        }
        assertInverts(pm2, pre, n, 2);
    }

    /**
     * Several tasks and tiles: 601 rows (three blocks of 256, not a multiple of four) and about 100 active patterns
     * (two Gram tiles of 64 columns, four row tasks of 32), against the formed P.
     */
    @Test
    void manyRowsAndTilesInvertTheMatrixToo() {
        double sigma = 3.0;
        Setup s = setup(601, 151, sigma);
        assertThat(s.active().length).isGreaterThan(RankOnePartsPreconditioner.TILE + 1);
        GatedProblem problem = s.problem();
        RankOnePartsPreconditioner pre = new RankOnePartsPreconditioner(problem.design(), true);
        assertThat(pre.build(problem.masks(), s.active(), s.a(), s.vbar(), s.vnorm(), sigma, s.tau())).isTrue();
        assertInverts(formed(s, sigma), pre, problem.n(), 5);
    }

    /** The same bits with and without threads, where the work splits into several tasks. */
    @Test
    void threadsDoNotChangeTheBits() {
        double sigma = 2.0;
        Setup s = setup(601, 151, sigma);
        GatedProblem problem = s.problem();
        double[] rhs = new double[problem.n()];
        Random rng = new Random(4);
        for (int k = 0; k < rhs.length; k++) {
            rhs[k] = rng.nextGaussian();
        }
        double[][] outs = new double[2][problem.n()];
        for (int t = 0; t < 2; t++) {
            RankOnePartsPreconditioner pre = new RankOnePartsPreconditioner(problem.design(), t == 1);
            pre.build(problem.masks(), s.active(), s.a(), s.vbar(), s.vnorm(), sigma, s.tau());
            pre.apply(rhs, outs[t]);
        }
        assertThat(outs[1]).containsExactly(outs[0]);
    }

    /**
     * The native BLAS's Gram (dsyrk, the triangle refactor reads) and applications (dgemv) invert the same formed P
     * on the many-rows case, and agree with the Java kernels; skipped where no native BLAS is installed.
     */
    @Test
    void theNativeBlasKernelsInvertTheMatrixToo() {
        org.junit.jupiter.api.Assumptions.assumeTrue(PatternProducts.nativeBlasAvailable(), "no native BLAS here");
        double sigma = 3.0;
        Setup s = setup(601, 151, sigma);
        GatedProblem problem = s.problem();
        RankOnePartsPreconditioner pre = new RankOnePartsPreconditioner(problem.design(), true,
                PatternProducts.Backend.NATIVE_BLAS);
        assertThat(pre.build(problem.masks(), s.active(), s.a(), s.vbar(), s.vnorm(), sigma, s.tau())).isTrue();
        assertInverts(formed(s, sigma), pre, problem.n(), 6);
        // the Java kernels' answer to the same right-hand side, to rounding
        RankOnePartsPreconditioner java = new RankOnePartsPreconditioner(problem.design(), true);
        java.build(problem.masks(), s.active(), s.a(), s.vbar(), s.vnorm(), sigma, s.tau());
        double[] rhs = new double[problem.n()];
        Random rng = new Random(8);
        for (int k = 0; k < rhs.length; k++) {
            rhs[k] = rng.nextGaussian();
        }
        double[] a = new double[rhs.length];
        double[] b = new double[rhs.length];
        pre.apply(rhs, a);
        java.apply(rhs, b);
        double[] diff = new double[rhs.length];
        for (int k = 0; k < rhs.length; k++) {
            diff[k] = a[k] - b[k];
        }
        assertThat(Math.sqrt(GatedFista.dot(diff, diff))).isLessThan(1e-9 * Math.sqrt(GatedFista.dot(b, b)));
    }

    @Test
    void askingForAMissingNativeBlasFails() {
        org.junit.jupiter.api.Assumptions.assumeFalse(PatternProducts.nativeBlasAvailable(), "a native BLAS is here");
        Setup s = setup(7.0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RankOnePartsPreconditioner(s.problem().design(),
                true, PatternProducts.Backend.NATIVE_BLAS)).isInstanceOf(IllegalStateException.class);
    }
}

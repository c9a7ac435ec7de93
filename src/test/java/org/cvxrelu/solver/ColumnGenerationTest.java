package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.testing.PlainLoss;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.train.Optimizer;
import org.cvxrelu.train.Schedule;
import org.cvxrelu.train.TrainOptions;
import org.cvxrelu.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Column generation (the generated-patterns path of solve) and the warm start: each checked against an
 * evaluation written here from the definition of L_β, against an exact-enumeration solve, or by brute force.
 */
class ColumnGenerationTest {
    static final double BETA = 0.1;

    @TempDir
    Path dir;

    /** A small planted ReLU regression: y = (a − b)₊ − (b + c − 0.3)₊ + noise. */
    static Dataset data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < 3; j++) {
                x[k][j] = rng.nextGaussian();
            }
            y[k] = Math.max(0, x[k][0] - x[k][1]) - Math.max(0, x[k][1] + x[k][2] - 0.3) + 0.1 * rng.nextGaussian();
        }
        return Dataset.of(x, y);
    }

    /** Options that make the exact arrangement "not fit" (budget of 10 patterns): solve must generate. */
    static SolveOptions generatedOptions(long seed) {
        return SolveOptions.defaults().withPatterns(new PatternOptions(true, null, seed, 10));
    }

    /** L_β(net) from its definition, written out in the tests ({@link PlainLoss}). */
    static double loss(Dataset d, ReluNet net, double beta) {
        return PlainLoss.withBias(d, net, beta);
    }

    @Test
    void generatedPathSaysSoAndItsObjectiveIsTheWrittenNetsLoss() {
        Dataset d = data(40, 1);
        SolveResult r = CvxRelu.solve(d, BETA, generatedOptions(3));
        assertThat(r.patterns().mode()).isEqualTo(ColumnGeneration.MODE);
        assertThat(r.certified()).isFalse();
        assertThat(r.exact()).isFalse();
        assertThat(r.lowerBoundScope()).isEqualTo("generated patterns");
        assertThat(r.stats()).containsKeys("generatedPatterns", "startsWithoutViolator", "starts");
        Path file = dir.resolve("net.json");
        NetFile.write(r.net(), file);
        double independent = loss(d, NetFile.read(file), BETA);
        assertThat(independent).isCloseTo(r.objective(), within(1e-9 * r.objective()));
    }

    @Test
    void generatedAnswerIsNeverBelowTheCertifiedGlobalOptimumAndCloseToIt() {
        Dataset d = data(30, 2);
        SolveResult exact = CvxRelu.solve(d, BETA, SolveOptions.defaults());
        assertThat(exact.certified()).isTrue();
        // a time limit replaces the arithmetic budget: generation runs until no start finds a violator
        SolveOptions o = generatedOptions(5);
        o = o.withSettings(o.settings().withTimeLimit(120));
        SolveResult gen = CvxRelu.solve(d, BETA, o);
        assertThat(gen.stats().get("searchExhausted")).isEqualTo(true);
        double opt = exact.objective();
        // no net beats the global optimum (certified lower bound of the exact solve)
        assertThat(loss(d, gen.net(), BETA)).isGreaterThanOrEqualTo(exact.lowerBound() * (1 - 1e-9));
        // and the heuristic search gets within 1 % of it on this small instance
        assertThat(gen.objective()).isLessThanOrEqualTo(opt * 1.01);
        // optimal over the patterns it found: the certificate over that set closes
        assertThat(gen.relativeGap()).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void warmStartIsNeverWorseThanTheNetHandedIn() {
        Dataset d = data(40, 4);
        TrainOptions t = TrainOptions.defaults(BETA, 8).withOptimizer(Optimizer.ADAM).withEpochs(400)
                .withBatchSize(40).withSchedule(Schedule.COSINE).withSeed(9);
        ReluNet init = Trainer.train(d, t, Progress.NONE).net();
        double before = loss(d, init, BETA);
        SolveResult gen = CvxRelu.solve(d, BETA, generatedOptions(1), init);
        assertThat(loss(d, gen.net(), BETA)).isLessThanOrEqualTo(before);
        SolveResult sampled = CvxRelu.solve(d, BETA,
                SolveOptions.defaults().withPatterns(PatternOptions.sampled(true, 5, 2)), init);
        assertThat(loss(d, sampled.net(), BETA)).isLessThanOrEqualTo(before);
        assertThat(sampled.objective()).isCloseTo(loss(d, sampled.net(), BETA), within(1e-9 * before));
    }

    @Test
    void deterministicForAFixedSeed() {
        Dataset d = data(36, 6);
        SolveResult a = CvxRelu.solve(d, BETA, generatedOptions(7));
        SolveResult b = CvxRelu.solve(d, BETA, generatedOptions(7));
        assertThat(a.objective()).isEqualTo(b.objective());
        assertThat(NetFile.toJson(a.net().withInfo(java.util.Map.of())))
                .isEqualTo(NetFile.toJson(b.net().withInfo(java.util.Map.of())));
    }

    @Test
    void cellAscentValuesAreTrueLowerBoundsOnPricesAndNeverFallBelowTheStart() {
        Dataset d = data(14, 8);
        double[][] design = d.design(true);
        SplittableRandom rng = new SplittableRandom(3);
        double[] lambda = new double[d.n()];
        for (int k = 0; k < lambda.length; k++) {
            lambda[k] = rng.nextGaussian();
        }
        CellAscentPricer pricer = new CellAscentPricer(design);
        // the largest price over every cell, by exact enumeration and exact cone projections
        org.cvxrelu.cone.ConeProgram all = new org.cvxrelu.cone.ConeProgram(d,
                org.cvxrelu.patterns.Patterns.of(d, PatternOptions.exact(true)), BETA);
        double cmax = org.cvxrelu.certify.Pricing.price(all, lambda, 0).c();
        double best = 0;
        for (int trial = 0; trial < 50; trial++) {
            double[] start = ColumnGeneration.gaussian(rng, 4);
            for (int s : new int[] {1, -1}) {
                CellAscentPricer.Candidate cand = pricer.ascend(lambda, s, start, trial % 2 == 0);
                double[] w = cand.witness();
                assertThat(norm(w)).isCloseTo(1, within(1e-12));
                double g = 0;
                double g0 = 0;
                double[] u0 = start.clone();
                double n0 = norm(u0);
                for (int k = 0; k < d.n(); k++) {
                    double z = dot(design[k], w);
                    g += s * lambda[k] * Math.max(0, z);
                    g0 += s * lambda[k] * Math.max(0, dot(design[k], u0) / n0);
                }
                assertThat(cand.value()).isCloseTo(g, within(1e-12 * (1 + Math.abs(g))));
                assertThat(cand.value()).isGreaterThanOrEqualTo(g0 - 1e-12);
                assertThat(cand.mask()).isEqualTo(PatternSet.maskOf(design, w));
                assertThat(cand.value()).isLessThanOrEqualTo(cmax * (1 + 1e-9));
                best = Math.max(best, cand.value());
            }
        }
        // 100 ascents on 14 points in R^4 reach the largest price (the search is heuristic, but not here)
        assertThat(best).isCloseTo(cmax, within(1e-6 * cmax));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }


    /**
     * A last round takes the most new groups whose restricted solve fits the budget left: solveWork(support + k)
     * fits and solveWork(support + k + 1) does not (below MAX_ADD), on both sides of the dense/Schur switch.
     */
    @Test
    void lastRoundTakesTheMostNewGroupsThatFit() {
        int[][] shapes = {{1372, 5}, {308, 7}, {90, 6}};
        for (int[] shape : shapes) {
            int n = shape[0];
            int r = shape[1];
            for (int support : new int[] {0, 40, 151, 300}) {
                double full = ColumnGeneration.solveWork(support + ColumnGeneration.MAX_ADD, n, r, 26);
                double none = ColumnGeneration.solveWork(support, n, r, 26);
                assertThat(ColumnGeneration.groupsThatFit(full, support, n, r, 26)).isEqualTo(ColumnGeneration.MAX_ADD);
                assertThat(ColumnGeneration.groupsThatFit(none * 0.999, support, n, r, 26)).isZero();
                for (double share : new double[] {0.2, 0.5, 0.9}) {
                    double left = none + share * (full - none);
                    int k = ColumnGeneration.groupsThatFit(left, support, n, r, 26);
                    assertThat(k).isBetween(0, ColumnGeneration.MAX_ADD - 1);
                    assertThat(ColumnGeneration.solveWork(support + k, n, r, 26)).isLessThanOrEqualTo(left);
                    assertThat(ColumnGeneration.solveWork(support + k + 1, n, r, 26)).isGreaterThan(left);
                }
            }
        }
    }
}

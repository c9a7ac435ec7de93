package org.cvxrelu.optimal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.solver.SolverSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kinds on which `optimal` once wrote nets above the optimum (zero rows, collinear rows, a planted
 * two-neuron teacher): every net it returns is written to a file, read back and scored by a plain loop, and
 * compared with the certified lower bound of a separate solve; m* is checked against brute force
 * (RestrictedBound over every subset of groups) where that is small enough.
 */
class OptimalSetExactTest {
    @TempDir
    Path dir;

    /** L_β from the net file alone: plain loops over the raw rows (bias from the file). */
    static double objectiveByLoop(Path netFile, Dataset data, double beta) {
        ReluNet net = NetFile.read(netFile);
        double loss = 0;
        for (int k = 0; k < data.n(); k++) {
            double out = 0;
            for (Neuron nu : net.neurons()) {
                double z = 0;
                for (int i = 0; i < data.d(); i++) {
                    z += nu.u(i) * data.x(k, i);
                }
                if (net.bias()) {
                    z += nu.u(data.d());
                }
                out += nu.alpha() * Math.max(0, z);
            }
            double r = data.y(k) - out;
            loss += r * r;
        }
        double w = 0;
        for (Neuron nu : net.neurons()) {
            for (int i = 0; i < nu.r(); i++) {
                w += nu.u(i) * nu.u(i);
            }
            w += nu.alpha() * nu.alpha();
        }
        return 0.5 * loss + 0.5 * beta * w;
    }

    static SolveOptions options(boolean bias) {
        return SolveOptions.defaults().withPatterns(PatternOptions.exact(bias))
                .withSettings(SolverSettings.defaults().withRelativeGap(1e-8));
    }

    /** 11 rows in d = 3, every fourth one zero. */
    static Dataset zeroRows(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] x = new double[11][3];
        double[] y = new double[11];
        for (int k = 0; k < 11; k++) {
            for (int i = 0; i < 3 && k % 4 != 0; i++) {
                x[k][i] = rnd.nextGaussian();
            }
            y[k] = rnd.nextGaussian();
        }
        return Dataset.of(x, y);
    }

    /** n rows on one line of R³. */
    static Dataset collinear(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            double t = rnd.nextGaussian();
            x[k] = new double[] {0.5 + t, 2 * t, 1 - t};
            y[k] = Math.abs(t) + 0.3 * rnd.nextGaussian();
        }
        return Dataset.of(x, y);
    }

    /** Writes every net, scores it from the file, and checks it against an independent certified bound. */
    void assertWrittenNetsOptimal(Dataset data, double beta, boolean bias, String label) {
        OptimalSet.Result r = OptimalSet.analyse(data, beta, options(bias));
        SolveResult independent = CvxRelu.solve(data, beta, options(bias));
        double lb = Math.max(independent.lowerBound(), r.lowerBound());
        List<Double> objs = new ArrayList<>();
        for (int k = 0; k < r.nets().size(); k++) {
            Path p = dir.resolve(label + "_" + k + ".json");
            NetFile.write(r.nets().get(k), p);
            double obj = objectiveByLoop(p, data, beta);
            objs.add(obj);
            assertThat((obj - lb) / lb).as("%s net %d: %s vs lower bound %s", label, k, obj, lb)
                    .isLessThanOrEqualTo(1e-6);
        }
        // the narrowest net has width m* (or its upper bound), the widest one more
        assertThat(r.nets().get(0).width()).isEqualTo(r.mStar());
        assertThat(r.mStarLowerBound()).isLessThanOrEqualTo(r.mStar());
        assertThat(r.mStar()).isLessThanOrEqualTo(data.n() + 1);
        if (r.nets().size() > 1) {
            assertThat(r.nets().get(1).width()).isGreaterThan(r.mStar());
        }
        System.out.printf("%s: n=%d directions=%d rank=%d m*=%d (%s, lower %d) unique=%s widths=%s excess=%s%n",
                label, data.n(), r.directions(), r.rank(), r.mStar(), r.method(), r.mStarLowerBound(), r.unique(),
                r.nets().stream().map(ReluNet::width).toList(), java.util.Arrays.toString(r.relativeExcess()));
    }

    @Test
    void zeroRowsNetsAreOptimal() {
        assertWrittenNetsOptimal(zeroRows(0), 1e-4, true, "zero0");
        assertWrittenNetsOptimal(zeroRows(7), 1e-4, false, "zero7-nobias");
    }

    @Test
    void collinearNetsAreOptimal() {
        assertWrittenNetsOptimal(collinear(9, 3), 1e-3, true, "collinear9");
        assertWrittenNetsOptimal(collinear(8, 4), 1e-4, false, "collinear8-nobias");
    }

    @Test
    void plantedTwoNeuronTeacherNeedsTwo() throws Exception {
        // the instance of the finite-sample Safran–Shamir study (quick size): m* = 1 was once reported
        Dataset data = InstanceGenerator.teacher(14, 2, 2, 3, 0.0);
        double beta = 1e-2;
        SolveResult res = CvxRelu.solve(data, beta, options(true));
        OptimalSet.Result r = OptimalSet.of(res.program(), res.solution());
        assertThat(r.mStar()).isGreaterThanOrEqualTo(2);
        // brute force: every single group's restricted program is certified worse than P*
        RestrictedBound.Width one = RestrictedBound.narrowest(res.program(), 1, 400);
        System.out.printf("teacher k=2: P*=%.10g, m*=%d (%s), best 1-neuron lower bound %.10g (%.3f x P*)%n",
                res.objective(), r.mStar(), r.method(), one.lowerBound(), one.lowerBound() / res.objective());
        assertThat(one.lowerBound()).isGreaterThan(res.objective() * (1 + 1e-3));
        assertWrittenNetsOptimal(data, beta, true, "teacher2");
    }

    @Test
    void mStarOfTinyInstancesAgreesWithBruteForce() {
        // 1-d instances small enough to solve the restricted program on every subset of groups
        List<double[][]> xs = List.of(new double[][] {{-2}, {-1}, {0}, {1}, {2}},
                new double[][] {{-1.5}, {-0.5}, {0.2}, {1.1}});
        List<double[]> ys = List.of(new double[] {2, 1, 0, 1, 2}, new double[] {1, -0.5, 0.7, 0.2});
        for (int c = 0; c < xs.size(); c++) {
            Dataset data = Dataset.of(xs.get(c), ys.get(c));
            double beta = 0.05;
            SolveResult res = CvxRelu.solve(data, beta, options(true));
            OptimalSet.Result r = OptimalSet.of(res.program(), res.solution());
            assertThat(r.mStarExact()).isTrue();
            double pStar = res.objective();
            // narrower than m*: every subset of m* − 1 groups is certified worse
            if (r.mStar() > 0) {
                RestrictedBound.Width below = RestrictedBound.narrowest(res.program(), r.mStar() - 1, 1500);
                System.out.printf("tiny %d: P*=%.10g m*=%d (%s), best width-%d lower bound %.10g over %d subsets%n",
                        c, pStar, r.mStar(), r.method(), r.mStar() - 1, below.lowerBound(), below.subsets());
                assertThat(below.lowerBound()).isGreaterThan(pStar * (1 + 1e-7));
            }
            // m* neurons suffice: the narrowest net reaches P* (scored by a plain loop)
            Path p = dir.resolve("tiny" + c + ".json");
            NetFile.write(r.nets().get(0), p);
            assertThat(r.nets().get(0).width()).isEqualTo(r.mStar());
            assertThat(objectiveByLoop(p, data, beta)).isLessThanOrEqualTo(res.lowerBound() * (1 + 1e-6));
        }
    }

    @Test
    void vShapeHasMStarTwo() {
        // y = |x|: one ReLU bends one way only; two (x)₊ and (−x)₊ fit it, so m* = 2 (closed form)
        double[][] x = {{-2}, {-1}, {1}, {2}};
        double[] y = {2, 1, 1, 2};
        Dataset data = Dataset.of(x, y);
        OptimalSet.Result r = OptimalSet.analyse(data, 1e-3, options(false));
        assertThat(r.mStar()).isEqualTo(2);
        assertThat(r.mStarExact()).isTrue();
        assertThat(r.unique()).isTrue();
    }

    @Test
    void directionFitMatchesAClosedForm() {
        // one column: V = min_{a ≥ 0} ½‖y − aG‖² + βa, a = max(0, (Gᵀy − β)/‖G‖²)
        double[][] g = {{1, 2, 0}};
        double[] y = {1, 1, 3};
        double beta = 0.5;
        DirectionFit.Result r = DirectionFit.solve(g, y, beta, null);
        double a = (3 - 0.5) / 5;
        assertThat(r.a()[0]).isCloseTo(a, org.assertj.core.api.Assertions.within(1e-14));
        // two dependent columns G2 = 2 G1: the second costs half per unit of fit, so it takes everything
        double[][] g2 = {{1, 2, 0}, {2, 4, 0}};
        DirectionFit.Result r2 = DirectionFit.solve(g2, y, beta, null);
        assertThat(r2.a()[0]).isEqualTo(0.0);
        assertThat(r2.a()[1]).isCloseTo((6 - 0.5) / 20, org.assertj.core.api.Assertions.within(1e-14));
        // against a brute-force grid on three random columns
        SplittableRandom rnd = new SplittableRandom(5);
        double[][] g3 = new double[3][4];
        double[] y3 = new double[4];
        for (int k = 0; k < 4; k++) {
            y3[k] = rnd.nextDouble();
            for (int e = 0; e < 3; e++) {
                g3[e][k] = rnd.nextDouble();
            }
        }
        DirectionFit.Result r3 = DirectionFit.solve(g3, y3, 0.1, null);
        double best = Double.POSITIVE_INFINITY;
        for (double a0 = 0; a0 <= 2; a0 += 0.01) {
            for (double a1 = 0; a1 <= 2; a1 += 0.01) {
                for (double a2 = 0; a2 <= 2; a2 += 0.01) {
                    best = Math.min(best, DirectionFit.value(g3, y3, 0.1, new double[] {a0, a1, a2}));
                }
            }
        }
        assertThat(r3.value()).isLessThanOrEqualTo(best + 1e-12);
        assertThat(r3.value()).isGreaterThan(best - 1e-3);
        assertThat(Files.exists(dir)).isTrue();
    }
}

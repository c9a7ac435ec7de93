package org.cvxrelu.optimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.junit.jupiter.api.Test;

class OptimalSetTest {

    static Dataset wave(int n) {
        double[][] x = new double[n][1];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = -2 + 4.0 * k / (n - 1) + 0.01 * Math.sin(7 * k);
            y[k] = Math.sin(2 * x[k][0]) + 0.3 * x[k][0];
        }
        return Dataset.of(x, y);
    }

    static Dataset plane(int n) {
        double[][] x = new double[n][2];
        double[] y = new double[n];
        java.util.Random rnd = new java.util.Random(3);
        for (int k = 0; k < n; k++) {
            x[k][0] = rnd.nextGaussian();
            x[k][1] = rnd.nextGaussian();
            y[k] = Math.max(0, x[k][0] - 0.5 * x[k][1]) - Math.max(0, x[k][1] + 0.2) + 0.1 * rnd.nextGaussian();
        }
        return Dataset.of(x, y);
    }

    /** Each neuron replaced by copies (√γ_k u, √γ_k α), Σγ_k = 1. */
    static ReluNet split(ReluNet net, double... gammas) {
        return net.split(gammas);
    }

    @Test
    void splitOptimalNetIsNearlyMinimalAndPrunesBack() {
        for (Dataset data : List.of(wave(10), plane(9))) {
            double beta = 0.05;
            SolveResult res = CvxRelu.solve(data, beta, SolveOptions.defaults());
            // the solver's net need not be minimal (a block may sit next to a tiny neighbour): prune it first
            ReluNet opt = Pruning.prune(data, beta, res.net()).net();
            assertThat(NetStructure.of(data, beta, opt).minimal()).isTrue();
            ReluNet sp = split(opt, 0.5, 0.3, 0.2);
            double obj = opt.objective(data, beta);
            assertThat(obj).isCloseTo(res.objective(), within(1e-9 * obj));
            assertThat(sp.objective(data, beta)).isCloseTo(obj, within(1e-9 * obj));
            NetStructure s = NetStructure.of(data, beta, sp);
            assertThat(s.scaled()).isTrue();
            assertThat(s.nearlyMinimal()).isTrue();
            assertThat(s.minimal()).isFalse();
            Pruning.Result pr = Pruning.prune(data, beta, sp);
            assertThat(pr.objective()).isCloseTo(obj, within(1e-9 * obj));
            assertThat(pr.neuronsAfter()).isLessThanOrEqualTo(data.n() + 1);
            NetStructure after = NetStructure.of(data, beta, pr.net());
            assertThat(after.minimal()).isTrue();
            // optimal nets are (nearly) stationary: the gradient is at the solver's accuracy
            assertThat(after.stationarity()).isLessThan(1e-2);
            System.out.printf("split: n=%d width %d -> %d (solver %d), obj %.12g -> %.12g, stationarity %.2e%n",
                    data.n(), sp.width(), pr.neuronsAfter(), res.net().width(), obj, pr.objective(), after.stationarity());
        }
    }

    @Test
    void pruningAnOverwideOptimalNetKeepsTheObjective() {
        // a sum of optimal nets' convex combination: same fit, more neurons than n
        Dataset data = wave(6);
        double beta = 0.02;
        SolveResult res = CvxRelu.solve(data, beta, SolveOptions.defaults());
        ReluNet opt = res.net();
        Pruning.Result pr = Pruning.prune(data, beta, opt);
        assertThat(pr.objective()).isCloseTo(res.objective(), within(1e-9 * res.objective()));
        assertThat(pr.neuronsAfter()).isLessThanOrEqualTo(data.n());
    }

    @Test
    void psiPhiRoundTrip() {
        for (Dataset data : List.of(wave(10), plane(9))) {
            double beta = 0.05;
            SolveResult res = CvxRelu.solve(data, beta, SolveOptions.defaults());
            ConvexSolution w = res.solution();
            ReluNet net = w.toNet(res.program());
            double pc = w.objective(res.program());
            assertThat(net.objective(data, beta)).isCloseTo(pc, within(1e-9 * pc));
            ConvexSolution back = NetToConvex.phi(res.program(), net);
            assertThat(back.objective(res.program())).isCloseTo(pc, within(1e-9 * pc));
            assertThat(back.infeasibility(res.program())).isLessThanOrEqualTo(1e-9);
            // φ(ψ(W)) = W block by block, up to moving a block on a boundary to a neighbouring group
            assertThat(back.cardinality()).isEqualTo(w.cardinality());
            for (Map.Entry<Group, double[]> b : w.blocks().entrySet()) {
                double[] v = back.block(b.getKey());
                if (v == null) {
                    boolean found = false;
                    for (Map.Entry<Group, double[]> c : back.blocks().entrySet()) {
                        found |= c.getKey().sign() == b.getKey().sign()
                                && OptimalSet.dist(c.getValue(), b.getValue()) <= 1e-12 * Linear.norm(b.getValue());
                    }
                    assertThat(found).isTrue();
                } else {
                    assertThat(OptimalSet.dist(v, b.getValue())).isLessThanOrEqualTo(1e-12 * Linear.norm(v));
                }
            }
            // φ of a split net sums the copies back: P_c(φ(θ)) ≤ L_β(θ), here with equality
            ReluNet sp = split(net, 0.7, 0.3);
            double pcs = NetToConvex.phi(res.program(), sp).objective(res.program());
            assertThat(pcs).isCloseTo(pc, within(1e-9 * pc));
            // a non-scaled net: φ is strictly below L_β
            List<Neuron> unscaled = new ArrayList<>();
            for (Neuron nu : net.neurons()) {
                unscaled.add(nu.rescaled(2.0));
            }
            ReluNet un = net.withNeurons(unscaled);
            assertThat(NetToConvex.phi(res.program(), un).objective(res.program()))
                    .isLessThan(un.objective(data, beta));
            assertThat(NetStructure.of(data, beta, un).scaled()).isFalse();
        }
    }

    @Test
    void mStarAtMostNPlusOne() {
        for (Dataset data : List.of(wave(8), wave(12), plane(8))) {
            for (double beta : new double[] {0.1, 1.0}) {
                OptimalSet.Result r = OptimalSet.analyse(data, beta, SolveOptions.defaults());
                System.out.printf("n=%d beta=%g: |E|=%d directions=%d rank=%d m*=%d exact=%s unique=%s lps=%d tol=%.1e obj=%s%n",
                        data.n(), beta, r.groups(), r.directions(), r.rank(), r.mStar(), r.mStarExact(), r.unique(),
                        r.lps(), r.fitTolerance(), java.util.Arrays.toString(r.objectives()));
                assertThat(r.mStar()).isLessThanOrEqualTo(data.n() + 1);
                assertThat(r.mStar()).isLessThanOrEqualTo(r.rank());
                ReluNet net = r.nets().get(0);
                assertThat(NetStructure.of(data, beta, net).minimal()).isTrue();
            }
        }
    }

    @Test
    void narrowerThanMStarCannotReachTheOptimum() {
        // a V: y = |x| on 5 points, small β. One ReLU cannot bend both ways: m* = 2.
        double[][] x = {{-2}, {-1}, {0}, {1}, {2}};
        double[] y = {2, 1, 0, 1, 2};
        Dataset data = Dataset.of(x, y);
        double beta = 0.1;
        SolveOptions opts = SolveOptions.defaults();
        SolveResult res = CvxRelu.solve(data, beta, opts);
        OptimalSet.Result r = OptimalSet.analyse(data, beta, opts);
        assertThat(r.mStarExact()).isTrue();
        assertThat(r.mStar()).isEqualTo(2);
        RestrictedBound.Width narrow = RestrictedBound.narrowest(res.program(), r.mStar() - 1, 3000);
        System.out.printf("V: P*=%.10g, m*=%d, best width-%d lower bound %.10g over %d subsets%n", res.objective(),
                r.mStar(), narrow.width(), narrow.lowerBound(), narrow.subsets());
        assertThat(narrow.lowerBound()).isGreaterThan(res.objective() * (1 + 1e-3));
        // and m* groups are enough: the optimal net has that width after pruning
        assertThat(r.nets().get(0).width()).isEqualTo(2);
    }

    @Test
    void nonUniqueOptimalMinimalNets() {
        // No bias, two unit samples at 120°: x1 = (1, 0), x2 = (−1/2, √3/2), y = (1, 1). Fitting (c, c) costs
        // 2c either with the two neurons u ∝ x1, u ∝ x2 (each fits one sample: x1ᵀx2 < 0), or with the single
        // neuron u = c(1, √3) (both active, ‖u‖ = 2c), so every mixture is optimal: A* is a segment.
        double[][] x = {{1, 0}, {-0.5, Math.sqrt(3) / 2}};
        double[] y = {1, 1};
        Dataset data = Dataset.of(x, y);
        double beta = 0.1;
        SolveOptions opts = SolveOptions.defaults().withPatterns(PatternOptions.exact(false));
        OptimalSet.Result r = OptimalSet.analyse(data, beta, opts);
        System.out.printf("120°: directions=%d rank=%d m*=%d unique=%s objectives=%s widths=%d,%d%n", r.directions(),
                r.rank(), r.mStar(), r.unique(), java.util.Arrays.toString(r.objectives()), r.nets().get(0).width(),
                r.nets().size() > 1 ? r.nets().get(1).width() : -1);
        assertThat(r.unique()).isFalse();
        assertThat(r.nets()).hasSize(2);
        ReluNet a = r.nets().get(0);
        ReluNet b = r.nets().get(1);
        assertThat(a.width()).isNotEqualTo(b.width());
        double oa = a.objective(data, beta);
        double ob = b.objective(data, beta);
        assertThat(oa).isCloseTo(ob, within(1e-9 * oa));
        SolveResult res = CvxRelu.solve(data, beta, opts);
        assertThat(oa).isCloseTo(res.objective(), within(1e-8 * oa));
        assertThat(NetStructure.of(data, beta, a).minimal()).isTrue();
        assertThat(NetStructure.of(data, beta, b).minimal()).isTrue();
        assertThat(r.mStar()).isEqualTo(1);
    }

    @Test
    void pathIsConcaveNondecreasingAndCertified() {
        Dataset data = wave(8);
        double[] betas = RegularizationPath.geometric(0.1, 2.0, 8);
        List<RegularizationPath.Point> path = RegularizationPath.compute(data, betas, SolveOptions.defaults());
        for (RegularizationPath.Point p : path) {
            System.out.printf("path beta=%.4g obj=%.10g lb=%.10g gap=%.1e neurons=%d%n", p.beta(), p.objective(),
                    p.lowerBound(), p.relativeGap(), p.neurons());
            assertThat(p.relativeGap()).isLessThanOrEqualTo(1e-6);
        }
        for (int k = 1; k < path.size(); k++) {
            assertThat(path.get(k).objective()).isGreaterThanOrEqualTo(path.get(k - 1).objective() * (1 - 2e-6));
        }
        for (int k = 1; k + 1 < path.size(); k++) {
            double s1 = (path.get(k).objective() - path.get(k - 1).objective()) / (betas[k] - betas[k - 1]);
            double s2 = (path.get(k + 1).objective() - path.get(k).objective()) / (betas[k + 1] - betas[k]);
            double slack = 4e-6 * path.get(k + 1).objective() / (betas[k + 1] - betas[k]);
            assertThat(s2).isLessThanOrEqualTo(s1 + slack);
        }
    }
}

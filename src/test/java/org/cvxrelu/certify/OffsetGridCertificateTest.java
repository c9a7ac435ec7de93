package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.SolverSettings;
import org.cvxrelu.solver.WorkingSetSolver;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's false certificate: the 5×5 grid x1, x2 ∈ {0..4} shifted by an offset (every value an exact
 * double), y = 5|x1 − x2| − 8, β = 10. A two-neuron net u = ±s(1, −1, 0) has objective ≈ 335 at any offset,
 * so no lower bound may exceed it (nor any other net's objective). Objectives of the known nets are evaluated
 * exactly here (rational arithmetic on the doubles), independently of the code under test.
 */
class OffsetGridCertificateTest {
    static final double BETA = 10;
    static final double[] OFFSETS = {1e6, 1e8, 1e10, 1e12, 1e15, 2e15};

    static Dataset grid(double offset) {
        double[][] x = new double[25][];
        double[] y = new double[25];
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                x[5 * a + b] = new double[] {offset + a, offset + b};
                y[5 * a + b] = 5 * Math.abs(a - b) - 8;
            }
        }
        return Dataset.of(x, y);
    }

    /** L_β(θ) exactly: ½ Σ_k (Σ_j α_j (u_jᵀx̃_k)₊ − y_k)² + β/2 Σ_j (‖u_j‖² + α_j²). */
    static double exactObjective(Dataset data, ReluNet net, double beta) {
        BigDecimal loss = BigDecimal.ZERO;
        for (int k = 0; k < data.n(); k++) {
            BigDecimal f = BigDecimal.ZERO;
            for (Neuron nu : net.neurons()) {
                BigDecimal pre = BigDecimal.ZERO;
                for (int j = 0; j < data.d(); j++) {
                    pre = pre.add(new BigDecimal(nu.u(j)).multiply(new BigDecimal(data.x(k, j))));
                }
                if (net.bias()) {
                    pre = pre.add(new BigDecimal(nu.u(data.d())));
                }
                if (pre.signum() > 0) {
                    f = f.add(pre.multiply(new BigDecimal(nu.alpha())));
                }
            }
            BigDecimal e = f.subtract(new BigDecimal(data.targets()[k]));
            loss = loss.add(e.multiply(e));
        }
        BigDecimal w = BigDecimal.ZERO;
        for (Neuron nu : net.neurons()) {
            for (int j = 0; j < nu.r(); j++) {
                w = w.add(new BigDecimal(nu.u(j)).multiply(new BigDecimal(nu.u(j))));
            }
            w = w.add(new BigDecimal(nu.alpha()).multiply(new BigDecimal(nu.alpha())));
        }
        BigDecimal half = new BigDecimal("0.5");
        return loss.multiply(half).add(w.multiply(new BigDecimal(beta)).multiply(half)).doubleValue();
    }

    /** The best net u = ±s(1, −1, 0), α = a over a coarse grid of (s, a), by exact objective. */
    static ReluNet bestTwoNeuronNet(Dataset data) {
        ReluNet best = null;
        double bestObjective = Double.POSITIVE_INFINITY;
        for (double s = 0.5; s <= 2; s += 0.125) {
            for (double a = 0.5; a <= 2; a += 0.125) {
                ReluNet net = new ReluNet(true, BETA, List.of(new Neuron(new double[] {s, -s, 0}, a),
                        new Neuron(new double[] {-s, s, 0}, a)));
                double o = exactObjective(data, net, BETA);
                if (o < bestObjective) {
                    bestObjective = o;
                    best = net;
                }
            }
        }
        return best;
    }

    /**
     * With the exact patterns (those of the unshifted grid: a shift x → x + c·1 with a bias column is the
     * invertible change of variables u ↦ (u₁, u₂, u₃ + c(u₁ + u₂)), so the 402 sign patterns are the same),
     * neither the working-set solve nor the certificate of any known net may claim a bound above a known
     * objective.
     */
    @Test
    void noLowerBoundAboveAKnownObjectiveWithTheExactPatterns() {
        PatternSet base = Patterns.of(grid(0), PatternOptions.exact(true));
        assertThat(base.size()).isEqualTo(402);
        PatternSet patterns = PricingTest.transplant(base);
        for (double offset : new double[] {1e6, 1e10, 1e15, 2e15}) {
            Dataset data = grid(offset);
            ReluNet two = bestTwoNeuronNet(data);
            ConeProgram program = new ConeProgram(data, patterns, BETA, false);
            WorkingSetSolver.Outcome out = WorkingSetSolver.solve(program, ConeSolvers.byName("ipm"),
                    SolverSettings.defaults().withTimeLimit(3));
            List<ReluNet> known = new ArrayList<>(List.of(two, out.net(), ReluNet.zero(true, BETA)));
            double best = Double.POSITIVE_INFINITY;
            for (ReluNet net : known) {
                best = Math.min(best, exactObjective(data, net, BETA));
            }
            assertThat(best).as("offset %s: the two-neuron net", offset).isLessThan(336);
            assertThat(out.lowerBound()).as("offset %s: solve", offset).isLessThanOrEqualTo(best);
            for (ReluNet net : known) {
                NetCertificate cert = NetCertificate.of(data, net, BETA, patterns);
                assertThat(cert.lowerBound()).as("offset %s: certificate of a known net", offset).isLessThanOrEqualTo(best);
            }
        }
    }

    /** The whole pipeline, with its own enumeration: needs the exact enumerator (402 cells at every offset). */
    @Test
    void solveNeverCertifiesABoundAboveAKnownObjective() {
        for (double offset : OFFSETS) {
            Dataset data = grid(offset);
            SolveResult r = CvxRelu.solve(data, BETA, SolveOptions.defaults()
                    .withSettings(SolverSettings.defaults().withTimeLimit(3)));
            double best = Math.min(exactObjective(data, bestTwoNeuronNet(data), BETA), exactObjective(data, r.net(), BETA));
            assertThat(r.lowerBound()).as("offset %s", offset).isLessThanOrEqualTo(best);
            if (r.certified()) {
                assertThat(r.patterns().size()).as("offset %s", offset).isEqualTo(402);
            }
        }
    }
}

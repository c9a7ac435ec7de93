package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.certify.DualBound;
import org.cvxrelu.certify.NetCertificate;
import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.testing.ExactValue;
import org.cvxrelu.testing.HabermanLike;
import org.cvxrelu.testing.PlainLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Column generation priced exactly by branch and bound ({@link BranchAndBoundPricer}), checked against the exact
 * arrangement: the enumeration's certified optimum (the exact path of {@link CvxRelu#solve}), and c(λ) priced
 * cell by cell ({@link Pricing}) with a lower value evaluated here in BigDecimal.
 */
class BranchAndBoundPricingTest {
    static final double BETA = 0.1;

    @TempDir
    Path dir;

    /** The generation over {@code data} (posed as given) with the branch-and-bound step, from two Adam seeds. */
    static ColumnGeneration.Outcome generate(Dataset data, BranchAndBoundPricer pricer) {
        AdamSeeds.Seeds seeds = AdamSeeds.start(data, BETA, true, 1, 500, () -> false).join();
        return ColumnGeneration.solve(data, BETA, true, false, ConeSolvers.byName("ipm"), SolverSettings.defaults(),
                seeds.nets(), 1, 0, pricer);
    }

    @Test
    void settledAnswersMatchTheEnumeratedOptimumAndTheirBoundIsBelowIt() {
        for (long seed = 1; seed <= 3; seed++) {
            Dataset raw = seed == 3 ? HabermanLike.rows(36, seed) : ColumnGenerationTest.data(30, seed);
            Dataset data = InputScaling.standardize(raw, true).apply(raw);
            SolveResult exact = CvxRelu.solve(data, BETA, SolveOptions.defaults());
            assertThat(exact.exact() && exact.certified()).isTrue();
            BranchAndBoundPricer pricer = new BranchAndBoundPricer(data, BETA, SolverSettings.defaults());
            ColumnGeneration.Outcome cg = generate(data, pricer);
            assertThat(cg.settled()).as("seed %d", seed).isTrue();
            ReluNet net = cg.outcome().net();
            DualBound bound = pricer.boundFor(net);
            double objective = PlainLoss.withBias(data, net, BETA);
            // both are within 1e-6 of the optimum P*, which lies in [exact lower bound, exact objective]
            assertThat(bound.value()).as("seed %d", seed).isLessThanOrEqualTo(exact.objective());
            assertThat(objective).as("seed %d", seed).isGreaterThanOrEqualTo(exact.lowerBound());
            assertThat(objective).as("seed %d", seed).isCloseTo(exact.objective(), within(2e-6 * exact.objective()));
            assertThat((objective - bound.value()) / objective).as("seed %d", seed).isLessThanOrEqualTo(1e-6);
        }
    }

    /**
     * The last search's ĉ carried to another net (an output weight moved): never below c(λ') itself, which the
     * exact arrangement bounds from below by the values at Pricing's projected directions.
     */
    @Test
    void aBoundCarriedToAnotherNetStaysAboveItsExactConstant() {
        Dataset raw = ColumnGenerationTest.data(24, 7);
        Dataset data = InputScaling.standardize(raw, true).apply(raw);
        BranchAndBoundPricer pricer = new BranchAndBoundPricer(data, BETA, SolverSettings.defaults());
        ReluNet net = generate(data, pricer).outcome().net();
        assertThat(pricer.lastBound()).isFinite(); // a proven ĉ to carry (else every carried bound is +∞)
        PatternSet exact = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram program = new ConeProgram(data, exact, BETA, false);
        for (double factor : new double[] {1, 1 + 1e-9, 1.01, 0.8, 0}) {
            List<Neuron> moved = new ArrayList<>(net.neurons());
            Neuron first = moved.get(0);
            moved.set(0, new Neuron(first.u(), first.alpha() * factor));
            ReluNet other = net.withNeurons(moved);
            double[] f = other.outputs(data.design(true));
            double[] lambda = new double[data.n()];
            for (int k = 0; k < data.n(); k++) {
                lambda[k] = data.y(k) - f[k];
            }
            double low = 0;
            for (Pricing.Price p : Pricing.price(program, lambda, 0).above()) {
                if (p.direction() != null) {
                    low = Math.max(low, ExactValue.ratioDown(program.design(), lambda, p.direction()));
                }
            }
            DualBound carried = pricer.boundFor(other);
            assertThat(carried.c()).as("factor %s", factor).isGreaterThanOrEqualTo(low).isFinite();
        }
    }

    /** A search out of budget settles nothing, and generation ends there (the caller then enumerates). */
    @Test
    void aSearchOutOfBudgetSettlesNothing() {
        Dataset raw = ColumnGenerationTest.data(24, 9);
        Dataset data = InputScaling.standardize(raw, true).apply(raw);
        BranchAndBoundPricer pricer = new BranchAndBoundPricer(data, BETA, SolverSettings.defaults(), 20);
        ColumnGeneration.Outcome cg = generate(data, pricer);
        assertThat(cg.settled()).isFalse();
        assertThat(pricer.stats().get("globalPricings")).isEqualTo(1);
        assertThat(pricer.stats().get("searchStoppedBy")).isEqualTo("nodes");
    }

    /**
     * An exact solve of a large arrangement in r = 4 takes the branch-and-bound route (generated patterns, bound
     * "global (branch and bound)"), and the answer is confirmed by the enumerated arrangement: its own certificate
     * over every cell (NetCertificate, cell by cell) meets the target, and the objective is the written net's L_β.
     */
    @Test
    void aLargeArrangementInFewDimensionsIsSolvedByTheRouteAndConfirmedByEnumeration() {
        Dataset raw = HabermanLike.rows(80, 11);
        SolveOptions options = SolveOptions.defaults().withStandardize(true);
        InputScaling scaling = InputScaling.standardize(raw, true);
        Dataset data = scaling.apply(raw);
        assertThat(Patterns.estimate(data.design(true)).longValue()).isGreaterThanOrEqualTo(CvxRelu.GLOBAL_PRICING_MIN_CELLS);
        SolveResult r = CvxRelu.solve(raw, BETA, options);
        assertThat(r.certified()).isTrue();
        assertThat(r.exact()).isFalse();
        assertThat(r.lowerBoundScope()).isEqualTo(CvxRelu.GLOBAL_SCOPE);
        assertThat(r.patterns().mode()).isEqualTo(ColumnGeneration.MODE);
        assertThat(r.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(r.converged()).isTrue();
        Path file = dir.resolve("net.json");
        NetFile.write(r.net(), file);
        ReluNet written = NetFile.read(file);
        assertThat(PlainLoss.withBias(data, written, BETA)).isCloseTo(r.objective(), within(1e-9 * r.objective()));
        PatternSet cells = Patterns.of(data, PatternOptions.exact(true));
        NetCertificate enumerated = NetCertificate.of(data, written, BETA, cells);
        assertThat(enumerated.certified()).isTrue();
        assertThat(enumerated.relativeGap()).isLessThanOrEqualTo(2e-6);
        assertThat(r.lowerBound()).isLessThanOrEqualTo(r.objective());
        // the constant the answer's bound used is never below c(λ) of the λ it was priced at, priced here cell by
        // cell: the net's residual, or the dual witness the net file records (the last search's λ, §47), which the
        // enumeration must then certify to the target as well
        double[] f = written.outputs(data.design(true));
        double[] lambda = new double[data.n()];
        for (int k = 0; k < data.n(); k++) {
            lambda[k] = data.y(k) - f[k];
        }
        java.util.Optional<double[]> witness = NetFile.witness(written);
        if (witness.isPresent()) {
            lambda = witness.get();
            NetCertificate byWitness = NetCertificate.of(data, written, BETA, cells, false, lambda);
            assertThat(byWitness.certified()).isTrue();
            assertThat(byWitness.relativeGap()).isLessThanOrEqualTo(2e-6);
            assertThat(r.lowerBound()).isLessThanOrEqualTo(byWitness.lowerBound() + 1e-6 * r.objective());
        }
        ConeProgram program = new ConeProgram(data, cells, BETA, false);
        double low = 0;
        for (Pricing.Price p : Pricing.price(program, lambda, 0.99 * BETA).above()) {
            if (p.direction() != null) {
                low = Math.max(low, ExactValue.ratioDown(program.design(), lambda, p.direction()));
            }
        }
        assertThat(low).isGreaterThan(0.99 * BETA);
        assertThat((Double) r.stats().get("dualConstantBound")).isGreaterThanOrEqualTo(low);
    }
}

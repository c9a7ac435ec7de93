package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.certify.NetCertificate;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.train.Optimizer;
import org.cvxrelu.train.TrainOptions;
import org.cvxrelu.train.TrainResult;
import org.cvxrelu.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The solver's answers against independent computations and the certificate's promises. */
class GlobalOptimumTest {

    /** A planted teacher (the project's instance generator). */
    static Dataset teacher(int n, int d, int k, long seed, double noise) {
        return InstanceGenerator.teacher(n, d, k, seed, noise);
    }

    @ParameterizedTest(name = "n={0} d={1} beta={2}")
    @CsvSource({"8,1,0.05", "12,2,0.1", "15,2,0.01", "10,3,0.2", "9,2,1.0"})
    void certifiedGapAndReconstructionInvariant(int n, int d, double beta) {
        Dataset data = teacher(n, d, 2, 31L * n + d, 0.1);
        SolveResult r = CvxRelu.solve(data, beta, SolveOptions.defaults());
        assertThat(r.exact()).isTrue();
        assertThat(r.certified()).isTrue();
        assertThat(r.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(r.lowerBound()).isLessThanOrEqualTo(r.objective() * (1 + 1e-12));
        // L_β(ψ(W)) = P_c(W), computed independently from the net
        double lbeta = r.net().objective(data, beta);
        assertThat(Math.abs(lbeta - r.convexObjective())).isLessThanOrEqualTo(1e-9 * r.convexObjective());
        assertThat(r.solution().infeasibility(r.program())).isLessThanOrEqualTo(1e-12);
        // an independent certificate of the returned net agrees
        NetCertificate cert = NetCertificate.of(data, r.net(), beta, r.patterns());
        assertThat(cert.relativeGap()).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void optimumMatchesAnIndependentAdmmSolveOverEveryGroup() {
        // tiny planted instance: ADMM (no shared code with the interior-point method) over all 2p groups
        Dataset data = teacher(6, 1, 2, 11, 0.05);
        double beta = 0.05;
        ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), beta);
        GroupProblem everything = new GroupProblem(program, program.groups());
        AdmmReference admm = AdmmReference.solve(everything, 1.0, 200_000, 1e-12);
        assertThat(admm.primalResidual).as("the reference converged").isLessThan(1e-8);
        double reference = everything.objective(admm.w);
        SolveResult r = CvxRelu.solve(data, beta, SolveOptions.defaults());
        assertThat(Math.abs(r.objective() - reference) / reference).isLessThanOrEqualTo(1e-6);
        // and the ipm backend alone on every group gives the same number
        GroupSolution ipm = ConeSolvers.byName("ipm").solve(everything, SolverSettings.defaults());
        assertThat(Math.abs(everything.objective(ipm.w()) - reference) / reference).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void neverAboveTheBestOfManyNonConvexRuns() {
        Dataset data = teacher(12, 2, 3, 9, 0.1);
        double beta = 0.05;
        SolveResult r = CvxRelu.solve(data, beta, SolveOptions.defaults());
        TrainOptions opts = TrainOptions.defaults(beta, 16).withOptimizer(Optimizer.ADAM).withEpochs(1500)
                .withRestarts(8).withSeed(3);
        TrainResult trained = Trainer.train(data, opts, Progress.NONE);
        double best = trained.net().objective(data, beta);
        assertThat(r.objective()).isLessThanOrEqualTo(best + 1e-9 * best);
        // and the certificate of the trained net never claims a bound above the true optimum
        NetCertificate cert = NetCertificate.of(data, trained.net(), beta, r.patterns());
        assertThat(cert.lowerBound()).isLessThanOrEqualTo(r.objective() * (1 + 1e-9));
    }

    @ParameterizedTest(name = "Kumar family n={0} d={1}")
    @CsvSource({"10,3", "5,8", "20,2", "4,12"})
    void nonPositiveTargetsWithNonnegativeOutputHaveTheZeroNetAsOptimum(int n, int d) {
        // Kumar's family: y ≤ 0. With output weights α ≥ 0 (each neuron adds max(0, ·) ≥ 0) the zero net is
        // the unique optimum, objective ½‖y‖², for every β > 0; n < d included.
        Random rnd = new Random(n * 100L + d);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                x[s][i] = 2 * rnd.nextDouble() - 1;
            }
            y[s] = -rnd.nextDouble();
        }
        Dataset data = Dataset.of(x, y);
        double half = 0;
        for (double v : y) {
            half += 0.5 * v * v;
        }
        PatternOptions patterns = n <= 10 ? PatternOptions.exact(true) : PatternOptions.exact(true);
        SolveResult r = CvxRelu.solve(data, 0.01, SolveOptions.defaults().withPatterns(patterns).withNonnegativeOutput(true));
        assertThat(r.neurons()).isZero();
        assertThat(Math.abs(r.objective() - half)).isLessThanOrEqualTo(1e-12 * half);
        // the proven bound is ½‖y‖² evaluated exactly and rounded down; the objective is summed in floating point
        assertThat(r.lowerBound()).isCloseTo(r.objective(), org.assertj.core.data.Offset.offset(1e-14 * half));
        assertThat(r.lowerBound()).isLessThanOrEqualTo(half * (1 + 1e-15));
    }

    @Test
    void nonPositiveTargetsWithSignedOutputAreFitByNegativeNeurons() {
        // The same data with α ∈ R (SPEC's model): a neuron with α < 0 fits y ≤ 0 better than the zero net,
        // e.g. the bias-only neuron u = (0, …, 0, a), α = −a: L = ½Σ(y_k + a²)² + βa², whose slope in a² at 0
        // is Σy_k + β < 0. The solver finds an optimum strictly below ½‖y‖², and certifies it.
        Random rnd = new Random(3);
        int n = 10;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < 3; i++) {
                x[s][i] = 2 * rnd.nextDouble() - 1;
            }
            y[s] = -rnd.nextDouble();
        }
        Dataset data = Dataset.of(x, y);
        double half = 0;
        double sum = 0;
        for (double v : y) {
            half += 0.5 * v * v;
            sum += v;
        }
        double beta = 0.01;
        double a2 = -(sum + beta) / n; // best bias-only neuron
        double biasOnly = 0;
        for (double v : y) {
            biasOnly += 0.5 * (v + a2) * (v + a2);
        }
        biasOnly += beta * a2;
        SolveResult r = CvxRelu.solve(data, beta, SolveOptions.defaults());
        assertThat(biasOnly).isLessThan(half);
        assertThat(r.objective()).isLessThanOrEqualTo(biasOnly);
        assertThat(r.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(r.net().neurons()).anySatisfy(nu -> assertThat(nu.alpha()).isNegative());
    }

    @Test
    void zeroNetWhenBetaExceedsTheLargestPrice() {
        Dataset data = teacher(10, 2, 2, 1, 0.1);
        SolveResult r = CvxRelu.solve(data, 1e6, SolveOptions.defaults());
        assertThat(r.neurons()).isZero();
        double half = 0;
        for (double v : data.targets()) {
            half += 0.5 * v * v;
        }
        assertThat(r.objective()).isEqualTo(half);
        assertThat(r.relativeGap()).isLessThanOrEqualTo(1e-15); // the proven bound: ½‖y‖² exactly, rounded down
    }

    /**
     * Regression: pruning merged two neurons into one whose cell the 200 samples missed, and φ of the pruned
     * net threw (exit 1). The pruned net is now skipped and the loop's sampled answer returned.
     */
    @Test
    void sampledSolveWhosePrunedNetLeavesTheSampledCellsStillAnswers() {
        Dataset data = org.cvxrelu.data.CsvDataReader.read(java.nio.file.Path.of("instances/teacher_n30_d2.csv"));
        SolveResult r = CvxRelu.solve(data, 0.1, SolveOptions.defaults().withPatterns(PatternOptions.sampled(true, 200, 3)));
        assertThat(r.exact()).isFalse();
        assertThat(r.net().objective(data, 0.1)).isCloseTo(r.objective(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.lowerBound()).isLessThanOrEqualTo(0.388425510621 * (1 + 1e-9)); // instances/optima.csv
        assertThat(r.objective()).isGreaterThanOrEqualTo(0.388425510194 * (1 - 1e-9));
        // the sampled program is solved, but 200 samples miss cells of the optimum: not converged, and why
        assertThat(r.relativeGap()).isGreaterThan(1e-3);
        assertThat(r.converged()).isFalse();
        assertThat(r.reason()).contains("miss cells");
    }

    @Test
    void sampledPatternsGiveAnUpperBoundAndAreCertifiedWhenTheArrangementFits() {
        Dataset data = teacher(12, 2, 2, 77, 0.1);
        double beta = 0.1;
        SolveResult exact = CvxRelu.solve(data, beta, SolveOptions.defaults());
        SolveResult sampled = CvxRelu.solve(data, beta,
                SolveOptions.defaults().withPatterns(PatternOptions.sampled(true, 30, 1)));
        assertThat(sampled.exact()).isFalse();
        assertThat(sampled.objective()).isGreaterThanOrEqualTo(exact.objective() * (1 - 1e-9));
        assertThat(sampled.certified()).isTrue();
        assertThat(sampled.lowerBound()).isLessThanOrEqualTo(exact.objective() * (1 + 1e-9));
        ReluNet net = sampled.net();
        assertThat(net.objective(data, beta)).isCloseTo(sampled.objective(), org.assertj.core.data.Offset.offset(1e-12));
    }
}

package org.cvxrelu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;

import org.cvxrelu.certify.NetCertificate;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.solver.SolverSettings;
import org.junit.jupiter.api.Test;

/**
 * An exact solve that stops above its target (here: restricted solves cut at 12 interior-point iterations) still
 * answers with a pruned net of at most n + 1 neurons, certified by the answer's λ as its dual witness (before: the
 * unpruned interior-point answer, 65 neurons on 30 rows). The reported objective is L_β of the written net by an
 * independent evaluation, and the reported bound is no more than every cell priced again at the net's λ proves.
 */
class UnfinishedAnswerPruningTest {

    /** L_β(θ) = ½‖Σ_j α_j(X̃u_j)₊ − y‖² + (β/2) Σ_j (‖u_j‖² + α_j²), summed here from the SPEC's formula. */
    private static double objective(Dataset d, ReluNet net, double beta) {
        double loss = 0;
        for (int k = 0; k < d.n(); k++) {
            double f = 0;
            for (Neuron nu : net.neurons()) {
                double s = nu.u()[nu.u().length - 1]; // the bias weight is last
                for (int j = 0; j < d.d(); j++) {
                    s += nu.u()[j] * d.x(k, j);
                }
                f += nu.alpha() * Math.max(0, s);
            }
            loss += 0.5 * (f - d.y(k)) * (f - d.y(k));
        }
        double penalty = 0;
        for (Neuron nu : net.neurons()) {
            for (double v : nu.u()) {
                penalty += v * v;
            }
            penalty += nu.alpha() * nu.alpha();
        }
        return loss + 0.5 * beta * penalty;
    }

    @Test
    void anAnswerAboveItsTargetIsPrunedAndKeepsItsCertifiedBound() {
        Dataset d = CsvDataReader.read(Path.of("instances/teacher_n30_d2.csv"));
        SolveResult r = CvxRelu.solve(d, 0.1,
                SolveOptions.defaults().withSettings(SolverSettings.defaults().withMaxIterations(12)));
        assertThat(r.exact()).isTrue();
        assertThat(r.relativeGap()).as("the test needs an unfinished answer").isGreaterThan(1e-6);
        assertThat(r.net().width()).isLessThanOrEqualTo(d.n() + 1);
        assertThat(r.objective()).isCloseTo(objective(d, r.net(), 0.1), within(1e-10 * r.objective()));
        double[] witness = NetFile.witness(r.net()).orElse(null);
        NetCertificate again = NetCertificate.of(d, r.net(), 0.1, Patterns.of(d, PatternOptions.exact(true)), false,
                witness);
        assertThat(again.certified()).isTrue();
        // an unfinished answer's pricing may stop early and bound c(λ) by cheap bounds: the reported bound is at most
        // what every cell priced at the same λ proves
        assertThat(r.lowerBound()).isLessThanOrEqualTo(again.lowerBound() + 1e-12 * Math.abs(r.objective()));
        // and both sides hold against the converged solve's certified optimum
        SolveResult converged = CvxRelu.solve(d, 0.1, SolveOptions.defaults());
        assertThat(converged.relativeGap()).isLessThanOrEqualTo(1e-6);
        assertThat(r.lowerBound()).isLessThanOrEqualTo(converged.objective());
        assertThat(r.objective()).isGreaterThanOrEqualTo(converged.lowerBound());
    }
}

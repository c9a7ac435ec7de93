package org.cvxrelu.optimal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.Neuron;
import org.junit.jupiter.api.Test;

/**
 * Regression: one merge pass left same-sign neurons sharing a closed cone when a merged sum came to share a
 * cone with a neuron seen earlier (teacher_n24_d4, β = 0.1: 23 neurons → 19, not minimal; a second pass
 * gave 18). Besides the structural check, an independent loop over the rows: no two same-sign neurons with
 * x̃ᵀu and x̃ᵀv never strictly of opposite signs (the same cone without rounding tolerance).
 */
class PruningMinimalTest {

    @Test
    void prunedNetHasNoTwoSameSignNeuronsInOneClosedCone() {
        Dataset data = CsvDataReader.read(Path.of("instances/teacher_n24_d4.csv"));
        // the 23-neuron optimal net the working-set loop returned before pruning (written by the solver)
        org.cvxrelu.net.ReluNet before = org.cvxrelu.net.NetFile.read(
                Path.of("src/test/resources/regression/teacher_n24_d4_unpruned_net.json"));
        Pruning.Result r = Pruning.prune(data, 0.1, before);
        assertThat(r.net().width()).isLessThan(before.width());
        // the structural check (closed cones to rounding) that `certify` reports as "minimal"
        assertThat(NetStructure.of(data, 0.1, r.net()).minimal()).isTrue();
        // a second pass finds nothing more to merge
        assertThat(Pruning.prune(data, 0.1, r.net()).net().width()).isEqualTo(r.net().width());
        double[][] x = data.design(true);
        List<Neuron> ns = r.net().neurons();
        for (int a = 0; a < ns.size(); a++) {
            for (int b = a + 1; b < ns.size(); b++) {
                if (Math.signum(ns.get(a).alpha()) != Math.signum(ns.get(b).alpha())) {
                    continue;
                }
                boolean opposite = false;
                for (double[] row : x) {
                    double p = dot(row, ns.get(a).u());
                    double q = dot(row, ns.get(b).u());
                    if ((p > 0 && q < 0) || (p < 0 && q > 0)) {
                        opposite = true;
                        break;
                    }
                }
                assertThat(opposite).as("neurons %d and %d share a closed cone", a, b).isTrue();
            }
        }
        // pruning never raises the objective: the net's own L_β, by a plain loop
        double loss = 0;
        for (int i = 0; i < data.n(); i++) {
            double f = 0;
            for (Neuron nu : ns) {
                f += nu.alpha() * Math.max(0, dot(x[i], nu.u()));
            }
            loss += 0.5 * (f - data.y(i)) * (f - data.y(i));
        }
        for (Neuron nu : ns) {
            loss += 0.05 * (dot(nu.u(), nu.u()) + nu.alpha() * nu.alpha());
        }
        assertThat(loss).isLessThanOrEqualTo(before.objective(data, 0.1) * (1 + 1e-12));
        assertThat(loss).isCloseTo(r.objective(), org.assertj.core.data.Offset.offset(1e-9 * r.objective()));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

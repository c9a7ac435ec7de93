package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.junit.jupiter.api.Test;

/**
 * Integer features with many collinear samples, standardised: the z-scores are rounded, so collinear triples
 * are no longer exactly collinear and the arrangement of the doubles has cells a few ulps wide. Their facet
 * normals are nearly dependent; described by its facets alone such a cone let the interior-point method put
 * a block far outside K_i (facet slack −1e-12, another row at −10), and the certified gap of these instances
 * stayed at 0.1–0.55. Every instance must certify to the default 1e-6.
 */
class ThinCellsTest {
    @Test
    void standardisedIntegerDataWithSliverCellsCertify() {
        for (int seed = 1; seed <= 4; seed++) {
            Random rnd = new Random(seed);
            int n = 24;
            double[][] x = new double[n][2];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                x[k][0] = 40 + rnd.nextInt(12);
                x[k][1] = 40 + rnd.nextInt(12);
                y[k] = rnd.nextInt(2);
            }
            Dataset raw = Dataset.of(x, y);
            Dataset data = InputScaling.standardize(raw, true).apply(raw);
            PatternSet patterns = Patterns.of(data, new PatternOptions(true, null, 0, 2_000_000));
            if (seed == 2 || seed == 3) {
                assertThat(sliverWitnesses(data.design(true), patterns)).as("seed %d has sliver cells", seed)
                        .isPositive();
            }
            assertCertified(data, patterns, "seed " + seed);
        }
    }

    /**
     * Three integer features in 0…5 (many repeated and collinear samples), integer targets in 0…9, 40 rows,
     * standardised. Seeds 4 and 11 were certified at 5.5e-6 and 9.9e-5 only: on seed 11 the restricted solve
     * had reached a relative gap of 1e-8, but blocks that met only the facets left their cones, and projecting
     * them back cost 5.5e-5 of the objective. A block's own pattern holds it as it stands
     * ({@link WorkingSetSolver#purify}): both certify to 1e-6.
     */
    @Test
    void repeatedIntegerSamplesCertifyWhenBlocksLeaveTheirFacetCones() {
        for (int seed : new int[] {4, 11}) {
            Random rnd = new Random(seed);
            int n = 40;
            double[][] x = new double[n][3];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < 3; j++) {
                    x[k][j] = rnd.nextInt(6);
                }
                y[k] = rnd.nextInt(10);
            }
            Dataset raw = Dataset.of(x, y);
            Dataset data = InputScaling.standardize(raw, true).apply(raw);
            assertCertified(data, Patterns.of(data, new PatternOptions(true, null, 0, 2_000_000)), "seed " + seed);
        }
    }

    /** The solve's answer: L_β of its net by a direct loop equals the reported objective; the proven gap ≤ 1e-6. */
    private static void assertCertified(Dataset data, PatternSet patterns, String name) {
        int n = data.n();
        ConeProgram program = new ConeProgram(data, patterns, 0.1, false);
        WorkingSetSolver.Outcome out = WorkingSetSolver.solve(program, ConeSolvers.byName("ipm"),
                SolverSettings.defaults());

        // the answer's own net, evaluated and certified here: L_β by a direct loop, the bound by DualBound
        ReluNet net = out.net();
        double loss = 0;
        for (int k = 0; k < n; k++) {
            double f = 0;
            for (var nu : net.neurons()) {
                double pre = 0;
                double[] xt = data.design(true)[k];
                for (int j = 0; j < xt.length; j++) {
                    pre += nu.u()[j] * xt[j];
                }
                f += nu.alpha() * Math.max(0, pre);
            }
            loss += (f - data.y(k)) * (f - data.y(k));
        }
        double penalty = 0;
        for (var nu : net.neurons()) {
            double s = nu.alpha() * nu.alpha();
            for (double u : nu.u()) {
                s += u * u;
            }
            penalty += s;
        }
        double objective = 0.5 * loss + 0.05 * penalty;
        assertThat(out.objective()).as("%s", name).isCloseTo(objective,
                org.assertj.core.api.Assertions.within(1e-9 * objective));
        double[] f = net.outputs(data.design(true));
        double[] lambda = new double[n];
        for (int k = 0; k < n; k++) {
            lambda[k] = data.y(k) - f[k];
        }
        Pricing.Result priced = Pricing.price(program, lambda, 0);
        assertThat(priced.proven()).isTrue();
        double lower = DualBound.of(lambda, data.targets(), 0.1, priced.c()).value();
        assertThat((objective - lower) / objective).as("%s: certified gap", name).isLessThanOrEqualTo(1e-6);
    }

    /** Cells whose witness is within 1e-11 (relative) of a hyperplane: slivers of rounded collinearity. */
    private static int sliverWitnesses(double[][] design, PatternSet patterns) {
        int count = 0;
        for (int i = 0; i < patterns.size(); i++) {
            double[] w = patterns.witness(i);
            double nw = Math.sqrt(dot(w, w));
            for (double[] row : design) {
                if (Math.abs(dot(row, w)) <= 1e-11 * Math.sqrt(dot(row, row)) * nw) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}

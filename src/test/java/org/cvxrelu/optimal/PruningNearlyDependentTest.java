package org.cvxrelu.optimal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.Test;

/**
 * Step 4 of {@link Pruning}: fits dependent to rounding. Objectives here are evaluated by a plain loop, not by
 * {@link ReluNet#objective}; the minimal width comes from {@link OptimalSet}'s LP over the exact arrangement.
 */
class PruningNearlyDependentTest {

    /**
     * The 8-neuron net the interior-point solve returned on teacher_n12_d2 (β = 0.1) before step 4: two optimal
     * neurons each split in two on a cell boundary (directions equal to 1 − 1e-13 in cosine, patterns differing in
     * a row where x̃ᵀu ≈ 1e-10) and a neuron of norm 1e-3. Its fits are exactly independent, so steps 1–3 keep all
     * eight; the optimal set's LP proves m* = 5.
     */
    @Test
    void aNetSplitOnCellBoundariesPrunesToTheProvenMinimalWidth() {
        Dataset data = CsvDataReader.read(Path.of("instances/teacher_n12_d2.csv"));
        double beta = 0.1;
        ReluNet before = NetFile.read(
                Path.of("src/test/resources/regression/teacher_n12_d2_boundary_split_net.json"));
        assertThat(before.width()).isEqualTo(8);
        assertThat(NetStructure.of(data, beta, before).minimal()).isTrue();
        OptimalSet.Result optimum = OptimalSet.analyse(data, beta, SolveOptions.defaults());
        assertThat(optimum.mStarExact()).isTrue();
        assertThat(optimum.mStar()).isEqualTo(5);

        Pruning.Result r = Pruning.prune(data, beta, before);
        assertThat(r.net().width()).isEqualTo(optimum.mStar());
        assertThat(r.removedNearlyDependent()).isEqualTo(3);
        double loss = plainObjective(data, beta, r.net());
        assertThat(loss).isLessThanOrEqualTo(plainObjective(data, beta, before) * (1 + 1e-12));
        // still optimal: above the certified lower bound over every pattern, and within the 1e-8 the bound is
        // certified to here (optimal's own solve; its net's gap 3.7e-10 before solve pruned it, 3e-9 after)
        assertThat(loss).isGreaterThanOrEqualTo(optimum.lowerBound());
        assertThat(loss - optimum.lowerBound()).isLessThanOrEqualTo(1e-8 * loss);

        // solve's own answer is pruned the same way
        ReluNet solved = CvxRelu.solve(data, beta, SolveOptions.defaults()).net();
        assertThat(solved.width()).isEqualTo(optimum.mStar());
        assertThat(plainObjective(data, beta, solved) - optimum.lowerBound()).isLessThanOrEqualTo(1e-8 * loss);
    }

    /**
     * Nets near an optimum (a planted target, the planted amounts) with two directions each split in two on a
     * row's hyperplane, 2e-4 apart, as an interior-point answer splits a neuron on a cell boundary: the fits are
     * exactly independent and nearly dependent. The pruned net is never above the given one by more than 1e-12
     * relative (a plain loop evaluates both), its reported objective is its own, and step 4 removes a copy on
     * most seeds.
     */
    @Test
    void nearlyDependentStepsNeverRaiseTheObjective() {
        int checked = 0;
        int removed = 0;
        for (int seed = 0; seed < 100; seed++) {
            Random rnd = new Random(seed);
            int n = 25;
            double[][] x = new double[n][2];
            for (int k = 0; k < n; k++) {
                x[k][0] = rnd.nextGaussian();
                x[k][1] = rnd.nextGaussian();
            }
            List<double[]> dirs = new ArrayList<>();
            List<Integer> signs = new ArrayList<>();
            for (int j = 0; j < 6; j++) {
                dirs.add(unit(new double[] {rnd.nextGaussian(), rnd.nextGaussian(), 0.3}));
                signs.add(j % 2 == 0 ? 1 : -1);
            }
            for (int j = 0; j < 2; j++) {
                // directions j and 6 + j: one on each side of row k's hyperplane, 2e-4 apart (a cell boundary)
                double[] xk = {x[j][0], x[j][1], 1};
                double[] d = dirs.get(j);
                double along = (xk[0] * d[0] + xk[1] * d[1] + xk[2] * d[2]) / (xk[0] * xk[0] + xk[1] * xk[1] + 1);
                double off = 1e-4 / Math.sqrt(xk[0] * xk[0] + xk[1] * xk[1] + 1);
                double[] plus = new double[3];
                double[] minus = new double[3];
                for (int i = 0; i < 3; i++) {
                    plus[i] = d[i] - along * xk[i] + off * xk[i];
                    minus[i] = d[i] - along * xk[i] - off * xk[i];
                }
                dirs.set(j, unit(plus));
                dirs.add(unit(minus));
                signs.add(signs.get(j));
            }
            // a target the eight directions plant, so that the optimal amounts keep the near copies
            double[] y = new double[n];
            double[] w = new double[dirs.size()];
            for (int j = 0; j < w.length; j++) {
                w[j] = 0.5 + rnd.nextDouble();
            }
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < w.length; j++) {
                    double[] d = dirs.get(j);
                    y[k] += signs.get(j) * w[j] * Math.max(0, x[k][0] * d[0] + x[k][1] * d[1] + d[2]);
                }
                y[k] += 0.01 * rnd.nextGaussian();
            }
            Dataset data = Dataset.of(x, y);
            double beta = 1e-3;
            double[] a = w; // the planted amounts: near the optimum, not at it
            if (samePattern(data, dirs.get(0), dirs.get(6)) || samePattern(data, dirs.get(1), dirs.get(7))) {
                continue; // row j on the hyperplane to rounding: steps 1-3 merge the copies
            }
            List<Neuron> ns = new ArrayList<>();
            for (int j = 0; j < a.length; j++) {
                if (a[j] > 0) {
                    double s = Math.sqrt(a[j]);
                    double[] u = dirs.get(j).clone();
                    for (int i = 0; i < u.length; i++) {
                        u[i] *= s;
                    }
                    ns.add(new Neuron(u, signs.get(j) * s));
                }
            }
            ReluNet net = new ReluNet(true, beta, ns);
            Pruning.Result r = Pruning.prune(data, beta, net);
            double before = plainObjective(data, beta, net);
            double after = plainObjective(data, beta, r.net());
            assertThat(after).as("seed %d", seed).isLessThanOrEqualTo(before * (1 + 1e-12));
            assertThat(r.net().width()).isLessThanOrEqualTo(net.width());
            assertThat(after).isCloseTo(r.objective(), org.assertj.core.data.Offset.offset(1e-9 * after));
            assertThat(r.objective()).isEqualTo(r.net().objective(data, beta));
            if (r.removedNearlyDependent() > 0) {
                removed++;
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(90);
        assertThat(removed).isGreaterThanOrEqualTo(checked / 2);
    }

    private static boolean samePattern(Dataset data, double[] u, double[] v) {
        for (int k = 0; k < data.n(); k++) {
            double p = data.x(k, 0) * u[0] + data.x(k, 1) * u[1] + u[2];
            double q = data.x(k, 0) * v[0] + data.x(k, 1) * v[1] + v[2];
            if ((p > 0) != (q > 0)) {
                return false;
            }
        }
        return true;
    }

    private static double[] unit(double[] u) {
        double s = 0;
        for (double v : u) {
            s += v * v;
        }
        s = Math.sqrt(s);
        for (int i = 0; i < u.length; i++) {
            u[i] /= s;
        }
        return u;
    }

    /** ½ Σ_k (Σ_j α_j (x̃_kᵀu_j)₊ − y_k)² + (β/2) Σ_j (‖u_j‖² + α_j²), x̃_k = (x_k, 1). */
    static double plainObjective(Dataset data, double beta, ReluNet net) {
        double loss = 0;
        for (int k = 0; k < data.n(); k++) {
            double f = 0;
            for (Neuron nu : net.neurons()) {
                double s = nu.u()[nu.u().length - 1];
                for (int i = 0; i < data.d(); i++) {
                    s += data.x(k, i) * nu.u()[i];
                }
                f += nu.alpha() * Math.max(0, s);
            }
            loss += 0.5 * (f - data.y(k)) * (f - data.y(k));
        }
        for (Neuron nu : net.neurons()) {
            double uu = 0;
            for (double v : nu.u()) {
                uu += v * v;
            }
            loss += 0.5 * beta * (uu + nu.alpha() * nu.alpha());
        }
        return loss;
    }
}

package org.cvxrelu.optimal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.bench.Reproduce;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `reproduce optimal-sets --quick`: each figure of its CSV against a computation of its own. */
class OptimalSetsExperimentTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void quickRunAgreesWithIndependentChecks() throws Exception {
        long seed = 1;
        Map<String, Object> res = (Map<String, Object>) Reproduce.run("optimal-sets", dir, seed, true)
                .get("optimal-sets");
        List<String> lines = Files.readAllLines(dir.resolve("optimal_sets.csv"));
        List<String> head = List.of(lines.get(0).split(","));
        assertThat(lines).hasSize(1 + (int) res.get("instances"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int n = Integer.parseInt(f[head.indexOf("n")]);
            int d = Integer.parseInt(f[head.indexOf("d")]);
            int k = Integer.parseInt(f[head.indexOf("k")]);
            double beta = Double.parseDouble(f[head.indexOf("beta")]);
            int mStar = Integer.parseInt(f[head.indexOf("mStar")]);
            boolean exact = f[head.indexOf("method")].startsWith("exact");
            Dataset data = InstanceGenerator.teacher(n, d, k, seed * 1000 + 17L * n + 5L * d + k, 0.0);
            // the experiment's own options: the pruned width below is that of this very solution (degenerate
            // instances have several optimal points, and they prune to different widths)
            SolveResult opt = CvxRelu.solve(data, beta, SolveOptions.defaults().withSettings(
                    org.cvxrelu.solver.SolverSettings.defaults().withRelativeGap(OptimalSet.ANALYSE_GAP)));
            double pStar = opt.objective();
            assertThat(Double.parseDouble(f[head.indexOf("pStar")])).isCloseTo(pStar,
                    org.assertj.core.api.Assertions.within(1e-5 * pStar));
            // the ψ/φ figures: L_β(ψ(W)) by a plain loop over the solver's own net
            ReluNet psi = opt.solution().toNet(opt.program());
            Path p = dir.resolve("psi.json");
            org.cvxrelu.net.NetFile.write(psi, p);
            double loop = OptimalSetExactTest.objectiveByLoop(p, data, beta);
            assertThat(Math.abs(loop - opt.solution().objective(opt.program())) / pStar).isLessThan(1e-12);
            assertThat(Double.parseDouble(f[head.indexOf("psiObjectiveError")])).isLessThan(1e-12);
            assertThat(Double.parseDouble(f[head.indexOf("phiBlockError")])).isLessThan(1e-9);
            // split then prune: the split net is not minimal, the pruned one is; m* is at most its width
            assertThat(f[head.indexOf("splitMinimal")]).isEqualTo("false");
            assertThat(f[head.indexOf("prunedMinimal")]).isEqualTo("true");
            int pruned = Pruning.prune(data, beta, psi).neuronsAfter();
            assertThat(Integer.parseInt(f[head.indexOf("prunedWidth")])).isEqualTo(pruned);
            assertThat(mStar).isLessThanOrEqualTo(pruned).isLessThanOrEqualTo(n + 1);
            // m* − 1 neurons cannot reach P*: every subset of m* − 1 groups is certified worse
            if (exact && mStar >= 1) {
                RestrictedBound.Width below = RestrictedBound.narrowest(opt.program(), mStar - 1, 1500);
                assertThat(below.lowerBound()).isGreaterThan(pStar * (1 + 1e-7));
            }
            assertThat(Double.parseDouble(f[head.indexOf("narrowestExcess")])).isLessThan(1e-6);
            assertThat(Double.parseDouble(f[head.indexOf("widestExcess")])).isLessThan(1e-6);
        }
    }
}

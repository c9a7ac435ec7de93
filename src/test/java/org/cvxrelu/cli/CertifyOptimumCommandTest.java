package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.cvxrelu.fuzz.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * {@code certify NET --optimum-seconds S}: a net far from the optimum (Adam, width 3, on teacher_n30_d2 at β = 0.1)
 * gets a weak bound from its own residual; the optimum search's bound replaces it, and both the bound and the
 * optimum found are checked against the certified optimum recorded in instances/optima.csv (computed independently,
 * by the exact enumeration): the bound never above the optimum, and within the 1e-6 target of it; the excess of
 * the net over P* then pinned from both sides.
 */
class CertifyOptimumCommandTest {
    private static final double OPTIMUM_HIGH = 0.388425510621;
    private static final double OPTIMUM_LOW = 0.388425510194;

    private static Path adamNet(Path dir) {
        Path net = dir.resolve("adam-w3.json");
        JsonObject t = CliRun.json("train", "instances/teacher_n30_d2.csv", "--beta", "0.1", "--width", "3",
                "--optimizer", "adam", "--seed", "1", "--out", net.toString(), "--json", "--quiet");
        assertThat(t.get("objective").getAsDouble()).isGreaterThan(1.5 * OPTIMUM_HIGH); // far from the optimum
        return net;
    }

    private static void checkAgainstTheOptimum(JsonObject plain, JsonObject o) {
        double objective = o.get("objective").getAsDouble();
        assertThat(objective).isEqualTo(plain.get("objective").getAsDouble());
        assertThat(o.get("netLowerBound").getAsDouble()).isEqualTo(plain.get("lowerBound").getAsDouble());
        assertThat(o.get("lowerBoundSource").getAsString()).isEqualTo("optimum search");
        assertThat(o.get("certified").getAsBoolean()).isTrue();
        assertThat(o.get("optimumLowerBoundProven").getAsBoolean()).isTrue();
        double lower = o.get("lowerBound").getAsDouble();
        // proven: never above the optimum; and the search's bound is the optimum's, to the 1e-6 target gap
        assertThat(lower).isLessThanOrEqualTo(OPTIMUM_HIGH * (1 + 1e-12));
        assertThat(lower).isGreaterThanOrEqualTo(OPTIMUM_LOW * (1 - 1e-6));
        assertThat(lower).isGreaterThan(plain.get("lowerBound").getAsDouble());
        double optimum = o.get("optimumObjective").getAsDouble();
        assertThat(optimum).isBetween(OPTIMUM_LOW * (1 - 1e-12), OPTIMUM_HIGH * (1 + 1e-6));
        assertThat(o.get("relativeGap").getAsDouble()).isCloseTo((objective - lower) / objective,
                org.assertj.core.api.Assertions.within(1e-12));
        // the net's excess over P*: at least excessAtLeast, at most relativeGap; both near the recorded optimum's
        double excess = (objective - OPTIMUM_LOW) / objective;
        assertThat(o.get("excessAtLeast").getAsDouble()).isLessThanOrEqualTo(o.get("relativeGap").getAsDouble());
        assertThat(o.get("excessAtLeast").getAsDouble()).isCloseTo(excess, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(o.get("relativeGap").getAsDouble()).isCloseTo(excess, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void theOptimumSearchBoundsAFarNetTightly(@TempDir Path dir) {
        Path net = adamNet(dir);
        JsonObject plain = CliRun.json("certify", "instances/teacher_n30_d2.csv", net.toString(), "--beta", "0.1",
                "--json", "--quiet");
        assertThat(plain.get("lowerBoundScope").getAsString()).isEqualTo("all patterns");
        assertThat(plain.get("relativeGap").getAsDouble()).isGreaterThan(0.8); // its own residual: a weak bound
        // the arrangement fits (872 cells): the optimum search is the exact solve
        checkAgainstTheOptimum(plain, CliRun.json("certify", "instances/teacher_n30_d2.csv", net.toString(), "--beta",
                "0.1", "--optimum-seconds", "20", "--json", "--quiet"));
        // at most 300 patterns: generated, then continued with every pattern priced by branch and bound
        JsonObject generated = CliRun.json("certify", "instances/teacher_n30_d2.csv", net.toString(), "--beta", "0.1",
                "--global", "--max-patterns", "300", "--optimum-seconds", "20", "--json", "--quiet");
        checkAgainstTheOptimum(CliRun.json("certify", "instances/teacher_n30_d2.csv", net.toString(), "--beta", "0.1",
                "--global", "--json", "--quiet"), generated);
        assertThat(generated.get("lowerBoundScope").getAsString()).isEqualTo("global (branch and bound)");
    }

    /**
     * A net trained on z-scores records its scaling, and certify works on that scale: the search's bound and optimum
     * are checked against the exact solve of the same standardised problem (every cell enumerated and priced, a
     * different method from the search continued by branch and bound here).
     */
    @Test
    void aNetOnZScoresIsBoundedOnItsOwnScale(@TempDir Path dir) {
        Path net = dir.resolve("adam-z.json");
        CliRun.json("train", "instances/teacher_n30_d2.csv", "--beta", "0.1", "--standardize", "--width", "3",
                "--optimizer", "adam", "--seed", "1", "--out", net.toString(), "--json", "--quiet");
        JsonObject exact = CliRun.json("solve", "instances/teacher_n30_d2.csv", "--beta", "0.1", "--standardize",
                "--json", "--quiet");
        assertThat(exact.get("exact").getAsBoolean()).isTrue();
        assertThat(exact.get("certified").getAsBoolean()).isTrue();
        JsonObject o = CliRun.json("certify", "instances/teacher_n30_d2.csv", net.toString(), "--beta", "0.1",
                "--max-patterns", "300", "--optimum-seconds", "20", "--json", "--quiet");
        assertThat(o.get("scale").getAsString()).isEqualTo("standardized");
        assertThat(o.get("lowerBoundSource").getAsString()).isEqualTo("optimum search");
        double lower = o.get("lowerBound").getAsDouble();
        double optimum = o.get("optimumObjective").getAsDouble();
        assertThat(lower).isLessThanOrEqualTo(exact.get("objective").getAsDouble() * (1 + 1e-12));
        assertThat(optimum).isGreaterThanOrEqualTo(exact.get("lowerBound").getAsDouble() * (1 - 1e-12));
        assertThat(optimum).isCloseTo(exact.get("objective").getAsDouble(),
                org.assertj.core.api.Assertions.within(2e-6 * optimum));
    }

    /**
     * Where nothing can be proven over every pattern (r = 18, above the branch and bound's 16, and an arrangement too
     * large to enumerate), the search still finds a better net, but the lower bound stays the net's own and stays
     * uncertified: a search's bound over generated patterns never stands in for one on P*.
     */
    @Test
    void anUnprovenSearchLeavesTheNetsOwnBound(@TempDir Path dir) throws java.io.IOException {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < 17; j++) {
            csv.append("x").append(j).append(',');
        }
        csv.append("target\n");
        for (int k = 0; k < 30; k++) {
            double y = 0;
            for (int j = 0; j < 17; j++) {
                double x = Math.rint(100 * rnd.nextGaussian()) / 100;
                csv.append(x).append(',');
                y += (j % 3 == 0 ? 1 : -0.5) * Math.max(0, x);
            }
            csv.append(Math.rint(100 * y) / 100).append('\n');
        }
        Path data = dir.resolve("wide.csv");
        java.nio.file.Files.writeString(data, csv);
        Path net = dir.resolve("wide-net.json");
        CliRun.json("train", data.toString(), "--beta", "0.1", "--width", "2", "--optimizer", "adam", "--seed", "1",
                "--out", net.toString(), "--json", "--quiet");
        String[] base = {"certify", data.toString(), net.toString(), "--beta", "0.1", "--sample", "40", "--seed", "1",
            "--json", "--quiet"};
        JsonObject plain = CliRun.json(base);
        String[] with = java.util.Arrays.copyOf(base, base.length + 2);
        with[base.length] = "--optimum-seconds";
        with[base.length + 1] = "1";
        JsonObject o = CliRun.json(with);
        assertThat(plain.get("certified").getAsBoolean()).isFalse();
        assertThat(o.get("optimumLowerBoundProven").getAsBoolean()).isFalse();
        assertThat(o.get("lowerBoundSource").getAsString()).isEqualTo("this net's residual");
        assertThat(o.get("certified").getAsBoolean()).isFalse();
        assertThat(o.get("lowerBound").getAsDouble()).isEqualTo(plain.get("lowerBound").getAsDouble());
        assertThat(o.get("relativeGap").getAsDouble()).isEqualTo(plain.get("relativeGap").getAsDouble());
        assertThat(o.get("lowerBoundScope").getAsString()).isEqualTo(plain.get("lowerBoundScope").getAsString());
        assertThat(o.get("optimumObjective").getAsDouble()).isLessThanOrEqualTo(o.get("objective").getAsDouble());
        assertThat(o.get("excessAtLeast").getAsDouble()).isGreaterThanOrEqualTo(0);
    }

    /** Which answers bound P*: every cell priced, or c(λ) bounded by branch and bound; not generated or sampled ones. */
    @Test
    void onlyBoundsOverEveryPatternBoundTheOptimum() {
        org.cvxrelu.data.Dataset data = org.cvxrelu.data.CsvDataReader.read(Path.of("instances/teacher_n30_d2.csv"));
        org.cvxrelu.SolveOptions defaults = org.cvxrelu.SolveOptions.defaults();
        org.cvxrelu.SolveResult exact = org.cvxrelu.CvxRelu.solve(data, 0.1, defaults);
        org.cvxrelu.SolveResult generated = org.cvxrelu.CvxRelu.solve(data, 0.1,
                defaults.withPatterns(new org.cvxrelu.patterns.PatternOptions(true, null, 0, 300)));
        org.cvxrelu.SolveResult sampled = org.cvxrelu.CvxRelu.solve(data, 0.1,
                defaults.withPatterns(new org.cvxrelu.patterns.PatternOptions(true, 200, 3, 300)));
        assertThat(org.cvxrelu.CvxRelu.boundsOptimum(exact)).isTrue();
        assertThat(org.cvxrelu.CvxRelu.boundsOptimum(generated)).isFalse();
        assertThat(org.cvxrelu.CvxRelu.boundsOptimum(sampled)).isFalse();
        assertThat(org.cvxrelu.CvxRelu.boundsOptimum(org.cvxrelu.CvxRelu.withGlobalSearch(data, 0.1,
                defaults.withPatterns(new org.cvxrelu.patterns.PatternOptions(true, null, 0, 300)), generated, 10)))
                .isTrue();
    }

    @Test
    void withoutTheOptionNothingChangesAndBadSecondsAreRejected(@TempDir Path dir) {
        Path net = adamNet(dir);
        JsonObject plain = CliRun.json("certify", "instances/teacher_n30_d2.csv", net.toString(), "--beta", "0.1",
                "--json", "--quiet");
        assertThat(plain.has("lowerBoundSource")).isFalse();
        assertThat(plain.has("optimumObjective")).isFalse();
        CliRun r = CliRun.of("certify", "instances/teacher_n30_d2.csv", net.toString(), "--beta", "0.1",
                "--optimum-seconds", "-1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--optimum-seconds");
    }
}

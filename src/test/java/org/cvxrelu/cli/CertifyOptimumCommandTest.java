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

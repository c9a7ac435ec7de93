package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.cvxrelu.fuzz.CliRun;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

/**
 * {@code solve --global-seconds S} (issue 14): a sampled solve whose pattern budget is too small for the exact
 * arrangement reports a lower bound proven over every pattern, never above teacher_n30_d2's optimum at β = 0.1
 * (instances/optima.csv); without the option the scope stays the sampled patterns'. A solve over generated
 * patterns (r ≤ 5) is continued to the certified global optimum.
 */
class SolveGlobalSecondsCommandTest {
    private static final double OPTIMUM_HIGH = 0.388425510621;
    private static final double OPTIMUM_LOW = 0.388425510194;

    @Test
    void globalSecondsGivesACertifiedGlobalBoundBelowTheOptimum() {
        String[] base = {"solve", "instances/teacher_n30_d2.csv", "--beta", "0.1", "--sample", "200", "--seed", "3",
            "--max-patterns", "300", "--json", "--quiet"};
        JsonObject plain = CliRun.json(base);
        assertThat(plain.get("certified").getAsBoolean()).isFalse();
        assertThat(plain.get("lowerBoundScope").getAsString()).isNotEqualTo("global (branch and bound)");
        String[] withGlobal = java.util.Arrays.copyOf(base, base.length + 2);
        withGlobal[base.length] = "--global-seconds";
        withGlobal[base.length + 1] = "20";
        JsonObject g = CliRun.json(withGlobal);
        assertThat(g.get("certified").getAsBoolean()).isTrue();
        assertThat(g.get("lowerBoundScope").getAsString()).isEqualTo("global (branch and bound)");
        assertThat(g.get("lowerBound").getAsDouble()).isLessThanOrEqualTo(OPTIMUM_HIGH * (1 + 1e-12));
        assertThat(g.get("objective").getAsDouble()).isEqualTo(plain.get("objective").getAsDouble());
        assertThat(g.has("patternLowerBound")).isTrue();
        assertThat(g.has("searchNodes")).isTrue();
    }

    @Test
    void generatedSolveIsContinuedToTheGlobalOptimum() {
        // exact patterns asked for, at most 300 of teacher_n30_d2's 872 cells: generated patterns, r = 3
        JsonObject g = CliRun.json("solve", "instances/teacher_n30_d2.csv", "--beta", "0.1", "--max-patterns", "300",
                "--global-seconds", "30", "--json", "--quiet");
        assertThat(g.get("certified").getAsBoolean()).isTrue();
        assertThat(g.get("lowerBoundScope").getAsString()).isEqualTo("global (branch and bound)");
        assertThat(g.get("globalSearchSettled").getAsBoolean()).isTrue();
        assertThat(g.get("relativeGap").getAsDouble()).isLessThanOrEqualTo(1e-6);
        assertThat(g.get("lowerBound").getAsDouble()).isLessThanOrEqualTo(OPTIMUM_HIGH * (1 + 1e-12));
        assertThat(g.get("objective").getAsDouble()).isGreaterThanOrEqualTo(OPTIMUM_LOW * (1 - 1e-12));
        assertThat(g.get("objective").getAsDouble()).isLessThanOrEqualTo(g.get("solveObjective").getAsDouble());
        // where the generation's time went (issue 12: report it): its parts fit in the whole process's seconds
        assertThat(g.get("generationRounds").getAsInt()).isPositive();
        assertThat(g.get("generationStoppedBy").getAsString()).isNotBlank();
        double search = g.get("generationSearchSeconds").getAsDouble();
        double solves = g.get("generationSolveSeconds").getAsDouble();
        assertThat(search).isPositive();
        assertThat(solves).isPositive();
        assertThat(search + solves).isLessThanOrEqualTo(g.get("seconds").getAsDouble());
    }

    @Test
    void negativeGlobalSecondsIsRejected() {
        CliRun r = CliRun.of("solve", "instances/teacher_n30_d2.csv", "--beta", "0.1", "--global-seconds", "-1");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("--global-seconds");
    }
}

package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cvxrelu.fuzz.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;


class ReproduceCommandTest {
    @TempDir
    Path dir;

    private static JsonObject run(int expectedCode, String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(expectedCode);
        return expectedCode == 0 ? JsonParser.parseString(r.out().trim()).getAsJsonObject() : null;
    }

    @Test
    void quickRunOfAllWritesEveryCsv() throws Exception {
        Path out = dir.resolve("exp");
        JsonObject o = run(0, "reproduce", "all", "--quick", "--out", out.toString(), "--json");
        for (String name : new String[] {"kumar", "ergen-pilanci", "safran-shamir", "linear"}) {
            JsonObject s = o.getAsJsonObject(name);
            assertThat(s).as(name).isNotNull();
            assertThat(s.getAsJsonArray("files")).isNotEmpty();
            s.getAsJsonArray("files").forEach(f -> assertThat(out.resolve(f.getAsString())).isRegularFile());
        }
        for (String csv : new String[] {"kumar_trajectory.csv", "kumar_two_layer.csv", "ergen_pilanci_final.csv",
                "ergen_pilanci_m1_curves.csv", "ergen_pilanci_m3_curves.csv", "safran_shamir.csv",
                "safran_shamir_runs.csv", "linear_gd.csv"}) {
            Path p = out.resolve(csv);
            assertThat(p).isRegularFile();
            assertThat(Files.readAllLines(p).size()).as(csv).isGreaterThan(1);
        }
        assertThat(o.getAsJsonObject("kumar").getAsJsonObject("singleNeuron").get("neverBelowZero").getAsBoolean())
                .isTrue();
        assertThat(o.getAsJsonObject("linear").get("relDistanceFinalZeroStart").getAsDouble()).isLessThan(1e-6);
    }

    @Test
    void populationRowReportsItsFiguresTheSameOnAnyThreadCount() {
        JsonObject a = run(0, "reproduce", "safran-shamir", "--population", "--k", "6", "--m", "6", "--runs", "40",
                "--seed", "3", "--threads", "2", "--json", "-q");
        JsonObject b = run(0, "reproduce", "safran-shamir", "--population", "--k", "6", "--m", "6", "--runs", "40",
                "--seed", "3", "--threads", "1", "--json", "-q");
        for (String key : new String[] {"badPercent", "runs", "seconds", "badMinimumLosses", "surveyPercent"}) {
            assertThat(a.has(key)).as(key).isTrue();
        }
        assertThat(a.get("runs").getAsInt()).isEqualTo(40);
        assertThat(a.get("k").getAsInt()).isEqualTo(6);
        assertThat(a.has("files")).isFalse(); // nothing written without --out
        assertThat(b.get("badPercent")).isEqualTo(a.get("badPercent"));
        assertThat(b.get("badMinimumLosses")).isEqualTo(a.get("badMinimumLosses"));
    }

    @Test
    void populationOptionsNeedPopulationAndSafranShamir() {
        run(Main.BAD_INPUT, "reproduce", "safran-shamir", "--k", "6", "--out", dir.toString());
        run(Main.BAD_INPUT, "reproduce", "kumar", "--population", "--k", "6");
        run(Main.BAD_INPUT, "reproduce", "safran-shamir", "--population", "--k", "6", "--runs", "0");
    }

    @Test
    void unknownExperimentIsBadInput() {
        run(Main.BAD_INPUT, "reproduce", "nonsense", "--out", dir.toString());
    }
}

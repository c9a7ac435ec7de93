package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Same input and seed, same output bytes: every command that writes a file is run twice in one JVM (so
 * that caches such as the pricing hints and the JIT state differ between the runs) and the files must be
 * byte-identical; the JSON reports must agree on every key but the wall-clock ones. Runs in separate JVMs
 * and with a single-thread fork-join pool are compared by verify/verify.sh.
 */
class DeterminismTest {
    private static final List<String> CLOCK_KEYS = List.of("seconds", "restartSeconds", "out");

    @TempDir
    Path dir;

    /** The command with OUT replaced by {@code out}; returns the JSON report. */
    private static JsonObject run(String command, Path out) {
        String[] args = (command + " --json -q").replace("OUT", out.toString()).split(" ");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(old);
        }
        assertThat(code).as(command).isZero();
        JsonObject report = JsonParser.parseString(buf.toString(StandardCharsets.UTF_8).trim()).getAsJsonObject();
        CLOCK_KEYS.forEach(report::remove);
        return report;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "solve instances/teacher_n30_d2.csv --beta 0.1 --out OUT",
        "solve instances/teacher_n30_d2.csv --beta 0.1 --sample 200 --seed 3 --out OUT",
        "patterns instances/teacher_n40_d3.csv --sample 300 --seed 2 --out OUT",
        "patterns instances/teacher_n24_d4.csv --out OUT",
        "train instances/teacher_n12_d2.csv --beta 0.1 --width 6 --restarts 3 --seed 5 --optimizer sgd --out OUT",
        "generate teacher --n 20 --d 3 --seed 4 --out OUT"})
    void sameSeedSameBytes(String command) throws IOException {
        Path a = dir.resolve("a.out");
        Path b = dir.resolve("b.out");
        JsonObject first = run(command, a);
        JsonObject second = run(command, b);
        assertThat(Files.readAllBytes(b)).as("output file of " + command).isEqualTo(Files.readAllBytes(a));
        assertThat(second).as("report of " + command).isEqualTo(first);
    }
}

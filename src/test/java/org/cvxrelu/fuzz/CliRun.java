package org.cvxrelu.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.cvxrelu.cli.Main;

/**
 * One in-process run of the command line: its exit code and what it printed. {@link Main#run} builds a fresh
 * picocli {@code CommandLine} per call, whose error writer wraps {@code System.err} when first used, so
 * swapping the two streams around the call captures everything.
 */
public record CliRun(int exitCode, String out, String err) {
    private static final Object STREAMS = new Object();

    /** Runs {@code args}, which must exit 0 (else the assertion shows stderr), and parses stdout as one JSON object. */
    public static com.google.gson.JsonObject json(String... args) {
        CliRun r = of(args);
        org.assertj.core.api.Assertions.assertThat(r.exitCode()).as(r.err()).isZero();
        return com.google.gson.JsonParser.parseString(r.out().trim()).getAsJsonObject();
    }

    public static CliRun of(String... args) {
        synchronized (STREAMS) {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                System.setOut(o);
                System.setErr(e);
                int rc = Main.run(args);
                o.flush();
                e.flush();
                return new CliRun(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
    }
}

package org.cvxrelu.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.opentest4j.AssertionFailedError;

/**
 * Runs commands on fuzzed inputs under a time limit, checks each against the {@link Contract}, counts exit
 * codes per mutation, and keeps every input that broke the contract in {@code target/fuzz-failures} so that it
 * can be replayed by hand.
 */
final class FuzzRecord {
    private static final Path FAILURES = Path.of("target", "fuzz-failures");
    private static final int MAX_KEPT = 50;

    private final String kind;
    private final Duration limit;
    private final long start = System.nanoTime();
    private final Map<String, int[]> exitCodes = new TreeMap<>();
    private final Map<String, String> sampleReason = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int inputs;
    private int runs;

    FuzzRecord(String kind, Duration limit) {
        this.kind = kind;
        this.limit = limit;
    }

    /** One fuzzed input: runs each command (the input path and output path are already in it) in turn. */
    void input(String label, byte[] content, Path input, Path out, Path outDir, List<String[]> commands) {
        inputs++;
        for (String[] args : commands) {
            runs++;
            CliRun run;
            try {
                run = assertTimeoutPreemptively(limit, () -> CliRun.of(args));
            } catch (AssertionFailedError timeout) {
                fail(label, content, args, List.of("no answer within " + limit.toSeconds() + " s"), "");
                throw new AssertionError(summary(), timeout); // the run still holds the streams: stop here
            }
            int[] counts = exitCodes.computeIfAbsent(label.split(" ")[1].split("\\+")[0], k -> new int[3]);
            counts[Math.min(run.exitCode(), 2)]++;
            if (run.exitCode() == 2) {
                sampleReason.putIfAbsent(label.split(" ")[1].split("\\+")[0] + " [" + args[0] + "]", abbreviate(
                        run.err().strip().replace(input.toString(), input.getFileName().toString())));
            }
            Path written = List.of(args).contains(out.toString()) ? out : null;
            List<String> v = Contract.violations(run, input, written, outDir);
            if (!v.isEmpty()) {
                fail(label, content, args, v, run.err());
            }
            deleteIfExists(out);
        }
    }

    private void fail(String label, byte[] content, String[] args, List<String> what, String err) {
        String command = args[0];
        String line = label + " [" + command + "]: " + String.join("; ", what) + " -- stderr: "
                + abbreviate(err.strip());
        if (failures.size() < MAX_KEPT) {
            try {
                Files.createDirectories(FAILURES);
                String ext = input(args).toString().endsWith(".json") ? ".json" : ".csv";
                Path keep = FAILURES.resolve(kind + "-" + label.replaceAll("[^A-Za-z0-9+-]+", "_") + ext);
                Files.write(keep, content);
                line += " -- input kept in " + keep;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        failures.add(line);
    }

    private static Path input(String[] args) {
        for (String a : args) {
            if (a.contains("fuzz-")) {
                return Path.of(a);
            }
        }
        return Path.of(args[1]);
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    List<String> failures() {
        return failures;
    }

    int inputs() {
        return inputs;
    }

    /** Inputs, runs, seconds, then per (first) mutation how many runs exited 0, 1 and 2
     * (with {@code -Dfuzz.samples=true} also one reason per mutation and command). */
    String summary() {
        StringBuilder b = new StringBuilder(String.format("%s fuzz: %d inputs, %d runs, %.1f s, %d contract violations%n",
                kind, inputs, runs, (System.nanoTime() - start) / 1e9, failures.size()));
        exitCodes.forEach((m, c) -> b.append(String.format("  %-34s exit 0: %5d  exit 1: %3d  exit 2: %5d%n", m, c[0], c[1], c[2])));
        if (Boolean.getBoolean("fuzz.samples")) {
            sampleReason.forEach((m, r) -> b.append("  e.g. ").append(m).append(": ").append(r).append('\n'));
        }
        failures.stream().limit(30).forEach(f -> b.append("  FAIL ").append(f).append('\n'));
        return b.toString();
    }

    private static void deleteIfExists(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

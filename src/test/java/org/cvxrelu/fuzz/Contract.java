package org.cvxrelu.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reliability contract of one command run on a fuzzed input (issue 7, SPEC.md "Command line"): exit code 0
 * or 2, never 1; on 2 exactly one non-empty line on stderr, starting {@code "cvxrelu: "}, naming the input file,
 * short, with no stack trace; no output file after a failure, the output file after a success, and never a
 * temporary file left in the output folder. Returns what was broken, empty when nothing was.
 */
final class Contract {
    /** Longest message accepted: a reason quotes at most an abbreviated piece of the input. */
    static final int MAX_MESSAGE = 600;

    private Contract() {
    }

    static List<String> violations(CliRun run, Path input, Path out, Path outDir) {
        List<String> v = new ArrayList<>();
        int rc = run.exitCode();
        if (rc != 0 && rc != 2) {
            v.add("exit code " + rc);
        }
        String err = run.err();
        for (String trace : List.of("Exception", "\tat ", "at org.", "at java.", "internal error", "Error:")) {
            if (err.contains(trace)) {
                v.add("stderr holds '" + trace.strip() + "'");
            }
        }
        if (rc == 2) {
            String line = err.endsWith("\n") ? err.substring(0, err.length() - 1) : err;
            if (line.isBlank()) {
                v.add("no reason on stderr");
            }
            if (line.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029')) {
                v.add("reason is not one line");
            }
            if (line.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                v.add("reason holds a control character");
            }
            if (!line.startsWith("cvxrelu: ")) {
                v.add("reason does not start with 'cvxrelu: '");
            }
            if (!line.contains(input.toString())) {
                v.add("reason does not name " + input.getFileName());
            }
            if (line.length() > MAX_MESSAGE) {
                v.add("reason is " + line.length() + " characters long");
            }
            if (out != null && Files.exists(out)) {
                v.add("output file exists after a failure");
            }
        }
        if (rc == 0 && out != null && !Files.isRegularFile(out)) {
            v.add("no output file after success");
        }
        for (Path p : list(outDir)) {
            if (!p.equals(out)) {
                v.add("stray file " + p.getFileName() + " in the output folder");
            }
        }
        return v;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

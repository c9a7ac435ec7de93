package org.cvxrelu.cli;

import java.util.Map;

import org.cvxrelu.io.Json;
import org.cvxrelu.solver.Progress;

import picocli.CommandLine.Option;

/** Options every command shares: {@code --json} for machine-readable output, {@code --quiet} for no progress. */
public final class OutputOptions {
    @Option(names = "--json", description = "Print one JSON object on stdout instead of text.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    /** Prints a report: one JSON object, or aligned "key: value" lines. */
    void print(Map<String, Object> report) {
        if (json) {
            System.out.println(Json.toJson(report, false));
            return;
        }
        int width = 0;
        for (String k : report.keySet()) {
            width = Math.max(width, k.length());
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : report.entrySet()) {
            sb.append(String.format("%-" + width + "s  %s%n", e.getKey(), text(e.getValue())));
        }
        System.out.print(sb);
    }

    private static String text(Object v) {
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue());
            }
            return String.format("%.10g", d);
        }
        if (v instanceof Map<?, ?> || v instanceof Iterable<?> || v instanceof double[] || v instanceof int[]) {
            return Json.toJson(v, false);
        }
        return String.valueOf(v);
    }

    /** Progress lines on stderr for runs longer than a second, unless quiet. */
    Progress progress() {
        return quiet ? Progress.NONE : new StderrProgress();
    }
}

package org.cvxrelu.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.cvxrelu.io.Json;
import org.cvxrelu.solver.Progress;

import picocli.CommandLine.Option;

/** Options every command shares: {@code --json} for machine-readable output, {@code --quiet} for no progress. */
public final class OutputOptions {
    @Option(names = "--json", description = "Print one JSON object on stdout instead of text.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    private StderrProgress progress;

    /**
     * Prints a report: one JSON object, or text: aligned "key  value" lines, nested objects flattened to
     * "outer.inner" keys, and a list of objects (e.g. the rows of a path) as an aligned table.
     */
    void print(Map<String, Object> report) {
        endProgress();
        System.out.print(json ? Json.toJson(report, false) + "\n" : text(report));
    }

    /** The text form of a report (see {@link #print}). */
    static String text(Map<String, ?> report) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", report, flat);
        int width = 0;
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            if (!(e.getValue() instanceof Table)) {
                width = Math.max(width, e.getKey().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            if (e.getValue() instanceof Table t) {
                sb.append(e.getKey()).append(":\n").append(t.render("  "));
            } else {
                sb.append(String.format("%-" + width + "s  %s%n", e.getKey(), value(e.getValue())));
            }
        }
        return sb.toString();
    }

    /** Rows of a list of objects, with the union of their keys as columns. */
    private record Table(List<Map<?, ?>> rows) {
        String render(String indent) {
            Set<String> cols = new LinkedHashSet<>();
            for (Map<?, ?> r : rows) {
                r.keySet().forEach(k -> cols.add(String.valueOf(k)));
            }
            List<String> names = new ArrayList<>(cols);
            String[][] cells = new String[rows.size() + 1][names.size()];
            int[] w = new int[names.size()];
            for (int c = 0; c < names.size(); c++) {
                cells[0][c] = names.get(c);
                for (int r = 0; r < rows.size(); r++) {
                    Object v = rows.get(r).get(names.get(c));
                    cells[r + 1][c] = v == null ? "" : value(v);
                }
                for (String[] row : cells) {
                    w[c] = Math.max(w[c], row[c].length());
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String[] row : cells) {
                StringBuilder line = new StringBuilder(indent);
                for (int c = 0; c < row.length; c++) {
                    line.append(String.format("%-" + w[c] + "s", row[c]));
                    if (c + 1 < row.length) {
                        line.append("  ");
                    }
                }
                sb.append(line.toString().stripTrailing()).append('\n');
            }
            return sb.toString();
        }
    }

    private static void flatten(String prefix, Map<?, ?> m, Map<String, Object> into) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> inner && !inner.isEmpty()) {
                flatten(key + ".", inner, into);
            } else if (v instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(x -> x instanceof Map<?, ?>)) {
                List<Map<?, ?>> rows = new ArrayList<>();
                list.forEach(x -> rows.add((Map<?, ?>) x));
                into.put(key, new Table(rows));
            } else {
                into.put(key, v);
            }
        }
    }

    /** A value as text: numbers compactly (10 significant digits), arrays and lists comma-separated. */
    static String value(Object v) {
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue());
            }
            String s = String.format(Locale.ROOT, "%.10g", d);
            int e = s.indexOf('e');
            String mantissa = e < 0 ? s : s.substring(0, e);
            if (mantissa.contains(".")) {
                mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return e < 0 ? mantissa : mantissa + s.substring(e);
        }
        if (v instanceof Float f) {
            return value((double) f);
        }
        if (v instanceof double[] a) {
            List<Object> l = new ArrayList<>();
            for (double x : a) {
                l.add(x);
            }
            return value(l);
        }
        if (v instanceof int[] a) {
            List<Object> l = new ArrayList<>();
            for (int x : a) {
                l.add(x);
            }
            return value(l);
        }
        if (v instanceof long[] a) {
            List<Object> l = new ArrayList<>();
            for (long x : a) {
                l.add(x);
            }
            return value(l);
        }
        if (v instanceof Iterable<?> it) {
            List<String> parts = new ArrayList<>();
            for (Object x : it) {
                parts.add(x instanceof Map<?, ?> || x instanceof Iterable<?> ? Json.toJson(x, false) : value(x));
            }
            return String.join(", ", parts);
        }
        if (v instanceof Map<?, ?>) {
            return Json.toJson(v, false);
        }
        return String.valueOf(v);
    }

    /** Progress on stderr for runs longer than a second, unless quiet (one listener per command run). */
    Progress progress() {
        if (quiet) {
            return Progress.NONE;
        }
        if (progress == null) {
            progress = new StderrProgress();
        }
        return progress;
    }

    /**
     * Ends a progress line rewritten in place on the terminal (before the report or a warning is printed), after
     * printing the latest state if the one-line-a-second limit held it back.
     */
    void endProgress() {
        if (progress != null) {
            progress.finishWithLatest();
        }
    }
}

package org.cvxrelu.fuzz;

import static org.cvxrelu.fuzz.Mutation.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Damage that knows the CSV shape: odd cell and header texts, inserted and deleted separators, quotes, line
 * ends (CRLF, CR, mixed), blank and whitespace lines, removed and repeated rows, truncation right after each
 * kind of character, very long lines, many columns, other separators and invisible characters.
 */
final class CsvMutations {
    private CsvMutations() {
    }

    static List<Mutation> all() {
        return List.of(
                text("odd-cell", CsvMutations::oddCell),
                text("odd-header", CsvMutations::oddHeader),
                text("insert-comma", (t, r) -> insertAt(t, r.nextInt(t.length() + 1), ",")),
                text("delete-comma", (t, r) -> deleteOne(t, ',', r)),
                text("delete-newline", (t, r) -> deleteOne(t, '\n', r)),
                text("insert-newline", (t, r) -> insertAt(t, r.nextInt(t.length() + 1), "\n")),
                text("quote", CsvMutations::quote),
                text("line-ends", CsvMutations::lineEnds),
                text("blank-line", CsvMutations::blankLine),
                text("rows", CsvMutations::rows),
                text("truncate-after", CsvMutations::truncateAfter),
                text("long-line", CsvMutations::longLine),
                text("many-columns", CsvMutations::manyColumns),
                text("separator", (t, r) -> t.replace(",", Mutation.pick(List.of(";", "\t", " ", "|", ", ", ",,"), r))),
                text("odd-char", (t, r) -> insertAt(t, r.nextInt(t.length() + 1), Mutation.pick(OddValues.ODD_CHARS, r))));
    }

    private static List<String> lines(String t) {
        return new ArrayList<>(Arrays.asList(t.split("\n", -1)));
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines);
    }

    /** A line index among the non-empty lines (the header is 0). */
    private static int someLine(List<String> lines, SplittableRandom r) {
        int last = lines.size() - 1;
        while (last > 0 && lines.get(last).isEmpty()) {
            last--;
        }
        return r.nextInt(last + 1);
    }

    private static String replaceCell(String line, int column, String with) {
        String[] cells = line.split(",", -1);
        cells[Math.floorMod(column, cells.length)] = with;
        return String.join(",", cells);
    }

    static String oddCell(String t, SplittableRandom r) {
        List<String> ls = lines(t);
        int l = 1 + r.nextInt(Math.max(1, someLine(ls, r)));
        if (l < ls.size()) {
            ls.set(l, replaceCell(ls.get(l), r.nextInt(64), Mutation.pick(OddValues.NUMBERS, r)));
        }
        return join(ls);
    }

    static String oddHeader(String t, SplittableRandom r) {
        List<String> ls = lines(t);
        String[] names = ls.get(0).split(",", -1);
        String odd = Mutation.pick(List.of("", " ", "\"\"", "\" \"", names[0], "\"" + names[0] + "\"", "x\u0000",
                "\u2028", "é", "\uFEFFx", "n".repeat(100_000), "\"a,b\"", "\"a\"\"b\"", "1", "target"), r);
        ls.set(0, replaceCell(ls.get(0), r.nextInt(names.length), odd));
        return join(ls);
    }

    static String quote(String t, SplittableRandom r) {
        List<String> ls = lines(t);
        int l = someLine(ls, r);
        String[] cells = ls.get(l).split(",", -1);
        int c = r.nextInt(cells.length);
        String v = cells[c];
        cells[c] = switch (r.nextInt(7)) {
            case 0 -> "\"" + v + "\"";
            case 1 -> "\"" + v;
            case 2 -> v + "\"";
            case 3 -> "\"" + v + "\"x";
            case 4 -> " \"" + v + "\" ";
            case 5 -> "\"" + v + "\"\"\"";
            default -> insertAt(v, r.nextInt(v.length() + 1), "\"");
        };
        ls.set(l, String.join(",", cells));
        return join(ls);
    }

    static String lineEnds(String t, SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> t.replace("\n", "\r\n");
            case 1 -> t.replace("\n", "\r");
            case 2 -> t.replace("\n", "\n\r");
            default -> {
                StringBuilder b = new StringBuilder();
                for (char ch : t.toCharArray()) {
                    b.append(ch == '\n' ? Mutation.pick(List.of("\n", "\r", "\r\n"), r) : String.valueOf(ch));
                }
                yield b.toString();
            }
        };
    }

    static String blankLine(String t, SplittableRandom r) {
        List<String> ls = lines(t);
        ls.add(r.nextInt(ls.size() + 1), Mutation.pick(List.of("", " ", "\t", "   ", ",", ",,", "\u00a0"), r));
        return join(ls);
    }

    static String rows(String t, SplittableRandom r) {
        List<String> ls = lines(t);
        int l = someLine(ls, r);
        switch (r.nextInt(4)) {
            case 0 -> ls.remove(l);
            case 1 -> ls.add(l, ls.get(l));
            case 2 -> ls.subList(1, Math.max(1, someLine(ls, r) + 1)).clear();
            default -> ls.add(1 + r.nextInt(ls.size()), ls.get(0)); // the header again, among the rows
        }
        return join(ls);
    }

    static String truncateAfter(String t, SplittableRandom r) {
        String kinds = ",\n.e-+\"0123456789x";
        char kind = kinds.charAt(r.nextInt(kinds.length()));
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == kind) {
                at.add(i);
            }
        }
        if (at.isEmpty()) {
            return t.substring(0, r.nextInt(t.length() + 1));
        }
        int i = Mutation.pick(at, r);
        return t.substring(0, r.nextBoolean() ? i + 1 : i);
    }

    static String longLine(String t, SplittableRandom r) {
        List<String> ls = lines(t);
        int l = someLine(ls, r);
        int len = 1_000 + r.nextInt(300_000);
        String filler = switch (r.nextInt(4)) {
            case 0 -> "9".repeat(len);
            case 1 -> " ".repeat(len) + "1";
            case 2 -> "1" + "0".repeat(len) + "e-" + len;
            default -> ",1".repeat(len / 2);
        };
        ls.set(l, r.nextBoolean() ? filler + ls.get(l) : ls.get(l) + filler);
        return join(ls);
    }

    static String manyColumns(String t, SplittableRandom r) {
        List<String> ls = lines(t);
        boolean everyLine = r.nextInt(3) == 0;
        int extra = everyLine ? 1 + r.nextInt(20) : 1 + r.nextInt(5_000);
        int only = someLine(ls, r);
        for (int l = 0; l < ls.size(); l++) {
            if (ls.get(l).isEmpty() || !(everyLine || l == only)) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < extra; k++) {
                b.append(l == 0 ? "c" + k + "," : (r.nextInt(9) - 4) + ",");
            }
            ls.set(l, b + ls.get(l));
        }
        return join(ls);
    }

    private static String insertAt(String t, int at, String s) {
        return t.substring(0, at) + s + t.substring(at);
    }

    private static String deleteOne(String t, char c, SplittableRandom r) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == c) {
                at.add(i);
            }
        }
        if (at.isEmpty()) {
            return t;
        }
        int i = Mutation.pick(at, r);
        return t.substring(0, i) + t.substring(i + 1);
    }
}

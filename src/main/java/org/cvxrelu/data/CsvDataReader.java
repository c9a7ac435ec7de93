package org.cvxrelu.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.cvxrelu.BadInputException;
import org.cvxrelu.io.InputFiles;
import org.cvxrelu.io.Quoted;

/**
 * Reads a data set in the CSV form of SPEC.md: UTF-8, one header row, numeric cells only, the last
 * column the target. Any other shape is refused with a {@link BadInputException} whose one-line
 * message names the file, the line, the column and what was expected.
 */
public final class CsvDataReader {
    /** A finite decimal number: optional sign, digits with an optional fraction, optional exponent. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NOT_FINITE =
            Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    /**
     * Largest magnitude accepted in a cell. Squares of the values (and their sums over the rows) must fit in a
     * double: beyond about 1e154 they overflow, and the enumeration and the objective become meaningless.
     */
    public static final double MAX_MAGNITUDE = 1e150;

    private CsvDataReader() {
    }

    public static Dataset read(Path file) {
        return parse(InputFiles.readText(file), file.toString());
    }

    /**
     * As {@link #read(Path)}, also taking a file of one column, read as a target with no features (d = 0): what
     * {@code predict} is given for a one-feature net without targets.
     */
    public static Dataset readAllowingOneColumn(Path file) {
        return parse(InputFiles.readText(file), file.toString(), true);
    }

    public static Dataset read(InputStream in, String name) throws IOException {
        return parse(InputFiles.decode(in.readAllBytes(), name), name);
    }

    /** Parses CSV text; {@code name} is used in error messages. */
    public static Dataset parse(String text, String name) {
        return parse(text, name, false);
    }

    private static Dataset parse(String text, String name, boolean oneColumn) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a UTF-8 byte order mark
        }
        String[] lines = text.split("\r\n|\n|\r", -1);
        int last = lines.length - 1;
        while (last >= 0 && trimBlanks(lines[last]).isEmpty()) {
            last--;
        }
        if (last < 0) {
            throw new BadInputException(name + ": line 1: empty file, expected a header row and data rows");
        }
        if (trimBlanks(lines[0]).isEmpty()) {
            throw new BadInputException(name + ": line 1: empty header row, expected column names");
        }
        List<String> header = splitFields(lines[0], name, 1);
        int columns = header.size();
        if (columns < (oneColumn ? 1 : 2)) {
            throw new BadInputException(name + ": line 1: only one column (" + Quoted.of(header.get(0))
                    + "), expected at least one feature column and the target column last");
        }
        if (allNumbers(header)) {
            throw new BadInputException(name + ": line 1: the first row holds only numbers (" + Quoted.of(lines[0])
                    + "), expected a header row of column names before the data rows");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < columns; c++) {
            String h = trimBlanks(header.get(c));
            if (h.isEmpty()) {
                throw new BadInputException(name + ": line 1, column " + (c + 1) + ": empty column name");
            }
            int control = control(h);
            if (control >= 0) {
                throw new BadInputException(name + ": line 1, column " + (c + 1) + ": control character "
                        + Quoted.codePoint(control) + " in the column name, expected text");
            }
            Integer before = seen.putIfAbsent(h, c);
            if (before != null) {
                throw new BadInputException(name + ": line 1, column " + (c + 1) + ": duplicate column name "
                        + Quoted.of(h) + " (also column " + (before + 1) + ")");
            }
            header.set(c, h);
        }
        if (last == 0) {
            throw new BadInputException(name + ": line 2: no data rows after the header, expected rows of "
                    + columns + " numbers");
        }
        List<double[]> rows = new ArrayList<>(last);
        for (int l = 1; l <= last; l++) {
            int lineNo = l + 1;
            if (trimBlanks(lines[l]).isEmpty()) {
                throw new BadInputException(name + ": line " + lineNo + ": empty row, expected " + columns
                        + " numbers");
            }
            List<String> fields = splitFields(lines[l], name, lineNo);
            if (fields.size() != columns) {
                throw new BadInputException(name + ": line " + lineNo + ", column "
                        + (Math.min(fields.size(), columns) + 1) + ": row has " + fields.size()
                        + " cells, expected " + columns + " (as in the header)");
            }
            double[] row = new double[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = parseCell(fields.get(c), name, lineNo, c, header.get(c));
            }
            rows.add(row);
        }
        int d = columns - 1;
        double[][] x = new double[rows.size()][d];
        double[] y = new double[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            System.arraycopy(rows.get(k), 0, x[k], 0, d);
            y[k] = rows.get(k)[d];
        }
        return new Dataset(x, y, header.subList(0, d), header.get(d), name);
    }

    private static double parseCell(String raw, String name, int line, int column, String header) {
        String where = name + ": line " + line + ", column " + (column + 1) + " (" + Quoted.of(header) + "): ";
        int control = control(raw);
        if (control >= 0) {
            throw new BadInputException(where + "control character " + Quoted.codePoint(control)
                    + " in the cell, expected a number");
        }
        String cell = trimBlanks(raw);
        if (cell.isEmpty()) {
            throw new BadInputException(where + "empty cell, expected a number");
        }
        if (NOT_FINITE.matcher(cell).matches()) {
            throw new BadInputException(where + Quoted.of(cell) + " is not a finite number");
        }
        if (!NUMBER.matcher(cell).matches()) {
            throw new BadInputException(where + Quoted.of(cell) + " is not a number");
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v)) {
            throw new BadInputException(where + Quoted.of(cell) + " overflows a double");
        }
        if (Math.abs(v) > MAX_MAGNITUDE) {
            throw new BadInputException(where + Quoted.of(cell) + " is too large, expected a magnitude of at most "
                    + MAX_MAGNITUDE + " (squared losses must fit in a double)");
        }
        return v;
    }

    /** True when every cell reads as a finite decimal number: a data row where the header should be. */
    private static boolean allNumbers(List<String> cells) {
        for (String c : cells) {
            if (!NUMBER.matcher(trimBlanks(c)).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The text without the spaces and tabs around it (other characters count). */
    private static String trimBlanks(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    /** The first control character other than a tab, or −1. */
    private static int control(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                return c;
            }
        }
        return -1;
    }

    /** Splits one CSV line on commas; a field may be quoted with '"' (a doubled quote inside is a quote). */
    private static List<String> splitFields(String line, String name, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            int start = i;
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new BadInputException(name + ": line " + lineNo + ", column " + (out.size() + 1)
                                + ": unterminated quoted cell");
                    }
                    char ch = line.charAt(i);
                    if (ch == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            cur.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    cur.append(ch);
                    i++;
                }
                while (i < n && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new BadInputException(name + ": line " + lineNo + ", column " + (out.size() + 1)
                            + ": text after a quoted cell, expected ','");
                }
            } else {
                i = start;
                while (i < n && line.charAt(i) != ',') {
                    cur.append(line.charAt(i));
                    i++;
                }
            }
            out.add(cur.toString());
            cur.setLength(0);
            if (i >= n) {
                return out;
            }
            i++; // skip the comma
        }
    }
}

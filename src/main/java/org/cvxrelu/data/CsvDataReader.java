package org.cvxrelu.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.cvxrelu.BadInputException;

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

    private CsvDataReader() {
    }

    public static Dataset read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage());
        }
        return parse(decode(bytes, file.toString()), file.toString());
    }

    public static Dataset read(InputStream in, String name) throws IOException {
        return parse(decode(in.readAllBytes(), name), name);
    }

    private static String decode(byte[] bytes, String name) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
            return text;
        } catch (CharacterCodingException e) {
            throw new BadInputException(name + ": not UTF-8 text");
        }
    }

    /** Parses CSV text; {@code name} is used in error messages. */
    public static Dataset parse(String text, String name) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a UTF-8 byte order mark
        }
        String[] lines = text.split("\r\n|\n|\r", -1);
        int last = lines.length - 1;
        while (last >= 0 && lines[last].isBlank()) {
            last--;
        }
        if (last < 0) {
            throw new BadInputException(name + ": line 1: empty file, expected a header row and data rows");
        }
        if (lines[0].isBlank()) {
            throw new BadInputException(name + ": line 1: empty header row, expected column names");
        }
        List<String> header = splitFields(lines[0], name, 1);
        int columns = header.size();
        if (columns < 2) {
            throw new BadInputException(name + ": line 1: only one column ('" + header.get(0)
                    + "'), expected at least one feature column and the target column last");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < columns; c++) {
            String h = header.get(c).trim();
            if (h.isEmpty()) {
                throw new BadInputException(name + ": line 1, column " + (c + 1) + ": empty column name");
            }
            Integer before = seen.putIfAbsent(h, c);
            if (before != null) {
                throw new BadInputException(name + ": line 1, column " + (c + 1) + ": duplicate column name '"
                        + h + "' (also column " + (before + 1) + ")");
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
            if (lines[l].isBlank()) {
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
        String cell = raw.trim();
        String where = name + ": line " + line + ", column " + (column + 1) + " ('" + header + "'): ";
        if (cell.isEmpty()) {
            throw new BadInputException(where + "empty cell, expected a number");
        }
        if (NOT_FINITE.matcher(cell).matches()) {
            throw new BadInputException(where + "'" + cell + "' is not a finite number");
        }
        if (!NUMBER.matcher(cell).matches()) {
            throw new BadInputException(where + "'" + abbreviate(cell) + "' is not a number");
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v)) {
            throw new BadInputException(where + "'" + abbreviate(cell) + "' overflows a double");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
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

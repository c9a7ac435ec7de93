package org.cvxrelu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.io.AtomicFiles;

/** A CSV table built row by row (header first), written atomically. Doubles are written with 10 significant digits. */
public final class Table {
    private final List<String> header;
    private final List<List<Object>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table add(Object... row) {
        if (row.length != header.size()) {
            throw new IllegalArgumentException(row.length + " cells for " + header.size() + " columns");
        }
        rows.add(List.of(row));
        return this;
    }

    public int size() {
        return rows.size();
    }

    public List<Object> row(int i) {
        return rows.get(i);
    }

    public String toCsv() {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (List<Object> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(cell(r.get(i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String cell(Object o) {
        if (o instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d.toString();
            }
            return String.format(java.util.Locale.ROOT, "%.10g", d).trim();
        }
        return String.valueOf(o);
    }

    public void write(Path file) {
        AtomicFiles.writeString(file, toCsv());
    }
}

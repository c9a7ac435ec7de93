package org.cvxrelu.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.cvxrelu.solver.Progress;

/**
 * Progress on stderr: silent for the first second (short runs print nothing), then the current phase, a bar
 * and a percentage where the amount is known, and the latest line, each stamped with the elapsed time. At most
 * one line a second; on a terminal one line rewritten in place (carriage return) at most four times a second.
 */
final class StderrProgress implements Progress {
    static final long QUIET_NS = 1_000_000_000L;
    static final long LINE_NS = 1_000_000_000L;
    static final long TERMINAL_NS = 250_000_000L;
    static final int BAR = 20;

    private final PrintStream err;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long start;
    private long last;
    private boolean shown;
    private String phase;
    /** The phase the bar belongs to: an outer phase (e.g. one β of a path) keeps its bar during inner phases. */
    private String barPhase;
    private long done = -1;
    private long total;
    private String message;
    private boolean open; // a carriage-return line is on the terminal, not yet ended
    /** The last line printed, without its time stamp (what {@link #finishWithLatest} compares with). */
    private String printed;
    private int width;

    StderrProgress() {
        this(System.err, System.console() != null, System::nanoTime);
    }

    StderrProgress(PrintStream err, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    @Override
    public synchronized void report(String line) {
        message = line;
        show();
    }

    @Override
    public synchronized void phase(String name) {
        if (!name.equals(phase)) {
            phase = name;
            message = null;
            if (barPhase != null && (barPhase.equals(name) || done >= total)) {
                barPhase = null; // the bar's phase is entered again, or its work is done
                done = -1;
                total = 0;
            }
        }
        show();
    }

    @Override
    public synchronized void advance(long doneUnits, long totalUnits) {
        barPhase = phase;
        done = doneUnits;
        total = totalUnits;
        show();
    }

    /**
     * Prints the latest state when the one-line-a-second limit held it back, then ends the line: a run's last
     * progress line is then its final one (the working set's last round, with the bound and gap the answer
     * reports), not an earlier one that the limit let through (a fista solve's own line of 0.3 s before). Nothing
     * when nothing was shown (a short run stays silent).
     */
    synchronized void finishWithLatest() {
        if (shown) {
            if (!state(line(0)).equals(printed)) {
                last = Long.MIN_VALUE / 2; // let show() print now
                show();
            }
        }
        finish();
    }

    /** A line without its time stamp ("[  12.3s]"). */
    private static String state(String line) {
        return line.substring(line.indexOf(']') + 1);
    }

    /** Ends a line rewritten in place, so that what is printed next starts on a line of its own. */
    synchronized void finish() {
        if (open) {
            err.println();
            open = false;
        }
    }

    /** The listener whose terminal line is open, if any: an error message must not land on that line. */
    private static volatile StderrProgress lastOpen;

    /** Ends the open terminal line of any listener (before an error message). */
    static void finishAny() {
        StderrProgress p = lastOpen;
        if (p != null) {
            p.finish();
        }
    }

    private void show() {
        long now = clock.getAsLong();
        if (now - start < QUIET_NS || (shown && now - last < (terminal ? TERMINAL_NS : LINE_NS))) {
            return;
        }
        shown = true;
        last = now;
        String line = line((now - start) / 1e9);
        printed = state(line);
        if (terminal) {
            if (line.length() > 150) {
                line = line.substring(0, 149) + "…";
            }
            String pad = " ".repeat(Math.max(0, width - line.length()));
            width = line.length();
            err.print("\r" + line + pad);
            err.flush();
            open = true;
            lastOpen = this;
        } else {
            err.println(line);
        }
    }

    /**
     * "[  12.3s] training [#########...........]  45% 1800/4000  restart 1/1 …", or with an outer bar
     * "[  12.3s] path [####................]  20% 2/10 > pricing  outer 3 …".
     */
    String line(double seconds) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "[%6.1fs]", seconds));
        boolean bar = barPhase != null && total > 0 && done >= 0;
        if (bar) {
            double f = Math.min(1, (double) done / total);
            int filled = (int) Math.round(f * BAR);
            sb.append(' ').append(barPhase).append(" [").append("#".repeat(filled)).append(".".repeat(BAR - filled))
                    .append(']').append(String.format(Locale.ROOT, " %3.0f%% %d/%d", 100 * f, done, total));
            if (phase != null && !phase.equals(barPhase)) {
                sb.append(" > ").append(phase);
            }
        } else if (phase != null) {
            sb.append(' ').append(phase);
        }
        if (message != null) {
            sb.append(bar || phase != null ? "  " : " ").append(message);
        }
        return sb.toString();
    }
}

package org.cvxrelu.cli;

import org.cvxrelu.solver.Progress;

/**
 * Progress on stderr: silent for the first second (short runs print nothing), then at most a line every
 * half second, each stamped with the elapsed time.
 */
final class StderrProgress implements Progress {
    private final long start = System.nanoTime();
    private long last = start;

    @Override
    public synchronized void report(String message) {
        long now = System.nanoTime();
        if (now - start < 1_000_000_000L || now - last < 500_000_000L) {
            return;
        }
        last = now;
        System.err.printf("[%6.1fs] %s%n", (now - start) / 1e9, message);
    }
}

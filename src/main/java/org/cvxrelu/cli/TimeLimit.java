package org.cvxrelu.cli;

import org.cvxrelu.BadInputException;

/** The check every wall-clock limit option gets: a finite number of seconds, at least 0 (0: no limit). */
final class TimeLimit {
    private TimeLimit() {
    }

    /**
     * Seconds since this JVM started (its start-up, the command line's parsing and the data's reading): a
     * command's {@code --time-limit} counts from the process's start, not from the solve's.
     */
    static double sinceProcessStart() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    }

    /** {@code seconds} itself, or a {@link BadInputException} naming {@code option} when it is negative or not finite. */
    static double check(String option, double seconds) {
        return check(option, seconds, "no limit");
    }

    /**
     * As {@link #check(String, double)} for an option whose 0 means {@code zero} (a budget such as
     * {@code --global-seconds}, whose 0 is "off").
     */
    static double check(String option, double seconds, String zero) {
        if (!(seconds >= 0) || !Double.isFinite(seconds)) {
            throw new BadInputException(option + " must be a number of seconds >= 0 (0: " + zero + "), got " + seconds);
        }
        return seconds;
    }
}

package org.cvxrelu.cli;

import org.cvxrelu.BadInputException;

/** The check every wall-clock limit option gets: a finite number of seconds, at least 0 (0: no limit). */
final class TimeLimit {
    private TimeLimit() {
    }

    /** {@code seconds} itself, or a {@link BadInputException} naming {@code option} when it is negative or not finite. */
    static double check(String option, double seconds) {
        if (!(seconds >= 0) || !Double.isFinite(seconds)) {
            throw new BadInputException(option + " must be a number of seconds >= 0 (0: no limit), got " + seconds);
        }
        return seconds;
    }
}

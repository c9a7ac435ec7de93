package org.cvxrelu.solver;

/**
 * Settings shared by every backend and the working-set loop.
 *
 * @param relativeGap the certified relative gap (upper − lower) / upper to reach (SPEC default 1e-6)
 * @param maxIterations iteration limit of a backend's own loop
 * @param timeLimitSeconds wall-clock limit for the whole solve (0 = none)
 * @param progress where progress lines go (never null; {@link Progress#NONE} for silence)
 * @param deadlineNanos the {@link System#nanoTime()} at which the limit runs out, once the clock is started
 *        ({@link #startClock()}); 0 while it is not. Every stage of one solve shares this one deadline, so a
 *        stage started late gets only the time left, not the whole limit again.
 */
public record SolverSettings(double relativeGap, int maxIterations, double timeLimitSeconds, Progress progress,
        long deadlineNanos) {
    public static final double DEFAULT_RELATIVE_GAP = 1e-6;

    /** Settings whose clock is not started yet. */
    public SolverSettings(double relativeGap, int maxIterations, double timeLimitSeconds, Progress progress) {
        this(relativeGap, maxIterations, timeLimitSeconds, progress, 0L);
    }

    public SolverSettings {
        if (!(relativeGap > 0) || relativeGap >= 1) {
            throw new IllegalArgumentException("relative gap must be in (0, 1), got " + relativeGap);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be positive");
        }
        if (progress == null) {
            progress = Progress.NONE;
        }
        // a limit beyond the farthest deadline is that one, so that every share of the limit (the seeds' reserve,
        // "nearly reached") is taken of the same number as the deadline (plusSeconds)
        timeLimitSeconds = Math.min(timeLimitSeconds, MAX_LIMIT_SECONDS);
    }

    /** 2⁶² ns, about 146 years: the farthest a deadline is put from its base. */
    private static final long HORIZON_NANOS = 1L << 62;

    /** The longest time limit, in seconds: 2⁶² ns, about 146 years (a longer one is this one). */
    public static final double MAX_LIMIT_SECONDS = HORIZON_NANOS / 1e9;

    public static SolverSettings defaults() {
        return new SolverSettings(DEFAULT_RELATIVE_GAP, 100_000, 0, Progress.NONE);
    }

    public SolverSettings withRelativeGap(double gap) {
        return new SolverSettings(gap, maxIterations, timeLimitSeconds, progress, deadlineNanos);
    }

    public SolverSettings withProgress(Progress p) {
        return new SolverSettings(relativeGap, maxIterations, timeLimitSeconds, p, deadlineNanos);
    }

    public SolverSettings withMaxIterations(int it) {
        return new SolverSettings(relativeGap, it, timeLimitSeconds, progress, deadlineNanos);
    }

    /** A new limit, its clock not started (it starts at {@link #startClock()}). */
    public SolverSettings withTimeLimit(double seconds) {
        return new SolverSettings(relativeGap, maxIterations, seconds, progress, 0L);
    }

    /** These settings with the clock started now, unless it runs already or there is no limit. */
    public SolverSettings startClock() {
        return startClockSecondsAgo(0);
    }

    /**
     * These settings with the clock started {@code secondsAgo} seconds ago (≥ 0), unless it runs already or there
     * is no limit: a command line's limit counts from the process's start, so that the JVM's start-up and the
     * reading of the data are inside it.
     */
    public SolverSettings startClockSecondsAgo(double secondsAgo) {
        if (timeLimitSeconds <= 0 || deadlineNanos != 0) {
            return this;
        }
        long d = plusSeconds(System.nanoTime(), timeLimitSeconds - Math.max(0, secondsAgo));
        return new SolverSettings(relativeGap, maxIterations, timeLimitSeconds, progress, d == 0 ? 1 : d);
    }

    /**
     * At most {@code seconds} from now: the deadline becomes the earlier of the running one (if any) and
     * now + seconds. Used by a stage with a budget of its own (e.g. a first-order finish).
     */
    public SolverSettings atMost(double seconds) {
        SolverSettings s = startClock();
        long cap = plusSeconds(System.nanoTime(), seconds);
        long d = s.deadlineNanos == 0 || cap - s.deadlineNanos < 0 ? cap : s.deadlineNanos;
        double limit = s.timeLimitSeconds > 0 ? s.timeLimitSeconds : seconds;
        return new SolverSettings(relativeGap, maxIterations, limit, progress, d == 0 ? 1 : d);
    }

    /**
     * The {@link System#nanoTime()} {@code seconds} after {@code nanos}, the offset saturated at ±2⁶² ns (about 146
     * years; infinite and very large limits included), so that a limit of centuries is a deadline far in the future,
     * not one in the past by overflow: {@code nanos + (long) (seconds * 1e9)} wraps to a negative deadline for such
     * limits, which the {@code now - deadline} form survives by wrapping back but {@code now < deadline} does not
     * (the gated solvers' form). Both forms stay meaningful with the saturated offset.
     */
    public static long plusSeconds(long nanos, double seconds) {
        double offset = seconds * 1e9;
        long step = offset >= HORIZON_NANOS ? HORIZON_NANOS : offset <= -HORIZON_NANOS ? -HORIZON_NANOS
                : Double.isNaN(offset) ? 0 : (long) offset;
        return nanos + step;
    }

    /** Seconds until the deadline (infinite without a limit; the whole limit if the clock is not started). */
    public double secondsLeft() {
        if (timeLimitSeconds <= 0 && deadlineNanos == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (deadlineNanos == 0) {
            return timeLimitSeconds;
        }
        return (deadlineNanos - System.nanoTime()) / 1e9;
    }

    /** Whether the clock is started and the deadline has passed. */
    public boolean expired() {
        return past(deadlineNanos);
    }

    /** Whether {@link System#nanoTime()} has reached {@code deadlineNanos} (never for 0, which means no deadline). */
    public static boolean past(long deadlineNanos) {
        return deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0;
    }
}

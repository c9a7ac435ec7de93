package org.cvxrelu.solver;

/**
 * Settings shared by every backend and the working-set loop.
 *
 * @param relativeGap the certified relative gap (upper − lower) / upper to reach (SPEC default 1e-6)
 * @param maxIterations iteration limit of a backend's own loop
 * @param timeLimitSeconds wall-clock limit for the whole solve (0 = none)
 * @param progress where progress lines go (never null; {@link Progress#NONE} for silence)
 */
public record SolverSettings(double relativeGap, int maxIterations, double timeLimitSeconds, Progress progress) {
    public static final double DEFAULT_RELATIVE_GAP = 1e-6;

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
    }

    public static SolverSettings defaults() {
        return new SolverSettings(DEFAULT_RELATIVE_GAP, 100_000, 0, Progress.NONE);
    }

    public SolverSettings withRelativeGap(double gap) {
        return new SolverSettings(gap, maxIterations, timeLimitSeconds, progress);
    }

    public SolverSettings withProgress(Progress p) {
        return new SolverSettings(relativeGap, maxIterations, timeLimitSeconds, p);
    }

    public SolverSettings withMaxIterations(int it) {
        return new SolverSettings(relativeGap, it, timeLimitSeconds, progress);
    }

    public SolverSettings withTimeLimit(double seconds) {
        return new SolverSettings(relativeGap, maxIterations, seconds, progress);
    }
}

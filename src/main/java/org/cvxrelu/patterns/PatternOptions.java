package org.cvxrelu.patterns;

/**
 * How to choose the patterns: exact enumeration (the default) or {@code samples} Gaussian gate vectors
 * drawn with {@code seed}; {@code maxPatterns} bounds what exact enumeration may hold in memory.
 */
public record PatternOptions(boolean bias, Integer samples, long seed, long maxPatterns) {
    /** The default memory budget for exact enumeration, in patterns. */
    public static final long DEFAULT_MAX_PATTERNS = 2_000_000;

    public static PatternOptions exact(boolean bias) {
        return new PatternOptions(bias, null, 0, DEFAULT_MAX_PATTERNS);
    }

    public static PatternOptions sampled(boolean bias, int samples, long seed) {
        return new PatternOptions(bias, samples, seed, DEFAULT_MAX_PATTERNS);
    }

    public boolean sampling() {
        return samples != null;
    }
}

package org.cvxrelu.bench;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;

/**
 * One benchmark problem: a data set (already standardised where it came from raw data), a weight decay β
 * and the patterns to use. {@code description} says how it was made (row/feature subset, scaling).
 */
public record BenchCase(String name, Dataset data, double beta, PatternOptions patterns, String description) {
}

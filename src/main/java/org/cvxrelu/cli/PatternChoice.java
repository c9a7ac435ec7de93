package org.cvxrelu.cli;

import org.cvxrelu.BadInputException;
import org.cvxrelu.patterns.PatternOptions;

import picocli.CommandLine.Option;

/** The options that choose the patterns: {@code --no-bias}, {@code --sample N}, {@code --seed S}, {@code --max-patterns}. */
public final class PatternChoice {
    @Option(names = "--no-bias", description = "No bias: x̃ = x (default: a trailing 1 on every row).")
    boolean noBias;

    @Option(names = "--sample", paramLabel = "N", description = "Sample N Gaussian gate vectors instead of exact enumeration.")
    Integer sample;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed for --sample (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-patterns", paramLabel = "P", defaultValue = "2000000",
            description = "Refuse exact enumeration that may exceed P patterns (default ${DEFAULT-VALUE}).")
    long maxPatterns;

    boolean bias() {
        return !noBias;
    }

    PatternOptions options() {
        if (sample != null && sample < 1) {
            throw new BadInputException("--sample must be a positive number of gate vectors, got " + sample);
        }
        if (maxPatterns < 1) {
            throw new BadInputException("--max-patterns must be positive, got " + maxPatterns);
        }
        return new PatternOptions(bias(), sample, seed, maxPatterns);
    }
}

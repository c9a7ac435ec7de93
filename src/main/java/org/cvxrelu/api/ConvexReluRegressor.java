package org.cvxrelu.api;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import org.cvxrelu.BadInputException;
import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.SolverSettings;

/**
 * A two-layer ReLU regression estimator trained to its global optimum, in the style of scikit-learn, Smile and
 * Tribuo: configure it with a {@link #builder()}, then {@link #fit(double[][], double[])} data to get a
 * {@link ConvexReluModel}.
 *
 * <pre>{@code
 * ConvexReluModel model = ConvexReluRegressor.builder().beta(0.1).standardize(true).build().fit(x, y);
 * }</pre>
 *
 * <p>The net is f(x) = Σ_j α_j · max(0, u_jᵀ x̃) with x̃ = [x; 1] (bias on, the default) or x̃ = x, trained on
 * L_β = ½ Σ_i (f(x_i) − y_i)² + (β/2) Σ_j (‖u_j‖² + α_j²). Its width is not chosen by the user: the convex
 * program returns the optimal width (at most n + 1 neurons after pruning).
 *
 * <p>Exact pattern enumeration grows like n^d; when the data's arrangement has more than
 * {@link Builder#maxPatterns(long) maxPatterns} cells, the fit generates patterns instead (or samples them,
 * {@link Builder#samplePatterns(int, long)}) and its certificate says it is not certified.
 *
 * <p>An estimator is immutable and may be used from several threads; a fit is deterministic for fixed
 * options.
 */
public final class ConvexReluRegressor {
    private final double beta;
    private final boolean bias;
    private final boolean standardize;
    private final boolean nonnegativeOutput;
    private final boolean enumerate;
    private final double relativeGap;
    private final Duration timeLimit;
    private final long maxPatterns;
    private final int samples;
    private final long seed;
    private final Consumer<String> progress;

    private ConvexReluRegressor(Builder b) {
        this.beta = b.beta;
        this.bias = b.bias;
        this.standardize = b.standardize;
        this.nonnegativeOutput = b.nonnegativeOutput;
        this.enumerate = b.enumerate;
        this.relativeGap = b.relativeGap;
        this.timeLimit = b.timeLimit;
        this.maxPatterns = b.maxPatterns;
        this.samples = b.samples;
        this.seed = b.seed;
        this.progress = b.progress;
    }

    /**
     * A builder with the defaults: β = 0.1, bias on, no standardisation, output weights of either sign,
     * relative gap 1e-6, no time limit, exact patterns up to 2,000,000, no progress messages.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The weight decay β.
     *
     * @return β, a positive number
     */
    public double beta() {
        return beta;
    }

    /**
     * Fits the net to the data: the global optimum of L_β, with its certificate.
     *
     * @param x the features, n rows of d finite numbers each (copied, not modified)
     * @param y the targets, n finite numbers (copied, not modified)
     * @return the fitted model
     * @throws IllegalArgumentException when the shapes do not match, a value is not finite or above 1e150 in
     *         magnitude, or the problem does not fit the memory budget
     * @throws NullPointerException when {@code x}, a row of it, or {@code y} is null
     */
    public ConvexReluModel fit(double[][] x, double[] y) {
        Dataset data = dataset(x, y);
        PatternOptions patterns = samples > 0 ? new PatternOptions(bias, samples, seed, maxPatterns)
                : new PatternOptions(bias, null, 0, maxPatterns);
        SolverSettings settings = SolverSettings.defaults().withRelativeGap(relativeGap)
                .withTimeLimit(timeLimit == null ? 0 : timeLimit.getSeconds() + timeLimit.getNano() / 1e9)
                .withProgress(progress::accept);
        SolveOptions options = new SolveOptions(patterns, ConeSolvers.DEFAULT, settings, nonnegativeOutput,
                standardize, enumerate);
        SolveResult result;
        try {
            result = CvxRelu.solve(data, beta, options);
        } catch (BadInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Certificate certificate = new Certificate(result.objective(), result.lowerBound(), result.relativeGap(),
                result.certified(), result.lowerBoundScope(), standardize ? "standardized" : "raw",
                result.converged(), result.reason() == null ? "" : result.reason());
        return new ConvexReluModel(result.net(), data.d(), certificate);
    }

    /** The arrays as a data set, after the checks a CSV file gets (shape, finite, magnitude). */
    private static Dataset dataset(double[][] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length == 0) {
            throw new IllegalArgumentException("x has no rows");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length + " entries");
        }
        int d = Objects.requireNonNull(x[0], "x[0]").length;
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            if (row == null) {
                throw new NullPointerException("x[" + i + "]");
            }
            if (row.length != d) {
                throw new IllegalArgumentException("x[" + i + "] has " + row.length + " entries, x[0] has " + d);
            }
            for (int j = 0; j < d; j++) {
                checkValue(row[j], "x[" + i + "][" + j + "]");
            }
            checkValue(y[i], "y[" + i + "]");
        }
        return Dataset.of(x, y);
    }

    private static void checkValue(double v, String where) {
        if (!Double.isFinite(v) || Math.abs(v) > CsvDataReader.MAX_MAGNITUDE) {
            throw new IllegalArgumentException(where + " is " + v + ", expected a finite number of magnitude at most "
                    + CsvDataReader.MAX_MAGNITUDE);
        }
    }

    /**
     * Configures a {@link ConvexReluRegressor}. Each setter checks its argument and returns this builder.
     */
    public static final class Builder {
        private double beta = 0.1;
        private boolean bias = true;
        private boolean standardize;
        private boolean nonnegativeOutput;
        private boolean enumerate;
        private double relativeGap = SolverSettings.DEFAULT_RELATIVE_GAP;
        private Duration timeLimit;
        private long maxPatterns = PatternOptions.DEFAULT_MAX_PATTERNS;
        private int samples;
        private long seed;
        private Consumer<String> progress = message -> { };

        private Builder() {
        }

        /**
         * The weight decay β of L_β (default 0.1).
         *
         * @param beta a positive finite number
         * @return this builder
         * @throws IllegalArgumentException when {@code beta} is not positive and finite
         */
        public Builder beta(double beta) {
            if (!(beta > 0) || !Double.isFinite(beta)) {
                throw new IllegalArgumentException("beta must be a positive number, got " + beta);
            }
            this.beta = beta;
            return this;
        }

        /**
         * Whether each neuron has a bias weight, x̃ = [x; 1] (default true).
         *
         * @param bias true for a bias weight
         * @return this builder
         */
        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /**
         * Whether to z-score the features and the target before solving (default false). β, the objective and
         * the bounds are then on the standardised scale; the model records the scaling and predicts in raw
         * units.
         *
         * @param standardize true to standardise
         * @return this builder
         */
        public Builder standardize(boolean standardize) {
            this.standardize = standardize;
            return this;
        }

        /**
         * Whether output weights are restricted to α ≥ 0 (default false: either sign).
         *
         * @param nonnegativeOutput true to restrict the output weights
         * @return this builder
         */
        public Builder nonnegativeOutput(boolean nonnegativeOutput) {
            this.nonnegativeOutput = nonnegativeOutput;
            return this;
        }

        /**
         * Whether an arrangement that fits is always enumerated cell by cell (default false: a large one in few
         * dimensions is priced by branch and bound instead and certified with the scope "global (branch and
         * bound)"; see {@link org.cvxrelu.SolveOptions#enumerate()}).
         *
         * @param enumerate true to list every cell
         * @return this builder
         */
        public Builder enumerate(boolean enumerate) {
            this.enumerate = enumerate;
            return this;
        }

        /**
         * The relative gap between the objective and the lower bound at which the solve stops (default 1e-6).
         *
         * @param relativeGap a number in (0, 1)
         * @return this builder
         * @throws IllegalArgumentException when {@code relativeGap} is not in (0, 1)
         */
        public Builder relativeGap(double relativeGap) {
            if (!(relativeGap > 0 && relativeGap < 1)) {
                throw new IllegalArgumentException("relativeGap must be in (0, 1), got " + relativeGap);
            }
            this.relativeGap = relativeGap;
            return this;
        }

        /**
         * A wall-clock limit for the solve (default none). A fit stopped by it returns its best net, with a
         * certificate that says it did not converge.
         *
         * @param timeLimit a positive duration, or null for none
         * @return this builder
         * @throws IllegalArgumentException when {@code timeLimit} is zero or negative
         */
        public Builder timeLimit(Duration timeLimit) {
            if (timeLimit != null && (timeLimit.isZero() || timeLimit.isNegative())) {
                throw new IllegalArgumentException("timeLimit must be positive, got " + timeLimit);
            }
            this.timeLimit = timeLimit;
            return this;
        }

        /**
         * The most activation patterns to enumerate exactly (default 2,000,000); above it the fit generates
         * patterns and is not certified.
         *
         * @param maxPatterns a positive count
         * @return this builder
         * @throws IllegalArgumentException when {@code maxPatterns} is not positive
         */
        public Builder maxPatterns(long maxPatterns) {
            if (maxPatterns <= 0) {
                throw new IllegalArgumentException("maxPatterns must be positive, got " + maxPatterns);
            }
            this.maxPatterns = maxPatterns;
            return this;
        }

        /**
         * Samples this many activation patterns from random directions (seeded) instead of enumerating them.
         * The fit is then optimal over the sample; it is still certified globally when the exact arrangement
         * fits {@code maxPatterns}.
         *
         * @param count the number of random directions, positive
         * @param seed  the seed of the directions
         * @return this builder
         * @throws IllegalArgumentException when {@code count} is not positive
         */
        public Builder samplePatterns(int count, long seed) {
            if (count <= 0) {
                throw new IllegalArgumentException("count must be positive, got " + count);
            }
            this.samples = count;
            this.seed = seed;
            return this;
        }

        /**
         * Receives one-line progress messages of long fits (default: none). The library itself prints nothing.
         *
         * @param listener the receiver of the messages
         * @return this builder
         * @throws NullPointerException when {@code listener} is null
         */
        public Builder progress(Consumer<String> listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The estimator with this builder's settings.
         *
         * @return a new estimator
         */
        public ConvexReluRegressor build() {
            return new ConvexReluRegressor(this);
        }
    }
}

package org.cvxrelu.train;

import org.cvxrelu.BadInputException;

/**
 * Settings of one {@link Trainer} run.
 *
 * @param width        m, the number of hidden neurons (≥ 1)
 * @param optimizer    GD, SGD or Adam
 * @param learningRate base step η₀ &gt; 0, or 0 for the default ({@link Trainer#defaultLearningRate})
 * @param schedule     how η_t decays over the epochs
 * @param epochs       number of epochs T (GD: T steps; SGD/Adam: T passes over a fresh permutation)
 * @param batchSize    minibatch size b for SGD and Adam (capped at n), or 0 for the default min(32, n);
 *                     ignored by GD
 * @param seed         seed of the run; restart k uses the seed {@link Trainer#restartSeed(long, int)}
 * @param restarts     number of independent initialisations (≥ 1); the best final net is returned
 * @param initScale    σ of the initialisation u_jk ~ N(0, σ²/r), α_j ~ N(0, σ²/m) (fan-in scaling), σ &gt; 0
 * @param beta         weight decay β &gt; 0 of L_β
 * @param bias         whether x̃ carries a trailing 1
 * @param tolerance    early stop when |L_{t+1} − L_t| ≤ tolerance · |L_{t+1}| after an epoch; 0 turns it off
 */
public record TrainOptions(int width, Optimizer optimizer, double learningRate, Schedule schedule, int epochs,
        int batchSize, long seed, int restarts, double initScale, double beta, boolean bias, double tolerance) {

    /** Default batch size when {@link #batchSize()} is 0. */
    public static final int DEFAULT_BATCH = 32;

    public TrainOptions {
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new BadInputException("beta must be a positive number, got " + beta);
        }
        if (width < 1) {
            throw new BadInputException("width must be at least 1, got " + width);
        }
        if (optimizer == null) {
            throw new BadInputException("no optimizer given (gd, sgd or adam)");
        }
        if (schedule == null) {
            throw new BadInputException("no learning-rate schedule given");
        }
        if (!(learningRate >= 0) || !Double.isFinite(learningRate)) {
            throw new BadInputException("learning rate must be positive (or 0 for the default), got " + learningRate);
        }
        if (epochs < 1) {
            throw new BadInputException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 0) {
            throw new BadInputException("batch size must be positive (or 0 for the default), got " + batchSize);
        }
        if (restarts < 1) {
            throw new BadInputException("restarts must be at least 1, got " + restarts);
        }
        if (!(initScale > 0) || !Double.isFinite(initScale)) {
            throw new BadInputException("init scale must be a positive number, got " + initScale);
        }
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new BadInputException("tolerance must be non-negative, got " + tolerance);
        }
    }

    /** Adam, default step, constant schedule, 1000 epochs, default batch, seed 0, 1 restart, σ = 1, bias, no early stop. */
    public static TrainOptions defaults(double beta, int width) {
        return new TrainOptions(width, Optimizer.ADAM, 0, Schedule.CONSTANT, 1000, 0, 0L, 1, 1.0, beta, true, 0);
    }

    /** The minibatch size used on n samples. */
    public int effectiveBatchSize(int n) {
        int b = batchSize == 0 ? DEFAULT_BATCH : batchSize;
        return Math.max(1, Math.min(b, n));
    }

    public TrainOptions withOptimizer(Optimizer o) {
        return new TrainOptions(width, o, learningRate, schedule, epochs, batchSize, seed, restarts, initScale, beta, bias, tolerance);
    }

    public TrainOptions withLearningRate(double lr) {
        return new TrainOptions(width, optimizer, lr, schedule, epochs, batchSize, seed, restarts, initScale, beta, bias, tolerance);
    }

    public TrainOptions withSchedule(Schedule s) {
        return new TrainOptions(width, optimizer, learningRate, s, epochs, batchSize, seed, restarts, initScale, beta, bias, tolerance);
    }

    public TrainOptions withEpochs(int e) {
        return new TrainOptions(width, optimizer, learningRate, schedule, e, batchSize, seed, restarts, initScale, beta, bias, tolerance);
    }

    public TrainOptions withBatchSize(int b) {
        return new TrainOptions(width, optimizer, learningRate, schedule, epochs, b, seed, restarts, initScale, beta, bias, tolerance);
    }

    public TrainOptions withSeed(long s) {
        return new TrainOptions(width, optimizer, learningRate, schedule, epochs, batchSize, s, restarts, initScale, beta, bias, tolerance);
    }

    public TrainOptions withRestarts(int k) {
        return new TrainOptions(width, optimizer, learningRate, schedule, epochs, batchSize, seed, k, initScale, beta, bias, tolerance);
    }

    public TrainOptions withInitScale(double s) {
        return new TrainOptions(width, optimizer, learningRate, schedule, epochs, batchSize, seed, restarts, s, beta, bias, tolerance);
    }

    public TrainOptions withBias(boolean b) {
        return new TrainOptions(width, optimizer, learningRate, schedule, epochs, batchSize, seed, restarts, initScale, beta, b, tolerance);
    }

    public TrainOptions withTolerance(double t) {
        return new TrainOptions(width, optimizer, learningRate, schedule, epochs, batchSize, seed, restarts, initScale, beta, bias, t);
    }
}

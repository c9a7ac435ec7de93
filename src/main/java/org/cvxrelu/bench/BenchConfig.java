package org.cvxrelu.bench;

/**
 * Budgets of a benchmark run.
 *
 * @param restarts        R, restarts per training method
 * @param gdEpochs        epochs (= steps) of full-batch GD
 * @param sgdEpochs       epochs of SGD and Adam (passes over the data, minibatch 32)
 * @param fistaSeconds    time limit of the fista backend (it stops earlier once certified)
 * @param joptSeconds     time limit of the joptimizer backend on the restricted program
 * @param relativeGap     certified gap the convex backends aim for
 */
public record BenchConfig(int restarts, int gdEpochs, int sgdEpochs, double fistaSeconds, double joptSeconds,
        double relativeGap) {

    public static BenchConfig full() {
        return new BenchConfig(5, 40000, 5000, 15, 30, 1e-6);
    }

    public static BenchConfig quick() {
        return new BenchConfig(2, 300, 100, 2, 5, 1e-6);
    }
}

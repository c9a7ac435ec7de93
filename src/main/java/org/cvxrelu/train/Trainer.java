package org.cvxrelu.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import org.cvxrelu.BadInputException;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.solver.Progress;

/**
 * Ordinary non-convex training of a width-m two-layer ReLU net on L_β (SPEC.md), the baseline that the
 * convex program's global optimum is compared with.
 *
 * <p>Each restart k draws θ₀ from its own {@link SplittableRandom} (seed {@link #restartSeed}):
 * u_jk ~ N(0, σ²/r), α_j ~ N(0, σ²/m) with σ = {@link TrainOptions#initScale()}. Then, for epochs t = 0 … T−1
 * with η_t = schedule(η₀, t, T):
 * <ul>
 * <li>GD: θ ← θ − η_t ∇L_β(θ);</li>
 * <li>SGD: for each minibatch B of a fresh permutation, θ ← θ − η_t ∇L̂_B(θ), where L̂_B scales the data term
 * by n/|B| and keeps the penalty whole (see {@link NetObjectiveGradient}), so E ∇L̂_B = ∇L_β;</li>
 * <li>Adam: on the same g = ∇L̂_B, m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η_t m̂ / (√v̂ + ε),
 * m̂ = m/(1−β₁^s), v̂ = v/(1−β₂^s), s the step count.</li>
 * </ul>
 * After each epoch L_β is evaluated on all data; the restart keeps its best epoch-end iterate. A restart stops
 * early when the relative change of L_β falls to the tolerance, and is marked diverged when L_β is not finite
 * (with the default step, a diverged restart is rerun from the same seed with half the step, up to 8 times).
 * The result is the best kept net over the restarts. For a fixed seed everything is deterministic.
 */
public final class Trainer {
    static final double ADAM_BETA1 = 0.9;
    static final double ADAM_BETA2 = 0.999;
    static final double ADAM_EPS = 1e-8;
    /** Default base step of Adam (its steps are in parameter units, independent of the gradient's scale). */
    public static final double ADAM_DEFAULT_RATE = 0.01;
    /**
     * Default base step of full-batch Adam: without minibatch noise a larger step is stable, and with a
     * decaying schedule it reaches a lower L_β (standardised yacht, width 50, 4000 cosine steps, best of 5:
     * 0.818 at 0.03 against 0.830 at 0.01).
     */
    public static final double ADAM_FULL_BATCH_RATE = 0.03;
    private static final int MAX_HALVINGS = 8;

    /** The phase reported while training, one unit per epoch of every restart. */
    public static final String PHASE = "training";

    private Trainer() {
    }

    /** Trains on {@code data} with {@code options}; progress lines go to {@code progress}. */
    public static TrainResult train(Dataset data, TrainOptions options, Progress progress) {
        return train(data, options, progress, () -> false);
    }

    /**
     * As {@link #train(Dataset, TrainOptions, Progress)}, ending early once {@code stop} answers true (asked after
     * every epoch, e.g. a solve's deadline): the best net met so far is returned, and no further restart or
     * halved-step retry is begun. With a {@code stop} that never fires, the same nets.
     */
    public static TrainResult train(Dataset data, TrainOptions options, Progress progress, BooleanSupplier stop) {
        if (data.n() == 0) {
            throw new BadInputException(data.source() + ": no samples to train on");
        }
        long t0 = System.nanoTime();
        NetObjectiveGradient f = new NetObjectiveGradient(data, options.bias(), options.width(), options.beta());
        boolean auto = options.learningRate() == 0;
        double baseRate = auto ? defaultLearningRate(f, options) : options.learningRate();
        List<RestartSummary> summaries = new ArrayList<>();
        double[] bestTheta = null;
        double bestObjective = Double.POSITIVE_INFINITY;
        int bestRestart = 0;
        progress.phase(PHASE);
        for (int k = 0; k < options.restarts() && (k == 0 || !stop.getAsBoolean()); k++) {
            long seed = restartSeed(options.seed(), k);
            double rate = baseRate;
            Run run = runRestart(f, options, k, seed, rate, progress, stop);
            for (int h = 0; auto && run.diverged && h < MAX_HALVINGS && !stop.getAsBoolean(); h++) {
                rate *= 0.5;
                progress.report(String.format("restart %d diverged, halving the step to %.3g", k + 1, rate));
                run = runRestart(f, options, k, seed, rate, progress, stop);
            }
            summaries.add(run.summary(k, seed, rate));
            if (bestTheta == null || run.keptObjective < bestObjective) {
                bestObjective = run.keptObjective;
                bestTheta = run.kept;
                bestRestart = k;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("objective", bestObjective);
        info.put("provenance", "train");
        info.put("optimizer", options.optimizer().cliName());
        info.put("seed", options.seed());
        info.put("restart", bestRestart);
        info.put("restartSeed", summaries.get(bestRestart).seed());
        info.put("learningRate", summaries.get(bestRestart).learningRate());
        info.put("schedule", options.schedule().cliName());
        info.put("epochs", options.epochs());
        if (options.optimizer() != Optimizer.GD) {
            info.put("batchSize", options.effectiveBatchSize(data.n()));
        }
        info.put("initScale", options.initScale());
        ReluNet net = f.toNet(bestTheta, options.bias()).withInfo(info);
        return new TrainResult(net, bestObjective, bestRestart, summaries, seconds);
    }

    /**
     * The seed of restart k: a SplittableRandom seeded with {@code seed} and advanced k+1 times, so that
     * restarts are independent streams and any one can be rerun alone.
     */
    public static long restartSeed(long seed, int restart) {
        SplittableRandom r = new SplittableRandom(seed);
        long s = 0;
        for (int k = 0; k <= restart; k++) {
            s = r.nextLong();
        }
        return s;
    }

    /**
     * The default base step: Adam {@value #ADAM_DEFAULT_RATE} ({@value #ADAM_FULL_BATCH_RATE} with the full batch); GD and SGD η₀ = 1 / (λ_max(X̃ᵀX̃) · c + β) with
     * c = max(1, σ²(1 + √(m/r))²), a heuristic bound on the curvature of L_β at the initialisation (the α block
     * of the Hessian is ΦᵀΦ with Φ = (X̃U)₊, ‖Φ‖² ≤ λ_max(X̃ᵀX̃) ‖U‖², ‖U‖ ≈ σ(1 + √(m/r)) at the start).
     */
    public static double defaultLearningRate(NetObjectiveGradient f, TrainOptions options) {
        if (options.optimizer() == Optimizer.ADAM) {
            return options.effectiveBatchSize(f.n()) >= f.n() ? ADAM_FULL_BATCH_RATE : ADAM_DEFAULT_RATE;
        }
        double s = options.initScale();
        double spread = 1 + Math.sqrt((double) f.width() / Math.max(1, f.r()));
        double c = Math.max(1.0, s * s * spread * spread);
        return 1.0 / (f.designGramNorm() * c + f.beta());
    }

    /** θ₀ of a restart: u_jk ~ N(0, σ²/r), α_j ~ N(0, σ²/m), drawn in this order from {@code rng}. */
    static double[] initialParameters(int m, int r, double sigma, SplittableRandom rng) {
        double[] theta = new double[m * (r + 1)];
        double su = sigma / Math.sqrt(Math.max(1, r));
        double sa = sigma / Math.sqrt(m);
        for (int p = 0; p < m * r; p++) {
            theta[p] = su * rng.nextGaussian();
        }
        for (int j = 0; j < m; j++) {
            theta[m * r + j] = sa * rng.nextGaussian();
        }
        return theta;
    }

    private static final class Run {
        double[] kept;
        double keptObjective;
        double finalObjective;
        int epochs;
        boolean stoppedEarly;
        boolean diverged;
        double[] history;
        double seconds;

        RestartSummary summary(int k, long seed, double rate) {
            return new RestartSummary(k, seed, rate, keptObjective, finalObjective, epochs, seconds, stoppedEarly,
                    diverged, history);
        }
    }

    private static Run runRestart(NetObjectiveGradient f, TrainOptions o, int k, long seed, double baseRate,
            Progress progress, BooleanSupplier stop) {
        long t0 = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(seed);
        int n = f.n();
        int dim = f.dimension();
        double[] theta = initialParameters(f.width(), f.r(), o.initScale(), rng);
        double[] grad = new double[dim];
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int b = o.effectiveBatchSize(n);
        double[] m1 = o.optimizer() == Optimizer.ADAM ? new double[dim] : null;
        double[] m2 = o.optimizer() == Optimizer.ADAM ? new double[dim] : null;
        long adamSteps = 0;
        int total = o.epochs();
        double[] history = new double[total + 1];
        double current = o.optimizer() == Optimizer.GD ? f.valueAndGradient(theta, grad) : f.value(theta);
        history[0] = current;
        Run run = new Run();
        run.kept = theta.clone();
        run.keptObjective = current;
        int every = Math.max(1, total / 100);
        int e = 0;
        while (e < total) {
            double rate = o.schedule().rate(baseRate, e, total);
            switch (o.optimizer()) {
                case GD -> {
                    for (int p = 0; p < dim; p++) {
                        theta[p] -= rate * grad[p];
                    }
                }
                case SGD, ADAM -> {
                    shuffle(perm, rng);
                    for (int from = 0; from < n; from += b) {
                        int to = Math.min(n, from + b);
                        f.batchValueAndGradient(theta, perm, from, to, grad);
                        if (o.optimizer() == Optimizer.SGD) {
                            for (int p = 0; p < dim; p++) {
                                theta[p] -= rate * grad[p];
                            }
                        } else {
                            adamSteps++;
                            double c1 = 1 - Math.pow(ADAM_BETA1, adamSteps);
                            double c2 = 1 - Math.pow(ADAM_BETA2, adamSteps);
                            for (int p = 0; p < dim; p++) {
                                double g = grad[p];
                                m1[p] = ADAM_BETA1 * m1[p] + (1 - ADAM_BETA1) * g;
                                m2[p] = ADAM_BETA2 * m2[p] + (1 - ADAM_BETA2) * g * g;
                                theta[p] -= rate * (m1[p] / c1) / (Math.sqrt(m2[p] / c2) + ADAM_EPS);
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException(o.optimizer().toString());
            }
            double previous = current;
            // GD evaluates the gradient for its next step together with the objective.
            current = o.optimizer() == Optimizer.GD ? f.valueAndGradient(theta, grad) : f.value(theta);
            e++;
            history[e] = current;
            if (!Double.isFinite(current)) {
                run.diverged = true;
                break;
            }
            if (current < run.keptObjective) {
                run.keptObjective = current;
                System.arraycopy(theta, 0, run.kept, 0, dim);
            }
            if (e % every == 0) {
                progress.advance((long) k * total + e, (long) o.restarts() * total);
                progress.report(String.format("restart %d/%d epoch %d/%d objective %.6g", k + 1, o.restarts(), e,
                        total, current));
            }
            if (o.tolerance() > 0 && Math.abs(previous - current) <= o.tolerance() * Math.abs(current)
                    || stop.getAsBoolean()) {
                run.stoppedEarly = true;
                break;
            }
        }
        run.epochs = e;
        run.finalObjective = run.diverged ? Double.POSITIVE_INFINITY : current;
        run.history = Arrays.copyOf(history, e + 1);
        run.seconds = (System.nanoTime() - t0) / 1e9;
        return run;
    }

    /** Fisher–Yates shuffle driven by {@code rng}. */
    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

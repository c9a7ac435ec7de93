package org.cvxrelu.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.train.Schedule;
import org.cvxrelu.train.TrainOptions;
import org.cvxrelu.train.Trainer;

/**
 * The nets whose patterns seed column generation ({@link ColumnGeneration}): K = {@link #NETS} full-batch Adam
 * runs (cosine-decaying step, {@code train}'s learning rate), seeds {@code seed}, {@code seed + 1}, …, run side by
 * side. The generation's seeds are {@link #GENERATION_WIDTH} wide and run {@link #GENERATION_STEPS} steps: the
 * arithmetic of a run of {@code train}'s defaults (width {@link #WIDTH}, {@link #STEPS} steps), spread over more
 * neurons. An exact arrangement's solve and the branch-and-bound route start runs of {@code train}'s width and
 * {@link #EXACT_PATH_STEPS} steps instead.
 *
 * <p>Why K full runs: the program over the union of the K nets' patterns contains φ(net_k) for every k, so its
 * optimum is no worse than the best of them, and it also recombines their neurons; so the first restricted
 * solve starts where the best of K Adam runs ends. Measured (2026-12-03; standardised tables, β = 0.1, the
 * whole {@code solve}; BENCHMARKS §16): two runs of 2,000 steps (the earlier seeds, one run's steps shared)
 * left the first solve far above Adam (concrete with fine aggregate as target: seed 5.12, answer 4.357 against
 * 4.268 for the best of five 4000-step restarts); two runs of 4,000 steps: seed 4.67, answer 4.172, and lower
 * answers on 17 of the 18 generated-pattern tables tried with the generation budget then (3; with today's
 * {@link #GENERATION_BUDGET}, 15 of 18 against the old seeds, all below Adam ×5). The union's solve costs about
 * m·n·r per iteration ({@link ColumnGeneration#solveWork}); with K = 3 on concrete it cost 4.6 Adam runs against
 * 1.45 with K = 2.
 *
 * <p>Why wider seeds (BENCHMARKS §51): on most tables of 80–1,500 rows the budget allows one restricted solve, so
 * the answer is the optimum over the seeds' patterns, and where Adam ×5's luckiest restart found a better basin
 * than both seeds the answer stayed above it (6 of 27 held-out tables, by 0.2–5.2 %). With the same arithmetic
 * spread over 75 neurons instead of 50 (2,680 steps in that comparison, 2,667 here), the union holds about 150
 * patterns instead of 100 and the answer was below Adam ×5's on 27 of 27, 5.9 % below on average instead of 3.2 %,
 * at 13 % more wall time in all (the restricted solve over more patterns); 100 neurons and 2,000 steps gave 6.8 % at
 * 25 % more. With 2,667 steps and {@code StallRule}'s progress rule (without which one of those restricted solves
 * was cut short as stalled) the answer is again below Adam ×5's on 27 of 27, and on 69 of 70 generated-path tables
 * of nine held-out sets (63 of 70 before).
 * No timing enters, so the answer is deterministic.
 */
public final class AdamSeeds {
    /** Hidden width of {@code train}'s baseline run: the unit of {@link #adamWork}, and the exact path's seeds. */
    public static final int WIDTH = 50;
    /** Full-batch steps of one run of {@code train}'s defaults: the unit of {@link #adamWork}. */
    public static final int STEPS = 4000;
    /** Hidden width of each seed run of the generated path ({@link #train}; see the class comment). */
    public static final int GENERATION_WIDTH = 75;
    /** Full-batch steps of each seed run of the generated path: ⌈{@link #WIDTH}·{@link #STEPS} / {@link #GENERATION_WIDTH}⌉. */
    public static final int GENERATION_STEPS = (WIDTH * STEPS + GENERATION_WIDTH - 1) / GENERATION_WIDTH;
    /**
     * Steps of each seed run of an exact arrangement's solve ({@link #start(Dataset, double, boolean, long, int, BooleanSupplier)}):
     * there the seeds only bring the first working set near a support (the answer is certified whatever they
     * are), and they are on the critical path when the arrangement is small: auto_mpg rows 1–120 (1,476 cells)
     * took 2.6 s with two runs of 2,000 steps and 3.5 s with two of 4,000.
     */
    public static final int EXACT_PATH_STEPS = STEPS / 2;
    /** Seed nets K. */
    public static final int NETS = 2;
    /**
     * The generation's whole budget (restricted solves and searches), in full Adam runs' arithmetic: with the
     * seeds' {@link #NETS} runs, 4 runs in all, under the 5 of {@code train --restarts 5} (and the seeds run side
     * by side). Measured against 3 (with the seeds above, 19 tables): objectives 0.1–1.3 % higher, wall time
     * lower on the tables of under 150 rows, where a run's fixed costs weigh most (cryotherapy 2.4–2.6 s → 1.6–1.8 s
     * against 2.2 s for Adam ×5).
     */
    public static final double GENERATION_BUDGET = 2;

    /** The seed nets, the width and steps of each, the generation budget (arithmetic) and the runs' seconds. */
    public record Seeds(List<ReluNet> nets, int width, int steps, double budget, double seconds) {
        public Seeds {
            nets = List.copyOf(nets);
        }
    }

    private AdamSeeds() {
    }

    /**
     * Floating-point operations of one full Adam run on n samples of r inputs (x̃ including the bias):
     * 8 · steps · n · width · r (forward and backward products, and the per-step evaluation).
     */
    public static double adamWork(int n, int r) {
        return 8.0 * STEPS * n * WIDTH * r;
    }

    /**
     * Trains the K seed nets of the generated path on {@code data} (already on the scale the program is posed on):
     * {@link #GENERATION_WIDTH} wide, {@link #GENERATION_STEPS} steps.
     */
    public static Seeds train(Dataset data, double beta, boolean bias, long seed) {
        return train(data, beta, bias, seed, () -> false);
    }

    /**
     * As {@link #train(Dataset, double, boolean, long)}, each run ending early once {@code stop} answers true (a
     * solve's deadline: the seeds' 2 × 4,000 steps, 50 wide, took 4.4 s of a 5 s limit on airfoil) with the best net it met.
     */
    public static Seeds train(Dataset data, double beta, boolean bias, long seed, BooleanSupplier stop) {
        return start(data, beta, bias, seed, GENERATION_WIDTH, GENERATION_STEPS, stop).join();
    }

    /**
     * Starts K runs of width {@link #WIDTH} and {@code steps} steps on threads of their own and returns at once, so
     * that the caller's own work (an arrangement's enumeration) runs beside the seeds; every run ends early once
     * {@code stop} answers true (asked after each epoch, one full-batch step).
     */
    public static CompletableFuture<Seeds> start(Dataset data, double beta, boolean bias, long seed, int steps,
            BooleanSupplier stop) {
        return start(data, beta, bias, seed, WIDTH, steps, stop);
    }

    /**
     * As above, runs of {@code width} neurons; with {@link #GENERATION_WIDTH} and {@link #GENERATION_STEPS}, the same
     * nets as {@link #train}.
     */
    public static CompletableFuture<Seeds> start(Dataset data, double beta, boolean bias, long seed, int width,
            int steps, BooleanSupplier stop) {
        long t0 = System.nanoTime();
        int r = data.r(bias);
        int k = NETS;
        // the K runs are independent (own seed, own arithmetic): run side by side, the same nets in the same order
        List<CompletableFuture<ReluNet>> runs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.max(1, Math.min(k, Runtime.getRuntime().availableProcessors())), task -> {
                    Thread t = new Thread(task, "cvxrelu-adam-seed");
                    t.setDaemon(true);
                    return t;
                });
        try {
            for (int i = 0; i < k; i++) {
                TrainOptions adam = TrainOptions.defaults(beta, width).withBias(bias).withSeed(seed + i)
                        .withEpochs(steps).withBatchSize(data.n()).withSchedule(Schedule.COSINE);
                runs.add(CompletableFuture.supplyAsync(() -> Trainer.train(data, adam, Progress.NONE, stop).net(), pool));
            }
        } finally {
            pool.shutdown(); // the runs submitted still run; the threads end with them
        }
        return CompletableFuture.allOf(runs.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<ReluNet> nets = new ArrayList<>();
            for (var f : runs) {
                nets.add(f.join());
            }
            double budget = GENERATION_BUDGET * adamWork(data.n(), r);
            return new Seeds(nets, width, steps, budget, (System.nanoTime() - t0) / 1e9);
        });
    }
}

package org.cvxrelu.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.train.Schedule;
import org.cvxrelu.train.TrainOptions;
import org.cvxrelu.train.Trainer;

/**
 * The nets whose patterns seed column generation ({@link ColumnGeneration}): K short full-batch Adam runs
 * (width {@link #WIDTH}, cosine-decaying step, seeds {@code seed}, {@code seed + 1}, …) sharing the steps of one
 * run of {@code train}'s defaults, K·S = {@link #TOTAL_STEPS}.
 *
 * <p>Why several short runs rather than one long one: the program over the union of the K nets' patterns
 * contains φ(net_k) for every k, so its optimum is no worse than the best of them, and it also recombines their
 * neurons. Measured (standardised tables, β = 0.1, one restricted interior-point solve over the union, seeds
 * 0…K−1): yacht K = 1/2/3/4 (4000/2000/1333/1000 steps): 0.8262/0.8126/0.8161/0.8170, five 1000-step runs
 * 0.8129 (the best of five 4000-step Adam restarts: 0.8179); concrete K = 2/3: 15.47/15.08 (Adam ×5: 15.65), but
 * the union's solve costs about m·n·r per iteration ({@link ColumnGeneration#solveWork}): with K = 3 on concrete
 * it cost 4.6 Adam runs against 1.45 with K = 2. So K = {@link #NETS}: the first solve over ~100 groups, and
 * the rest of the budget goes to generated patterns. No timing enters, so the answer is deterministic.
 */
public final class AdamSeeds {
    /** Hidden width of every seed run (as {@code train}'s baseline). */
    public static final int WIDTH = 50;
    /** Full-batch steps of one run of {@code train}'s defaults, shared by the K seed runs. */
    public static final int TOTAL_STEPS = 4000;
    /** Seed nets K. */
    public static final int NETS = 2;
    /**
     * The generation's whole budget (restricted solves and searches), in full Adam runs' arithmetic: with the
     * seeds' one run, about 4 runs in all, under the 5 of {@code train --restarts 5}.
     */
    public static final double GENERATION_BUDGET = 3;

    /** The seed nets, the steps of each, the generation budget (arithmetic) and the seconds the runs took. */
    public record Seeds(List<ReluNet> nets, int steps, double budget, double seconds) {
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
        return 8.0 * TOTAL_STEPS * n * WIDTH * r;
    }

    /** Trains the K seed nets on {@code data} (already on the scale the program is posed on). */
    public static Seeds train(Dataset data, double beta, boolean bias, long seed) {
        return start(data, beta, bias, seed).join();
    }

    /**
     * Starts {@link #train} on threads of its own and returns at once, so that the caller's own work (an
     * arrangement's enumeration) runs beside the seeds; the same nets as {@link #train}.
     */
    public static CompletableFuture<Seeds> start(Dataset data, double beta, boolean bias, long seed) {
        long t0 = System.nanoTime();
        int r = data.r(bias);
        int k = NETS;
        int steps = TOTAL_STEPS / k;
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
                TrainOptions adam = TrainOptions.defaults(beta, WIDTH).withBias(bias).withSeed(seed + i)
                        .withEpochs(steps).withBatchSize(data.n()).withSchedule(Schedule.COSINE);
                runs.add(CompletableFuture.supplyAsync(() -> Trainer.train(data, adam, Progress.NONE).net(), pool));
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
            return new Seeds(nets, steps, budget, (System.nanoTime() - t0) / 1e9);
        });
    }
}

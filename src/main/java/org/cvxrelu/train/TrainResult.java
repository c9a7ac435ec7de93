package org.cvxrelu.train;

import java.util.List;

import org.cvxrelu.net.ReluNet;

/**
 * The outcome of {@link Trainer#train}: the best net over all restarts and what each restart did.
 *
 * @param net         the best net (width m, all neurons kept), with info fields objective, optimizer, seed,
 *                    provenance "train" and the other settings
 * @param objective   its L_β
 * @param bestRestart the index of the restart it came from
 * @param restarts    one summary per restart, in order
 * @param seconds     total wall time
 */
public record TrainResult(ReluNet net, double objective, int bestRestart, List<RestartSummary> restarts,
        double seconds) {
    public TrainResult {
        restarts = List.copyOf(restarts);
    }

    /** L_β of the net each restart kept, in restart order. */
    public double[] objectives() {
        return restarts.stream().mapToDouble(RestartSummary::objective).toArray();
    }

    /** True when every restart's objective became non-finite (the step is too large). */
    public boolean allDiverged() {
        return restarts.stream().allMatch(RestartSummary::diverged);
    }
}

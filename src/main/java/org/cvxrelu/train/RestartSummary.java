package org.cvxrelu.train;

/**
 * What one restart of {@link Trainer} did.
 *
 * @param restart        index k (0-based)
 * @param seed           the seed its initialisation and minibatches came from
 * @param learningRate   the base step η₀ it ran with (the default may have been halved after a divergence)
 * @param objective      L_β of the net this restart keeps: the best epoch-end iterate (the initial net included)
 * @param finalObjective L_β of its last iterate (+∞ when it diverged)
 * @param epochs         epochs run (fewer than asked after an early stop or a divergence)
 * @param seconds        wall time of the restart
 * @param stoppedEarly   whether the relative-change tolerance stopped it
 * @param diverged       whether the objective became non-finite
 * @param history        L_β after each epoch, history[0] at the initialisation (epochs + 1 entries)
 */
public record RestartSummary(int restart, long seed, double learningRate, double objective, double finalObjective,
        int epochs, double seconds, boolean stoppedEarly, boolean diverged, double[] history) {
    public RestartSummary {
        history = history.clone();
    }

    @Override
    public double[] history() {
        return history.clone();
    }
}

package org.cvxrelu.bench;

import java.util.Arrays;
import java.util.List;

import org.cvxrelu.train.RestartSummary;

/**
 * Time for a training run to come within a relative tolerance of the optimum P*, from its per-epoch
 * objective history and wall time. Epochs are assumed to take equal time, so epoch e ends at
 * {@code seconds · e / epochs}; history[0] (the initialisation) is at time 0.
 */
public final class TimeToTolerance {
    private TimeToTolerance() {
    }

    /** Relative objective gap (L − P*) / |P*| (negative when L is below P*, possible with sampled patterns). */
    public static double gap(double objective, double pStar) {
        return (objective - pStar) / Math.abs(pStar);
    }

    /**
     * The first epoch whose objective is within {@code tol} relative of P* (L ≤ P* + tol·|P*|), or −1.
     */
    public static int firstEpoch(double[] history, double pStar, double tol) {
        for (int e = 0; e < history.length; e++) {
            if (Double.isFinite(history[e]) && gap(history[e], pStar) <= tol) {
                return e;
            }
        }
        return -1;
    }

    /** Seconds until the tolerance was met, or NaN if it never was. */
    public static double seconds(double[] history, double seconds, double pStar, double tol) {
        int e = firstEpoch(history, pStar, tol);
        if (e < 0) {
            return Double.NaN;
        }
        int epochs = history.length - 1;
        return epochs <= 0 ? 0 : seconds * e / epochs;
    }

    /** The smallest relative gap reached anywhere in the history (+∞ if none is finite). */
    public static double bestGap(double[] history, double pStar) {
        double best = Double.POSITIVE_INFINITY;
        for (double h : history) {
            if (Double.isFinite(h)) {
                best = Math.min(best, gap(h, pStar));
            }
        }
        return best;
    }

    /** Summary over restarts: how many reached tol, and the median time of those that did. */
    public record Summary(double tolerance, int reached, int restarts, double medianSeconds, double minSeconds) {
        public double fraction() {
            return restarts == 0 ? 0 : (double) reached / restarts;
        }
    }

    public static Summary over(List<RestartSummary> runs, double pStar, double tol) {
        double[] t = new double[runs.size()];
        int k = 0;
        for (RestartSummary r : runs) {
            double s = seconds(r.history(), r.seconds(), pStar, tol);
            if (!Double.isNaN(s)) {
                t[k++] = s;
            }
        }
        double[] hit = Arrays.copyOf(t, k);
        Arrays.sort(hit);
        double median = k == 0 ? Double.NaN : (k % 2 == 1 ? hit[k / 2] : 0.5 * (hit[k / 2 - 1] + hit[k / 2]));
        return new Summary(tol, k, runs.size(), median, k == 0 ? Double.NaN : hit[0]);
    }
}

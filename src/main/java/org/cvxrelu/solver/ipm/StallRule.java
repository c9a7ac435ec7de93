package org.cvxrelu.solver.ipm;

/**
 * When the interior-point method stops short of its tolerances ({@link InteriorPointMethod}): each iterate is judged
 * by two measures,
 * <ul>
 *   <li>the <em>merit</em> max(pres, dres, gap / max(|primal|, floor)), which picks the iterate returned when the
 *   solve ends without reaching its tolerances (the gap relative to the objective, never absolute: in raw units the
 *   objective is a tiny fraction of the constant ½‖y‖², an absolute gap of 5e-10 was still a relative one of 3e-7,
 *   and that earlier iterate won over a later one at 4e-12 whose dual residual had reached its rounding floor);</li>
 *   <li>the <em>progress</em> max(pres, dres, gap / the first iterate's gap), every term relative to where the solve
 *   began.</li>
 * </ul>
 * An iterate whose merit is 0.1 % below the best so far is the new best; far from the end, so is a moving one (the
 * iterate returned if the solve ends short). Near the end (best merit below
 * {@link #NEAR_END}) {@link #NEAR_END_PATIENCE} iterates without a new best end the solve, and so does one whose merit
 * is {@link #DIVERGED} times the best; far from it, {@link #PATIENCE} iterates without a new best and without
 * progress (see {@link #MOVING}) do.
 */
final class StallRule {
    /**
     * Once the best iterate's merit is below this, rounding is what limits progress: four iterations without a
     * better one end the solve (STALLED, the best iterate returned). It is judged on the best merit, not the
     * current one: an iterate that rounding has pushed off (its dual residual up 1e3×) is no sign that the
     * solve is still far from its end. On the exact loop of degenerate integer tables this saves 3–9 % of the
     * interior-point iterations and changes no answer (BENCHMARKS §17).
     */
    static final double NEAR_END = 1e-5;
    /** Iterates without a new best that end a solve near the end. */
    static final int NEAR_END_PATIENCE = 4;
    /** Iterates without a new best and without progress that end a solve far from the end. */
    static final int PATIENCE = 15;
    /**
     * Near the end (best merit below {@link #NEAR_END}), a merit this many times the best one comes from a
     * direction that rounding has ruined: the solve stops.
     */
    static final double DIVERGED = 1e6;
    /**
     * Far from the end (best merit at or above {@link #NEAR_END}) an iterate also counts as progress when its
     * progress measure is 1 % below the smallest so far. The merit's gap is relative to the primal objective, and
     * while that objective falls with the gap the merit stays flat: a restricted solve over 150 seed patterns of a
     * 569-row, 30-feature table (z-scores) had its gap fall from 498 to 7.7 in 15 iterations at a merit of 2.1–2.5,
     * was called stalled, and returned the iterate of merit 2.1, whose net's L_β was 230 against about 0.7; going on,
     * it ended OPTIMAL at iteration 65 (BENCHMARKS §51).
     */
    static final double MOVING = 0.99;

    /** What an iterate means for the solve. */
    enum Verdict {
        /** The best iterate so far by merit (the one to return if the solve ends short). */
        BEST,
        /**
         * Far from the end, not better by merit but moving (see {@link #MOVING}): the iterate to return if the solve
         * ends short instead of the earlier best, whose merit was only lower because its primal objective was higher.
         */
        PROGRESS,
        /** Not the best; the solve goes on. */
        GO_ON,
        /** The solve has stalled: it ends, returning the best iterate. */
        STOP
    }

    private final double gapFloor;
    private double bestMerit = Double.POSITIVE_INFINITY;
    private double bestProgress = Double.POSITIVE_INFINITY;
    private double firstGap;
    private boolean first = true;
    private int stalled;

    /** @param gapFloor the least |primal| the merit's gap is divided by (optima near zero) */
    StallRule(double gapFloor) {
        this.gapFloor = gapFloor;
    }

    /** The merit of an iterate (see the class comment). */
    double merit(double pres, double dres, double gap, double primal) {
        return Math.max(Math.max(pres, dres), gap / Math.max(Math.abs(primal), gapFloor));
    }

    /** Judges the next iterate, from its relative residuals, its gap sᵀz and its primal objective. */
    Verdict judge(double pres, double dres, double gap, double primal) {
        double merit = merit(pres, dres, gap, primal);
        if (first) {
            firstGap = gap;
            first = false;
        }
        // a progress measure that is not a finite number (a first gap of 0, a NaN residual) is no progress, and
        // leaves the smallest one as it was
        double progress = Math.max(Math.max(pres, dres), gap / firstGap);
        boolean moving = Double.isFinite(progress) && progress < bestProgress * MOVING;
        if (Double.isFinite(progress)) {
            bestProgress = Math.min(bestProgress, progress);
        }
        if (merit < bestMerit * 0.999) {
            bestMerit = merit;
            stalled = 0;
            return Verdict.BEST;
        }
        boolean nearEnd = bestMerit < NEAR_END;
        if (!nearEnd && moving) {
            stalled = 0;
            return Verdict.PROGRESS;
        }
        if (nearEnd && merit > DIVERGED * bestMerit || ++stalled >= (nearEnd ? NEAR_END_PATIENCE : PATIENCE)) {
            return Verdict.STOP;
        }
        return Verdict.GO_ON;
    }
}

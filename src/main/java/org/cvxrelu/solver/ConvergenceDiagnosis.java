package org.cvxrelu.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConeProgram;

/**
 * Why a solve stopped with its certified gap above the target: the answer is still a net with its true
 * objective and a valid lower bound, but "optimal" would be a wrong claim, so the tool says what stood in
 * the way. Each test below names a cause that was seen on the stress instances (instances/README.md):
 * <ul>
 *   <li>the time limit (reached, or less than {@link #TIME_LIMIT_SHARE} of it left when the run ended);</li>
 *   <li>a tiny optimum: P* / (½‖y‖²) below {@link #TINY_OPTIMUM}. The certificate prices λ = y − f(X),
 *       whose size is then ~√(P*) next to ‖y‖; rounding in f(X) (relative ε) is a relative error of about
 *       ε‖y‖/‖λ‖ in λ and the restricted solves cannot reach the accuracy the target gap needs. This is a
 *       β that is tiny for the data: β / c(y) is reported, where c(y) (the largest price at λ = y) is the
 *       smallest β at which the zero net is optimal; also, when the answer is still far from the optimum, a β
 *       below {@link #TINY_BETA} of c(y): negligible against the target's scale;</li>
 *   <li>columns of X̃ in different units: RMS scales of the features (and the bias column 1) spread over more
 *       than {@link #SCALE_SPREAD}; the cone program is then badly conditioned in double precision (seen: raw
 *       40-row subsets of concrete and airfoil stall). Weight decay makes the optimum
 *       depend on the units, so the cure is the user's choice: standardise ({@code --standardize});</li>
 *   <li>rows of very different size, ‖x̃_k‖ spreading over more than {@link #ROW_SPREAD} (an outlier): the
 *       same conditioning trouble, seen row-wise;</li>
 *   <li>otherwise, the interior-point solves stalled on degenerate data (repeated or nearly coincident
 *       samples), where the first-order finish is slow.</li>
 * </ul>
 */
public final class ConvergenceDiagnosis {
    /**
     * P* / (½‖y‖²) below this is "tiny". Seen: 1e-9 (β = 1e-8 on teacher_n12_d2) and 1e-11 fail; 5e-8 and 1e-8
     * (features × 1e6, targets × 1e6) certify at 1.3e-7 and 4.9e-8, but were seen at 1e-5 after small changes to
     * the arithmetic of the interior-point method; 1e-7 (β = 1e-6) certifies at 3e-9.
     */
    static final double TINY_OPTIMUM = 1e-6;
    /**
     * Column RMS scales spreading more than this count as data in different units, the likely cause of a stall.
     * Seen: 1e12 fails; 40 raw rows of concrete (cement RMS 282 against the bias column's 1: 2.8e2) end at gap
     * 5e-5 after 20 s and of airfoil (2.4e5) at 1.6e-2, where their z-scores certify in 2.5 s and 8.6 s.
     */
    static final double SCALE_SPREAD = 1e2;
    /**
     * A run that ends with less than this share of its time limit left counts as cut by the limit. Seen: full
     * airfoil, sampled, {@code --time-limit 60}: the solve reported 59.96 s and was blamed on degenerate data.
     */
    static final double TIME_LIMIT_SHARE = 0.05;
    /**
     * β / c(y) below this (c(y) = the largest price at λ = y, the β above which the zero net is optimal) is a β
     * negligible against the target's scale, named even when the answer is far above the optimum (so that
     * {@link #TINY_OPTIMUM} cannot tell). Seen: raw targets of scale 1e5 and 1e7 on 120 × 5 Gaussian features, β =
     * 0.1: gap 0.99999 at the generation's budget, where their z-scores certify. The eleven shared tables,
     * z-scored, give 9.6e-5 (breast_cancer, 569 rows) to 1.4e-2 (linnerud) at β = 0.1. c(y) is taken from
     * {@link #correlationLowerValue}, which can only make β / c(y) look larger (the cause is then not named), never
     * smaller.
     */
    static final double TINY_BETA = 1e-6;
    /** Row norms ‖x̃_k‖ spreading more than this: an outlier (seen: one cell of 3.8e6 among values below 1 fails). */
    static final double ROW_SPREAD = 1e5;

    private ConvergenceDiagnosis() {
    }

    /**
     * One line saying why the gap {@code reached} stayed above {@code target}, for a run of {@code seconds}
     * under {@code settings}; null when the target was met.
     */
    public static String explain(ConeProgram program, double objective, double reached, SolverSettings settings,
            double seconds) {
        return explain(program, objective, reached, settings, seconds, true);
    }

    /**
     * As {@link #explain(ConeProgram, double, double, SolverSettings, double)} for a gap that converged solves left
     * (a generation stopped before its store was solved over): only the causes seen in the data or the clock, no
     * "stalled" when none of them applies (then null).
     */
    public static String explainWithoutStall(ConeProgram program, double objective, double reached,
            SolverSettings settings, double seconds) {
        return explain(program, objective, reached, settings, seconds, false);
    }

    private static String explain(ConeProgram program, double objective, double reached, SolverSettings settings,
            double seconds, boolean stallAsLastCause) {
        double target = settings.relativeGap();
        if (reached <= target) {
            return null;
        }
        List<String> causes = causes(program, objective, settings, seconds);
        if (causes.isEmpty() && !stallAsLastCause) {
            return null;
        }
        if (causes.isEmpty()) {
            causes.add("the interior-point solves on the working set stalled (degenerate data: repeated or nearly "
                    + "coincident samples) and the first-order finish did not close the gap; a longer --time-limit "
                    + "or --solver fista may close it");
        }
        return String.format(Locale.ROOT, "certified gap %.2e is above the target %.1e: %s", reached, target,
                String.join("; ", causes));
    }

    /**
     * The causes of an open gap seen in the data or the clock (the time limit, a tiny optimum or β, columns or rows
     * in different units), each a clause; empty when none applies. For any solver of {@code program}'s data: the
     * gated model names them too.
     */
    public static List<String> causes(ConeProgram program, double objective, SolverSettings settings, double seconds) {
        List<String> causes = new ArrayList<>();
        // the stages stop a little before a deadline that counts from the process's start, so a run cut by its limit
        // can report fewer seconds than the limit: the deadline itself (within its last 5 %) decides too
        double limit = settings.timeLimitSeconds();
        double left = settings.secondsLeft();
        if (limit > 0 && (seconds >= limit || left <= 0)) {
            causes.add(String.format(Locale.ROOT, "the time limit of %.3g s was reached", limit));
        } else if (limit > 0 && left <= TIME_LIMIT_SHARE * limit) {
            causes.add(String.format(Locale.ROOT, "the time limit of %.3g s was nearly reached (%.2g s left, too "
                    + "little for another stage)", limit, left));
        }
        double half = 0;
        for (double v : program.y()) {
            half += 0.5 * v * v;
        }
        double ratio = half > 0 ? objective / half : 1;
        if (ratio < TINY_OPTIMUM) {
            double cy = Pricing.price(program, program.y(), 0).c();
            causes.add(String.format(Locale.ROOT,
                    "the optimum is only %.1e of 1/2 |y|^2 (beta = %.3g is %.1e of %.3g, the beta above which the "
                            + "zero net is optimal): the residual the certificate prices is close to rounding; "
                            + "a larger beta or other units for the data certify", ratio, program.beta(),
                    program.beta() / cy, cy));
        } else if (half > 0) {
            // the answer may still be far above the optimum (a generation stopped at its budget), so the optimum's
            // size is not known, but β against the target's scale already says why
            double cy = correlationLowerValue(program.design(), program.y(), program.nonnegativeOutput());
            if (program.beta() < TINY_BETA * cy) {
                causes.add(String.format(Locale.ROOT,
                        "beta = %.3g is at most %.1e of c(y) >= %.3g, the beta above which the zero net is optimal "
                                + "(the target's RMS is %.3g): against this target the weight decay is negligible, the "
                                + "optimum nearly interpolates and the cone program is badly conditioned; standardise "
                                + "the data (--standardize: the target too) if it is not, or choose a larger beta", program.beta(),
                        program.beta() / cy, cy, Math.sqrt(2 * half / program.y().length)));
            }
        }
        double[] scales = columnScales(program.design());
        int[] col = extremes(scales);
        if (col != null && scales[col[1]] / scales[col[0]] > SCALE_SPREAD) {
            causes.add(String.format(Locale.ROOT,
                    "the columns of the design differ in scale by %.1e (%s RMS %.3g, %s RMS %.3g): the cone program "
                            + "is badly conditioned in these units; standardise the data (--standardize: z-scores, "
                            + "recorded in the net so that predictions stay in raw units)", scales[col[1]] / scales[col[0]],
                    column(program, col[1]), scales[col[1]], column(program, col[0]), scales[col[0]]));
        }
        double[] rows = rowNorms(program.design());
        int[] row = extremes(rows);
        if (row != null && rows[row[1]] / rows[row[0]] > ROW_SPREAD) {
            causes.add(String.format(Locale.ROOT,
                    "the samples differ in size by %.1e (|x| = %.3g in sample %d, %.3g in sample %d): an outlier or "
                            + "a feature in other units; the cone program is badly conditioned, standardise the data "
                            + "(--standardize) or check that sample",
                    rows[row[1]] / rows[row[0]], rows[row[1]], row[1] + 1, rows[row[0]], row[0] + 1));
        }
        return causes;
    }

    /**
     * A sampled program solved to its target whose net, priced over every pattern of the arrangement, is
     * still {@code gap} from the global bound: the samples miss cells that the global optimum uses.
     */
    public static String missedCells(double gap, double target, int sampled) {
        return String.format(Locale.ROOT, "certified gap %.2e over all patterns is above the target %.1e: the %d "
                + "sampled patterns are solved to the target, but they miss cells the global optimum uses; more "
                + "samples (--sample N) narrow the gap", gap, target, sampled);
    }

    /** The indices of the smallest positive and the largest entry of {@code v}; null when none is positive. */
    static int[] extremes(double[] v) {
        int lo = -1;
        int hi = -1;
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0 && (lo < 0 || v[i] < v[lo])) {
                lo = i;
            }
            if (hi < 0 || v[i] > v[hi]) {
                hi = i;
            }
        }
        return lo < 0 ? null : new int[] {lo, hi};
    }

    /**
     * A lower value of c(y) = max_{‖u‖ ≤ 1} max(g(u), g₋(u)), g(u) = Σ_k y_k (x̃_kᵀu)₊, g₋ with −y, in O(n·r): the
     * largest of g and g₋ at u = ±X̃ᵀy/‖X̃ᵀy‖. Since g(u) − g(−u) = yᵀX̃u, at these points it is at least
     * ‖X̃ᵀy‖/2. c(y) is a maximum over unit vectors, so the value at any of them is at most c(y) (up to
     * rounding: a diagnosis, not a bound). 0 when X̃ᵀy = 0 or is not finite. With {@code positiveOnly} a lower value
     * of c⁺(y) = max_{‖u‖ ≤ 1} g(u), the constant of the program with output weights α ≥ 0 (g at ±X̃ᵀy/‖X̃ᵀy‖, not
     * −g; 0 when both are negative).
     */
    static double correlationLowerValue(double[][] design, double[] y, boolean positiveOnly) {
        int r = design.length == 0 ? 0 : design[0].length;
        double[] u = new double[r];
        for (int k = 0; k < design.length; k++) {
            for (int c = 0; c < r; c++) {
                u[c] += y[k] * design[k][c];
            }
        }
        double norm = 0;
        for (double v : u) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            return 0;
        }
        double plus = 0; // g(u)
        double minus = 0; // g(−u)
        for (int k = 0; k < design.length; k++) {
            double t = 0;
            for (int c = 0; c < r; c++) {
                t += design[k][c] * u[c] / norm;
            }
            plus += y[k] * Math.max(t, 0);
            minus += y[k] * Math.max(-t, 0);
        }
        return positiveOnly ? Math.max(0, Math.max(plus, minus)) : Math.max(Math.max(plus, -plus), Math.max(minus, -minus));
    }

    /** ‖x̃_k‖ of each row of X̃. */
    static double[] rowNorms(double[][] design) {
        double[] out = new double[design.length];
        for (int k = 0; k < design.length; k++) {
            double s = 0;
            for (double v : design[k]) {
                s += v * v;
            }
            out[k] = Math.sqrt(s);
        }
        return out;
    }

    /** RMS of each column of X̃. */
    public static double[] columnScales(double[][] design) {
        int r = design.length == 0 ? 0 : design[0].length;
        double[] s = new double[r];
        for (double[] row : design) {
            for (int c = 0; c < r; c++) {
                s[c] += row[c] * row[c];
            }
        }
        for (int c = 0; c < r; c++) {
            s[c] = Math.sqrt(s[c] / design.length);
        }
        return s;
    }

    private static String column(ConeProgram program, int c) {
        List<String> names = program.data().featureNames();
        return c < names.size() ? "feature " + names.get(c) : "the bias column";
    }
}

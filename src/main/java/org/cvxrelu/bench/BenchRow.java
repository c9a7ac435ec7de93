package org.cvxrelu.bench;

/**
 * One line of the benchmark CSV: a method on a case. Times in seconds; NaN where not applicable.
 *
 * @param pStar        the reference optimum (objective of the ipm solve; certified when {@code exact})
 * @param seconds      wall time of the method (all restarts for training methods)
 * @param objective    best objective it reached
 * @param gap          (objective − P*) / |P*|
 * @param certifiedGap its own certified relative gap (convex backends), NaN otherwise
 * @param t3           time to come within 1e-3 relative of P* (median over restarts that did)
 * @param f3           fraction of restarts (or 1/0 for a solver) that did
 * @param t6           the same for 1e-6
 * @param ratioToIpm   seconds / seconds of ipm on the same (restricted) program, joptimizer only
 */
public record BenchRow(String dataset, int n, int d, int patterns, boolean exact, double beta, double pStar,
        String method, int restarts, double seconds, double objective, double gap, double certifiedGap,
        double t3, double f3, double t6, double f6, double ratioToIpm, String note) {

    public static final String HEADER = "dataset,n,d,patterns,exact,beta,p_star,method,restarts,seconds,objective,"
            + "gap,certified_gap,time_to_1e-3_s,fraction_1e-3,time_to_1e-6_s,fraction_1e-6,ratio_to_ipm,note";

    public String csv() {
        return String.join(",", dataset, Integer.toString(n), Integer.toString(d), Integer.toString(patterns),
                Boolean.toString(exact), num(beta), num(pStar), method, Integer.toString(restarts), num(seconds),
                num(objective), num(gap), num(certifiedGap), num(t3), num(f3), num(t6), num(f6), num(ratioToIpm),
                '"' + note.replace('"', '\'') + '"');
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}

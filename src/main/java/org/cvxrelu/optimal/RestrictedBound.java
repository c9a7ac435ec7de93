package org.cvxrelu.optimal;

import java.util.ArrayList;
import java.util.List;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConeProjection;
import org.cvxrelu.cone.Group;

/**
 * The convex program restricted to a few groups S (all other blocks zero), solved by FISTA with the exact prox
 * of β‖w‖ + 1_{K}(w) (project on the cone, then shrink radially), with a certified lower bound from the dual:
 * for λ = y − ŷ and c_S(λ) = max_{g∈S} ‖Π_{K_g}(s_g X̃ᵀD_gλ)‖, {@link DualBound} bounds every W supported on S.
 *
 * <p>A net of width k maps by φ to a convex point with at most k non-zero blocks and P_c(φ(θ)) ≤ L_β(θ), so
 * the smallest such lower bound over all k-subsets of groups bounds every width-k net from below: when it is
 * above P*, no net narrower than k+1 is optimal.
 */
public final class RestrictedBound {
    private RestrictedBound() {
    }

    /** Upper (the FISTA point's P_c) and certified lower bound of the restricted program. */
    public record Bounds(double upper, double lower) {
    }

    /** The smallest lower bound over every subset of {@code k} groups, and how many subsets were solved. */
    public record Width(int width, double lowerBound, double bestUpper, long subsets) {
    }

    public static Bounds solve(ConeProgram program, List<Group> groups, int iterations) {
        double[][] x = program.design();
        double[] y = program.y();
        int n = y.length;
        int r = program.r();
        int m = groups.size();
        double lip = 0;
        for (Group g : groups) {
            for (int k = 0; k < n; k++) {
                if (program.patterns().active(g.pattern(), k)) {
                    lip += Linear.dot(x[k], x[k]);
                }
            }
        }
        lip = Math.max(lip, 1e-12);
        double beta = program.beta();
        double[][] w = new double[m][r];
        double[][] z = new double[m][r];
        double tk = 1;
        for (int it = 0; it < iterations; it++) {
            double[] lambda = residual(program, groups, z);
            double[][] wNew = new double[m][];
            for (int j = 0; j < m; j++) {
                Group g = groups.get(j);
                double[] corr = program.correlation(g.pattern(), lambda);
                double[] v = new double[r];
                for (int q = 0; q < r; q++) {
                    v[q] = z[j][q] + g.sign() * corr[q] / lip;
                }
                double[] p = ConeProjection.project(x, program.patterns().mask(g.pattern()), v).projection();
                double np = Linear.norm(p);
                double f = np > beta / lip ? 1 - beta / lip / np : 0;
                wNew[j] = OptimalSet.scale(p, f);
            }
            double tNext = (1 + Math.sqrt(1 + 4 * tk * tk)) / 2;
            for (int j = 0; j < m; j++) {
                for (int q = 0; q < r; q++) {
                    z[j][q] = wNew[j][q] + (tk - 1) / tNext * (wNew[j][q] - w[j][q]);
                }
            }
            w = wNew;
            tk = tNext;
        }
        double[] lambda = residual(program, groups, w);
        double loss = 0;
        double pen = 0;
        for (int k = 0; k < n; k++) {
            loss += lambda[k] * lambda[k];
        }
        double c = 0;
        for (int j = 0; j < m; j++) {
            pen += Linear.norm(w[j]);
            Group g = groups.get(j);
            double[] corr = program.correlation(g.pattern(), lambda);
            double[] v = OptimalSet.scale(corr, g.sign());
            c = Math.max(c, ConeProjection.project(x, program.patterns().mask(g.pattern()), v).norm() * (1 + 1e-12));
        }
        double upper = 0.5 * loss + beta * pen;
        double lower = DualBound.of(lambda, y, beta, c).value();
        return new Bounds(upper, lower);
    }

    /** Every subset of {@code width} groups of the program: the smallest certified lower bound. */
    public static Width narrowest(ConeProgram program, int width, int iterations) {
        List<Group> all = program.groups();
        double best = Double.POSITIVE_INFINITY;
        double bestUpper = Double.POSITIVE_INFINITY;
        long count = 0;
        if (width == 0) {
            double yy = 0;
            for (double v : program.y()) {
                yy += v * v;
            }
            return new Width(0, 0.5 * yy, 0.5 * yy, 1);
        }
        int[] idx = new int[width];
        for (int t = 0; t < width; t++) {
            idx[t] = t;
        }
        if (width > all.size()) {
            return new Width(width, Double.NaN, Double.NaN, 0);
        }
        do {
            List<Group> s = new ArrayList<>();
            for (int t : idx) {
                s.add(all.get(t));
            }
            Bounds b = solve(program, s, iterations);
            best = Math.min(best, b.lower());
            bestUpper = Math.min(bestUpper, b.upper());
            count++;
        } while (OptimalSet.next(idx, all.size()));
        return new Width(width, best, bestUpper, count);
    }

    private static double[] residual(ConeProgram program, List<Group> groups, double[][] w) {
        double[] fit = new double[program.n()];
        for (int j = 0; j < groups.size(); j++) {
            program.addFit(groups.get(j), w[j], fit);
        }
        double[] y = program.y();
        double[] lambda = new double[fit.length];
        for (int k = 0; k < fit.length; k++) {
            lambda[k] = y[k] - fit[k];
        }
        return lambda;
    }
}

package org.cvxrelu.solver.firstorder;

import org.cvxrelu.cone.ConeProgram;

/**
 * An independent brute force for programs with r = 2 (one feature and a bias): every cone K_i is a planar
 * wedge {a(cos θ, sin θ) : a ≥ 0, θ ∈ [lo_i, hi_i]}, found here from the pattern's witness and the rows of
 * (2D_i − I)X̃. For every support S of at most {@code maxSupport} ≤ 2 groups, the restricted program
 * <pre>  min_{θ_g ∈ wedge, a_g ≥ 0}  ½‖Σ_{g∈S} a_g b_g(θ_g) − y‖² + β Σ a_g,   b_g(θ) = s_g D_g X̃ (cos θ, sin θ) </pre>
 * is solved by a grid over the angles refined by a shrinking pattern search, with the magnitudes a ≥ 0 solved
 * exactly for fixed angles (a non-negative lasso in ≤ 2 variables: every support of a is tried and the
 * best point among the KKT candidates kept). It uses nothing of the backend under test.
 */
final class BruteForceWedges {
    record Best(double value, int[] groups, double[] angles) {
    }

    private final ConeProgram program;
    private final int groups;
    private final double[] lo;
    private final double[] hi;

    private BruteForceWedges(ConeProgram program) {
        this.program = program;
        this.groups = 2 * program.patterns().size();
        this.lo = new double[groups];
        this.hi = new double[groups];
        for (int g = 0; g < groups; g++) {
            int i = g / 2;
            double[] w = program.patterns().witness(i);
            double theta = Math.atan2(w[1], w[0]);
            double low = Double.NEGATIVE_INFINITY;
            double high = Double.POSITIVE_INFINITY;
            for (int k = 0; k < program.n(); k++) {
                double[] row = program.design()[k];
                double sign = program.patterns().active(i, k) ? 1 : -1;
                double phi = Math.atan2(sign * row[1], sign * row[0]);
                double delta = Math.IEEEremainder(phi - theta, 2 * Math.PI); // in (−π/2, π/2) for an interior witness
                low = Math.max(low, delta - Math.PI / 2);
                high = Math.min(high, delta + Math.PI / 2);
            }
            lo[g] = theta + low;
            hi[g] = theta + high;
        }
    }

    static Best minimum(ConeProgram program, int maxSupport) {
        if (program.r() != 2 || maxSupport > 2) {
            throw new IllegalArgumentException("brute force for r = 2 and supports of at most 2 groups");
        }
        BruteForceWedges b = new BruteForceWedges(program);
        double half = 0;
        for (double v : program.y()) {
            half += 0.5 * v * v;
        }
        Best best = new Best(half, new int[0], new double[0]);
        for (int g = 0; g < b.groups; g++) {
            Best one = b.searchSingle(g);
            if (one.value() < best.value()) {
                best = one;
            }
            if (maxSupport < 2) {
                continue;
            }
            for (int h = g + 1; h < b.groups; h++) {
                Best two = b.searchPair(g, h);
                if (two.value() < best.value()) {
                    best = two;
                }
            }
        }
        return best;
    }

    private double[] direction(int g, double theta) {
        int i = g / 2;
        double s = g % 2 == 0 ? 1 : -1;
        double c = Math.cos(theta);
        double sn = Math.sin(theta);
        double[] b = new double[program.n()];
        for (int k = 0; k < b.length; k++) {
            if (program.patterns().active(i, k)) {
                double[] row = program.design()[k];
                b[k] = s * (row[0] * c + row[1] * sn);
            }
        }
        return b;
    }

    private Best searchSingle(int g) {
        int grid = 400;
        double bestT = lo[g];
        double bestV = Double.POSITIVE_INFINITY;
        for (int a = 0; a <= grid; a++) {
            double t = lo[g] + (hi[g] - lo[g]) * a / grid;
            double v = value(direction(g, t), null);
            if (v < bestV) {
                bestV = v;
                bestT = t;
            }
        }
        double step = (hi[g] - lo[g]) / grid;
        while (step > 1e-13) {
            boolean moved = false;
            for (double t : new double[] { bestT - step, bestT + step }) {
                double tc = Math.min(hi[g], Math.max(lo[g], t));
                double v = value(direction(g, tc), null);
                if (v < bestV) {
                    bestV = v;
                    bestT = tc;
                    moved = true;
                }
            }
            if (!moved) {
                step /= 2;
            }
        }
        return new Best(bestV, new int[] { g }, new double[] { bestT });
    }

    private Best searchPair(int g, int h) {
        int grid = 40;
        double[][] bg = new double[grid + 1][];
        double[][] bh = new double[grid + 1][];
        for (int a = 0; a <= grid; a++) {
            bg[a] = direction(g, lo[g] + (hi[g] - lo[g]) * a / grid);
            bh[a] = direction(h, lo[h] + (hi[h] - lo[h]) * a / grid);
        }
        double bestV = Double.POSITIVE_INFINITY;
        double t1 = 0;
        double t2 = 0;
        for (int a = 0; a <= grid; a++) {
            for (int c = 0; c <= grid; c++) {
                double v = value(bg[a], bh[c]);
                if (v < bestV) {
                    bestV = v;
                    t1 = lo[g] + (hi[g] - lo[g]) * a / grid;
                    t2 = lo[h] + (hi[h] - lo[h]) * c / grid;
                }
            }
        }
        double s1 = (hi[g] - lo[g]) / grid;
        double s2 = (hi[h] - lo[h]) / grid;
        while (s1 > 1e-13 || s2 > 1e-13) {
            boolean moved = false;
            double[][] moves = { { s1, 0 }, { -s1, 0 }, { 0, s2 }, { 0, -s2 }, { s1, s2 }, { -s1, -s2 }, { s1, -s2 }, { -s1, s2 } };
            for (double[] mv : moves) {
                double a1 = Math.min(hi[g], Math.max(lo[g], t1 + mv[0]));
                double a2 = Math.min(hi[h], Math.max(lo[h], t2 + mv[1]));
                double v = value(direction(g, a1), direction(h, a2));
                if (v < bestV) {
                    bestV = v;
                    t1 = a1;
                    t2 = a2;
                    moved = true;
                }
            }
            if (!moved) {
                s1 /= 2;
                s2 /= 2;
            }
        }
        return new Best(bestV, new int[] { g, h }, new double[] { t1, t2 });
    }

    /** min_{a ≥ 0} ½‖a₁b₁ + a₂b₂ − y‖² + β(a₁ + a₂), exactly (b₂ may be null). */
    private double value(double[] b1, double[] b2) {
        double[] y = program.y();
        double beta = program.beta();
        double yy = dot(y, y);
        double best = 0.5 * yy;
        double p11 = dot(b1, b1);
        double q1 = dot(b1, y);
        if (p11 > 0 && q1 > beta) {
            double a = (q1 - beta) / p11;
            best = Math.min(best, 0.5 * yy - 0.5 * a * a * p11);
        }
        if (b2 == null) {
            return best;
        }
        double p22 = dot(b2, b2);
        double q2 = dot(b2, y);
        if (p22 > 0 && q2 > beta) {
            double a = (q2 - beta) / p22;
            best = Math.min(best, 0.5 * yy - 0.5 * a * a * p22);
        }
        double p12 = dot(b1, b2);
        double det = p11 * p22 - p12 * p12;
        if (det > 1e-14 * p11 * p22) {
            double r1 = q1 - beta;
            double r2 = q2 - beta;
            double a1 = (p22 * r1 - p12 * r2) / det;
            double a2 = (p11 * r2 - p12 * r1) / det;
            if (a1 >= 0 && a2 >= 0) {
                double loss = 0;
                for (int k = 0; k < y.length; k++) {
                    double e = a1 * b1[k] + a2 * b2[k] - y[k];
                    loss += e * e;
                }
                best = Math.min(best, 0.5 * loss + beta * (a1 + a2));
            }
        }
        return best;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}

package org.cvxrelu.certify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConeProjection;
import org.cvxrelu.cone.Group;

/**
 * Prices every group of the program at a dual point λ: the price of group (i, s) is
 * <pre>  π_{i,s}(λ) = max_{u ∈ K_i, ‖u‖ ≤ 1} s·λᵀ D_i X̃ u = ‖Π_{K_i}(s · X̃ᵀ D_i λ)‖, </pre>
 * and c(λ) = max over all groups (SPEC.md). A block can enter an optimal solution only if its price reaches
 * β, so the groups priced above β are the violators of the working-set loop, and c(λ) is the constant of
 * the dual certificate.
 *
 * <p>Cheap first: ‖X̃ᵀD_iλ‖ bounds both signs' prices from above, so groups are projected in order of that
 * bound, and only while it exceeds both the threshold asked for and the largest price found so far.
 */
public final class Pricing {
    /** Relative safety factor on computed prices, covering rounding in the projection. */
    static final double ROUNDING = 1e-12;

    private Pricing() {
    }

    /** A priced group: an upper bound on its price and, when projected, the direction Π_K(s X̃ᵀD_iλ). */
    public record Price(Group group, double price, double[] direction) {
    }

    /**
     * The outcome of pricing all groups: {@code c} an upper bound on c(λ) over every group of the program,
     * and the groups whose price exceeds {@code threshold}, most expensive first.
     */
    public record Result(double c, Group argmax, List<Price> above, int projections) {
    }

    public static Result price(ConeProgram program, double[] lambda, double threshold) {
        int p = program.patterns().size();
        double[][] z = new double[p][];
        double[] bound = new double[p];
        IntStream.range(0, p).parallel().forEach(i -> {
            z[i] = program.correlation(i, lambda);
            bound[i] = norm(z[i]);
        });
        Integer[] order = new Integer[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -bound[i]));
        double c = 0;
        Group argmax = null;
        double skipped = 0; // the largest bound of a pattern left unprojected
        List<Price> above = new ArrayList<>();
        int projections = 0;
        int signs = program.nonnegativeOutput() ? 1 : 2;
        // Projections run in batches (in parallel) until the next bound cannot matter any more:
        // a pattern whose bound is below both the threshold and the largest price found is not projected.
        int batch = 64;
        for (int start = 0; start < p; start += batch) {
            int from = start;
            double cut = Math.max(threshold, c);
            if (bound[order[from]] * (1 + ROUNDING) <= cut) {
                skipped = Math.max(skipped, bound[order[from]]);
                break;
            }
            int to = Math.min(p, start + batch);
            Price[] prices = new Price[(to - from) * signs];
            IntStream.range(0, (to - from) * signs).parallel().forEach(t -> {
                int i = order[from + t / signs];
                if (bound[i] * (1 + ROUNDING) <= cut) {
                    return;
                }
                int s = t % signs == 0 ? 1 : -1;
                double[] zi = s > 0 ? z[i] : negate(z[i]);
                Group g = new Group(i, s);
                long[] mask = program.patterns().mask(i);
                ConeProjection.Result hint = program.hint(g);
                if (hint != null) {
                    // the multipliers of the last pricing bound this price too; often that settles it
                    double warm = ConeProjection.bound(program.design(), mask, zi, hint.rows(), hint.multipliers());
                    if (warm * (1 + ROUNDING) <= cut) {
                        prices[t] = new Price(g, warm * (1 + ROUNDING), null);
                        return;
                    }
                }
                ConeProjection.Result pr = ConeProjection.project(program.design(), mask,
                        program.patterns().coneRows(i, program.design()), zi);
                program.rememberHint(g, pr);
                prices[t] = new Price(g, pr.norm() * (1 + ROUNDING), pr.projection());
            });
            for (int t = 0; t < prices.length; t++) {
                Price pr = prices[t];
                if (pr == null) {
                    skipped = Math.max(skipped, bound[order[from + t / signs]]);
                    continue;
                }
                if (pr.direction() == null) {
                    skipped = Math.max(skipped, pr.price() / (1 + ROUNDING)); // bounded by a warm bound
                    continue;
                }
                projections++;
                if (pr.price() > c) {
                    c = pr.price();
                    argmax = pr.group();
                }
                if (pr.price() > threshold) {
                    above.add(pr);
                }
            }
        }
        // An unprojected pattern's price is at most its bound ‖X̃ᵀD_iλ‖.
        if (skipped * (1 + ROUNDING) > c) {
            c = skipped * (1 + ROUNDING);
            argmax = null;
        }
        above.sort(Comparator.comparingDouble((Price pr) -> -pr.price()));
        return new Result(c, argmax, above, projections);
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = -v[j];
        }
        return out;
    }
}

package org.cvxrelu.certify;

import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Every price reported is a <em>proven</em> upper bound on π_{i,s}(λ) for the double vector λ given and the
 * exact doubles of X̃, rounding included:
 * <pre>
 *   π_{i,s}(λ) ≤ ‖Π_K(ẑ)‖ + ‖z − ẑ‖            (Π_K non-expansive; ẑ, ‖z − ẑ‖ ≤ e_z from {@link Correlation})
 *             ≤ ‖ẑ + Aᵀμ‖ + e_z   for any μ ≥ 0   (Moreau; evaluated with its error by {@link MoreauBound})
 *   π_{i,s}(λ) ≤ ‖z‖ ≤ ‖ẑ‖ + e_z                   (0 ∈ K: the cheap bound that lets patterns be skipped)
 * </pre>
 * with μ the multipliers of the Lawson–Hanson projection of ẑ ({@link ConeProjection}), or those of the last
 * pricing of the same group when they already settle it. So {@link Result#c()} ≥ c(λ) is proven.
 *
 * <p>Cheap first: ‖X̃ᵀD_iλ‖ bounds both signs' prices from above, so groups are projected in order of that
 * bound, and only while it exceeds both the threshold asked for and the largest price found so far.
 */
public final class Pricing {
    /**
     * A float correlation is refined by exact accumulation when its error bound exceeds this fraction of
     * max(‖ẑ‖, β): on well-conditioned data never; with large offsets it is what keeps the bound useful.
     */
    static final double NEGLIGIBLE = 0x1p-40;
    /**
     * An error bound above this fraction of max(‖ẑ‖, β) distorts which groups are violators and in what order:
     * such correlations (badly scaled raw data) are accumulated exactly as each group is priced. Smaller errors
     * (above {@link #NEGLIGIBLE}) are tightened only for the groups that decide c.
     */
    static final double RANK = 0x1p-30;
    /**
     * A compensated correlation is summed exactly only when its error exceeds this many times 2⁻⁵³‖ẑ‖, the size of
     * the exact sum's own rounding ({@code refined}).
     */
    static final double EXACT_GAIN = 8;

    private Pricing() {
    }

    /** A priced group: a proven upper bound on its price and, when projected, the direction Π_K(s X̃ᵀD_iλ). */
    public record Price(Group group, double price, double[] direction) {
    }

    /**
     * The outcome of pricing all groups: {@code c} a proven upper bound on c(λ) over every group of the
     * program (+∞ when λ or the data are not finite), and groups whose price bound exceeds {@code threshold},
     * most expensive first: all of them from {@link #priceAll}, only those projected while they could still
     * raise c from {@link #price(ConeProgram, double[], double)}; {@code exactCorrelations} counts the patterns whose
     * correlation had to be accumulated exactly; {@code complete} whether the projections ran to their end, so
     * that c is as tight as they make it (false only when a list limit or a deadline stopped them early).
     */
    public record Result(double c, Group argmax, List<Price> above, int projections, int exactCorrelations,
            boolean complete) {
        /** Whether c is a finite proven bound (with an exact pattern set: a certificate). */
        public boolean proven() {
            return Double.isFinite(c);
        }
    }

    public static Result price(ConeProgram program, double[] lambda, double threshold) {
        return price(program, lambda, threshold, Integer.MAX_VALUE);
    }

    /**
     * As {@link #price(ConeProgram, double[], double)}, but the projections stop once {@code listLimit} groups
     * have been priced above {@code threshold}: the list then holds those found (the groups of largest cheap
     * bound, not necessarily of largest price), and c is still a proven bound, max(largest price, largest bound
     * left unprojected), only looser ({@link Result#complete()} says which kind of result this is). A
     * column-generation round far from the optimum needs some violators, not all of them, and no tight c.
     */
    public static Result price(ConeProgram program, double[] lambda, double threshold, int listLimit) {
        return price(program, lambda, threshold, listLimit, 0);
    }

    /**
     * As {@link #price(ConeProgram, double[], double, int)}, and the projections also stop once
     * {@link System#nanoTime()} passes {@code deadlineNanos} (0: no deadline): a solve's time limit holds
     * through a pricing of hundreds of thousands of groups, and the c reported is still proven.
     */
    public static Result price(ConeProgram program, double[] lambda, double threshold, int listLimit,
            long deadlineNanos) {
        return price(program, lambda, threshold, listLimit, pastDeadline(deadlineNanos), false);
    }

    /**
     * As {@link #price(ConeProgram, double[], double, int, long)} with the deadline as a test: {@code late} is asked
     * before each batch and before each group's projection (for tests: a clock that passes part-way through a batch).
     */
    static Result price(ConeProgram program, double[] lambda, double threshold, int listLimit,
            java.util.function.BooleanSupplier late) {
        return price(program, lambda, threshold, listLimit, late, false);
    }

    /**
     * Whether {@link System#nanoTime()} has reached {@code deadlineNanos} (never for 0: no deadline): the same test as
     * the solver package's {@code SolverSettings.past}, which this package does not depend on.
     */
    private static java.util.function.BooleanSupplier pastDeadline(long deadlineNanos) {
        return () -> deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0;
    }

    /**
     * Every group priced above {@code threshold}, each projected: unlike {@link #price(ConeProgram, double[],
     * double)}, which stops projecting a group once its cheap bound cannot exceed the largest price found (c does
     * not need it), so that its list holds some of the groups above the threshold, not all. This is for callers
     * that need the whole set, such as the optimal set's directions E = {(i, s) : π_{i,s}(λ) ≥ β(1 − slack)}.
     * On teacher_n40_d3 (19,840 cells) at its optimum, 130 groups price above β(1 − 10⁻⁶); {@code price}
     * listed 9 of them, and 8 distinct directions were missing.
     */
    public static Result priceAll(ConeProgram program, double[] lambda, double threshold) {
        return price(program, lambda, threshold, Integer.MAX_VALUE, () -> false, true);
    }

    /**
     * The listed groups priced above {@code threshold} at λ, most expensive first (each price a proven upper bound
     * on π_{i,s}(λ), projected; a correlation whose error is above {@code RANK} summed again, as {@link #price} does
     * for the prices it lists as it goes, though not the smaller errors it tightens where they decide c). No other
     * group is priced, so nothing here bounds c(λ): this is for choosing violators among candidates already found,
     * where a full pricing costs far more than the restricted solve it feeds. Null once {@link System#nanoTime()}
     * passes {@code deadlineNanos} (0: no deadline), asked before each group.
     */
    public static List<Price> priceListed(ConeProgram program, double[] lambda, List<Group> groups, double threshold,
            long deadlineNanos) {
        double scale = program.beta();
        java.util.function.BooleanSupplier late = pastDeadline(deadlineNanos);
        java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
        CorrelationTable table = new CorrelationTable(program.design(), lambda);
        Price[] prices = new Price[groups.size()];
        IntStream.range(0, groups.size()).parallel().forEach(t -> {
            if (cut.get() || late.getAsBoolean()) {
                cut.set(true);
                return;
            }
            Group g = groups.get(t);
            long[] mask = program.patterns().mask(g.pattern());
            Correlation z = table.of(mask);
            if (!(finite(z.normBound()) > threshold)) {
                return; // the cheap bound settles it
            }
            Price pr = priceGroup(program, g, mask, g.sign() > 0 ? z : z.negate(), threshold);
            if (pr.price() > threshold && errorAbove(z, RANK, pr.price(), scale)) {
                pr = refined(program, lambda, pr, pr.price());
            }
            if (pr.price() > threshold) { // (a price bounded by the last multipliers is at most the threshold)
                prices[t] = pr;
            }
        });
        if (cut.get()) {
            return null;
        }
        List<Price> above = new ArrayList<>();
        for (Price pr : prices) {
            if (pr != null) {
                above.add(pr);
            }
        }
        return byPriceDescending(above);
    }

    private static Result price(ConeProgram program, double[] lambda, double threshold, int listLimit,
            java.util.function.BooleanSupplier pastDeadline, boolean everyGroup) {
        int p = program.patterns().size();
        double[][] design = program.design();
        double scale = program.beta();
        Correlation[] z = new Correlation[p];
        double[] bound = new double[p];
        CorrelationTable table = new CorrelationTable(design, lambda);
        IntStream.range(0, p).parallel().forEach(i -> {
            z[i] = table.of(program.patterns().mask(i));
            bound[i] = finite(z[i].normBound());
        });
        // a group whose bound is at most the threshold is never projected: only the others are ordered
        double skipped = 0; // the largest bound of a group left unprojected
        int candidates = 0;
        for (int i = 0; i < p; i++) {
            if (bound[i] > threshold) {
                candidates++;
            } else {
                skipped = Math.max(skipped, bound[i]);
            }
        }
        int[] order = byBoundDescending(bound, threshold, candidates);
        double c = 0; // the largest price bound so far (float correlations, errors included)
        int projections = 0;
        int signs = program.nonnegativeOutput() ? 1 : 2;
        List<Price> priced = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger refinedNow = new java.util.concurrent.atomic.AtomicInteger();
        // the prices already summed again from a more accurate correlation (by identity: a Price is a record)
        java.util.Set<Price> refinedPrices = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        // Projections run in batches (in parallel) until the next bound cannot matter any more:
        // a pattern whose bound is below both the threshold and the largest price found is not projected.
        int batch = 64;
        int found = 0; // groups priced above the threshold so far
        boolean complete = true;
        for (int start = 0; start < candidates; start += batch) {
            int from = start;
            double cut = everyGroup ? threshold : Math.max(threshold, c);
            boolean enough = found >= listLimit || pastDeadline.getAsBoolean();
            if (enough && bound[order[from]] > cut) {
                complete = false;
            }
            if (bound[order[from]] <= cut || enough) {
                // the order is by bounds rounded to float: take the largest of the rest exactly
                for (int t = from; t < candidates; t++) {
                    skipped = Math.max(skipped, bound[order[t]]);
                }
                break;
            }
            int to = Math.min(candidates, start + batch);
            Price[] prices = new Price[(to - from) * signs];
            boolean[] refinedHere = new boolean[prices.length];
            java.util.concurrent.atomic.AtomicBoolean late = new java.util.concurrent.atomic.AtomicBoolean();
            IntStream.range(0, (to - from) * signs).parallel().forEach(t -> {
                int i = order[from + t / signs];
                if (bound[i] <= cut) {
                    return;
                }
                // the deadline is also checked per group: a batch of 128 projections at n = 10,000 took 3 s, and
                // ran that far past a limit; a group left here is bounded by its cheap bound below (still proven)
                if (pastDeadline.getAsBoolean()) {
                    late.set(true);
                    return;
                }
                int s = t % signs == 0 ? 1 : -1;
                Group g = new Group(i, s);
                Price pr = priceGroup(program, g, program.patterns().mask(i), s > 0 ? z[i] : z[i].negate(), cut);
                double got = pr.price();
                // a price at most the threshold is neither listed nor able to move the cut (cut ≥ threshold), and
                // summing it again could only lower it: whether it decides c is settled below, from the top down
                if (got > threshold && errorAbove(z[i], RANK, got, scale)) {
                    pr = refined(program, lambda, pr, got);
                    refinedNow.incrementAndGet();
                    refinedHere[t] = true;
                }
                prices[t] = pr;
            });
            if (late.get()) {
                complete = false;
            }
            for (int t = 0; t < prices.length; t++) {
                Price pr = prices[t];
                if (pr == null) {
                    skipped = Math.max(skipped, bound[order[from + t / signs]]);
                    continue;
                }
                priced.add(pr);
                if (refinedHere[t]) {
                    refinedPrices.add(pr);
                }
                if (pr.direction() != null) {
                    projections++;
                    if (pr.price() > threshold) {
                        found++;
                    }
                }
                c = Math.max(c, pr.price());
            }
        }
        // The float correlations' error bounds are in every price (each is a proven bound as it stands). Where
        // an error is not negligible against the price (cancellation, e.g. large offsets), exact accumulation
        // tightens it; that only matters for the groups that decide c, so it is done lazily, from the most
        // expensive group down, until the next float bound is below the largest tightened price. Those above
        // RANK and the threshold were refined as they were priced; those above RANK but at most the threshold
        // are refined here if they can decide c. On raw tables (columns far from zero) nearly every correlation's
        // error is above RANK, and refining each as it was priced (a compensated sum and a second projection)
        // cost 410,000 of a round's 1,000,000 projections, for prices below the threshold that cannot decide c:
        // within this call c, the list and the cuts come out the same either way (a refined price is never above the
        // one it replaces), only with far fewer sums. What is remembered for the next pricing differs: such a
        // group keeps the multipliers of its float correlation's projection, and its projection is not counted
        // twice, so later pricings' warm bounds, and so their paths, may differ (every bound still proven).
        priced = byPriceDescending(priced);
        int exactCount = refinedNow.get();
        double settled = 0; // the largest price final so far
        for (int t = 0; t < priced.size() && priced.get(t).price() > settled; t++) {
            Price pr = priced.get(t);
            int i = pr.group().pattern();
            double got = pr.price();
            if (errorAbove(z[i], NEGLIGIBLE, got, scale) && !refinedPrices.contains(pr)) {
                pr = refined(program, lambda, pr, got);
                priced.set(t, pr);
                exactCount++;
            }
            settled = Math.max(settled, pr.price());
        }
        // past the loop every price left is at most `settled`, so the largest price is the largest of the list
        c = 0;
        Group argmax = null;
        List<Price> above = new ArrayList<>();
        for (Price pr : priced) {
            if (pr.price() > c) {
                c = pr.price();
                argmax = pr.direction() != null ? pr.group() : null;
            }
            if (pr.direction() == null) {
                skipped = Math.max(skipped, pr.price()); // bounded by a warm bound
            } else if (pr.price() > threshold) {
                above.add(pr);
            }
        }
        // An unprojected group's price is at most the bound that let it be skipped.
        if (skipped > c) {
            c = skipped;
            argmax = null;
        }
        above = byPriceDescending(above);
        return new Result(c, argmax, above, projections, exactCount, complete);
    }

    /** Whether the correlation's error bound exceeds {@code share} of max(price, β) (an infinite price counts as 0). */
    private static boolean errorAbove(Correlation z, double share, double price, double scale) {
        return z.error() > share * Math.max(Double.isFinite(price) ? price : 0, scale);
    }

    /**
     * {@code pr} priced again from a more accurate correlation, when that is tighter than {@code got}: the
     * compensated sum ({@link Correlation#compensated}), or the exact one when even its error is not negligible and
     * the exact sum could make it several times smaller. The exact sum's own error is its rounding to doubles, up to
     * 2⁻⁵³|z_j| per entry; a compensated error within {@link #EXACT_GAIN} times 2⁻⁵³‖ẑ‖ is already of that size, and
     * exact accumulation (m·r {@code BigDecimal} products, m the pattern's active rows) would not change the price by
     * more than a few units in the last place of ‖z‖. At n = 10,000 such exact sums were about half of a
     * certificate's time (BENCHMARKS §44).
     */
    private static Price refined(ConeProgram program, double[] lambda, Price pr, double got) {
        long[] mask = program.patterns().mask(pr.group().pattern());
        Correlation exact = Correlation.compensated(program.design(), mask, lambda);
        if (!exact.exactlyRounded() && errorAbove(exact, NEGLIGIBLE, got, program.beta())
                && !(exact.error() <= EXACT_GAIN * 0x1p-53 * ConeProjection.norm(exact.z()))) {
            // (compensated gives exact's own answer on non-finite values: not summed twice)
            exact = Correlation.exact(program.design(), mask, lambda);
        }
        double exactBound = finite(exact.normBound());
        Price again = priceGroup(program, pr.group(), mask, pr.group().sign() > 0 ? exact : exact.negate(),
                Double.NEGATIVE_INFINITY);
        double tight = Math.min(exactBound, again.price());
        if (tight < got) {
            return new Price(pr.group(), tight, again.direction() != null ? again.direction() : pr.direction());
        }
        return pr;
    }

    /**
     * The pattern indices by decreasing bound (bounds compared as floats: ties and near-ties in any order). A
     * primitive sort of (float bits, index) pairs: sorting boxed indices with a comparator took an eighth of a
     * solve's time on 400,000 patterns.
     */
    static int[] byBoundDescending(double[] bound) {
        return byBoundDescending(bound, Double.NEGATIVE_INFINITY, bound.length);
    }

    /** As {@link #byBoundDescending(double[])}, of the {@code count} indices whose bound exceeds {@code above}. */
    private static int[] byBoundDescending(double[] bound, double above, int count) {
        int p = count;
        long[] keys = new long[p];
        for (int i = 0, t = 0; t < p; i++) {
            if (!(bound[i] > above)) {
                continue;
            }
            float f = (float) bound[i]; // ≥ 0 or +∞: its bits increase with it
            long bits = Float.floatToIntBits(f) & 0x7fffffffL;
            keys[t++] = ((0x7fffffffL - bits) << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[p];
        for (int t = 0; t < p; t++) {
            order[t] = (int) keys[t];
        }
        return order;
    }

    /**
     * The prices sorted by decreasing price, ties in their given order (as a stable sort would): exactly
     * ordered, by {@link #byBoundDescending} on the float-rounded prices and an insertion sort of each run of
     * equal float keys on the doubles. A boxed comparator sort of the hundred thousand prices of a round took a
     * tenth of a solve on 400,000 patterns.
     */
    static List<Price> byPriceDescending(List<Price> prices) {
        int p = prices.size();
        double[] key = new double[p];
        for (int t = 0; t < p; t++) {
            key[t] = prices.get(t).price();
        }
        int[] order = byBoundDescending(key);
        for (int start = 0; start < p;) {
            int end = start + 1;
            float f = (float) key[order[start]];
            while (end < p && (float) key[order[end]] == f) {
                end++;
            }
            for (int a = start + 1; a < end; a++) { // insertion sort: by price descending, then index ascending
                int v = order[a];
                int b = a - 1;
                while (b >= start && (key[order[b]] < key[v] || key[order[b]] == key[v] && order[b] > v)) {
                    order[b + 1] = order[b];
                    b--;
                }
                order[b + 1] = v;
            }
            start = end;
        }
        List<Price> out = new ArrayList<>(p);
        for (int t = 0; t < p; t++) {
            out.add(prices.get(order[t]));
        }
        return out;
    }

    /**
     * The price bound of one group from its correlation ẑ (with ‖z − ẑ‖ ≤ e_z): min(‖ẑ‖ + e_z, Moreau bound + e_z);
     * without projecting (direction null) when the multipliers of the group's last pricing already bound it by
     * {@code cut}.
     */
    private static Price priceGroup(ConeProgram program, Group g, long[] mask, Correlation zi, double cut) {
        double[][] design = program.design();
        double scale = program.beta();
        double normBound = finite(zi.normBound());
        ConeProjection.Result hint = program.hint(g);
        if (hint != null) {
            // the multipliers of the last pricing bound this price too; often that settles it
            double warm = finite(ErrorBounds.addUp(MoreauBound.upper(design, mask, zi.z(), hint.rows(),
                    hint.multipliers(), scale), zi.error()));
            if (warm <= cut) {
                return new Price(g, Math.min(warm, normBound), null);
            }
        }
        // a doubtful projection (sliver cell) is solved again by QR only where its bound is above the cut (on raw
        // haberman_swap5 8 % of projections had been solved twice). Below the cut the looser bound is still proven and
        // moves neither the cut nor the threshold's list; where the cut is c so far (price, not every group), a group
        // between the threshold and c is listed with it, which may change which violators come first, not any bound
        ConeProjection.Result pr = ConeProjection.project(design, mask,
                program.patterns().coneRows(g.pattern(), design), zi.z(),
                answer -> priceOf(design, mask, zi, answer, scale) > cut);
        program.rememberHint(g, pr);
        double price = priceOf(design, mask, zi, pr, scale);
        return new Price(g, Math.min(price, normBound), pr.projection());
    }

    /** The price bound a projection's multipliers give: the Moreau bound plus the correlation's error. */
    private static double priceOf(double[][] design, long[] mask, Correlation zi, ConeProjection.Result pr,
            double scale) {
        return finite(ErrorBounds.addUp(MoreauBound.upper(design, mask, zi.z(), pr.rows(), pr.multipliers(), scale),
                zi.error()));
    }

    /** NaN (from non-finite λ or data) becomes +∞: no bound. */
    private static double finite(double bound) {
        return Double.isNaN(bound) ? Double.POSITIVE_INFINITY : bound;
    }
}

package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.junit.jupiter.api.Test;

/**
 * The rigorous price bound ĉ of {@link Pricing} against the exact c(λ) over the same patterns, computed in
 * rational arithmetic by {@link ExactConePrice} (no projection method, no floating point): ĉ ≥ c(λ) on every
 * instance, degenerate and badly conditioned ones included, and ĉ within 1e-9 of c(λ) on well-conditioned ones.
 */
class PricingTest {

    /** A small instance of one of the kinds the certificate has to survive. */
    record Instance(String kind, Dataset data, PatternSet patterns, boolean wellConditioned) {
    }

    static PatternSet transplant(PatternSet base) {
        List<long[]> masks = new ArrayList<>();
        List<double[]> witnesses = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            masks.add(base.mask(i));
            witnesses.add(base.witness(i));
        }
        return PatternSet.of(base.n(), base.r(), base.bias(), base.exact(), masks, witnesses, "transplanted");
    }

    /**
     * Instances of n ≤ 8 points: random Gaussian, small integer grids, repeated and zero rows, collinear
     * points; each also shifted by 1e6…1e15 (with a bias the shifted data have the same patterns: x̃ᵀu with
     * x → x + c·1 is x̃ᵀ(Tu) for an invertible T, so the unshifted arrangement's patterns are transplanted) and
     * scaled by 2^±40 and 1e±100.
     */
    static List<Instance> instances(long seed) {
        Random rnd = new Random(seed);
        List<Instance> out = new ArrayList<>();
        for (int trial = 0; trial < 6; trial++) {
            int d = trial % 3 == 2 ? 3 : 2;
            int n = d == 3 ? 6 : 8;
            double[][] x = new double[n][d];
            double[] y = new double[n];
            String kind;
            switch (trial % 3) {
                case 0 -> {
                    kind = "gaussian";
                    for (double[] row : x) {
                        for (int j = 0; j < d; j++) {
                            row[j] = rnd.nextGaussian();
                        }
                    }
                }
                case 1 -> {
                    kind = "grid, repeated and zero rows";
                    for (int k = 0; k < n; k++) {
                        x[k][0] = rnd.nextInt(3);
                        x[k][1] = rnd.nextInt(3);
                    }
                    x[n - 1] = x[0].clone();
                    x[n - 2] = new double[d];
                }
                default -> {
                    kind = "collinear";
                    for (int k = 0; k < n; k++) {
                        double t = rnd.nextInt(5) - 2;
                        x[k] = new double[] {t, 2 * t, -t};
                    }
                    x[1][2] = 1; // one point off the line
                }
            }
            for (int k = 0; k < n; k++) {
                y[k] = Math.rint(4 * rnd.nextGaussian());
            }
            Dataset base = Dataset.of(x, y);
            for (boolean bias : new boolean[] {true, false}) {
                PatternSet p = Patterns.of(base, PatternOptions.exact(bias));
                out.add(new Instance(kind + (bias ? "" : " no bias"), base, p, trial % 3 == 0));
                for (double scale : new double[] {0x1p40, 0x1p-40, 1e100, 1e-100}) {
                    out.add(new Instance(kind + " ×" + scale, map(base, v -> v * scale), p, false));
                }
            }
            PatternSet withBias = transplant(Patterns.of(base, PatternOptions.exact(true)));
            for (double offset : new double[] {1e6, 1e10, 1e15, 4e15}) {
                out.add(new Instance(kind + " +" + offset, map(base, v -> v + offset), withBias, false));
            }
        }
        return out;
    }

    static Dataset map(Dataset data, java.util.function.DoubleUnaryOperator f) {
        double[][] x = new double[data.n()][data.d()];
        for (int k = 0; k < data.n(); k++) {
            for (int j = 0; j < data.d(); j++) {
                x[k][j] = f.applyAsDouble(data.x(k, j));
            }
        }
        return Dataset.of(x, data.targets());
    }

    /** Dual points: Gaussian, y itself, y with cancelling parts, and tiny or huge multiples. */
    static List<double[]> duals(Dataset data, Random rnd) {
        int n = data.n();
        List<double[]> out = new ArrayList<>();
        out.add(data.targets().clone());
        double[] g = new double[n];
        for (int k = 0; k < n; k++) {
            g[k] = rnd.nextGaussian();
        }
        out.add(g);
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            c[k] = k % 2 == 0 ? 1 + 1e-9 * rnd.nextGaussian() : -1; // Σλ ≈ 0: the offset direction cancels
        }
        out.add(c);
        double[] tiny = new double[n];
        double[] huge = new double[n];
        for (int k = 0; k < n; k++) {
            tiny[k] = g[k] * 1e-150;
            huge[k] = g[k] * 1e120;
        }
        out.add(tiny);
        out.add(huge);
        return out;
    }

    @Test
    void provenBoundIsAtLeastTheExactPriceAndTightOnWellConditionedData() {
        Random rnd = new Random(11);
        int checked = 0;
        int exactCorrelations = 0;
        double worstTight = 0;
        for (Instance inst : instances(5)) {
            ConeProgram program = new ConeProgram(inst.data(), inst.patterns(), 1.0, false);
            for (double[] lambda : duals(inst.data(), rnd)) {
                Pricing.Result priced = Pricing.price(program, lambda, 0);
                exactCorrelations += priced.exactCorrelations();
                Rational exact = ExactConePrice.cSquared(program, lambda);
                assertThat(priced.proven()).as(inst.kind()).isTrue();
                Rational c = Rational.of(priced.c());
                assertThat(c.multiply(c).compareTo(exact)).as("%s: ĉ = %s below the exact c = %s", inst.kind(),
                        priced.c(), Math.sqrt(exact.doubleValue())).isGreaterThanOrEqualTo(0);
                if (inst.wellConditioned()) {
                    double ce = Math.sqrt(exact.doubleValue());
                    worstTight = Math.max(worstTight, priced.c() / ce - 1);
                    assertThat(priced.c()).as(inst.kind()).isLessThanOrEqualTo(ce * (1 + 1e-9));
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(300);
        assertThat(exactCorrelations).as("the exact-accumulation path is exercised").isPositive();
        assertThat(worstTight).isLessThan(1e-9);
    }

    /** Pricing with a threshold skips groups; the c it reports must still bound every group's exact price. */
    @Test
    void skippingByThresholdStillBoundsEveryGroup() {
        Random rnd = new Random(3);
        for (Instance inst : instances(17).subList(0, 12)) {
            ConeProgram program = new ConeProgram(inst.data(), inst.patterns(), 1.0, false);
            for (double[] lambda : duals(inst.data(), rnd)) {
                Rational exact = ExactConePrice.cSquared(program, lambda);
                for (double threshold : new double[] {0, 0.5 * Math.sqrt(exact.doubleValue()),
                        2 * Math.sqrt(exact.doubleValue())}) {
                    Pricing.Result priced = Pricing.price(program, lambda, threshold);
                    Rational c = Rational.of(priced.c());
                    assertThat(c.multiply(c).compareTo(exact)).as(inst.kind()).isGreaterThanOrEqualTo(0);
                    // and priced twice (the second time from the remembered multipliers)
                    Rational again = Rational.of(Pricing.price(program, lambda, threshold).c());
                    assertThat(again.multiply(again).compareTo(exact)).as(inst.kind()).isGreaterThanOrEqualTo(0);
                }
            }
        }
    }

    /**
     * On data far from zero (the offset instances) nearly every correlation's float error is above the share that
     * makes a price be summed again ({@code Pricing.RANK}). A pricing with a threshold sums again only the prices
     * above it as they come, and the others only where they could decide c: its c and every price it lists are
     * those of the pricing with threshold 0, which sums every such price again, and it sums no more prices again
     * than it lists. Summing every projected price again as it comes, as before, fails that count.
     */
    @Test
    void aThresholdDefersTheSumsOfPricesBelowItWithTheSameCAndList() {
        Random rnd = new Random(23);
        int compared = 0;
        int deferred = 0;
        for (Instance inst : instances(29)) {
            if (!inst.kind().contains("+")) {
                continue; // the offset instances
            }
            ConeProgram program = new ConeProgram(inst.data(), inst.patterns(), 1.0, false);
            for (double[] lambda : duals(inst.data(), rnd)) {
                Pricing.Result all = Pricing.price(program, lambda, 0);
                if (!all.proven() || !(all.c() > 0)) {
                    continue;
                }
                java.util.Map<org.cvxrelu.cone.Group, Double> full = new java.util.HashMap<>();
                for (Pricing.Price pr : all.above()) {
                    full.put(pr.group(), pr.price());
                }
                // (a fresh program: no multipliers remembered from the pricing above)
                ConeProgram again = new ConeProgram(inst.data(), inst.patterns(), 1.0, false);
                Pricing.Result some = Pricing.price(again, lambda, 0.5 * all.c());
                assertThat(some.c()).as(inst.kind()).isEqualTo(all.c());
                for (Pricing.Price pr : some.above()) {
                    assertThat(pr.price()).as(inst.kind()).isEqualTo(full.get(pr.group()));
                    compared++;
                }
                // a price summed again is one listed (above c/2, below which c is not decided)
                assertThat(some.exactCorrelations()).as(inst.kind()).isLessThanOrEqualTo(some.above().size());
                if (some.projections() > some.above().size() && all.exactCorrelations() > some.above().size()) {
                    deferred++; // groups projected below the threshold whose correlations were not summed again
                }
            }
        }
        assertThat(compared).isGreaterThan(20);
        assertThat(deferred).as("pricings that left sums of prices below the threshold undone").isPositive();
    }

    /**
     * Pricing a list of groups alone ({@link Pricing#priceListed}, the working-set loop's candidate rounds): the
     * groups it returns are those of the list that the full pricing (every group) prices above the threshold, each at
     * the same price (fresh programs: no multipliers remembered); a deadline already past returns null.
     */
    @Test
    void listedGroupsArePricedAsTheFullPricingPricesThem() {
        int n = 24;
        Dataset data = gaussianRows(n, 9);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        double[] lambda = data.targets();
        Pricing.Result all = Pricing.priceAll(new ConeProgram(data, patterns, 1.0, false), lambda, 0);
        java.util.Map<org.cvxrelu.cone.Group, Double> full = new java.util.HashMap<>();
        for (Pricing.Price pr : all.above()) {
            full.put(pr.group(), pr.price());
        }
        double threshold = 0.5 * all.c();
        List<org.cvxrelu.cone.Group> list = new ArrayList<>();
        int expected = 0;
        for (int i = 0; i < patterns.size(); i += 3) { // every third pattern, both signs
            for (int s : new int[] {1, -1}) {
                org.cvxrelu.cone.Group g = new org.cvxrelu.cone.Group(i, s);
                list.add(g);
                if (full.getOrDefault(g, 0.0) > threshold) {
                    expected++;
                }
            }
        }
        List<Pricing.Price> listed = Pricing.priceListed(new ConeProgram(data, patterns, 1.0, false), lambda, list,
                threshold, 0);
        assertThat(expected).isGreaterThan(5);
        assertThat(listed).hasSize(expected);
        for (int t = 0; t < listed.size(); t++) {
            Pricing.Price pr = listed.get(t);
            assertThat(pr.price()).isEqualTo(full.get(pr.group()));
            if (t > 0) {
                assertThat(pr.price()).isLessThanOrEqualTo(listed.get(t - 1).price());
            }
        }
        assertThat(Pricing.priceListed(new ConeProgram(data, patterns, 1.0, false), lambda, list, threshold,
                System.nanoTime() - 1)).isNull();
    }

    /** n rows of three standard normal features and a standard normal target. */
    private static Dataset gaussianRows(int n, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < 3; j++) {
                x[k][j] = rnd.nextGaussian();
            }
            y[k] = rnd.nextGaussian();
        }
        return Dataset.of(x, y);
    }

    /**
     * A list limit stops the projections early: the result says it is incomplete, its c is no tighter than
     * the complete pricing's (which the tests above hold to the exact c(λ) in rational arithmetic; 4,096
     * patterns are too many for that here), and every price it lists is that group's price in the complete
     * pricing.
     */
    @Test
    void aListLimitStopsEarlyAndStillBoundsEveryGroup() {
        int n = 24;
        Dataset data = gaussianRows(n, 2);
        double[] y = data.targets();
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        double[] alternating = new double[n];
        for (int k = 0; k < n; k++) {
            alternating[k] = k % 2 == 0 ? 1 : -1;
        }
        int early = 0;
        for (double[] lambda : List.of(y, alternating)) {
            Pricing.Result all = Pricing.price(new ConeProgram(data, patterns, 1.0, false), lambda, 0);
            assertThat(all.complete()).isTrue();
            java.util.Map<org.cvxrelu.cone.Group, Double> full = new java.util.HashMap<>();
            for (Pricing.Price pr : all.above()) {
                full.put(pr.group(), pr.price());
            }
            for (int limit : new int[] {1, 10, 100}) {
                Pricing.Result some = Pricing.price(new ConeProgram(data, patterns, 1.0, false), lambda, 0, limit);
                assertThat(some.c()).isGreaterThanOrEqualTo(all.c());
                if (!some.complete()) {
                    early++;
                    assertThat(some.projections()).isLessThan(all.projections());
                }
                for (Pricing.Price pr : some.above()) {
                    assertThat(pr.price()).isEqualTo(full.get(pr.group()));
                }
            }
        }
        assertThat(early).as("the limit stopped some pricings early").isPositive();
        // a deadline already past: nothing projected, c is the largest cheap bound, still above the complete c
        Pricing.Result late = Pricing.price(new ConeProgram(data, patterns, 1.0, false), y, 0, Integer.MAX_VALUE,
                System.nanoTime() - 1);
        Pricing.Result all = Pricing.price(new ConeProgram(data, patterns, 1.0, false), y, 0);
        assertThat(late.complete()).isFalse();
        assertThat(late.projections()).isZero();
        assertThat(late.c()).isGreaterThanOrEqualTo(all.c());
    }

    /**
     * A deadline that passes part-way through the first batch: the groups asked after it are not projected but
     * bounded by their cheap bound, so c is still at least the complete pricing's c (the projections' own c, which the
     * tests above hold to the exact c(λ)), the result says it is incomplete, and at most the groups asked before it
     * were projected. Before, the deadline was asked only between batches (a batch of 128 projections ran 3 s past
     * a limit at n = 10,000).
     */
    @Test
    void aDeadlinePassingWithinABatchLeavesTheRestToTheirCheapBounds() {
        int n = 24;
        Dataset data = gaussianRows(n, 5);
        double[] y = data.targets();
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        Pricing.Result all = Pricing.price(new ConeProgram(data, patterns, 1.0, false), y, 0);
        assertThat(all.projections()).isGreaterThan(4);
        // asked once before the batch (on time), then once per group: on time for the first three
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        Pricing.Result late = Pricing.price(new ConeProgram(data, patterns, 1.0, false), y, 0, Integer.MAX_VALUE,
                () -> asked.getAndIncrement() >= 4);
        assertThat(late.complete()).isFalse();
        assertThat(late.projections()).isBetween(1, 3);
        assertThat(late.c()).isGreaterThanOrEqualTo(all.c());
        // and no larger than the largest cheap bound ‖X̃ᵀD_iλ‖ (with its rounding margin), computed here
        double[][] design = new ConeProgram(data, patterns, 1.0, false).design(); // X̃: the features and the bias
        double cheap = 0;
        for (int i = 0; i < patterns.size(); i++) {
            double[] z = new double[design[0].length];
            for (int k = 0; k < n; k++) {
                if (patterns.active(i, k)) {
                    for (int j = 0; j < z.length; j++) {
                        z[j] += design[k][j] * y[k];
                    }
                }
            }
            double s2 = 0;
            for (double v : z) {
                s2 += v * v;
            }
            cheap = Math.max(cheap, Math.sqrt(s2));
        }
        assertThat(late.c()).isLessThanOrEqualTo(cheap * (1 + 1e-9));
    }

    @Test
    void nonFiniteDualPointsGiveNoProof() {
        Instance inst = instances(1).get(0);
        ConeProgram program = new ConeProgram(inst.data(), inst.patterns(), 1.0, false);
        double[] lambda = new double[inst.data().n()];
        lambda[0] = Double.NaN;
        assertThat(Pricing.price(program, lambda, 0).proven()).isFalse();
        lambda[0] = Double.POSITIVE_INFINITY;
        assertThat(Pricing.price(program, lambda, 0).proven()).isFalse();
    }

    /**
     * The primitive sort of a round's prices orders exactly as a stable comparator sort by decreasing price:
     * random prices with exact ties, near-ties (a few ulps apart, inside one float) and zeros.
     */
    @Test
    void pricesSortLikeAStableComparatorSort() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int p = 1 + rnd.nextInt(300);
            List<Pricing.Price> prices = new ArrayList<>();
            for (int t = 0; t < p; t++) {
                double v = switch (rnd.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> 1 + rnd.nextInt(3);
                    case 2 -> Math.nextUp(1.0) + rnd.nextInt(5) * Math.ulp(1.0);
                    default -> rnd.nextDouble() * 10;
                };
                prices.add(new Pricing.Price(new org.cvxrelu.cone.Group(t, 1), v, null));
            }
            List<Pricing.Price> expected = new ArrayList<>(prices);
            expected.sort(java.util.Comparator.comparingDouble((Pricing.Price pr) -> -pr.price()));
            assertThat(Pricing.byPriceDescending(prices)).containsExactlyElementsOf(expected);
        }
    }
}

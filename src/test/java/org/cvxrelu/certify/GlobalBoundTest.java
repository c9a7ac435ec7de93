package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;
import org.cvxrelu.testing.ExactValue;
import org.junit.jupiter.api.Test;

/**
 * The branch-and-bound bound ĉ of {@link GlobalBound} against c(λ) from the exact arrangement (the patterns/
 * enumerator) priced by {@link Pricing}, independent code: a proven lower value c_low ≤ c(λ) is formed from
 * Pricing's projected directions u by evaluating |λᵀ(X̃u)₊| exactly in BigDecimal (any u gives
 * |g(u)|/‖u‖ ≤ c(λ)), and Pricing's own proven bound c_P ≥ c(λ) (within 1e-9 of it on such data). Then
 * <ul>
 *   <li>ĉ ≥ c_low on every instance, whatever the budget (a bound is never below the truth);</li>
 *   <li>with the search complete at relative tolerance 1e-7, ĉ ≤ c_P·(1 + 1e-6).</li>
 * </ul>
 * Hundreds of seeded instances, n ≤ 30, r = 2…4: Gaussian and integer-grid data, λ = y (one sign), mixed
 * signs, and residual-like λ (y minus a smooth fit: small entries of both signs that cancel).
 */
class GlobalBoundTest {

    record Case(double[][] design, double[] lambda, double low, double high) {
    }

    static Case instance(long seed) {
        Random rnd = new Random(seed);
        int d = 1 + (int) (seed % 3); // r = d + 1 = 2..4
        return instance(seed, rnd, d, 5 + rnd.nextInt(26));
    }

    static Case instance(long seed, Random rnd, int d, int n) {
        double[][] x = new double[n][d];
        boolean grid = seed % 5 == 4;
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = grid ? rnd.nextInt(5) - 2 : rnd.nextGaussian();
            }
        }
        double[] y = new double[n];
        double[] lambda = new double[n];
        int kind = (int) ((seed / 3) % 4);
        for (int k = 0; k < n; k++) {
            double target = Math.sin(x[k][0]) + (d > 1 ? x[k][1] * x[k][1] : 0) + 0.3 * rnd.nextGaussian();
            y[k] = target;
            lambda[k] = switch (kind) {
                case 0 -> Math.abs(target); // one sign
                case 1 -> target; // mixed signs
                case 2 -> 0.3 * rnd.nextGaussian(); // residual-like noise
                default -> target - (Math.sin(x[k][0]) + (d > 1 ? x[k][1] * x[k][1] : 0)) * 0.97; // residual of a fit
            };
        }
        return caseOf(x, y, lambda);
    }

    /** The case for data x, y and a given λ: c_low and c_P as in the class comment. */
    static Case caseOf(double[][] x, double[] y, double[] lambda) {
        Dataset data = Dataset.of(x, y);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram program = new ConeProgram(data, patterns, 1.0, false);
        Pricing.Result priced = Pricing.price(program, lambda, 0);
        double low = 0;
        for (Pricing.Price p : priced.above()) {
            if (p.direction() != null) {
                low = Math.max(low, exactRatio(program.design(), lambda, p.direction()));
            }
        }
        return new Case(program.design(), lambda, low, priced.c());
    }

    /** A proven lower bound on |λᵀ(X̃u)₊| / ‖u‖ (exact numerator, rounded down; norm rounded up). */
    static double exactRatio(double[][] design, double[] lambda, double[] u) {
        return ExactValue.ratioDown(design, lambda, u);
    }

    /**
     * One column (r = 1: the "sphere" is the two rays ±1), where c(λ) = max(|Σ_k λ_k (x_k)₊|, |Σ_k λ_k (−x_k)₊|) in
     * closed form. With a relative tolerance of 0 a node could stay above the pruning threshold and the search tried
     * to split a ray (found by a read-only review: ArrayIndexOutOfBoundsException); such nodes are final now.
     */
    @Test
    void oneColumnMatchesTheClosedFormAtAnyTolerance() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(41);
        for (int t = 0; t < 50; t++) {
            int n = 3 + rnd.nextInt(20);
            double[][] x = new double[n][1];
            double[] lambda = new double[n];
            java.math.BigDecimal plus = java.math.BigDecimal.ZERO;
            java.math.BigDecimal minus = java.math.BigDecimal.ZERO;
            for (int k = 0; k < n; k++) {
                x[k][0] = rnd.nextInt(11) - 5 + (t % 2) * rnd.nextGaussian();
                lambda[k] = rnd.nextGaussian();
                java.math.BigDecimal term = new java.math.BigDecimal(lambda[k]).multiply(new java.math.BigDecimal(x[k][0]));
                if (x[k][0] > 0) {
                    plus = plus.add(term);
                } else {
                    minus = minus.subtract(term);
                }
            }
            double exact = Math.max(plus.abs().doubleValue(), minus.abs().doubleValue());
            for (double tolerance : new double[] {0, 1e-9}) {
                GlobalBound.Result res = GlobalBound.of(x, lambda,
                        new GlobalBound.Options(Double.NEGATIVE_INFINITY, tolerance, 10, 10_000, 4, 8));
                assertThat(res.proven()).as("case %d", t).isTrue();
                assertThat(res.complete()).as("case %d", t).isTrue();
                assertThat(res.c()).as("case %d", t).isGreaterThanOrEqualTo(exact * (1 - 1e-15))
                        .isLessThanOrEqualTo(exact * (1 + 1e-9) + 1e-12);
            }
        }
    }

    /**
     * With output weights α ≥ 0 the dual constant is c⁺(λ) = max_u λᵀ(X̃u)₊ (only the v_i groups): the one-signed search
     * ({@link GlobalBound.Options#positiveOnly()}) against Pricing's exact c⁺ over every cell of the program with
     * nonnegative output (another computation): never below a lower value of it, within 1e-6 of it when complete, never
     * above the two-signed bound, and 0 (to rounding) when λ ≤ 0, where the zero net is optimal (Kumar's family).
     */
    @Test
    void positiveOnlyBoundsTheOneSignedConstant() {
        int complete = 0;
        for (long seed = 0; seed < 120; seed++) {
            Random rnd = new Random(seed + 7000);
            int d = 1 + (int) (seed % 3);
            int n = 5 + rnd.nextInt(20);
            double[][] x = new double[n][d];
            double[] lambda = new double[n];
            boolean nonpositive = seed % 4 == 3;
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < d; j++) {
                    x[k][j] = seed % 5 == 4 ? rnd.nextInt(5) - 2 : rnd.nextGaussian();
                }
                lambda[k] = nonpositive ? -Math.abs(rnd.nextGaussian()) : rnd.nextGaussian() + 0.2;
            }
            Dataset data = Dataset.of(x, lambda);
            ConeProgram plus = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 1.0, true);
            Pricing.Result priced = Pricing.price(plus, lambda, 0);
            double low = 0;
            for (Pricing.Price p : priced.above()) {
                if (p.direction() != null) {
                    low = Math.max(low, signedValue(plus.design(), lambda, p.direction()));
                }
            }
            GlobalBound.Result one = GlobalBound.of(plus.design(), lambda,
                    new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-7, 20, 300_000, 16, 8, true));
            GlobalBound.Result two = GlobalBound.of(plus.design(), lambda,
                    new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-7, 20, 300_000, 16, 8));
            assertThat(one.proven()).as("seed %d", seed).isTrue();
            assertThat(one.c()).as("seed %d: bound vs a lower value of c+", seed).isGreaterThanOrEqualTo(low * (1 - 1e-12));
            assertThat(one.c()).as("seed %d: one-signed vs two-signed", seed).isLessThanOrEqualTo(two.c() * (1 + 1e-6) + 1e-9);
            if (one.complete()) {
                complete++;
                assertThat(one.c()).as("seed %d vs Pricing's c+", seed).isLessThanOrEqualTo(priced.c() * (1 + 1e-6) + 1e-9);
            }
            if (nonpositive) {
                assertThat(one.c()).as("seed %d: λ ≤ 0", seed).isLessThanOrEqualTo(1e-9);
            }
        }
        assertThat(complete).isGreaterThan(100);
    }

    /** λᵀ(X̃u)₊ / ‖u‖ in floating point (a lower value of c⁺ up to rounding, for a direction Pricing found). */
    private static double signedValue(double[][] design, double[] lambda, double[] u) {
        double s = 0;
        for (int k = 0; k < design.length; k++) {
            double t = 0;
            for (int j = 0; j < u.length; j++) {
                t += design[k][j] * u[j];
            }
            s += lambda[k] * Math.max(t, 0);
        }
        double nu = 0;
        for (double v : u) {
            nu += v * v;
        }
        return nu > 0 ? s / Math.sqrt(nu) * (1 - 1e-12) : 0;
    }

    @Test
    void neverBelowTheExactConstantAndTightWhenComplete() {
        int complete = 0;
        for (long seed = 0; seed < 300; seed++) {
            Case c = instance(seed);
            int slopes = seed % 2 == 0 ? 0 : 8; // 0/1 slopes and optimised fractional slopes, alternately
            GlobalBound.Result res = GlobalBound.of(c.design(), c.lambda(),
                    new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-7, 20, 300_000, 16, slopes));
            assertThat(res.proven()).as("seed %d", seed).isTrue();
            assertThat(res.c()).as("seed %d: bound vs exact lower value", seed).isGreaterThanOrEqualTo(c.low());
            assertThat(res.best()).as("seed %d: best found vs proven c", seed).isLessThanOrEqualTo(c.high() * (1 + 1e-12));
            if (res.complete()) {
                complete++;
                assertThat(res.c()).as("seed %d", seed).isLessThanOrEqualTo(c.high() * (1 + 1e-6));
            }
        }
        assertThat(complete).isEqualTo(300);
    }

    @Test
    void smallBudgetsStillGiveValidBounds() {
        for (long seed = 1000; seed < 1200; seed++) {
            Case c = instance(seed);
            for (long budget : new long[] {1, 40, 400}) {
                for (int slopes : new int[] {0, 8}) {
                    GlobalBound.Result res = GlobalBound.of(c.design(), c.lambda(),
                            new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-9, 30, budget, 4, slopes));
                    assertThat(res.c()).as("seed %d budget %d slopes %d", seed, budget, slopes)
                            .isGreaterThanOrEqualTo(c.low());
                }
            }
        }
    }

    /**
     * r = 5 and 6 (the split rule picks among up to 15 edges by the relaxation's maximiser, and caps each child's
     * bound at its parent's): never below the exact lower value, whether complete or stopped at a small budget,
     * and tight when complete.
     */
    @Test
    void widerConesAgainstTheExactArrangement() {
        for (long seed = 5000; seed < 5040; seed++) {
            Random rnd = new Random(seed);
            Case c = instance(seed, rnd, 4 + (int) (seed % 2), 8 + rnd.nextInt(7));
            for (long budget : new long[] {40, 400, 1_000_000}) {
                GlobalBound.Result res = GlobalBound.of(c.design(), c.lambda(),
                        new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-7, 30, budget, 16, 8));
                assertThat(res.proven()).as("seed %d", seed).isTrue();
                assertThat(res.c()).as("seed %d budget %d", seed, budget).isGreaterThanOrEqualTo(c.low());
                if (budget == 1_000_000) {
                    assertThat(res.complete()).as("seed %d", seed).isTrue();
                    assertThat(res.c()).as("seed %d", seed).isLessThanOrEqualTo(c.high() * (1 + 1e-6));
                }
            }
        }
    }

    /**
     * A child's bound is capped at its parent's, so the largest leaf bound cannot grow as the search goes on: with
     * a larger node budget (the same deterministic search, run further) ĉ is never larger, up to the depth term
     * 3·Lip·Δ of the rounding analysis (far below 1e-9 relative here). Without the cap a child's relaxation could
     * be looser than its parent's (other slopes), and ĉ rose with the budget on residual λ.
     */
    @Test
    void boundNeverRisesWithTheBudget() {
        for (long seed = 6000; seed < 6060; seed++) {
            Case c = instance(seed);
            double previous = Double.POSITIVE_INFINITY;
            for (long budget : new long[] {1, 8, 40, 160, 640, 2560}) {
                GlobalBound.Result res = GlobalBound.of(c.design(), c.lambda(),
                        new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-9, 30, budget, 4, 8));
                assertThat(res.c()).as("seed %d budget %d", seed, budget).isGreaterThanOrEqualTo(c.low());
                assertThat(res.c()).as("seed %d budget %d", seed, budget).isLessThanOrEqualTo(previous * (1 + 1e-9));
                previous = res.c();
            }
        }
    }

    @Test
    void decisionModeProvesATargetAboveTheConstantAndNeverOneBelow() {
        for (long seed = 2000; seed < 2100; seed++) {
            Case c = instance(seed);
            double above = c.high() * 1.01;
            GlobalBound.Result yes = GlobalBound.of(c.design(), c.lambda(), GlobalBound.Options.decide(above, 30));
            assertThat(yes.decided(above)).as("seed %d", seed).isTrue();
            assertThat(yes.c()).isGreaterThanOrEqualTo(c.low());
            double below = c.low() * 0.99;
            GlobalBound.Result no = GlobalBound.of(c.design(), c.lambda(), GlobalBound.Options.decide(below, 30));
            assertThat(no.decided(below)).as("seed %d", seed).isFalse();
        }
    }

    /**
     * Exact leaves over many crossing units of low rank (GlobalBound.LOW_RANK_UNITS): tables whose rows agree in
     * all columns but one (a column of 10 integers beside two of 2 and 3 values, raw on even seeds and z-scored on
     * odd ones, so the rows of each group span a plane exactly in floating point), λ mixed or residual-like. Those
     * leaves skip the sign regions {@code EmptyInterior} proves empty; the bound is never below the exact lower
     * value and, complete, within 1e-6 of Pricing's proven c over the exact arrangement. The leaves must be used on
     * these cases (the count fails when the gate is removed or never met).
     */
    @Test
    void lowRankLeavesAgainstTheExactArrangement() {
        long lowRank = 0;
        for (long seed = 6000; seed < 6012; seed++) {
            Random rnd = new Random(seed);
            int n = 24 + rnd.nextInt(12);
            double[][] x = new double[n][3];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                x[k][0] = rnd.nextInt(10);
                x[k][1] = rnd.nextInt(2);
                x[k][2] = rnd.nextInt(3);
                y[k] = Math.sin(x[k][0] / 3) + x[k][1] - 0.5 * x[k][2] + 0.3 * rnd.nextGaussian();
            }
            if (seed % 2 == 1) {
                for (int j = 0; j < 3; j++) {
                    double mean = 0;
                    for (double[] row : x) {
                        mean += row[j] / n;
                    }
                    double var = 0;
                    for (double[] row : x) {
                        var += (row[j] - mean) * (row[j] - mean) / n;
                    }
                    double sd = Math.sqrt(var);
                    for (double[] row : x) {
                        row[j] = (row[j] - mean) / sd;
                    }
                }
            }
            // λ: the residual at the certified optimum for β = 0.1, where c(λ) = β is attained by the optimal
            // neurons, which lie on many hyperplanes at once
            Dataset data = Dataset.of(x, y);
            SolveResult optimum = CvxRelu.solve(data, 0.1, SolveOptions.defaults());
            assertThat(optimum.certified()).as("seed %d", seed).isTrue();
            ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 1.0, false);
            double[] lambda = optimum.net().residuals(program.design(), y);
            Case c = caseOf(x, y, lambda);
            GlobalBound.Result res = GlobalBound.of(c.design(), c.lambda(),
                    new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-7, 30, 1_000_000, 16, 8));
            assertThat(res.proven()).as("seed %d", seed).isTrue();
            assertThat(res.c()).as("seed %d", seed).isGreaterThanOrEqualTo(c.low());
            assertThat(res.complete()).as("seed %d", seed).isTrue();
            assertThat(res.c()).as("seed %d", seed).isLessThanOrEqualTo(c.high() * (1 + 1e-6));
            lowRank += res.lowRankLeaves();
        }
        assertThat(lowRank).isGreaterThan(0);
    }

    /**
     * Equal rows are one unit whose λ is their exact sum rounded to nearest, the rounding added to ĉ. Tiny integer
     * instances whose rows repeat up to four times, with λ that do not sum exactly in floating point (multiples of
     * 0.1) and, on every third seed, pairs of copies that cancel exactly, against the exact c(λ)² over the
     * unmerged rows in integer arithmetic: ĉ is never below it and within 1e-6 of it. (A merge that kept one copy,
     * or summed |λ|, fails here.)
     */
    @Test
    void equalRowsAreMergedSoundly() {
        int merged = 0;
        for (long seed = 4000; seed < 4060; seed++) {
            Random rnd = new Random(seed);
            int d = 1 + (int) (seed % 2);
            java.util.List<double[]> rows = new java.util.ArrayList<>();
            java.util.List<Double> ls = new java.util.ArrayList<>();
            int distinct = 3 + rnd.nextInt(3);
            for (int t = 0; t < distinct; t++) {
                double[] row = new double[d];
                for (int j = 0; j < d; j++) {
                    row[j] = rnd.nextInt(7) - 3;
                }
                int copies = 1 + rnd.nextInt(4);
                merged += copies - 1;
                for (int c = 0; c < copies; c++) {
                    rows.add(row.clone());
                    double l = (rnd.nextInt(19) - 9) / 10.0;
                    ls.add(c == 1 && seed % 3 == 0 ? -ls.get(ls.size() - 1) : l);
                }
            }
            double[][] x = rows.toArray(new double[0][]);
            double[] lambda = ls.stream().mapToDouble(Double::doubleValue).toArray();
            Dataset data = Dataset.of(x, lambda);
            ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 1.0, false);
            Rational exact = ExactConePrice.cSquared(program, lambda);
            GlobalBound.Result res = GlobalBound.of(program.design(), lambda,
                    new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-8, 30, 1_000_000, 8, 8));
            assertThat(res.proven()).as("seed %d", seed).isTrue();
            assertThat(Rational.of(res.c()).multiply(Rational.of(res.c())).compareTo(exact))
                    .as("seed %d", seed).isGreaterThanOrEqualTo(0);
            double hi = res.c() / (1 + 1e-6);
            assertThat(Rational.of(hi).multiply(Rational.of(hi)).compareTo(exact)).as("seed %d", seed).isLessThanOrEqualTo(0);
        }
        assertThat(merged).isGreaterThan(60);
    }

    /**
     * Merging is exactly the search over the distinct rows: copies whose λ are multiples of 1/2 (their sums exact in
     * floating point, so nothing is rounded) give, bit for bit, the ĉ, best value and node count of the same search
     * on the distinct rows with the summed λ (first-occurrence order, cancelled rows left out). Without the merge
     * the copies would be separate units and the search a different one.
     */
    @Test
    void mergingIsTheSearchOverTheDistinctRows() {
        for (long seed = 4100; seed < 4130; seed++) {
            Random rnd = new Random(seed);
            int d = 1 + (int) (seed % 3);
            java.util.List<double[]> rows = new java.util.ArrayList<>();
            java.util.List<Double> ls = new java.util.ArrayList<>();
            java.util.Map<java.util.List<Double>, Double> sums = new java.util.LinkedHashMap<>();
            for (int t = 0; t < 6 + rnd.nextInt(6); t++) {
                double[] row = new double[d + 1];
                for (int j = 0; j < d; j++) {
                    row[j] = seed % 2 == 0 ? rnd.nextInt(5) - 2 : rnd.nextGaussian();
                }
                row[d] = 1;
                int copies = 1 + rnd.nextInt(4);
                for (int c = 0; c < copies; c++) {
                    double l = (rnd.nextInt(9) - 4) / 2.0;
                    rows.add(row.clone());
                    ls.add(l);
                    java.util.List<Double> key = java.util.Arrays.stream(row).boxed().toList();
                    sums.merge(key, l, Double::sum);
                }
            }
            double[][] design = rows.toArray(new double[0][]);
            double[] lambda = ls.stream().mapToDouble(Double::doubleValue).toArray();
            java.util.List<double[]> distinct = new java.util.ArrayList<>();
            java.util.List<Double> summed = new java.util.ArrayList<>();
            sums.forEach((key, l) -> {
                if (l != 0) {
                    distinct.add(key.stream().mapToDouble(Double::doubleValue).toArray());
                    summed.add(l);
                }
            });
            GlobalBound.Options options = GlobalBound.Options.optimise(1e-7, 30).withMaxNodes(200_000);
            GlobalBound.Result withCopies = GlobalBound.of(design, lambda, options);
            GlobalBound.Result once = GlobalBound.of(distinct.toArray(new double[0][]),
                    summed.stream().mapToDouble(Double::doubleValue).toArray(), options);
            assertThat(rows.size()).as("seed %d", seed).isGreaterThan(distinct.size());
            assertThat(withCopies.c()).as("seed %d", seed).isEqualTo(once.c());
            assertThat(withCopies.best()).as("seed %d", seed).isEqualTo(once.best());
            assertThat(withCopies.nodes()).as("seed %d", seed).isEqualTo(once.nodes());
        }
    }

    /**
     * What rounding the merged λ moves is added: rows x̃ = (1) twice with λ = 1 and 2⁻⁶⁰ merge to λ̂ = 1 and an error
     * of 2⁻⁶⁰·‖x̃‖; copies that cancel exactly leave no unit and no error; copies with a non-finite entry, or whose
     * sum overflows, are not merged.
     */
    @Test
    void mergedRoundingIsCountedAndBadRowsAreNotMerged() {
        GlobalBound.Merged m = GlobalBound.merge(new double[][] {{1}, {1}}, new double[] {1, 0x1p-60});
        assertThat(m.lambda()).containsExactly(1.0);
        assertThat(m.error()).isGreaterThanOrEqualTo(0x1p-60).isLessThan(0x1p-59);
        GlobalBound.Merged cancel = GlobalBound.merge(new double[][] {{2, -0.0}, {2, 0.0}, {1, 1}},
                new double[] {0.5, -0.5, 3});
        assertThat(cancel.rows()).hasDimensions(1, 2);
        assertThat(cancel.lambda()).containsExactly(3.0);
        assertThat(cancel.error()).isZero();
        GlobalBound.Merged overflow = GlobalBound.merge(new double[][] {{1}, {1}}, new double[] {1e308, 1e308});
        assertThat(overflow.lambda()).containsExactly(1e308, 1e308);
        GlobalBound.Merged nan = GlobalBound.merge(new double[][] {{1, Double.NaN}, {1, Double.NaN}},
                new double[] {1, -1});
        assertThat(nan.lambda()).containsExactly(1.0, -1.0);
    }

    /** Non-finite rows or λ, or λ whose sum overflows: never a proven bound, and no exception. */
    @Test
    void nonFiniteInputsAreNeverProven() {
        GlobalBound.Options options = GlobalBound.Options.optimise(1e-6, 5);
        assertThat(GlobalBound.of(new double[][] {{1, Double.NaN}, {1, Double.NaN}, {1, 0}}, new double[] {1, -1, 1},
                options).proven()).isFalse();
        assertThat(GlobalBound.of(new double[][] {{1, 0}, {1, 0}}, new double[] {1e308, 1e308}, options).proven())
                .isFalse();
        assertThat(GlobalBound.of(new double[][] {{1, Double.POSITIVE_INFINITY}, {1, Double.POSITIVE_INFINITY}},
                new double[] {1, 1e-17}, options).proven()).isFalse();
        assertThat(GlobalBound.of(new double[][] {{1, 2}, {3, 4}}, new double[] {1, Double.NaN}, options).proven())
                .isFalse();
    }

    @Test
    void agreesWithRationalEnumerationOnTinyInstances() {
        for (long seed = 3000; seed < 3040; seed++) {
            Random rnd = new Random(seed);
            int d = 1 + (int) (seed % 2);
            int n = 4 + rnd.nextInt(4);
            double[][] x = new double[n][d];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < d; j++) {
                    x[k][j] = rnd.nextInt(7) - 3;
                }
                y[k] = rnd.nextInt(9) - 4;
            }
            Dataset data = Dataset.of(x, y);
            ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 1.0, false);
            Rational exact = ExactConePrice.cSquared(program, y);
            GlobalBound.Result res = GlobalBound.of(program.design(), y,
                    new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-8, 30, 1_000_000, 8, (int) (seed % 2) * 8));
            assertThat(Rational.of(res.c()).multiply(Rational.of(res.c())).compareTo(exact))
                    .as("seed %d", seed).isGreaterThanOrEqualTo(0);
            double hi = res.c() / (1 + 1e-6);
            assertThat(Rational.of(hi).multiply(Rational.of(hi)).compareTo(exact)).as("seed %d", seed).isLessThanOrEqualTo(0);
        }
    }

    /**
     * Fractional slopes on the root nodes only (a budget of one batch: no split), mixed-sign and residual λ: the
     * bound stays above the exact lower value, and since the 0/1 slopes are where the steps start and each node
     * keeps its smallest bound, the bound is never larger than with 0/1 slopes alone.
     */
    @Test
    void fractionalSlopesAreSoundAndNeverLooserAtTheRoots() {
        int tighter = 0;
        for (long seed = 4000; seed < 4150; seed++) {
            if ((seed / 3) % 4 == 0) {
                continue; // one-sign λ: no negative units on the sign that matters
            }
            Case c = instance(seed);
            GlobalBound.Result binary = GlobalBound.of(c.design(), c.lambda(),
                    new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-9, 30, 1, 64, 0));
            GlobalBound.Result frac = GlobalBound.of(c.design(), c.lambda(),
                    new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-9, 30, 1, 64, 20));
            assertThat(frac.c()).as("seed %d", seed).isGreaterThanOrEqualTo(c.low());
            assertThat(frac.c()).as("seed %d", seed).isLessThanOrEqualTo(binary.c());
            if (frac.c() < binary.c() * (1 - 1e-3)) {
                tighter++;
            }
        }
        assertThat(tighter).as("instances where fractional slopes tighten the root bound").isGreaterThan(10);
    }

    /**
     * A search whose open nodes outgrow its memory (here one byte: past it at the roots) ends as "memory", not
     * complete, the bound still above the exact lower value; with room enough the same instance runs to its end
     * ("complete"), and a node budget stops it as "nodes".
     */
    @Test
    void aSearchOutOfMemoryStopsWithAProvenBound() {
        int memoryStops = 0;
        for (long seed = 5000; seed < 5040; seed++) {
            Case c = instance(seed);
            GlobalBound.Options options = new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-7, 30, 1_000_000, 16, 8);
            GlobalBound.Result small = GlobalBound.of(c.design(), c.lambda(), options, 1); // past it at the roots
            GlobalBound.Result room = GlobalBound.of(c.design(), c.lambda(), options, Long.MAX_VALUE);
            GlobalBound.Result few = GlobalBound.of(c.design(), c.lambda(), options.withMaxNodes(40), Long.MAX_VALUE);
            assertThat(room.stoppedBy()).as("seed %d", seed).isEqualTo("complete");
            assertThat(small.c()).as("seed %d", seed).isGreaterThanOrEqualTo(c.low());
            assertThat(few.c()).as("seed %d", seed).isGreaterThanOrEqualTo(c.low());
            if (!small.complete()) {
                assertThat(small.stoppedBy()).as("seed %d", seed).isEqualTo("memory");
                assertThat(small.nodes()).as("seed %d", seed).isLessThan(room.nodes());
                memoryStops++;
            }
            if (!few.complete()) {
                assertThat(few.stoppedBy()).as("seed %d", seed).isEqualTo("nodes");
            }
        }
        assertThat(memoryStops).as("searches stopped by their memory").isGreaterThan(10);
    }

    /**
     * With a little memory (a few nodes' worth) the search drops the lower half of its open nodes instead of
     * stopping, and goes on: the bound stays above the exact lower value, nodes were dropped, and many searches
     * still resolve every node left (nothing open at the end), which a stop at the first overflow never does.
     */
    @Test
    void aSearchShortOfMemoryDropsItsLowestNodesAndGoesOn() {
        int dropping = 0;
        int resolved = 0;
        for (long seed = 5000; seed < 5060; seed++) {
            Case c = instance(seed);
            // batches of one node, so that the queue holds nodes to drop (a batch of 16 takes every root of r ≤ 3)
            GlobalBound.Options options = new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-7, 30, 1_000_000, 1, 8);
            GlobalBound.Result room = GlobalBound.of(c.design(), c.lambda(), options, Long.MAX_VALUE);
            GlobalBound.Result tight = GlobalBound.of(c.design(), c.lambda(), options, 5_000);
            assertThat(room.droppedNodes()).as("seed %d", seed).isZero();
            assertThat(tight.proven()).as("seed %d", seed).isTrue();
            assertThat(tight.c()).as("seed %d", seed).isGreaterThanOrEqualTo(c.low());
            if (tight.droppedNodes() > 0) {
                dropping++;
                assertThat(tight.complete()).as("seed %d", seed).isFalse();
                assertThat(tight.stoppedBy()).as("seed %d", seed).isEqualTo("memory");
                if (tight.open() == 0) {
                    resolved++;
                }
            } else if (tight.complete()) {
                assertThat(tight.c()).as("seed %d", seed).isEqualTo(room.c()); // the same search
            }
        }
        assertThat(dropping).as("searches that dropped nodes").isGreaterThan(10);
        assertThat(resolved).as("searches that dropped nodes and then resolved the rest").isGreaterThan(5);
    }

    @Test
    void zeroAndDegenerateInputs() {
        double[][] design = {{1, 0, 1}, {2, 0, 1}, {0, 0, 0}};
        GlobalBound.Result zero = GlobalBound.of(design, new double[3], GlobalBound.Options.optimise(1e-6, 5));
        assertThat(zero.c()).isEqualTo(0);
        assertThat(zero.proven()).isTrue();
        GlobalBound.Result nan = GlobalBound.of(design, new double[] {1, Double.NaN, 0},
                GlobalBound.Options.optimise(1e-6, 5));
        assertThat(nan.proven()).isFalse();
        assertThat(nan.c()).isEqualTo(Double.POSITIVE_INFINITY);
        // c = 0 with λ ≠ 0: two identical rows with opposite λ cancel everywhere
        GlobalBound.Result cancel = GlobalBound.of(new double[][] {{1, 2}, {1, 2}}, new double[] {1, -1},
                GlobalBound.Options.optimise(1e-6, 5));
        assertThat(cancel.proven()).isTrue();
        assertThat(cancel.c()).isLessThan(1e-9);
    }

    /**
     * The points a search collects above a threshold (column generation's violators): each one's value is its
     * true sign·λᵀ(X̃u)₊ (evaluated here exactly in BigDecimal), above the threshold and at most the exact c(λ);
     * one per activation pattern and sign; and collecting them changes nothing in the search (same ĉ, nodes).
     */
    @Test
    void collectedPointsAreTrueValuesAboveTheThresholdAndChangeNothing() {
        int collected = 0;
        for (long seed = 7000; seed < 7060; seed++) {
            Case c = instance(seed);
            GlobalBound.Options options = new GlobalBound.Options(Double.NEGATIVE_INFINITY, 1e-7, 30, 200_000, 16, 8);
            double above = 0.6 * c.high();
            GlobalBound.Result plain = GlobalBound.of(c.design(), c.lambda(), options);
            GlobalBound.Result with = GlobalBound.collecting(c.design(), c.lambda(), options, above);
            assertThat(with.c()).as("seed %d", seed).isEqualTo(plain.c());
            assertThat(with.nodes()).as("seed %d", seed).isEqualTo(plain.nodes());
            assertThat(plain.above()).isEmpty();
            java.util.Set<String> keys = new java.util.HashSet<>();
            double previous = Double.POSITIVE_INFINITY;
            for (GlobalBound.Point p : with.above()) {
                double norm = Math.sqrt(java.util.Arrays.stream(p.direction()).map(x -> x * x).sum());
                double exact = signedValue(c.design(), c.lambda(), p.direction(), p.sign()) / norm;
                assertThat(exact).as("seed %d", seed).isCloseTo(p.value(), org.assertj.core.api.Assertions.within(1e-9 * c.high()));
                assertThat(p.value()).as("seed %d", seed).isGreaterThan(above);
                assertThat(exact).as("seed %d", seed).isLessThanOrEqualTo(c.high() * (1 + 1e-9));
                assertThat(p.value()).as("seed %d: most valuable first", seed).isLessThanOrEqualTo(previous);
                previous = p.value();
                StringBuilder key = new StringBuilder(p.sign() > 0 ? "+" : "-");
                for (double[] row : c.design()) {
                    double dot = 0;
                    for (int j = 0; j < row.length; j++) {
                        dot += row[j] * p.direction()[j];
                    }
                    key.append(dot > 0 ? '1' : '0');
                }
                assertThat(keys.add(key.toString())).as("seed %d: one point per pattern and sign", seed).isTrue();
            }
            collected += with.above().size();
        }
        assertThat(collected).isGreaterThan(60);
    }

    /** s·Σ_k λ_k (x̃_kᵀu)₊, summed exactly. */
    static double signedValue(double[][] design, double[] lambda, double[] u, int sign) {
        return sign * ExactValue.g(design, lambda, u).doubleValue();
    }
}

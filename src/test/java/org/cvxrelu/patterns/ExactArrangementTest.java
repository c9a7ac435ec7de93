package org.cvxrelu.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The enumeration is exact on degenerate and badly scaled data: its count equals an independent exact count
 * (Whitney's formula, {@link WhitneyCount}, or Zaslavsky over the lattice, {@link LatticeCount}), its
 * patterns are distinct, and each has an exact interior point whose signs, decided in {@link BigDecimal},
 * are the pattern's. Distinct realised patterns, as many as the arrangement has cells: exactly its cells.
 */
class ExactArrangementTest {
    private static final double[] OFFSETS = {1e6, 1e8, 1e10, 1e12, 1e15, 2e15, 4e15, 8e15};
    private static final double[] SCALES = {0x1p-40, 0x1p40, 1e-300, 1e-150, 1e-20, 1e20, 1e150, 1e300};

    /** Checks one design against the independent count; returns the path that decided it. */
    static ArrangementEnumerator.Path check(String what, double[][] design, boolean bias, long expected) {
        ArrangementEnumerator.Run run = ArrangementEnumerator.run(design, bias, null);
        PatternSet p = run.patterns();
        assertThat((long) p.size()).as("%s: cells", what).isEqualTo(expected);
        assertThat(p.exact()).isTrue();
        assertThat(p.mode()).isEqualTo("exact");
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < p.size(); i++) {
            assertThat(distinct.add(p.bits(i))).as("%s: pattern %d repeated", what, i).isTrue();
            BigDecimal[] w = run.exactWitness(i);
            for (int k = 0; k < design.length; k++) {
                BigDecimal s = BigDecimal.ZERO;
                boolean zeroRow = true;
                for (int j = 0; j < w.length; j++) {
                    zeroRow &= design[k][j] == 0;
                    s = s.add(new BigDecimal(design[k][j]).multiply(w[j]));
                }
                if (zeroRow) {
                    assertThat(p.active(i, k)).as("%s: zero row %d active", what, k).isTrue();
                } else {
                    assertThat(s.signum()).as("%s: cell %d, row %d: witness strictly inside", what, i, k).isNotZero();
                    assertThat(s.signum() > 0).as("%s: cell %d, row %d: side", what, i, k).isEqualTo(p.active(i, k));
                }
            }
        }
        return run.path();
    }

    static double[][] design(double[][] x, boolean bias) {
        return bias ? Dataset.of(x, new double[x.length]).design(true) : x;
    }

    /** Small point sets of the degenerate kinds, with integer coordinates before any transformation. */
    static double[][] points(Random rnd, int kind, int n, int d) {
        double[][] x = new double[n][d];
        switch (kind) {
            case 0 -> { // integer grid {0..k}^d, points drawn with repetition
                int k = 2 + rnd.nextInt(3);
                for (double[] row : x) {
                    for (int j = 0; j < d; j++) {
                        row[j] = rnd.nextInt(k + 1);
                    }
                }
            }
            case 1 -> { // collinear: p + t v, t integer, plus a few points off the line
                int[] p = new int[d];
                int[] v = new int[d];
                for (int j = 0; j < d; j++) {
                    p[j] = rnd.nextInt(7) - 3;
                    v[j] = rnd.nextInt(5) - 2;
                }
                v[0] = v[0] == 0 ? 1 : v[0];
                int off = rnd.nextInt(Math.max(1, n / 3) + 1);
                for (int i = 0; i < n; i++) {
                    int t = rnd.nextInt(9) - 4;
                    for (int j = 0; j < d; j++) {
                        x[i][j] = i < off ? rnd.nextInt(9) - 4 : p[j] + t * v[j];
                    }
                }
            }
            case 2 -> { // on a line through the origin, a few off it
                int[] v = new int[d];
                for (int j = 0; j < d; j++) {
                    v[j] = rnd.nextInt(7) - 3;
                }
                v[0] = v[0] == 0 ? 2 : v[0];
                int off = rnd.nextInt(Math.max(1, n / 3) + 1);
                for (int i = 0; i < n; i++) {
                    int t = rnd.nextInt(9) - 4;
                    for (int j = 0; j < d; j++) {
                        x[i][j] = i < off ? rnd.nextInt(9) - 4 : t * v[j];
                    }
                }
            }
            default -> { // zero rows, multiples and duplicates of a few integer rows
                int base = Math.max(1, n / 2);
                for (int i = 0; i < n; i++) {
                    if (i < base) {
                        for (int j = 0; j < d; j++) {
                            x[i][j] = rnd.nextInt(7) - 3;
                        }
                    } else {
                        double f = new double[] {0, 1, -1, 2, -0.5, 3}[rnd.nextInt(6)];
                        for (int j = 0; j < d; j++) {
                            x[i][j] = f * x[rnd.nextInt(base)][j];
                        }
                    }
                }
            }
        }
        return x;
    }

    /** Transformation t of the features: 0 none, 1 offset, 2 scale, 3 standardise (z-scores in doubles). */
    static double[][] transform(Random rnd, double[][] x, int t) {
        double[][] out = new double[x.length][];
        double offset = OFFSETS[rnd.nextInt(OFFSETS.length)];
        double scale = SCALES[rnd.nextInt(SCALES.length)];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                if (t == 1) {
                    out[i][j] += offset;
                } else if (t == 2) {
                    out[i][j] *= scale;
                }
            }
        }
        if (t == 3) {
            Dataset data = Dataset.of(out, new double[out.length]);
            return InputScaling.standardize(data, false).apply(data).features();
        }
        return out;
    }

    @Test
    void sixHundredDegenerateInstancesAgreeWithWhitneysCount() {
        Random rnd = new Random(20261202);
        int integerPath = 0;
        List<String> kinds = new ArrayList<>();
        for (int instance = 0; instance < 600; instance++) {
            int kind = instance % 4;
            int t = (instance / 4) % 4;
            int d = 1 + rnd.nextInt(3);
            int n = 4 + rnd.nextInt(kind == 3 ? 9 : 8);
            boolean bias = kind == 3 ? rnd.nextInt(4) == 0 : rnd.nextBoolean();
            double[][] x = transform(rnd, points(rnd, kind, n, d), kind == 3 ? t % 3 % 2 * 2 : t);
            double[][] design = design(x, bias);
            String what = "instance " + instance + " (kind " + kind + ", transform " + t + ", n=" + n + ", d=" + d
                    + ", bias " + bias + ")";
            if (check(what, design, bias, WhitneyCount.cells(design)) == ArrangementEnumerator.Path.INTEGER) {
                integerPath++;
            }
            kinds.add(what);
        }
        assertThat(kinds).hasSize(600);
        assertThat(integerPath).as("instances decided by the integer path").isGreaterThan(250);
    }

    @Test
    void extremeMagnitudesAndSubnormalsInOneRowAgreeWithWhitneysCount() {
        // entries from the ends of the double range side by side: products overflow or underflow in floating
        // point, the integer rows are thousands of bits long
        double[] values = {0, 1, -1, 3, 1e300, -1e300, 1e-300, -2.5e-300, Double.MIN_VALUE, -Double.MAX_VALUE,
                Double.MAX_VALUE / 3, 0x1p-1060};
        Random rnd = new Random(11);
        for (int instance = 0; instance < 60; instance++) {
            int d = 1 + rnd.nextInt(3);
            int n = 3 + rnd.nextInt(6);
            double[][] x = new double[n][d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    row[j] = values[rnd.nextInt(values.length)];
                }
            }
            boolean bias = rnd.nextBoolean();
            double[][] design = design(x, bias);
            check("extreme " + instance, design, bias, WhitneyCount.cells(design));
        }
    }

    @Test
    void generalPositionTakesTheCheckedFastPathAndAgrees() {
        Random rnd = new Random(7);
        for (int instance = 0; instance < 60; instance++) {
            int d = 1 + rnd.nextInt(3);
            int n = 3 + rnd.nextInt(9);
            double[][] x = new double[n][d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    row[j] = rnd.nextGaussian();
                }
            }
            boolean bias = rnd.nextBoolean();
            double[][] design = design(x, bias);
            assertThat(check("gaussian " + instance, design, bias, WhitneyCount.cells(design)))
                    .isEqualTo(ArrangementEnumerator.Path.FLOAT_CHECKED);
        }
    }

    /**
     * Hyperplanes about 1e-8 apart but distinct, in general position: the checked fast path decides them (it gave up on
     * any pair within 1e-7, and then 70 Gaussian rows in R^5 went to the integer path: their restrictions to planes
     * hold lines about 1e-8 apart, BENCHMARKS §50), with Whitney's count and every witness checked exactly; and
     * with the pair made exactly equal, the count drops to that of the distinct rows.
     */
    @Test
    void nearlyCoincidentButDistinctHyperplanesTakeTheCheckedFastPath() {
        Random rnd = new Random(50);
        for (int instance = 0; instance < 20; instance++) {
            int d = 2 + rnd.nextInt(2);
            int n = 6 + rnd.nextInt(5);
            double[][] x = new double[n][d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    row[j] = rnd.nextGaussian();
                }
            }
            for (int j = 0; j < d; j++) {
                x[n - 1][j] = x[0][j] + 1e-8 * rnd.nextGaussian();
            }
            double[][] design = design(x, true);
            long count = WhitneyCount.cells(design);
            assertThat(check("near pair " + instance, design, true, count))
                    .isEqualTo(ArrangementEnumerator.Path.FLOAT_CHECKED);
            assertThat(count).isEqualTo(CoverCount.cells(n, d + 1).longValueExact());
            x[n - 1] = x[0].clone();
            double[][] equal = design(x, true);
            assertThat(check("equal pair " + instance, equal, true, WhitneyCount.cells(equal))).isNotNull();
            assertThat(ArrangementEnumerator.enumerate(equal, true).size())
                    .isEqualTo(CoverCount.cells(n - 1, d + 1).intValueExact());
        }
    }

    @Test
    void bothPathsGiveTheSameCellsInGeneralPosition() {
        double[][] design = design(ArrangementEnumeratorTest.gaussian(14, 3, 5), true);
        Set<String> fast = ArrangementEnumeratorTest.bits(ArrangementEnumerator.run(design, true,
                ArrangementEnumerator.Path.FLOAT_CHECKED).patterns());
        Set<String> exact = ArrangementEnumeratorTest.bits(ArrangementEnumerator.run(design, true,
                ArrangementEnumerator.Path.INTEGER).patterns());
        assertThat(exact).isEqualTo(fast).hasSize(CoverCount.cells(14, 4).intValueExact());
    }

    /**
     * An instance large enough for the top-level splits of the integer path to run in parallel (more than
     * 2048 cells, more than 512 of them cut by one hyperplane, from the 25th on): on 30 Gaussian points in
     * R^3 the integer path gives exactly the cells of the checked fast path (Cover's count, 8180).
     */
    @Test
    void parallelTopLevelSplitsGiveTheCellsOfTheCheckedFastPath() {
        double[][] design = design(ArrangementEnumeratorTest.gaussian(30, 3, 11), true);
        Set<String> fast = ArrangementEnumeratorTest.bits(ArrangementEnumerator.run(design, true,
                ArrangementEnumerator.Path.FLOAT_CHECKED).patterns());
        Set<String> exact = ArrangementEnumeratorTest.bits(ArrangementEnumerator.run(design, true,
                ArrangementEnumerator.Path.INTEGER).patterns());
        assertThat(exact).isEqualTo(fast).hasSize(CoverCount.cells(30, 4).intValueExact());
    }

    @Test
    void latticeCountAgreesWithWhitneyOnSmallDegenerateInstances() {
        Random rnd = new Random(3);
        for (int instance = 0; instance < 40; instance++) {
            double[][] design = design(points(rnd, instance % 4, 4 + rnd.nextInt(7), 1 + rnd.nextInt(3)), true);
            assertThat(LatticeCount.cells(design)).isEqualTo(WhitneyCount.cells(design));
        }
    }

    static double[][] grid5() {
        double[][] x = new double[25][];
        int k = 0;
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                x[k++] = new double[] {a, b};
            }
        }
        return x;
    }

    /**
     * Planar points with bias give a rank-3 arrangement; Zaslavsky's formula for it reads
     * c = 2 + 2 Σ_L (|L| − 1) over the lines L through at least two of the (distinct) points, here with exact
     * collinearity tests: a count that needs neither the enumerator nor the lattice code.
     */
    static long planarCount(double[][] x) {
        List<double[]> pts = new ArrayList<>();
        for (double[] p : x) {
            if (pts.stream().noneMatch(q -> q[0] == p[0] && q[1] == p[1])) {
                pts.add(p);
            }
        }
        int n = pts.size();
        Set<Set<Integer>> lines = new HashSet<>();
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                Set<Integer> line = new HashSet<>();
                for (int c = 0; c < n; c++) {
                    if (orientation(pts.get(a), pts.get(b), pts.get(c)) == 0) {
                        line.add(c);
                    }
                }
                lines.add(line);
            }
        }
        long sum = 0;
        for (Set<Integer> line : lines) {
            sum += line.size() - 1;
        }
        return 2 + 2 * sum;
    }

    private static int orientation(double[] a, double[] b, double[] c) {
        BigDecimal ax = new BigDecimal(a[0]);
        BigDecimal ay = new BigDecimal(a[1]);
        BigDecimal u = new BigDecimal(b[0]).subtract(ax).multiply(new BigDecimal(c[1]).subtract(ay));
        BigDecimal v = new BigDecimal(b[1]).subtract(ay).multiply(new BigDecimal(c[0]).subtract(ax));
        return u.subtract(v).signum();
    }

    @Test
    void fiveByFiveGridHas402CellsUnderExactShiftsAndPowerOfTwoScalings() {
        assertThat(planarCount(grid5())).isEqualTo(402);
        for (double offset : new double[] {0, 1e6, 1e8, 1e10, 1e15, 2e15, 4e15, 8e15}) {
            double[][] x = grid5();
            for (double[] row : x) {
                row[0] += offset;
                row[1] += offset;
            }
            assertThat(planarCount(x)).isEqualTo(402); // every shifted value is an exact double
            check("grid + " + offset, design(x, true), true, 402);
        }
        for (double scale : new double[] {0x1p40, 0x1p-40, 0x1p-1000, 0x1p1000}) {
            double[][] x = grid5();
            for (double[] row : x) {
                row[0] *= scale;
                row[1] *= scale;
            }
            check("grid × " + scale, design(x, true), true, 402);
        }
    }

    @ParameterizedTest(name = "grid × {0}")
    @ValueSource(doubles = {1e-300, 1e-150, 1e150, 1e300})
    void fiveByFiveGridScaledInDecimalHasTheCountOfTheDoublesRead(double scale) {
        // a·scale is rounded: some collinear triples of the grid are no longer exactly collinear, and the
        // arrangement of the doubles read has more cells than 402. The independent count decides.
        double[][] x = grid5();
        for (double[] row : x) {
            row[0] *= scale;
            row[1] *= scale;
        }
        check("grid × " + scale, design(x, true), true, planarCount(x));
    }

    static double[][] grid3(int k) {
        double[][] x = new double[k * k * k][];
        int i = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                for (int c = 0; c < k; c++) {
                    x[i++] = new double[] {a, b, c};
                }
            }
        }
        return x;
    }

    @Test
    void threeDimensionalGridOffsetBy1e8AndStandardisedGrid() {
        double[][] x = grid3(3);
        long raw = LatticeCount.cells(design(x, true));
        check("3-d grid", design(x, true), true, raw);
        double[][] shifted = transform(new Random(1), x, 0);
        for (double[] row : shifted) {
            for (int j = 0; j < 3; j++) {
                row[j] += 1e8;
            }
        }
        check("3-d grid + 1e8", design(shifted, true), true, raw);
        Dataset data = Dataset.of(x, new double[x.length]);
        double[][] std = InputScaling.standardize(data, false).apply(data).features();
        check("standardised 3-d grid", design(std, true), true, LatticeCount.cells(design(std, true)));
    }
}

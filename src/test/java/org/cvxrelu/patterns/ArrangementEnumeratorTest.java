package org.cvxrelu.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.cvxrelu.BadInputException;
import org.cvxrelu.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArrangementEnumeratorTest {

    static double[][] gaussian(int n, int d, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return x;
    }

    static double[][] withBias(double[][] x) {
        return Dataset.of(x, new double[x.length]).design(true);
    }

    static Set<String> bits(PatternSet p) {
        Set<String> s = new HashSet<>();
        for (int i = 0; i < p.size(); i++) {
            s.add(p.bits(i));
        }
        return s;
    }

    /** Every witness lies strictly inside its cell: its pattern is the cell's and no row is (nearly) zero on it. */
    static void assertWitnessesStrictlyInside(double[][] design, PatternSet p) {
        for (int i = 0; i < p.size(); i++) {
            double[] w = p.witness(i);
            assertThat(PatternSet.maskOf(design, w)).as("pattern of witness %d", i).isEqualTo(p.mask(i));
            for (double[] row : design) {
                double s = 0;
                double norm = 0;
                for (int j = 0; j < w.length; j++) {
                    s += row[j] * w[j];
                    norm += row[j] * row[j];
                }
                if (norm > 0) {
                    assertThat(Math.abs(s)).as("margin of witness %d", i).isGreaterThan(1e-10 * Math.sqrt(norm));
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}, d={1}")
    @CsvSource({"1,1", "2,1", "7,1", "3,2", "12,2", "30,2", "4,3", "10,3", "25,3", "5,4", "12,4", "18,4",
            "3,5", "9,5", "14,5"})
    void countEqualsCoverInGeneralPositionWithBias(int n, int d) {
        double[][] design = withBias(gaussian(n, d, 1000L * n + d));
        PatternSet p = ArrangementEnumerator.enumerate(design, true);
        assertThat(BigInteger.valueOf(p.size())).isEqualTo(CoverCount.cells(n, d + 1));
        assertThat(bits(p)).hasSize(p.size());
        assertWitnessesStrictlyInside(design, p);
    }

    @ParameterizedTest(name = "n={0}, r={1}, no bias")
    @CsvSource({"6,2", "20,3", "9,4", "15,5", "4,5"})
    void countEqualsCoverInGeneralPositionWithoutBias(int n, int r) {
        double[][] design = gaussian(n, r, 7L * n + r);
        PatternSet p = ArrangementEnumerator.enumerate(design, false);
        assertThat(BigInteger.valueOf(p.size())).isEqualTo(CoverCount.cells(n, r));
        assertWitnessesStrictlyInside(design, p);
    }

    @Test
    void duplicateRowsGiveTheCountOfTheDistinctRows() {
        double[][] x = gaussian(6, 2, 3);
        double[][] dup = new double[9][];
        for (int k = 0; k < 9; k++) {
            dup[k] = x[k % 6].clone();
        }
        double[][] design = withBias(dup);
        PatternSet p = ArrangementEnumerator.enumerate(design, true);
        assertThat(BigInteger.valueOf(p.size())).isEqualTo(CoverCount.cells(6, 3));
        assertThat(bits(p)).isEqualTo(BruteForceCells.patterns(design));
        assertWitnessesStrictlyInside(design, p);
    }

    @Test
    void collinearPointsMatchBruteForce() {
        // five points on the line y = 2x + 1, three more in general position, with bias: r = 3
        double[][] x = {{0, 1}, {1, 3}, {2, 5}, {-1, -1}, {0.5, 2}, {1, -1}, {-2, 0.5}, {0.3, -0.7}};
        double[][] design = withBias(x);
        PatternSet p = ArrangementEnumerator.enumerate(design, true);
        Set<String> brute = BruteForceCells.patterns(design);
        assertThat(p.size()).isLessThan(CoverCount.cells(8, 3).intValueExact());
        assertThat(bits(p)).isEqualTo(brute);
        assertWitnessesStrictlyInside(design, p);
    }

    @Test
    void coplanarPointsMatchBruteForce() {
        // six points on the plane z = x − y, three off it, with bias: r = 4
        double[][] x = {{0, 0, 0}, {1, 0, 1}, {0, 1, -1}, {1, 1, 0}, {2, -1, 3}, {-1, 2, -3},
                {0.2, 0.1, 0.9}, {-0.5, 0.4, 0.2}, {0.7, -0.3, -0.8}};
        double[][] design = withBias(x);
        PatternSet p = ArrangementEnumerator.enumerate(design, true);
        assertThat(bits(p)).isEqualTo(BruteForceCells.patterns(design));
        assertThat(p.size()).isLessThan(CoverCount.cells(9, 4).intValueExact());
        assertWitnessesStrictlyInside(design, p);
    }

    @Test
    void integerGridMatchesBruteForce() {
        // the 3 × 3 integer grid plus one duplicate: many triples of collinear points
        double[][] x = new double[10][];
        int k = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                x[k++] = new double[] {a, b};
            }
        }
        x[9] = new double[] {1, 1};
        double[][] design = withBias(x);
        PatternSet p = ArrangementEnumerator.enumerate(design, true);
        assertThat(bits(p)).isEqualTo(BruteForceCells.patterns(design));
        assertWitnessesStrictlyInside(design, p);
    }

    @Test
    void integerFeaturesInThreeDimensionsMatchBruteForce() {
        Random rnd = new Random(11);
        double[][] x = new double[10][3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = rnd.nextInt(3) - 1; // values in {−1, 0, 1}: heavily degenerate
            }
        }
        double[][] design = withBias(x);
        PatternSet p = ArrangementEnumerator.enumerate(design, true);
        assertThat(bits(p)).isEqualTo(BruteForceCells.patterns(design));
        assertWitnessesStrictlyInside(design, p);
    }

    @Test
    void multiplesAndZeroRowsWithoutBiasMatchBruteForce() {
        double[][] design = {{1, 2, 0}, {2, 4, 0}, {-3, -6, 0}, {0, 0, 0}, {1, 0, 1}, {0, 1, 1}, {1, 1, 2},
                {0.5, -1, 0.25}, {-1, 1, 0}};
        PatternSet p = ArrangementEnumerator.enumerate(design, false);
        assertThat(bits(p)).isEqualTo(BruteForceCells.patterns(design));
        assertWitnessesStrictlyInside(design, p);
        for (int i = 0; i < p.size(); i++) {
            assertThat(p.active(i, 3)).as("zero row is active in every pattern").isTrue();
        }
    }

    @Test
    void lowRankDataMatchBruteForce() {
        // all points on one line through the origin, no bias: rank 1, two cells
        double[][] design = {{1, 2}, {2, 4}, {-1, -2}, {0.5, 1}};
        PatternSet p = ArrangementEnumerator.enumerate(design, false);
        assertThat(p.size()).isEqualTo(2);
        assertThat(bits(p)).isEqualTo(BruteForceCells.patterns(design));
    }

    @Test
    void generalPositionMatchesBruteForceExactly() {
        double[][] design = withBias(gaussian(9, 2, 99));
        PatternSet p = ArrangementEnumerator.enumerate(design, true);
        assertThat(bits(p)).isEqualTo(BruteForceCells.patterns(design));
    }

    @Test
    void samplingIsDeterministicForAFixedSeedAndFindsOnlyCells() {
        double[][] x = gaussian(15, 3, 5);
        Dataset data = Dataset.of(x, new double[15]);
        PatternSet a = Patterns.of(data, PatternOptions.sampled(true, 500, 42));
        PatternSet b = Patterns.of(data, PatternOptions.sampled(true, 500, 42));
        PatternSet c = Patterns.of(data, PatternOptions.sampled(true, 500, 43));
        assertThat(a.size()).isEqualTo(b.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.mask(i)).isEqualTo(b.mask(i));
            assertThat(a.witness(i)).isEqualTo(b.witness(i));
        }
        assertThat(bits(c)).isNotEqualTo(bits(a).stream().toList());
        assertThat(a.exact()).isFalse();
        PatternSet exact = Patterns.of(data, PatternOptions.exact(true));
        assertThat(bits(exact)).containsAll(bits(a));
        assertThat(bits(a)).hasSize(a.size());
    }

    @Test
    void refusesEnumerationOverTheBudget() {
        Dataset data = Dataset.of(gaussian(60, 5, 1), new double[60]);
        PatternOptions tight = new PatternOptions(true, null, 0, 10_000);
        assertThatThrownBy(() -> Patterns.of(data, tight))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--sample");
    }

    @Test
    void coverCountKnownValues() {
        assertThat(CoverCount.cells(12, 3)).isEqualTo(BigInteger.valueOf(134));
        assertThat(CoverCount.cells(10, 4)).isEqualTo(BigInteger.valueOf(260));
        assertThat(CoverCount.cells(40, 4)).isEqualTo(BigInteger.valueOf(19_840));
        assertThat(CoverCount.cells(24, 5)).isEqualTo(BigInteger.valueOf(21_806));
        assertThat(CoverCount.cells(3, 5)).isEqualTo(BigInteger.valueOf(8)); // n ≤ r: every sign vector
        assertThat(CoverCount.cells(30, 3)).isEqualTo(BigInteger.valueOf(872));
    }

    @Test
    void standardisedIntegerDataEnumerateExactly() {
        // integer features in {0,…,4}: many collinear triples; standardising breaks some of them by one
        // rounding, leaving cells a few ulps wide. The count must be that of the doubles read, exactly: the
        // planar form of Zaslavsky's formula with exact collinearity tests decides it independently. (This
        // test used to accept any count between the raw arrangement's and Cover's bound.)
        Random rnd = new Random(17);
        int n = 24;
        double[][] raw = new double[n][2];
        for (double[] row : raw) {
            row[0] = rnd.nextInt(5);
            row[1] = rnd.nextInt(5) * 1000; // very different scales, as in auto_mpg
        }
        Dataset rawData = Dataset.of(raw, new double[n]);
        Dataset std = org.cvxrelu.net.InputScaling.standardize(rawData, false).apply(rawData);
        PatternSet exactRaw = ArrangementEnumerator.enumerate(rawData.design(true), true);
        PatternSet p = ArrangementEnumerator.enumerate(std.design(true), true);
        assertThat((long) exactRaw.size()).isEqualTo(ExactArrangementTest.planarCount(raw));
        assertThat((long) p.size()).isEqualTo(ExactArrangementTest.planarCount(std.features()));
        assertThat(bits(p)).hasSize(p.size());
        // no margin check on the witnesses here: some cells are a few ulps wide, thinner than any double
        // witness can show (the exact interior points are checked in ExactArrangementTest)
    }

    /**
     * A solve's time limit reaches into the enumeration: {@code stop} is asked once per hyperplane, on the
     * floating-point path (Gaussian rows) and on the exact one (integer rows with repeated values, which the
     * floating-point proposal does not settle), and the first true answer ends it with a
     * CancellationException, at the first question, half-way, or at the last; a stop that never fires changes
     * nothing.
     */
    @ParameterizedTest(name = "{0} rows")
    @CsvSource({"gaussian", "integer"})
    void aStopEndsTheEnumerationAndANeverFiringOneChangesNothing(String kind) {
        Random rnd = new Random(5);
        double[][] x = new double[40][3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = kind.equals("gaussian") ? rnd.nextGaussian() : rnd.nextInt(6);
            }
        }
        Dataset data = Dataset.of(x, new double[x.length]);
        PatternOptions exact = PatternOptions.exact(true);
        java.util.concurrent.atomic.AtomicInteger questions = new java.util.concurrent.atomic.AtomicInteger();
        PatternSet never = Patterns.of(data, exact, () -> questions.getAndIncrement() < 0);
        int all = questions.get();
        assertThat(all).as("asked once per hyperplane at least").isGreaterThan(8);
        assertThat(bits(never)).isEqualTo(bits(Patterns.of(data, exact)));
        for (int last : new int[] {0, all / 2, all - 1}) {
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            assertThatThrownBy(() -> Patterns.of(data, exact, () -> asked.getAndIncrement() >= last))
                    .isInstanceOf(java.util.concurrent.CancellationException.class);
            assertThat(asked.get()).isGreaterThan(last);
        }
    }
}

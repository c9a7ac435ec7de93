package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.solver.ColumnGeneration;
import org.cvxrelu.testing.HabermanLike;
import org.junit.jupiter.api.Test;

/**
 * {@link CvxRelu#withGlobalBound} (issue 14, `solve --global-seconds`): a solve whose pattern budget is too small
 * for the exact arrangement (so its own bound holds over the sampled patterns only) gets a lower bound proven
 * over every pattern. Checked against the optimum from the exact arrangement (an independent solve, and
 * instances/optima.csv): the global bound never exceeds it. {@link CvxRelu#withGlobalSearch} (what the option
 * calls now) first continues a generated answer in r ≤ 5 with every pattern priced by branch and bound; a settled
 * answer is the global optimum, checked against the same optima and against the exact arrangement enumerated and
 * certified cell by cell.
 */
class SolveGlobalBoundTest {
    /** teacher_n30_d2's optimum at β = 0.1, from instances/optima.csv (lower end of its certified bracket). */
    private static final double OPTIMUM_LOW = 0.388425510194;
    private static final double OPTIMUM_HIGH = 0.388425510621;

    @Test
    void sampledSolveGetsAGlobalBoundThatNeverExceedsTheOptimum() {
        Dataset data = CsvDataReader.read(Path.of("instances/teacher_n30_d2.csv"));
        double beta = 0.1;
        // 200 sampled patterns and a budget of 300 so that the exact arrangement "does not fit"
        SolveOptions sampled = SolveOptions.defaults().withPatterns(new PatternOptions(true, 200, 3, 300));
        SolveResult r = CvxRelu.solve(data, beta, sampled);
        assertThat(r.certified()).isFalse();
        assertThat(r.lowerBoundScope()).isNotEqualTo(CvxRelu.GLOBAL_SCOPE);
        SolveResult g = CvxRelu.withGlobalBound(data, beta, r, 20, 1e-6);
        assertThat(g.certified()).isTrue();
        assertThat(g.lowerBoundScope()).isEqualTo(CvxRelu.GLOBAL_SCOPE);
        assertThat(g.lowerBound()).isLessThanOrEqualTo(OPTIMUM_HIGH * (1 + 1e-12));
        assertThat(g.lowerBound()).isLessThanOrEqualTo(g.objective());
        assertThat(g.objective()).isEqualTo(r.objective());
        assertThat(g.relativeGap()).isCloseTo((g.objective() - g.lowerBound()) / g.objective(),
                org.assertj.core.data.Offset.offset(1e-15));
        assertThat(g.stats()).containsKeys("patternLowerBound", "dualConstantBound", "searchNodes");
        assertThat(g.net().info()).containsEntry("lowerBoundScope", CvxRelu.GLOBAL_SCOPE);
        // not converged unless the global gap meets the target
        assertThat(g.converged()).isEqualTo(r.converged() && g.relativeGap() <= 1e-6);
        assertThat(OPTIMUM_LOW).isLessThanOrEqualTo(g.objective() * (1 + 1e-9));
        // a reason that states a certified gap states this one (not the gap over the sampled patterns)
        if (g.reason() != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("certified gap ([0-9.eE+-]+)").matcher(g.reason());
            while (m.find()) {
                assertThat(Double.parseDouble(m.group(1))).isCloseTo(g.relativeGap(),
                        org.assertj.core.data.Percentage.withPercentage(1));
            }
        }
        // what solve --global-seconds calls: sampled patterns are not continued, they get this bound alone
        SolveResult s = CvxRelu.withGlobalSearch(data, beta, sampled, r, 20);
        assertThat(s.objective()).isEqualTo(r.objective());
        assertThat(s.lowerBound()).isEqualTo(g.lowerBound());
        assertThat(s.stats()).doesNotContainKey("globalSearchSeconds");
    }

    @Test
    void standardisedSolveIsBoundedOnTheScaleItRecords() {
        Dataset data = CsvDataReader.read(Path.of("instances/teacher_n30_d2.csv"));
        double beta = 0.1;
        SolveResult exact = CvxRelu.solve(data, beta, SolveOptions.defaults().withStandardize(true));
        assertThat(exact.certified()).isTrue();
        // an exactly certified result is returned as it is
        assertThat(CvxRelu.withGlobalBound(data, beta, exact, 5, 1e-6)).isSameAs(exact);
        SolveResult r = CvxRelu.solve(data, beta, SolveOptions.defaults().withStandardize(true)
                .withPatterns(new PatternOptions(true, 100, 5, 300)));
        SolveResult g = CvxRelu.withGlobalBound(data, beta, r, 20, 1e-6);
        assertThat(g.certified()).isTrue();
        // the exact solve's bracket [lowerBound, objective] contains the optimum on the z-scores
        assertThat(g.lowerBound()).isLessThanOrEqualTo(exact.objective() * (1 + 1e-12));
        assertThat(g.objective()).isGreaterThanOrEqualTo(exact.lowerBound() * (1 - 1e-12));
    }

    @Test
    void generatedSolveIsContinuedToTheCertifiedGlobalOptimum() {
        Dataset data = CsvDataReader.read(Path.of("instances/teacher_n30_d2.csv"));
        double beta = 0.1;
        // exact patterns asked for, but at most 300 of the 872 cells: the patterns are generated
        SolveOptions options = SolveOptions.defaults().withPatterns(new PatternOptions(true, null, 0, 300));
        SolveResult r = CvxRelu.solve(data, beta, options);
        assertThat(r.patterns().mode()).isEqualTo(ColumnGeneration.MODE);
        assertThat(r.certified()).isFalse();

        SolveResult g = CvxRelu.withGlobalSearch(data, beta, options, r, 60);
        assertThat(g.certified()).isTrue();
        assertThat(g.lowerBoundScope()).isEqualTo(CvxRelu.GLOBAL_SCOPE);
        assertThat(g.stats()).containsEntry("globalSearchSettled", true);
        assertThat(g.relativeGap()).isLessThanOrEqualTo(1e-6);
        // the bracket [lowerBound, objective] holds the optimum found by enumerating every cell
        assertThat(g.lowerBound()).isLessThanOrEqualTo(OPTIMUM_HIGH * (1 + 1e-12));
        assertThat(g.objective()).isGreaterThanOrEqualTo(OPTIMUM_LOW * (1 - 1e-12));
        assertThat(g.objective()).isLessThanOrEqualTo(r.objective() * (1 + 1e-12));
        // the objective is L_β of the net it returns, evaluated on the data
        assertThat(g.net().objective(data, beta)).isCloseTo(g.objective(), withinRelative(1e-9));
        assertThat(g.net().info()).containsEntry("lowerBoundScope", CvxRelu.GLOBAL_SCOPE);
        assertThat(g.seconds()).isGreaterThan(r.seconds());
    }

    @Test
    void standardisedSolveReachesTheEnumeratedOptimum() {
        // integer columns with repeats (haberman-like), z-scored by the solve: tens of thousands of cells
        Dataset data = HabermanLike.rows(50, 7);
        double beta = 0.1;
        SolveOptions exactOptions = SolveOptions.defaults().withStandardize(true).withEnumerate(true);
        SolveResult exact = CvxRelu.solve(data, beta, exactOptions);
        assertThat(exact.exact()).isTrue();
        assertThat(exact.certified()).isTrue();

        SolveOptions options = SolveOptions.defaults().withStandardize(true)
                .withPatterns(new PatternOptions(true, null, 0, 1_000));
        SolveResult r = CvxRelu.solve(data, beta, options);
        assertThat(r.patterns().mode()).isEqualTo(ColumnGeneration.MODE);
        SolveResult g = CvxRelu.withGlobalSearch(data, beta, options, r, 60);
        assertThat(g.certified()).isTrue();
        assertThat(g.lowerBoundScope()).isEqualTo(CvxRelu.GLOBAL_SCOPE);
        assertThat(g.stats()).containsEntry("globalSearchSettled", true);
        assertThat(g.relativeGap()).isLessThanOrEqualTo(1e-6);
        // two certified brackets of the same optimum overlap
        assertThat(g.lowerBound()).isLessThanOrEqualTo(exact.objective() * (1 + 1e-12));
        assertThat(exact.lowerBound()).isLessThanOrEqualTo(g.objective() * (1 + 1e-12));
        // on the scale the net records
        InputScaling scaling = g.net().scaling().orElseThrow();
        assertThat(g.net().objective(scaling.apply(data), beta)).isCloseTo(g.objective(), withinRelative(1e-9));
    }

    private static org.assertj.core.data.Percentage withinRelative(double fraction) {
        return org.assertj.core.data.Percentage.withPercentage(100 * fraction);
    }
}

package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a stall on columns in different units (raw 40-row subsets of concrete and airfoil) was blamed on
 * degenerate data; the reason must name the cure, standardisation, from a column spread of 1e2 up.
 */
class ConvergenceDiagnosisTest {
    @Test
    void columnsInDifferentUnitsAskForStandardisation() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 10;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = 4000 * (1 + r.nextDouble()); // a frequency in Hz: RMS about 6e3 against the bias column's 1
            x[k][1] = r.nextGaussian();
            y[k] = r.nextGaussian();
        }
        Dataset raw = Dataset.of(x, y);
        String why = reason(raw);
        assertThat(why).contains("differ in scale").contains("--standardize").contains("feature x1")
                .doesNotContain("degenerate");
        // the same rows standardised: no scale to blame, the generic reason stays
        String std = reason(InputScaling.standardize(raw, true).apply(raw));
        assertThat(std).doesNotContain("--standardize").contains("degenerate");
        // the advice is a whole sentence (it once ended "... or --solver fista may")
        assertThat(std).endsWith("--solver fista may close it");
        // below the threshold (spread about 2e1): not blamed on the units
        for (double[] row : x) {
            row[0] /= 300;
        }
        assertThat(reason(Dataset.of(x, y))).doesNotContain("differ in scale");
    }

    /**
     * A run cut by its time limit names the limit, also when it reports fewer seconds than the limit because its
     * deadline counted from the process's start (full airfoil, sampled, 60 s: 59.96 s, blamed on degenerate data).
     */
    @Test
    void aRunEndedAtItsDeadlineNamesTheTimeLimit() {
        SplittableRandom r = new SplittableRandom(6);
        double[][] x = new double[10][1];
        double[] y = new double[10];
        for (int k = 0; k < 10; k++) {
            x[k][0] = r.nextGaussian();
            y[k] = r.nextGaussian();
        }
        Dataset data = Dataset.of(x, y);
        ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 0.1);
        SolverSettings atDeadline = SolverSettings.defaults().withTimeLimit(60).startClockSecondsAgo(60);
        assertThat(ConvergenceDiagnosis.explain(program, 1.0, 1e-3, atDeadline, 59.96))
                .contains("time limit of 60.0 s was reached").doesNotContain("degenerate");
        SolverSettings nearly = SolverSettings.defaults().withTimeLimit(60).startClockSecondsAgo(58);
        assertThat(ConvergenceDiagnosis.explain(program, 1.0, 1e-3, nearly, 57.5))
                .contains("time limit of 60.0 s was nearly reached").doesNotContain("degenerate");
        // a limit far from used up is not blamed
        SolverSettings early = SolverSettings.defaults().withTimeLimit(60).startClockSecondsAgo(10);
        assertThat(ConvergenceDiagnosis.explain(program, 1.0, 1e-3, early, 9.5)).doesNotContain("time limit");
    }

    private static String reason(Dataset data) {
        ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 0.1);
        return ConvergenceDiagnosis.explain(program, 1.0, 1e-3, SolverSettings.defaults(), 1.0);
    }
}

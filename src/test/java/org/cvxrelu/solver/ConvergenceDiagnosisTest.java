package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.cvxrelu.certify.Pricing;
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

    /**
     * A raw target of scale 1e5 against unit features (β = 0.1) left a generation at gap 0.99999 with only its budget
     * stop as the reason; the answer was far above the optimum, so the tiny-optimum test could not fire. The reason
     * must name β against the target's scale; its z-scores, or the same table with a β of the target's size, must not.
     */
    @Test
    void aBetaNegligibleAgainstTheTargetIsNamed() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 40;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = r.nextGaussian();
            x[k][1] = r.nextGaussian();
            y[k] = 1e5 * (Math.max(x[k][0] - x[k][1], 0) + 0.1 * r.nextGaussian());
        }
        Dataset raw = Dataset.of(x, y);
        // the answer well above the optimum: half of 1/2 |y|^2, not tiny
        double half = 0;
        for (double v : y) {
            half += 0.5 * v * v;
        }
        ConeProgram program = new ConeProgram(raw, Patterns.of(raw, PatternOptions.exact(true)), 0.1);
        String why = ConvergenceDiagnosis.explain(program, 0.5 * half, 0.9, SolverSettings.defaults(), 1.0);
        assertThat(why).contains("weight decay is negligible").contains("--standardize").doesNotContain("only");
        Dataset std = InputScaling.standardize(raw, true).apply(raw);
        ConeProgram z = new ConeProgram(std, Patterns.of(std, PatternOptions.exact(true)), 0.1);
        assertThat(ConvergenceDiagnosis.explain(z, 10, 0.9, SolverSettings.defaults(), 1.0))
                .doesNotContain("negligible");
        ConeProgram large = new ConeProgram(raw, Patterns.of(raw, PatternOptions.exact(true)), 1e5);
        assertThat(ConvergenceDiagnosis.explain(large, 0.5 * half, 0.9, SolverSettings.defaults(), 1.0))
                .doesNotContain("negligible");
    }

    /**
     * The lower value of c(y) the cause uses is never above c(y): against the largest price over every pattern of
     * the exact arrangement (Pricing, another computation), on seeded tables, and at least ‖X̃ᵀy‖/2.
     */
    @Test
    void theCorrelationLowerValueIsBelowTheExactConstant() {
        SplittableRandom r = new SplittableRandom(8);
        for (int t = 0; t < 40; t++) {
            int n = 8 + r.nextInt(20);
            int d = 1 + r.nextInt(3);
            double[][] x = new double[n][d];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                for (int c = 0; c < d; c++) {
                    x[k][c] = r.nextGaussian() * (1 + 5 * r.nextDouble());
                }
                y[k] = r.nextGaussian() + (t % 2) * 3;
            }
            Dataset data = Dataset.of(x, y);
            ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 0.1);
            double exact = Pricing.price(program, y, 0).c();
            double low = ConvergenceDiagnosis.correlationLowerValue(program.design(), y, false);
            assertThat(low).isLessThanOrEqualTo(exact * (1 + 1e-12));
            double[] xty = new double[d + 1];
            for (int k = 0; k < n; k++) {
                for (int c = 0; c <= d; c++) {
                    xty[c] += y[k] * program.design()[k][c];
                }
            }
            double norm = 0;
            for (double v : xty) {
                norm += v * v;
            }
            assertThat(low).isGreaterThanOrEqualTo(0.5 * Math.sqrt(norm) * (1 - 1e-12));
            // with output weights α ≥ 0 the constant is c⁺ = max g: its lower value is below Pricing's c⁺
            ConeProgram plus = new ConeProgram(data, program.patterns(), 0.1, true);
            double exactPlus = Pricing.price(plus, y, 0).c();
            assertThat(ConvergenceDiagnosis.correlationLowerValue(plus.design(), y, true))
                    .isLessThanOrEqualTo(exactPlus * (1 + 1e-12) + 1e-12);
        }
    }

    private static String reason(Dataset data) {
        ConeProgram program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 0.1);
        return ConvergenceDiagnosis.explain(program, 1.0, 1e-3, SolverSettings.defaults(), 1.0);
    }
}

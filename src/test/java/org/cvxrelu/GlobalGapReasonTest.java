package org.cvxrelu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * A reason written for the gap over an answer's patterns is restated when a global bound replaces that gap
 * ({@code solve --global-seconds}): a continued generation that ended at its clock reported a global gap of 9.77e-05
 * beside a reason that said "certified gap 9.07e-01 is above the target" (the gap over its generated patterns).
 */
class GlobalGapReasonTest {
    private static final String PATTERN_REASON = "pattern generation priced by branch and bound ended unsettled (the "
            + "time limit): optimal over the 423 patterns found only to the gap shown; certified gap 9.07e-01 is above "
            + "the target 1.0e-06: the time limit of 45.0 s was reached";

    @Test
    void theGapTheReasonStatesIsTheAnswersGap() {
        String above = CvxRelu.withGlobalGap(PATTERN_REASON, 9.77e-5, 1e-6);
        assertThat(statedGaps(above)).containsExactly(9.77e-5);
        assertThat(above).contains("over the patterns alone 9.07e-01").contains("the time limit of 45.0 s was reached")
                .startsWith("pattern generation priced by branch and bound ended unsettled");
        // a global bound that meets the target: the reason no longer says the gap is above it
        String within = CvxRelu.withGlobalGap(PATTERN_REASON, 4e-7, 1e-6);
        assertThat(statedGaps(within)).isEmpty();
        assertThat(within).doesNotContain("is above the target").contains("closes it to 4.00e-07");
        // the sampled path's "over all patterns" form is restated too
        String sampled = CvxRelu.withGlobalGap("certified gap 3.00e-02 over all patterns is above the target 1.0e-06: the "
                + "200 sampled patterns are solved to the target", 2e-3, 1e-6);
        assertThat(statedGaps(sampled)).containsExactly(2e-3);
        // a reason without the diagnosis's opening is kept as it is
        String other = "the global lower bound (branch and bound, 10.0 s) leaves a gap of 0.5";
        assertThat(CvxRelu.withGlobalGap(other, 0.5, 1e-6)).isEqualTo(other);
    }

    /** The figures a reason gives as "certified gap G". */
    static java.util.List<Double> statedGaps(String reason) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("certified gap ([0-9.eE+-]+)").matcher(reason);
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }
}

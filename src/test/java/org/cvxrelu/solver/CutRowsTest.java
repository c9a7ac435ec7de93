package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternSet;
import org.junit.jupiter.api.Test;

/**
 * The cut rounds of the working-set loop ({@link WorkingSetSolver#addViolatedRows}) add a block's most violated
 * cone rows, at most {@link WorkingSetSolver#CUT_ROWS_MAX} of them, and at most r for a block that counts as zero:
 * on a 1-D table the violated rows and their violations are known in closed form.
 */
class CutRowsTest {

    @Test
    void aBlockGetsItsMostViolatedRowsAndANearZeroBlockOnlyR() {
        int n = 200;
        double[][] x = new double[n][1];
        for (int k = 0; k < n; k++) {
            x[k][0] = (k + 0.5) / n - 0.5; // distinct, symmetric about 0
        }
        Dataset data = Dataset.of(x, new double[n]);
        // both patterns: the rows with x > 0 active, i.e. the cell of u = (1, 0); x̃ = (x, 1)
        long[] mask = new long[(n + 63) / 64];
        for (int k = 0; k < n; k++) {
            if (x[k][0] > 0) {
                mask[k >>> 6] |= 1L << (k & 63);
            }
        }
        PatternSet patterns = PatternSet.of(n, 2, true, false, List.of(mask, mask.clone()),
                List.of(new double[] {1, 0}, new double[] {1, 0}), "generated patterns");
        ConeProgram program = new ConeProgram(data, patterns, 0.1);
        int[] before0 = program.solverRows(0);
        int[] before1 = program.solverRows(1);
        // w = (1, 0.45): x + 0.45 > 0 on the inactive rows with x in (−0.45, 0]: 90 rows violated, by x + 0.45,
        // most at x near 0
        double[] w = {1, 0.45};
        double[] tiny = {1e-9, 0.45e-9}; // below ZERO_BLOCK of the largest block: counts as zero
        boolean added = WorkingSetSolver.addViolatedRows(program, List.of(new Group(0, 1), new Group(1, 1)),
                new double[][] {w, tiny});
        assertThat(added).isTrue();

        List<Integer> violated = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (x[k][0] <= 0 && x[k][0] + 0.45 > 0) {
                violated.add(k);
            }
        }
        assertThat(violated).hasSize(90);
        // the most violated: the largest x among them (x + 0.45 largest), i.e. the last indices
        List<Integer> expected = violated.subList(violated.size() - WorkingSetSolver.CUT_ROWS_MAX, violated.size());
        // (a row the description had already, a facet, is not new)
        assertThat(newRows(before0, program.solverRows(0))).containsExactlyElementsOf(
                newRows(before0, expected.stream().mapToInt(Integer::intValue).toArray()));
        assertThat(newRows(before1, program.solverRows(1))).containsExactlyElementsOf(
                newRows(before1, new int[] {violated.get(88), violated.get(89)}));
        assertThat(newRows(before0, program.solverRows(0))).hasSizeGreaterThan(60);
    }

    private static List<Integer> newRows(int[] before, int[] after) {
        List<Integer> out = new ArrayList<>();
        for (int k : after) {
            if (Arrays.stream(before).noneMatch(b -> b == k)) {
                out.add(k);
            }
        }
        return out;
    }
}

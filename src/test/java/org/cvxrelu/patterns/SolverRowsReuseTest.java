package org.cvxrelu.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * {@link PatternSet#reuseSolverRows}: a set grown by appending patterns takes over the rows worked out for the
 * patterns it shares (same index, same mask) and works out the others; a pattern whose mask differs is not
 * taken over.
 */
class SolverRowsReuseTest {
    private static final double[][] X = {{1, 0, 1}, {0, 1, 1}, {-1, -1, 1}, {2, -1, 1}};

    @Test
    void aGrownSetReusesTheRowsOfTheSharedPatternsOnly() {
        long[] a = {0b0011L};
        long[] b = {0b0101L};
        long[] c = {0b1001L};
        double[] w = {1, 1, 1};
        PatternSet first = PatternSet.of(4, 3, true, false, List.of(a, b), List.of(w, w), "generated patterns");
        AtomicInteger calls = new AtomicInteger();
        int[] rowsA = first.solverRows(0, X, rows -> {
            calls.incrementAndGet();
            return new int[] {0, 2};
        });
        assertThat(rowsA).containsExactly(0, 2);

        PatternSet grown = PatternSet.of(4, 3, true, false, List.of(a, b, c), List.of(w, w, w), "generated patterns");
        grown.reuseSolverRows(first);
        assertThat(grown.solverRows(0, X, rows -> {
            calls.incrementAndGet();
            return rows;
        })).containsExactly(0, 2);
        assertThat(calls.get()).isEqualTo(1); // taken over, not worked out again
        // pattern 1 was never worked out in the first set, and pattern 2 is new: both are worked out now
        assertThat(grown.solverRows(1, X, rows -> {
            calls.incrementAndGet();
            return rows;
        })).containsExactly(0, 1, 2, 3);
        assertThat(calls.get()).isEqualTo(2);

        // a set whose pattern 0 has another mask does not take the rows over
        PatternSet other = PatternSet.of(4, 3, true, false, List.of(c, b), List.of(w, w), "generated patterns");
        other.reuseSolverRows(first);
        assertThat(other.solverRows(0, X, rows -> rows)).containsExactly(0, 1, 2, 3);
    }
}

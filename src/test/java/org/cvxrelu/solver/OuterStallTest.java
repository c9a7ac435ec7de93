package org.cvxrelu.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The working-set loop's stop for no progress ({@link WorkingSetSolver#stalled}): over the last
 * {@link WorkingSetSolver#STALL_WINDOW} outer iterations neither the best certified gap halved nor the best objective
 * fell by {@link WorkingSetSolver#STALL_GAIN} (relative). The lists hold the best so far after each outer iteration.
 */
class OuterStallTest {

    private static List<Double> constant(int n, double v) {
        List<Double> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(v);
        }
        return out;
    }

    @Test
    void aLoopAtOneGapAndObjectiveStopsOnlyAfterTheWholeWindow() {
        int w = WorkingSetSolver.STALL_WINDOW;
        assertThat(WorkingSetSolver.stalled(constant(w, 0.999), constant(w, 1600.0))).isFalse();
        assertThat(WorkingSetSolver.stalled(constant(w + 1, 0.999), constant(w + 1, 1600.0))).isTrue();
    }

    @Test
    void aHalvedGapOrAnObjectiveLowerByTheGainIsProgress() {
        int w = WorkingSetSolver.STALL_WINDOW;
        // the gap halves exactly over the window: progress
        List<Double> gaps = constant(w + 1, 0.8);
        gaps.set(w, 0.4);
        assertThat(WorkingSetSolver.stalled(gaps, constant(w + 1, 1600.0))).isFalse();
        // just short of halving: none
        gaps.set(w, 0.41);
        assertThat(WorkingSetSolver.stalled(gaps, constant(w + 1, 1600.0))).isTrue();
        // the objective falls by more than the gain (1600 -> 1583, 1.06 %): progress; by less (1590, 0.6 %): none
        List<Double> objectives = constant(w + 1, 1600.0);
        objectives.set(w, 1583.0);
        assertThat(WorkingSetSolver.stalled(constant(w + 1, 0.999), objectives)).isFalse();
        objectives.set(w, 1590.0);
        assertThat(WorkingSetSolver.stalled(constant(w + 1, 0.999), objectives)).isTrue();
    }

    @Test
    void onlyTheLastWindowCounts() {
        int w = WorkingSetSolver.STALL_WINDOW;
        // large progress early, then a whole window without: stopped
        List<Double> gaps = new ArrayList<>(List.of(1.0, 1e-1, 1e-2));
        gaps.addAll(constant(w, 1e-2));
        List<Double> objectives = new ArrayList<>(List.of(100.0, 50.0, 40.0));
        objectives.addAll(constant(w, 40.0));
        assertThat(WorkingSetSolver.stalled(gaps, objectives)).isTrue();
        // the same with the last step halving the gap: not stopped
        gaps.set(gaps.size() - 1, 4e-3);
        assertThat(WorkingSetSolver.stalled(gaps, objectives)).isFalse();
    }
}

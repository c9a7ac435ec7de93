package org.cvxrelu.solver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConeProjection;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;

/**
 * Merges blocks that describe one neuron split across patterns: two blocks of the same output sign whose
 * directions are positively colinear and which lie in a common closed cone K_i. Inside K_i the fit is
 * linear (D_iX̃(w + w') = D_iX̃w + D_iX̃w') and ‖w + w'‖ = ‖w‖ + ‖w'‖ for colinear vectors, so the merged
 * block has the same fit and the same penalty: the objective is unchanged and the net gets minimal.
 */
public final class ColinearBlocks {
    /** Directions within this angle (1 − cos) count as colinear. */
    static final double COLINEAR = 1e-9;

    private ColinearBlocks() {
    }

    public static ConvexSolution merge(ConeProgram program, ConvexSolution w) {
        List<Map.Entry<Group, double[]>> blocks = new ArrayList<>(w.blocks().entrySet());
        boolean[] used = new boolean[blocks.size()];
        Map<Group, double[]> out = new LinkedHashMap<>();
        for (int a = 0; a < blocks.size(); a++) {
            if (used[a]) {
                continue;
            }
            Group ga = blocks.get(a).getKey();
            double[] sum = blocks.get(a).getValue().clone();
            for (int b = a + 1; b < blocks.size(); b++) {
                Group gb = blocks.get(b).getKey();
                double[] wb = blocks.get(b).getValue();
                if (used[b] || ga.sign() != gb.sign() || !colinear(sum, wb)) {
                    continue;
                }
                double tol = 1e-9 * norm(wb);
                if (program.coneSlack(ga.pattern(), wb) >= -tol) {
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += wb[j];
                    }
                    used[b] = true;
                }
            }
            if (program.coneSlack(ga.pattern(), sum) < 0) {
                // within rounding of the cone: put it exactly inside, so that ψ keeps L_β = P_c
                sum = ConeProjection.project(program.design(), program.patterns().mask(ga.pattern()), sum).projection();
            }
            out.put(ga, sum);
        }
        return new ConvexSolution(out);
    }

    private static boolean colinear(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int j = 0; j < a.length; j++) {
            ab += a[j] * b[j];
            aa += a[j] * a[j];
            bb += b[j] * b[j];
        }
        return ab > 0 && 1 - ab / Math.sqrt(aa * bb) <= COLINEAR;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

package org.cvxrelu.patterns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * An independent cell count for tiny arrangements: every sign vector σ ∈ {±1}^n over the nonzero rows is
 * tested with a linear program, max t s.t. σ_k x̃_kᵀu ≥ t, −1 ≤ u ≤ 1; σ is a full-dimensional cell iff
 * t* &gt; 0. Exponential in n (use n ≤ 11), and shares no code with the enumerator.
 */
final class BruteForceCells {
    private BruteForceCells() {
    }

    /** The activation patterns (as '0'/'1' strings over all rows) of all cells. */
    static Set<String> patterns(double[][] design) {
        int n = design.length;
        int r = design[0].length;
        List<Integer> nonzero = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            for (double v : design[k]) {
                if (v != 0) {
                    nonzero.add(k);
                    break;
                }
            }
        }
        int m = nonzero.size();
        Set<String> out = new HashSet<>();
        for (long code = 0; code < (1L << m); code++) {
            ExpressionsBasedModel model = new ExpressionsBasedModel();
            Variable[] u = new Variable[r];
            for (int j = 0; j < r; j++) {
                u[j] = model.addVariable("u" + j).lower(-1).upper(1);
            }
            Variable t = model.addVariable("t").lower(-1).upper(1).weight(1);
            for (int a = 0; a < m; a++) {
                double sigma = ((code >>> a) & 1) == 1 ? 1 : -1;
                Expression e = model.addExpression("c" + a).lower(0);
                for (int j = 0; j < r; j++) {
                    e.set(u[j], sigma * design[nonzero.get(a)][j]);
                }
                e.set(t, -1);
            }
            Optimisation.Result res = model.maximise();
            if (res.getState().isFeasible() && res.getValue() > 1e-9) {
                char[] bits = new char[n];
                java.util.Arrays.fill(bits, '1'); // zero rows: 0 ≥ 0, always active
                for (int a = 0; a < m; a++) {
                    bits[nonzero.get(a)] = ((code >>> a) & 1) == 1 ? '1' : '0';
                }
                out.add(new String(bits));
            }
        }
        return out;
    }
}

package org.cvxrelu.optimal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.cone.ConvexSolution;
import org.cvxrelu.cone.Group;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternSet;

/**
 * φ (net → convex), the inverse of ψ on minimal nets: each neuron (u_j, α_j) goes to the group (i, sign α_j)
 * of a closed cone K_i that holds u_j, and the block w_(i,s) is the sum of |α_j| u_j over its neurons.
 *
 * <p>The cone is the cell pattern 1[X̃u_j ≥ 0] when that pattern is in the program's set and its cone holds
 * u_j; for a u_j on a cell boundary whose pattern is not a cell, the pattern of largest slack among those whose
 * closed cone holds u_j (a scan). Inside a closed cone D_iX̃u = (X̃u)₊ is linear in u, so the fit of φ(θ) is
 * the output of θ, and ‖Σ|α_j|u_j‖ ≤ Σ|α_j|‖u_j‖ ≤ ½Σ(‖u_j‖² + α_j²): P_c(φ(θ)) ≤ L_β(θ) always, with
 * equality for scaled nets whose same-cone neurons are colinear, and φ(ψ(W)) = W for W whose blocks lie in
 * the interior of their cones (a block on a boundary may move to a neighbouring group with the same fit).
 */
public final class NetToConvex {
    private NetToConvex() {
    }

    public static ConvexSolution phi(ConeProgram program, ReluNet net) {
        return phiIfCovered(program, net).orElseThrow(() -> new IllegalArgumentException(
                "no pattern of the set has a closed cone holding some neuron of the net (sampled patterns?)"));
    }

    /**
     * φ(net) when every neuron lies in the closed cone of some pattern of the program's set; empty otherwise.
     * With exact patterns that is every net; a sampled set may miss the cell of a neuron, e.g. one that
     * {@link Pruning} merged from two neurons on the boundary of a cell that was not sampled.
     */
    public static java.util.Optional<ConvexSolution> phiIfCovered(ConeProgram program, ReluNet net) {
        PatternSet ps = program.patterns();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ps.size(); i++) {
            index.put(Arrays.toString(ps.mask(i)), i);
        }
        TreeMap<Group, double[]> blocks = new TreeMap<>();
        for (Neuron nu : net.neurons()) {
            double a = Math.abs(nu.alpha());
            double[] u = nu.u();
            if (a == 0 || Linear.norm(u) == 0) {
                continue;
            }
            int i = coneOf(program, index, u);
            if (i < 0) {
                return java.util.Optional.empty();
            }
            int s = nu.alpha() > 0 ? 1 : -1;
            if (s < 0 && program.nonnegativeOutput()) {
                throw new IllegalArgumentException("negative output weight in a nonnegative-output program");
            }
            double[] w = blocks.computeIfAbsent(new Group(i, s), g -> new double[u.length]);
            for (int j = 0; j < u.length; j++) {
                w[j] += a * u[j];
            }
        }
        return java.util.Optional.of(new ConvexSolution(blocks));
    }

    /** A pattern index whose closed cone holds u (to rounding), or −1. */
    static int coneOf(ConeProgram program, Map<String, Integer> index, double[] u) {
        double tol = 1e-9 * Linear.norm(u) * maxRowNorm(program.design());
        long[] mask = PatternSet.maskOf(program.design(), u);
        Integer i = index.get(Arrays.toString(mask));
        if (i != null && program.coneSlack(i, u) >= -tol) {
            return i;
        }
        int best = -1;
        double bestSlack = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < program.patterns().size(); p++) {
            double s = program.coneSlack(p, u);
            if (s >= -tol && s > bestSlack) {
                bestSlack = s;
                best = p;
            }
        }
        return best;
    }

    private static double maxRowNorm(double[][] x) {
        double m = 0;
        for (double[] row : x) {
            m = Math.max(m, Linear.norm(row));
        }
        return m;
    }
}

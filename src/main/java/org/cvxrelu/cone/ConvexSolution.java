package org.cvxrelu.cone;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;

/**
 * A point W of the convex program: the non-zero blocks, each a group (pattern, sign) and its vector.
 * Blocks not listed are zero.
 */
public final class ConvexSolution {
    private final TreeMap<Group, double[]> blocks;

    public ConvexSolution(Map<Group, double[]> blocks) {
        this.blocks = new TreeMap<>();
        for (Map.Entry<Group, double[]> e : blocks.entrySet()) {
            if (norm(e.getValue()) > 0) {
                this.blocks.put(e.getKey(), e.getValue().clone());
            }
        }
    }

    public static ConvexSolution zero() {
        return new ConvexSolution(Map.of());
    }

    /** The non-zero blocks, ordered by group (read-only view; vectors are copies on request). */
    public Map<Group, double[]> blocks() {
        TreeMap<Group, double[]> copy = new TreeMap<>();
        blocks.forEach((g, w) -> copy.put(g, w.clone()));
        return Collections.unmodifiableMap(copy);
    }

    public List<Group> support() {
        return List.copyOf(blocks.keySet());
    }

    public double[] block(Group g) {
        double[] w = blocks.get(g);
        return w == null ? null : w.clone();
    }

    /** ‖W‖₀: the number of non-zero blocks. */
    public int cardinality() {
        return blocks.size();
    }

    /** ŷ = Σ_i D_i X̃ (v_i − w_i). */
    public double[] fit(ConeProgram program) {
        double[] f = new double[program.n()];
        blocks.forEach((g, w) -> program.addFit(g, w, f));
        return f;
    }

    /** Σ ‖w_g‖ over the blocks (the group-ℓ2 norm). */
    public double groupNorm() {
        double s = 0;
        for (double[] w : blocks.values()) {
            s += norm(w);
        }
        return s;
    }

    /** P_c(W) = ½ ‖ŷ − y‖² + β Σ ‖w_g‖. */
    public double objective(ConeProgram program) {
        double[] f = fit(program);
        double[] y = program.y();
        double loss = 0;
        for (int k = 0; k < f.length; k++) {
            double e = f[k] - y[k];
            loss += e * e;
        }
        return 0.5 * loss + program.beta() * groupNorm();
    }

    /** The largest constraint violation max_g max(0, −min((2D_i − I)X̃w_g)) (0 when W is feasible). */
    public double infeasibility(ConeProgram program) {
        double worst = 0;
        for (Map.Entry<Group, double[]> e : blocks.entrySet()) {
            worst = Math.max(worst, -program.coneSlack(e.getKey().pattern(), e.getValue()));
        }
        return worst;
    }

    /**
     * ψ (SPEC.md): each non-zero block w_g gives the neuron (w_g / √‖w_g‖, sign · √‖w_g‖). For feasible W,
     * L_β(ψ(W)) = P_c(W): inside K_i, D_i X̃ w = (X̃w)₊, and ‖u‖² + α² = 2‖w‖.
     */
    public ReluNet toNet(ConeProgram program) {
        List<Neuron> neurons = new ArrayList<>();
        blocks.forEach((g, w) -> {
            double nw = norm(w);
            double s = Math.sqrt(nw);
            double[] u = new double[w.length];
            for (int j = 0; j < w.length; j++) {
                u[j] = w[j] / s;
            }
            neurons.add(new Neuron(u, g.sign() * s));
        });
        return new ReluNet(program.bias(), program.beta(), neurons);
    }

    static double norm(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}

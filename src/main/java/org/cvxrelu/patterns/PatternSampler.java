package org.cvxrelu.patterns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Sampled activation patterns: draw N gate vectors u ~ N(0, I_r), keep the distinct patterns
 * 1[X̃u ≥ 0] in the order they first appear, each with its u as witness. The same seed gives the same set.
 */
public final class PatternSampler {
    private PatternSampler() {
    }

    public static PatternSet sample(double[][] design, boolean bias, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be positive");
        }
        int n = design.length;
        int r = n == 0 ? (bias ? 1 : 0) : design[0].length;
        SplittableRandom rng = new SplittableRandom(seed);
        Set<List<Long>> seen = new HashSet<>();
        List<long[]> masks = new ArrayList<>();
        List<double[]> witnesses = new ArrayList<>();
        for (int s = 0; s < samples; s++) {
            double[] u = new double[r];
            for (int j = 0; j < r; j++) {
                u[j] = rng.nextGaussian();
            }
            long[] mask = PatternSet.maskOf(design, u);
            List<Long> key = new ArrayList<>(mask.length);
            for (long w : mask) {
                key.add(w);
            }
            if (seen.add(key)) {
                masks.add(mask);
                witnesses.add(u);
            }
        }
        return new PatternSet(n, r, bias, false, masks, witnesses, "sampled", seed, samples);
    }
}

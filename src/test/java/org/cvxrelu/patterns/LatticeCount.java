package org.cvxrelu.patterns;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exact, independent cell count for central arrangements too large for {@link WhitneyCount}: Zaslavsky's
 * theorem over the intersection lattice L(A), c(A) = Σ_{X ∈ L} |μ(V, X)|, with the Möbius function
 * μ(V, V) = 1, μ(V, X) = −Σ_{V ≤ Y &lt; X} μ(V, Y). A flat is named by the set of hyperplanes containing it;
 * flats of rank k + 1 are the closures of a rank-k flat with one more hyperplane. Exact ranks as in
 * {@link WhitneyCount} (rows as primitive integer vectors, fraction-free elimination). Polynomial in the
 * number of flats: fine for a few dozen hyperplanes in rank ≤ 4.
 */
final class LatticeCount {
    private LatticeCount() {
    }

    static long cells(double[][] design) {
        List<BigInteger[]> h = WhitneyCount.distinctHyperplanes(design);
        int m = h.size();
        // flats by rank, each with its hyperplane set and an echelon basis of its normals
        Map<BitSet, List<BigInteger[]>> all = new LinkedHashMap<>();
        all.put(new BitSet(), new ArrayList<>());
        Map<BitSet, List<BigInteger[]>> level = new HashMap<>(all);
        while (!level.isEmpty()) {
            Map<BitSet, List<BigInteger[]>> next = new HashMap<>();
            for (Map.Entry<BitSet, List<BigInteger[]>> e : level.entrySet()) {
                for (int j = 0; j < m; j++) {
                    if (e.getKey().get(j)) {
                        continue;
                    }
                    List<BigInteger[]> basis = new ArrayList<>(e.getValue());
                    basis.add(WhitneyCount.reduce(h.get(j), e.getValue()));
                    BitSet closure = new BitSet();
                    for (int i = 0; i < m; i++) {
                        if (WhitneyCount.isZero(WhitneyCount.reduce(h.get(i), basis))) {
                            closure.set(i);
                        }
                    }
                    if (!all.containsKey(closure) && !next.containsKey(closure)) {
                        next.put(closure, basis);
                    }
                }
            }
            all.putAll(next);
            level = next;
        }
        // Möbius function from the bottom (V, the empty set) up; flats were added in order of rank
        List<BitSet> flats = new ArrayList<>(all.keySet());
        long[] mu = new long[flats.size()];
        long total = 0;
        for (int x = 0; x < flats.size(); x++) {
            if (x == 0) {
                mu[x] = 1;
            } else {
                long s = 0;
                BitSet fx = flats.get(x);
                for (int y = 0; y < x; y++) {
                    BitSet fy = flats.get(y);
                    if (fy.cardinality() < fx.cardinality()) {
                        BitSet and = (BitSet) fy.clone();
                        and.andNot(fx);
                        if (and.isEmpty()) {
                            s += mu[y];
                        }
                    }
                }
                mu[x] = -s;
            }
            total += Math.abs(mu[x]);
        }
        return total;
    }
}

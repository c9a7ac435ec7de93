package org.cvxrelu.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classes of equal rows of a matrix, where tables with integer-valued columns repeat rows: the branch and bound
 * bounds a repeated row's units as one ({@code certify.GlobalBound}), the interior-point method fits it as one
 * ({@code solver.ipm.GroupLassoQp}).
 */
public final class EqualRows {
    private EqualRows() {
    }

    /**
     * cls[k] = the class of row k, classes numbered 0, 1, … by their first row. Rows are equal when their doubles
     * are, as {@link Arrays#equals(double[], double[])} compares them (−0 and +0 differ, NaN equals NaN), and
     * every membership vector holds both or neither (equal rows whose memberships differ fall in different classes,
     * one per membership).
     *
     * @param memberships boolean vectors over the rows (e.g. each pattern's activity); none for plain equality
     */
    public static int[] classes(double[][] rows, boolean[][] memberships) {
        int n = rows.length;
        int[] cls = new int[n];
        Map<Key, List<Integer>> seen = new HashMap<>(); // the classes of each distinct row
        List<Integer> firstOf = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<Integer> candidates = seen.computeIfAbsent(new Key(rows[k]), key -> new ArrayList<>());
            int found = -1;
            for (int c : candidates) {
                int f = firstOf.get(c);
                boolean same = true;
                for (boolean[] member : memberships) {
                    same &= member[k] == member[f];
                }
                if (same) {
                    found = c;
                    break;
                }
            }
            if (found < 0) {
                found = firstOf.size();
                firstOf.add(k);
                candidates.add(found);
            }
            cls[k] = found;
        }
        return cls;
    }

    /** The number of distinct rows (their doubles compared as {@link #classes} does, with no memberships). */
    public static int count(double[][] rows) {
        return count(classes(rows, new boolean[0][]));
    }

    /** The number of classes of a {@link #classes} answer (they are numbered 0, 1, … in order). */
    public static int count(int[] classes) {
        int count = 0;
        for (int c : classes) {
            count = Math.max(count, c + 1);
        }
        return count;
    }

    /** A row as a hash key, compared as {@link Arrays#equals(double[], double[])} does. */
    private record Key(double[] row) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(row, k.row);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(row);
        }
    }
}

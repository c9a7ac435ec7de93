package org.cvxrelu.patterns;

/** Sign vectors as bit sets (bit set = positive side). */
final class SignVectors {
    private SignVectors() {
    }

    /**
     * The sign vector over k hyperplanes from the sign vector over their coincidence groups: hyperplane a
     * lies in group {@code group[a]}, with normal ± the group's ({@code orient[a]}), so its bit is the group's
     * bit when oriented alike and the complement otherwise.
     */
    static long[] expand(long[] groupSigns, int[] group, int[] orient, int k) {
        long[] full = new long[Math.max(1, (k + 63) >>> 6)];
        for (int a = 0; a < k; a++) {
            int grp = group[a];
            boolean pos = (groupSigns[grp >>> 6] & (1L << (grp & 63))) != 0;
            if (pos == (orient[a] > 0)) {
                full[a >>> 6] |= 1L << (a & 63);
            }
        }
        return full;
    }
}

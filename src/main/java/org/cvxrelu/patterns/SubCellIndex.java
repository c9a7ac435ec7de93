package org.cvxrelu.patterns;

import java.util.List;

/**
 * The sub-cells of one split of deletion–restriction (the cells of the restriction to H_k, few) by their sign vectors
 * over hyperplanes 0 … k−1, for the pass over the cells (many) that finds which cells H_k cuts: an open-addressing
 * table of sub-cell indices, probed with a cell's sign vector as it is (no key object). Those sign vectors lie in their
 * first ⌈k/64⌉ words, which alone are hashed and compared. Used by the splits of {@link FloatArrangement} and
 * {@link ExactArrangement}.
 */
final class SubCellIndex {
    private final List<long[]> signs;
    private final int used;
    private final int[] table; // sub-cell index + 1, 0 = empty
    private final int mask;

    /** The index of the sub-cells with sign vectors {@code signs} over hyperplanes 0 … k−1. */
    SubCellIndex(List<long[]> signs, int k) {
        this.signs = signs;
        this.used = (k + 63) >>> 6;
        int m = signs.size();
        int capacity = Integer.highestOneBit(Math.max(4, m) * 2) * 2;
        this.table = new int[capacity];
        this.mask = capacity - 1;
        for (int c = 0; c < m; c++) {
            int slot = hash(signs.get(c), used) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = c + 1;
        }
    }

    /** The sub-cell whose sign vector is the first ⌈k/64⌉ words of {@code sv}, or −1 (H_k does not cut that cell). */
    int indexOf(long[] sv) {
        for (int slot = hash(sv, used) & mask, t; (t = table[slot]) != 0; slot = (slot + 1) & mask) {
            if (sameSigns(signs.get(t - 1), sv, used)) {
                return t - 1;
            }
        }
        return -1;
    }

    /** A hash of the first {@code used} words of a sign vector (mixed: sign vectors differ in few bits). */
    private static int hash(long[] bits, int used) {
        long h = 0;
        for (int i = 0; i < used; i++) {
            h = (h ^ bits[i]) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        return (int) (h ^ (h >>> 32));
    }

    private static boolean sameSigns(long[] a, long[] b, int used) {
        for (int i = 0; i < used; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
}

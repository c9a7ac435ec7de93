package org.cvxrelu.patterns;

/**
 * A set of sign vectors (masks of equal length) with a membership test for a mask with some bits flipped,
 * m ⊕ f, computed without building it: open addressing over one table of (hash, mask index) pairs, the masks
 * kept in their own arrays. The facet test of a pattern asks it once per hyperplane (hundreds of thousands of
 * patterns × n hyperplanes), and most answers are "no"; a {@code HashSet} of boxed keys spent most of that time on
 * the pointer chain (table → node → key → array), this one reads the table slot, and the mask only when the hashes
 * agree.
 */
final class MaskIndex {
    private final long[][] masks;
    /**
     * Per slot: the mask's full 32-bit hash in the high half and its index + 1 in the low half (0 = empty), so a
     * probe that meets another mask is told apart by the hash, without reading that mask.
     */
    private final long[] table;
    private final int mask;

    MaskIndex(long[][] masks) {
        this.masks = masks;
        int size = Integer.highestOneBit(Math.max(2, masks.length * 2 - 1)) << 1;
        this.table = new long[size];
        this.mask = size - 1;
        for (int i = 0; i < masks.length; i++) {
            int h = hash(masks[i], null);
            int slot = h & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = ((long) h << 32) | (i + 1L);
        }
    }

    /** Whether m ⊕ flip is one of the masks ({@code flip} null: m itself). */
    boolean contains(long[] m, long[] flip) {
        return indexOf(m, flip) >= 0;
    }

    /** The index of m ⊕ flip among the masks ({@code flip} null: m itself), or −1. */
    int indexOf(long[] m, long[] flip) {
        int h = hash(m, flip);
        int slot = h & mask;
        for (long e = table[slot]; e != 0; e = table[slot]) {
            int i = (int) e - 1;
            if ((int) (e >>> 32) == h && equal(masks[i], m, flip)) {
                return i;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private static boolean equal(long[] a, long[] m, long[] flip) {
        for (int w = 0; w < a.length; w++) {
            if (a[w] != (flip == null ? m[w] : m[w] ^ flip[w])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The hash of m ⊕ flip ({@code flip} null: of m), mixed because sign vectors differ in few bits; {@link BitKey}
     * hashes with it too.
     */
    static int hash(long[] m, long[] flip) {
        long h = 0;
        for (int w = 0; w < m.length; w++) {
            long b = flip == null ? m[w] : m[w] ^ flip[w];
            h = (h ^ b) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        return (int) (h ^ (h >>> 32));
    }
}

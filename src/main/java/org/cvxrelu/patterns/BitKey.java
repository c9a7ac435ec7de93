package org.cvxrelu.patterns;

import java.util.Arrays;

/** A sign vector (one bit per hyperplane) as a hash key. */
record BitKey(long[] bits) {
    @Override
    public boolean equals(Object o) {
        return o instanceof BitKey other && Arrays.equals(bits, other.bits);
    }

    @Override
    public int hashCode() {
        long h = 0;
        for (long b : bits) {
            h = (h ^ b) * 0x9E3779B97F4A7C15L; // mixed: sign vectors differ in few bits
            h ^= h >>> 29;
        }
        return (int) (h ^ (h >>> 32));
    }
}

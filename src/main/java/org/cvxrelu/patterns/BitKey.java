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
        return MaskIndex.hash(bits, null);
    }
}

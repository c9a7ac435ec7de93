package org.cvxrelu.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/** A named way of damaging (or oddly reshaping) a file's bytes; the name says which kind of input failed. */
record Mutation(String name, Op op) {
    /** The operation itself: a new byte array from a seed file and a random source. */
    interface Op {
        byte[] apply(byte[] seed, SplittableRandom rnd);
    }

    byte[] apply(byte[] seed, SplittableRandom rnd) {
        return op.apply(seed, rnd);
    }

    static <T> T pick(List<T> list, SplittableRandom rnd) {
        return list.get(rnd.nextInt(list.size()));
    }
}

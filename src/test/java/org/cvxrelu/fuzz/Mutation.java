package org.cvxrelu.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/** A named way of damaging (or oddly reshaping) a file's bytes; the name says which kind of input failed. */
record Mutation(String name, Op op) {
    /** The operation itself: a new byte array from a seed file and a random source. */
    interface Op {
        byte[] apply(byte[] seed, SplittableRandom rnd);
    }

    byte[] apply(byte[] seed, SplittableRandom rnd) {
        return op.apply(seed, rnd);
    }

    /** A mutation of the file as UTF-8 text. */
    static Mutation text(String name, BiFunction<String, SplittableRandom, String> f) {
        return new Mutation(name, (s, r) -> f.apply(new String(s, StandardCharsets.UTF_8), r).getBytes(StandardCharsets.UTF_8));
    }

    static <T> T pick(List<T> list, SplittableRandom rnd) {
        return list.get(rnd.nextInt(list.size()));
    }
}

package org.cvxrelu.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** {@link MaskIndex} answers membership of m ⊕ f exactly as a set of the masks' word lists does. */
class MaskIndexTest {
    @Test
    void flippedMembershipAgreesWithAPlainSet() {
        Random rnd = new Random(11);
        for (int words = 1; words <= 3; words++) {
            long[][] masks = new long[2000][];
            Set<List<Long>> plain = new HashSet<>();
            for (int i = 0; i < masks.length; i++) {
                masks[i] = new long[words];
                for (int w = 0; w < words; w++) {
                    masks[i][w] = rnd.nextInt(64) < 8 ? rnd.nextLong() : rnd.nextInt(16); // clustered, like cells
                }
                plain.add(key(masks[i], null));
            }
            MaskIndex index = new MaskIndex(masks);
            int hits = 0;
            for (int t = 0; t < 20000; t++) {
                long[] m = masks[rnd.nextInt(masks.length)];
                long[] flip = new long[words];
                if (rnd.nextBoolean()) {
                    flip[rnd.nextInt(words)] = 1L << rnd.nextInt(4); // a one-bit flip: often another mask
                }
                boolean expected = plain.contains(key(m, flip));
                assertThat(index.contains(m, flip)).isEqualTo(expected);
                hits += expected ? 1 : 0;
            }
            assertThat(hits).isBetween(1, 19999); // both answers exercised
        }
    }

    private static List<Long> key(long[] m, long[] flip) {
        List<Long> k = new ArrayList<>();
        for (int w = 0; w < m.length; w++) {
            k.add(flip == null ? m[w] : m[w] ^ flip[w]);
        }
        return k;
    }
}

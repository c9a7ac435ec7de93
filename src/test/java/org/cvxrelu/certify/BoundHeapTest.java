package org.cvxrelu.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link BoundHeap} against the JDK's {@code PriorityQueue} with the comparator the branch and bound used before it
 * (largest bound first, then the smallest id, by {@link Double#compare} of the negated bounds): the same poll sequence
 * under random interleavings of adds and polls, with repeated keys, ±0.0, infinities and NaN among them.
 */
class BoundHeapTest {
    private record Item(double key, long id) {
    }

    @Test
    void pollsInThePriorityQueuesOrder() {
        SplittableRandom rng = new SplittableRandom(50);
        double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, 1.0};
        Comparator<Item> order = (x, y) -> {
            int c = Double.compare(-x.key(), -y.key());
            return c != 0 ? c : Long.compare(x.id(), y.id());
        };
        int polled = 0;
        for (int trial = 0; trial < 200; trial++) {
            PriorityQueue<Item> reference = new PriorityQueue<>(order);
            BoundHeap<Item> heap = new BoundHeap<>();
            long id = 0;
            for (int step = 0; step < 400; step++) {
                if (rng.nextInt(3) > 0 || reference.isEmpty()) {
                    double key = rng.nextInt(5) == 0 ? specials[rng.nextInt(specials.length)] : rng.nextInt(20) * 0.5;
                    long itemId = rng.nextBoolean() ? id : 1000 - id; // ids unique, not in insertion order
                    id++;
                    Item item = new Item(key, itemId);
                    reference.add(item);
                    heap.add(item, key, itemId);
                } else {
                    assertThat(Double.compare(heap.peekKey(), reference.peek().key())).isZero();
                    assertThat(heap.poll()).isSameAs(reference.poll());
                    polled++;
                }
                assertThat(heap.size()).isEqualTo(reference.size());
            }
            List<Item> rest = new ArrayList<>(heap.items());
            assertThat(rest).containsExactlyInAnyOrderElementsOf(reference);
            while (!reference.isEmpty()) {
                assertThat(heap.poll()).isSameAs(reference.poll());
            }
            assertThat(heap.isEmpty()).isTrue();
            assertThat(heap.poll()).isNull();
            heap.add(new Item(1, 1), 1, 1);
            heap.clear();
            assertThat(heap.isEmpty()).isTrue();
        }
        assertThat(polled).isGreaterThan(10_000);
    }
}

package org.cvxrelu.certify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary heap of items that polls the largest key first, then the smallest id: the order of
 * {@code Comparator.comparing(-key).thenComparing(id)} (with {@link Double#compare}'s total order of doubles, so
 * −0.0 and NaN keep their places). The keys and ids live in primitive arrays beside the items, so a sift compares
 * numbers in two arrays instead of reading two objects per comparison. Ids must be unique: then the order is total
 * and every correct heap polls the same sequence.
 *
 * <p>For the open nodes of {@link GlobalBound}'s best-first search: there a {@code PriorityQueue} whose comparator
 * read each node's fields spent 92 of the search's 668 samples on the thread that merges the batches (the one part
 * of the search that does not run in parallel), on raw cache misses (BENCHMARKS §50).
 */
final class BoundHeap<T> {
    private double[] keys = new double[64];
    private long[] ids = new long[64];
    private Object[] items = new Object[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        Arrays.fill(items, 0, size, null);
        size = 0;
    }

    /** Adds {@code item} with its key and (unique) id. */
    void add(T item, double key, long id) {
        if (size == keys.length) {
            int grown = keys.length * 2;
            keys = Arrays.copyOf(keys, grown);
            ids = Arrays.copyOf(ids, grown);
            items = Arrays.copyOf(items, grown);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(key, id, keys[parent], ids[parent])) {
                break;
            }
            keys[i] = keys[parent];
            ids[i] = ids[parent];
            items[i] = items[parent];
            i = parent;
        }
        keys[i] = key;
        ids[i] = id;
        items[i] = item;
    }

    /** The key that {@link #poll} would take next (the heap must not be empty). */
    double peekKey() {
        if (size == 0) {
            throw new java.util.NoSuchElementException("empty heap");
        }
        return keys[0];
    }

    /** Removes and returns the first item: the largest key, then the smallest id (null when empty). */
    @SuppressWarnings("unchecked")
    T poll() {
        if (size == 0) {
            return null;
        }
        T first = (T) items[0];
        int last = --size;
        double key = keys[last];
        long id = ids[last];
        Object item = items[last];
        items[last] = null;
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(keys[right], ids[right], keys[child], ids[child])) {
                child = right;
            }
            if (!before(keys[child], ids[child], key, id)) {
                break;
            }
            keys[i] = keys[child];
            ids[i] = ids[child];
            items[i] = items[child];
            i = child;
        }
        if (size > 0) {
            keys[i] = key;
            ids[i] = id;
            items[i] = item;
        }
        return first;
    }

    /** The items in heap order (not sorted): a copy. */
    @SuppressWarnings("unchecked")
    List<T> items() {
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add((T) items[i]);
        }
        return out;
    }

    /** Whether (key a, id a) comes before (key b, id b). */
    private static boolean before(double keyA, long idA, double keyB, long idB) {
        int c = Double.compare(-keyA, -keyB);
        return c != 0 ? c < 0 : idA < idB;
    }
}

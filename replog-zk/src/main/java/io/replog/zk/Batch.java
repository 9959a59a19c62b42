package io.replog.zk;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects the results of a known number of pipelined calls into one sorted map: completes
 * when the last arrives, or at the first failure.
 */
final class Batch<K extends Comparable<K>, V> {
    private final CompletableFuture<SortedMap<K, V>> future = new CompletableFuture<>();
    private final SortedMap<K, V> results = new TreeMap<>();
    private final AtomicInteger remaining;

    Batch(int expected) {
        this.remaining = new AtomicInteger(expected);
        if (expected == 0) {
            future.complete(Collections.emptySortedMap());
        }
    }

    CompletableFuture<SortedMap<K, V>> future() {
        return future;
    }

    /** One call is done; {@code value} null means it contributes nothing. */
    void done(K key, V value) {
        if (value != null) {
            synchronized (results) {
                results.put(key, value);
            }
        }
        if (remaining.decrementAndGet() == 0) {
            synchronized (results) {
                future.complete(Collections.unmodifiableSortedMap(new TreeMap<>(results)));
            }
        }
    }

    /** The batch fails; later results are ignored. */
    void fail(Throwable error) {
        future.completeExceptionally(error);
    }

    boolean isDone() {
        return future.isDone();
    }
}

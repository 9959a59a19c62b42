package io.replog.netty.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The topic ids of one broker's metadata, kept between the Produce v13+ and Fetch v13+ requests
 * that name topics by id, instead of a metadata query per request; invalidated whenever the
 * broker's metadata changes, which for a replog broker is when it applies an UpdateMetadata from
 * the controller ({@link BrokerRequestProcessor} calls {@link #invalidate()} once core answered
 * one, that is once the broker's metadata cache holds it). One cache serves every listener of a
 * broker.
 *
 * <p>Guarantees: after {@link #invalidate()} returns, no request resolves its ids with what was
 * loaded before: {@link #get} loads again. Ids loaded by a query that an invalidation overtook
 * are handed to the request that asked (they were current when the query began) but not kept.
 * Ids that could not be had ({@link TopicIds#unavailable()}) are never kept. Thread-safe,
 * lock-free: I/O threads read it, the thread completing an UpdateMetadata invalidates it.
 */
public final class TopicIdCache {
    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<Entry> cached = new AtomicReference<>();

    private record Entry(long generation, TopicIds ids) {
    }

    /** The metadata changed: the ids kept so far are stale. */
    public void invalidate() {
        generation.incrementAndGet();
    }

    /** How many times the cache was invalidated (for tests and log lines). */
    public long generation() {
        return generation.get();
    }

    /**
     * The ids kept since the last invalidation, or those {@code load} gives (a metadata query),
     * kept unless an invalidation came while it ran.
     */
    public CompletableFuture<TopicIds> get(Supplier<CompletableFuture<TopicIds>> load) {
        long asked = generation.get();
        Entry entry = cached.get();
        if (entry != null && entry.generation() == asked) {
            return CompletableFuture.completedFuture(entry.ids());
        }
        return load.get().thenApply(ids -> {
            if (ids.unknownError() == KafkaCodes.UNKNOWN_TOPIC_ID) {
                // Kept under the generation the query began in: stale at once if one came since.
                cached.accumulateAndGet(new Entry(asked, ids),
                        (old, fresh) -> old == null || old.generation() <= fresh.generation() ? fresh : old);
            }
            return ids;
        });
    }

    @Override
    public String toString() {
        return "TopicIdCache(generation " + generation.get() + ")";
    }
}

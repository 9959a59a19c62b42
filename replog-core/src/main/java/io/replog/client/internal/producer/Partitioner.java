package io.replog.client.internal.producer;

import io.replog.topic.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * Chooses a record's partition, as Kafka's Java client does for keyed records and with the
 * simple sticky variant for records without a key.
 *
 * <ul>
 *   <li>An explicit partition wins; it must be below the topic's partition count.</li>
 *   <li>A non-null key goes to {@code toPositive(murmur2(keyBytes)) % numPartitions}, over all
 *       partitions (not only available ones), exactly as Kafka: equal keys share a partition for
 *       as long as the partition count stays the same, whoever produces them.</li>
 *   <li>A null key goes to the topic's <em>sticky</em> partition, so consecutive keyless records
 *       fill one batch instead of spreading thin ones over every partition. The sticky partition
 *       changes when the accumulator reports that a batch of it is complete
 *       ({@link #batchCompleted}: full, or drained for sending); the next one is chosen at random
 *       among the available partitions (those with a leader; all if none is known), and differs
 *       from the previous one whenever there is another to pick. Kafka's built-in partitioner adds
 *       adaptive weighting by broker queue sizes; this variant deliberately does not, so the
 *       choice depends only on what is documented here.</li>
 * </ul>
 * Thread-safe: sticky state is per topic in a concurrent map and each change is atomic.
 */
final class Partitioner {
    /** A topic's sticky partition ({@code -1}: choose one at the next keyless record) and the one before. */
    private record Sticky(int current, int previous) {
    }

    private final Map<String, Sticky> sticky = new ConcurrentHashMap<>();
    private final IntUnaryOperator randomBelow;

    /** A partitioner drawing sticky partitions from {@code randomBelow(n)}, which returns 0 to n-1. */
    Partitioner(IntUnaryOperator randomBelow) {
        this.randomBelow = randomBelow;
    }

    /** A partitioner drawing from {@link ThreadLocalRandom}. */
    Partitioner() {
        this(bound -> ThreadLocalRandom.current().nextInt(bound));
    }

    /**
     * The partition of a record of {@code topic}.
     *
     * @param explicit            the record's explicit partition, if any
     * @param keyBytes            the serialized key, or {@code null}
     * @param numPartitions       the topic's partition count
     * @param availablePartitions the partitions that have a leader now, in any order
     * @throws IllegalArgumentException if the explicit partition is not below {@code numPartitions}
     */
    int partition(String topic, OptionalInt explicit, byte[] keyBytes, int numPartitions,
                  List<Integer> availablePartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("topic " + topic + " has no partitions (" + numPartitions + ")");
        }
        if (explicit.isPresent()) {
            int p = explicit.getAsInt();
            if (p >= numPartitions) {
                throw new IllegalArgumentException("Invalid partition " + p + " for topic " + topic
                        + ": it has partitions 0 to " + (numPartitions - 1));
            }
            return p;
        }
        if (keyBytes != null) {
            return Murmur2.partitionForKey(keyBytes, numPartitions);
        }
        return sticky.compute(topic, (t, s) -> {
            if (s != null && s.current() >= 0 && s.current() < numPartitions) {
                return s;
            }
            int previous = s == null ? -1 : s.previous();
            return new Sticky(choose(numPartitions, availablePartitions, previous), previous);
        }).current();
    }

    /**
     * A batch of {@code partition} is complete (full, or drained for sending): if it is its
     * topic's sticky partition, the next keyless record of the topic picks a new one.
     */
    void batchCompleted(TopicPartition partition) {
        sticky.computeIfPresent(partition.topic(), (t, s) ->
                s.current() == partition.partition() ? new Sticky(-1, s.current()) : s);
    }

    private int choose(int numPartitions, List<Integer> available, int previous) {
        List<Integer> candidates = available.stream().filter(p -> p >= 0 && p < numPartitions).distinct().toList();
        if (candidates.isEmpty()) {
            // No leader known anywhere: any partition is as good as another until metadata arrives.
            candidates = IntStream.range(0, numPartitions).boxed().toList();
        }
        if (candidates.size() > 1 && candidates.contains(previous)) {
            candidates = candidates.stream().filter(p -> p != previous).toList();
        }
        return candidates.get(randomBelow.applyAsInt(candidates.size()));
    }
}

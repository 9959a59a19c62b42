package io.replog.client.internal.consumer;

import io.replog.client.ConsumerRecord;
import io.replog.client.ConsumerRecords;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fetched records a consumer has not returned yet, at most one fetch's worth per partition,
 * and the step that turns them into one poll's {@link ConsumerRecords}.
 *
 * <p>Guarantees: {@link #drain} returns at most {@code maxRecords} records; a partition's records
 * are returned only while its position is exactly where its buffered records continue (a seek, a
 * reset or a divergence found by a validation moves the position elsewhere and the stale records
 * are dropped, never returned); each record returned moves the partition's position past it in
 * the {@link SubscriptionState}. Partitions are served in the order their fetches arrived. Not
 * thread-safe: the consumer's calling thread owns it.
 */
public final class FetchBuffer {
    private final Map<TopicPartition, FetchedRecords> buffered = new LinkedHashMap<>();

    /** Whether records of {@code tp} are waiting (so it is not fetched again yet). */
    public boolean contains(TopicPartition tp) {
        return buffered.containsKey(tp);
    }

    public boolean isEmpty() {
        return buffered.isEmpty();
    }

    /** Adds the records of one fetch; ignored if the partition already has records waiting. */
    public void add(FetchedRecords records) {
        buffered.putIfAbsent(records.partition(), records);
    }

    /** Drops the records of {@code partitions}. */
    public void remove(Collection<TopicPartition> partitions) {
        partitions.forEach(buffered::remove);
    }

    /** Drops the records of {@code tp}. */
    public void remove(TopicPartition tp) {
        buffered.remove(tp);
    }

    /**
     * Takes at most {@code maxRecords} records, in the order described above, and advances the
     * positions in {@code subscriptions}. Partitions that are no longer assigned, or whose
     * position is not where their records continue, are dropped; partitions waiting for a
     * validation keep their records for later.
     *
     * @throws RuntimeException an error of the first partition served (corruption, a
     *         deserializer's failure) when no record was taken before it
     */
    public <K, V> ConsumerRecords<K, V> drain(int maxRecords, SubscriptionState subscriptions,
                                              FetchedRecords.Converter<K, V> converter) {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        int total = 0;
        Iterator<Map.Entry<TopicPartition, FetchedRecords>> it = buffered.entrySet().iterator();
        while (it.hasNext() && total < maxRecords) {
            Map.Entry<TopicPartition, FetchedRecords> entry = it.next();
            TopicPartition tp = entry.getKey();
            FetchedRecords fetched = entry.getValue();
            if (!subscriptions.isAssigned(tp)) {
                it.remove();
                continue;
            }
            Optional<Long> position = subscriptions.position(tp);
            if (position.isEmpty() || position.get() != fetched.nextOffset()
                    || subscriptions.error(tp).isPresent()) {
                it.remove();
                continue;
            }
            if (subscriptions.awaitingValidation(tp)) {
                continue;
            }
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            try {
                total += fetched.drain(maxRecords - total, converter, records);
            } catch (RuntimeException e) {
                if (total > 0) {
                    break; // return what was taken; this partition raises the error on the next poll
                }
                throw e;
            }
            if (!records.isEmpty()) {
                out.put(tp, records);
            }
            subscriptions.advance(tp, fetched.nextOffset(), fetched.lastEpoch());
            if (fetched.isExhausted()) {
                it.remove();
            }
        }
        return out.isEmpty() ? ConsumerRecords.empty() : ConsumerRecords.of(out);
    }
}

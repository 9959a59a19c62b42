package io.replog.sim;

import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulated clients saw: every acknowledged write with its acks level, and every
 * record a consumer read. The invariant checker compares it with the logs once faults heal.
 */
public final class History {
    /** An acknowledged write. */
    public record Ack(TopicPartition tp, long offset, String value, short acks, long atMs) {
    }

    private final Map<TopicPartition, Map<Long, Ack>> acked = new HashMap<>();
    private final Map<TopicPartition, Map<Long, String>> consumed = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private int failedSends;

    /** Records an acknowledged write; public for tests that send produce requests themselves. */
    public void acked(Ack ack) {
        Ack previous = acked.computeIfAbsent(ack.tp(), k -> new TreeMap<>()).put(ack.offset(), ack);
        if (previous != null && !previous.value().equals(ack.value()) && previous.acks() != 1 && ack.acks() != 1) {
            violations.add("offset " + ack.offset() + " of " + ack.tp() + " acknowledged twice, as '" + previous.value()
                    + "' and '" + ack.value() + "'");
        }
    }

    void consumed(TopicPartition tp, long offset, String value) {
        String previous = consumed.computeIfAbsent(tp, k -> new TreeMap<>()).put(offset, value);
        if (previous != null && !previous.equals(value)) {
            violations.add("invariant 3: consumer read offset " + offset + " of " + tp + " as '" + previous
                    + "' and later as '" + value + "'");
        }
    }

    void violation(String what) {
        violations.add(what);
    }

    void failedSend() {
        failedSends++;
    }

    public Map<TopicPartition, Map<Long, Ack>> acked() {
        return acked;
    }

    public Map<TopicPartition, Map<Long, String>> consumed() {
        return consumed;
    }

    public List<String> violations() {
        return violations;
    }

    public int failedSends() {
        return failedSends;
    }

    /** Acknowledged writes with the given acks level. */
    public long ackCount(short acks) {
        return acked.values().stream().flatMap(m -> m.values().stream()).filter(a -> a.acks() == acks).count();
    }

    public long consumedCount() {
        return consumed.values().stream().mapToLong(Map::size).sum();
    }
}

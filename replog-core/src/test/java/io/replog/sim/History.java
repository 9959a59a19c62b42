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
 *
 * <p>Acknowledgements are kept all, in arrival order, never one replacing another at the same
 * offset: an acks=1 write acknowledged at the offset of an acks=all write that was lost would
 * otherwise hide the loss (the checker looks every acks=all record up after healing). A second
 * acks=all acknowledgement at the offset of an acks=all one, with another value, is itself a
 * violation of invariant 1, reported when it arrives.
 */
public final class History {
    /** An acknowledged write. */
    public record Ack(TopicPartition tp, long offset, String value, short acks, long atMs) {
    }

    private final Map<TopicPartition, List<Ack>> acked = new HashMap<>();
    private final Map<TopicPartition, Map<Long, Ack>> acksAllByOffset = new HashMap<>();
    private boolean lossAllowed;
    private final Map<TopicPartition, Map<Long, String>> consumed = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private int failedSends;

    /** Records an acknowledged write; public for tests that send produce requests themselves. */
    public void acked(Ack ack) {
        acked.computeIfAbsent(ack.tp(), k -> new ArrayList<>()).add(ack);
        Map<Long, Ack> acksAll = acksAllByOffset.computeIfAbsent(ack.tp(), k -> new TreeMap<>());
        Ack earlier = acksAll.get(ack.offset());
        // An acks=1 write acknowledged at the same offset may come from a deposed leader's log (a
        // zombie): it proves nothing about the acks=all record, whose presence the checker verifies
        // after healing. A second acks=all acknowledgement does prove the first record gone.
        if (earlier != null && ack.acks() == -1 && !earlier.value().equals(ack.value()) && !lossAllowed) {
            violations.add("invariant 1: acks=all record '" + earlier.value() + "' acknowledged at offset "
                    + ack.offset() + " of " + ack.tp() + " at t=" + earlier.atMs() + "ms was lost: the offset was "
                    + "acknowledged again at t=" + ack.atMs() + "ms as '" + ack.value() + "' (acks=" + ack.acks() + ")");
        }
        if (ack.acks() == -1 && earlier == null) {
            acksAll.put(ack.offset(), ack);
        }
    }

    /** Unclean election or a deliberate data loss may lose acks=all writes: stop flagging re-acknowledged offsets. */
    public void allowLoss() {
        lossAllowed = true;
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

    /** Every acknowledgement per partition, in the order they arrived. */
    public Map<TopicPartition, List<Ack>> acked() {
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
        return acked.values().stream().flatMap(List::stream).filter(a -> a.acks() == acks).count();
    }

    public long consumedCount() {
        return consumed.values().stream().mapToLong(Map::size).sum();
    }
}

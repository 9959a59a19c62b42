package io.replog.sim;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.log.LogSlice;
import io.replog.internal.replica.Partition;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import io.replog.topic.TopicPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the invariants of {@code docs/guarantees.md} against a {@link SimCluster} and the clients'
 * {@link History}: some continuously (every check tick), the rest once faults have healed.
 *
 * <ol>
 *   <li>Every acks=all write acknowledged is readable at its offset after faults heal.</li>
 *   <li>No two replicas disagree below both their high watermarks.</li>
 *   <li>A record a consumer read never disappears or changes.</li>
 *   <li>At most one leader per partition per leader epoch; the leader is in its ISR.</li>
 *   <li>After faults heal, every partition has a leader and a full ISR within a bounded time.</li>
 * </ol>
 */
public final class InvariantChecker {
    private final SimCluster cluster;
    private final History history;
    private final List<TopicPartition> partitions;
    private final int replicationFactor;
    private final Map<TopicPartition, Map<Integer, Integer>> leaderByEpoch = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private boolean checkDivergence = true;

    public InvariantChecker(SimCluster cluster, History history, List<TopicPartition> partitions,
                            int replicationFactor) {
        this.cluster = cluster;
        this.history = history;
        this.partitions = List.copyOf(partitions);
        this.replicationFactor = replicationFactor;
    }

    /** Unclean election may legitimately lose committed data; it turns off invariants 1-3. */
    public InvariantChecker uncleanElectionAllowed() {
        checkDivergence = false;
        history.allowLoss();
        return this;
    }

    /** Checks invariants 2 and 4 every {@code periodMs} of simulated time, from now on. */
    public InvariantChecker checkEvery(long periodMs) {
        cluster.sim().after(periodMs, "invariant check", () -> {
            checkNow();
            checkEvery(periodMs);
        });
        return this;
    }

    /**
     * Also checks, after every simulation event, that a new leader holds every committed record,
     * that ISR members hold everything committed and that a leader's high watermark never goes
     * back ({@link LeadershipInvariants}). For runs where no broker that lost data can be the
     * last ISR member.
     */
    public InvariantChecker checkLeadershipOnEveryEvent() {
        LeadershipInvariants leadership = new LeadershipInvariants(cluster, partitions, this::violate);
        cluster.sim().afterEachEvent(leadership::check);
        return this;
    }

    /** Invariants that must hold at every instant: 2 and 4. */
    public void checkNow() {
        for (TopicPartition tp : partitions) {
            checkSingleLeaderPerEpoch(tp);
            if (checkDivergence) {
                checkNoDivergenceBelowHighWatermarks(tp);
            }
        }
    }

    private void checkSingleLeaderPerEpoch(TopicPartition tp) {
        Map<Integer, Integer> byEpoch = leaderByEpoch.computeIfAbsent(tp, k -> new HashMap<>());
        for (var e : cluster.running().entrySet()) {
            e.getValue().replicas().partition(tp).filter(Partition::isLeader).ifPresent(p -> {
                Integer other = byEpoch.putIfAbsent(p.leaderEpoch(), e.getKey());
                if (other != null && other != e.getKey().intValue()) {
                    violate("invariant 4: " + tp + " has two leaders in epoch " + p.leaderEpoch() + ": brokers "
                            + other + " and " + e.getKey());
                }
            });
        }
        cluster.state(tp).ifPresent(s -> {
            if (s.hasLeader() && !s.isr().contains(s.leader())) {
                violate("invariant 4: leader " + s.leader() + " of " + tp + " is not in its ISR " + s.isr());
            }
        });
    }

    private void checkNoDivergenceBelowHighWatermarks(TopicPartition tp) {
        Map<Integer, Map<Long, Long>> batchesByBroker = new TreeMap<>();
        Map<Integer, Long> hws = new TreeMap<>();
        for (var e : cluster.running().entrySet()) {
            e.getValue().replicas().partition(tp).ifPresent(p -> {
                batchesByBroker.put(e.getKey(), batchChecksums(p, p.highWatermark()));
                hws.put(e.getKey(), p.highWatermark());
            });
        }
        List<Integer> ids = new ArrayList<>(batchesByBroker.keySet());
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                int a = ids.get(i);
                int b = ids.get(j);
                long below = Math.min(hws.get(a), hws.get(b));
                Map<Long, Long> ba = batchesByBroker.get(a);
                Map<Long, Long> bb = batchesByBroker.get(b);
                for (var batch : ba.entrySet()) {
                    if (batch.getKey() >= below) {
                        break;
                    }
                    Long other = bb.get(batch.getKey());
                    if (other != null && !other.equals(batch.getValue())) {
                        violate("invariant 2: brokers " + a + " and " + b + " disagree on the batch at offset "
                                + batch.getKey() + " of " + tp + ", below both high watermarks (" + hws.get(a)
                                + ", " + hws.get(b) + ")");
                        return;
                    }
                }
            }
        }
    }

    /** Base offset to CRC of every batch that ends below {@code limit}. */
    private static Map<Long, Long> batchChecksums(Partition p, long limit) {
        return LeadershipInvariants.checksums(p, p.logStartOffset(), limit);
    }

    /** Every record below the high watermark of the current leader's log, offset to value. */
    private static Map<Long, String> committedRecords(Partition p) {
        return records(p, p.highWatermark());
    }

    /** Every record of {@code p}'s log below {@code limit}, offset to value (values as UTF-8). */
    public static Map<Long, String> records(Partition p, long limit) {
        Map<Long, String> out = new TreeMap<>();
        long offset = p.logStartOffset();
        while (offset < limit) {
            LogSlice slice = p.log().read(offset, 1 << 20, limit, true);
            if (slice.length() == 0) {
                break;
            }
            for (RecordBatch batch : RecordBatches.in(slice.readFully())) {
                for (Record r : batch) {
                    ByteBuffer v = r.value();
                    byte[] bytes = new byte[v.remaining()];
                    v.get(bytes);
                    out.put(r.offset(), new String(bytes, StandardCharsets.UTF_8));
                }
                offset = batch.nextOffset();
            }
        }
        return out;
    }

    /**
     * Invariant 5, then 1 and 3: waits up to {@code maxMs} for every partition to have a leader
     * and an ISR of the full replication factor, and for the leader's high watermark to cover
     * its log, then reads every committed record and compares it with what clients saw.
     */
    public void checkAfterHeal(long maxMs) {
        java.util.function.Predicate<TopicPartition> recovered = tp -> {
            int leader = cluster.leader(tp);
            return leader >= 0 && cluster.isr(tp).size() == replicationFactor
                    && cluster.replica(leader, tp).map(p -> p.isLeader()
                    && p.highWatermark() == p.logEndOffset()).orElse(false);
        };
        boolean healed = cluster.sim().runUntil(() -> partitions.stream().allMatch(recovered), maxMs);
        if (!healed) {
            // Only the partitions that did not recover (the others are no violation).
            for (TopicPartition tp : partitions.stream().filter(recovered.negate()).toList()) {
                StringBuilder replicas = new StringBuilder();
                for (int b : cluster.running().keySet()) {
                    replicas.append("\n    broker ").append(b).append(": ")
                            .append(cluster.replica(b, tp).map(Object::toString).orElse("no replica"));
                }
                violate("invariant 5: " + tp + " did not recover within " + maxMs + " ms: state "
                        + cluster.state(tp).map(LeaderAndIsr::toString).orElse("none") + ", live brokers "
                        + cluster.sim().zooKeeper().liveBrokers().keySet() + replicas);
            }
            return;
        }
        checkNow();
        for (TopicPartition tp : partitions) {
            Partition leader = cluster.replica(cluster.leader(tp), tp).orElseThrow();
            Map<Long, String> committed = committedRecords(leader);
            if (checkDivergence) {
                history.acked().getOrDefault(tp, List.of()).stream()
                        .filter(a -> a.acks() == -1)
                        .forEach(a -> {
                            String found = committed.get(a.offset());
                            if (!a.value().equals(found)) {
                                violate("invariant 1: acks=all record '" + a.value() + "' acknowledged at offset "
                                        + a.offset() + " of " + tp + " at t=" + a.atMs() + "ms is "
                                        + (found == null ? "missing" : "replaced by '" + found + "'"));
                            }
                        });
                history.consumed().getOrDefault(tp, Map.of()).forEach((offset, value) -> {
                    String found = committed.get(offset);
                    if (!value.equals(found)) {
                        violate("invariant 3: consumed record '" + value + "' at offset " + offset + " of " + tp
                                + " is " + (found == null ? "gone" : "now '" + found + "'"));
                    }
                });
            }
        }
    }

    private void violate(String what) {
        if (violations.size() < 50 && !violations.contains(what)) {
            violations.add(what);
        }
    }

    /** Every violation found so far, the clients' own included. */
    public List<String> violations() {
        List<String> all = new ArrayList<>(violations);
        all.addAll(history.violations());
        return all;
    }
}

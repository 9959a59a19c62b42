package io.replog.sim;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.log.LogSlice;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import io.replog.internal.replica.Partition;
import io.replog.topic.TopicPartition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The invariants cheap enough to check every simulated millisecond, at the moment a bug acts
 * rather than after healing:
 * <ul>
 *   <li>a replica that takes leadership holds every record committed before it (checked when
 *       its leader epoch is first seen, unless a newer epoch was led already: a zombie);</li>
 *   <li>every member of the stored ISR that kept its disk holds at least everything committed;</li>
 *   <li>a leader's high watermark never decreases within one leadership.</li>
 * </ul>
 * "Committed" is the ledger of batches below the highest high watermark any leader has had, with
 * their checksums, so a new leader that holds other records at those offsets is caught too. A
 * broker that lost its data ({@link SimCluster#lostData}) is excused from the ISR check until its
 * replica has caught up again; the runs that use these checks never let it be the last ISR member.
 */
final class LeadershipInvariants {
    private final SimCluster cluster;
    private final List<TopicPartition> partitions;
    private final Consumer<String> violate;
    private final Map<TopicPartition, Ledger> ledgers = new HashMap<>();

    private static final class Ledger {
        long committedEnd;
        final TreeMap<Long, Long> checksums = new TreeMap<>();
        final Set<String> seenLeaderships = new HashSet<>();
        final Map<String, Long> highWatermarks = new HashMap<>();
        final Map<Integer, Integer> caughtUpAfterDamage = new HashMap<>();
        int newestEpoch = -1;
    }

    LeadershipInvariants(SimCluster cluster, List<TopicPartition> partitions, Consumer<String> violate) {
        this.cluster = cluster;
        this.partitions = List.copyOf(partitions);
        this.violate = violate;
    }

    void check() {
        for (TopicPartition tp : partitions) {
            Ledger ledger = ledgers.computeIfAbsent(tp, k -> new Ledger());
            LeaderAndIsr stored = cluster.state(tp).orElse(null);
            for (var e : cluster.running().entrySet()) {
                int broker = e.getKey();
                Partition p = e.getValue().replicas().partition(tp).orElse(null);
                if (p == null) {
                    continue;
                }
                if (p.isLeader()) {
                    checkLeader(tp, ledger, broker, p);
                }
                if (stored != null && stored.isr().contains(broker)) {
                    checkIsrMember(tp, ledger, broker, p);
                }
            }
        }
    }

    private void checkLeader(TopicPartition tp, Ledger ledger, int broker, Partition p) {
        String leadership = broker + "@" + p.leaderEpoch();
        // A late LeaderAndIsr can make a deposed replica leader of an epoch older than one
        // already led: a zombie whose followers are fenced, which can commit nothing.
        boolean current = p.leaderEpoch() >= ledger.newestEpoch;
        ledger.newestEpoch = Math.max(ledger.newestEpoch, p.leaderEpoch());
        if (ledger.seenLeaderships.add(leadership) && current) {
            Map<Long, Long> held = checksums(p, Math.min(ledger.committedEnd, p.logEndOffset()));
            String missing = p.logEndOffset() < ledger.committedEnd ? "its log ends at " + p.logEndOffset() : null;
            for (var batch : ledger.checksums.entrySet()) {
                if (missing != null || batch.getKey() < p.logStartOffset() || batch.getKey() >= p.logEndOffset()) {
                    continue;
                }
                if (!batch.getValue().equals(held.get(batch.getKey()))) {
                    missing = "it holds another batch at offset " + batch.getKey();
                }
            }
            if (missing != null) {
                violate.accept("invariant 1: broker " + broker + " took leadership of " + tp + " in epoch "
                        + p.leaderEpoch() + " without every committed record: " + missing + ", but offsets below "
                        + ledger.committedEnd + " were committed");
            }
        }
        Long before = ledger.highWatermarks.put(leadership, p.highWatermark());
        if (before != null && p.highWatermark() < before) {
            violate.accept("high watermark of " + tp + " on leader " + broker + " went back from " + before + " to "
                    + p.highWatermark() + " within leader epoch " + p.leaderEpoch());
        }
        if (p.highWatermark() > ledger.committedEnd) {
            ledger.checksums.putAll(checksums(p, ledger.committedEnd, p.highWatermark()));
            ledger.committedEnd = p.highWatermark();
        }
    }

    private void checkIsrMember(TopicPartition tp, Ledger ledger, int broker, Partition p) {
        int damage = cluster.lostData(broker);
        boolean excused = damage > ledger.caughtUpAfterDamage.getOrDefault(broker, 0);
        if (p.logEndOffset() >= ledger.committedEnd) {
            ledger.caughtUpAfterDamage.put(broker, damage);
        } else if (!excused) {
            violate.accept("invariant 1: broker " + broker + " is in the ISR " + cluster.isr(tp) + " of " + tp
                    + " but its log ends at " + p.logEndOffset() + ", below the committed offset " + ledger.committedEnd
                    + " (" + p + ")");
        }
    }

    private static Map<Long, Long> checksums(Partition p, long limit) {
        return checksums(p, p.logStartOffset(), limit);
    }

    /** Base offset to CRC of the batches of {@code p} from the one holding {@code from} up to {@code limit}. */
    static Map<Long, Long> checksums(Partition p, long from, long limit) {
        Map<Long, Long> out = new TreeMap<>();
        long offset = Math.max(from, p.logStartOffset());
        while (offset < limit) {
            LogSlice slice = p.log().read(offset, 1 << 20, limit, true);
            if (slice.length() == 0) {
                break;
            }
            for (RecordBatch batch : RecordBatches.in(slice.readFully())) {
                out.put(batch.baseOffset(), batch.checksum());
                offset = batch.nextOffset();
            }
        }
        return out;
    }
}

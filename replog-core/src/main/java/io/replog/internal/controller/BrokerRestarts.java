package io.replog.internal.controller;

import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.LeaderAndIsr;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the controller recognises a broker that restarted, and what it does about one that may
 * have lost records it acknowledged. A new broker epoch is a new process (KIP-380). A process
 * whose registration says it started after an unclean shutdown, and that some ISR names, first
 * leaves every ISR that has another member, offline partitions included, so that nothing is
 * elected onto what it has left (KIP-966's rule). Event-loop confined.
 */
final class BrokerRestarts {
    private final PlantedBugs bugs;
    /**
     * Per broker, the newest registration epoch found stale (its broker refused a request naming
     * it): a snapshot still listing that registration is from before the restart and is not
     * taken for a live broker again.
     */
    private final Map<Integer, Long> fencedEpochs = new HashMap<>();

    /** @param bugs asked for {@link PlantedBug#BROKER_EPOCH_IGNORED}, which also ignores unclean shutdowns (pre-KIP-966) */
    BrokerRestarts(PlantedBugs bugs) {
        this.bugs = bugs;
    }

    void fence(int brokerId, long brokerEpoch) {
        fencedEpochs.merge(brokerId, brokerEpoch, Math::max);
    }

    /** {@code live} without registrations already found stale. */
    Map<Integer, BrokerRegistration> withoutFenced(Map<Integer, BrokerRegistration> live) {
        Map<Integer, BrokerRegistration> current = new TreeMap<>(live);
        current.values().removeIf(r -> r.brokerEpoch() <= fencedEpochs.getOrDefault(r.brokerId(), Long.MIN_VALUE));
        return current;
    }

    /** A new broker epoch is a new registration: the broker restarted (or its session expired). */
    static boolean isNewProcess(BrokerRegistration known, BrokerRegistration now) {
        if (known.brokerEpoch() != BrokerRegistration.NO_EPOCH || now.brokerEpoch() != BrokerRegistration.NO_EPOCH) {
            return known.brokerEpoch() != now.brokerEpoch();
        }
        return !now.equals(known);
    }

    /** Whether {@code r} started after an unclean shutdown and some ISR (or leadership) names it. */
    boolean mayHaveLostAcknowledgedRecords(BrokerRegistration r, ControllerContext ctx) {
        return r.uncleanShutdown() && !bugs.has(PlantedBug.BROKER_EPOCH_IGNORED) && !ctx.partitionsTouching(Set.of(r.brokerId())).isEmpty();
    }

    /** Takes {@code brokers} out of every ISR that has another member; a leader among them leaves too. */
    static PartitionStateWriter.Decider dropFromIsr(Set<Integer> brokers, int controllerEpoch) {
        return (tp, replicas, current) -> {
            if (current == null) {
                return PartitionStateChange.noChange();
            }
            List<Integer> isr = current.isr().stream().filter(r -> !brokers.contains(r)).toList();
            if (isr.isEmpty() || isr.size() == current.isr().size()) {
                return PartitionStateChange.noChange();
            }
            int leader = brokers.contains(current.leader()) ? LeaderAndIsr.NO_LEADER : current.leader();
            return new PartitionStateChange(PartitionStateChange.Kind.ISR_SHRUNK, current.withNewLeader(leader, isr, controllerEpoch));
        };
    }
}

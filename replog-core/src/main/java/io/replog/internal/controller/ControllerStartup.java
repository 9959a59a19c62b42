package io.replog.internal.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.topic.TopicPartition;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a controller decides when it takes office, from what it read of the coordinator: which
 * live brokers it counts at once, the first decision over every partition (new partitions get
 * their first state, offline ones a leader, dead brokers leave ISRs), and the full picture every
 * live broker then gets.
 *
 * <p>The seam: {@link EventRunner} reads brokers, topics and states (coordinator calls), hands
 * them here, writes the {@link #reconcileAll()} decision, and only then asks for
 * {@link #announce()}, because the requests carry the states as stored, not as proposed.
 * Brokers that were not counted at once (back from an unclean shutdown) join afterwards through
 * {@link BrokerChangeHandler}, which first takes them out of ISRs. Event-loop confined.
 */
final class ControllerStartup {
    private final ControllerContext ctx;
    private final BrokerRestarts restarts;
    private final Deciders deciders;

    ControllerStartup(ControllerContext ctx, BrokerRestarts restarts, Deciders deciders) {
        this.ctx = ctx;
        this.restarts = restarts;
        this.deciders = deciders;
    }

    /** Remembers the topics read. */
    void loadTopics(Collection<TopicAssignment> topics) {
        topics.forEach(ctx::putTopic);
    }

    /** Remembers the states read, of partitions of known topics only. */
    void loadStates(Map<TopicPartition, LeaderAndIsr> states) {
        states.forEach((tp, s) -> {
            if (!ctx.replicas(tp).isEmpty()) {
                ctx.putState(tp, s);
            }
        });
    }

    /**
     * The live brokers to count at once: all but a process back from an unclean shutdown that some
     * ISR names, which joins after the first decisions so that nothing is elected onto it first.
     * Call after {@link #loadStates}.
     */
    List<BrokerRegistration> joiningAtOnce(Map<Integer, BrokerRegistration> live) {
        return live.values().stream().filter(r -> !restarts.mayHaveLostAcknowledgedRecords(r, ctx)).toList();
    }

    /** The first decision: every partition reconciled with the brokers counted live. */
    StateWrite reconcileAll() {
        return new StateWrite("controller start", ctx.allPartitions(), deciders.reconcile());
    }

    /** After the first decision is stored: every live broker gets the state of each of its replicas, and all metadata. */
    BrokerRequests announce() {
        BrokerRequests.Builder batch = new BrokerRequests.Builder(ctx);
        for (int broker : ctx.liveBrokers().keySet()) {
            ctx.partitionsWithReplicaOn(broker).forEach(tp -> batch.leaderAndIsr(broker, tp));
        }
        return batch.metadataToAll(ctx.allPartitions()).build();
    }

    /** The partitions without a leader (no live in-sync replica). */
    List<TopicPartition> offline() {
        return ctx.allPartitions().stream().filter(tp -> ctx.state(tp) != null && !ctx.state(tp).hasLeader()).toList();
    }
}

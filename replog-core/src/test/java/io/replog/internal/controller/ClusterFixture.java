package io.replog.internal.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A controller's view of a cluster built by hand, for testing handlers without a coordinator or
 * a transport: live brokers, topics and partition states go straight into a
 * {@link ControllerContext}, and {@link #store} stands in for the coordinator by storing every
 * state a decision proposes.
 */
final class ClusterFixture {
    static final int CONTROLLER_EPOCH = 7;
    static final String LOG_PREFIX = "[test] ";

    final ControllerContext ctx = new ControllerContext(CONTROLLER_EPOCH);
    final TopicDeletions deletions = new TopicDeletions();
    PlantedBugs bugs = PlantedBugs.NONE;
    ControllerSettings config = ControllerSettings.defaults();

    static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    /** Broker {@code id}'s registration under epoch {@code 100 + id} (a clean start). */
    static BrokerRegistration registration(int id) {
        return registration(id, 100 + id);
    }

    static BrokerRegistration registration(int id, long brokerEpoch) {
        return new BrokerRegistration(id, null, List.of(new Endpoint("INTERNAL", "broker-" + id, 9092)), 0L, brokerEpoch);
    }

    ClusterFixture withBugs(PlantedBug... planted) {
        bugs = PlantedBugs.of(planted);
        return this;
    }

    ClusterFixture live(int... ids) {
        for (int id : ids) {
            ctx.addLiveBroker(registration(id));
        }
        return this;
    }

    /** Topic {@code name} (id derived from {@code idBits}) whose partition {@code p} has {@code replicas[p]}. */
    @SafeVarargs
    final ClusterFixture topic(String name, long idBits, Map<String, String> configs, List<Integer>... replicas) {
        Map<Integer, List<Integer>> partitions = new TreeMap<>();
        for (int p = 0; p < replicas.length; p++) {
            partitions.put(p, replicas[p]);
        }
        ctx.putTopic(new TopicAssignment(name, new TopicId(0L, idBits), partitions, configs));
        return this;
    }

    @SafeVarargs
    final ClusterFixture topic(String name, List<Integer>... replicas) {
        return topic(name, name.hashCode(), Map.of(), replicas);
    }

    /** Stores a state for {@code tp}: partition epoch = leader epoch, written by this controller. */
    ClusterFixture state(TopicPartition tp, int leader, int leaderEpoch, Integer... isr) {
        ctx.putState(tp, new LeaderAndIsr(leader, leaderEpoch, List.of(isr), CONTROLLER_EPOCH, leaderEpoch));
        return this;
    }

    Deciders deciders() {
        return new Deciders(ctx, config, deletions, bugs);
    }

    /**
     * Plays the coordinator: stores every state the first round of {@code write} proposes (each
     * conditional write succeeding, the partition epoch bumped) and returns the outcome the
     * writer would report.
     */
    PartitionStateWriter.Outcome store(StateWrite write) {
        Map<TopicPartition, PartitionStateChange> decisions = write.preview(ctx);
        Map<TopicPartition, PartitionStateWriter.Change> changes = new LinkedHashMap<>();
        decisions.forEach((tp, decision) -> {
            if (decision.changes()) {
                LeaderAndIsr p = decision.proposed();
                LeaderAndIsr stored = new LeaderAndIsr(p.leader(), p.leaderEpoch(), p.isr(), p.controllerEpoch(),
                        p.partitionEpoch() + 1);
                changes.put(tp, new PartitionStateWriter.Change(tp, decision.kind(), ctx.state(tp), stored));
                ctx.putState(tp, stored);
            }
        });
        return new PartitionStateWriter.Outcome(decisions, changes, Set.of());
    }
}

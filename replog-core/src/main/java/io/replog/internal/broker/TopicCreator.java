package io.replog.internal.broker;

import io.replog.internal.assign.BrokerRack;
import io.replog.internal.assign.RackAwareAssignor;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Coordinator;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.InvalidConfigException;
import io.replog.errors.InvalidPartitionsException;
import io.replog.errors.InvalidReplicationFactorException;
import io.replog.protocol.CreateTopicsRequest.NewTopicSpec;
import io.replog.internal.replica.TopicSettings;
import io.replog.topic.TopicName;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a topic creation request into a stored assignment: validates the name, the counts and
 * the configs against the live brokers, places replicas rack-aware, and writes the assignment
 * to the coordinator, where the controller picks it up. Refuses at once, with the numbers,
 * what the live brokers cannot satisfy.
 */
final class TopicCreator {
    private final Coordinator coordinator;
    private final TopicSettings defaults;
    private final java.util.random.RandomGenerator topicIds;

    /** @param topicIds where new topics' ids come from (shared only with this broker's event loop) */
    TopicCreator(Coordinator coordinator, TopicSettings defaults, java.util.random.RandomGenerator topicIds) {
        this.coordinator = coordinator;
        this.defaults = defaults;
        this.topicIds = topicIds;
    }

    /** Validates {@code spec} against {@code live} and returns the assignment to store. */
    TopicAssignment plan(NewTopicSpec spec, Map<Integer, BrokerRegistration> live) {
        TopicName.validate(spec.name());
        TopicSettings config = TopicSettings.resolve(defaults, spec.configs());
        Map<Integer, List<Integer>> assignment;
        if (!spec.assignment().isEmpty()) {
            if (spec.numPartitions() != -1 || spec.replicationFactor() != -1) {
                throw new InvalidConfigException("Topic '" + spec.name() + "': give either an explicit assignment or "
                        + "a partition count and replication factor, not both");
            }
            assignment = spec.assignment();
            validateExplicit(spec.name(), assignment, live);
        } else {
            if (spec.numPartitions() < 1) {
                throw new InvalidPartitionsException("Topic '" + spec.name() + "': the number of partitions must be "
                        + "at least 1, was " + spec.numPartitions());
            }
            if (spec.replicationFactor() < 1) {
                throw new InvalidReplicationFactorException("Topic '" + spec.name()
                        + "': the replication factor must be at least 1, was " + spec.replicationFactor());
            }
            if (spec.replicationFactor() > live.size()) {
                throw new InvalidReplicationFactorException("Topic '" + spec.name() + "': replication factor "
                        + spec.replicationFactor() + " is larger than the " + live.size() + " live brokers "
                        + live.keySet());
            }
            List<BrokerRack> racks = live.values().stream()
                    .map(b -> new BrokerRack(b.brokerId(), b.rack())).toList();
            assignment = RackAwareAssignor.assign(racks, spec.numPartitions(), spec.replicationFactor());
        }
        int rf = assignment.values().iterator().next().size();
        int minIsr = config.replication().minInsyncReplicas();
        if (minIsr > rf) {
            throw new InvalidConfigException("Topic '" + spec.name() + "': min.insync.replicas " + minIsr
                    + " is larger than the replication factor " + rf + ", so no acks=all write could ever succeed");
        }
        // A fresh id per creation: a directory left by an earlier topic of the same name holds
        // another id, so a broker can tell it from this topic's (KIP-516).
        return new TopicAssignment(spec.name(), io.replog.topic.TopicId.random(topicIds), assignment, spec.configs());
    }

    private static void validateExplicit(String topic, Map<Integer, List<Integer>> assignment,
                                         Map<Integer, BrokerRegistration> live) {
        int rf = -1;
        for (int p = 0; p < assignment.size(); p++) {
            List<Integer> replicas = assignment.get(p);
            if (replicas == null) {
                throw new InvalidPartitionsException("Topic '" + topic + "': the assignment must number partitions "
                        + "0.." + (assignment.size() - 1) + "; partition " + p + " is missing");
            }
            if (replicas.isEmpty() || (rf != -1 && replicas.size() != rf)) {
                throw new InvalidReplicationFactorException("Topic '" + topic + "': partition " + p + " has "
                        + replicas.size() + " replicas; every partition needs the same number, at least 1");
            }
            rf = replicas.size();
            Set<Integer> seen = new HashSet<>();
            for (int b : replicas) {
                if (!seen.add(b)) {
                    throw new InvalidReplicationFactorException("Topic '" + topic + "': partition " + p
                            + " names broker " + b + " twice");
                }
                if (!live.containsKey(b)) {
                    throw new InvalidReplicationFactorException("Topic '" + topic + "': partition " + p
                            + " names broker " + b + ", which is not live; live brokers are " + live.keySet());
                }
            }
        }
    }

    /** Plans and stores the topic; completes when the coordinator has it. */
    CompletableFuture<TopicAssignment> create(NewTopicSpec spec, Map<Integer, BrokerRegistration> live,
                                              boolean validateOnly) {
        TopicAssignment assignment = plan(spec, live);
        if (validateOnly) {
            return CompletableFuture.completedFuture(assignment);
        }
        return coordinator.createTopic(assignment).thenApply(v -> assignment);
    }
}

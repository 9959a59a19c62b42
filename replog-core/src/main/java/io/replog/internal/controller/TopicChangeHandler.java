package io.replog.internal.controller;

import io.replog.coordinator.TopicAssignment;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides what a new snapshot of the topics means: new topics and partitions get their first
 * state, changed configurations reach the replicas, topics that disappeared are forgotten and
 * announced gone. A topic whose id changed was deleted and created again behind this
 * controller's back and is a new topic. Replica reassignment is not supported: a changed replica
 * list is logged and ignored.
 *
 * <p>The seam: {@link #update} brings the context's topics up to date and says what changed;
 * {@link EventRunner} writes the {@link #newPartitions} decision; {@link #requests} then
 * tells the brokers, from the states as stored. Event-loop confined.
 */
final class TopicChangeHandler {
    private static final Logger log = LoggerFactory.getLogger(TopicChangeHandler.class);

    private final ControllerContext ctx;
    private final TopicDeletions deletions;
    private final Deciders deciders;
    private final String logPrefix;

    /**
     * What a topic snapshot changed.
     *
     * @param newPartitions partitions that need a first state
     * @param reconfigured  partitions of topics whose configuration changed (their replicas get
     *                      LeaderAndIsr, which carries the configuration, although the state is not newer)
     * @param removed       topics no longer in the snapshot
     */
    record TopicChange(List<TopicPartition> newPartitions, List<TopicPartition> reconfigured,
                       SortedSet<String> removed) {
        TopicChange {
            newPartitions = List.copyOf(newPartitions);
            reconfigured = List.copyOf(reconfigured);
            removed = Collections.unmodifiableSortedSet(new TreeSet<>(removed));
        }
    }

    TopicChangeHandler(ControllerContext ctx, TopicDeletions deletions, Deciders deciders, String logPrefix) {
        this.ctx = ctx;
        this.deletions = deletions;
        this.deciders = deciders;
        this.logPrefix = logPrefix;
    }

    /** Takes {@code snapshot} (every topic there is) into the context; returns what changed. */
    TopicChange update(Map<String, TopicAssignment> snapshot) {
        List<TopicPartition> newPartitions = new ArrayList<>();
        List<TopicPartition> reconfigured = new ArrayList<>();
        new TreeMap<>(snapshot).forEach((name, assignment) -> {
            TopicAssignment known = ctx.topic(name);
            if (known != null && !known.topicId().equals(assignment.topicId()) && !deletions.isDeleting(name)) {
                // Deleted and created again while this controller was not looking: a new topic.
                log.info("{}Topic {} now has id {} (was {}): a new topic of the same name", logPrefix, name,
                        assignment.topicId(), known.topicId());
                ctx.removeTopic(name);
                known = null;
            }
            if (known == null) {
                ctx.putTopic(assignment);
                newPartitions.addAll(assignment.topicPartitions());
                log.info("{}New topic {}: {} partitions{}", logPrefix, name, assignment.partitions().size(),
                        assignment.partitions().size() <= 20 ? ", replicas " + assignment.partitions() : "");
                return;
            }
            Map<Integer, List<Integer>> merged = new TreeMap<>(known.partitions());
            assignment.partitions().forEach((p, replicas) -> {
                List<Integer> before = merged.putIfAbsent(p, replicas);
                if (before == null) {
                    newPartitions.add(new TopicPartition(name, p));
                } else if (!before.equals(replicas)) {
                    log.warn("{}Replica reassignment is not supported: {}-{} keeps replicas {} (asked for {})",
                            logPrefix, name, p, before, replicas);
                }
            });
            if (merged.size() != known.partitions().size() || !known.configs().equals(assignment.configs())) {
                ctx.putTopic(new TopicAssignment(name, known.topicId(), merged, assignment.configs()));
            }
            if (!known.configs().equals(assignment.configs())) {
                log.info("{}Configs of topic {} changed to {}", logPrefix, name, assignment.configs());
                reconfigured.addAll(known.topicPartitions());
            }
        });
        Set<String> gone = new TreeSet<>(ctx.topics().keySet());
        gone.removeAll(snapshot.keySet());
        gone.forEach(deletions::finished);
        if (!gone.isEmpty()) {
            log.info("{}Topics {} were removed", logPrefix, gone);
            gone.forEach(ctx::removeTopic);
        }
        return new TopicChange(newPartitions, reconfigured, new TreeSet<>(gone));
    }

    /** New partitions get their first state (or, having one already, are reconciled). */
    StateWrite newPartitions(TopicChange change) {
        return new StateWrite("new partitions", change.newPartitions(), deciders.reconcile());
    }

    /** Once the new partitions' states are stored: what the brokers must learn. */
    BrokerRequests requests(TopicChange change, PartitionStateWriter.Outcome outcome) {
        BrokerRequests.Builder batch = new BrokerRequests.Builder(ctx);
        change.reconfigured().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of()));
        if (!change.removed().isEmpty()) {
            batch.deletedTopics(change.removed());
        }
        outcome.changedPartitions().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of()));
        if (!outcome.changes().isEmpty()) {
            batch.metadataToAll(outcome.changedPartitions());
        }
        return batch.build();
    }
}

package io.replog.internal.controller;

import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;
import io.replog.protocol.Errors;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides the steps of deleting topics. Clients stop seeing a topic at once (UpdateMetadata),
 * every live replica is told to stop and delete its log, and the deletion stays pending, the name
 * still taken, until every replica has confirmed; a broker that was down is told when it returns
 * (see {@link TopicDeletions} and {@link BrokerChangeHandler#requests}). Only then is the topic
 * removed from the coordinator.
 *
 * <p>The seam: {@link #start} and {@link #confirmed} say which topics are finished; the
 * {@link EventRunner} removes them from the coordinator (a call that can fail) and reports each
 * removal back through {@link #removed}. Event-loop confined.
 */
final class TopicDeletionHandler {
    private static final Logger log = LoggerFactory.getLogger(TopicDeletionHandler.class);

    private final ControllerContext ctx;
    private final TopicDeletions deletions;
    private final PlantedBugs bugs;
    private final String logPrefix;

    /**
     * What starting deletions decided.
     *
     * @param starting topics whose deletion starts now (already-pending and unknown ones left out)
     * @param requests the announcement and the deletes for the live replicas
     * @param finished topics whose deletion is final at once, to be removed from the coordinator
     *                 (always empty unless a planted bug makes it otherwise)
     */
    record DeletionStart(List<String> starting, BrokerRequests requests, List<String> finished) {
        DeletionStart {
            starting = List.copyOf(starting);
            finished = List.copyOf(finished);
        }
    }

    /** @param bugs asked for {@link PlantedBug#STALE_TOPIC_DIRECTORY_REUSED} where a deletion would become final */
    TopicDeletionHandler(ControllerContext ctx, TopicDeletions deletions, PlantedBugs bugs, String logPrefix) {
        this.ctx = ctx;
        this.deletions = deletions;
        this.bugs = bugs;
        this.logPrefix = logPrefix;
    }

    /** Starts deleting the known topics of {@code requested} that are not being deleted already. */
    DeletionStart start(Set<String> requested) {
        List<String> starting = new TreeSet<>(requested).stream().filter(ctx::hasTopic)
                .filter(t -> deletions.start(t, replicasOf(t))).toList();
        if (starting.isEmpty()) {
            return new DeletionStart(List.of(), BrokerRequests.NONE, List.of());
        }
        log.info("{}Deleting topics {}: waiting for every replica to delete its log", logPrefix, starting);
        BrokerRequests.Builder batch = new BrokerRequests.Builder(ctx).deletedTopics(starting);
        for (int broker : ctx.liveBrokers().keySet()) {
            deletions.unconfirmedOn(broker).forEach(tp -> batch.stopReplica(broker, tp, true));
        }
        // PLANTED BUG: the deletion is final before the replicas that are down have been told.
        List<String> finished = bugs.has(PlantedBug.STALE_TOPIC_DIRECTORY_REUSED) ? starting : List.of();
        return new DeletionStart(starting, batch.build(), finished);
    }

    /** Takes {@code broker}'s answer to a delete; returns the topics every replica has now confirmed deleting. */
    List<String> confirmed(int broker, Map<TopicPartition, Errors> results) {
        return deletions.confirm(broker, results);
    }

    /**
     * {@code topic} is gone from the coordinator: forget it, and its partitions if this controller
     * is still {@code active} (a resigned one no longer keeps a picture of the cluster).
     */
    void removed(String topic, boolean active) {
        if (active && ctx.hasTopic(topic)) {
            log.info("{}Deleted topic {} ({} partitions): every replica confirmed", logPrefix, topic,
                    ctx.topic(topic).partitions().size());
            ctx.removeTopic(topic);
        }
        deletions.finished(topic);
    }

    private Map<TopicPartition, List<Integer>> replicasOf(String topic) {
        Map<TopicPartition, List<Integer>> out = new TreeMap<>();
        ctx.topic(topic).topicPartitions().forEach(tp -> out.put(tp, ctx.replicas(tp)));
        return out;
    }
}

package io.replog.client.internal.producer;

import io.replog.client.internal.Futures;
import io.replog.client.internal.Cluster;
import io.replog.errors.ReplogException;
import io.replog.errors.RetriableException;
import io.replog.errors.TimeoutException;
import io.replog.errors.UnknownTopicOrPartitionException;
import io.replog.protocol.Errors;
import io.replog.topic.TopicPartition;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The producer's decisions as values, apart from any network or thread, so each is unit-tested on
 * its own: which ready partitions go to which leader, what an answer's error code means for a
 * batch, and what a send that waited in vain for metadata fails with.
 */
final class SendDecisions {

    /** What to do with a batch after an answer (or a failed request). */
    enum Outcome {
        /** Acknowledged: complete its futures. */
        COMPLETE,
        /** Retriable: refresh metadata and send it again after {@code retry.backoff.ms}, while time and retries last. */
        RETRY,
        /** Not retriable: fail its futures with the mapped exception. */
        FAIL
    }

    /**
     * The ready partitions split by their leader in {@code cluster}: those with a live leader, per
     * leader in partition order (one produce request each), and those without one (metadata must
     * be refreshed; they stay queued).
     */
    record Routing(Map<Integer, List<TopicPartition>> byLeader, Set<TopicPartition> leaderless) {
    }

    private SendDecisions() {
    }

    static Routing route(Collection<TopicPartition> ready, Cluster cluster) {
        Map<Integer, List<TopicPartition>> byLeader = new LinkedHashMap<>();
        Set<TopicPartition> leaderless = new LinkedHashSet<>();
        for (TopicPartition tp : ready) {
            OptionalInt leader = cluster.leader(tp);
            if (leader.isPresent()) {
                byLeader.computeIfAbsent(leader.getAsInt(), id -> new java.util.ArrayList<>()).add(tp);
            } else {
                leaderless.add(tp);
            }
        }
        byLeader.replaceAll((id, tps) -> List.copyOf(tps));
        return new Routing(Map.copyOf(byLeader), Set.copyOf(leaderless));
    }

    /**
     * What a partition's error code in a produce answer means. Retriable are the codes Kafka's
     * producer retries: those {@link Errors#isRetriable()} marks (not leader, not enough replicas,
     * request timed out, ...) and also {@link Errors#UNKNOWN_TOPIC_OR_PARTITION}, which a broker
     * answers while it has not yet learned of a new topic or leadership.
     */
    static Outcome outcome(Errors error) {
        if (error == Errors.NONE) {
            return Outcome.COMPLETE;
        }
        return error.isRetriable() || error == Errors.UNKNOWN_TOPIC_OR_PARTITION ? Outcome.RETRY : Outcome.FAIL;
    }

    /** What a request that got no answer means for its batches: retry after a network failure or timeout. */
    static Outcome outcomeOfRequestFailure(Throwable error) {
        return Futures.cause(error) instanceof RetriableException ? Outcome.RETRY : Outcome.FAIL;
    }

    /** The exception for {@code error} answered for {@code tp}, naming the partition and the broker's detail. */
    static ReplogException partitionError(TopicPartition tp, int brokerId, Errors error, String message) {
        String detail = message == null || message.isEmpty() ? error.name() : error.name() + ": " + message;
        return error.exception("Producing to " + tp + " failed at broker " + brokerId + " with " + detail);
    }

    /** A request's failure as the runtime exception a batch fails with. */
    static RuntimeException requestError(Throwable error) {
        Throwable cause = Futures.cause(error);
        return cause instanceof RuntimeException r ? r : new ReplogException("Produce request failed: " + cause, cause);
    }

    /**
     * What a send fails with when the topic's metadata did not arrive within {@code max.block.ms}:
     * an {@link UnknownTopicOrPartitionException} naming the topic when the cluster answered that it
     * does not exist, otherwise {@code timeout} (which names the bootstrap servers and the last error).
     */
    static RuntimeException metadataWaitFailure(String topic, Cluster cluster, Throwable timeout, long maxBlockMs) {
        if (cluster.topicError(topic) == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
            return new UnknownTopicOrPartitionException("Topic " + topic + " not present in metadata after "
                    + maxBlockMs + " ms (max.block.ms): the cluster does not know it");
        }
        Throwable cause = Futures.cause(timeout);
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new TimeoutException("Topic " + topic + " not present in metadata after " + maxBlockMs + " ms", cause);
    }
}

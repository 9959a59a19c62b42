package io.replog.internal.controller;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.topic.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what to do when a broker refuses to lead ({@link Errors#INELIGIBLE_REPLICA}): its
 * replica may lack records it acknowledged (it came back from an unclean shutdown or with a new
 * log) and the ISR names other members. Each refused partition gets a leader from the other live
 * ISR members, the refusing broker leaving the ISR, or stays offline until one of them returns.
 * A refusal counts only for the leadership it refused: an answer to an older request (a retried
 * one delivered late, whose ISR named members the current one no longer does) changes nothing,
 * or a broker that may lead as the last ISR member would be taken for one that refused and its
 * partition left offline while it is live.
 *
 * <p>The seam: {@link #refusal} reads the answer where it arrives; {@link EventRunner} queues
 * it as an event, writes the {@link #reelect} decision and sends {@link #requests} from the
 * states stored. Event-loop confined.
 */
final class LeadershipRefusalHandler {
    private final ControllerContext ctx;
    private final Deciders deciders;

    /**
     * The leaderships one broker refused.
     *
     * @param broker  the refusing broker
     * @param refused the partitions it refused to lead
     * @param asked   the states the refused request carried, by partition
     */
    record Refusal(int broker, List<TopicPartition> refused, Map<TopicPartition, LeaderAndIsrRequest.PartitionState> asked) {
        Refusal {
            refused = List.copyOf(refused);
            asked = Map.copyOf(asked);
        }
    }

    LeadershipRefusalHandler(ControllerContext ctx, Deciders deciders) {
        this.ctx = ctx;
        this.deciders = deciders;
    }

    /** The leaderships {@code response} refuses, if any. Reads nothing but its arguments, so any thread. */
    static Optional<Refusal> refusal(int broker, LeaderAndIsrRequest request, LeaderAndIsrResponse response) {
        List<TopicPartition> refused = response.partitionErrors().entrySet().stream()
                .filter(e -> e.getValue() == Errors.INELIGIBLE_REPLICA).map(Map.Entry::getKey).toList();
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        Map<TopicPartition, LeaderAndIsrRequest.PartitionState> asked = new HashMap<>();
        request.partitions().forEach(ps -> asked.put(ps.partition(), ps));
        return Optional.of(new Refusal(broker, refused, asked));
    }

    /** New leaders, without the refusing broker, for the leaderships it still holds as refused. */
    StateWrite reelect(Refusal refusal) {
        int broker = refusal.broker();
        ClusterView without = ctx.viewWithout(broker);
        return new StateWrite("broker " + broker + " may have lost acknowledged records and refused to lead",
                refusal.refused(), deciders.unlessDeleting((tp, replicas, current) ->
                        current == null || current.leader() != broker || !refusedNow(refusal.asked().get(tp), current)
                                ? PartitionStateChange.noChange()
                                : PartitionLeaderElector.electOffline(replicas, current, without, false)));
    }

    /** Once stored: the replicas of the changed partitions learn their state, everyone the metadata. */
    BrokerRequests requests(PartitionStateWriter.Outcome outcome) {
        BrokerRequests.Builder batch = new BrokerRequests.Builder(ctx);
        outcome.changedPartitions().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of()));
        return batch.metadataToAll(outcome.changedPartitions()).build();
    }

    /** Whether {@code refused} is the leadership {@code current} still holds (same topic, same leader epoch). */
    private boolean refusedNow(LeaderAndIsrRequest.PartitionState refused, LeaderAndIsr current) {
        if (refused == null || refused.state().leaderEpoch() != current.leaderEpoch()) {
            return false;
        }
        TopicAssignment topic = ctx.topic(refused.partition().topic());
        return topic != null && topic.topicId().equals(refused.topicId());
    }
}

package io.replog.internal.replica;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.errors.LogStorageException;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The controller's decisions about one broker's replicas: LeaderAndIsr (open the replica, lead it
 * or follow its leader) and StopReplica (stop, and delete when the topic is deleted). Requests
 * of a controller epoch older than the newest obeyed are refused whole; a replica that may have
 * lost acknowledged records refuses to lead; an offline log neither leads nor follows. Event
 * loop only.
 */
final class LeadershipChanges {
    private static final Logger LOG = LoggerFactory.getLogger(LeadershipChanges.class);

    private final int brokerId;
    private final ReplicaSettings settings;
    private final Clock clock;
    private final LocalReplicas replicas;
    private final LeaderEligibility eligibility;
    private final ReplicaFetchers fetchers;
    private final ReplicaEvents events;
    private int controllerEpoch = -1;

    LeadershipChanges(ReplicaSettings settings, Clock clock, LocalReplicas replicas, LeaderEligibility eligibility,
                      ReplicaFetchers fetchers, ReplicaEvents events) {
        this.brokerId = settings.brokerId();
        this.settings = settings;
        this.clock = clock;
        this.replicas = replicas;
        this.eligibility = eligibility;
        this.fetchers = fetchers;
        this.events = events;
    }

    /** The newest controller epoch obeyed, or -1. */
    int controllerEpoch() {
        return controllerEpoch;
    }

    LeaderAndIsrResponse handleLeaderAndIsr(LeaderAndIsrRequest request) {
        if (request.controllerEpoch() < controllerEpoch) {
            LOG.info("[broker {}] ignoring LeaderAndIsr from controller {} with stale epoch {} (current {})",
                    brokerId, request.controllerId(), request.controllerEpoch(), controllerEpoch);
            return new LeaderAndIsrResponse(Errors.STALE_CONTROLLER_EPOCH, Map.of());
        }
        controllerEpoch = request.controllerEpoch();
        Map<TopicPartition, Errors> errors = new HashMap<>();
        long now = clock.millis();
        for (LeaderAndIsrRequest.PartitionState ps : request.partitions()) {
            TopicPartition tp = ps.partition();
            if (!ps.replicas().contains(brokerId)) {
                errors.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                continue;
            }
            Partition partition;
            try {
                partition = replicas.getOrOpen(tp, ps.topicId(), ps.state(),
                        TopicSettings.resolve(settings.defaults(), ps.configs()), this::retire);
            } catch (LogStorageException e) {
                LOG.error("[broker {}] {}: cannot open the log: {}", brokerId, tp, e.getMessage());
                errors.put(tp, Errors.KAFKA_STORAGE_ERROR);
                continue;
            }
            errors.put(tp, apply(partition, ps, now));
        }
        return new LeaderAndIsrResponse(Errors.NONE, errors);
    }

    /** Takes up the role {@code ps} assigns to the open replica {@code partition}. */
    private Errors apply(Partition partition, LeaderAndIsrRequest.PartitionState ps, long now) {
        TopicPartition tp = ps.partition();
        if (partition.log().isOffline()) {
            // Neither lead nor follow on a log that lost an I/O error; a restart recovers it.
            fetchers.stop(tp);
            return Errors.KAFKA_STORAGE_ERROR;
        }
        LeaderAndIsr state = ps.state();
        if (state.leader() == brokerId) {
            if (!eligibility.mayLead(tp, state)) {
                LOG.warn("[broker {}] {}: refusing leadership for epoch {}: this replica may have lost records "
                                + "it acknowledged (unclean shutdown or new log) and the ISR {} names other members",
                        brokerId, tp, state.leaderEpoch(), state.isr());
                return Errors.INELIGIBLE_REPLICA;
            }
            if (!partition.makeLeader(state, ps.replicas(), now)) {
                return Errors.FENCED_LEADER_EPOCH;
            }
            fetchers.stop(tp);
            events.onHighWatermarkMaybeChanged(partition);
            return Errors.NONE;
        }
        if (!partition.makeFollower(state, ps.replicas())) {
            return Errors.FENCED_LEADER_EPOCH;
        }
        fetchers.stop(tp);
        if (state.hasLeader()) {
            fetchers.follow(state.leader(), partition);
        }
        events.onHighWatermarkMaybeChanged(partition);
        return Errors.NONE;
    }

    StopReplicaResponse handleStopReplica(StopReplicaRequest request) {
        if (request.controllerEpoch() < controllerEpoch) {
            return new StopReplicaResponse(Errors.STALE_CONTROLLER_EPOCH, Map.of());
        }
        controllerEpoch = request.controllerEpoch();
        Map<TopicPartition, Errors> errors = new HashMap<>();
        for (TopicPartition tp : request.partitions()) {
            fetchers.stop(tp);
            Partition p = replicas.get(tp);
            try {
                if (p != null) {
                    p.makeNone();
                    events.onHighWatermarkMaybeChanged(p);
                    if (request.deletePartitions()) {
                        replicas.remove(p);
                        p.log().delete();
                        LOG.info("[broker {}] {}: replica deleted", brokerId, tp);
                    }
                } else if (request.deletePartitions()) {
                    // Deleted while this broker was down: the directory is still on disk.
                    replicas.deleteUnopened(tp);
                }
                errors.put(tp, Errors.NONE);
            } catch (LogStorageException e) {
                LOG.error("[broker {}] {}: cannot delete the replica: {}", brokerId, tp, e.getMessage());
                errors.put(tp, Errors.KAFKA_STORAGE_ERROR);
            }
        }
        return new StopReplicaResponse(Errors.NONE, errors);
    }

    /** A replica open for a deleted topic of the same name: no longer fetched, led or waited for. */
    private void retire(Partition stale) {
        fetchers.stop(stale.topicPartition());
        stale.makeNone();
        events.onHighWatermarkMaybeChanged(stale);
    }
}

package io.replog.internal.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one decision's {@link BrokerRequests} into as few requests as possible and queues them:
 * per broker at most one LeaderAndIsr (all its partitions, with the registrations of the leaders
 * it names), one UpdateMetadata, one StopReplica and one StopReplica-and-delete, in that order.
 * Partition states are read from the context when the batch is sent, so a batch always carries
 * the latest decided state; brokers that are not live get nothing.
 */
final class RequestBatch {
    private final int controllerId;
    private final ControllerContext ctx;
    private java.util.function.BiConsumer<Integer, StopReplicaResponse> onDeleteAnswered = (broker, response) -> { };
    private LeaderAndIsrAnswered onLeaderAndIsrAnswered = (b, q, r) -> { };

    /** A broker's answer to a LeaderAndIsr request, with the request it answers (the states it refused). */
    @FunctionalInterface
    interface LeaderAndIsrAnswered {
        void accept(int broker, LeaderAndIsrRequest request, LeaderAndIsrResponse response);
    }

    RequestBatch(int controllerId, ControllerContext ctx) {
        this.controllerId = controllerId;
        this.ctx = ctx;
    }

    /** Called with each broker's answer to its StopReplica-and-delete, to confirm deletions. */
    RequestBatch onDeleteAnswered(java.util.function.BiConsumer<Integer, StopReplicaResponse> callback) {
        this.onDeleteAnswered = callback;
        return this;
    }

    /** Called with each broker's answer to its LeaderAndIsr, to act on partitions it refused. */
    RequestBatch onLeaderAndIsrAnswered(LeaderAndIsrAnswered callback) {
        this.onLeaderAndIsrAnswered = callback;
        return this;
    }

    /**
     * Queues {@code requests} on {@code channel}; brokers that are not live get nothing. Each
     * request names the registration epoch of its target as the controller knows it (KIP-380).
     */
    void send(BrokerRequests requests, ControllerChannel channel) {
        int epoch = ctx.controllerEpoch();
        List<BrokerRegistration> live = List.copyOf(ctx.liveBrokers().values());
        for (BrokerRegistration target : ctx.liveBrokers().values()) {
            int broker = target.brokerId();
            long brokerEpoch = target.brokerEpoch();
            Set<TopicPartition> lai = requests.leaderAndIsr().get(broker);
            if (lai != null) {
                LeaderAndIsrRequest request = leaderAndIsrRequest(epoch, brokerEpoch, lai);
                if (!request.partitions().isEmpty()) {
                    channel.send(broker, request,
                            response -> onLeaderAndIsrAnswered.accept(broker, request, (LeaderAndIsrResponse) response));
                }
            }
            Set<TopicPartition> extra = requests.metadataForOne().get(broker);
            if (requests.metadataToAll() || extra != null) {
                Set<TopicPartition> partitions = new TreeSet<>(requests.metadataForAll());
                if (extra != null) {
                    partitions.addAll(extra);
                }
                channel.send(broker, new UpdateMetadataRequest(controllerId, epoch, brokerEpoch, live,
                        partitionInfos(partitions), requests.deletedTopics()));
            }
            Set<TopicPartition> stop = requests.stopReplica().get(broker);
            if (stop != null) {
                channel.send(broker, new StopReplicaRequest(controllerId, epoch, brokerEpoch, false, List.copyOf(stop)));
            }
            Set<TopicPartition> delete = requests.stopAndDelete().get(broker);
            if (delete != null) {
                channel.send(broker, new StopReplicaRequest(controllerId, epoch, brokerEpoch, true, List.copyOf(delete)),
                        response -> onDeleteAnswered.accept(broker, (StopReplicaResponse) response));
            }
        }
    }

    private LeaderAndIsrRequest leaderAndIsrRequest(int epoch, long brokerEpoch, Set<TopicPartition> partitions) {
        List<LeaderAndIsrRequest.PartitionState> states = new ArrayList<>();
        Set<Integer> leaders = new TreeSet<>();
        for (TopicPartition tp : partitions) {
            LeaderAndIsr state = ctx.state(tp);
            if (state == null) {
                continue;
            }
            TopicAssignment topic = ctx.topic(tp.topic());
            states.add(new LeaderAndIsrRequest.PartitionState(tp, topic.topicId(), state, ctx.replicas(tp),
                    topic.configs()));
            if (state.hasLeader()) {
                leaders.add(state.leader());
            }
        }
        List<BrokerRegistration> leaderRegistrations = leaders.stream()
                .map(id -> ctx.liveBrokers().get(id)).filter(java.util.Objects::nonNull).toList();
        return new LeaderAndIsrRequest(controllerId, epoch, brokerEpoch, states, leaderRegistrations);
    }

    private List<UpdateMetadataRequest.PartitionInfo> partitionInfos(Set<TopicPartition> partitions) {
        List<UpdateMetadataRequest.PartitionInfo> infos = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            LeaderAndIsr state = ctx.state(tp);
            if (state == null) {
                continue;
            }
            List<Integer> replicas = ctx.replicas(tp);
            List<Integer> offline = replicas.stream().filter(r -> !ctx.isLive(r)).toList();
            TopicAssignment topic = ctx.topic(tp.topic());
            infos.add(new UpdateMetadataRequest.PartitionInfo(tp, topic == null ? TopicId.ZERO : topic.topicId(),
                    state.leader(), state.leaderEpoch(), replicas, state.isr(), offline));
        }
        return infos;
    }
}

package io.replog.internal.replica;

import io.replog.internal.purgatory.Purgatory;
import io.replog.log.LogAppendInfo;
import io.replog.protocol.Errors;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.ProduceResponse.PartitionResult;
import io.replog.protocol.Response;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The produce path of one broker: appends to the partitions it leads and answers by the
 * request's acks. acks=all requests wait in a {@link Purgatory} keyed by partition until each
 * partition's high watermark passes the appended records (or the partition's leadership or ISR
 * decides otherwise), or until {@code timeout.ms}. Event loop only.
 */
final class ProduceHandler {
    private final int brokerId;
    private final LocalReplicas replicas;
    private final ReplicaEvents events;
    private final Purgatory<TopicPartition> waiting;

    ProduceHandler(int brokerId, Scheduler scheduler, LocalReplicas replicas, ReplicaEvents events) {
        this.brokerId = brokerId;
        this.replicas = replicas;
        this.events = events;
        this.waiting = new Purgatory<>(scheduler);
    }

    /**
     * acks=0 and acks=1 answer at once (acks=0's answer is not sent: the transport only looks for
     * refusals in it); acks=all answers when the high watermarks have passed the appended records,
     * or on timeout.
     */
    CompletableFuture<Response> handle(ProduceRequest request) {
        boolean acksAll = request.acks() == ProduceRequest.ACKS_ALL;
        Map<TopicPartition, PartitionResult> immediate = new HashMap<>();
        Map<TopicPartition, LogAppendInfo> appended = new HashMap<>();
        for (Map.Entry<TopicPartition, ByteBuffer> e : request.records().entrySet()) {
            TopicPartition tp = e.getKey();
            Partition p = replicas.get(tp);
            if (p == null) {
                immediate.put(tp, PartitionResult.error(Errors.NOT_LEADER_OR_FOLLOWER,
                        "broker " + brokerId + " holds no replica of " + tp));
                continue;
            }
            try {
                LogAppendInfo info = p.appendAsLeader(e.getValue(), acksAll);
                appended.put(tp, info);
                events.onLogEndChanged(p);
            } catch (RuntimeException ex) {
                immediate.put(tp, PartitionResult.error(Errors.forException(ex), ex.getMessage()));
                events.reportIfOffline(p);
            }
        }
        if (!acksAll || appended.isEmpty()) {
            // acks=0 too: the transport sends no response, but a refusal is how it knows to close
            // the connection, the only way an acks=0 producer learns of one (as in Kafka).
            appended.forEach((tp, info) -> immediate.put(tp, success(tp, info)));
            return CompletableFuture.completedFuture(new ProduceResponse(immediate));
        }
        DelayedProduce delayed = new DelayedProduce(immediate);
        appended.forEach((tp, info) -> delayed.await(replicas.get(tp), info.lastOffset() + 1, success(tp, info)));
        waiting.tryCompleteElseWatch(delayed, appended.keySet(), request.timeoutMs());
        return delayed.future();
    }

    private PartitionResult success(TopicPartition tp, LogAppendInfo info) {
        return new PartitionResult(Errors.NONE, info.firstOffset(), replicas.get(tp).logStartOffset(), null);
    }

    /** {@code p}'s high watermark, ISR or role may have moved: answers the requests that waited for it. */
    void onPartitionChanged(Partition p) {
        waiting.checkAndComplete(p.topicPartition());
    }

    /** How many acks=all requests still wait for {@code tp}. */
    int waitingOn(TopicPartition tp) {
        return waiting.watching(tp);
    }

    /** A crash: no waiting request is answered from here. */
    void forgetAll() {
        waiting.forgetAll();
    }
}

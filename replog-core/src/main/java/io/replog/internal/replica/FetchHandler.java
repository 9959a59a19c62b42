package io.replog.internal.replica;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.errors.LogStorageException;
import io.replog.internal.purgatory.Purgatory;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.Response;
import io.replog.record.Records;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The fetch path of one leader: serves followers (up to the log end) and consumers (up to the
 * high watermark). A follower's fetch offset is its log end: it is recorded first, so that the
 * response carries the high watermark it allowed, and may propose the follower back into the
 * ISR. A fetch that finds fewer than {@code minBytes} and no partition in error waits in a
 * {@link Purgatory} keyed by partition until one of its partitions moves or {@code maxWaitMs}
 * runs out; one with a partition in error is answered at once, as in Kafka. Event loop only.
 */
final class FetchHandler {
    private final Scheduler scheduler;
    private final LocalReplicas replicas;
    private final ReplicaEvents events;
    private final Purgatory<TopicPartition> waiting;

    FetchHandler(Scheduler scheduler, LocalReplicas replicas, ReplicaEvents events) {
        this.scheduler = scheduler;
        this.replicas = replicas;
        this.events = events;
        this.waiting = new Purgatory<>(scheduler);
    }

    CompletableFuture<Response> handle(FetchRequest request) {
        if (request.isFromFollower()) {
            long now = scheduler.clock().millis();
            for (FetchRequest.PartitionFetch pf : request.partitions()) {
                Partition p = replicas.get(pf.partition());
                if (p != null && p.isLeader() && p.checkLeaderEpoch(pf.currentLeaderEpoch()) == Errors.NONE
                        && pf.fetchOffset() <= p.logEndOffset()) {
                    Optional<LeaderAndIsr> expansion = p.onFollowerFetch(request.replicaId(), pf.fetchOffset(), now);
                    expansion.ifPresent(proposal -> events.proposeIsr(p, proposal));
                    events.onHighWatermarkMaybeChanged(p);
                }
            }
        }
        if (request.maxWaitMs() <= 0) {
            return CompletableFuture.completedFuture(readAll(request).response());
        }
        DelayedFetch delayed = new DelayedFetch(request, () -> readAll(request));
        waiting.tryCompleteElseWatch(delayed, request.partitions().stream().map(FetchRequest.PartitionFetch::partition)
                .toList(), request.maxWaitMs());
        return delayed.future();
    }

    private DelayedFetch.ReadResult readAll(FetchRequest request) {
        List<FetchResponse.PartitionData> out = new ArrayList<>();
        long bytes = 0;
        int budget = request.maxBytes();
        for (FetchRequest.PartitionFetch pf : request.partitions()) {
            TopicPartition tp = pf.partition();
            Partition p = replicas.get(tp);
            if (p == null) {
                out.add(FetchResponse.PartitionData.error(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION));
                continue;
            }
            if (!p.isLeader()) {
                out.add(FetchResponse.PartitionData.error(tp, Errors.NOT_LEADER_OR_FOLLOWER));
                continue;
            }
            Errors epochError = p.checkLeaderEpoch(pf.currentLeaderEpoch());
            if (epochError != Errors.NONE) {
                out.add(FetchResponse.PartitionData.error(tp, epochError));
                continue;
            }
            if (pf.fetchOffset() < p.logStartOffset() || pf.fetchOffset() > p.logEndOffset()) {
                out.add(new FetchResponse.PartitionData(tp, Errors.OFFSET_OUT_OF_RANGE, p.highWatermark(),
                        p.logStartOffset(), Records.EMPTY));
                continue;
            }
            Records records;
            try {
                records = budget > 0
                        ? p.read(pf.fetchOffset(), Math.min(budget, pf.partitionMaxBytes()), request.isFromFollower())
                        : Records.EMPTY;
            } catch (LogStorageException e) {
                // This partition's log is offline; the others in the request are still served.
                out.add(FetchResponse.PartitionData.error(tp, Errors.KAFKA_STORAGE_ERROR));
                events.reportIfOffline(p);
                continue;
            }
            budget -= records.sizeInBytes();
            bytes += records.sizeInBytes();
            out.add(new FetchResponse.PartitionData(tp, Errors.NONE, p.highWatermark(), p.logStartOffset(), records));
        }
        boolean anyError = out.stream().anyMatch(d -> d.error() != Errors.NONE);
        return new DelayedFetch.ReadResult(new FetchResponse(Errors.NONE, out), bytes, anyError);
    }

    /** {@code p}'s log end or high watermark may have moved: answers the fetches that now find enough. */
    void onPartitionChanged(Partition p) {
        waiting.checkAndComplete(p.topicPartition());
    }

    /** Closing: every waiting fetch answers now with what there is. */
    void expireAll() {
        waiting.expireAll();
    }

    /** A crash: no waiting fetch is answered from here. */
    void forgetAll() {
        waiting.forgetAll();
    }
}

package io.replog.internal.replica;

import io.replog.internal.purgatory.DelayedOperation;
import io.replog.protocol.Errors;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.ProduceResponse.PartitionResult;
import io.replog.protocol.Response;
import io.replog.topic.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An acks=all produce request waiting for its partitions' high watermarks. Each partition's
 * part is decided on its own, when that partition moves (or its leadership changes); the request
 * answers once every part is decided, or when {@code timeout.ms} runs out, with
 * {@link Errors#REQUEST_TIMED_OUT} for the parts still waiting.
 */
final class DelayedProduce extends DelayedOperation<TopicPartition> {
    /** A partition's part: the replica written to, the offset its high watermark must reach, the answer on success. */
    private record Pending(Partition partition, long requiredOffset, PartitionResult success) {
    }

    private final Map<TopicPartition, Pending> waiting = new HashMap<>();
    private final Map<TopicPartition, PartitionResult> done = new HashMap<>();
    private final CompletableFuture<Response> future = new CompletableFuture<>();

    /** A request whose parts in {@code immediate} were answered at the append (errors). */
    DelayedProduce(Map<TopicPartition, PartitionResult> immediate) {
        done.putAll(immediate);
    }

    /** Adds the part appended to {@code partition}: it waits for the high watermark to reach {@code requiredOffset}. */
    void await(Partition partition, long requiredOffset, PartitionResult success) {
        waiting.put(partition.topicPartition(), new Pending(partition, requiredOffset, success));
    }

    CompletableFuture<Response> future() {
        return future;
    }

    @Override
    protected boolean tryComplete() {
        for (TopicPartition tp : List.copyOf(waiting.keySet())) {
            decide(tp);
        }
        return waiting.isEmpty();
    }

    @Override
    protected boolean tryComplete(TopicPartition tp) {
        decide(tp);
        return waiting.isEmpty();
    }

    @Override
    protected boolean waitsOn(TopicPartition tp) {
        return waiting.containsKey(tp);
    }

    @Override
    protected void onComplete() {
        future.complete(new ProduceResponse(done));
    }

    @Override
    protected void onExpiration() {
        for (TopicPartition tp : waiting.keySet()) {
            done.put(tp, PartitionResult.error(Errors.REQUEST_TIMED_OUT,
                    "acks=all write to " + tp + " was not replicated to the ISR within the request timeout"));
        }
        waiting.clear();
        future.complete(new ProduceResponse(done));
    }

    private void decide(TopicPartition tp) {
        Pending p = waiting.get(tp);
        if (p == null) {
            return;
        }
        Optional<Errors> verdict = p.partition().acksAllOutcome(p.requiredOffset());
        if (verdict.isPresent()) {
            waiting.remove(tp);
            Errors e = verdict.get();
            done.put(tp, e == Errors.NONE ? p.success() : PartitionResult.error(e, describe(e, tp)));
        }
    }

    private static String describe(Errors e, TopicPartition tp) {
        return switch (e) {
            case NOT_ENOUGH_REPLICAS_AFTER_APPEND -> "the ISR of " + tp
                    + " shrank below min.insync.replicas before the write was committed";
            case NOT_LEADER_OR_FOLLOWER -> "leadership of " + tp + " moved before the write was committed";
            default -> e.name();
        };
    }
}

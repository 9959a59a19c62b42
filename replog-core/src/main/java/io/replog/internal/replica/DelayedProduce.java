package io.replog.internal.replica;

import io.replog.protocol.Errors;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.ProduceResponse.PartitionResult;
import io.replog.protocol.Response;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An acks=all produce request waiting for its partitions' high watermarks. It is checked again
 * whenever one of them moves (or leadership changes) and answers once every partition is
 * decided, or when {@code timeout.ms} runs out, with {@link Errors#REQUEST_TIMED_OUT} for the
 * partitions still waiting. No thread waits for it.
 */
final class DelayedProduce {
    /** A partition's part: the offset the high watermark must reach and the result so far. */
    private static final class Pending {
        final long requiredOffset;
        PartitionResult result;

        Pending(long requiredOffset, PartitionResult result) {
            this.requiredOffset = requiredOffset;
            this.result = result;
        }
    }

    private final Map<TopicPartition, Pending> waiting = new HashMap<>();
    /** Every partition it waited on; the replica manager lists it under each until it is answered. */
    private final java.util.Set<TopicPartition> listedOn = new java.util.HashSet<>();
    private final Map<TopicPartition, PartitionResult> done = new HashMap<>();
    private final CompletableFuture<Response> future = new CompletableFuture<>();
    private Scheduler.Timer timer;

    DelayedProduce(Map<TopicPartition, PartitionResult> immediate) {
        done.putAll(immediate);
    }

    void await(TopicPartition tp, long requiredOffset, PartitionResult success) {
        waiting.put(tp, new Pending(requiredOffset, success));
        listedOn.add(tp);
    }

    /** Whether {@code tp}'s part is still undecided. */
    boolean isWaitingFor(TopicPartition tp) {
        return waiting.containsKey(tp);
    }

    java.util.Set<TopicPartition> listedOn() {
        return java.util.Collections.unmodifiableSet(listedOn);
    }

    java.util.Set<TopicPartition> partitions() {
        return waiting.keySet();
    }

    CompletableFuture<Response> future() {
        return future;
    }

    void expireAfter(Scheduler scheduler, long timeoutMs, Runnable onExpire) {
        timer = scheduler.schedule(timeoutMs, onExpire);
    }

    /**
     * Re-checks {@code tp} with {@code outcome} (the partition's verdict for an offset);
     * returns true when the whole request has been answered.
     */
    boolean check(TopicPartition tp, Function<Long, Optional<Errors>> outcome) {
        Pending p = waiting.get(tp);
        if (p != null) {
            Optional<Errors> verdict = outcome.apply(p.requiredOffset);
            if (verdict.isPresent()) {
                waiting.remove(tp);
                Errors e = verdict.get();
                done.put(tp, e == Errors.NONE ? p.result : PartitionResult.error(e, describe(e, tp)));
            }
        }
        return maybeComplete();
    }

    /** Answers now: partitions still waiting time out. */
    void expire() {
        for (var e : waiting.entrySet()) {
            done.put(e.getKey(), PartitionResult.error(Errors.REQUEST_TIMED_OUT,
                    "acks=all write to " + e.getKey() + " was not replicated to the ISR within the request timeout"));
        }
        waiting.clear();
        maybeComplete();
    }

    boolean isDone() {
        return future.isDone();
    }

    private boolean maybeComplete() {
        if (!waiting.isEmpty() || future.isDone()) {
            return future.isDone();
        }
        if (timer != null) {
            timer.cancel();
        }
        future.complete(new ProduceResponse(done));
        return true;
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

package io.replog.client.internal.producer;

import io.replog.client.Acks;
import io.replog.client.internal.Cluster;
import io.replog.client.internal.ClusterMetadata;
import io.replog.errors.ReplogException;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.ProduceResponse.PartitionResult;
import io.replog.protocol.Response;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.ClientTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The producer's sending side: on the client's one thread, it expires batches past
 * {@code delivery.timeout.ms}, drains the ready ones from the {@link RecordAccumulator}, sends one
 * {@link ProduceRequest} per leader with one batch per partition, and acts on each partition's
 * answer (complete, retry after a metadata refresh, or fail; see {@link SendDecisions}).
 *
 * <p>Guarantees: every batch it drains is completed, failed or requeued exactly once, whatever
 * arrives first (an answer, or {@link #failInFlight} at a forced close); a partition never has more
 * than one batch in flight (the accumulator's rule), so a retry cannot reorder it; it runs only
 * when woken (a new or full batch, a flush, close, an answer) or when its timer is due (linger,
 * backoff, the next expiry), never polling.
 */
final class Sender {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    private final RecordAccumulator accumulator;
    private final ClientTransport transport;
    private final ClusterMetadata metadata;
    private final Scheduler scheduler;
    private final Acks acks;
    private final int requestTimeoutMs;
    private final long retryBackoffMs;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean runQueued = new AtomicBoolean();
    private volatile RuntimeException forcedClose;

    // Loop thread only.
    private Scheduler.Timer timer;
    private long timerDueMs = Long.MAX_VALUE;
    private boolean refreshing;
    private long lastRefreshMs = Long.MIN_VALUE / 2;

    /** One produce request awaiting its answer; whoever claims it first handles its batches. */
    private static final class InFlight {
        final int brokerId;
        final List<ProducerBatch> batches;
        final AtomicBoolean claimed = new AtomicBoolean();

        InFlight(int brokerId, List<ProducerBatch> batches) {
            this.brokerId = brokerId;
            this.batches = batches;
        }
    }

    Sender(RecordAccumulator accumulator, ClientTransport transport, ClusterMetadata metadata, Scheduler scheduler,
           Acks acks, int requestTimeoutMs, long retryBackoffMs) {
        this.accumulator = accumulator;
        this.transport = transport;
        this.metadata = metadata;
        this.scheduler = scheduler;
        this.acks = acks;
        this.requestTimeoutMs = requestTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
    }

    /** The topics whose metadata the sender refreshes. */
    void addTopic(String topic) {
        topics.add(topic);
    }

    Set<String> topics() {
        return topics;
    }

    /** Makes the sender look at the accumulator soon; cheap and coalesced when called often. */
    void wakeup() {
        if (runQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    runQueued.set(false);
                    run();
                });
            } catch (RejectedExecutionException e) {
                runQueued.set(false); // closed: nothing will be sent any more
            }
        }
    }

    /** From now on, retriable failures fail their batches with {@code error} instead of retrying. */
    void forceClose(RuntimeException error) {
        forcedClose = error;
    }

    /** Fails every batch still in flight with {@code error} (a forced close, after the network is closed). */
    void failInFlight(RuntimeException error) {
        for (InFlight request : List.copyOf(inFlight)) {
            if (request.claimed.compareAndSet(false, true)) {
                inFlight.remove(request);
                request.batches.forEach(b -> accumulator.fail(b, error));
            }
        }
    }

    /** One pass: expire, drain and send what is ready, and set the timer for the next pass. */
    void run() {
        if (forcedClose != null) {
            return; // a forced close drains nothing more; the closing thread fails what is left
        }
        try {
            accumulator.expireBatches();
            RecordAccumulator.ReadyCheck ready = accumulator.ready();
            Cluster cluster = metadata.current();
            SendDecisions.Routing routing = SendDecisions.route(ready.partitions(), cluster);
            if (!routing.leaderless().isEmpty()) {
                refreshMetadata();
            }
            for (Map.Entry<Integer, List<TopicPartition>> leader : routing.byLeader().entrySet()) {
                List<ProducerBatch> batches = accumulator.drain(leader.getValue());
                if (!batches.isEmpty()) {
                    send(leader.getKey(), batches);
                }
            }
            long nextNanos = Math.min(ready.nextCheckDelayNanos(), accumulator.nextExpiryDelayNanos());
            long nextMs = nextNanos == Long.MAX_VALUE ? Long.MAX_VALUE
                    : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextNanos) + (nextNanos % 1_000_000 == 0 ? 0 : 1));
            if (!routing.leaderless().isEmpty()) {
                nextMs = Math.min(nextMs, Math.max(1, retryBackoffMs));
            }
            arm(nextMs);
        } catch (RejectedExecutionException e) {
            log.debug("producer loop closed during a send pass", e);
        }
    }

    private void arm(long delayMs) {
        if (delayMs == Long.MAX_VALUE) {
            return;
        }
        long due = scheduler.clock().millis() + delayMs;
        if (timer != null && timerDueMs <= due) {
            return; // an earlier pass is already due
        }
        if (timer != null) {
            timer.cancel();
        }
        timerDueMs = due;
        timer = scheduler.schedule(delayMs, () -> {
            timer = null;
            timerDueMs = Long.MAX_VALUE;
            run();
        });
    }

    private void send(int brokerId, List<ProducerBatch> batches) {
        Map<TopicPartition, ByteBuffer> records = new LinkedHashMap<>();
        for (ProducerBatch b : batches) {
            records.put(b.partition(), b.records());
        }
        InFlight request = new InFlight(brokerId, batches);
        inFlight.add(request);
        transport.send(brokerId, new ProduceRequest(acks.wireValue(), requestTimeoutMs, records))
                .whenComplete((response, error) -> onAnswer(request, response, error));
    }

    private void onAnswer(InFlight request, Response response, Throwable error) {
        try {
            scheduler.execute(() -> {
                handle(request, response, error);
                run();
            });
        } catch (RejectedExecutionException e) {
            handle(request, response, error); // the loop is gone (closing): settle the batches here
        }
    }

    private void handle(InFlight request, Response response, Throwable error) {
        if (!request.claimed.compareAndSet(false, true)) {
            return;
        }
        inFlight.remove(request);
        boolean retry = false;
        if (error != null) {
            SendDecisions.Outcome outcome = SendDecisions.outcomeOfRequestFailure(error);
            RuntimeException cause = SendDecisions.requestError(error);
            log.debug("produce request to broker {} failed: {}", request.brokerId, cause.toString());
            for (ProducerBatch b : request.batches) {
                retry |= settle(b, outcome, cause);
            }
        } else if (response == null) {
            // acks=0: written, no answer comes; the offset is unknown.
            request.batches.forEach(b -> accumulator.complete(b, -1, -1));
        } else {
            Map<TopicPartition, PartitionResult> results = ((ProduceResponse) response).results();
            for (ProducerBatch b : request.batches) {
                PartitionResult r = results.get(b.partition());
                if (r == null) {
                    retry |= settle(b, SendDecisions.Outcome.FAIL, new ReplogException("Broker "
                            + request.brokerId + " answered a produce request without " + b.partition()));
                    continue;
                }
                SendDecisions.Outcome outcome = SendDecisions.outcome(r.error());
                if (outcome == SendDecisions.Outcome.COMPLETE) {
                    accumulator.complete(b, r.baseOffset(), -1);
                } else {
                    retry |= settle(b, outcome,
                            SendDecisions.partitionError(b.partition(), request.brokerId, r.error(), r.errorMessage()));
                }
            }
        }
        if (retry && forcedClose == null) {
            refreshMetadata();
        }
    }

    /** Fails or requeues a batch that was not acknowledged; returns whether it was requeued. */
    private boolean settle(ProducerBatch batch, SendDecisions.Outcome outcome, RuntimeException cause) {
        RuntimeException closing = forcedClose;
        if (outcome == SendDecisions.Outcome.RETRY && closing == null) {
            log.debug("retrying {} after {}", batch, cause.toString());
            return accumulator.retryOrFail(batch, cause);
        }
        if (outcome == SendDecisions.Outcome.RETRY) {
            closing = new ReplogException(closing.getMessage(), cause);
            accumulator.fail(batch, closing);
        } else {
            accumulator.fail(batch, cause);
        }
        return false;
    }

    /** Asks for the producer's topics again, at most one request at a time and one per {@code retry.backoff.ms}. */
    private void refreshMetadata() {
        long now = scheduler.clock().millis();
        if (refreshing || now - lastRefreshMs < retryBackoffMs || topics.isEmpty()) {
            return;
        }
        refreshing = true;
        lastRefreshMs = now;
        Collection<String> asked = List.copyOf(topics);
        metadata.refresh(asked).whenComplete((view, error) -> {
            try {
                scheduler.execute(() -> {
                    refreshing = false;
                    if (error != null) {
                        log.debug("metadata refresh for {} failed: {}", asked, error.toString());
                    }
                    run();
                });
            } catch (RejectedExecutionException e) {
                log.debug("producer closed during a metadata refresh");
            }
        });
    }

    /** Requests sent and not yet answered (for tests and diagnostics). */
    int requestsInFlight() {
        return inFlight.size();
    }
}

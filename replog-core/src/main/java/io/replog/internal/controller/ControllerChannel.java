package io.replog.internal.controller;

import io.replog.protocol.ControllerRequest;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.protocol.StopReplicaResponse;
import io.replog.protocol.UpdateMetadataResponse;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The controller's outgoing requests: per destination broker an ordered queue with at most one
 * request in flight, so a broker sees the controller's LeaderAndIsr, UpdateMetadata and
 * StopReplica requests in the order they were decided. A request that cannot be delivered is
 * resent after a backoff for as long as the broker is live; when the broker dies its queue is
 * dropped (it gets its full state when it returns). An answer with a retriable error code (the
 * broker could not take the request yet, e.g. before its own registration completed) counts as
 * undelivered and is resent the same way. Other error responses are not retried: a broker that
 * refuses a state has a reason the next decision will address.
 *
 * <p>Confined to the controller's event loop, except {@link #close()}, which may be called from
 * any thread and stops all sending at once.
 */
final class ControllerChannel {
    private static final Logger log = LoggerFactory.getLogger(ControllerChannel.class);

    private final Transport transport;
    private final Scheduler scheduler;
    private final long retryBackoffMs;
    private final Runnable onStaleControllerEpoch;
    private final java.util.function.ObjLongConsumer<Integer> onStaleBrokerEpoch;
    private final BiConsumer<Integer, Set<TopicPartition>> onOfflineReplicas;
    private final String logPrefix;
    private final Map<Integer, BrokerQueue> queues = new TreeMap<>();
    private volatile boolean closed;

    /**
     * @param onStaleControllerEpoch called when a broker answers {@link Errors#STALE_CONTROLLER_EPOCH}:
     *                               it has seen a newer controller, so this one is a zombie
     * @param onStaleBrokerEpoch     called with a broker id and the broker epoch a request named when
     *                               the broker answers {@link Errors#STALE_BROKER_EPOCH}: that
     *                               registration's process is gone (it restarted)
     * @param onOfflineReplicas      called with a broker and the partitions for which it answered a
     *                               LeaderAndIsr with {@link Errors#KAFKA_STORAGE_ERROR} (their logs are offline)
     */
    ControllerChannel(Transport transport, Scheduler scheduler, long retryBackoffMs, Runnable onStaleControllerEpoch,
                      java.util.function.ObjLongConsumer<Integer> onStaleBrokerEpoch,
                      BiConsumer<Integer, Set<TopicPartition>> onOfflineReplicas, String logPrefix) {
        this.onOfflineReplicas = onOfflineReplicas;
        this.transport = transport;
        this.scheduler = scheduler;
        this.retryBackoffMs = retryBackoffMs;
        this.onStaleControllerEpoch = onStaleControllerEpoch;
        this.onStaleBrokerEpoch = onStaleBrokerEpoch;
        this.logPrefix = logPrefix;
    }

    /** Starts a queue for a live broker (no-op if it has one). */
    void addBroker(int brokerId) {
        if (!closed) {
            queues.computeIfAbsent(brokerId, BrokerQueue::new);
        }
    }

    /** Drops a dead broker's queue and any request waiting in it. */
    void removeBroker(int brokerId) {
        BrokerQueue q = queues.remove(brokerId);
        if (q != null) {
            q.drop();
        }
    }

    /** Queues {@code request} for {@code brokerId}; dropped if the broker has no queue (not live). */
    void send(int brokerId, Request request) {
        send(brokerId, request, response -> { });
    }

    /** Like {@link #send(int, Request)}; {@code onAnswer} gets the broker's answer if one arrives. */
    void send(int brokerId, Request request, java.util.function.Consumer<Response> onAnswer) {
        BrokerQueue q = queues.get(brokerId);
        if (closed || q == null) {
            log.debug("{}Not sending {} to broker {}: {}", logPrefix, request.apiKey(), brokerId,
                    closed ? "controller stopped" : "broker not live");
            return;
        }
        q.enqueue(new Outgoing(request, onAnswer));
    }

    private record Outgoing(Request request, java.util.function.Consumer<Response> onAnswer) {
    }

    /** Stops sending at once; queued requests are dropped and late responses ignored. Any thread. */
    void close() {
        closed = true;
        scheduler.execute(() -> {
            queues.values().forEach(BrokerQueue::drop);
            queues.clear();
        });
    }

    private final class BrokerQueue {
        private final int brokerId;
        private final Deque<Outgoing> pending = new ArrayDeque<>();
        private boolean inFlight;
        private boolean dropped;
        private Scheduler.Timer retry;
        private int failures;

        BrokerQueue(int brokerId) {
            this.brokerId = brokerId;
        }

        void enqueue(Outgoing request) {
            pending.add(request);
            if (!inFlight) {
                sendHead();
            }
        }

        private void sendHead() {
            retry = null;
            if (dropped || closed || pending.isEmpty()) {
                inFlight = false;
                return;
            }
            inFlight = true;
            Outgoing outgoing = pending.peek();
            Request request = outgoing.request();
            CompletableFuture<Response> response;
            try {
                response = transport.send(brokerId, request);
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            response.whenCompleteAsync((r, error) -> onResponse(outgoing, r, error), scheduler);
        }

        private void onResponse(Outgoing outgoing, Response response, Throwable error) {
            if (dropped || closed) {
                return;
            }
            Request request = outgoing.request();
            if (error == null && errorOf(response).isRetriable()) {
                // The broker could not take it yet (over the network, a RetriableException of its
                // handler arrives as a retriable code): as undelivered.
                error = errorOf(response).exception(request.apiKey() + " refused for now");
            }
            if (error != null) {
                failures++;
                // The first failure is worth an operator's attention; the retries after it are not.
                if (failures == 1) {
                    log.info("{}Could not send {} to broker {}, retrying every {} ms while it is live: {}", logPrefix,
                            request.apiKey(), brokerId, retryBackoffMs, CoordinatorRetry.unwrap(error).toString());
                }
                retry = scheduler.schedule(retryBackoffMs, this::sendHead);
                return;
            }
            failures = 0;
            pending.poll();
            Errors errors = errorOf(response);
            if (errors == Errors.STALE_CONTROLLER_EPOCH) {
                log.warn("{}Broker {} rejected {} with STALE_CONTROLLER_EPOCH: a newer controller exists", logPrefix,
                        brokerId, request.apiKey());
                onStaleControllerEpoch.run();
                return;
            }
            if (errors == Errors.STALE_BROKER_EPOCH && request instanceof ControllerRequest cr) {
                log.info("{}Broker {} refused {} for broker epoch {}: that process is gone", logPrefix, brokerId,
                        request.apiKey(), cr.brokerEpoch());
                onStaleBrokerEpoch.accept(brokerId, cr.brokerEpoch());
            } else if (errors != Errors.NONE) {
                log.warn("{}Broker {} answered {} with {}", logPrefix, brokerId, request.apiKey(), errors);
            } else {
                outgoing.onAnswer().accept(response);
            }
            if (response instanceof LeaderAndIsrResponse r) {
                Set<TopicPartition> offline = new TreeSet<>();
                r.partitionErrors().forEach((tp, e) -> {
                    if (e == Errors.KAFKA_STORAGE_ERROR) {
                        offline.add(tp);
                    }
                });
                if (!offline.isEmpty()) {
                    onOfflineReplicas.accept(brokerId, offline);
                }
            }
            sendHead();
        }

        void drop() {
            dropped = true;
            pending.clear();
            if (retry != null) {
                retry.cancel();
            }
        }
    }

    private static Errors errorOf(Response response) {
        if (response instanceof LeaderAndIsrResponse r) {
            return r.error();
        }
        if (response instanceof UpdateMetadataResponse r) {
            return r.error();
        }
        if (response instanceof StopReplicaResponse r) {
            return r.error();
        }
        return Errors.NONE;
    }
}

package io.replog.client.internal;

import io.replog.coordinator.BrokerRegistration;
import io.replog.errors.NetworkException;
import io.replog.errors.TimeoutException;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.time.Scheduler;
import io.replog.transport.ClientTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A client's knowledge of the cluster: the last {@link Cluster} a broker described, refreshed on
 * demand, and the one place that decides which broker an untargeted request (Metadata, admin calls)
 * goes to.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>An untargeted request goes to the live brokers of the last answer, in turn, and then to
 *       the bootstrap servers, in turn, until one answers; when none does, the future fails with
 *       a {@link NetworkException} naming every broker and address tried and why each failed.</li>
 *   <li>Every Metadata answer tells the transport where the brokers are, so requests to a
 *       partition's leader by id work as soon as the answer naming it has arrived.</li>
 *   <li>{@link #await} retries with {@code retry.backoff.ms} between attempts and gives up at
 *       its deadline with a {@link TimeoutException} saying what it waited for, on which
 *       addresses, and the last error seen.</li>
 *   <li>Thread-safe: {@link #current()} is a volatile read; answers replace the view whole.</li>
 * </ul>
 */
public final class ClusterMetadata {
    private static final Logger log = LoggerFactory.getLogger(ClusterMetadata.class);

    private final ClientTransport transport;
    private final List<String> bootstrap;
    private final Scheduler scheduler;
    private final long retryBackoffMs;
    private volatile Cluster cluster = Cluster.EMPTY;
    // Rotates the first broker tried, so that untargeted load spreads over the cluster.
    private int rotation;

    /**
     * Metadata over {@code transport}, starting from {@code bootstrap} ({@code host:port} or
     * {@code local://name} entries); retries are scheduled on {@code scheduler}.
     */
    public ClusterMetadata(ClientTransport transport, List<String> bootstrap, Scheduler scheduler,
                           long retryBackoffMs) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.bootstrap = List.copyOf(bootstrap);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (this.bootstrap.isEmpty()) {
            throw new IllegalArgumentException("bootstrap.servers must name at least one server");
        }
        if (retryBackoffMs < 0) {
            throw new IllegalArgumentException("retry.backoff.ms must be >= 0, was " + retryBackoffMs);
        }
        this.retryBackoffMs = retryBackoffMs;
    }

    /** The last view; {@link Cluster#EMPTY} before the first answer. */
    public Cluster current() {
        return cluster;
    }

    /** The bootstrap servers, as configured. */
    public List<String> bootstrapServers() {
        return bootstrap;
    }

    /**
     * Asks for {@code topics} ({@code null}: every topic) once; completes with the view updated
     * by the answer, or exceptionally as {@link #sendToAny} does.
     */
    public CompletableFuture<Cluster> refresh(Collection<String> topics) {
        MetadataRequest request = topics == null ? MetadataRequest.allTopics() : new MetadataRequest(List.copyOf(topics));
        return sendToAny(request).thenApply(response -> update((MetadataResponse) response, topics == null));
    }

    /**
     * Refreshes {@code topics} until {@code ready} holds for the view, at most until
     * {@code deadlineMs} by the scheduler's clock. Completes with the first view that is ready
     * (at once when the current one is), or with a {@link TimeoutException} that says
     * {@code waitingFor} and carries the last error seen.
     */
    public CompletableFuture<Cluster> await(Collection<String> topics, Predicate<Cluster> ready, long deadlineMs,
                                            String waitingFor) {
        CompletableFuture<Cluster> result = new CompletableFuture<>();
        Cluster now = cluster;
        if (ready.test(now)) {
            result.complete(now);
            return result;
        }
        attempt(topics, ready, deadlineMs, waitingFor, result, null);
        return result;
    }

    private void attempt(Collection<String> topics, Predicate<Cluster> ready, long deadlineMs, String waitingFor,
                         CompletableFuture<Cluster> result, Throwable lastError) {
        long now = scheduler.clock().millis();
        if (now >= deadlineMs) {
            result.completeExceptionally(new TimeoutException("Timed out waiting for " + waitingFor
                    + " (bootstrap.servers " + bootstrap + ")"
                    + (lastError == null ? "" : "; last error: " + lastError.getMessage()), lastError));
            return;
        }
        refresh(topics).whenComplete((view, error) -> {
            if (error == null && ready.test(view)) {
                result.complete(view);
                return;
            }
            Throwable cause = error == null ? null : Futures.cause(error);
            long wait = Math.min(retryBackoffMs, Math.max(0, deadlineMs - scheduler.clock().millis()));
            scheduler.schedule(wait, () -> attempt(topics, ready, deadlineMs, waitingFor, result,
                    cause != null ? cause : lastError));
        });
    }

    /**
     * Sends {@code request} to the first broker that answers: the live brokers of the last view
     * in turn, then the bootstrap servers in turn. Fails with a {@link NetworkException} naming
     * each one tried and its error when none answered.
     */
    public CompletableFuture<Response> sendToAny(Request request) {
        List<Target> targets = targets();
        CompletableFuture<Response> result = new CompletableFuture<>();
        tryNext(request, targets, 0, new ArrayList<>(), result);
        return result;
    }

    private void tryNext(Request request, List<Target> targets, int index, List<String> failures,
                         CompletableFuture<Response> result) {
        if (index == targets.size()) {
            result.completeExceptionally(new NetworkException("No broker answered " + request.apiKey() + ": "
                    + String.join("; ", failures)));
            return;
        }
        Target target = targets.get(index);
        CompletableFuture<Response> sent = target.brokerId() >= 0
                ? transport.send(target.brokerId(), request)
                : transport.sendTo(target.address(), request);
        sent.whenComplete((response, error) -> {
            if (error == null) {
                result.complete(response);
                return;
            }
            Throwable cause = Futures.cause(error);
            if (cause instanceof IllegalArgumentException) {
                result.completeExceptionally(cause); // a request that cannot be sent anywhere
                return;
            }
            log.debug("{} to {} failed: {}", request.apiKey(), target, cause.toString());
            failures.add(target + ": " + cause.getMessage());
            tryNext(request, targets, index + 1, failures, result);
        });
    }

    private synchronized List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        List<BrokerRegistration> brokers = cluster.brokers();
        int n = brokers.size();
        int start = n == 0 ? 0 : Math.floorMod(rotation++, n);
        for (int i = 0; i < n; i++) {
            BrokerRegistration b = brokers.get((start + i) % n);
            targets.add(new Target(b.brokerId(), null));
        }
        for (String address : bootstrap) {
            targets.add(new Target(-1, address));
        }
        return targets;
    }

    private synchronized Cluster update(MetadataResponse response, boolean allTopics) {
        Cluster answer = Cluster.of(response, scheduler.clock().millis());
        // A full answer replaces every topic (deleted ones disappear); a partial one refreshes its own.
        cluster = allTopics ? answer : cluster.merge(answer);
        transport.updateBrokers(answer.brokers());
        return cluster;
    }

    /** Who an untargeted request may go to: a broker by id, or a bootstrap address. */
    private record Target(int brokerId, String address) {
        @Override
        public String toString() {
            return brokerId >= 0 ? "broker " + brokerId : address;
        }
    }
}

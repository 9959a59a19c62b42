package io.replog.client.internal.admin;

import io.replog.client.Admin;
import io.replog.client.AdminConfig;
import io.replog.client.NewTopic;
import io.replog.client.Node;
import io.replog.client.TopicDescription;
import io.replog.client.internal.ClientNetwork;
import io.replog.client.internal.Futures;
import io.replog.client.internal.Cluster;
import io.replog.errors.ReplogException;
import io.replog.errors.TimeoutException;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.DeleteTopicsResponse;
import io.replog.protocol.DescribeConfigsRequest;
import io.replog.protocol.DescribeConfigsResponse;
import io.replog.protocol.ElectLeadersRequest;
import io.replog.protocol.ElectLeadersResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.provider.TransportProvider;
import io.replog.time.Clock;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * The {@link Admin} over a {@link ClientNetwork}: every call is a Kafka request (Metadata,
 * CreateTopics, DeleteTopics, DescribeConfigs, ElectLeaders) whose answer {@link AdminCalls} reads.
 *
 * <p>What it guarantees, beyond {@link Admin}'s contract:
 * <ul>
 *   <li>Where calls go: every attempt first asks any broker for the brokers and the controller
 *       (a Metadata request of no topics), so that a moved or restarted controller is never
 *       addressed from a stale view; then CreateTopics, DeleteTopics and ElectLeaders go to that
 *       controller, and reads (Metadata, DescribeConfigs) too when one is known, so that a topic
 *       this admin created or deleted reads back as such at once; reads go to any broker (then
 *       the bootstrap servers) while no controller is known.</li>
 *   <li>Retries: an attempt failing with a {@link io.replog.errors.RetriableException} (network,
 *       request timeout, NOT_CONTROLLER, no leader yet...) is repeated {@code retry.backoff.ms}
 *       later, with that refresh, until
 *       {@code default.api.timeout.ms} has passed since the call; the future then fails with a
 *       {@link TimeoutException} naming the call, the bootstrap servers and the last error.</li>
 *   <li>A creation the broker could not confirm in time (REQUEST_TIMED_OUT) is not sent again,
 *       which would answer TOPIC_ALREADY_EXISTS: the admin waits in metadata for every partition to
 *       have a leader instead.</li>
 *   <li>Thread-safe: calls may come from any thread; the answers are read on the client's
 *       {@code replog-admin-<client.id>} thread. {@link #close()} fails every pending call with a
 *       {@link ReplogException} saying the admin was closed, then closes the network; calls made
 *       after it fail the same way.</li>
 * </ul>
 */
public final class NetworkAdmin implements Admin {
    private static final Logger log = LoggerFactory.getLogger(NetworkAdmin.class);
    /** Requests in flight per connection: Kafka's admin client allows 100. */
    static final int MAX_IN_FLIGHT = 100;

    private final ClientNetwork network;
    private final Scheduler scheduler;
    private final long apiTimeoutMs;
    private final long retryBackoffMs;
    private final int requestTimeoutMs;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private NetworkAdmin(ClientNetwork network, AdminConfig config) {
        this.network = network;
        this.scheduler = network.scheduler();
        this.apiTimeoutMs = config.defaultApiTimeoutMs();
        this.retryBackoffMs = config.retryBackoffMs();
        this.requestTimeoutMs = Math.max(1, config.requestTimeoutMs());
    }

    /**
     * An admin client configured by {@code config}, on {@code provider} (null: the one transport
     * provider on the class path), timing with {@code clock}. Connects lazily: nothing is sent
     * before the first call.
     */
    public static NetworkAdmin open(AdminConfig config, TransportProvider provider, Clock clock) {
        Objects.requireNonNull(config, "config");
        return new NetworkAdmin(ClientNetwork.open("admin", config, provider, clock, MAX_IN_FLIGHT,
                config.retryBackoffMs()), config);
    }

    @Override
    public CompletableFuture<Void> createTopic(NewTopic topic) {
        Objects.requireNonNull(topic, "topic");
        CreateTopicsRequest.NewTopicSpec spec = topic.assignment()
                .map(a -> new CreateTopicsRequest.NewTopicSpec(topic.name(), -1, (short) -1, a, topic.configs()))
                .orElseGet(() -> new CreateTopicsRequest.NewTopicSpec(topic.name(), topic.partitions(),
                        (short) topic.replicationFactor(), Map.of(), topic.configs()));
        String what = "createTopic(" + topic.name() + ")";
        return call(what, deadline -> toController(
                new CreateTopicsRequest(List.of(spec), serverTimeout(deadline), false))
                .thenCompose(response -> {
                    CreateTopicsResponse.TopicResult result = ((CreateTopicsResponse) response).results()
                            .get(topic.name());
                    if (result == null) {
                        throw new ReplogException("CreateTopics answer names no topic " + topic.name());
                    }
                    if (result.error() == Errors.REQUEST_TIMED_OUT) {
                        return awaitLeaders(topic.name(), deadline, what);
                    }
                    throwIfFailed(AdminCalls.failure(result.error(), result.message(), "topic " + topic.name()));
                    return CompletableFuture.<Void>completedFuture(null);
                }));
    }

    @Override
    public CompletableFuture<TopicDescription> describeTopic(String name) {
        Objects.requireNonNull(name, "name");
        return call("describeTopic(" + name + ")", deadline -> read(new MetadataRequest(List.of(name)))
                .thenApply(response -> AdminCalls.describe((MetadataResponse) response, name)));
    }

    @Override
    public CompletableFuture<Map<String, String>> topicConfigs(String name) {
        Objects.requireNonNull(name, "name");
        return call("topicConfigs(" + name + ")", deadline -> read(DescribeConfigsRequest.topic(name))
                .thenApply(response -> AdminCalls.topicConfigs((DescribeConfigsResponse) response, name)));
    }

    @Override
    public CompletableFuture<Void> deleteTopic(String name) {
        Objects.requireNonNull(name, "name");
        return call("deleteTopic(" + name + ")", deadline -> toController(
                new DeleteTopicsRequest(List.of(name), serverTimeout(deadline)))
                .thenApply(response -> {
                    CreateTopicsResponse.TopicResult result = ((DeleteTopicsResponse) response).results().get(name);
                    if (result == null) {
                        throw new ReplogException("DeleteTopics answer names no topic " + name);
                    }
                    throwIfFailed(AdminCalls.failure(result.error(), result.message(), "topic " + name));
                    return null;
                }));
    }

    @Override
    public CompletableFuture<Set<String>> listTopics() {
        return call("listTopics()", deadline -> read(MetadataRequest.allTopics())
                .thenApply(response -> AdminCalls.topicNames((MetadataResponse) response)));
    }

    @Override
    public CompletableFuture<List<Node>> brokers() {
        return callAsIs("brokers()", deadline -> network.metadata().refresh(List.of())
                .thenApply(cluster -> AdminCalls.brokers(asResponse(cluster))));
    }

    @Override
    public CompletableFuture<Optional<Node>> controller() {
        return callAsIs("controller()", deadline -> network.metadata().refresh(List.of())
                .thenApply(cluster -> AdminCalls.controller(asResponse(cluster))));
    }

    @Override
    public CompletableFuture<Set<Integer>> electPreferredLeaders(String topic) {
        Objects.requireNonNull(topic, "topic");
        return call("electPreferredLeaders(" + topic + ")", deadline -> read(new MetadataRequest(List.of(topic)))
                .thenCompose(response -> {
                    TopicDescription description = AdminCalls.describe((MetadataResponse) response, topic);
                    Set<TopicPartition> partitions = new TreeSet<>();
                    description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                    return toController(new ElectLeadersRequest(partitions, serverTimeout(deadline)));
                })
                .thenApply(response -> AdminCalls.elected((ElectLeadersResponse) response, topic)));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ReplogException gone = new ReplogException("the admin client was closed");
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(gone);
        }
        network.close();
    }

    // ---- plumbing ----

    /**
     * Runs {@code attempt} (given the call's deadline) until it succeeds, fails with an error that
     * is not retriable, or the deadline passes.
     */
    private <T> CompletableFuture<T> call(String what, Function<Long, CompletableFuture<T>> attempt) {
        return callAsIs(what, deadline -> network.metadata().refresh(List.of())
                .thenCompose(cluster -> attempt.apply(deadline)));
    }

    /** As {@link #call}, without learning the controller first. */
    private <T> CompletableFuture<T> callAsIs(String what, Function<Long, CompletableFuture<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new ReplogException(what + ": the admin client was closed"));
            return result;
        }
        pending.add(result);
        result.whenComplete((v, e) -> pending.remove(result));
        if (closed) { // close() ran between the check above and the add: it may not have seen this call
            result.completeExceptionally(new ReplogException(what + ": the admin client was closed"));
            return result;
        }
        long deadline = scheduler.clock().millis() + apiTimeoutMs;
        Throwable[] last = new Throwable[1];
        try {
            Scheduler.Timer timer = scheduler.schedule(apiTimeoutMs, () -> result.completeExceptionally(
                    timeout(what, last[0])));
            result.whenComplete((v, e) -> timer.cancel());
            scheduler.execute(() -> attempt(what, attempt, deadline, result, last));
        } catch (RejectedExecutionException e) { // the client's thread stopped: close() is under way
            result.completeExceptionally(new ReplogException(what + ": the admin client was closed", e));
        }
        return result;
    }

    private <T> void attempt(String what, Function<Long, CompletableFuture<T>> attempt, long deadline,
                             CompletableFuture<T> result, Throwable[] last) {
        if (result.isDone()) {
            return;
        }
        if (scheduler.clock().millis() >= deadline) {
            result.completeExceptionally(timeout(what, last[0]));
            return;
        }
        CompletableFuture<T> one;
        try {
            one = attempt.apply(deadline);
        } catch (RuntimeException e) {
            one = CompletableFuture.failedFuture(e);
        }
        one.whenCompleteAsync((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = Futures.cause(error);
            if (!AdminCalls.retriable(cause) || closed) {
                result.completeExceptionally(cause);
                return;
            }
            last[0] = cause;
            log.debug("{} failed, retrying in {} ms: {}", what, retryBackoffMs, cause.toString());
            long wait = Math.min(retryBackoffMs, Math.max(0, deadline - scheduler.clock().millis()));
            scheduler.schedule(wait, () -> attempt(what, attempt, deadline, result, last));
        }, scheduler);
    }

    private TimeoutException timeout(String what, Throwable last) {
        return new TimeoutException("Admin call " + what + " timed out after " + apiTimeoutMs
                + " ms (default.api.timeout.ms; bootstrap.servers " + network.metadata().bootstrapServers() + ")"
                + (last == null ? "" : "; last error: " + last.getMessage()), last);
    }

    /** Sends to the controller the last metadata named, learning it first when none is known. */
    private CompletableFuture<Response> toController(Request request) {
        Cluster now = network.metadata().current();
        CompletableFuture<Cluster> known = now.controllerId() >= 0 && now.broker(now.controllerId()).isPresent()
                ? CompletableFuture.completedFuture(now) : network.metadata().refresh(List.of());
        return known.thenCompose(cluster -> {
            if (cluster.controllerId() < 0 || cluster.broker(cluster.controllerId()).isEmpty()) {
                return CompletableFuture.failedFuture(new io.replog.errors.NotControllerException(
                        "no controller is known (brokers " + cluster.brokers().stream()
                                .map(b -> b.brokerId()).toList() + ")"));
            }
            return network.transport().send(cluster.controllerId(), request);
        });
    }

    /** Sends a read to the controller when one is known, else to any broker. */
    private CompletableFuture<Response> read(Request request) {
        Cluster now = network.metadata().current();
        if (now.controllerId() >= 0 && now.broker(now.controllerId()).isPresent()) {
            return network.transport().send(now.controllerId(), request);
        }
        return network.metadata().sendToAny(request);
    }

    /** Waits in metadata (until {@code deadline}) for every partition of {@code topic} to have a leader. */
    private CompletableFuture<Void> awaitLeaders(String topic, long deadline, String what) {
        return network.metadata().await(List.of(topic), c -> c.topic(topic).map(t -> !t.partitions().isEmpty()
                        && t.partitions().stream().allMatch(p -> p.leader() >= 0)).orElse(false), deadline,
                "the leaders of " + topic + " (" + what + ")").thenApply(c -> null);
    }

    /**
     * The broker-side timeout of a request: what is left of the call, at most three quarters of
     * request.timeout.ms, so that the broker's answer (REQUEST_TIMED_OUT) arrives before the
     * transport gives up on the request.
     */
    private int serverTimeout(long deadline) {
        long left = deadline - scheduler.clock().millis();
        return (int) Math.max(1, Math.min(left, requestTimeoutMs * 3L / 4));
    }

    private static MetadataResponse asResponse(Cluster cluster) {
        return new MetadataResponse(cluster.brokers(), cluster.controllerId(), List.of());
    }

    private static void throwIfFailed(ReplogException e) {
        if (e != null) {
            throw e;
        }
    }
}

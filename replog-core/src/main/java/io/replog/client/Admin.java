package io.replog.client;

import io.replog.provider.TransportProvider;
import io.replog.time.Clock;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Creates, describes and deletes topics and inspects the cluster.
 *
 * <p>{@link #create(AdminConfig)} makes one that reaches the cluster named by
 * {@code bootstrap.servers} over the transport provider on the class path (replog-netty's, for
 * TCP and in-VM {@code local://} addresses).
 *
 * <p>Every call is asynchronous: it returns a {@link CompletableFuture} that completes with the
 * answer, or exceptionally with an {@link io.replog.errors.ReplogException} subtype (for example
 * {@link io.replog.errors.TopicExistsException}, {@link io.replog.errors.UnknownTopicOrPartitionException},
 * or {@link io.replog.errors.TimeoutException} once {@code default.api.timeout.ms} has passed). The
 * blocking twin of any call is its future's {@code join()}, which throws a
 * {@link java.util.concurrent.CompletionException} whose cause is that exception. An
 * implementation is safe to use from many threads at once.
 */
public interface Admin extends AutoCloseable {

    /**
     * An admin client configured by {@code config}. It connects lazily: nothing is sent before the
     * first call, so a cluster that is down shows as calls failing with a
     * {@link io.replog.errors.TimeoutException} naming the call and the bootstrap servers once
     * {@code default.api.timeout.ms} has passed. Close it to release its connections and thread.
     *
     * @throws io.replog.errors.ProviderException when the class path has no transport provider, or several
     */
    static Admin create(AdminConfig config) {
        return io.replog.client.internal.admin.NetworkAdmin.open(config, null, io.replog.time.Clock.system());
    }

    /**
     * As {@link #create(AdminConfig)}, over {@code provider} (null: the one on the class path) and
     * timed by {@code clock}: for embedding and tests.
     */
    static Admin create(AdminConfig config, TransportProvider provider,
                        Clock clock) {
        return io.replog.client.internal.admin.NetworkAdmin.open(config, provider, clock);
    }

    /**
     * Creates a topic. Completes once the controller has created it (its partitions have leaders
     * assigned); {@link #describeTopic} may still briefly report the previous metadata on another broker.
     */
    CompletableFuture<Void> createTopic(NewTopic topic);

    /** The topic's partitions, with leader, replicas in assignment order, ISR and leader epoch. */
    CompletableFuture<TopicDescription> describeTopic(String name);

    /** The topic's config overrides and the broker defaults for the keys it does not override, by key. */
    CompletableFuture<Map<String, String>> topicConfigs(String name);

    /**
     * Deletes a topic. Completes once the controller has accepted the deletion; the topic is
     * hidden from clients at once, and its replicas are removed as their brokers are reached.
     */
    CompletableFuture<Void> deleteTopic(String name);

    /** The names of every topic not being deleted. */
    CompletableFuture<Set<String>> listTopics();

    /** Every live broker, ordered by id. */
    CompletableFuture<List<Node>> brokers();

    /** The active controller, or empty while none is elected. */
    CompletableFuture<Optional<Node>> controller();

    /**
     * Moves the leadership of each partition of {@code topic} to its preferred replica (the first
     * in assignment order) where that replica is alive, in the ISR and not already leader.
     * Completes with the partitions whose leader the controller moved.
     */
    CompletableFuture<Set<Integer>> electPreferredLeaders(String topic);

    /** Releases all resources; pending calls complete exceptionally. */
    @Override
    void close();
}

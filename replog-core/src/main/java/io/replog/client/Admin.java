package io.replog.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Creates, describes and deletes topics and inspects the cluster.
 *
 * <p><b>No factory yet.</b> {@code Admin.create(AdminConfig)} arrives with the networked
 * implementation; until then there is deliberately no way to make an admin client, rather than one
 * that pretends to reach a cluster. {@link AdminConfig}, {@link NewTopic} and the description
 * types exist already.
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

package io.replog.coordinator;

import io.replog.topic.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Coordinator} that passes every call, unchanged, to another one. Subclass it to
 * observe or alter a few calls (metrics, tracing, fault injection) while every other call,
 * including ones added to the SPI later, still reaches the real coordinator.
 */
public abstract class ForwardingCoordinator implements Coordinator {
    private final Coordinator delegate;

    protected ForwardingCoordinator(Coordinator delegate) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
    }

    /** The coordinator calls are passed to. */
    protected final Coordinator delegate() {
        return delegate;
    }

    @Override
    public CompletableFuture<Long> registerBroker(BrokerRegistration registration) {
        return delegate.registerBroker(registration);
    }

    @Override
    public CompletableFuture<Map<Integer, BrokerRegistration>> liveBrokers() {
        return delegate.liveBrokers();
    }

    @Override
    public CompletableFuture<OptionalInt> tryBecomeController(int brokerId) {
        return delegate.tryBecomeController(brokerId);
    }

    @Override
    public CompletableFuture<Optional<ControllerInfo>> controller() {
        return delegate.controller();
    }

    @Override
    public CompletableFuture<Void> resignController(int controllerEpoch) {
        return delegate.resignController(controllerEpoch);
    }

    @Override
    public CompletableFuture<Void> createTopic(TopicAssignment assignment) {
        return delegate.createTopic(assignment);
    }

    @Override
    public CompletableFuture<Map<String, TopicAssignment>> topics() {
        return delegate.topics();
    }

    @Override
    public CompletableFuture<Void> requestTopicDeletion(String topic) {
        return delegate.requestTopicDeletion(topic);
    }

    @Override
    public CompletableFuture<Set<String>> pendingTopicDeletions() {
        return delegate.pendingTopicDeletions();
    }

    @Override
    public CompletableFuture<Void> deleteTopic(int controllerEpoch, String topic) {
        return delegate.deleteTopic(controllerEpoch, topic);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, LeaderAndIsr>> partitionStates(Collection<TopicPartition> partitions) {
        return delegate.partitionStates(partitions);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, StateUpdate>> writePartitionStatesAsController(
            int controllerEpoch, Map<TopicPartition, LeaderAndIsr> states) {
        return delegate.writePartitionStatesAsController(controllerEpoch, states);
    }

    @Override
    public CompletableFuture<StateUpdate> updateIsrAsLeader(TopicPartition partition, LeaderAndIsr proposed) {
        return delegate.updateIsrAsLeader(partition, proposed);
    }

    @Override
    public CompletableFuture<Void> reportLogDirFailure(int brokerId) {
        return delegate.reportLogDirFailure(brokerId);
    }

    @Override
    public void addListener(CoordinatorListener listener) {
        delegate.addListener(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

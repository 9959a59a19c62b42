package io.replog.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.Coordinator;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.coordinator.TopicAssignment;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Delegates to a real (simulated) coordinator and records the controller's partition-state
 * writes, so tests can count round trips; {@link #beforeNextWrite} lets a test slip another
 * writer's change in just before the controller's next write lands.
 */
final class RecordingCoordinator implements Coordinator {
    private final Coordinator delegate;
    /** The size of each writePartitionStatesAsController call, in call order. */
    final List<Integer> writeSizes = new ArrayList<>();
    /** Wall-clock nanos of each write call, to time decisions. */
    final List<Long> writeNanos = new ArrayList<>();
    private Function<Map<TopicPartition, LeaderAndIsr>, CompletableFuture<?>> beforeNextWrite;

    RecordingCoordinator(Coordinator delegate) {
        this.delegate = delegate;
    }

    void beforeNextWrite(Function<Map<TopicPartition, LeaderAndIsr>, CompletableFuture<?>> action) {
        this.beforeNextWrite = action;
    }

    int writes() {
        return writeSizes.size();
    }

    @Override
    public CompletableFuture<Map<TopicPartition, StateUpdate>> writePartitionStatesAsController(
            int controllerEpoch, Map<TopicPartition, LeaderAndIsr> states) {
        writeNanos.add(System.nanoTime());
        writeSizes.add(states.size());
        Function<Map<TopicPartition, LeaderAndIsr>, CompletableFuture<?>> before = beforeNextWrite;
        beforeNextWrite = null;
        if (before == null) {
            return delegate.writePartitionStatesAsController(controllerEpoch, states);
        }
        return before.apply(states).thenCompose(ignored -> delegate.writePartitionStatesAsController(controllerEpoch, states));
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
    public CompletableFuture<java.util.Set<String>> pendingTopicDeletions() {
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
    public CompletableFuture<StateUpdate> updateIsrAsLeader(TopicPartition partition, LeaderAndIsr proposed) {
        return delegate.updateIsrAsLeader(partition, proposed);
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

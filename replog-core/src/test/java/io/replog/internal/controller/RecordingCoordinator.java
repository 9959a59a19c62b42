package io.replog.internal.controller;

import io.replog.coordinator.Coordinator;
import io.replog.coordinator.ForwardingCoordinator;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Delegates to a real (simulated) coordinator and records the controller's partition-state
 * writes, so tests can count round trips; {@link #beforeNextWrite} lets a test slip another
 * writer's change in just before the controller's next write lands.
 */
final class RecordingCoordinator extends ForwardingCoordinator {
    /** The size of each writePartitionStatesAsController call, in call order. */
    final List<Integer> writeSizes = new ArrayList<>();
    /** Wall-clock nanos of each write call, to time decisions. */
    final List<Long> writeNanos = new ArrayList<>();
    private Function<Map<TopicPartition, LeaderAndIsr>, CompletableFuture<?>> beforeNextWrite;

    RecordingCoordinator(Coordinator delegate) {
        super(delegate);
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
            return delegate().writePartitionStatesAsController(controllerEpoch, states);
        }
        return before.apply(states).thenCompose(ignored -> delegate().writePartitionStatesAsController(controllerEpoch, states));
    }
}

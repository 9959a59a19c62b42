package io.replog.zk;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.Coordinator;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.RetriableException;
import io.replog.topic.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A coordinator whose first {@code n} election answers are lost on the way to the broker: the
 * election itself happens (and may be won), the broker hears only an error. So a test can put a
 * broker in the state finding 1 of the ZooKeeper review describes: its session owns
 * {@code /controller} while it does not act as controller.
 */
final class AnswerLosingCoordinator implements Coordinator {
    private final Coordinator delegate;
    private final AtomicInteger answersToLose;

    AnswerLosingCoordinator(Coordinator delegate, int answersToLose) {
        this.delegate = delegate;
        this.answersToLose = new AtomicInteger(answersToLose);
    }

    @Override
    public CompletableFuture<OptionalInt> tryBecomeController(int brokerId) {
        CompletableFuture<OptionalInt> real = delegate.tryBecomeController(brokerId);
        if (answersToLose.getAndDecrement() <= 0) {
            return real;
        }
        return real.handle((won, error) -> {
            throw new RetriableException("the answer to the election (" + won + ") was lost on the way");
        });
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
    public void addListener(CoordinatorListener listener) {
        delegate.addListener(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

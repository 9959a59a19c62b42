package io.replog.coordinator;

import io.replog.topic.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster's source of truth for membership, controllership, topic assignments and
 * partition state: ZooKeeper in production ({@code replog-zk}), an in-memory model with
 * expiring sessions in the simulation. One instance serves one broker and holds that
 * broker's session.
 *
 * <p>Every operation is asynchronous and may complete on any thread. Writes that decide
 * leadership are conditional: the controller's writes succeed only while its epoch is the
 * current one (so a deposed controller changes nothing), and every partition-state write names
 * the {@link LeaderAndIsr#partitionEpoch()} it read.
 */
public interface Coordinator extends AutoCloseable {

    /**
     * Registers this broker, bound to this session (ephemeral), and completes with the broker
     * epoch the coordinator assigned to this registration (see
     * {@link BrokerRegistration#brokerEpoch()}). Fails with a
     * {@link io.replog.errors.RetriableException} naming the holder if a live session holds the id
     * (a broker restarted before its old session expired retries until it does).
     */
    CompletableFuture<Long> registerBroker(BrokerRegistration registration);

    /** The live brokers by id, each with its {@link BrokerRegistration#brokerEpoch()}. */
    CompletableFuture<Map<Integer, BrokerRegistration>> liveBrokers();

    /**
     * Runs for controller. Completes with the new controller epoch if this broker won, or
     * empty if another broker holds the controllership.
     */
    CompletableFuture<OptionalInt> tryBecomeController(int brokerId);

    /** The current controller, if any. */
    CompletableFuture<Optional<ControllerInfo>> controller();

    /** Gives up the controllership held under {@code controllerEpoch} (controlled shutdown). */
    CompletableFuture<Void> resignController(int controllerEpoch);

    /** Stores a new topic's assignment and configs. Fails with {@code TopicExistsException} if it exists. */
    CompletableFuture<Void> createTopic(TopicAssignment assignment);

    /** Every topic's assignment. */
    CompletableFuture<Map<String, TopicAssignment>> topics();

    /** Asks the controller to delete {@code topic}. */
    CompletableFuture<Void> requestTopicDeletion(String topic);

    /**
     * The topics whose deletion was asked for and not yet carried out; a newly elected
     * controller reads them, since it missed the notifications.
     */
    CompletableFuture<java.util.Set<String>> pendingTopicDeletions();

    /** Removes a topic's assignment, configs, states and deletion request; controller only. */
    CompletableFuture<Void> deleteTopic(int controllerEpoch, String topic);

    /** The stored state of each partition that has one. */
    CompletableFuture<Map<TopicPartition, LeaderAndIsr>> partitionStates(Collection<TopicPartition> partitions);

    /**
     * The controller's write: for each partition, creates the state (when its
     * {@code partitionEpoch} is {@link LeaderAndIsr#NEW_PARTITION}) or replaces the version it names.
     * The whole call fails with {@code StaleControllerEpochException} unless
     * {@code controllerEpoch} is still the current epoch. Implementations pipeline the writes.
     */
    CompletableFuture<Map<TopicPartition, StateUpdate>> writePartitionStatesAsController(
            int controllerEpoch, Map<TopicPartition, LeaderAndIsr> states);

    /**
     * A leader's ISR change: replaces the version {@code proposed.partitionEpoch()} names and
     * notifies the controller ({@link CoordinatorListener#onIsrChanged}).
     */
    CompletableFuture<StateUpdate> updateIsrAsLeader(TopicPartition partition, LeaderAndIsr proposed);

    /**
     * Tells the controller that a log directory of {@code brokerId} failed (an I/O error took
     * logs offline there), Kafka's log directory event notification: the controller then asks the
     * broker which of its replicas are offline and moves leadership off them
     * ({@link CoordinatorListener#onLogDirFailure}). A coordinator that cannot carry the event
     * fails the future with {@link UnsupportedOperationException}.
     */
    default CompletableFuture<Void> reportLogDirFailure(int brokerId) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(getClass().getSimpleName()
                + " cannot carry log directory events; broker " + brokerId + "'s offline replicas keep their roles"));
    }

    /**
     * Adds a listener for notifications; call before {@link #registerBroker}. An ISR change
     * notified while there is no controller may be dropped: a new controller reads every state.
     */
    void addListener(CoordinatorListener listener);

    /** Ends the session: ephemeral registrations vanish at once. */
    @Override
    void close();
}

package io.replog.sim;

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
import java.util.function.Consumer;

/**
 * One broker's {@link Coordinator}: a view of the shared {@link SimZooKeeper} through one
 * session at a time. Get one with {@code sim.coordinatorFor(brokerId)}.
 *
 * <p>Every future completes, and every listener callback runs, as an event of the broker's
 * node ({@link Simulation#scheduler(int)}), so a crashed broker hears nothing more. Operations
 * of a session that has expired or was closed fail with a
 * {@link io.replog.errors.RetriableException}.
 *
 * <p>Session expiry: when the expiry reaches this view, it opens a new session at once (as
 * Kafka's ZooKeeper client does) and then calls {@link CoordinatorListener#onSessionExpired()};
 * the broker then registers again and re-reads what it needs. Operations issued between the
 * expiry at the server and that moment fail. After {@link #close()}, {@link #reconnect()} opens
 * a new session explicitly.
 */
public final class InMemoryCoordinator implements Coordinator {
    private final SimZooKeeper zk;
    private final int brokerId;
    private final SimScheduler node;
    private final List<CoordinatorListener> listeners = new ArrayList<>();
    private ZkSession session;

    InMemoryCoordinator(SimZooKeeper zk, int brokerId, SimScheduler node) {
        this.zk = zk;
        this.brokerId = brokerId;
        this.node = node;
        this.session = zk.openSession(this, brokerId, node);
    }

    /** The broker this view belongs to. */
    public int brokerId() {
        return brokerId;
    }

    /** The id of the current session. */
    public long sessionId() {
        return session.id;
    }

    /** Whether the current session is live at the server. */
    public boolean isSessionLive() {
        return session.isLive();
    }

    /** Opens a new session if the current one expired or was closed; does nothing while it is live. */
    public void reconnect() {
        if (!session.isLive()) {
            session = zk.openSession(this, brokerId, node);
        }
    }

    @Override
    public CompletableFuture<Long> registerBroker(BrokerRegistration registration) {
        return zk.registerBroker(session, registration);
    }

    @Override
    public CompletableFuture<Map<Integer, BrokerRegistration>> liveBrokers() {
        return zk.liveBrokers(session);
    }

    @Override
    public CompletableFuture<OptionalInt> tryBecomeController(int candidateId) {
        if (candidateId != brokerId) {
            throw new IllegalArgumentException("the coordinator of broker " + brokerId
                    + " cannot run for controller as broker " + candidateId);
        }
        return zk.tryBecomeController(session);
    }

    @Override
    public CompletableFuture<Optional<ControllerInfo>> controller() {
        return zk.controller(session);
    }

    @Override
    public CompletableFuture<Void> resignController(int controllerEpoch) {
        return zk.resignController(session, controllerEpoch);
    }

    @Override
    public CompletableFuture<Void> createTopic(TopicAssignment assignment) {
        return zk.createTopic(session, assignment);
    }

    @Override
    public CompletableFuture<Map<String, TopicAssignment>> topics() {
        return zk.topics(session);
    }

    @Override
    public CompletableFuture<Void> requestTopicDeletion(String topic) {
        return zk.requestTopicDeletion(session, topic);
    }

    @Override
    public CompletableFuture<java.util.Set<String>> pendingTopicDeletions() {
        return zk.pendingTopicDeletions(session);
    }

    @Override
    public CompletableFuture<Void> deleteTopic(int controllerEpoch, String topic) {
        return zk.deleteTopic(session, controllerEpoch, topic);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, LeaderAndIsr>> partitionStates(Collection<TopicPartition> partitions) {
        return zk.partitionStates(session, partitions);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, StateUpdate>> writePartitionStatesAsController(
            int controllerEpoch, Map<TopicPartition, LeaderAndIsr> states) {
        return zk.writePartitionStatesAsController(session, controllerEpoch, states);
    }

    @Override
    public CompletableFuture<StateUpdate> updateIsrAsLeader(TopicPartition partition, LeaderAndIsr proposed) {
        return zk.updateIsrAsLeader(session, partition, proposed);
    }

    @Override
    public CompletableFuture<Void> reportLogDirFailure(int brokerId) {
        return zk.reportLogDirFailure(session, brokerId);
    }

    @Override
    public void addListener(CoordinatorListener listener) {
        listeners.add(listener);
    }

    /** Ends the session at once: the registration and the controllership vanish now. */
    @Override
    public void close() {
        zk.close(session);
    }

    /** A notification for {@code from}; ignored if this view has moved on to another session. */
    void dispatch(ZkSession from, Consumer<CoordinatorListener> callback) {
        if (from == session) {
            List.copyOf(listeners).forEach(callback);
        }
    }

    /** The server expired {@code expired}: start a new session, then tell the listeners. */
    void sessionExpired(ZkSession expired) {
        if (expired != session) {
            return;
        }
        session = zk.openSession(this, brokerId, node);
        List.copyOf(listeners).forEach(CoordinatorListener::onSessionExpired);
    }

    @Override
    public String toString() {
        return "InMemoryCoordinator[broker " + brokerId + ", " + session + "]";
    }
}

package io.replog.sim;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.ReplogException;
import io.replog.errors.RetriableException;
import io.replog.errors.StaleControllerEpochException;
import io.replog.errors.TopicExistsException;
import io.replog.errors.UnknownTopicOrPartitionException;
import io.replog.topic.TopicPartition;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The simulated ZooKeeper ensemble: one shared model of the znodes Kafka keeps there, and the
 * sessions of the brokers' {@link InMemoryCoordinator} views.
 *
 * <p>Modelled state: live broker registrations bound to sessions ({@code /brokers/ids}), the
 * controller holder and its session ({@code /controller}), the controller epoch
 * ({@code /controller_epoch}), topic assignments with configs, deletion requests
 * ({@code /admin/delete_topics}) and versioned partition states.
 *
 * <p>Guarantees, as in ZooKeeper: each operation is applied at the server after a small seeded
 * delay, as an event of the {@value Simulation#COORDINATOR_NODE} node; a session's operations
 * apply in issue order; its replies and notifications arrive in the order they were produced,
 * as events of the session's node, so a crashed node receives nothing. Every notification
 * carries a full snapshot taken when the change happened. Snapshots iterate in key order, so
 * listeners see the same order on every run.
 *
 * <p>The inspection methods ({@link #liveBrokers()}, {@link #controller()}, ...) read the
 * server state directly and at once: they are for test assertions and invariant checks.
 */
public final class SimZooKeeper {
    private final Simulation sim;
    private final SimScheduler server;
    private final Random random;

    private long nextSessionId = 1;
    /** Every session ever opened that may still hold deliveries (pruned when delivered after expiry). */
    private final List<ZkSession> allSessions = new java.util.ArrayList<>();
    /** Stands in for ZooKeeper's zxid: broker epochs are the creation "zxid" of a registration. */
    private long nextRegistrationZxid = 1;
    private final SortedMap<Long, ZkSession> liveSessions = new TreeMap<>();
    private final SortedMap<Integer, Registration> brokers = new TreeMap<>();
    private Holder controller; // null while /controller does not exist
    private int controllerEpoch;
    private final SortedMap<String, TopicAssignment> topics = new TreeMap<>();
    private final TreeSet<String> deletionRequests = new TreeSet<>();
    private final SortedMap<TopicPartition, LeaderAndIsr> partitionStates = new TreeMap<>();
    /** The chance that an applied write's reply is lost (the client sees a connection loss). */
    private double lostReplyProbability;
    private final List<java.util.function.BiConsumer<TopicPartition, LeaderAndIsr>> stateWatchers =
            new java.util.ArrayList<>();

    private record Registration(BrokerRegistration registration, ZkSession session, long sinceMs) {
    }

    private record Holder(int brokerId, ZkSession session) {
    }

    SimZooKeeper(Simulation sim, SimScheduler server) {
        this.sim = sim;
        this.server = server;
        this.random = sim.randomFor("coordinator");
    }

    /** A new view for broker {@code brokerId} with a new session, bound to the broker node's current incarnation. */
    public InMemoryCoordinator connect(int brokerId) {
        return new InMemoryCoordinator(this, brokerId, sim.scheduler(brokerId));
    }

    // ---------------------------------------------------------------- faults

    /**
     * Expires every live session of broker {@code brokerId} now, as when ZooKeeper stops
     * hearing from it: its ephemeral nodes vanish, the other sessions are notified, and the
     * broker's listeners get {@link CoordinatorListener#onSessionExpired()} (if its node is up).
     */
    public void expireSession(int brokerId) {
        List<ZkSession> sessions = liveSessions.values().stream().filter(s -> s.brokerId == brokerId).toList();
        if (sessions.isEmpty()) {
            note("expireSession(" + brokerId + "): broker " + brokerId + " has no live session");
        }
        sessions.forEach(s -> expire(s, "expired by fault injection"));
    }

    /**
     * Cuts broker {@code brokerId}'s live sessions off from the server while its process keeps
     * running and serving peers and clients. Its requests fail with a connection loss; nothing
     * the server sends reaches it; the server expires the session after the session timeout,
     * and the broker learns of that only at {@link #reconnect}.
     */
    public void disconnect(int brokerId) {
        for (ZkSession s : List.copyOf(liveSessions.values())) {
            if (s.brokerId != brokerId || s.disconnected) {
                continue;
            }
            s.disconnected = true;
            int disconnection = ++s.disconnections;
            note("DISCONNECT session " + s.label() + " of broker " + brokerId + " from ZooKeeper");
            server.schedule(sim.config().sessionTimeoutMs(), "session " + s.label() + " of broker " + brokerId
                    + " timed out (cut off " + sim.config().sessionTimeoutMs() + "ms ago)", () -> {
                if (s.disconnected && s.disconnections == disconnection) {
                    expire(s, "session timeout while cut off");
                }
            });
        }
    }

    /** Ends {@link #disconnect}: what the server sent meanwhile (an expiry included) now arrives. */
    public void reconnect(int brokerId) {
        for (ZkSession s : List.copyOf(allSessions)) {
            if (s.brokerId == brokerId && s.disconnected) {
                s.disconnected = false;
                note("RECONNECT session " + s.label() + " of broker " + brokerId + " (" + s.held.size()
                        + " held deliveries)");
                List<Runnable> held = List.copyOf(s.held);
                List<String> what = List.copyOf(s.heldWhat);
                s.held.clear();
                s.heldWhat.clear();
                for (int i = 0; i < held.size(); i++) {
                    deliver(s, 0, what.get(i), held.get(i));
                }
            }
        }
    }

    /**
     * An operator changes a topic's configuration overrides (Kafka's {@code /config/topics/<t>}):
     * stored now, every session notified.
     */
    public void alterTopicConfig(String topic, Map<String, String> configs) {
        TopicAssignment current = topics.get(topic);
        if (current == null) {
            throw new IllegalArgumentException("no topic '" + topic + "' to alter");
        }
        topics.put(topic, new TopicAssignment(topic, current.topicId(), current.partitions(), configs));
        note("alter configs of " + topic + " to " + configs);
        Map<String, TopicAssignment> snapshot = topics();
        notifyAllSessions("onTopicsChanged" + names(snapshot.keySet()), l -> l.onTopicsChanged(snapshot));
    }

    /** Applied writes lose their reply with this probability from now on (0 turns it off). */
    public void setLostReplyProbability(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("lost reply probability must be in [0, 1], was " + p);
        }
        note("LOST REPLY probability " + p);
        lostReplyProbability = p;
    }

    /** Calls {@code watcher} on the server node whenever a partition state is written (controller or leader). */
    public void watchStateWrites(java.util.function.BiConsumer<TopicPartition, LeaderAndIsr> watcher) {
        stateWatchers.add(watcher);
    }

    // ---------------------------------------------------------------- inspection (synchronous, for tests)

    /** The live registrations, by broker id. */
    public Map<Integer, BrokerRegistration> liveBrokers() {
        SortedMap<Integer, BrokerRegistration> live = new TreeMap<>();
        brokers.forEach((id, r) -> live.put(id, r.registration()));
        return Collections.unmodifiableSortedMap(live);
    }

    /** The current controller, if {@code /controller} exists. */
    public Optional<ControllerInfo> controller() {
        return controller == null ? Optional.empty()
                : Optional.of(new ControllerInfo(controller.brokerId(), controllerEpoch));
    }

    /** The latest controller epoch (0 before any election); it stays when the controller goes away. */
    public int controllerEpoch() {
        return controllerEpoch;
    }

    /** Every topic's assignment, by name. */
    public Map<String, TopicAssignment> topics() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(topics));
    }

    /** Topics whose deletion was requested and not yet carried out. */
    public Set<String> pendingDeletions() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(deletionRequests));
    }

    /** The stored state of {@code partition}, with its version as {@code partitionEpoch}. */
    public Optional<LeaderAndIsr> partitionState(TopicPartition partition) {
        return Optional.ofNullable(partitionStates.get(partition));
    }

    /** Every stored partition state. */
    public Map<TopicPartition, LeaderAndIsr> partitionStates() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(partitionStates));
    }

    /** The ids of the live sessions of broker {@code brokerId}, oldest first. */
    public List<Long> liveSessionsOf(int brokerId) {
        return liveSessions.values().stream().filter(s -> s.brokerId == brokerId).map(s -> s.id).toList();
    }

    // ---------------------------------------------------------------- sessions

    ZkSession openSession(InMemoryCoordinator view, int brokerId, SimScheduler node) {
        if (!node.isAlive()) {
            throw new IllegalStateException("broker " + brokerId + " is crashed: restart its node before it connects");
        }
        ZkSession session = new ZkSession(nextSessionId++, brokerId, view, node);
        liveSessions.put(session.id, session);
        allSessions.removeIf(s -> !s.isLive() && s.held.isEmpty());
        allSessions.add(session);
        // A crashed process stops heart-beating; the server notices only after the session timeout.
        node.onCrash(() -> startSessionTimeout(session));
        note("open " + session);
        return session;
    }

    private void startSessionTimeout(ZkSession session) {
        if (!session.isLive() || session.timeoutStarted) {
            return;
        }
        session.timeoutStarted = true;
        server.schedule(sim.config().sessionTimeoutMs(),
                "session " + session.label() + " of broker " + session.brokerId + " timed out (node crashed "
                        + sim.config().sessionTimeoutMs() + "ms ago)",
                () -> expire(session, "session timeout after crash"));
    }

    /** Closes {@code session} at once (a clean disconnect): its ephemeral nodes vanish now. */
    void close(ZkSession session) {
        if (!session.isLive()) {
            return;
        }
        session.state = ZkSession.State.CLOSED;
        liveSessions.remove(session.id);
        note("close " + session.label() + " of broker " + session.brokerId);
        removeEphemerals(session);
    }

    private void expire(ZkSession session, String why) {
        if (!session.isLive()) {
            return;
        }
        session.state = ZkSession.State.EXPIRED;
        liveSessions.remove(session.id);
        note("EXPIRE session " + session.label() + " of broker " + session.brokerId + ": " + why);
        removeEphemerals(session);
        deliver(session, delay(), "session " + session.label() + " expired", () -> session.view.sessionExpired(session));
    }

    private void removeEphemerals(ZkSession session) {
        if (brokers.values().removeIf(r -> r.session() == session)) {
            notifyBrokersChanged();
        }
        if (controller != null && controller.session() == session) {
            controller = null;
            notifyControllerChanged();
        }
    }

    // ---------------------------------------------------------------- operations

    CompletableFuture<Long> registerBroker(ZkSession session, BrokerRegistration registration) {
        return write(session, "registerBroker(" + registration.brokerId() + ")", s -> {
            if (registration.brokerId() != s.brokerId) {
                throw new IllegalArgumentException("the session of broker " + s.brokerId
                        + " cannot register broker id " + registration.brokerId());
            }
            Registration holder = brokers.get(registration.brokerId());
            if (holder != null && holder.session() != s) {
                // Like Kafka's checked ephemeral create: the node exists and belongs to another
                // session, typically this broker's previous incarnation whose session has not
                // timed out yet. Retrying after the session timeout succeeds.
                throw new RetriableException("broker id " + registration.brokerId() + " is already registered by live "
                        + "session " + holder.session().label() + " (broker " + holder.session().brokerId
                        + ", registered at t=" + holder.sinceMs() + "ms); it is freed when that session ends");
            }
            // Re-registering in the session that holds the id keeps its epoch (the znode's
            // creation zxid does not change on a data update); a new registration gets a higher one.
            long epoch = holder != null ? holder.registration().brokerEpoch() : nextRegistrationZxid++;
            brokers.put(registration.brokerId(), new Registration(registration.withBrokerEpoch(epoch), s,
                    sim.nowMs()));
            notifyBrokersChanged();
            return epoch;
        });
    }

    CompletableFuture<Map<Integer, BrokerRegistration>> liveBrokers(ZkSession session) {
        return submit(session, "liveBrokers", s -> liveBrokers());
    }

    CompletableFuture<OptionalInt> tryBecomeController(ZkSession session) {
        return write(session, "tryBecomeController(" + session.brokerId + ")", s -> {
            if (controller != null) {
                return OptionalInt.empty();
            }
            controller = new Holder(s.brokerId, s);
            controllerEpoch++;
            note("broker " + s.brokerId + " is controller with epoch " + controllerEpoch);
            notifyControllerChanged();
            return OptionalInt.of(controllerEpoch);
        });
    }

    CompletableFuture<Optional<ControllerInfo>> controller(ZkSession session) {
        return submit(session, "controller", s -> controller());
    }

    CompletableFuture<Void> resignController(ZkSession session, int epoch) {
        return submit(session, "resignController(epoch=" + epoch + ")", s -> {
            if (controller != null && controller.session() == s && controllerEpoch == epoch) {
                controller = null;
                notifyControllerChanged();
            } else {
                note("resignController(epoch=" + epoch + ") by broker " + s.brokerId + ": not the controller, nothing to do");
            }
            return null;
        });
    }

    CompletableFuture<Void> createTopic(ZkSession session, TopicAssignment assignment) {
        return write(session, "createTopic(" + assignment.topic() + ")", s -> {
            if (topics.containsKey(assignment.topic())) {
                throw new TopicExistsException("Topic '" + assignment.topic() + "' already exists"
                        + (deletionRequests.contains(assignment.topic()) ? " and is marked for deletion" : ""));
            }
            topics.put(assignment.topic(), assignment);
            Map<String, TopicAssignment> snapshot = topics();
            notifyAllSessions("onTopicsChanged" + names(snapshot.keySet()), l -> l.onTopicsChanged(snapshot));
            return null;
        });
    }

    CompletableFuture<Map<String, TopicAssignment>> topics(ZkSession session) {
        return submit(session, "topics", s -> topics());
    }

    CompletableFuture<Set<String>> pendingTopicDeletions(ZkSession session) {
        return submit(session, "pendingTopicDeletions", s -> pendingDeletions());
    }

    CompletableFuture<Void> requestTopicDeletion(ZkSession session, String topic) {
        return write(session, "requestTopicDeletion(" + topic + ")", s -> {
            if (!topics.containsKey(topic)) {
                throw new UnknownTopicOrPartitionException("Topic '" + topic + "' does not exist");
            }
            if (deletionRequests.add(topic)) {
                Set<String> snapshot = pendingDeletions();
                notifyAllSessions("onTopicDeletionRequested" + names(snapshot), l -> l.onTopicDeletionRequested(snapshot));
            }
            return null;
        });
    }

    CompletableFuture<Void> deleteTopic(ZkSession session, int epoch, String topic) {
        return write(session, "deleteTopic(epoch=" + epoch + ", " + topic + ")", s -> {
            requireController(s, epoch, "delete topic " + topic);
            boolean existed = topics.remove(topic) != null;
            deletionRequests.remove(topic);
            partitionStates.keySet().removeIf(tp -> tp.topic().equals(topic));
            if (existed) {
                Map<String, TopicAssignment> snapshot = topics();
                notifyAllSessions("onTopicsChanged" + names(snapshot.keySet()), l -> l.onTopicsChanged(snapshot));
            }
            return null;
        });
    }

    CompletableFuture<Map<TopicPartition, LeaderAndIsr>> partitionStates(ZkSession session,
                                                                         Collection<TopicPartition> partitions) {
        List<TopicPartition> wanted = List.copyOf(partitions);
        return submit(session, "partitionStates(" + wanted.size() + " partitions)", s -> {
            SortedMap<TopicPartition, LeaderAndIsr> found = new TreeMap<>();
            for (TopicPartition tp : wanted) {
                LeaderAndIsr state = partitionStates.get(tp);
                if (state != null) {
                    found.put(tp, state);
                }
            }
            return Collections.unmodifiableSortedMap(found);
        });
    }

    CompletableFuture<Map<TopicPartition, StateUpdate>> writePartitionStatesAsController(
            ZkSession session, int epoch, Map<TopicPartition, LeaderAndIsr> states) {
        SortedMap<TopicPartition, LeaderAndIsr> ordered = new TreeMap<>(states);
        return write(session, "writePartitionStatesAsController(epoch=" + epoch + ", "
                + (ordered.size() <= 5 ? ordered.toString() : ordered.size() + " partitions") + ")", s -> {
            requireController(s, epoch, "write partition states");
            SortedMap<TopicPartition, StateUpdate> results = new TreeMap<>();
            ordered.forEach((tp, state) -> results.put(tp, conditionalWrite(tp, state)));
            return Collections.unmodifiableSortedMap(results);
        });
    }

    CompletableFuture<StateUpdate> updateIsrAsLeader(ZkSession session, TopicPartition tp, LeaderAndIsr proposed) {
        return write(session, "updateIsrAsLeader(" + tp + ", " + proposed + ")", s -> {
            if (proposed.partitionEpoch() == LeaderAndIsr.NEW_PARTITION) {
                // Only the controller creates partition states; a leader can only replace one.
                return StateUpdate.conflict(partitionStates.get(tp));
            }
            StateUpdate update = conditionalWrite(tp, proposed);
            if (update.applied() && controller != null) {
                // Kafka's ISR change notification. With no controller it is dropped: a newly
                // elected controller reads every partition state anyway.
                Set<TopicPartition> changed = Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(tp)));
                notify(controller.session(), "onIsrChanged" + changed, l -> l.onIsrChanged(changed));
            }
            return update;
        });
    }

    /** Kafka's log directory event notification; like an ISR change, dropped while there is no controller. */
    CompletableFuture<Void> reportLogDirFailure(ZkSession session, int brokerId) {
        return submit(session, "reportLogDirFailure(" + brokerId + ")", s -> {
            if (controller != null) {
                notify(controller.session(), "onLogDirFailure(" + brokerId + ")", l -> l.onLogDirFailure(brokerId));
            }
            return null;
        });
    }

    /**
     * ZooKeeper's versioned write: creates the state when {@code state.partitionEpoch()} is
     * {@link LeaderAndIsr#NEW_PARTITION} and none exists (version 0), replaces it when the
     * stored version equals {@code state.partitionEpoch()} (version + 1), else reports a
     * conflict with the stored state. A partition of a topic that does not exist has no
     * state to write (ZooKeeper's NoNode): a conflict with {@code null}.
     */
    private StateUpdate conditionalWrite(TopicPartition tp, LeaderAndIsr state) {
        LeaderAndIsr current = partitionStates.get(tp);
        if (!topics.containsKey(tp.topic())) {
            return StateUpdate.conflict(current);
        }
        int given = state.partitionEpoch();
        boolean matches = given == LeaderAndIsr.NEW_PARTITION ? current == null
                : current != null && current.partitionEpoch() == given;
        if (!matches) {
            return StateUpdate.conflict(current);
        }
        LeaderAndIsr stored = state.withPartitionEpoch(given == LeaderAndIsr.NEW_PARTITION ? 0 : given + 1);
        partitionStates.put(tp, stored);
        stateWatchers.forEach(w -> w.accept(tp, stored));
        return StateUpdate.applied(stored);
    }

    /** The zombie-controller fence: the epoch must be the current one and the caller's session must hold {@code /controller}. */
    private void requireController(ZkSession s, int epoch, String what) {
        if (epoch != controllerEpoch) {
            throw new StaleControllerEpochException("broker " + s.brokerId + " cannot " + what + " with controller epoch "
                    + epoch + ": the current epoch is " + controllerEpoch);
        }
        if (controller == null || controller.session() != s) {
            throw new StaleControllerEpochException("broker " + s.brokerId + " cannot " + what + " with controller epoch "
                    + epoch + ": its session " + s.label() + " does not hold the controllership"
                    + (controller == null ? " (there is no controller)"
                    : " (held by broker " + controller.brokerId() + ", session " + controller.session().label() + ")"));
        }
    }

    // ---------------------------------------------------------------- delivery

    /**
     * Applies {@code operation} at the server after a seeded delay (after this session's
     * earlier operations), then replies to the session's node. An operation of a session
     * that is no longer live fails with a {@link RetriableException}.
     */
    private <T> CompletableFuture<T> submit(ZkSession session, String what, Function<ZkSession, T> operation) {
        return submit(session, what, false, operation);
    }

    /** {@code write}: the operation changes state, so its reply may be lost after it applied. */
    private <T> CompletableFuture<T> write(ZkSession session, String what, Function<ZkSession, T> operation) {
        return submit(session, what, true, operation);
    }

    private <T> CompletableFuture<T> submit(ZkSession session, String what, boolean write,
                                            Function<ZkSession, T> operation) {
        CompletableFuture<T> reply = new CompletableFuture<>();
        long applyAt = Math.max(sim.nowMs() + delay(), session.lastApplyMs);
        session.lastApplyMs = applyAt;
        server.scheduleAt(applyAt, what + " [session " + session.label() + "]", () -> {
            T result = null;
            RuntimeException failure = null;
            if (session.disconnected) {
                failure = new RetriableException("connection loss: session " + session.label() + " of broker "
                        + session.brokerId + " is cut off from ZooKeeper");
            } else if (!session.isLive()) {
                failure = new RetriableException(session.state == ZkSession.State.CLOSED
                        ? "session closed: " + session.label() + " of broker " + session.brokerId + " was closed"
                        : "session expired: " + session.label() + " of broker " + session.brokerId + " has expired");
            } else {
                try {
                    result = operation.apply(session);
                } catch (ReplogException | IllegalArgumentException e) {
                    failure = e;
                }
                if (write && lostReplyProbability > 0 && random.nextDouble() < lostReplyProbability) {
                    note("applied " + what + " but its reply is lost");
                    result = null;
                    failure = new RetriableException("connection loss: the reply to " + what + " was lost");
                }
            }
            T ok = result;
            RuntimeException error = failure;
            deliver(session, 0, "reply " + what + (error == null ? "" : " failed: " + error.getMessage()), () -> {
                if (error == null) {
                    reply.complete(ok);
                } else {
                    reply.completeExceptionally(error);
                }
            });
        });
        return reply;
    }

    private void notifyBrokersChanged() {
        Map<Integer, BrokerRegistration> snapshot = liveBrokers();
        notifyAllSessions("onBrokersChanged" + snapshot.keySet(), l -> l.onBrokersChanged(snapshot));
    }

    private void notifyControllerChanged() {
        Optional<ControllerInfo> snapshot = controller();
        notifyAllSessions("onControllerChanged(" + snapshot.map(Object::toString).orElse("none") + ")",
                l -> l.onControllerChanged(snapshot));
    }

    private void notifyAllSessions(String what, Consumer<CoordinatorListener> callback) {
        for (ZkSession session : List.copyOf(liveSessions.values())) {
            notify(session, what, callback);
        }
    }

    private void notify(ZkSession session, String what, Consumer<CoordinatorListener> callback) {
        deliver(session, delay(), "notify " + what, () -> session.view.dispatch(session, callback));
    }

    /** Sends to the session's node, after everything sent to it before (a session's single ordered connection). */
    private void deliver(ZkSession session, long delayMs, String what, Runnable task) {
        if (session.disconnected) {
            session.held.add(task);
            session.heldWhat.add(what);
            return;
        }
        long at = Math.max(sim.nowMs() + delayMs, session.lastDeliveryMs);
        session.lastDeliveryMs = at;
        session.node.scheduleAt(at, session.nodeGeneration, "zk " + what, task);
    }

    private long delay() {
        long min = sim.config().coordinatorMinDelayMs();
        long max = sim.config().coordinatorMaxDelayMs();
        return min + random.nextLong(max - min + 1);
    }

    /** Topic names for a trace line: all of them while few, else how many (trace lines stay short). */
    private static String names(Collection<String> topics) {
        return topics.size() <= 10 ? topics.toString() : "(" + topics.size() + " topics)";
    }

    private void note(String what) {
        sim.note(Simulation.COORDINATOR_NODE, what);
    }
}

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
import io.replog.zk.znode.IsrChangeZnode;
import io.replog.zk.znode.LogDirEventZnode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The {@link Coordinator} on Apache ZooKeeper, with Kafka's znode layout (see {@link ZkPaths}).
 * One instance holds one broker's session.
 *
 * <ul>
 *   <li><b>Registration</b>: the ephemeral {@code /brokers/ids/<id>}; an id held by another live
 *       session is refused with a {@link RetriableException} naming the holder.</li>
 *   <li><b>Election</b>: the ephemeral {@code /controller} and {@code /controller_epoch} in one
 *       multi-op; every controller write is a multi-op fenced by the epoch znode's version and
 *       the existence of {@code /controller} (see {@link ControllerElection}), so a deposed or
 *       expired controller changes nothing. An election that meets a connection loss learns its
 *       outcome in the same session; a term counts only while the session owns
 *       {@code /controller} at the epoch it won.</li>
 *   <li><b>Partition state</b>: conditional on the znode version, pipelined in batches
 *       (see {@link PartitionStateStore}); a leader's ISR changes reach the controller as batched
 *       notifications ({@link IsrChangeBatcher}), which it reads in pages
 *       ({@link SequentialNotifications}); a broker's failed log directory reaches it the same way
 *       through {@code /log_dir_event_notification}.</li>
 *   <li><b>Notifications</b>: ZooKeeper watches, set again with every read (on a missing parent,
 *       an exists-watch), re-read after every connection; each notification is a full snapshot,
 *       delivered when the znodes it was read from changed (creation zxid and version, never the
 *       body alone), on this coordinator's own thread ({@code replog-zk-<name>}), never on
 *       ZooKeeper's.</li>
 *   <li><b>Connection loss</b> fails calls with a {@link RetriableException} and keeps the
 *       session; <b>session expiry</b> drops the controllership, opens a new session (trying again,
 *       loudly, while none can be opened) and then calls
 *       {@link CoordinatorListener#onSessionExpired()}, after which the broker registers again.</li>
 *   <li><b>Servers older than ZooKeeper 3.6</b> are refused with a precise error, checked on every
 *       connection ({@link ServerVersionCheck}).</li>
 * </ul>
 * Futures complete on the coordinator's thread. Calls never block, except {@link #close()}.
 */
public final class ZkCoordinator implements Coordinator {
    private static final Logger log = LoggerFactory.getLogger(ZkCoordinator.class);

    private final ZkCoordinatorConfig config;
    private final ZkPaths paths;
    private final String logPrefix;
    private final ScheduledExecutorService events;
    private final Listeners listeners;
    private final ZkConnection connection;
    private final ZkReads reads;
    private final ControllerElection election;
    private final BrokerRegistry registry;
    private final TopicStore topics;
    private final PartitionStateStore states;
    private final SequentialNotifications<TopicPartition> isrChanges;
    private final SequentialNotifications<Integer> logDirEvents;
    private final IsrChangeBatcher isrBatcher;
    private final WatchedSnapshot<Versioned<Map<Integer, BrokerRegistration>>> brokersWatch;
    private final WatchedSnapshot<ControllerState> controllerWatch;
    private final WatchedSnapshot<Versioned<Map<String, TopicAssignment>>> topicsWatch;
    private final WatchedSnapshot<Versioned<Set<String>>> deletionsWatch;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread eventThread;

    /** Connects to {@code connectString} ({@code host:port[,host:port...][/chroot]}) with the default session timeout. */
    public static ZkCoordinator connect(String connectString) {
        return new ZkCoordinator(ZkCoordinatorConfig.of(connectString));
    }

    /** Opens a session with {@code config} (the connection itself is made in the background). */
    public ZkCoordinator(ZkCoordinatorConfig config) {
        this(config, ZkSession::new);
    }

    /** With {@code sessions} opening the client sessions (tests make it fail). */
    ZkCoordinator(ZkCoordinatorConfig config, ZkConnection.SessionFactory sessions) {
        this.config = Objects.requireNonNull(config, "config");
        this.paths = new ZkPaths(config.connect().chroot());
        this.logPrefix = "[zk " + config.name() + "] ";
        this.events = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replog-zk-" + config.name());
            t.setDaemon(true);
            eventThread = t;
            return t;
        });
        this.listeners = new Listeners(events, logPrefix);
        this.connection = new ZkConnection(config, paths, events, sessions, logPrefix);
        this.reads = new ZkReads(paths, logPrefix);
        this.election = new ControllerElection(connection, paths, reads, config.clock(), new ControllerElection.TermListener() {
            @Override
            public void termStarted(ControllerElection.Term term) {
                isrChanges.start(term);
                logDirEvents.start(term);
            }

            @Override
            public void termEnded(ControllerElection.Term term) {
                isrChanges.stop(term);
                logDirEvents.stop(term);
            }
        }, logPrefix);
        this.isrChanges = new SequentialNotifications<>("ISR change notifications", paths.isrChangeNotifications(),
                ZkPaths.ISR_CHANGE_PREFIX, IsrChangeZnode::decode, reads, election,
                changed -> listeners.fire("onIsrChanged" + changed, l -> l.onIsrChanged(changed)), logPrefix);
        this.logDirEvents = new SequentialNotifications<>("log directory events", paths.logDirEventNotifications(),
                ZkPaths.LOG_DIR_EVENT_PREFIX, LogDirEventZnode::decode, reads, election,
                brokers -> brokers.forEach(b -> listeners.fire("onLogDirFailure(" + b + ")", l -> l.onLogDirFailure(b))),
                logPrefix);
        this.isrBatcher = new IsrChangeBatcher(connection, paths, events, config.isrNotificationLingerMs(), logPrefix);
        this.registry = new BrokerRegistry(connection, paths, reads, logPrefix);
        this.topics = new TopicStore(connection, paths, reads, election, logPrefix);
        this.states = new PartitionStateStore(connection, paths, reads, election, isrBatcher, logPrefix);
        Supplier<ZkSession> current = connection::currentOrNull;
        this.brokersWatch = new WatchedSnapshot<>("live brokers", current,
                WatchedSnapshot.Reader.full(reads::versionedBrokers), Versioned::changed,
                live -> listeners.fire("onBrokersChanged" + live.value().keySet(), l -> l.onBrokersChanged(live.value())),
                logPrefix);
        this.controllerWatch = new WatchedSnapshot<>("controller", current,
                WatchedSnapshot.Reader.full((s, w) -> reads.controllerState(s, w).thenApply(state -> {
                    election.observed(s, state); // in the session's order, before anything read later
                    return state;
                })),
                (before, now) -> !before.identity().equals(now.identity()),
                c -> listeners.fire("onControllerChanged(" + c.info() + ")", l -> l.onControllerChanged(c.info())),
                logPrefix);
        this.topicsWatch = new WatchedSnapshot<>("topics", current, new TopicsReader(paths, reads), Versioned::changed,
                all -> listeners.fire("onTopicsChanged" + all.value().keySet(), l -> l.onTopicsChanged(all.value())),
                logPrefix);
        this.deletionsWatch = new WatchedSnapshot<>("topic deletion requests", current,
                WatchedSnapshot.Reader.full(reads::versionedDeletionRequests),
                (before, now) -> Versioned.changed(before, now) && !now.value().isEmpty(),
                pending -> listeners.fire("onTopicDeletionRequested" + pending.value(),
                        l -> l.onTopicDeletionRequested(pending.value())),
                logPrefix);
        connection.open(new ZkConnection.Handler() {
            @Override
            public void reconnected(ZkSession session) {
                refreshWatches();
                isrChanges.refresh();
                logDirEvents.refresh();
            }

            @Override
            public void expired(ZkSession old, ZkSession replacement) {
                election.sessionExpired();
                refreshWatches();
                listeners.fire("onSessionExpired", CoordinatorListener::onSessionExpired);
            }
        });
        log.info("{}connecting to ZooKeeper {} (session timeout {} ms)", logPrefix, config.connect(),
                config.sessionTimeoutMs());
    }

    private void refreshWatches() {
        brokersWatch.refreshAll();
        controllerWatch.refreshAll();
        topicsWatch.refreshAll();
        deletionsWatch.refreshAll();
    }

    // ---------------------------------------------------------------- Coordinator

    @Override
    public CompletableFuture<Long> registerBroker(BrokerRegistration registration) {
        return call(() -> registry.register(registration));
    }

    @Override
    public CompletableFuture<Map<Integer, BrokerRegistration>> liveBrokers() {
        return call(registry::liveBrokers);
    }

    @Override
    public CompletableFuture<OptionalInt> tryBecomeController(int brokerId) {
        return call(() -> election.tryBecomeController(brokerId));
    }

    @Override
    public CompletableFuture<Optional<ControllerInfo>> controller() {
        return call(election::controller);
    }

    @Override
    public CompletableFuture<Void> resignController(int controllerEpoch) {
        return call(() -> election.resign(controllerEpoch));
    }

    @Override
    public CompletableFuture<Void> createTopic(TopicAssignment assignment) {
        return call(() -> topics.create(assignment));
    }

    @Override
    public CompletableFuture<Map<String, TopicAssignment>> topics() {
        return call(topics::topics);
    }

    @Override
    public CompletableFuture<Void> requestTopicDeletion(String topic) {
        return call(() -> topics.requestDeletion(topic));
    }

    @Override
    public CompletableFuture<Set<String>> pendingTopicDeletions() {
        return call(topics::pendingDeletions);
    }

    @Override
    public CompletableFuture<Void> deleteTopic(int controllerEpoch, String topic) {
        return call(() -> topics.delete(controllerEpoch, topic));
    }

    @Override
    public CompletableFuture<Map<TopicPartition, LeaderAndIsr>> partitionStates(Collection<TopicPartition> partitions) {
        Collection<TopicPartition> copy = new TreeSet<>(partitions);
        return call(() -> states.read(copy));
    }

    @Override
    public CompletableFuture<Map<TopicPartition, StateUpdate>> writePartitionStatesAsController(
            int controllerEpoch, Map<TopicPartition, LeaderAndIsr> proposed) {
        // A sorted copy: writes go out in partition order (and Map.copyOf probes badly on TopicPartition hashes).
        Map<TopicPartition, LeaderAndIsr> copy = new TreeMap<>(proposed);
        return call(() -> states.writeAsController(controllerEpoch, copy));
    }

    @Override
    public CompletableFuture<StateUpdate> updateIsrAsLeader(TopicPartition partition, LeaderAndIsr proposed) {
        return call(() -> states.updateIsrAsLeader(partition, proposed));
    }

    /** Kafka's {@code /log_dir_event_notification/log_dir_event_<seq>}; it waits there for the controller. */
    @Override
    public CompletableFuture<Void> reportLogDirFailure(int brokerId) {
        return call(() -> {
            ZkSession s = connection.session();
            String prefix = paths.logDirEventNotificationPrefix();
            return s.create(prefix, LogDirEventZnode.encode(brokerId), CreateMode.PERSISTENT_SEQUENTIAL).thenApply(w -> {
                if (w.code() == Code.NONODE) {
                    connection.ensurePaths(s);
                    throw new RetriableException("cannot report the failed log directory of broker " + brokerId + ": "
                            + paths.logDirEventNotifications() + " was missing and is being created again; retry");
                }
                if (w.code() != Code.OK) {
                    throw ZkErrors.failure(w.code(), "report the failed log directory of broker " + brokerId, prefix);
                }
                return null;
            });
        });
    }

    /**
     * Adds a listener. The first one starts the watches: their first reads are the baseline,
     * and every later change is delivered.
     */
    @Override
    public void addListener(CoordinatorListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        brokersWatch.start();
        controllerWatch.start();
        topicsWatch.start();
        deletionsWatch.start();
    }

    /**
     * Closes the session: this broker's registration and controllership vanish at once. Returns
     * once the session is closed and the coordinator's threads have ended (a few seconds at most,
     * even with ZooKeeper unreachable); futures still pending fail with a {@link RetriableException}.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listeners.close();
        brokersWatch.stop();
        controllerWatch.stop();
        topicsWatch.stop();
        deletionsWatch.stop();
        election.closing();
        isrBatcher.flushNow(); // sent before the session's close, so applied before it
        connection.close();
        events.shutdown();
        if (Thread.currentThread() != eventThread) {
            try {
                if (!events.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("{}the coordinator's thread is still busy 5 s after close", logPrefix);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("{}closed the ZooKeeper session", logPrefix);
    }

    // ---------------------------------------------------------------- inspection

    /** The current session's id (0 before the first connection is made). */
    public long sessionId() {
        ZkSession s = connection.currentOrNull();
        return s == null ? 0 : s.id();
    }

    /** Whether every watch has read its baseline since the first listener was added (for tests). */
    boolean watching() {
        return brokersWatch.hasBaseline() && controllerWatch.hasBaseline() && topicsWatch.hasBaseline()
                && deletionsWatch.hasBaseline();
    }

    /**
     * The current session's password (a copy; empty before the first connection), to attach a
     * second client to the session, e.g. to expire it for real in tests.
     */
    public byte[] sessionPassword() {
        ZkSession s = connection.currentOrNull();
        return s == null ? new byte[0] : s.password().clone();
    }

    /** How many times this coordinator's connection to ZooKeeper was lost so far (a reconnect loop shows here). */
    public int connectionLosses() {
        return connection.connectionLosses();
    }

    /** The server the current session is connected to ({@code /host:port}), "unknown" while disconnected. */
    public String connectedServer() {
        ZkSession s = connection.currentOrNull();
        return s == null ? "unknown" : s.server();
    }

    /**
     * Completes once the current session is connected (at once if it is); fails with a
     * {@link io.replog.errors.RetriableException} if it expires or the coordinator closes first.
     */
    java.util.concurrent.CompletableFuture<Void> whenConnected() {
        ZkSession s = connection.currentOrNull();
        if (s == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new io.replog.errors.RetriableException("the coordinator is closed"));
        }
        return connection.whenConnected(s).thenApply(connected -> null);
    }

    /** Whether the current session is connected now. */
    public boolean isConnected() {
        ZkSession s = connection.currentOrNull();
        return s != null && s.isConnected();
    }

    /** The controller epoch this coordinator holds in its current session, if any. */
    public OptionalInt heldControllerEpoch() {
        ControllerElection.Term t = election.currentTerm();
        return t == null ? OptionalInt.empty() : OptionalInt.of(t.epoch());
    }

    /** The znode paths in use (with the chroot). */
    public ZkPaths paths() {
        return paths;
    }

    /** This coordinator's configuration. */
    public ZkCoordinatorConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * Starts {@code op} and hands its outcome over to the coordinator's thread, so that whoever
     * continues on the future never runs on (and never blocks) ZooKeeper's event thread.
     */
    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> op) {
        CompletableFuture<T> internal;
        try {
            internal = closed.get()
                    ? CompletableFuture.failedFuture(new RetriableException(logPrefix + "the ZooKeeper coordinator is closed"))
                    : op.get();
        } catch (RuntimeException e) {
            internal = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        internal.whenComplete((value, error) -> {
            Runnable complete = () -> {
                if (error != null) {
                    result.completeExceptionally(ZkErrors.cause(error));
                } else {
                    result.complete(value);
                }
            };
            try {
                events.execute(complete);
            } catch (RejectedExecutionException e) {
                complete.run(); // closed: complete where we are
            }
        });
        return result;
    }

    @Override
    public String toString() {
        ZkSession s = connection.currentOrNull();
        return "ZkCoordinator[" + config.name() + ", " + config.connect() + ", " + (s == null ? "closed" : s) + "]";
    }
}

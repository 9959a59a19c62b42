package io.replog.testkit;

import io.replog.broker.Broker;
import io.replog.broker.BrokerThreads;
import io.replog.log.LogFileSystem;
import io.replog.client.Admin;
import io.replog.client.AdminConfig;
import io.replog.client.Consumer;
import io.replog.client.ConsumerConfig;
import io.replog.client.Deserializer;
import io.replog.client.NewTopic;
import io.replog.client.Producer;
import io.replog.client.ProducerConfig;
import io.replog.client.Serializer;
import io.replog.config.BrokerConfig;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Coordinator;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.errors.TimeoutException;
import io.replog.fault.ClusterFaults;
import io.replog.netty.NettyResources;
import io.replog.netty.provider.NettyTransportProvider;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import io.replog.transport.ClientTransport;
import io.replog.transport.ClientTransportSettings;
import io.replog.zk.EmbeddedZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;


/**
 * A real replog cluster inside the test's JVM: a ZooKeeper (embedded, or an external one under a
 * chroot), brokers started as an application starts them ({@link Broker}) with their logs on disk,
 * Kafka's wire protocol over loopback TCP or in-VM channels, and replog's networked clients.
 *
 * <pre>{@code
 * try (ReplogCluster cluster = ReplogCluster.builder().racks("R1", "R2", "R3").start()) {
 *     cluster.createTopic("orders", 3, 3, Map.of("min.insync.replicas", "2"));
 *     Producer<String, String> producer = cluster.producer(Serdes.string(), Serdes.string());
 *     producer.send(ProducerRecord.of("orders", "k", "v")).join();
 *     cluster.kill(cluster.awaitLeader(new TopicPartition("orders", 0)));
 * }
 * }</pre>
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link Builder#start()} returns once every broker is registered and the brokers agree on a
 *       controller; a failure to start closes whatever was started and names what failed. A
 *       configuration the cluster cannot use (an unknown broker config key, a key the cluster sets
 *       itself, a bad value) is refused before anything starts, naming the key.</li>
 *   <li>The brokers of one cluster share one {@link NettyResources} (a few I/O threads and one
 *       lookup thread), and so do the clients it makes; they share one {@link BrokerThreads} too (one
 *       engine thread and one file-work thread for all of them): a broker adds its ZooKeeper
 *       session, nothing more. Neither the brokers' logs nor the embedded ZooKeeper fsync: a
 *       test's cluster never loses power, and {@link #kill} is a process crash, after which the
 *       page cache still holds every write. Every thread the
 *       cluster starts is named {@code replog-...}; after {@link #close()} none is left.</li>
 *   <li>Each broker has its own directory under a temporary directory the cluster owns, kept
 *       across {@link #kill}, {@link #stop} and {@link #restart}, and deleted by {@link #close()}
 *       unless {@link Builder#keepDirectories(boolean)} says otherwise.</li>
 *   <li>Addresses are stable: a restarted broker listens on the port it had (TCP) or the in-VM
 *       name it had, so {@link #bootstrapServers()} and the clients' bootstrap lists stay valid;
 *       if the port is taken meanwhile, {@link #restart} fails saying so.</li>
 *   <li>The faults are the real thing: {@link #kill} crashes a broker (no controlled shutdown,
 *       nothing flushed, connections dropped, its ZooKeeper session ended), {@link #stop} is a
 *       controlled shutdown, {@link #expireSession} expires the broker's session at the ZooKeeper
 *       server, {@link #restart} starts the same broker on the same directory,
 *       {@link #isolate}/{@link #heal} cut a broker's traffic with brokers and clients both ways
 *       while its session lives, {@link #slowFollower} delays it as congestion would,
 *       {@link #stopZooKeeper()} and {@link #startZooKeeper()} take the embedded ZooKeeper away
 *       and bring it back with its data. The names and meanings are those of the simulation's
 *       {@code SimCluster}: both implement {@link ClusterFaults}, so a scenario written against it,
 *       or as {@link io.replog.fault.Fault} values, runs on either.</li>
 *   <li>The readiness waits ({@link #createTopic}, {@link #awaitLeader}, {@link #awaitIsr},
 *       {@link #awaitController}) ask every running broker that is not isolated, not one: they
 *       return once all agree. They fail after {@link Builder#waitTimeout(Duration)} with a
 *       {@link TimeoutException} that says what they waited for and what they saw last.</li>
 *   <li>The admin client ({@link #admin()}) and every producer and consumer made here are closed
 *       with the cluster if the test has not closed them.</li>
 *   <li>{@link #resetTopics()} leaves the cluster running with no topic, on ZooKeeper, in every
 *       running broker's metadata and on disk, for the next test.</li>
 *   <li>Thread-safe; a fault and a wait may run on different threads at once.</li>
 * </ul>
 *
 * <p>Why one class of more than 400 lines: it is the test kit's whole public surface (the
 * builder, the faults, the waits, the clients), each method with the Javadoc saying what it
 * guarantees; the work is done by package-private classes: {@link Readiness} (the waits),
 * {@link Sessions} (the brokers' ZooKeeper sessions) and {@link FaultyNetwork} (isolation and
 * slowness).
 */
public final class ReplogCluster implements ClusterFaults, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplogCluster.class);
    /** The chroot the brokers use on the embedded ZooKeeper. */
    private static final String EMBEDDED_CHROOT = "/replog";
    /** Keys the cluster sets for each broker itself; an override of one is refused. */
    private static final Set<String> OWN_KEYS = Set.of(BrokerConfig.BROKER_ID.name(), BrokerConfig.BROKER_RACK.name(),
            BrokerConfig.LOG_DIRS.name(), BrokerConfig.LISTENERS.name(), BrokerConfig.ZOOKEEPER_CONNECT.name());
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** What a broker of the cluster is doing. */
    public enum BrokerState {
        /** Started and not killed or stopped since. */
        RUNNING,
        /** Crashed by {@link #kill}; {@link #restart} starts it again. */
        KILLED,
        /** Shut down by {@link #stop}; {@link #restart} starts it again. */
        STOPPED
    }

    private final NavigableMap<Integer, String> racks;
    private final Map<String, Object> overrides;
    private final Transport transport;
    private final Duration waitTimeout;
    private final boolean keepDirectories;
    private final Path dir;
    private final EmbeddedZooKeeper zk;
    private final String zkConnect;
    private final NettyResources resources;
    private final BrokerThreads threads;
    private final NettyTransportProvider provider;
    private final FaultyNetwork network;
    private final Sessions sessions = new Sessions();
    private final NavigableMap<Integer, Broker> running = new TreeMap<>();
    private final Map<Integer, BrokerState> states = new TreeMap<>();
    private final Map<Integer, Integer> ports = new ConcurrentHashMap<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private ClientTransport probe;
    private volatile Readiness readiness;
    private Admin admin;
    private int clientSeq;
    private volatile boolean closed;

    private ReplogCluster(Builder b) {
        this.racks = new TreeMap<>(b.brokerRacks());
        this.overrides = new LinkedHashMap<>(b.overrides);
        this.transport = b.transport;
        this.waitTimeout = b.waitTimeout;
        this.keepDirectories = b.keepDirectories;
        validateOverrides(racks, overrides);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            this.dir = b.parent == null ? Files.createTempDirectory("replog-cluster-")
                    : Files.createTempDirectory(Files.createDirectories(b.parent), "replog-cluster-");
            opened.add(this::deleteDirectoryUnlessKept);
            if (b.externalZooKeeper == null) {
                this.zk = EmbeddedZooKeeper.builder().fsync(false).start(); // a test never loses power
                opened.add(zk);
                this.zkConnect = zk.connectString(EMBEDDED_CHROOT);
            } else {
                this.zk = null;
                this.zkConnect = b.externalZooKeeper;
            }
            this.resources = NettyResources.create(Math.min(2, Runtime.getRuntime().availableProcessors()), 1);
            opened.add(resources);
            this.threads = BrokerThreads.create(Integer.toHexString(System.identityHashCode(this)));
            opened.add(threads);
            this.provider = new NettyTransportProvider(resources);
            this.network = new FaultyNetwork(provider, resources.tcpGroup());
        } catch (IOException e) {
            closeAll(opened);
            throw new UncheckedIOException("cannot create the cluster's directory", e);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** A cluster to describe, then {@link Builder#start()}. */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- start and stop

    private void startAll() {
        for (int id : racks.keySet()) {
            startBroker(id);
        }
        probe = provider.clientTransport(new ClientTransportSettings("replog-cluster-probe",
                List.of(bootstrapServers().split(",")), 1, PROBE_TIMEOUT, Duration.ofMillis(50),
                Duration.ofMillis(500), PROBE_TIMEOUT));
        readiness = new Readiness(probe, waitTimeout, PROBE_TIMEOUT, this::reachableAddresses, this::checkOpen);
        awaitRegistered(racks.keySet());
        awaitController();
    }

    private void startBroker(int id) {
        Path logDir = brokerDirectory(id);
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of broker " + id, e);
        }
        Integer port;
        synchronized (this) {
            port = ports.get(id);
        }
        BrokerConfig config = config(id, port == null ? 0 : port);
        Broker broker;
        try {
            // Its brokers never lose power (kill is a process crash): no fsync, as its ZooKeeper.
            broker = Broker.builder(config).coordinator(sessions).transport(network).threads(threads)
                    .logFileSystem(LogFileSystem.nioWithoutFsync()).start();
        } catch (RuntimeException e) {
            if (port != null) {
                throw new IllegalStateException("broker " + id + " cannot listen on its former address 127.0.0.1:"
                        + port + " again (is the port taken?): " + e.getMessage(), e);
            }
            throw e;
        }
        synchronized (this) {
            running.put(id, broker);
            states.put(id, BrokerState.RUNNING);
            if (transport == Transport.TCP) {
                ports.put(id, broker.endpoints().get(0).port());
            }
        }
    }

    private BrokerConfig config(int id, int port) {
        BrokerConfig.Builder builder = BrokerConfig.builder().brokerId(id).logDir(brokerDirectory(id))
                .listeners(transport == Transport.TCP ? "PLAINTEXT://127.0.0.1:" + port
                        : "local://" + localName(id) + ":0")
                .zookeeperConnect(zkConnect).zookeeperSessionTimeoutMs(6_000);
        String rack = racks.get(id);
        if (rack != null) {
            builder.rack(rack);
        }
        overrides.forEach(builder::set);
        return builder.build();
    }

    /** Builds the first broker's config, so a bad override fails before anything starts. */
    private static void validateOverrides(NavigableMap<Integer, String> racks, Map<String, Object> overrides) {
        for (String key : overrides.keySet()) {
            if (OWN_KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' is set by ReplogCluster for each broker and cannot "
                        + "be overridden; the cluster sets " + new TreeSet<>(OWN_KEYS)
                        + " (use broker(id, rack) or racks(...) for racks, externalZooKeeper(...) for ZooKeeper)");
            }
        }
        BrokerConfig.Builder builder = BrokerConfig.builder().brokerId(racks.firstKey())
                .logDir(Path.of("validation")).listeners("PLAINTEXT://127.0.0.1:0").zookeeperConnect("127.0.0.1:1");
        overrides.forEach(builder::set);
        builder.build();
    }

    /**
     * Closes the clients made here, then the brokers still running (each a controlled shutdown,
     * in reverse id order; isolated and slow brokers are healed and a stopped embedded ZooKeeper
     * is started again for it), the shared Netty
     * threads and the embedded ZooKeeper, and deletes the cluster's directory unless it is kept.
     * Closing twice does nothing.
     */
    @Override
    public void close() {
        List<AutoCloseable> toClose = new ArrayList<>();
        List<Broker> brokers;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose.addAll(clients);
            clients.clear();
            if (admin != null) {
                toClose.add(admin);
            }
            if (probe != null) {
                toClose.add(probe);
            }
            brokers = new ArrayList<>(running.values());
            running.clear();
        }
        Collections.reverse(toClose); // closeAll goes backwards: the clients, then the admin, then the probe
        closeAll(toClose);
        network.healAll(); // a controlled shutdown needs the controller reachable...
        if (zk != null && !zk.isRunning()) {
            try {
                zk.startAgain(); // ...and ZooKeeper
            } catch (RuntimeException e) {
                LOG.warn("could not start ZooKeeper again for the brokers' controlled shutdowns: {}", e.toString());
            }
        }
        List<AutoCloseable> rest = new ArrayList<>();
        rest.add(this::deleteDirectoryUnlessKept);
        if (zk != null) {
            rest.add(zk);
        }
        rest.add(resources);
        rest.add(threads);
        rest.addAll(brokers);
        closeAll(rest); // backwards: the brokers from the highest id down, Netty, ZooKeeper, the directory
    }

    private void deleteDirectoryUnlessKept() {
        if (keepDirectories) {
            LOG.info("ReplogCluster keeps its directory {}", dir);
            return;
        }
        deleteRecursively(dir);
    }

    // ---------------------------------------------------------------- faults

    /**
     * Crashes broker {@code id}: no controlled shutdown, nothing flushed or checkpointed (its files
     * stay as the crash left them), its listeners and connections dropped, its ZooKeeper session
     * ended at once (what the session timeout would do after a real crash, without the wait), its
     * threads stopped. {@link #restart} starts it again.
     *
     * @throws IllegalArgumentException if the cluster has no broker {@code id}
     * @throws IllegalStateException    if it is not running
     */
    @Override
    public void kill(int id) {
        Broker broker = takeRunning(id, BrokerState.KILLED, "kill");
        broker.kill();
        LOG.info("ReplogCluster killed broker {}", id);
    }

    /**
     * Stops broker {@code id} cleanly: a controlled shutdown (its leaderships handed over first),
     * its logs flushed and checkpointed, its session closed. {@link #restart} starts it again.
     *
     * @throws IllegalArgumentException if the cluster has no broker {@code id}
     * @throws IllegalStateException    if it is not running
     */
    @Override
    public void stop(int id) {
        Broker broker = takeRunning(id, BrokerState.STOPPED, "stop");
        broker.close();
        LOG.info("ReplogCluster stopped broker {}", id);
    }

    /**
     * Starts killed or stopped broker {@code id} again: same id, rack, configuration and
     * directory, same address. Returns once it is registered with ZooKeeper; {@link #awaitIsr}
     * tells when it has caught up.
     *
     * @throws IllegalArgumentException if the cluster has no broker {@code id}
     * @throws IllegalStateException    if it is running, or its former port is taken
     */
    @Override
    public void restart(int id) {
        synchronized (this) {
            checkOpen();
            checkKnown(id);
            if (states.get(id) == BrokerState.RUNNING) {
                throw new IllegalStateException("broker " + id + " is running; kill or stop it before restarting it");
            }
        }
        startBroker(id);
        awaitRegistered(Set.of(id));
        LOG.info("ReplogCluster restarted broker {}", id);
    }

    /**
     * Kills the controller (as {@link #kill}) and returns its id; {@link #awaitController()} then
     * gives its successor, {@link #controllerEpoch()} the successor's higher epoch.
     *
     * @throws IllegalStateException if no running broker is controller now
     */
    @Override
    public int killController() {
        int id = controllerId();
        if (id < 0) {
            throw new IllegalStateException("no running broker is controller now; running: " + runningBrokers());
        }
        kill(id);
        return id;
    }

    /**
     * Expires broker {@code id}'s ZooKeeper session at the server, as when the broker was out of
     * touch longer than its session timeout: its registration and any controllership vanish, and
     * the broker, learning it when its client reconnects, opens a new session and registers again
     * with a higher broker epoch. Returns once the server has ended the session. On the embedded
     * ZooKeeper the server expires it directly; on an external one a second client attaches to
     * the session and closes it.
     *
     * @throws IllegalArgumentException if the cluster has no broker {@code id}
     * @throws IllegalStateException    if it is not running or has no session now
     */
    @Override
    public void expireSession(int id) {
        synchronized (this) {
            checkOpen();
            checkRunning(id);
        }
        long session = sessions.expire(id, zk, zkConnect, waitTimeout);
        LOG.info("ReplogCluster expired the ZooKeeper session 0x{} of broker {}", Long.toHexString(session), id);
    }

    /**
     * Stops the embedded ZooKeeper server: every broker loses its connection (sessions stay, on
     * the server's disk, for {@link #startZooKeeper()}). The brokers go on serving what they lead
     * with the ISRs they have; what needs ZooKeeper (an ISR change, a leader election, a topic,
     * a registration) waits for it.
     *
     * @throws UnsupportedOperationException with an external ZooKeeper, which the cluster does not own
     */
    public void stopZooKeeper() {
        embeddedOrRefuse("stop").stop();
        LOG.info("ReplogCluster stopped ZooKeeper");
    }

    /**
     * Starts the stopped embedded ZooKeeper again on the same port with the same data: sessions
     * that did not time out meanwhile reconnect, the others are expired and their brokers register
     * again. Starting a running server does nothing.
     *
     * @throws UnsupportedOperationException with an external ZooKeeper
     */
    public void startZooKeeper() {
        embeddedOrRefuse("start").startAgain();
        LOG.info("ReplogCluster started ZooKeeper again");
    }

    private EmbeddedZooKeeper embeddedOrRefuse(String what) {
        checkOpen();
        if (zk == null) {
            throw new UnsupportedOperationException("cannot " + what + " an external ZooKeeper (" + zkConnect
                    + "): the cluster owns only an embedded one");
        }
        return zk;
    }

    /**
     * Cuts broker {@code id} off from the other brokers and from clients, both ways, while its
     * ZooKeeper session lives: its replica fetches and the controller's requests to it fail as
     * to an unreachable peer, and client requests reaching it go unanswered (their
     * {@code request.timeout.ms} passes). Followers it leads fall out of its ISR, and it falls out
     * of the ISRs it follows in. Lasts until {@link #heal}, across restarts. The readiness waits
     * leave an isolated broker out, as they cannot ask it.
     *
     * @throws IllegalArgumentException if the cluster has no broker {@code id}
     */
    @Override
    public void isolate(int id) {
        synchronized (this) {
            checkOpen();
            checkKnown(id);
        }
        network.isolate(id);
        LOG.info("ReplogCluster isolated broker {}", id);
    }

    /**
     * Undoes {@link #isolate} and {@link #slowFollower} of broker {@code id}: its traffic flows
     * again at full speed; client requests it left unanswered fail now.
     *
     * @throws IllegalArgumentException if the cluster has no broker {@code id}
     */
    @Override
    public void heal(int id) {
        synchronized (this) {
            checkOpen();
            checkKnown(id);
        }
        network.heal(id);
        LOG.info("ReplogCluster healed broker {}", id);
    }

    /**
     * Makes broker {@code id} fall behind, as under congestion: every answer to a request it
     * sends (its replica fetches among them) and every answer it gives arrives
     * {@code extraDelayMs} late. Under load, a follower slower than
     * {@code replica.lag.time.max.ms} leaves the ISR; {@link #heal} (or a delay of 0) ends it.
     *
     * @throws IllegalArgumentException if the cluster has no broker {@code id}, or the delay is negative
     */
    @Override
    public void slowFollower(int id, long extraDelayMs) {
        if (extraDelayMs < 0) {
            throw new IllegalArgumentException("extraDelayMs must be >= 0, was " + extraDelayMs);
        }
        synchronized (this) {
            checkOpen();
            checkKnown(id);
        }
        network.slow(id, extraDelayMs);
        LOG.info("ReplogCluster slowed broker {} by {} ms", id, extraDelayMs);
    }

    private Broker takeRunning(int id, BrokerState next, String what) {
        synchronized (this) {
            checkOpen();
            checkRunning(id);
            states.put(id, next);
            return running.remove(id);
        }
    }

    // ---------------------------------------------------------------- readiness

    /**
     * Creates a topic through the admin client and returns once every partition has a leader and a
     * full ISR (every assigned replica) as seen by every running broker's metadata.
     *
     * @throws TimeoutException naming the partitions not ready and what each broker reported
     */
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        try {
            admin().createTopic(NewTopic.of(name, partitions, replicationFactor).withConfigs(configs))
                    .get(waitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("creating topic " + name + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("creating topic " + name + " took longer than " + waitTimeout.toMillis()
                    + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while creating topic " + name, e);
        }
        readiness().topicReady(name, partitions);
    }

    /** As {@link #createTopic(String, int, int, Map)}, with no topic config overrides. */
    public void createTopic(String name, int partitions, int replicationFactor) {
        createTopic(name, partitions, replicationFactor, Map.of());
    }

    /**
     * Gives the next test an empty cluster without a restart: deletes every topic through the
     * admin client and returns once ZooKeeper holds no topic (every deletion finished), every
     * running broker's metadata names none, and no running broker's log directory holds a
     * partition's directory. The brokers, their addresses, the controller and the clients stay.
     *
     * @throws IllegalStateException if a broker is killed, stopped or isolated: a deletion finishes
     *                               only once every replica has deleted its log, so restart or heal it first
     * @throws TimeoutException      showing the topics ZooKeeper and each broker still had, and the
     *                               partition directories left
     */
    public void resetTopics() {
        List<String> unavailable = new ArrayList<>();
        synchronized (this) {
            checkOpen();
            states.forEach((id, state) -> {
                if (state != BrokerState.RUNNING) {
                    unavailable.add("broker " + id + " is " + state);
                } else if (network.isIsolated(id)) {
                    unavailable.add("broker " + id + " is isolated");
                }
            });
        }
        if (!unavailable.isEmpty()) {
            throw new IllegalStateException("resetTopics needs every broker running and reachable, as a topic's "
                    + "deletion finishes only once every replica has deleted its log: " + String.join(", ", unavailable)
                    + " (restart or heal it first)");
        }
        Set<String> topics = new TreeSet<>(joinAdmin(admin().listTopics(), "listing the topics"));
        List<CompletableFuture<Void>> deletions = new ArrayList<>();
        for (String topic : topics) {
            deletions.add(admin().deleteTopic(topic).exceptionally(e -> {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                if (!(cause instanceof io.replog.errors.UnknownTopicOrPartitionException)) {
                    throw new java.util.concurrent.CompletionException(cause); // gone meanwhile is fine
                }
                return null;
            }));
        }
        joinAdmin(CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)), "deleting topics " + topics);
        readiness().waitFor("every topic is deleted (" + topics + " were listed): ZooKeeper holds none, every "
                + "running broker's metadata names none and no running broker has a partition directory", () -> {
            Set<String> inZooKeeper = askZooKeeper(Coordinator::topics).map(m -> (Set<String>) new TreeSet<>(m.keySet()))
                    .orElse(null);
            Map<Integer, List<String>> named = readiness().topicNames();
            Map<Integer, List<String>> directories = partitionDirectories();
            boolean empty = inZooKeeper != null && inZooKeeper.isEmpty() && !named.isEmpty()
                    && named.values().stream().allMatch(t -> t != null && t.isEmpty())
                    && directories.values().stream().allMatch(List::isEmpty);
            return new Readiness.Attempt<>(empty ? Boolean.TRUE : null, "topics in ZooKeeper "
                    + (inZooKeeper == null ? "(no answer)" : inZooKeeper) + ", named by each broker " + named
                    + ", partition directories of each broker " + directories);
        });
        LOG.info("ReplogCluster deleted every topic: {}", topics);
    }

    /** Each running broker's partition directories (every subdirectory of its log directory), by name. */
    private Map<Integer, List<String>> partitionDirectories() {
        Map<Integer, List<String>> out = new TreeMap<>();
        for (int id : runningBrokers()) {
            try (java.util.stream.Stream<Path> files = Files.list(brokerDirectory(id))) {
                out.put(id, files.filter(Files::isDirectory).map(f -> f.getFileName().toString()).sorted().toList());
            } catch (IOException e) {
                out.put(id, List.of("(cannot list: " + e + ")"));
            }
        }
        return out;
    }

    private <T> T joinAdmin(CompletableFuture<T> call, String what) {
        try {
            return call.get(waitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            throw cause instanceof RuntimeException r ? r
                    : new IllegalStateException(what + " failed: " + cause, cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException(what + " took longer than " + waitTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while " + what, e);
        }
    }

    /**
     * Waits until every running broker's metadata names the same running broker as the leader of
     * {@code partition}, and returns its id.
     *
     * @throws TimeoutException showing each broker's view of the partition when last asked
     */
    public int awaitLeader(TopicPartition partition) {
        return readiness().leader(partition);
    }

    /**
     * Waits until ZooKeeper holds exactly {@code isr} as the ISR of {@code partition} and every
     * running broker's metadata shows it, with a leader among them. ZooKeeper is asked first: a
     * leader shrinks an ISR there, and the brokers' metadata hears of it only later, so their
     * metadata alone may still show a follower that already left as back in the ISR.
     *
     * @throws TimeoutException showing ZooKeeper's or each broker's view of the partition when last asked
     */
    public void awaitIsr(TopicPartition partition, Set<Integer> isr) {
        Set<Integer> expected = Set.copyOf(isr);
        readiness().waitFor("ZooKeeper holds the ISR " + new TreeSet<>(expected) + " for " + partition, () -> {
            Optional<LeaderAndIsr> state = partitionState(partition);
            boolean held = state.map(s -> Set.copyOf(s.isr()).equals(expected)).orElse(false);
            return new Readiness.Attempt<>(held ? Boolean.TRUE : null, "ZooKeeper: "
                    + state.map(Object::toString).orElse("no state"));
        });
        readiness().isr(partition, isr);
    }

    /**
     * Waits until a running broker is controller and every running broker's metadata names it
     * (an isolated broker is not asked),
     * and returns its id.
     *
     * @throws TimeoutException showing which broker each one named when last asked
     */
    public int awaitController() {
        return readiness().controller(this::controllerId);
    }

    private void awaitRegistered(Set<Integer> ids) {
        readiness().waitFor("brokers " + new TreeSet<>(ids) + " are registered with ZooKeeper", () -> {
            Map<Integer, BrokerRegistration> live = liveRegistrations();
            return new Readiness.Attempt<>(live.keySet().containsAll(ids) ? Boolean.TRUE : null,
                    "registered " + new TreeSet<>(live.keySet()));
        });
    }

    private Readiness readiness() {
        Readiness r = readiness;
        if (r == null) {
            throw new IllegalStateException("the ReplogCluster has not started");
        }
        return r;
    }

    /** The running brokers that are not isolated, with their addresses. */
    private synchronized Map<Integer, String> reachableAddresses() {
        Map<Integer, String> out = new TreeMap<>();
        for (int id : running.keySet()) {
            if (!network.isIsolated(id)) {
                out.put(id, address(id));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- state

    /** The running controller's id, or -1 if no running broker is controller now. */
    @Override
    public int controllerId() {
        for (Broker b : runningList()) {
            try {
                if (b.isController()) {
                    return b.id();
                }
            } catch (RuntimeException e) {
                // killed or stopped meanwhile
            }
        }
        return -1;
    }

    /** The controller epoch ZooKeeper holds now (Kafka's {@code /controller_epoch}), if there is a controller. */
    public OptionalInt controllerEpoch() {
        return askZooKeeper(Coordinator::controller).flatMap(c -> c).map(ControllerInfo::epoch)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** The epoch of broker {@code id}'s current registration in ZooKeeper, or -1 if it is not registered. */
    public long brokerEpoch(int id) {
        synchronized (this) {
            checkKnown(id);
        }
        BrokerRegistration r = liveRegistrations().get(id);
        return r == null ? BrokerRegistration.NO_EPOCH : r.brokerEpoch();
    }

    /** The partition's leader and ISR as ZooKeeper holds them now (the controller's decision), if it exists. */
    public Optional<LeaderAndIsr> partitionState(TopicPartition partition) {
        return askZooKeeper(c -> c.partitionStates(List.of(partition))).map(m -> m.get(partition));
    }

    private Map<Integer, BrokerRegistration> liveRegistrations() {
        return askZooKeeper(Coordinator::liveBrokers).orElse(Map.of());
    }

    /** Asks ZooKeeper through the session of some running broker. */
    private <T> Optional<T> askZooKeeper(java.util.function.Function<Coordinator, CompletableFuture<T>> query) {
        return sessions.ask(runningBrokers(), query, PROBE_TIMEOUT);
    }

    /**
     * The running broker {@code id}.
     *
     * @throws IllegalArgumentException if the cluster has no broker {@code id}
     * @throws IllegalStateException    if it is killed or stopped
     */
    public synchronized Broker broker(int id) {
        checkRunning(id);
        return running.get(id);
    }

    /** What broker {@code id} is doing. */
    public synchronized BrokerState state(int id) {
        checkKnown(id);
        return states.get(id);
    }

    /** The ids of every broker of the cluster, running or not. */
    public Set<Integer> brokerIds() {
        return Collections.unmodifiableSet(racks.keySet());
    }

    /** The ids of the running brokers. */
    public synchronized Set<Integer> runningBrokers() {
        return Set.copyOf(new TreeSet<>(running.keySet()));
    }

    private synchronized List<Broker> runningList() {
        return List.copyOf(running.values());
    }

    /** {@code bootstrap.servers} naming every broker of the cluster (their addresses survive restarts). */
    public synchronized String bootstrapServers() {
        return racks.keySet().stream().filter(id -> transport == Transport.IN_VM || ports.containsKey(id))
                .map(this::address).collect(Collectors.joining(","));
    }

    /** The ZooKeeper connect string the brokers use, with its chroot. */
    public String zkConnect() {
        return zkConnect;
    }

    /** The embedded ZooKeeper server, if the cluster runs one (not with {@link Builder#externalZooKeeper}). */
    public Optional<EmbeddedZooKeeper> embeddedZooKeeper() {
        return Optional.ofNullable(zk);
    }

    /** How brokers and clients reach each other. */
    public Transport transport() {
        return transport;
    }

    /** The cluster's directory (each broker's is {@link #brokerDirectory(int)} under it). */
    public Path directory() {
        return dir;
    }

    /** Broker {@code id}'s log directory. */
    public Path brokerDirectory(int id) {
        checkKnownUnsynchronized(id);
        return dir.resolve("broker-" + id);
    }

    private String address(int id) {
        return transport == Transport.IN_VM ? "local://" + localName(id) : "127.0.0.1:" + ports.get(id);
    }

    /** In-VM names are global to the JVM: the cluster's directory name, unique, keeps clusters apart. */
    private String localName(int id) {
        return dir.getFileName() + "-broker-" + id;
    }

    // ---------------------------------------------------------------- clients

    /** The cluster's admin client, made on first use and closed with the cluster (do not close it). */
    public synchronized Admin admin() {
        checkOpen();
        if (admin == null) {
            admin = Admin.create(AdminConfig.parse(clientProps(Map.of("client.id", "replog-cluster-admin"))),
                    provider, Clock.system());
        }
        return admin;
    }

    /**
     * A new admin client with the given config overrides (Kafka names; {@code bootstrap.servers}
     * is set here), on the cluster's shared threads; the caller closes it, or the cluster does on
     * close. Unlike {@link #admin()}, it is the caller's own.
     */
    public Admin newAdmin(Map<String, ?> overrides) {
        synchronized (this) {
            checkOpen();
            Admin a = Admin.create(AdminConfig.parse(clientProps(withClientId(overrides, "admin"))), provider,
                    Clock.system());
            clients.add(a);
            return a;
        }
    }

    /**
     * A producer with the given config overrides (Kafka names; {@code bootstrap.servers} is set
     * here), on the cluster's shared threads; closed with the cluster if the test has not closed it.
     */
    public <K, V> Producer<K, V> producer(Map<String, ?> overrides, Serializer<K> keySerializer,
                                          Serializer<V> valueSerializer) {
        synchronized (this) {
            checkOpen();
            Producer<K, V> p = Producer.create(ProducerConfig.parse(clientProps(withClientId(overrides, "producer"))),
                    keySerializer, valueSerializer, provider, Clock.system());
            clients.add(p);
            return p;
        }
    }

    /** A producer with the default config; see {@link #producer(Map, Serializer, Serializer)}. */
    public <K, V> Producer<K, V> producer(Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        return producer(Map.of(), keySerializer, valueSerializer);
    }

    /**
     * A consumer with the given config overrides (Kafka names; {@code bootstrap.servers} is set
     * here), on the cluster's shared threads; closed with the cluster if the test has not closed it.
     */
    public <K, V> Consumer<K, V> consumer(Map<String, ?> overrides, Deserializer<K> keyDeserializer,
                                          Deserializer<V> valueDeserializer) {
        synchronized (this) {
            checkOpen();
            Consumer<K, V> c = Consumer.create(ConsumerConfig.parse(clientProps(withClientId(overrides, "consumer"))),
                    keyDeserializer, valueDeserializer, provider, Clock.system());
            clients.add(c);
            return c;
        }
    }

    /** A consumer with the default config; see {@link #consumer(Map, Deserializer, Deserializer)}. */
    public <K, V> Consumer<K, V> consumer(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        return consumer(Map.of(), keyDeserializer, valueDeserializer);
    }

    /** Client properties: {@code overrides} plus {@code bootstrap.servers} naming the cluster. */
    public Map<String, Object> clientProps(Map<String, ?> overrides) {
        Map<String, Object> props = new HashMap<>(overrides);
        props.put("bootstrap.servers", bootstrapServers());
        return props;
    }

    private Map<String, ?> withClientId(Map<String, ?> overrides, String kind) {
        if (overrides.containsKey("client.id")) {
            return overrides;
        }
        Map<String, Object> props = new HashMap<>(overrides);
        props.put("client.id", "replog-cluster-" + kind + "-" + (++clientSeq));
        return props;
    }

    // ---------------------------------------------------------------- plumbing

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the ReplogCluster is closed");
        }
    }

    private void checkKnown(int id) {
        checkKnownUnsynchronized(id);
    }

    private void checkKnownUnsynchronized(int id) {
        if (!racks.containsKey(id)) {
            throw new IllegalArgumentException("the cluster has no broker " + id + "; its brokers are "
                    + racks.keySet());
        }
    }

    private void checkRunning(int id) {
        checkKnown(id);
        BrokerState state = states.get(id);
        if (state != BrokerState.RUNNING) {
            throw new IllegalStateException("broker " + id + " is not running (" + state + "); running: "
                    + new TreeSet<>(running.keySet()));
        }
    }

    /** Closes in reverse order, logging failures and going on. */
    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resources.get(i), e.toString());
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.warn("could not delete the cluster's directory {}: {}", dir, e.toString());
        }
    }

    @Override
    public synchronized String toString() {
        return "ReplogCluster[" + transport + ", brokers " + states + ", zookeeper " + zkConnect + ", " + dir + "]";
    }

    /**
     * Describes a cluster: its brokers and racks, broker config overrides, transport and
     * ZooKeeper. {@link #start()} starts it. Defaults: three brokers 0, 1, 2 without racks, TCP,
     * an embedded ZooKeeper, a 30 s wait timeout, the directory deleted on close.
     */
    public static final class Builder {
        private final NavigableMap<Integer, Optional<String>> explicit = new TreeMap<>();
        private Integer count;
        private List<String> rackList;
        private final Map<String, Object> overrides = new LinkedHashMap<>();
        private Transport transport = Transport.TCP;
        private String externalZooKeeper;
        private Duration waitTimeout = Duration.ofSeconds(30);
        private boolean keepDirectories;
        private Path parent;

        private Builder() {
        }

        /** {@code n} brokers with ids 0 to n-1 (without racks unless {@link #racks} gives them). */
        public Builder brokers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("a cluster needs at least one broker, was " + n);
            }
            if (!explicit.isEmpty()) {
                throw new IllegalStateException("brokers(n) cannot be mixed with broker(id, ...): brokers "
                        + explicit.keySet() + " are given already");
            }
            this.count = n;
            return this;
        }

        /** Brokers 0 to racks.length-1, broker i on rack {@code racks[i]}. */
        public Builder racks(String... racks) {
            if (racks.length == 0) {
                throw new IllegalArgumentException("racks(...) needs at least one rack");
            }
            if (!explicit.isEmpty()) {
                throw new IllegalStateException("racks(...) cannot be mixed with broker(id, ...)");
            }
            for (String r : racks) {
                Objects.requireNonNull(r, "rack");
            }
            this.rackList = List.of(racks);
            return this;
        }

        /** Adds broker {@code id} on rack {@code rack}. */
        public Builder broker(int id, String rack) {
            return addBroker(id, Optional.of(Objects.requireNonNull(rack, "rack")));
        }

        /** Adds broker {@code id} without a rack. */
        public Builder broker(int id) {
            return addBroker(id, Optional.empty());
        }

        private Builder addBroker(int id, Optional<String> rack) {
            if (id < 0) {
                throw new IllegalArgumentException("broker id must be >= 0, was " + id);
            }
            if (count != null || rackList != null) {
                throw new IllegalStateException("broker(id, ...) cannot be mixed with brokers(n) or racks(...)");
            }
            if (explicit.putIfAbsent(id, rack) != null) {
                throw new IllegalArgumentException("broker " + id + " is given twice");
            }
            return this;
        }

        /**
         * Sets broker config {@code key} (Kafka's name, e.g. {@code min.insync.replicas}) on every
         * broker. Checked by {@link BrokerConfig} when {@link #start()} is called: an unknown key
         * or a bad value fails there, before anything starts.
         */
        public Builder brokerConfig(String key, Object value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets every entry as {@link #brokerConfig(String, Object)}. */
        public Builder brokerConfig(Map<String, ?> configs) {
            configs.forEach(this::brokerConfig);
            return this;
        }

        /** TCP (default) or in-VM. */
        public Builder transport(Transport t) {
            this.transport = Objects.requireNonNull(t, "transport");
            return this;
        }

        /**
         * Uses the ZooKeeper at {@code connect} ({@code host:port[,host:port...]/chroot}) instead of
         * an embedded one. Give each cluster a chroot of its own.
         */
        public Builder externalZooKeeper(String connect) {
            if (connect == null || connect.isBlank()) {
                throw new IllegalArgumentException("externalZooKeeper needs a connect string, was '" + connect + "'");
            }
            this.externalZooKeeper = connect;
            return this;
        }

        /** How long readiness waits (and start) may take before they fail; default 30 s. */
        public Builder waitTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("waitTimeout must be positive, was " + timeout);
            }
            this.waitTimeout = timeout;
            return this;
        }

        /** Whether {@link ReplogCluster#close()} keeps the cluster's directory (default: deleted). */
        public Builder keepDirectories(boolean keep) {
            this.keepDirectories = keep;
            return this;
        }

        /** Where the cluster makes its directory (default: the system's temporary directory). */
        public Builder directory(Path parentDirectory) {
            this.parent = Objects.requireNonNull(parentDirectory, "parentDirectory");
            return this;
        }

        private Map<Integer, String> brokerRacks() {
            Map<Integer, String> out = new TreeMap<>();
            if (!explicit.isEmpty()) {
                explicit.forEach((id, rack) -> out.put(id, rack.orElse(null)));
                return out;
            }
            if (rackList != null && count != null && count != rackList.size()) {
                throw new IllegalArgumentException("brokers(" + count + ") but " + rackList.size() + " racks "
                        + rackList + ": give one rack per broker");
            }
            int n = rackList != null ? rackList.size() : count != null ? count : 3;
            for (int id = 0; id < n; id++) {
                out.put(id, rackList == null ? null : rackList.get(id));
            }
            return out;
        }

        /**
         * Checks what {@link #start()} checks before it starts anything (the brokers and racks, each
         * broker config override) and starts nothing: for tools that must refuse a bad description
         * before they start any cluster.
         *
         * @return this builder
         * @throws io.replog.errors.InvalidConfigException naming a bad broker config key or value
         * @throws IllegalArgumentException                for a key the cluster sets itself, or racks that do not fit
         */
        public Builder validate() {
            validateOverrides(new TreeMap<>(brokerRacks()), overrides);
            return this;
        }

        /**
         * Starts ZooKeeper (unless external) and the brokers, and returns once every broker is
         * registered and all agree on a controller; see {@link ReplogCluster}.
         *
         * @throws io.replog.errors.InvalidConfigException naming a bad broker config key or value
         * @throws IllegalArgumentException                for a key the cluster sets itself
         */
        public ReplogCluster start() {
            ReplogCluster cluster = new ReplogCluster(this);
            try {
                cluster.startAll();
                LOG.info("ReplogCluster started: {}", cluster);
                return cluster;
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
        }
    }
}

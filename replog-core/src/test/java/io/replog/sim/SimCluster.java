package io.replog.sim;

import io.replog.internal.broker.BrokerNode;
import io.replog.internal.broker.BrokerSettings;
import io.replog.internal.controller.ControllerSettings;
import io.replog.coordinator.Endpoint;
import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.log.CrashImage;
import io.replog.log.LogFileSystem;
import io.replog.config.LogConfig;
import io.replog.fault.ClusterFaults;
import io.replog.log.PowerLossFileSystem;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.DeleteTopicsResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.protocol.Errors;
import io.replog.internal.replica.Partition;
import io.replog.internal.replica.ReplicaSettings;
import io.replog.internal.replica.ReplicationSettings;
import io.replog.internal.replica.TopicSettings;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A cluster of real {@link BrokerNode}s inside a {@link Simulation}: the production classes,
 * with logs on disk in a temporary directory, wired to the simulated network and coordinator.
 * It adds the faults the test kit also offers ({@code kill}, {@code restart}, {@code stop},
 * {@code isolate}/{@code heal}, {@code slowFollower}, {@code expireSession}, {@code powerLoss},
 * {@code diskLoss}) and read-only views for assertions and invariant checks. The faults both offer
 * are {@link ClusterFaults}, with its meanings; here a killed broker's session is left to time
 * out, and a fault aimed at a broker that is not running is ignored ({@code restart} of a running
 * one is refused).
 *
 * <p>Each broker reaches its log directory through a {@link PowerLossFileSystem}, which records
 * what an fsync made durable: a power loss keeps exactly what the log's durability model allows,
 * as the log's own power-loss tests do. The broker keeps it across crashes and restarts; after a
 * power or disk loss the next start gets a fresh one, which takes the files left as durable.
 */
public final class SimCluster implements ClusterFaults, AutoCloseable {
    private final Simulation sim;
    private final Path baseDir;
    private final Map<Integer, String> racks;
    private final Spec spec;
    private final Map<Integer, BrokerNode> brokers = new TreeMap<>();
    private final Map<Integer, InMemoryCoordinator> coordinators = new TreeMap<>();
    private final Map<Integer, Integer> dataLosses = new TreeMap<>();
    /**
     * The file system of each broker's latest process, until a power or disk loss replaces its
     * files. A restart after a plain crash or a clean stop goes on with the same one: the crash
     * kept the page cache, but what it held unsynced is still unsynced, and a later power loss may
     * still lose it.
     */
    private final Map<Integer, LogFileSystem> fileSystemsInUse = new TreeMap<>();
    private java.util.function.BiFunction<Integer, Path, LogFileSystem> fileSystems =
            (id, dir) -> Optional.ofNullable(fileSystemsInUse.get(id)).orElseGet(() -> PowerLossFileSystem.over(dir));

    /**
     * How the brokers are configured.
     *
     * @param minInsyncReplicas     broker default {@code min.insync.replicas}
     * @param replicaLagTimeMaxMs   {@code replica.lag.time.max.ms}
     * @param uncleanLeaderElection {@code unclean.leader.election.enable}
     * @param rebalanceIntervalMs   the preferred-leader check interval; 0 turns auto rebalance off
     * @param replicaFetchBackoffMs {@code replica.fetch.backoff.ms}
     */
    public record Spec(int minInsyncReplicas, long replicaLagTimeMaxMs, boolean uncleanLeaderElection,
                       long rebalanceIntervalMs, PlantedBugs plantedBugs, long replicaFetchBackoffMs) {
        /** The simulation's {@code replica.fetch.backoff.ms} unless a test says otherwise. */
        static final long DEFAULT_FETCH_BACKOFF_MS = 200;

        public Spec(int minInsyncReplicas, long replicaLagTimeMaxMs, boolean uncleanLeaderElection,
                    long rebalanceIntervalMs) {
            this(minInsyncReplicas, replicaLagTimeMaxMs, uncleanLeaderElection, rebalanceIntervalMs, PlantedBugs.NONE,
                    DEFAULT_FETCH_BACKOFF_MS);
        }

        public static Spec defaults() {
            return new Spec(1, 10_000, false, 5_000);
        }

        /** Brokers with deliberate bugs, to show the checker catches them. */
        public Spec withPlantedBugs(PlantedBug... bugs) {
            return new Spec(minInsyncReplicas, replicaLagTimeMaxMs, uncleanLeaderElection, rebalanceIntervalMs,
                    PlantedBugs.of(bugs), replicaFetchBackoffMs);
        }

        public Spec withMinInsyncReplicas(int n) {
            return new Spec(n, replicaLagTimeMaxMs, uncleanLeaderElection, rebalanceIntervalMs, plantedBugs,
                    replicaFetchBackoffMs);
        }

        public Spec withUncleanLeaderElection(boolean on) {
            return new Spec(minInsyncReplicas, replicaLagTimeMaxMs, on, rebalanceIntervalMs, plantedBugs,
                    replicaFetchBackoffMs);
        }

        public Spec withReplicaLagTimeMaxMs(long ms) {
            return new Spec(minInsyncReplicas, ms, uncleanLeaderElection, rebalanceIntervalMs, plantedBugs,
                    replicaFetchBackoffMs);
        }

        public Spec withRebalanceIntervalMs(long ms) {
            return new Spec(minInsyncReplicas, replicaLagTimeMaxMs, uncleanLeaderElection, ms, plantedBugs,
                    replicaFetchBackoffMs);
        }

        /** {@code replica.fetch.backoff.ms}: the longest a follower's fetcher pauses after failures. */
        public Spec withReplicaFetchBackoffMs(long ms) {
            return new Spec(minInsyncReplicas, replicaLagTimeMaxMs, uncleanLeaderElection, rebalanceIntervalMs,
                    plantedBugs, ms);
        }
    }

    /** A cluster of {@code sim.config().brokers()} brokers; {@code racks} may be empty (no racks). */
    public SimCluster(Simulation sim, Map<Integer, String> racks, Spec spec) {
        this.sim = sim;
        this.racks = Map.copyOf(racks);
        this.spec = spec;
        try {
            this.baseDir = Files.createTempDirectory("replog-sim-" + sim.seed() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Simulation sim() {
        return sim;
    }

    /**
     * Brokers started from now on reach their log directory through the file system this makes
     * from the broker id and directory, called once per process start (by default the broker's
     * previous {@link PowerLossFileSystem}, or a new one over the directory after a power or disk
     * loss; a test makes its own to fail calls the way a disk does, and keeps a
     * {@link PowerLossFileSystem} if it uses {@link #powerLoss}).
     */
    public SimCluster withFileSystems(java.util.function.BiFunction<Integer, Path, LogFileSystem> factory) {
        this.fileSystems = factory;
        return this;
    }

    /** Starts every broker and waits until there is a controller and every broker is registered. */
    public SimCluster start() {
        for (int id : sim.brokerIds()) {
            startBroker(id);
        }
        boolean ready = sim.runUntil(() -> sim.zooKeeper().controller().isPresent()
                && sim.zooKeeper().liveBrokers().size() == sim.brokerIds().size(), 30_000);
        if (!ready) {
            throw new SimulationException("cluster did not come up: " + sim.zooKeeper().liveBrokers().keySet());
        }
        return this;
    }

    private BrokerSettings settings(int id) {
        TopicSettings defaults = new TopicSettings(LogConfig.builder().segmentBytes(1 << 20).build(),
                new ReplicationSettings(spec.minInsyncReplicas(), spec.replicaLagTimeMaxMs()),
                spec.uncleanLeaderElection());
        ReplicaSettings replica = new ReplicaSettings(id, brokerDir(id), defaults,
                new ReplicaSettings.FetcherSettings(500, 1, 1 << 20, spec.replicaFetchBackoffMs()), 5_000, 300_000, spec.plantedBugs());
        ControllerSettings controller = ControllerSettings.defaults()
                .withUncleanLeaderElection(spec.uncleanLeaderElection())
                .withAutoLeaderRebalance(spec.rebalanceIntervalMs() > 0, Math.max(1, spec.rebalanceIntervalMs()))
                .withRequestRetryBackoffMs(200);
        return new BrokerSettings(id, racks.get(id), List.of(new Endpoint("SIM", "broker-" + id, 0)), replica,
                controller);
    }

    private void startBroker(int id) {
        InMemoryCoordinator coordinator = sim.coordinatorFor(id);
        coordinators.put(id, coordinator);
        BrokerSettings settings = settings(id);
        LogFileSystem fs = fileSystems.apply(id, settings.replica().logDir());
        fileSystemsInUse.put(id, fs);
        BrokerNode node = new BrokerNode(settings, sim.scheduler(id), coordinator,
                sim.network().transportFor(id), sim.randomFor("topic-ids-" + id + "-" + sim.scheduler(id).generation()),
                Runnable::run, fs);
        brokers.put(id, node);
        sim.network().register(id, node);
        sim.scheduler(id).execute(node::start);
    }

    // ---------------------------------------------------------------- faults

    /** Crash: no controlled shutdown, nothing flushed, sockets gone, the session left to expire; data kept. */
    @Override
    public void kill(int id) {
        BrokerNode node = brokers.remove(id);
        if (node != null) {
            node.crash();
        }
        sim.network().unregister(id);
        sim.crash(id);
    }

    /**
     * Power loss: a crash that also loses the page cache. The broker's files become one crash
     * state its {@link PowerLossFileSystem} allows ({@link PowerLossFileSystem#powerLoss}): fsynced
     * bytes and names kept, of the rest a random subset of pages (a new length may come with
     * zeros), a random prefix of the directory operations since the last directory fsync (lost
     * creations, renames, unlinks), including what earlier processes of the broker left unsynced.
     * All choices come from {@code random}. The session is left to expire as after a crash; the
     * next start adopts what is there as durable.
     */
    public void powerLoss(int id, java.util.Random random) {
        kill(id);
        LogFileSystem fs = fileSystemsInUse.remove(id);
        String what;
        if (fs == null) {
            what = "nothing unsynced since the last loss"; // a fresh file system adopted the files as durable
        } else if (fs instanceof PowerLossFileSystem tracked) {
            Map<String, Long> before = sizes(brokerDir(id));
            CrashImage image = tracked.powerLoss(random);
            what = image.description() + "; " + changedSizes(before, sizes(brokerDir(id)));
        } else {
            throw new IllegalStateException("broker " + id + " runs on " + fs + ", which does not track what "
                    + "is durable: give it a PowerLossFileSystem (withFileSystems) to simulate a power loss");
        }
        dataLosses.merge(id, 1, Integer::sum);
        sim.note(String.valueOf(id), "POWER LOSS of broker " + id + ": " + what);
    }

    /** Relative path to size of every file under {@code dir}, sorted (for the trace). */
    private static Map<String, Long> sizes(Path dir) {
        Map<String, Long> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), Files.size(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The files a power loss removed, brought back or resized (unsynced pages zeroed in place do not show). */
    private static String changedSizes(Map<String, Long> before, Map<String, Long> after) {
        java.util.List<String> changes = new java.util.ArrayList<>();
        java.util.SortedSet<String> names = new java.util.TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            Long was = before.get(name);
            Long is = after.get(name);
            if (!java.util.Objects.equals(was, is)) {
                changes.add(name + " " + (was == null ? "back" : was) + "->" + (is == null ? "gone" : is));
            }
        }
        return changes.isEmpty() ? "no file changed size" : String.join(", ", changes);
    }

    /** Disk loss: a crash after which the broker's log directory is empty, as on a replaced disk. */
    public void diskLoss(int id) {
        kill(id);
        fileSystemsInUse.remove(id);
        deleteTree(brokerDir(id));
        dataLosses.merge(id, 1, Integer::sum);
        sim.note(String.valueOf(id), "DISK LOSS of broker " + id);
    }

    /** How many power or disk losses broker {@code id} has had: replicas it held may hold less than they acknowledged. */
    public int lostData(int id) {
        return dataLosses.getOrDefault(id, 0);
    }

    /** Cuts the broker off from ZooKeeper only: it keeps serving peers and clients (see {@link SimZooKeeper#disconnect}). */
    public void cutFromZooKeeper(int id) {
        sim.zooKeeper().disconnect(id);
    }

    /** Ends {@link #cutFromZooKeeper}: the broker hears what happened meanwhile, its expiry included. */
    public void reconnectToZooKeeper(int id) {
        sim.zooKeeper().reconnect(id);
    }

    private Path brokerDir(int id) {
        return baseDir.resolve("broker-" + id);
    }

    /** Starts a killed or stopped broker again on its old data. */
    @Override
    public void restart(int id) {
        if (brokers.containsKey(id)) {
            throw new IllegalStateException("broker " + id + " is running");
        }
        sim.restart(id);
        startBroker(id);
    }

    /** Controlled shutdown: leaderships handed over first, then a clean close. */
    @Override
    public void stop(int id) {
        BrokerNode node = brokers.get(id);
        if (node == null) {
            return;
        }
        CompletableFuture<?> handOver = new CompletableFuture<>();
        sim.scheduler(id).execute(() -> node.requestControlledShutdown()
                .whenComplete((r, e) -> handOver.complete(null)));
        sim.runUntil(handOver::isDone, 30_000);
        sim.scheduler(id).execute(node::close);
        sim.runFor(1);
        brokers.remove(id);
        sim.network().unregister(id);
        sim.crash(id);
    }

    /**
     * A controlled shutdown scripted inside an event (it cannot run the simulation itself): the
     * hand-over is asked for now, and the broker closes cleanly once it is answered.
     */
    public void stopInBackground(int id) {
        BrokerNode node = brokers.get(id);
        if (node == null) {
            return;
        }
        sim.scheduler(id).execute(() -> node.requestControlledShutdown().whenComplete((r, e) -> {
            if (brokers.get(id) != node) {
                return; // crashed meanwhile
            }
            node.close();
            sim.after(1, "stopped " + id, () -> {
                if (brokers.get(id) == node) {
                    brokers.remove(id);
                    sim.network().unregister(id);
                    sim.crash(id);
                }
            });
        }));
    }

    /** Cuts the broker's traffic with brokers and clients; its coordinator session stays. */
    @Override
    public void isolate(int id) {
        sim.network().isolate(id);
    }

    /** Undoes {@link #isolate} and {@link #slowFollower}. */
    @Override
    public void heal(int id) {
        sim.network().heal(id);
        sim.network().slow(id, 0);
    }

    /** The broker stops keeping up, as under congestion: every message to or from it is delayed. */
    @Override
    public void slowFollower(int id, long extraDelayMs) {
        if (extraDelayMs < 0) {
            throw new IllegalArgumentException("extraDelayMs must be >= 0, was " + extraDelayMs);
        }
        sim.network().slow(id, extraDelayMs);
    }

    /** Expires the broker's coordinator session. */
    @Override
    public void expireSession(int id) {
        sim.zooKeeper().expireSession(id);
    }

    /**
     * Kills the broker the coordinator names as controller, if it runs (as {@link #kill}), and
     * returns its id. A controller killed earlier keeps the controllership until its session
     * times out; it is not running, so it is refused.
     *
     * @throws IllegalStateException if no running broker is controller now
     */
    @Override
    public int killController() {
        int id = controllerId();
        if (id < 0 || !brokers.containsKey(id)) {
            throw new IllegalStateException("no running broker is controller now (the coordinator names "
                    + (id < 0 ? "none" : "broker " + id + ", which is not running") + "); running: "
                    + brokers.keySet());
        }
        kill(id);
        return id;
    }

    // ---------------------------------------------------------------- admin

    /** Creates a topic through a live broker and runs until the broker answers. */
    public CreateTopicsResponse.TopicResult createTopic(String name, int partitions, int rf, Map<String, String> configs) {
        return createTopic(new CreateTopicsRequest.NewTopicSpec(name, partitions, (short) rf, Map.of(), configs));
    }

    /** Creates a topic as {@code spec} says (e.g. an explicit assignment) and runs until a broker answers. */
    public CreateTopicsResponse.TopicResult createTopic(CreateTopicsRequest.NewTopicSpec spec) {
        CreateTopicsResponse r = (CreateTopicsResponse) admin(new CreateTopicsRequest(List.of(spec), 30_000, false));
        return r.results().get(spec.name());
    }

    /** Deletes a topic through a live broker and runs until the broker answers. */
    public CreateTopicsResponse.TopicResult deleteTopic(String name) {
        DeleteTopicsResponse r = (DeleteTopicsResponse) admin(new DeleteTopicsRequest(List.of(name), 30_000));
        return r.results().get(name);
    }

    private Response admin(Request request) {
        return sim.await(adminAsync(request), 60_000);
    }

    /**
     * Sends an admin request through a live broker without running the simulation (for faults
     * scripted inside events); the future completes on that broker's node. Fails at once if no
     * broker runs.
     */
    public CompletableFuture<Response> adminAsync(Request request) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        if (brokers.isEmpty()) {
            answer.completeExceptionally(new SimulationException("no broker is running"));
            return answer;
        }
        int via = brokers.keySet().iterator().next();
        BrokerNode node = brokers.get(via);
        sim.scheduler(via).execute(() -> node.handle(RequestSource.client("admin", "admin"), request)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        answer.completeExceptionally(e);
                    } else {
                        answer.complete(r);
                    }
                }));
        return answer;
    }

    /** Like {@link #createTopic(String, int, int, Map)}, and fails unless it worked. */
    public void createTopicOrFail(String name, int partitions, int rf, Map<String, String> configs) {
        CreateTopicsResponse.TopicResult r = createTopic(name, partitions, rf, configs);
        if (r.error() != Errors.NONE) {
            throw new SimulationException("creating " + name + " failed: " + r.error() + " " + r.message());
        }
    }

    // ---------------------------------------------------------------- views

    public Optional<BrokerNode> broker(int id) {
        return Optional.ofNullable(brokers.get(id));
    }

    /**
     * The coordinator view broker {@code id} was started with (its latest incarnation's), for
     * tests that act as that broker towards the coordinator, e.g. a zombie controller.
     */
    public Optional<InMemoryCoordinator> coordinator(int id) {
        return Optional.ofNullable(coordinators.get(id));
    }

    public Map<Integer, BrokerNode> running() {
        return java.util.Collections.unmodifiableMap(brokers);
    }

    public Optional<Partition> replica(int brokerId, TopicPartition tp) {
        BrokerNode node = brokers.get(brokerId);
        return node == null ? Optional.empty() : node.replicas().partition(tp);
    }

    /** The partition's state as the coordinator stores it. */
    public Optional<LeaderAndIsr> state(TopicPartition tp) {
        return sim.zooKeeper().partitionState(tp);
    }

    public int leader(TopicPartition tp) {
        return state(tp).map(LeaderAndIsr::leader).orElse(LeaderAndIsr.NO_LEADER);
    }

    public List<Integer> isr(TopicPartition tp) {
        return state(tp).map(LeaderAndIsr::isr).orElse(List.of());
    }

    @Override
    public int controllerId() {
        return sim.zooKeeper().controller().map(c -> c.brokerId()).orElse(-1);
    }

    /**
     * Runs until the partition has a live leader that has taken up leadership, or fails
     * naming the partition and its last state (see {@link Simulation#awaitOrFail}).
     */
    public void awaitLeader(TopicPartition tp, long maxMs) {
        sim.awaitOrFail("a leader of " + tp + " that has taken up leadership", () -> {
            int leader = leader(tp);
            return leader >= 0 && replica(leader, tp).map(Partition::isLeader).orElse(false);
        }, maxMs, seen(tp));
    }

    /** Runs until the coordinator's ISR of {@code tp} has {@code size} members, or fails saying what it was. */
    public void awaitIsr(TopicPartition tp, int size, long maxMs) {
        sim.awaitOrFail("an ISR of " + size + " for " + tp, () -> isr(tp).size() == size, maxMs, seen(tp));
    }

    /** What the coordinator holds for {@code tp}, read when called: the "last seen" of a failed wait. */
    public Supplier<String> seen(TopicPartition tp) {
        return () -> tp + " " + state(tp).map(s -> "leader " + s.leader() + ", epoch " + s.leaderEpoch()
                + ", ISR " + s.isr()).orElse("has no state");
    }

    public Path baseDir() {
        return baseDir;
    }

    /** Crashes every broker (closing its files) and deletes the data. */
    @Override
    public void close() {
        for (BrokerNode node : new HashMap<>(brokers).values()) {
            node.crash();
        }
        brokers.clear();
        fileSystemsInUse.clear();
        deleteTree(baseDir);
    }

    /** Removes {@code dir} and everything under it, if it exists. */
    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

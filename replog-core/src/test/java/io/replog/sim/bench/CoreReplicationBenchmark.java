package io.replog.sim.bench;

import ch.qos.logback.classic.Level;
import io.replog.internal.broker.BrokerNode;
import io.replog.internal.broker.BrokerSettings;
import io.replog.internal.controller.ControllerSettings;
import io.replog.coordinator.Endpoint;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.config.LogConfig;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.record.RecordBatchBuilder;
import io.replog.internal.replica.Partition;
import io.replog.internal.replica.ReplicaSettings;
import io.replog.internal.replica.ReplicationSettings;
import io.replog.internal.replica.TopicSettings;
import io.replog.sim.SimConfig;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestSource;
import io.replog.transport.Transport;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The replication core's throughput with no network: records per second through one leader
 * and two followers, all in this JVM, on the real {@link BrokerNode}, {@code ReplicaManager},
 * {@code ReplicaFetcher}, {@code Partition} and {@code PartitionLog} classes (logs on disk in a
 * temporary directory), driven by the deterministic simulation with zero network delay.
 *
 * <p>A benchmark, not a test: it is not named {@code *Test}, so {@code mvn verify} never runs
 * it. It measures <em>real</em> wall-clock time ({@link System#nanoTime()}) around a fixed amount
 * of data, after a warm-up. Run it with
 *
 * <pre>
 * mvn -q -o -pl replog-core -Pcore-bench test-compile exec:exec
 * </pre>
 *
 * (see {@code docs/performance.md}, "Replication core (no network)"). Options, all optional:
 * {@code --bytes 1g} record bytes (values) through the leader per measured phase,
 * {@code --warmup 256m}, {@code --in-flight 5} produce requests kept in flight,
 * {@code --batch 16384} batch size in bytes, {@code --record 100} value size in bytes,
 * {@code --acks all,1} the modes to run, {@code --segment 128m} and {@code --retention 512m}
 * per replica, {@code --fetch-max 1m} a follower's fetch size ({@code replica.fetch.max.bytes}),
 * {@code --idle-partitions 0} partitions of a second topic that take no writes (their
 * high-watermark checkpoints are what the brokers' upkeep costs).
 *
 * <p>Output: one {@code metric value unit} line per figure on stdout; progress and checks on
 * stderr. "MB" is 10^6 bytes of record values (the 100-byte payload), as in the Kafka anchors.
 *
 * <p>How it drives the simulation: the client keeps up to {@code in-flight} acks=-1 (or acks=1)
 * produce requests outstanding; each loop tops them up and then runs the simulation
 * ({@link Simulation#runFor}) until simulated time has caught up with the wall-clock time since the
 * phase began (at least 1 ms per loop). With zero network delay every request, follower fetch and
 * response of a loop happens at one simulated instant; the time step only lets the brokers' timers
 * (ISR checks, high-watermark checkpoints, retention) run about as often as they would for real.
 * Timing makes the event order vary from run to run, which a benchmark does not mind.
 */
public final class CoreReplicationBenchmark {
    private static final String TOPIC = "bench";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    /** The command-line options. */
    record Options(long bytes, long warmupBytes, int inFlight, int batchBytes, int recordBytes, List<Short> acks,
                   int segmentBytes, long retentionBytes, int fetchMaxBytes, int idlePartitions) {
        static Options parse(String[] args) {
            long bytes = 1L << 30;
            long warmup = 256L << 20;
            int inFlight = 5;
            int batch = 16 * 1024;
            int record = 100;
            List<Short> acks = List.of(ProduceRequest.ACKS_ALL, ProduceRequest.ACKS_LEADER);
            int segment = 128 << 20;
            long retention = 512L << 20;
            int fetchMax = 1 << 20;
            int idle = 0;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                if (v == null) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                switch (a) {
                    case "--bytes" -> bytes = size(v);
                    case "--warmup" -> warmup = size(v);
                    case "--in-flight" -> inFlight = Integer.parseInt(v);
                    case "--batch" -> batch = (int) size(v);
                    case "--record" -> record = (int) size(v);
                    case "--acks" -> {
                        List<Short> list = new ArrayList<>();
                        for (String s : v.split(",")) {
                            list.add(switch (s.trim()) {
                                case "all", "-1" -> ProduceRequest.ACKS_ALL;
                                case "1" -> ProduceRequest.ACKS_LEADER;
                                default -> throw new IllegalArgumentException("--acks takes all and/or 1, not " + s);
                            });
                        }
                        acks = List.copyOf(list);
                    }
                    case "--segment" -> segment = (int) size(v);
                    case "--retention" -> retention = size(v);
                    case "--fetch-max" -> fetchMax = (int) size(v);
                    case "--idle-partitions" -> idle = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + a + " (known: --bytes --warmup "
                            + "--in-flight --batch --record --acks --segment --retention --fetch-max --idle-partitions)");
                }
                i++;
            }
            if (inFlight < 1 || record < 1 || batch < record || idle < 0) {
                throw new IllegalArgumentException("need --in-flight >= 1, --batch >= --record >= 1 and "
                        + "--idle-partitions >= 0");
            }
            return new Options(bytes, warmup, inFlight, batch, record, acks, segment, retention, fetchMax, idle);
        }

        private static long size(String v) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            long unit = 1;
            if (s.endsWith("k")) {
                unit = 1L << 10;
            } else if (s.endsWith("m")) {
                unit = 1L << 20;
            } else if (s.endsWith("g")) {
                unit = 1L << 30;
            }
            if (unit != 1) {
                s = s.substring(0, s.length() - 1);
            }
            return Long.parseLong(s) * unit;
        }
    }

    /** What one measured phase saw. */
    record Result(short acks, long records, long valueBytes, long logBytes, long requests, long nanos,
                  long replicatedNanos, long threadCpuNanos, long processCpuNanos, long simulatedMs) {
        double seconds() {
            return nanos / 1e9;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        quietLogs();
        System.err.printf(Locale.ROOT, "# core replication benchmark: %s%n", options);
        System.err.printf(Locale.ROOT, "# JVM %s %s, %d CPUs, max heap %d MiB%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        for (short acks : options.acks()) {
            Result r = new CoreReplicationBenchmark(options, acks).run();
            String name = acks == ProduceRequest.ACKS_ALL ? "core_acks_all" : "core_acks_1";
            System.err.printf(Locale.ROOT, "# %s: %d records (%d requests, %.1f MB values, %.1f MB log bytes) in %.3f s"
                            + " wall (%.3f s CPU on the simulation thread, %.3f s CPU in the whole JVM), %d ms simulated;"
                            + " followers caught up %.3f s after the start%n", name, r.records(), r.requests(),
                    r.valueBytes() / 1e6, r.logBytes() / 1e6, r.seconds(), r.threadCpuNanos() / 1e9,
                    r.processCpuNanos() / 1e9, r.simulatedMs(), r.replicatedNanos() / 1e9);
            System.err.flush();
            metric(name + "_records_per_s", r.records() / r.seconds(), "records/s");
            metric(name + "_mb_per_s", r.valueBytes() / 1e6 / r.seconds(), "MB/s");
            // Everything (three brokers and the client) runs on one thread: its CPU time is the
            // cost of the work itself, much less disturbed by other load on the machine.
            metric(name + "_records_per_cpu_s", r.records() / (r.threadCpuNanos() / 1e9), "records/s");
            System.out.flush();
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1L;
    }

    private static void metric(String name, double value, String unit) {
        System.out.printf(Locale.ROOT, "%s %.2f %s%n", name, value, unit);
    }

    /** The test class path's Logback prints DEBUG by default; a benchmark wants only warnings. */
    private static void quietLogs() {
        String level = System.getProperty("bench.log.level", "WARN");
        org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(Level.toLevel(level, Level.WARN));
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.replog")).setLevel(Level.toLevel(level, Level.WARN));
        }
    }

    // ------------------------------------------------------------------------------------------

    private final Options options;
    private final short acks;
    private final Simulation sim;
    private final Path baseDir;
    private final Map<Integer, BrokerNode> brokers = new TreeMap<>();
    private Transport client;
    private ProduceRequest request;
    private int recordsPerBatch;
    private int batchSize;

    private long inFlight;
    private long ackedRecords;
    private long ackedRequests;
    private long errors;
    private String firstError;

    private CoreReplicationBenchmark(Options options, short acks) throws IOException {
        this.options = options;
        this.acks = acks;
        this.sim = new Simulation(SimConfig.defaults().withSeed(42).withBrokers(3)
                .withNetworkDelay(0, 0)
                .withCoordinatorDelay(0, 1)
                .withTraceCapacity(1)
                .withEventBudgets(Long.MAX_VALUE, Long.MAX_VALUE));
        this.baseDir = Files.createTempDirectory("replog-core-bench-");
    }

    private Result run() {
        try {
            startCluster();
            createTopic();
            prepareRequest();
            client = sim.network().transportForClient("bench");
            int leader = leader();
            System.err.printf(Locale.ROOT, "# acks=%d: leader %d, ISR %s, %d records of %d bytes per %d-byte batch%n",
                    acks, leader, sim.zooKeeper().partitionState(TP).map(LeaderAndIsr::isr).orElse(List.of()),
                    recordsPerBatch, options.recordBytes(), batchSize);
            drive(options.warmupBytes());
            awaitReplicated(leader);
            System.gc();
            long records0 = ackedRecords;
            long requests0 = ackedRequests;
            long sim0 = sim.nowMs();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long processCpu0 = processCpuNanos();
            long start = System.nanoTime();
            drive(options.bytes());
            long acked = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            long processCpu = processCpuNanos() - processCpu0;
            awaitReplicated(leader);
            long replicated = System.nanoTime();
            long records = ackedRecords - records0;
            long requests = ackedRequests - requests0;
            check(leader);
            return new Result(acks, records, records * options.recordBytes(), requests * batchSize, requests,
                    acked - start, replicated - start, cpu, processCpu, sim.nowMs() - sim0);
        } finally {
            close();
        }
    }

    // ---------------------------------------------------------------- the cluster

    private void startCluster() {
        TopicSettings defaults = new TopicSettings(LogConfig.builder()
                .segmentBytes(options.segmentBytes())
                .retentionBytes(options.retentionBytes())
                .build(), new ReplicationSettings(2, 10_000), false);
        for (int id : sim.brokerIds()) {
            // Kafka's defaults where they matter: replica.fetch.wait.max.ms 500, min.bytes 1,
            // replica.fetch.max.bytes 1 MiB, backoff 1 s, HW checkpoint every 5 s. Retention is
            // checked every simulated second so that the disk footprint stays bounded.
            ReplicaSettings replica = new ReplicaSettings(id, baseDir.resolve("broker-" + id), defaults,
                    new ReplicaSettings.FetcherSettings(500, 1, options.fetchMaxBytes(), 1_000), 5_000, 1_000);
            ControllerSettings controller = ControllerSettings.defaults().withAutoLeaderRebalance(false, 1);
            BrokerNode node = new BrokerNode(new BrokerSettings(id, null,
                    List.of(new Endpoint("SIM", "broker-" + id, 0)), replica, controller),
                    sim.scheduler(id), sim.coordinatorFor(id), sim.network().transportFor(id));
            brokers.put(id, node);
            sim.network().register(id, node);
            sim.scheduler(id).execute(node::start);
        }
        if (!sim.runUntil(() -> sim.zooKeeper().controller().isPresent()
                && sim.zooKeeper().liveBrokers().size() == 3, 30_000)) {
            throw new IllegalStateException("the cluster did not come up");
        }
    }

    private void createTopic() {
        List<CreateTopicsRequest.NewTopicSpec> topics = new ArrayList<>(List.of(new CreateTopicsRequest.NewTopicSpec(
                TOPIC, 1, (short) 3, Map.of(), Map.of("min.insync.replicas", "2"))));
        if (options.idlePartitions() > 0) {
            // Partitions that take no writes but still have their high watermarks checkpointed.
            topics.add(new CreateTopicsRequest.NewTopicSpec("idle", options.idlePartitions(), (short) 3, Map.of(),
                    Map.of()));
        }
        CreateTopicsRequest create = new CreateTopicsRequest(topics, 60_000, false);
        CompletableFuture<CreateTopicsResponse> answer = new CompletableFuture<>();
        sim.scheduler(0).execute(() -> brokers.get(0).handle(RequestSource.client("admin", "admin"), create)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        answer.completeExceptionally(e);
                    } else {
                        answer.complete((CreateTopicsResponse) r);
                    }
                }));
        CreateTopicsResponse.TopicResult result = sim.await(answer, 60_000).results().get(TOPIC);
        if (result.error() != Errors.NONE) {
            throw new IllegalStateException("creating the topic failed: " + result.error() + " " + result.message());
        }
        boolean ready = sim.runUntil(() -> {
            int leader = leader();
            return leader >= 0 && replica(leader).map(Partition::isLeader).orElse(false)
                    && sim.zooKeeper().partitionState(TP).map(s -> s.isr().size() == 3).orElse(false);
        }, 60_000);
        if (!ready) {
            throw new IllegalStateException("no leader with a full ISR: " + sim.zooKeeper().partitionState(TP));
        }
    }

    /** One batch of as many {@code recordBytes}-byte records as fit in {@code batchBytes}, sent again and again. */
    private void prepareRequest() {
        byte[] value = new byte[options.recordBytes()];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
        long now = sim.clock().millis();
        RecordBatchBuilder builder = new RecordBatchBuilder(options.batchBytes());
        builder.reset(0L, now);
        while (builder.isEmpty()
                || builder.sizeInBytesAfterAppend(now, (byte[]) null, value) <= options.batchBytes()) {
            builder.append(now, (byte[]) null, value);
        }
        ByteBuffer batch = builder.buildCopy();
        recordsPerBatch = builder.recordCount();
        batchSize = batch.remaining();
        // The simulated network copies the records of every request it carries, as a socket
        // would, so one request object can be sent any number of times.
        request = new ProduceRequest(acks, 30_000, Map.of(TP, batch));
    }

    // ---------------------------------------------------------------- the load

    /** Sends {@code valueBytes} of record values and runs until every request is answered. */
    private void drive(long valueBytes) {
        long requestsToSend = Math.max(1, valueBytes / ((long) recordsPerBatch * options.recordBytes()));
        long sent = 0;
        int leader = leader();
        long wallStart = System.nanoTime();
        long simStart = sim.nowMs();
        while (sent < requestsToSend || inFlight > 0) {
            while (inFlight < options.inFlight() && sent < requestsToSend) {
                inFlight++;
                sent++;
                client.send(leader, request).whenComplete(this::onResponse);
            }
            // Simulated time follows the wall clock (at least 1 ms per round), so the brokers'
            // timers (ISR checks, high-watermark checkpoints, retention) run as often as they
            // would in a real broker.
            long behindMs = (System.nanoTime() - wallStart) / 1_000_000L - (sim.nowMs() - simStart);
            sim.runFor(Math.max(1, behindMs));
            if (errors > 0) {
                throw new IllegalStateException(errors + " produce requests failed; first: " + firstError);
            }
        }
    }

    private void onResponse(Object response, Throwable error) {
        inFlight--;
        ProduceResponse.PartitionResult r = error == null ? ((ProduceResponse) response).results().get(TP) : null;
        if (r != null && r.error() == Errors.NONE) {
            ackedRecords += recordsPerBatch;
            ackedRequests++;
        } else {
            errors++;
            if (firstError == null) {
                firstError = error != null ? error.toString() : r == null ? "no result" : r.error() + " " + r.errorMessage();
            }
        }
    }

    /** Runs until the leader's high watermark covers its log and every follower holds all of it. */
    private void awaitReplicated(int leader) {
        boolean done = sim.runUntil(() -> {
            Partition p = replica(leader).orElseThrow();
            long end = p.logEndOffset();
            return p.highWatermark() == end && brokers.keySet().stream()
                    .allMatch(id -> replica(id).map(r -> r.logEndOffset() == end).orElse(false));
        }, 120_000);
        if (!done) {
            throw new IllegalStateException("followers did not catch up: " + describe());
        }
    }

    private void check(int leader) {
        LeaderAndIsr state = sim.zooKeeper().partitionState(TP).orElseThrow();
        if (state.leader() != leader || state.isr().size() != 3) {
            throw new IllegalStateException("the partition changed during the run: " + state);
        }
        System.err.printf(Locale.ROOT, "# after the run: %s; %d segment(s) on the leader%n", describe(),
                replica(leader).orElseThrow().log().segmentCount());
    }

    private String describe() {
        StringBuilder out = new StringBuilder();
        for (int id : brokers.keySet()) {
            out.append(replica(id).map(Object::toString).orElse("broker " + id + ": no replica")).append(' ');
        }
        return out.toString().trim();
    }

    private int leader() {
        return sim.zooKeeper().partitionState(TP).map(LeaderAndIsr::leader).orElse(LeaderAndIsr.NO_LEADER);
    }

    private Optional<Partition> replica(int brokerId) {
        BrokerNode node = brokers.get(brokerId);
        return node == null ? Optional.empty() : node.replicas().partition(TP);
    }

    private void close() {
        for (BrokerNode node : brokers.values()) {
            node.crash();
        }
        brokers.clear();
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.replog.zk.bench;

import io.replog.internal.controller.ClusterView;
import io.replog.internal.controller.PartitionStateChange;
import io.replog.internal.controller.PartitionLeaderElector;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.CoordinatorListener;
import io.replog.coordinator.Endpoint;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.coordinator.TopicAssignment;
import io.replog.topic.TopicPartition;
import io.replog.zk.EmbeddedZooKeeper;
import io.replog.zk.ZkCoordinator;
import io.replog.zk.ZkCoordinatorConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures a controller fail-over on a real (embedded) ZooKeeper at 10 000 partitions.
 *
 * <p>Three brokers; {@value #TOPICS} topics of {@value #PARTITIONS_PER_TOPIC} partitions, replication
 * factor 3, leaders spread evenly. Broker 1 is controller and leads a third of the partitions.
 * It dies (its session closes). Broker 2, watching {@code /controller}, then does what Kafka's
 * new controller does, and each step is timed:
 * <ol>
 *   <li>elect: {@code tryBecomeController} (create {@code /controller}, bump {@code /controller_epoch});</li>
 *   <li>read: the live brokers and every partition state ({@code partitionStates}, pipelined read-only multi-ops);</li>
 *   <li>decide: {@link PartitionLeaderElector#reconcile} for every partition (new leaders for the
 *       ones broker 1 led, broker 1 out of every other ISR);</li>
 *   <li>write: every new state in one fenced, conditional {@code writePartitionStatesAsController}.</li>
 * </ol>
 * Prints {@code metric value unit} lines. Run:
 * <pre>mvn -q -B -pl replog-zk -am test-compile exec:exec -Dexec.skip=true -Dfailover.bench.skip=false -Dexec.executable=java -Dexec.classpathScope=test "-Dexec.args=-cp %classpath io.replog.zk.bench.FailoverBenchmark"</pre>
 * Optional arguments: {@code [partitions] [rounds]} (default 10000 and 3; measured rounds, after two warm-up rounds).
 */
public final class FailoverBenchmark {
    static final int TOPICS = 100;
    static final int PARTITIONS_PER_TOPIC = 100;

    private FailoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : TOPICS * PARTITIONS_PER_TOPIC;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.println("# controller fail-over on ZooKeeper " + org.apache.zookeeper.Version.getFullVersion()
                + ", " + partitions + " partitions, RF 3, 3 brokers; " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + Runtime.version() + ", load average " + loadAverage());
        // Two unmeasured rounds first: a broker's JVM has run its ZooKeeper client for a while
        // before a fail-over, so the measured rounds use compiled, not interpreted, code. Each
        // round has a fresh server, so no round carries the znodes of the ones before.
        for (int round = -1; round <= rounds; round++) {
            try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start()) {
                run(zk, round <= 0 ? "warmup" + (round + 2) : "round" + round, partitions, round > 0);
            }
        }
    }

    private static String loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f", load);
    }

    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    private static void run(EmbeddedZooKeeper zk, String chroot, int partitions, boolean print) throws Exception {
        String connect = zk.connectString("/" + chroot);
        ZkCoordinator b1 = coordinator(connect, "broker-1");
        ZkCoordinator b2 = coordinator(connect, "broker-2");
        ZkCoordinator b3 = coordinator(connect, "broker-3");
        try {
            CompletableFuture<Void> controllerGone = new CompletableFuture<>();
            b2.addListener(new CoordinatorListener() {
                @Override
                public void onControllerChanged(Optional<ControllerInfo> controller) {
                    if (controller.isEmpty()) {
                        controllerGone.complete(null);
                    }
                }
            });
            get(b1.registerBroker(registration(1)));
            get(b2.registerBroker(registration(2)));
            get(b3.registerBroker(registration(3)));
            int epoch1 = get(b1.tryBecomeController(1)).orElseThrow();

            // Setup (not timed): topics and their first states, written by controller 1.
            Map<TopicPartition, List<Integer>> replicas = new TreeMap<>();
            int topics = Math.max(1, partitions / PARTITIONS_PER_TOPIC);
            int perTopic = partitions / topics;
            List<CompletableFuture<Void>> created = new ArrayList<>();
            int n = 0;
            for (int t = 0; t < topics; t++) {
                Map<Integer, List<Integer>> assignment = new TreeMap<>();
                for (int p = 0; p < perTopic; p++, n++) {
                    int leader = 1 + n % 3;
                    List<Integer> rs = List.of(leader, 1 + (leader % 3), 1 + ((leader + 1) % 3));
                    assignment.put(p, rs);
                    replicas.put(new TopicPartition("topic-" + t, p), rs);
                }
                created.add(b1.createTopic(new TopicAssignment("topic-" + t, assignment, Map.of())));
            }
            created.forEach(FailoverBenchmark::get);
            Map<TopicPartition, LeaderAndIsr> initial = new HashMap<>();
            replicas.forEach((tp, rs) -> initial.put(tp, new LeaderAndIsr(rs.get(0), 0, rs, epoch1, LeaderAndIsr.NEW_PARTITION)));
            Map<TopicPartition, StateUpdate> first = get(b1.writePartitionStatesAsController(epoch1, initial));
            require(first.values().stream().allMatch(StateUpdate::applied), "setup: every initial state is written");

            // Broker 1 dies.
            long t0 = System.nanoTime();
            b1.close();
            get(controllerGone);
            long detected = System.nanoTime();

            // Broker 2 takes over.
            long cpu0 = processCpuNanos();
            OptionalInt won = get(b2.tryBecomeController(2));
            require(won.isPresent(), "broker 2 wins the election");
            int epoch = won.getAsInt();
            long elected = System.nanoTime();

            Map<Integer, BrokerRegistration> live = get(b2.liveBrokers());
            Map<TopicPartition, LeaderAndIsr> states = new HashMap<>(get(b2.partitionStates(replicas.keySet())));
            long read = System.nanoTime();
            require(states.size() == replicas.size(), "every state is read");

            ClusterView view = ClusterView.of(live.keySet(), epoch);
            Map<TopicPartition, LeaderAndIsr> proposals = new HashMap<>();
            int leadersMoved = 0;
            for (Map.Entry<TopicPartition, List<Integer>> e : replicas.entrySet()) {
                PartitionStateChange election = PartitionLeaderElector.reconcile(e.getValue(), states.get(e.getKey()), view, false);
                if (election.changes()) {
                    proposals.put(e.getKey(), election.proposed());
                    if (election.proposed().leader() != states.get(e.getKey()).leader()) {
                        leadersMoved++;
                    }
                }
            }
            long decided = System.nanoTime();

            Map<TopicPartition, StateUpdate> written = get(b2.writePartitionStatesAsController(epoch, proposals));
            long wrote = System.nanoTime();
            long cpu1 = processCpuNanos();
            require(written.size() == proposals.size() && written.values().stream().allMatch(StateUpdate::applied),
                    "every new state is written");
            require(live.keySet().equals(Set.of(2, 3)), "brokers 2 and 3 are live, was " + live.keySet());

            if (print) {
                System.out.println("# " + chroot);
                metric("failover.partitions", replicas.size(), "partitions");
                metric("failover.leaders_moved", leadersMoved, "partitions");
                metric("failover.states_written", written.size(), "partitions");
                metric("failover.detect_ms", ms(t0, detected), "ms");
                metric("failover.elect_ms", ms(detected, elected), "ms");
                metric("failover.read_states_ms", ms(elected, read), "ms");
                metric("failover.decide_ms", ms(read, decided), "ms");
                metric("failover.write_states_ms", ms(decided, wrote), "ms");
                metric("failover.total_ms", ms(detected, wrote), "ms");
                metric("failover.cpu_ms", ms(cpu0, cpu1), "ms");
                metric("failover.load_average", loadAverage(), "runnable");
            }
        } finally {
            b2.close();
            b3.close();
            b1.close();
        }
    }

    private static ZkCoordinator coordinator(String connect, String name) {
        return new ZkCoordinator(ZkCoordinatorConfig.of(connect).withSessionTimeoutMs(10_000).withName(name));
    }

    private static BrokerRegistration registration(int id) {
        return new BrokerRegistration(id, null, List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 9090 + id)),
                System.currentTimeMillis());
    }

    private static String ms(long fromNanos, long toNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", (toNanos - fromNanos) / 1e6);
    }

    private static void metric(String name, Object value, String unit) {
        System.out.println(name + " " + value + " " + unit);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

    private static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

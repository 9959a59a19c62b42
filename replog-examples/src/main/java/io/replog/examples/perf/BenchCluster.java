package io.replog.examples.perf;

import io.replog.broker.Broker;
import io.replog.broker.BrokerThreads;
import io.replog.log.LogFileSystem;
import io.replog.client.Admin;
import io.replog.client.AdminConfig;
import io.replog.client.Consumer;
import io.replog.client.ConsumerConfig;
import io.replog.client.NewTopic;
import io.replog.client.Node;
import io.replog.client.PartitionDescription;
import io.replog.client.Producer;
import io.replog.client.ProducerConfig;
import io.replog.client.Serdes;
import io.replog.client.TopicDescription;
import io.replog.config.BrokerConfig;
import io.replog.netty.NettyResources;
import io.replog.netty.provider.NettyTransportProvider;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import io.replog.zk.EmbeddedZooKeeper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The benchmark's cluster: an embedded ZooKeeper and three brokers (ids 0, 1, 2 on racks r1, r2, r1,
 * {@code min.insync.replicas=2}) in this JVM on 127.0.0.1, all brokers and every client of the
 * benchmark on one {@link NettyResources} and the brokers' engines and file work on one
 * {@link BrokerThreads} (as the test kit runs them), and one admin client. Each step is a method so that the start-up can be timed step by step.
 */
final class BenchCluster implements AutoCloseable {
    static final int BROKERS = 3;
    private static final List<String> RACKS = List.of("r1", "r2", "r1");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Path root;
    private final NettyResources resources;
    private final NettyTransportProvider transport;
    private final BrokerThreads threads;
    private final List<Broker> brokers = new ArrayList<>();
    private EmbeddedZooKeeper zk;
    private Admin admin;
    private String bootstrap;
    private int clientSeq;
    private String closeBreakdown = "";

    BenchCluster(Path root) {
        this.root = root;
        // One TCP and one in-VM I/O thread per core (the defaults), shared by every broker and client.
        this.resources = NettyResources.create();
        this.transport = new NettyTransportProvider(resources);
        // One engine thread and one file-work thread for the three brokers, as the test kit runs them.
        this.threads = BrokerThreads.create("bench");
    }

    void startZooKeeper() {
        zk = EmbeddedZooKeeper.builder().dataDir(root.resolve("zookeeper")).fsync(false).start(); // as the test kit
    }

    /** Starts the three brokers one after the other (each start returns once it has registered). */
    void startBrokers() {
        for (int id = 0; id < BROKERS; id++) {
            BrokerConfig config = BrokerConfig.builder().brokerId(id).rack(RACKS.get(id))
                    .logDir(root.resolve("broker-" + id)).listeners("PLAINTEXT://127.0.0.1:0")
                    .zookeeperConnect(zk.connectString("/replog-bench")).minInsyncReplicas(2).build();
            brokers.add(Broker.builder(config).transport(transport).threads(threads)
                    .logFileSystem(LogFileSystem.nioWithoutFsync()).start()); // as the test kit's
        }
        bootstrap = brokers.stream().map(b -> "127.0.0.1:" + b.endpoints().get(0).port())
                .collect(Collectors.joining(","));
        // Admin.create and Consumer.create take the transport provider on the class path, with
        // threads of their own; these factories take the shared one, as a test kit would.
        admin = Admin.create(AdminConfig.builder().bootstrapServers(bootstrap).clientId("bench-admin").build(),
                transport, Clock.system());
    }

    /** Waits until the admin client sees all three brokers and a controller. */
    void awaitBrokersRegistered() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<Node> nodes = admin.brokers().join();
            Optional<Node> controller = admin.controller().join();
            if (nodes.size() == BROKERS && controller.isPresent()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + nodes.size() + " brokers registered after " + WAIT);
            }
            pause(5);
        }
    }

    /**
     * Creates {@code topic} with {@code min.insync.replicas=2} and waits until every partition has a
     * leader and at least {@code minIsr} replicas in sync.
     */
    TopicDescription createTopic(NewTopic topic, int minIsr) {
        admin.createTopic(topic.withConfig("min.insync.replicas", "2")).join();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            TopicDescription d = admin.describeTopic(topic.name()).exceptionally(e -> null).join();
            if (d != null && d.partitions().size() == topic.partitions()
                    && d.partitions().stream().allMatch(p -> p.hasLeader() && p.isr().size() >= minIsr)) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic.name() + " not ready after " + WAIT + ": " + d);
            }
            pause(5);
        }
    }

    int controllerId() {
        return admin.controller().join().map(Node::id).orElse(-1);
    }

    List<Integer> leaders(String topic) {
        return admin.describeTopic(topic).join().partitions().stream().map(PartitionDescription::leader).toList();
    }

    Producer<byte[], byte[]> producer(ProducerConfig.Builder settings) {
        ProducerConfig config = settings.bootstrapServers(bootstrap).clientId("bench-producer-" + (++clientSeq))
                .build();
        return Producer.create(config, Serdes.byteArray(), Serdes.byteArray(), transport, Clock.system());
    }

    Consumer<byte[], byte[]> consumer() {
        ConsumerConfig config = ConsumerConfig.builder().bootstrapServers(bootstrap)
                .clientId("bench-consumer-" + (++clientSeq)).build();
        return Consumer.create(config, Serdes.byteArray(), Serdes.byteArray(), transport, Clock.system());
    }

    /** The sum of the partitions' high watermarks (a consumer's end offsets), read by {@code consumer}. */
    static long highWatermarkSum(Consumer<byte[], byte[]> consumer, String topic, int partitions) {
        List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        if (!consumer.assignment().containsAll(tps)) {
            consumer.assign(tps);
        }
        consumer.seekToEnd(tps);
        long sum = 0;
        for (TopicPartition tp : tps) {
            sum += consumer.position(tp);
        }
        return sum;
    }

    /** Deletes every topic and waits until none is listed. */
    void deleteAllTopics() {
        for (String t : admin.listTopics().join()) {
            admin.deleteTopic(t).join();
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!admin.listTopics().join().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics not deleted after " + WAIT);
            }
            pause(20);
        }
    }

    /**
     * The harness's pause between two looks at the cluster's state (as the Kafka harness's polling
     * loops). Parks this thread rather than scheduling the next look on a pool, so that the pause
     * starts no thread that {@code thread_count} would then count.
     */
    static void pause(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * Closes the admin client, the brokers (last started first), ZooKeeper and the shared Netty
     * threads; {@link #closeBreakdown()} then tells how long each step took.
     */
    @Override
    public void close() {
        StringBuilder steps = new StringBuilder();
        long t = System.nanoTime();
        if (admin != null) {
            admin.close();
        }
        t = step(steps, "admin", t);
        List<Broker> reversed = new ArrayList<>(brokers);
        Collections.reverse(reversed);
        for (Broker b : reversed) {
            b.close();
            t = step(steps, "broker " + b.id(), t);
        }
        threads.close();
        if (zk != null) {
            zk.close();
        }
        t = step(steps, "zookeeper", t);
        resources.close();
        step(steps, "netty resources", t);
        closeBreakdown = steps.toString();
    }

    /** How long each step of {@link #close()} took, once it has run. */
    String closeBreakdown() {
        return closeBreakdown;
    }

    private static long step(StringBuilder steps, String name, long since) {
        long now = System.nanoTime();
        steps.append(steps.length() == 0 ? "" : ", ").append(name).append(' ')
                .append((now - since) / 1_000_000).append(" ms");
        return now;
    }
}

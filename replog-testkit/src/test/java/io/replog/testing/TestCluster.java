package io.replog.testing;

import io.replog.broker.Broker;
import io.replog.config.BrokerConfig;
import io.replog.zk.EmbeddedZooKeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The tests' in-process cluster until the test kit's {@code ReplogCluster} exists: a real embedded
 * ZooKeeper and real brokers started with {@link Broker#start(BrokerConfig)}, over loopback TCP or
 * over the in-VM transport ({@code local://} listeners), each broker in its own directory.
 */
public final class TestCluster implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final EmbeddedZooKeeper zk;
    private final Path dir;
    private final boolean inVm;
    private final List<String> racks;
    private final UnaryOperator<BrokerConfig.Builder> overrides;
    private final NavigableMap<Integer, Broker> running = new TreeMap<>();

    private TestCluster(Path dir, boolean inVm, List<String> racks, UnaryOperator<BrokerConfig.Builder> overrides) {
        this.dir = dir;
        this.inVm = inVm;
        this.racks = List.copyOf(racks);
        this.overrides = overrides;
        this.zk = EmbeddedZooKeeper.start();
    }

    /**
     * Starts ZooKeeper and one broker per entry of {@code racks} (broker i on rack {@code racks[i]}),
     * under {@code dir}, and waits for a controller.
     */
    public static TestCluster start(Path dir, boolean inVm, List<String> racks) {
        return start(dir, inVm, racks, UnaryOperator.identity());
    }

    /** As {@link #start(Path, boolean, List)}, each broker's config passed through {@code overrides}. */
    public static TestCluster start(Path dir, boolean inVm, List<String> racks,
                                    UnaryOperator<BrokerConfig.Builder> overrides) {
        TestCluster cluster = new TestCluster(dir, inVm, racks, overrides);
        try {
            for (int id = 0; id < racks.size(); id++) {
                cluster.startBroker(id);
            }
            await("a controller is elected").atMost(WAIT).until(() -> cluster.controllerId() >= 0);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts broker {@code id} (again, on the same directory, after {@link #stopBroker}). */
    public synchronized Broker startBroker(int id) {
        if (running.containsKey(id)) {
            throw new IllegalStateException("broker " + id + " is running");
        }
        Path logDir = dir.resolve("broker-" + id);
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String listener = inVm ? "local://" + localName(id) + ":0" : "PLAINTEXT://127.0.0.1:0";
        BrokerConfig.Builder builder = BrokerConfig.builder().brokerId(id).rack(racks.get(id)).logDir(logDir)
                .listeners(listener).zookeeperConnect(zk.connectString("/replog")).zookeeperSessionTimeoutMs(6_000);
        Broker broker = Broker.start(overrides.apply(builder).build());
        running.put(id, broker);
        return broker;
    }

    /** Closes broker {@code id} (a controlled shutdown); its directory stays for a restart. */
    public void stopBroker(int id) {
        Broker broker;
        synchronized (this) {
            broker = running.remove(id);
        }
        if (broker == null) {
            throw new IllegalStateException("broker " + id + " is not running");
        }
        broker.close();
    }

    /** The running broker {@code id}. */
    public synchronized Broker broker(int id) {
        Broker b = running.get(id);
        if (b == null) {
            throw new IllegalStateException("broker " + id + " is not running; running: " + running.keySet());
        }
        return b;
    }

    /** The ids of the running brokers. */
    public synchronized List<Integer> runningIds() {
        return List.copyOf(running.keySet());
    }

    /** The running controller's id, or -1. */
    public synchronized int controllerId() {
        return running.values().stream().filter(Broker::isController).mapToInt(Broker::id).findFirst().orElse(-1);
    }

    /** {@code bootstrap.servers} naming every running broker. */
    public synchronized String bootstrapServers() {
        return running.values().stream().map(this::address).collect(Collectors.joining(","));
    }

    /** Client properties with {@code bootstrap.servers} set, plus {@code extra}. */
    public Map<String, Object> clientProps(Map<String, ?> extra) {
        Map<String, Object> props = new java.util.HashMap<>(extra);
        props.put("bootstrap.servers", bootstrapServers());
        return props;
    }

    /** Whether this cluster runs over the in-VM transport. */
    public boolean inVm() {
        return inVm;
    }

    /** The ZooKeeper connect string the brokers use (with their chroot). */
    public String zkConnect() {
        return zk.connectString("/replog");
    }

    private String address(Broker broker) {
        return inVm ? "local://" + localName(broker.id()) : "127.0.0.1:" + broker.endpoints().get(0).port();
    }

    // In-VM names are global to the JVM: the directory's name, unique per test, keeps clusters apart.
    private String localName(int id) {
        return dir.getFileName() + "-broker-" + id;
    }

    @Override
    public void close() {
        List<Broker> brokers;
        synchronized (this) {
            brokers = new ArrayList<>(running.values());
            running.clear();
        }
        Collections.reverse(brokers);
        try {
            brokers.forEach(Broker::close);
        } finally {
            zk.close();
        }
    }
}

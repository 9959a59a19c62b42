package io.replog.testing;

import io.replog.broker.Broker;
import io.replog.testkit.ReplogCluster;
import io.replog.testkit.Transport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The client tests' view of a {@link ReplogCluster}: brokers on the racks given (broker i on
 * {@code racks[i]}), over loopback TCP or the in-VM transport, in a directory under the test's,
 * with the few operations those tests use. The cluster itself (embedded ZooKeeper, real brokers,
 * shared Netty threads, waits) is the test kit's.
 */
public final class TestCluster implements AutoCloseable {
    private final ReplogCluster cluster;

    private TestCluster(ReplogCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts ZooKeeper and the brokers under {@code dir}, and waits for a controller. */
    public static TestCluster start(Path dir, boolean inVm, List<String> racks) {
        return start(dir, inVm, racks, Map.of());
    }

    /** As {@link #start(Path, boolean, List)}, every broker with {@code brokerConfig} (Kafka's key names). */
    public static TestCluster start(Path dir, boolean inVm, List<String> racks, Map<String, ?> brokerConfig) {
        return new TestCluster(ReplogCluster.builder().racks(racks.toArray(String[]::new))
                .transport(inVm ? Transport.IN_VM : Transport.TCP).brokerConfig(brokerConfig).directory(dir)
                .start());
    }

    /** Starts broker {@code id} again after {@link #stopBroker}, on its directory and address. */
    public Broker startBroker(int id) {
        cluster.restart(id);
        return cluster.broker(id);
    }

    /** Closes broker {@code id} (a controlled shutdown); its directory stays for a restart. */
    public void stopBroker(int id) {
        cluster.stop(id);
    }

    /** The running broker {@code id}. */
    public Broker broker(int id) {
        return cluster.broker(id);
    }

    /** The ids of the running brokers, ascending. */
    public List<Integer> runningIds() {
        return cluster.runningBrokers().stream().sorted().toList();
    }

    /** The running controller's id, or -1. */
    public int controllerId() {
        return cluster.controllerId();
    }

    /** {@code bootstrap.servers} naming every running broker. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client properties with {@code bootstrap.servers} set, plus {@code extra}. */
    public Map<String, Object> clientProps(Map<String, ?> extra) {
        return cluster.clientProps(extra);
    }

    /** Whether this cluster runs over the in-VM transport. */
    public boolean inVm() {
        return cluster.transport() == Transport.IN_VM;
    }

    /** The ZooKeeper connect string the brokers use (with their chroot). */
    public String zkConnect() {
        return cluster.zkConnect();
    }

    @Override
    public void close() {
        cluster.close();
    }
}

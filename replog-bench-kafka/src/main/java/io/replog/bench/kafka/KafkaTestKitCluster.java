package io.replog.bench.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Three Kafka brokers and one KRaft controller in this JVM, built, formatted and started with
 * Kafka's own test kit ({@link KafkaClusterTestKit}, what spring-kafka's embedded KRaft broker
 * wraps). {@link #start()} returns once the active controller has every broker registered and
 * unfenced and every broker knows all three; {@link #close()} shuts every node down and deletes
 * their directories. (Not {@code AutoCloseable}: the test kit's close throws {@code Exception},
 * and the test class closes it in {@code @AfterAll}.)
 *
 * <p>Only the test kit's own settings: broker config is Kafka's default plus what the kit sets
 * (pre-bound listeners on {@code localhost}, its bootstrap metadata version). The combined layout
 * (each node broker and controller) is not used: with Kafka 4.1 to 4.3 its three voters in one JVM
 * have been seen to lose their quorum (a voter's Raft thread dies on {@code UpdateRaftVoter}).
 */
final class KafkaTestKitCluster {
    static final int BROKERS = 3;
    static final int CONTROLLERS = 1;

    private final KafkaClusterTestKit kit;

    private KafkaTestKitCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    /** Builds, formats and starts the cluster, and waits until every broker is ready for clients. */
    static KafkaTestKitCluster start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(false)
                .setNumBrokerNodes(BROKERS)
                .setNumControllerNodes(CONTROLLERS)
                .build();
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes).build();
        try {
            kit.format();
            kit.startup();
            // Every broker registered and unfenced: the active controller has seen them all.
            kit.waitForReadyBrokers();
            return new KafkaTestKitCluster(kit);
        } catch (Exception | Error e) {
            // A half-started kit still holds sockets, threads and directories.
            try {
                kit.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The brokers' client listeners, {@code localhost:<port>} each. */
    String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /** Shuts the brokers, then the controller, down and deletes their directories. */
    void close() throws Exception {
        kit.close();
    }
}

package io.replog.live;

import io.replog.broker.Broker;
import io.replog.config.BrokerConfig;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.provider.Providers;
import io.replog.topic.TopicId;
import io.replog.transport.Transport;
import io.replog.zk.EmbeddedZooKeeper;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Brokers started the way an application starts them ({@link Broker#start(BrokerConfig)}, as in
 * {@code BrokerTest}): a real embedded ZooKeeper and {@code brokers} brokers with ids 0.. over
 * loopback TCP, for tests that talk to them as outside clients do. Closes the brokers in reverse
 * order, then ZooKeeper.
 */
public final class LiveCluster implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final EmbeddedZooKeeper zk;
    private final List<Broker> brokers = new ArrayList<>();
    private final Path dir;

    private LiveCluster(Path dir, EmbeddedZooKeeper zk) {
        this.dir = dir;
        this.zk = zk;
    }

    /** Starts ZooKeeper and the brokers, and waits until exactly one of them is controller. */
    public static LiveCluster start(Path dir, int brokers) {
        LiveCluster cluster = new LiveCluster(dir, EmbeddedZooKeeper.start());
        try {
            for (int id = 0; id < brokers; id++) {
                cluster.brokers.add(Broker.start(cluster.config(id)));
            }
            await("exactly one broker is controller").atMost(WAIT)
                    .until(() -> cluster.brokers.stream().filter(Broker::isController).count() == 1);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private BrokerConfig config(int id) {
        return BrokerConfig.builder().brokerId(id).rack(id % 2 == 0 ? "R1" : "R2")
                .logDir(dir.resolve("broker-" + id)).listeners("PLAINTEXT://127.0.0.1:0")
                .zookeeperConnect(zk.connectString("/live")).zookeeperSessionTimeoutMs(6_000).build();
    }

    public List<Broker> brokers() {
        return Collections.unmodifiableList(brokers);
    }

    public InetSocketAddress address(int brokerId) {
        Endpoint e = brokers.get(brokerId).endpoints().get(0);
        return new InetSocketAddress(e.host(), e.port());
    }

    /** Every broker's {@code host:port}, for a Kafka client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return brokers.stream().map(b -> b.endpoints().get(0)).map(e -> e.host() + ":" + e.port())
                .collect(Collectors.joining(","));
    }

    public int controllerId() {
        return brokers.stream().filter(Broker::isController).findFirst().orElseThrow().id();
    }

    /**
     * Creates {@code topic} through replog's own transport (sent to the controller) with the given
     * assignment (partition to replicas, the first replica the preferred leader) and configs, then
     * waits until every broker's metadata shows each partition led by its first replica with every
     * replica in sync.
     */
    public void createTopic(String topic, Map<Integer, List<Integer>> assignment, Map<String, String> configs)
            throws Exception {
        try (Transport client = transport()) {
            CreateTopicsResponse created = (CreateTopicsResponse) client.send(controllerId(), new CreateTopicsRequest(
                    List.of(new CreateTopicsRequest.NewTopicSpec(topic, -1, (short) -1, assignment, configs)), 30_000,
                    false)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(created.results().get(topic).error()).as("created " + topic).isEqualTo(Errors.NONE);
            for (Broker b : brokers) {
                await(topic + " led by preferred replicas, ISR full, as broker " + b.id() + " sees it").atMost(WAIT)
                        .until(() -> partitions(client, b.id(), topic), ps -> ps.size() == assignment.size()
                                && ps.stream().allMatch(p -> p.leader() == assignment.get(p.partition()).get(0)
                                && p.isr().size() == assignment.get(p.partition()).size()));
            }
        }
    }

    /**
     * Waits until every broker's metadata has {@code topic} with one and the same non-zero topic id,
     * {@code partitions} partitions each led and with {@code replicas} replicas in sync. A topic is
     * created by the controller and learnt by each broker in turn; a client whose metadata came from
     * one that knows it may send to one that does not yet (answered UNKNOWN_TOPIC_ID, or with acks=0
     * a closed connection and lost records, as Kafka's brokers do).
     */
    public void awaitTopicEverywhere(String topic, int partitions, int replicas) throws Exception {
        try (Transport client = transport()) {
            Set<TopicId> ids = new HashSet<>();
            for (Broker b : brokers) {
                MetadataResponse.TopicMetadata t = await(topic + " fully known to broker " + b.id()).atMost(WAIT)
                        .until(() -> topicMetadata(client, b.id(), topic), m -> m != null && m.error() == Errors.NONE
                                && !m.topicId().equals(TopicId.ZERO) && m.partitions().size() == partitions
                                && m.partitions().stream().allMatch(p -> p.leader() >= 0 && p.isr().size() == replicas));
                ids.add(t.topicId());
            }
            assertThat(ids).as("every broker reports the same id for " + topic).hasSize(1);
        }
    }

    private Transport transport() {
        Transport client = Providers.transport(getClass().getClassLoader()).client(config(0));
        client.updateBrokers(brokers.stream().map(b -> new BrokerRegistration(b.id(), null, b.endpoints(), 0L))
                .toList());
        return client;
    }

    private static MetadataResponse.TopicMetadata topicMetadata(Transport client, int asked, String topic)
            throws Exception {
        MetadataResponse m = (MetadataResponse) client.send(asked, new MetadataRequest(List.of(topic)))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return m.topics().stream().filter(t -> t.topic().equals(topic)).findFirst().orElse(null);
    }

    private static List<MetadataResponse.PartitionMetadata> partitions(Transport client, int asked, String topic)
            throws Exception {
        MetadataResponse.TopicMetadata t = topicMetadata(client, asked, topic);
        return t == null || t.error() != Errors.NONE ? List.of() : t.partitions();
    }

    @Override
    public void close() {
        try {
            List<Broker> reversed = new ArrayList<>(brokers);
            Collections.reverse(reversed);
            reversed.forEach(Broker::close);
        } finally {
            zk.close();
        }
    }
}

package io.replog.broker;

import io.replog.config.BrokerConfig;
import io.replog.coordinator.BrokerRegistration;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.provider.Providers;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatchBuilder;
import io.replog.record.RecordBatches;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;
import io.replog.zk.EmbeddedZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Brokers started the way an application starts them: {@link Broker#start(BrokerConfig)} with a
 * real embedded ZooKeeper and replog-netty over loopback TCP, both found on the class path.
 */
class BrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TopicPartition P0 = new TopicPartition("invoice", 0);

    @TempDir
    Path dir;

    @Test
    void threeBrokersElectOneControllerServeATopicAndKeepAnAcknowledgedWriteAcrossAControlledShutdown()
            throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start()) {
            List<Broker> brokers = new ArrayList<>();
            try {
                for (int id = 0; id < 3; id++) {
                    brokers.add(Broker.start(config(id, zk)));
                }
                await("exactly one broker is controller").atMost(WAIT)
                        .until(() -> brokers.stream().filter(Broker::isController).count() == 1);
                assertThat(brokers).allSatisfy(b -> assertThat(b.endpoints().get(0).port()).isPositive());

                try (Transport client = Providers.transport(getClass().getClassLoader()).client(config(0, zk))) {
                    client.updateBrokers(brokers.stream().map(b -> new BrokerRegistration(b.id(), null,
                            b.endpoints(), 0L)).toList());
                    CreateTopicsResponse created = (CreateTopicsResponse) client.send(0, new CreateTopicsRequest(
                            List.of(new CreateTopicsRequest.NewTopicSpec("invoice", 3, (short) 3, Map.of(),
                                    Map.of("min.insync.replicas", "2"))), 30_000, false))
                            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(created.results().get("invoice").error()).isEqualTo(Errors.NONE);

                    await("every partition of invoice has a leader and a full ISR").atMost(WAIT)
                            .until(() -> leaderOf(client, 1) >= 0 && isrOf(client, 1) == 3);
                    int leader = leaderOf(client, 1);

                    RecordBatchBuilder batch = new RecordBatchBuilder(256).reset(0L, 1L)
                            .append(1L, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
                    ProduceResponse produced = (ProduceResponse) client.send(leader, new ProduceRequest(
                            ProduceRequest.ACKS_ALL, 30_000, Map.of(P0, batch.build())))
                            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(produced.results().get(P0).error()).as("acks=all").isEqualTo(Errors.NONE);
                    assertThat(produced.results().get(P0).baseOffset()).isZero();

                    Broker leaving = brokers.stream().filter(b -> b.id() == leader).findFirst().orElseThrow();
                    leaving.close();
                    brokers.remove(leaving);
                    int asker = brokers.get(0).id();
                    await("partition 0 is led by a broker still running").atMost(WAIT).until(() -> {
                        int now = leaderOf(client, asker);
                        return now >= 0 && now != leader;
                    });
                    int newLeader = leaderOf(client, asker);
                    // A new leader's high watermark moves once its ISR has fetched from it under its epoch.
                    await("the acknowledged record is readable on the new leader " + newLeader).atMost(WAIT)
                            .until(() -> readValues(client, newLeader), values -> !values.isEmpty());
                    assertThat(readValues(client, newLeader)).as("the acknowledged record, once")
                            .containsExactly("v");
                }
            } finally {
                Collections.reverse(brokers);
                brokers.forEach(Broker::close);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).as("no broker event loop left running")
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("replog-broker-"));
    }

    private BrokerConfig config(int id, EmbeddedZooKeeper zk) {
        return BrokerConfig.builder().brokerId(id).rack(id % 2 == 0 ? "R1" : "R2")
                .logDir(dir.resolve("broker-" + id)).listeners("PLAINTEXT://127.0.0.1:0")
                .zookeeperConnect(zk.connectString("/broker-test")).zookeeperSessionTimeoutMs(6_000).build();
    }

    private static MetadataResponse.PartitionMetadata partition0(Transport client, int askedBroker) throws Exception {
        MetadataResponse m = (MetadataResponse) client.send(askedBroker, new MetadataRequest(List.of("invoice")))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return m.topics().stream().filter(t -> t.topic().equals("invoice")).flatMap(t -> t.partitions().stream())
                .filter(p -> p.partition() == 0).findFirst().orElse(null);
    }

    private static int leaderOf(Transport client, int askedBroker) throws Exception {
        MetadataResponse.PartitionMetadata p = partition0(client, askedBroker);
        return p == null ? -1 : p.leader();
    }

    private static int isrOf(Transport client, int askedBroker) throws Exception {
        MetadataResponse.PartitionMetadata p = partition0(client, askedBroker);
        return p == null ? 0 : p.isr().size();
    }

    private static List<String> readValues(Transport client, int broker) throws Exception {
        FetchResponse fetched = (FetchResponse) client.send(broker, new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID,
                0, 1, 1 << 20, List.of(new FetchRequest.PartitionFetch(P0, -1, 0L, -1, 1 << 20))))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        List<String> values = new ArrayList<>();
        for (RecordBatch b : RecordBatches.in(fetched.partitions().get(0).records().toByteBuffer())) {
            for (Record r : b) {
                byte[] bytes = new byte[r.value().remaining()];
                r.value().duplicate().get(bytes);
                values.add(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}

package io.replog.client;

import io.replog.client.internal.ClientNetwork;
import io.replog.client.internal.Cluster;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.MetadataResponse.PartitionMetadata;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import io.replog.testing.TestCluster;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The producer tests' independent view of the cluster, while the Consumer is not there yet:
 * creates topics and reads partitions back with raw Create/Fetch requests through its own
 * {@link ClientNetwork}, so what a test checks does not go through the producer under test.
 */
final class RawLog implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    /** One record as the log holds it. */
    record Stored(long offset, String key, String value) {
    }

    private final ClientNetwork network;

    RawLog(TestCluster cluster) {
        AdminConfig config = AdminConfig.parse(cluster.clientProps(Map.of("client.id", "raw-log")));
        this.network = ClientNetwork.open("admin", config, null, Clock.system(), 5, 50);
    }

    Cluster refresh(String topic) throws Exception {
        return network.metadata().refresh(List.of(topic)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Creates the topic and waits until every partition has a leader and a full ISR. */
    void createTopic(String topic, int partitions, int replicationFactor, Map<String, String> configs)
            throws Exception {
        await("a controller is known").atMost(WAIT).until(() -> network.metadata().refresh(null)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).controllerId() >= 0);
        int controller = network.metadata().current().controllerId();
        CreateTopicsResponse created = (CreateTopicsResponse) network.transport().send(controller,
                new CreateTopicsRequest(List.of(new CreateTopicsRequest.NewTopicSpec(topic, partitions,
                        (short) replicationFactor, Map.of(), configs)), 30_000, false))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(created.results().get(topic).error()).as("create " + topic + ": " + created.results().get(topic))
                .isEqualTo(Errors.NONE);
        await("every partition of " + topic + " has a leader and a full ISR").atMost(WAIT).until(() -> {
            Cluster view = refresh(topic);
            return view.topic(topic).map(t -> t.partitions().size() == partitions && t.partitions().stream()
                    .allMatch(p -> p.leader() >= 0 && p.isr().size() == replicationFactor)).orElse(false);
        });
    }

    /** The partition's metadata as a broker describes it now. */
    PartitionMetadata partition(TopicPartition tp) {
        return await("a broker describes " + tp).atMost(WAIT).until(() -> refresh(tp.topic()).partition(tp),
                java.util.Optional::isPresent).orElseThrow();
    }

    /**
     * The partition's leader, once a broker names one (brokers learn metadata at their own pace, and
     * untargeted requests rotate over them).
     */
    int leader(TopicPartition tp) {
        return await("a leader of " + tp).atMost(WAIT).until(() -> refresh(tp.topic()).partition(tp)
                .map(PartitionMetadata::leader).orElse(-1), leader -> leader >= 0);
    }

    /** Every committed record of {@code tp}, read from its current leader, oldest first. */
    List<Stored> read(TopicPartition tp) throws Exception {
        List<Stored> out = new ArrayList<>();
        long next = 0;
        while (true) {
            int leader = leader(tp);
            FetchResponse fetched = (FetchResponse) network.transport().send(leader,
                    new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, 0, 1, 4 << 20,
                            List.of(new FetchRequest.PartitionFetch(tp, -1, next, -1, 4 << 20))))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            FetchResponse.PartitionData data = fetched.partitions().get(0);
            assertThat(data.error()).as("fetch " + tp + " at " + next).isEqualTo(Errors.NONE);
            int before = out.size();
            for (RecordBatch b : RecordBatches.in(data.records().toByteBuffer())) {
                for (Record r : b) {
                    if (r.offset() >= next) {
                        out.add(new Stored(r.offset(), string(r.key()), string(r.value())));
                    }
                }
                next = Math.max(next, b.nextOffset());
            }
            if (out.size() == before || next >= data.highWatermark()) {
                return out;
            }
        }
    }

    /** The high watermark of {@code tp} at its leader. */
    long highWatermark(TopicPartition tp) throws Exception {
        int leader = leader(tp);
        FetchResponse fetched = (FetchResponse) network.transport().send(leader,
                new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, 0, 0, 1, List.of(
                        new FetchRequest.PartitionFetch(tp, -1, 0, -1, 1))))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return fetched.partitions().get(0).highWatermark();
    }

    private static String string(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        network.close();
    }
}

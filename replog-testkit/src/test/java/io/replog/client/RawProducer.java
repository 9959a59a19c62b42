package io.replog.client;

import io.replog.client.internal.ClientNetwork;
import io.replog.client.internal.Cluster;
import io.replog.errors.ReplogException;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.record.RecordBatchBuilder;
import io.replog.testing.TestCluster;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The consumer tests' way to write records while the Producer does not exist yet: raw
 * CreateTopics and ProduceRequest (acks=all) through a {@link ClientNetwork}, one v2 batch per
 * call, to the partition's leader as the metadata names it. A produce answered NOT_LEADER (or not
 * answered because the broker is gone) was not appended, so it is retried after a metadata
 * refresh; the tests produce only while no leader is being stopped, so a retry never duplicates.
 */
final class RawProducer implements AutoCloseable {
    private static final long TIMEOUT_MS = 30_000;
    private final ClientNetwork network;

    /** One record to write: its timestamp, key, value (either may be null) and headers. */
    record Rec(long timestamp, String key, String value, List<Header> headers) {
        static Rec numbered(int i, long baseTimestamp) {
            return new Rec(baseTimestamp + i, "k-" + i, "v-" + i, List.of(Header.of("n", String.valueOf(i))));
        }
    }

    RawProducer(TestCluster cluster) {
        AdminConfig config = AdminConfig.parse(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "client.id", "raw-producer"));
        this.network = ClientNetwork.open("admin", config, null, Clock.system(), 5, 50);
    }

    /** Creates {@code topic} and waits until the metadata names a live leader for every partition. */
    void createTopic(String topic, int partitions, int replicationFactor) throws Exception {
        CreateTopicsResponse response = (CreateTopicsResponse) network.metadata().sendToAny(new CreateTopicsRequest(
                List.of(new CreateTopicsRequest.NewTopicSpec(topic, partitions, (short) replicationFactor, Map.of(),
                        Map.of())), 30_000, false)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        CreateTopicsResponse.TopicResult result = response.results().get(topic);
        if (result.error() != Errors.NONE) {
            throw new AssertionError("creating " + topic + " failed: " + result.error() + " " + result.message());
        }
        network.metadata().await(List.of(topic), c -> c.partitionCount(topic).orElse(0) == partitions
                        && java.util.stream.IntStream.range(0, partitions)
                        .allMatch(p -> c.leader(new TopicPartition(topic, p)).isPresent()),
                Clock.system().millis() + TIMEOUT_MS, "leaders of " + topic).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** Writes {@code records} as one batch to {@code tp}; returns the offset of the first. */
    long produce(TopicPartition tp, List<Rec> records) {
        RecordBatchBuilder builder = new RecordBatchBuilder(1024);
        for (Rec r : records) {
            builder.append(r.timestamp(), bytes(r.key()), bytes(r.value()), r.headers().stream()
                    .map(h -> new io.replog.record.Header(h.key(), h.value())).toArray(io.replog.record.Header[]::new));
        }
        ProduceRequest request = new ProduceRequest(ProduceRequest.ACKS_ALL, 30_000, Map.of(tp, builder.buildCopy()));
        long[] baseOffset = {-1};
        await("produce to " + tp).atMost(TIMEOUT_MS, TimeUnit.MILLISECONDS).pollInterval(50, TimeUnit.MILLISECONDS)
                .until(() -> {
                    Cluster view = network.metadata().refresh(List.of(tp.topic()))
                            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    OptionalInt leader = view.leader(tp);
                    if (leader.isEmpty()) {
                        return false;
                    }
                    ProduceResponse response;
                    try {
                        response = (ProduceResponse) network.transport().send(leader.getAsInt(), request)
                                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof io.replog.errors.RetriableException) {
                            return false;
                        }
                        throw e;
                    }
                    ProduceResponse.PartitionResult result = response.results().get(tp);
                    if (result.error() == Errors.NONE) {
                        baseOffset[0] = result.baseOffset();
                        return true;
                    }
                    if (result.error() == Errors.NOT_LEADER_OR_FOLLOWER || result.error() == Errors.NOT_ENOUGH_REPLICAS
                            || result.error() == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                        return false; // not appended: safe to send again
                    }
                    throw new ReplogException("produce to " + tp + " failed: " + result.error() + " "
                            + result.errorMessage());
                });
        return baseOffset[0];
    }

    /** Writes records {@code from} to {@code to} (exclusive) made by {@link Rec#numbered}, as one batch. */
    long produceNumbered(TopicPartition tp, int from, int to, long baseTimestamp) {
        return produce(tp, java.util.stream.IntStream.range(from, to).mapToObj(i -> Rec.numbered(i, baseTimestamp))
                .toList());
    }

    /** The partition's leader as the metadata now says (refreshing it). */
    int leader(TopicPartition tp) throws Exception {
        return network.metadata().refresh(List.of(tp.topic())).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).leader(tp)
                .orElse(-1);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        network.close();
    }
}

package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.CreateTopicsRequestMessage;
import io.replog.netty.protocol.message.CreateTopicsResponseMessage;
import io.replog.netty.protocol.message.DeleteTopicsRequestMessage;
import io.replog.netty.protocol.message.DeleteTopicsResponseMessage;
import io.replog.netty.protocol.message.ElectLeadersRequestMessage;
import io.replog.netty.protocol.message.ElectLeadersResponseMessage;
import io.replog.netty.protocol.message.FetchRequestMessage;
import io.replog.netty.protocol.message.FetchResponseMessage;
import io.replog.netty.protocol.message.ListOffsetsRequestMessage;
import io.replog.netty.protocol.message.ListOffsetsResponseMessage;
import io.replog.netty.protocol.message.MetadataRequestMessage;
import io.replog.netty.protocol.message.MetadataResponseMessage;
import io.replog.netty.protocol.message.OffsetForLeaderEpochRequestMessage;
import io.replog.netty.protocol.message.OffsetForLeaderEpochResponseMessage;
import io.replog.netty.protocol.message.ProduceRequestMessage;
import io.replog.netty.protocol.message.ProduceResponseMessage;
import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.DeleteTopicsResponse;
import io.replog.protocol.ElectLeadersRequest;
import io.replog.protocol.ElectLeadersResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.ListOffsetsResponse;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.OffsetForLeaderEpochResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.record.MemoryRecords;
import io.replog.topic.TopicPartition;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.ShortRange;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Core message -> Kafka body -> bytes -> Kafka body -> core message, in both directions (client
 * requests and server responses; server requests and client responses), for random messages at
 * every served version. Fields a version does not carry come back as the neutral value the
 * translator documents, and the expectation says so per version.
 */
class TranslatorRoundTripTest {
    private static final Errors[] ERRORS = Errors.values();

    // ---- Produce ----

    @Property(tries = 60)
    void produce(@ForAll @ShortRange(min = 3, max = 13) short v, @ForAll Random random) {
        Map<TopicPartition, ByteBuffer> records = new TreeMap<>();
        for (TopicPartition tp : partitions(random)) {
            records.put(tp, ByteBuffer.wrap(KafkaRequestProcessorTest.batch("v" + random.nextInt())));
        }
        short acks = new short[]{0, 1, -1}[random.nextInt(3)];
        ProduceRequest request = new ProduceRequest(acks, random.nextInt(100_000), records);
        TopicIds ids = ids(random);
        ByteBuf bytes = KafkaBytes.replog(ProduceTranslator.toKafkaRequest(request, v, ids), v);
        try {
            ProduceTranslator.Decoded decoded = ProduceTranslator.toCore(ProduceRequestMessage.read(bytes, v), v, ids);
            assertThat(decoded.refused()).isEmpty();
            assertThat(decoded.request()).isEqualTo(request);
        } finally {
            bytes.release();
        }

        Map<TopicPartition, ProduceResponse.PartitionResult> results = new TreeMap<>();
        Map<TopicPartition, ProduceResponse.PartitionResult> expected = new TreeMap<>();
        for (TopicPartition tp : partitions(random)) {
            ProduceResponse.PartitionResult r = new ProduceResponse.PartitionResult(error(random), random.nextLong(),
                    random.nextLong(), random.nextBoolean() ? "why " + tp : null);
            results.put(tp, r);
            expected.put(tp, new ProduceResponse.PartitionResult(r.error(), r.baseOffset(),
                    v >= 5 ? r.logStartOffset() : -1L, v >= 8 ? r.errorMessage() : null));
        }
        ProduceTranslator.Decoded asked = new ProduceTranslator.Decoded(null, Map.of(), Map.of(), ids);
        assertThat(TranslatorRoundTripTest.<ProduceResponseMessage, ProduceResponse>roundTrip(
                ProduceTranslator.toKafka(new ProduceResponse(results), asked, v), v,
                ProduceResponseMessage::read, (m, ver) -> ProduceTranslator.toCoreResponse(m, ver, ids)))
                .isEqualTo(new ProduceResponse(expected));
    }

    @Test
    void produceRefusesWhatIsNotExactlyOneMagic2Batch() {
        byte[] one = KafkaRequestProcessorTest.batch("a");
        assertThat(ProduceTranslator.isOneMagic2Batch(io.netty.buffer.Unpooled.wrappedBuffer(one))).isTrue();
        assertThat(ProduceTranslator.isOneMagic2Batch(io.netty.buffer.Unpooled.wrappedBuffer(
                KafkaRequestProcessorTest.concat(one, one)))).isFalse();
        byte[] magic1 = one.clone();
        magic1[16] = 1;
        assertThat(ProduceTranslator.isOneMagic2Batch(io.netty.buffer.Unpooled.wrappedBuffer(magic1))).isFalse();
        assertThat(ProduceTranslator.isOneMagic2Batch(null)).isFalse();
        assertThat(ProduceTranslator.isOneMagic2Batch(io.netty.buffer.Unpooled.wrappedBuffer(new byte[60]))).isFalse();
    }

    @Test
    void produceVersionsOutsideTheServedRangeAreRefused() {
        ProduceRequest request = new ProduceRequest((short) 1, 1, Map.of());
        assertThatThrownBy(() -> ProduceTranslator.toKafkaRequest(request, (short) 14))
                .isInstanceOf(UnsupportedVersionException.class);
        assertThatThrownBy(() -> ProduceTranslator.toKafkaRequest(request, (short) 2))
                .isInstanceOf(UnsupportedVersionException.class);
    }

    // ---- Fetch ----

    @Property(tries = 60)
    void fetch(@ForAll @ShortRange(min = 4, max = 18) short v, @ForAll Random random) {
        TopicIds ids = ids(random);
        List<FetchRequest.PartitionFetch> fetches = new ArrayList<>();
        List<FetchRequest.PartitionFetch> expectedFetches = new ArrayList<>();
        for (TopicPartition tp : partitions(random)) {
            FetchRequest.PartitionFetch f = new FetchRequest.PartitionFetch(tp, random.nextInt(), random.nextLong(),
                    random.nextInt(), random.nextInt());
            fetches.add(f);
            expectedFetches.add(new FetchRequest.PartitionFetch(tp, v >= 9 ? f.currentLeaderEpoch() : -1,
                    f.fetchOffset(), v >= 12 ? f.lastFetchedEpoch() : -1, f.partitionMaxBytes()));
        }
        int replicaId = random.nextInt(5) - 1;
        FetchRequest request = new FetchRequest(replicaId, random.nextInt(), random.nextInt(), random.nextInt(), fetches);
        ByteBuf bytes = KafkaBytes.replog(FetchTranslator.toKafkaRequest(request, v, ids), v);
        FetchTranslator.Decoded decoded;
        try {
            decoded = FetchTranslator.toCore(FetchRequestMessage.read(bytes, v), v, ids);
            assertThat(decoded.sessionError()).isZero();
            assertThat(decoded.request()).isEqualTo(new FetchRequest(replicaId, request.maxWaitMs(), request.minBytes(),
                    request.maxBytes(), expectedFetches));
        } finally {
            bytes.release();
        }

        List<FetchResponse.PartitionData> parts = new ArrayList<>();
        for (FetchRequest.PartitionFetch f : fetches) {
            byte[] records = random.nextBoolean() ? KafkaRequestProcessorTest.batch("x" + random.nextInt()) : new byte[0];
            parts.add(new FetchResponse.PartitionData(f.partition(), error(random), random.nextLong(),
                    random.nextLong(), new MemoryRecords(ByteBuffer.wrap(records))));
        }
        FetchResponse response = new FetchResponse(error(random), parts);
        FetchResponse back = roundTrip(FetchTranslator.toKafka(decoded, response, v), v, FetchResponseMessage::read,
                (m, ver) -> FetchTranslator.toCoreResponse(m, ver, ids));
        assertThat(back.error()).isEqualTo(v >= 7 ? response.error() : Errors.NONE);
        assertThat(back.partitions()).hasSameSizeAs(parts);
        for (int i = 0; i < parts.size(); i++) {
            FetchResponse.PartitionData want = parts.get(i);
            FetchResponse.PartitionData got = back.partitions().get(i);
            assertThat(List.of(got.partition(), got.error(), got.highWatermark(), got.logStartOffset()))
                    .isEqualTo(List.of(want.partition(), want.error(), want.highWatermark(),
                            v >= 5 ? want.logStartOffset() : -1L));
            assertThat(got.records().toByteBuffer()).isEqualTo(want.records().toByteBuffer());
        }
    }

    @Test
    void aFetchResponseReportsAPartitionCoreLeftOutAsAnErrorNotAsEmpty() {
        TopicPartition tp = new TopicPartition("t", 0);
        FetchRequest request = new FetchRequest(-1, 0, 0, 1, List.of(new FetchRequest.PartitionFetch(tp, -1, 0, -1, 1)));
        FetchResponseMessage m = FetchTranslator.toKafka(request, new FetchResponse(Errors.NONE, List.of()), (short) 12);
        assertThat(m.responses().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_SERVER_ERROR.code());
    }

    // ---- ListOffsets ----

    @Property(tries = 40)
    void listOffsets(@ForAll @ShortRange(min = 1, max = 10) short v, @ForAll Random random) {
        Map<TopicPartition, Long> timestamps = new TreeMap<>();
        partitions(random).forEach(tp -> timestamps.put(tp, random.nextBoolean() ? -1L : -2L));
        ListOffsetsRequest request = new ListOffsetsRequest(random.nextInt(3) - 1, timestamps);
        assertThat(roundTrip(ListOffsetsTranslator.toKafkaRequest(request, v), v, ListOffsetsRequestMessage::read,
                ListOffsetsTranslator::toCore)).isEqualTo(request);

        Map<TopicPartition, ListOffsetsResponse.PartitionOffset> offsets = new TreeMap<>();
        Map<TopicPartition, ListOffsetsResponse.PartitionOffset> expected = new TreeMap<>();
        partitions(random).forEach(tp -> {
            ListOffsetsResponse.PartitionOffset o = new ListOffsetsResponse.PartitionOffset(error(random),
                    random.nextLong(), random.nextInt());
            offsets.put(tp, o);
            expected.put(tp, new ListOffsetsResponse.PartitionOffset(o.error(), o.offset(), v >= 4 ? o.leaderEpoch() : -1));
        });
        assertThat(roundTrip(ListOffsetsTranslator.toKafka(new ListOffsetsResponse(offsets), v), v,
                ListOffsetsResponseMessage::read, ListOffsetsTranslator::toCoreResponse))
                .isEqualTo(new ListOffsetsResponse(expected));
    }

    // ---- OffsetForLeaderEpoch ----

    @Property(tries = 30)
    void offsetForLeaderEpoch(@ForAll @ShortRange(min = 2, max = 4) short v, @ForAll Random random) {
        Map<TopicPartition, OffsetForLeaderEpochRequest.EpochQuery> queries = new TreeMap<>();
        partitions(random).forEach(tp -> queries.put(tp,
                new OffsetForLeaderEpochRequest.EpochQuery(random.nextInt(), random.nextInt())));
        OffsetForLeaderEpochRequest request = new OffsetForLeaderEpochRequest(v >= 3 ? random.nextInt(5) : -2, queries);
        assertThat(roundTrip(OffsetForLeaderEpochTranslator.toKafkaRequest(request, v), v,
                OffsetForLeaderEpochRequestMessage::read, OffsetForLeaderEpochTranslator::toCore)).isEqualTo(request);

        Map<TopicPartition, OffsetForLeaderEpochResponse.EpochEnd> ends = new TreeMap<>();
        partitions(random).forEach(tp -> ends.put(tp,
                new OffsetForLeaderEpochResponse.EpochEnd(error(random), random.nextInt(), random.nextLong())));
        OffsetForLeaderEpochResponse response = new OffsetForLeaderEpochResponse(ends);
        assertThat(roundTrip(OffsetForLeaderEpochTranslator.toKafka(response, v), v,
                OffsetForLeaderEpochResponseMessage::read, OffsetForLeaderEpochTranslator::toCoreResponse))
                .isEqualTo(response);
    }

    // ---- Metadata ----

    @Property(tries = 40)
    void metadata(@ForAll @ShortRange(min = 0, max = 13) short v, @ForAll Random random) {
        MetadataRequest request = random.nextBoolean() ? MetadataRequest.allTopics()
                : new MetadataRequest(new ArrayList<>(topics(random, 1)));
        assertThat(roundTrip(MetadataTranslator.toKafkaRequest(request, v), v, MetadataRequestMessage::read,
                MetadataTranslator::toCore).request()).isEqualTo(request);

        List<BrokerRegistration> brokers = new ArrayList<>();
        List<BrokerRegistration> expectedBrokers = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int id = 0; id < count; id++) {
            String rack = random.nextBoolean() ? "rack" + id : null;
            List<Endpoint> endpoints = List.of(new Endpoint("CLIENT", "h" + id, random.nextInt(65_536)));
            brokers.add(new BrokerRegistration(id, rack, endpoints, 0L));
            expectedBrokers.add(new BrokerRegistration(id, v >= 1 ? rack : null, endpoints, 0L));
        }
        List<MetadataResponse.TopicMetadata> topics = new ArrayList<>();
        List<MetadataResponse.TopicMetadata> expectedTopics = new ArrayList<>();
        for (String t : topics(random, 0)) {
            List<MetadataResponse.PartitionMetadata> parts = new ArrayList<>();
            List<MetadataResponse.PartitionMetadata> expectedParts = new ArrayList<>();
            int n = random.nextInt(3);
            for (int p = 0; p < n; p++) {
                MetadataResponse.PartitionMetadata pm = new MetadataResponse.PartitionMetadata(p, error(random),
                        random.nextInt(count), random.nextInt(100), List.of(0, 1), List.of(random.nextInt(2)), List.of(1));
                parts.add(pm);
                expectedParts.add(new MetadataResponse.PartitionMetadata(p, pm.error(), pm.leader(),
                        v >= 7 ? pm.leaderEpoch() : -1, pm.replicas(), pm.isr(), v >= 5 ? pm.offlineReplicas() : List.of()));
            }
            Errors error = error(random);
            io.replog.topic.TopicId id = io.replog.topic.TopicId.random(random);
            topics.add(new MetadataResponse.TopicMetadata(t, id, error, parts));
            expectedTopics.add(new MetadataResponse.TopicMetadata(t, v >= 10 ? id : io.replog.topic.TopicId.ZERO,
                    error, expectedParts));
        }
        int controller = random.nextInt(count);
        MetadataResponse response = new MetadataResponse(brokers, controller, topics);
        ByteBuf bytes = KafkaBytes.replog(MetadataTranslator.toKafka(response, "c", "CLIENT", v), v);
        try {
            assertThat(MetadataTranslator.toCoreResponse(MetadataResponseMessage.read(bytes, v), "CLIENT", v))
                    .isEqualTo(new MetadataResponse(expectedBrokers, v >= 1 ? controller : -1, expectedTopics));
        } finally {
            bytes.release();
        }
    }

    @Test
    void metadataV0CannotAskForNoTopics() {
        assertThatThrownBy(() -> MetadataTranslator.toKafkaRequest(new MetadataRequest(List.of()), (short) 0))
                .isInstanceOf(UnsupportedVersionException.class);
        assertThat(MetadataTranslator.toKafkaRequest(new MetadataRequest(List.of()), (short) 1).topics()).isEmpty();
    }

    // ---- CreateTopics / DeleteTopics ----

    @Property(tries = 30)
    void createTopics(@ForAll @ShortRange(min = 2, max = 7) short v, @ForAll Random random) {
        List<CreateTopicsRequest.NewTopicSpec> specs = new ArrayList<>();
        for (String t : topics(random, 1)) {
            boolean explicit = random.nextBoolean();
            Map<Integer, List<Integer>> assignment = explicit ? Map.of(0, List.of(1, 2), 1, List.of(2, 0)) : Map.of();
            specs.add(new CreateTopicsRequest.NewTopicSpec(t, explicit ? -1 : 1 + random.nextInt(9),
                    (short) (explicit ? -1 : 1 + random.nextInt(3)), assignment,
                    random.nextBoolean() ? Map.of("retention.ms", "1000") : Map.of()));
        }
        CreateTopicsRequest request = new CreateTopicsRequest(specs, random.nextInt(), random.nextBoolean());
        assertThat(TranslatorRoundTripTest.<CreateTopicsRequestMessage, CreateTopicsRequest>roundTrip(
                TopicsTranslator.toKafkaRequest(request, v), v, CreateTopicsRequestMessage::read,
                TopicsTranslator::toCore)).isEqualTo(request);

        Map<String, CreateTopicsResponse.TopicResult> results = new TreeMap<>();
        topics(random, 0).forEach(t -> results.put(t, new CreateTopicsResponse.TopicResult(error(random),
                random.nextBoolean() ? null : "because " + t)));
        CreateTopicsResponse response = new CreateTopicsResponse(results);
        assertThat(TranslatorRoundTripTest.<CreateTopicsResponseMessage, CreateTopicsResponse>roundTrip(
                TopicsTranslator.toKafka(response, v), v, CreateTopicsResponseMessage::read,
                TopicsTranslator::toCoreResponse)).isEqualTo(response);
    }

    @Property(tries = 30)
    void deleteTopics(@ForAll @ShortRange(min = 1, max = 6) short v, @ForAll Random random) {
        DeleteTopicsRequest request = new DeleteTopicsRequest(new ArrayList<>(topics(random, 1)), random.nextInt());
        ByteBuf bytes = KafkaBytes.replog(TopicsTranslator.toKafkaRequest(request, v), v);
        try {
            TopicsTranslator.DecodedDelete decoded = TopicsTranslator.toCore(DeleteTopicsRequestMessage.read(bytes, v), v);
            assertThat(decoded.request()).isEqualTo(request);
            assertThat(decoded.unknownIds()).isEmpty();
        } finally {
            bytes.release();
        }

        Map<String, CreateTopicsResponse.TopicResult> results = new TreeMap<>();
        topics(random, 0).forEach(t -> results.put(t, new CreateTopicsResponse.TopicResult(error(random),
                v >= 5 && random.nextBoolean() ? "because " + t : null)));
        DeleteTopicsResponse response = new DeleteTopicsResponse(results);
        assertThat(TranslatorRoundTripTest.<DeleteTopicsResponseMessage, DeleteTopicsResponse>roundTrip(
                TopicsTranslator.toKafka(response, List.of(), v), v, DeleteTopicsResponseMessage::read,
                TopicsTranslator::toCoreResponse)).isEqualTo(response);
    }

    @Test
    void deleteTopicsByIdIsAnsweredUnknownTopicIdWithoutCore() {
        UUID id = new UUID(7, 9);
        DeleteTopicsRequestMessage m = new DeleteTopicsRequestMessage(List.of(
                new DeleteTopicsRequestMessage.DeleteTopicState(null, id),
                new DeleteTopicsRequestMessage.DeleteTopicState("named", new UUID(0, 0))), List.of(), 100);
        TopicsTranslator.DecodedDelete decoded = TopicsTranslator.toCore(m, (short) 6);
        assertThat(decoded.request()).isEqualTo(new DeleteTopicsRequest(List.of("named"), 100));
        DeleteTopicsResponseMessage response = TopicsTranslator.toKafka(new DeleteTopicsResponse(Map.of("named",
                new CreateTopicsResponse.TopicResult(Errors.NONE, null))), decoded.unknownIds(), (short) 6);
        assertThat(response.responses()).extracting(r -> r.name() + ":" + r.topicId() + ":" + r.errorCode())
                .containsExactly("named:" + new UUID(0, 0) + ":0", "null:" + id + ":100");
    }

    // ---- ElectLeaders ----

    @Property(tries = 30)
    void electLeaders(@ForAll @ShortRange(min = 0, max = 2) short v, @ForAll Random random) {
        Set<TopicPartition> partitions = random.nextBoolean() ? null : new TreeSet<>(partitions(random));
        ElectLeadersRequest request = new ElectLeadersRequest(partitions, random.nextInt());
        assertThat(roundTrip(ElectLeadersTranslator.toKafkaRequest(request, v), v, ElectLeadersRequestMessage::read,
                ElectLeadersTranslator::toCore)).isEqualTo(request);

        Map<TopicPartition, Errors> results = new TreeMap<>();
        partitions(random).forEach(tp -> results.put(tp, error(random)));
        ElectLeadersResponse response = new ElectLeadersResponse(v >= 1 ? error(random) : Errors.NONE, results);
        assertThat(roundTrip(ElectLeadersTranslator.toKafka(response, v), v, ElectLeadersResponseMessage::read,
                ElectLeadersTranslator::toCoreResponse)).isEqualTo(response);
    }

    @Test
    void electLeadersV0GivesCoreTopLevelErrorToEveryPartition() {
        ElectLeadersResponse response = new ElectLeadersResponse(Errors.NOT_CONTROLLER,
                Map.of(new TopicPartition("t", 0), Errors.NONE));
        ElectLeadersResponseMessage m = ElectLeadersTranslator.toKafka(response, (short) 0);
        assertThat(m.replicaElectionResults().get(0).partitionResult().get(0).errorCode())
                .isEqualTo(Errors.NOT_CONTROLLER.code());
    }

    // ---- helpers ----

    private static <M extends MessageBody, C> C roundTrip(M message, short v, BiFunction<ByteBuf, Short, M> read,
                                                          BiFunction<M, Short, C> toCore) {
        ByteBuf bytes = KafkaBytes.replog(message, v);
        try {
            M back = read.apply(bytes, v);
            assertThat(bytes.isReadable()).as("bytes left").isFalse();
            return toCore.apply(back, v);
        } finally {
            bytes.release();
        }
    }

    /** Ids for every topic {@link #topics} can make. */
    private static TopicIds ids(Random random) {
        Map<UUID, String> names = new java.util.HashMap<>();
        Map<String, UUID> byName = new java.util.HashMap<>();
        for (char c = 'a'; c <= 'z'; c++) {
            for (int i = 0; i < 10; i++) {
                UUID id = new UUID(random.nextLong() | 1L, random.nextLong());
                names.put(id, "topic-" + c + i);
                byName.put("topic-" + c + i, id);
            }
        }
        return new TopicIds(names, byName, (short) 100);
    }

    private static Errors error(Random random) {
        return ERRORS[random.nextInt(ERRORS.length)];
    }

    private static Set<String> topics(Random random, int atLeast) {
        Set<String> topics = new LinkedHashSet<>();
        int n = atLeast + random.nextInt(4);
        while (topics.size() < n) {
            topics.add("topic-" + (char) ('a' + random.nextInt(26)) + random.nextInt(10));
        }
        return topics;
    }

    private static List<TopicPartition> partitions(Random random) {
        Set<TopicPartition> set = new TreeSet<>();
        for (String t : topics(random, 1)) {
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                set.add(new TopicPartition(t, random.nextInt(8)));
            }
        }
        return new ArrayList<>(set);
    }
}

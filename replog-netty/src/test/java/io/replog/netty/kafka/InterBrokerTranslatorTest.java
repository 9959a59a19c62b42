package io.replog.netty.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.ControlledShutdownRequestMessage;
import io.replog.netty.protocol.message.ControlledShutdownResponseMessage;
import io.replog.netty.protocol.message.LeaderAndIsrRequestMessage;
import io.replog.netty.protocol.message.LeaderAndIsrResponseMessage;
import io.replog.netty.protocol.message.StopReplicaRequestMessage;
import io.replog.netty.protocol.message.StopReplicaResponseMessage;
import io.replog.netty.protocol.message.UpdateMetadataRequestMessage;
import io.replog.netty.protocol.message.UpdateMetadataResponseMessage;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.ControlledShutdownResponse;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.StopReplicaResponse;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.protocol.UpdateMetadataResponse;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Core inter-broker message -> Kafka body -> bytes -> Kafka body -> core message equals the
 * original, for random messages of all eight types: every field core has survives, including those
 * carried in replog's tagged fields. Kafka's own reading of these layouts is checked by
 * {@code InterBrokerKafkaTypesTest}; this checks the translation on top.
 */
class InterBrokerTranslatorTest {
    private static final Errors[] ERRORS = Errors.values();
    private static final String[] TOPICS = {"a", "b", "topic-c", "\u00e9t\u00e9"};

    @Property(tries = 200)
    void leaderAndIsrRequest(@ForAll Random random) {
        List<LeaderAndIsrRequest.PartitionState> states = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            Map<String, String> configs = new LinkedHashMap<>();
            for (int c = random.nextInt(3); c > 0; c--) {
                configs.put("k" + random.nextInt(5), "v" + random.nextInt());
            }
            states.add(new LeaderAndIsrRequest.PartitionState(partition(random), topicId(random),
                    new LeaderAndIsr(random.nextInt(5) - 1, random.nextInt(1000), ints(random), random.nextInt(50),
                            random.nextInt(100) - 1), ints(random), configs));
        }
        LeaderAndIsrRequest request = new LeaderAndIsrRequest(random.nextInt(5), random.nextInt(100),
                random.nextLong(1000) - 1, states, registrations(random));
        short v = InterBrokerTranslator.LEADER_AND_ISR;
        assertThat(InterBrokerTranslator.toCore(roundTrip(InterBrokerTranslator.toKafkaRequest(request, v), v,
                LeaderAndIsrRequestMessage::read), v)).isEqualTo(request);
    }

    @Property(tries = 100)
    void leaderAndIsrResponse(@ForAll Random random) {
        LeaderAndIsrResponse response = new LeaderAndIsrResponse(error(random), errors(random));
        short v = InterBrokerTranslator.LEADER_AND_ISR;
        assertThat(InterBrokerTranslator.toCoreResponse(roundTrip(InterBrokerTranslator.toKafka(response, Map.of(), v),
                v, LeaderAndIsrResponseMessage::read), Map.of(), v)).isEqualTo(response);
    }

    @Test
    void leaderAndIsrResponseCarriesTheRequestsTopicIdsAndReadsKafkasById() {
        UUID id = new UUID(7L, 9L);
        LeaderAndIsrResponse response = new LeaderAndIsrResponse(Errors.NONE,
                Map.of(new TopicPartition("t", 1), Errors.NOT_LEADER_OR_FOLLOWER));
        LeaderAndIsrResponseMessage kafka = InterBrokerTranslator.toKafka(response, Map.of("t", id), (short) 7);
        assertThat(kafka.topics().get(0).topicId()).isEqualTo(id);
        LeaderAndIsrResponseMessage withoutNames = new LeaderAndIsrResponseMessage(kafka.errorCode(),
                List.of(kafka.topics().get(0).withTopicName(null)));
        assertThat(InterBrokerTranslator.toCoreResponse(withoutNames, Map.of(id, "t"), (short) 7)).isEqualTo(response);
        assertThat(InterBrokerTranslator.toCoreResponse(withoutNames, Map.of(), (short) 7).partitionErrors()).isEmpty();
    }

    @Property(tries = 200)
    void updateMetadataRequest(@ForAll Random random) {
        List<UpdateMetadataRequest.PartitionInfo> partitions = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            partitions.add(new UpdateMetadataRequest.PartitionInfo(partition(random), topicId(random),
                    random.nextInt(5) - 1, random.nextInt(1000), ints(random), ints(random), ints(random)));
        }
        Set<String> deleted = new LinkedHashSet<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            deleted.add(TOPICS[random.nextInt(TOPICS.length)]);
        }
        UpdateMetadataRequest request = new UpdateMetadataRequest(random.nextInt(5), random.nextInt(100),
                random.nextLong(1000) - 1, registrations(random), partitions, deleted);
        short v = InterBrokerTranslator.UPDATE_METADATA;
        assertThat(InterBrokerTranslator.toCore(roundTrip(InterBrokerTranslator.toKafkaRequest(request, v), v,
                UpdateMetadataRequestMessage::read), v)).isEqualTo(request);
    }

    @Property(tries = 50)
    void updateMetadataResponse(@ForAll Random random) {
        UpdateMetadataResponse response = new UpdateMetadataResponse(error(random));
        short v = InterBrokerTranslator.UPDATE_METADATA;
        assertThat(InterBrokerTranslator.toCoreResponse(roundTrip(InterBrokerTranslator.toKafka(response, v), v,
                UpdateMetadataResponseMessage::read), v)).isEqualTo(response);
    }

    @Property(tries = 100)
    void stopReplicaRequest(@ForAll Random random) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            partitions.add(partition(random));
        }
        StopReplicaRequest request = new StopReplicaRequest(random.nextInt(5), random.nextInt(100),
                random.nextLong(1000) - 1, random.nextBoolean(), partitions);
        short v = InterBrokerTranslator.STOP_REPLICA;
        StopReplicaRequest back = InterBrokerTranslator.toCore(roundTrip(InterBrokerTranslator.toKafkaRequest(request, v),
                v, StopReplicaRequestMessage::read), v);
        // Kafka carries the delete flag per partition: with no partitions it cannot travel.
        StopReplicaRequest expected = partitions.isEmpty() ? new StopReplicaRequest(request.controllerId(),
                request.controllerEpoch(), request.brokerEpoch(), false, partitions) : request;
        assertThat(back).isEqualTo(expected);
    }

    @Property(tries = 100)
    void stopReplicaResponse(@ForAll Random random) {
        StopReplicaResponse response = new StopReplicaResponse(error(random), errors(random));
        short v = InterBrokerTranslator.STOP_REPLICA;
        assertThat(InterBrokerTranslator.toCoreResponse(roundTrip(InterBrokerTranslator.toKafka(response, v), v,
                StopReplicaResponseMessage::read), v)).isEqualTo(response);
    }

    @Property(tries = 50)
    void controlledShutdownRequest(@ForAll Random random) {
        ControlledShutdownRequest request = new ControlledShutdownRequest(random.nextInt(1000),
                random.nextLong(1000) - 1);
        short v = InterBrokerTranslator.CONTROLLED_SHUTDOWN;
        assertThat(InterBrokerTranslator.toCore(roundTrip(InterBrokerTranslator.toKafkaRequest(request, v), v,
                ControlledShutdownRequestMessage::read), v)).isEqualTo(request);
    }

    @Property(tries = 100)
    void controlledShutdownResponse(@ForAll Random random) {
        ControlledShutdownResponse response = new ControlledShutdownResponse(error(random),
                errors(random).keySet());
        short v = InterBrokerTranslator.CONTROLLED_SHUTDOWN;
        assertThat(InterBrokerTranslator.toCoreResponse(roundTrip(InterBrokerTranslator.toKafka(response, v), v,
                ControlledShutdownResponseMessage::read), v)).isEqualTo(response);
    }

    @Test
    void kafkaOnlyFieldsGetKafkasNeutralValues() {
        LeaderAndIsrRequest request = new LeaderAndIsrRequest(1, 2, 3L, List.of(new LeaderAndIsrRequest.PartitionState(
                new TopicPartition("t", 0), TopicId.ZERO, new LeaderAndIsr(1, 4, List.of(1, 2), 2, 5), List.of(1, 2),
                Map.of())), List.of(new BrokerRegistration(1, null,
                List.of(new Endpoint("INTERNAL", "h1", 9093), new Endpoint("EXTERNAL", "x1", 19092)), 10L, 6L)));
        LeaderAndIsrRequestMessage kafka = InterBrokerTranslator.toKafkaRequest(request, (short) 7);
        assertThat(kafka.isKRaftController()).isFalse();
        assertThat(kafka.type()).isZero();
        LeaderAndIsrRequestMessage.LeaderAndIsrPartitionState state = kafka.topicStates().get(0).partitionStates().get(0);
        assertThat(state.leaderRecoveryState()).isZero();
        assertThat(state.isNew()).isFalse();
        assertThat(state.addingReplicas()).isEmpty();
        assertThat(state.removingReplicas()).isEmpty();
        // Kafka's reader sees the inter-broker endpoint, the registration's first.
        assertThat(kafka.liveLeaders().get(0).hostName()).isEqualTo("h1");
        assertThat(kafka.liveLeaders().get(0).port()).isEqualTo(9093);

        StopReplicaRequestMessage stop = InterBrokerTranslator.toKafkaRequest(
                new StopReplicaRequest(1, 2, 3L, true, List.of(new TopicPartition("t", 0))), (short) 4);
        assertThat(stop.isKRaftController()).isFalse();
        assertThat(stop.topicStates().get(0).partitionStates().get(0).leaderEpoch()).isEqualTo(-1);
        assertThat(stop.topicStates().get(0).partitionStates().get(0).deletePartition()).isTrue();
    }

    @Test
    void aLeaderWrittenByKafkaWithoutEndpointsReadsAsItsHostAndPort() {
        LeaderAndIsrRequestMessage kafka = new LeaderAndIsrRequestMessage(1, false, 2, 3L, (byte) 0, List.of(),
                List.of(new LeaderAndIsrRequestMessage.LeaderAndIsrLiveLeader(4, "h4", 9092, null, List.of(), -1L, 0L,
                        false)));
        assertThat(InterBrokerTranslator.toCore(kafka, (short) 7).leaders()).containsExactly(
                new BrokerRegistration(4, null, List.of(new Endpoint("PLAINTEXT", "h4", 9092)), 0L, -1L, false));
    }

    @Test
    void otherVersionsAreRefused() {
        assertThatThrownBy(() -> InterBrokerTranslator.toKafkaRequest(new ControlledShutdownRequest(1), (short) 2))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("ControlledShutdown v2");
        assertThatThrownBy(() -> InterBrokerTranslator.toKafka(new UpdateMetadataResponse(Errors.NONE), (short) 7))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v8");
    }

    // ---- helpers ----

    private static <M extends MessageBody> M roundTrip(M message, short v, BiFunction<ByteBuf, Short, M> read) {
        ByteBuf buf = Unpooled.buffer(message.size(v));
        try {
            message.write(buf, v);
            assertThat(buf.readableBytes()).isEqualTo(message.size(v));
            M back = read.apply(buf, v);
            assertThat(buf.isReadable()).isFalse();
            assertThat(back).isEqualTo(message);
            return back;
        } finally {
            buf.release();
        }
    }

    private static TopicPartition partition(Random random) {
        return new TopicPartition(TOPICS[random.nextInt(TOPICS.length)], random.nextInt(4));
    }

    private static TopicId topicId(Random random) {
        return random.nextInt(4) == 0 ? TopicId.ZERO : new TopicId(random.nextLong(), random.nextLong() | 2);
    }

    private static List<Integer> ints(Random random) {
        List<Integer> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            list.add(random.nextInt(10));
        }
        return list;
    }

    private static Errors error(Random random) {
        return ERRORS[random.nextInt(ERRORS.length)];
    }

    private static Map<TopicPartition, Errors> errors(Random random) {
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            errors.put(partition(random), error(random));
        }
        return errors;
    }

    private static List<BrokerRegistration> registrations(Random random) {
        List<BrokerRegistration> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            List<Endpoint> endpoints = new ArrayList<>();
            for (int e = random.nextInt(3); e > 0; e--) {
                endpoints.add(random.nextBoolean() ? new Endpoint("local", "broker-" + random.nextInt(9), 0)
                        : new Endpoint("L" + e, "host" + random.nextInt(9), random.nextInt(65_536)));
            }
            list.add(new BrokerRegistration(random.nextInt(9), random.nextBoolean() ? null : "rack-" + random.nextInt(3),
                    endpoints, random.nextLong(), random.nextLong(1_000) - 1, random.nextBoolean()));
        }
        return list;
    }
}

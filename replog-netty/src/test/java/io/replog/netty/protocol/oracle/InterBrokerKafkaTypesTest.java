package io.replog.netty.protocol.oracle;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka's own parser reads replog's inter-broker bodies. Kafka 4 has no message classes for these
 * APIs, but it still has its generic protocol types; here they are assembled, field by field, into
 * Kafka 3.9's layouts of LeaderAndIsr v7, StopReplica v4, UpdateMetadata v8 and ControlledShutdown v3
 * (Kafka's fields only, none of replog's tags). Each random body replog writes, replog's tagged
 * fields included, must be consumed exactly by Kafka's reader, which keeps the tags it does not
 * know as raw bytes, and written back by Kafka byte for byte.
 */
class InterBrokerKafkaTypesTest {
    private static final int TRIES = OracleProperties.TRIES;

    // ---- Kafka 3.9's layouts, in Kafka's types (flexible: compact encodings, tagged sections) -------

    private static final Schema LEADER_AND_ISR_REQUEST_V7 = struct(
            int32("controllerId"), bool("isKRaftController"), int32("controllerEpoch"), int64("brokerEpoch"),
            int8("type"),
            array("topicStates", struct(string("topicName"), uuid("topicId"),
                    array("partitionStates", struct(int32("partitionIndex"), int32("controllerEpoch"), int32("leader"),
                            int32("leaderEpoch"), int32s("isr"), int32("partitionEpoch"), int32s("replicas"),
                            int32s("addingReplicas"), int32s("removingReplicas"), bool("isNew"),
                            int8("leaderRecoveryState"))))),
            array("liveLeaders", struct(int32("brokerId"), string("hostName"), int32("port"))));

    private static final Schema LEADER_AND_ISR_RESPONSE_V7 = struct(
            int16("errorCode"),
            array("topics", struct(uuid("topicId"),
                    array("partitionErrors", struct(int32("partitionIndex"), int16("errorCode"))))));

    private static final Schema STOP_REPLICA_REQUEST_V4 = struct(
            int32("controllerId"), bool("isKRaftController"), int32("controllerEpoch"), int64("brokerEpoch"),
            array("topicStates", struct(string("topicName"),
                    array("partitionStates", struct(int32("partitionIndex"), int32("leaderEpoch"),
                            bool("deletePartition"))))));

    private static final Schema STOP_REPLICA_RESPONSE_V4 = struct(
            int16("errorCode"),
            array("partitionErrors", struct(string("topicName"), int32("partitionIndex"), int16("errorCode"))));

    private static final Schema UPDATE_METADATA_REQUEST_V8 = new Schema(
            int32("controllerId"), bool("isKRaftController"), int32("controllerEpoch"), int64("brokerEpoch"),
            array("topicStates", struct(string("topicName"), uuid("topicId"),
                    array("partitionStates", struct(int32("partitionIndex"), int32("controllerEpoch"), int32("leader"),
                            int32("leaderEpoch"), int32s("isr"), int32("zkVersion"), int32s("replicas"),
                            int32s("offlineReplicas"))))),
            array("liveBrokers", struct(int32("id"),
                    array("endpoints", struct(int32("port"), string("host"), string("listener"),
                            int16("securityProtocol"))),
                    new Field("rack", Type.COMPACT_NULLABLE_STRING))),
            // Kafka's own tagged field: the type of the update, tag 0.
            Field.TaggedFieldsSection.of(0, int8("type")));

    private static final Schema UPDATE_METADATA_RESPONSE_V8 = struct(int16("errorCode"));

    private static final Schema CONTROLLED_SHUTDOWN_REQUEST_V3 = struct(int32("brokerId"), int64("brokerEpoch"));

    private static final Schema CONTROLLED_SHUTDOWN_RESPONSE_V3 = struct(
            int16("errorCode"),
            array("remainingPartitions", struct(string("topicName"), int32("partitionIndex"))));

    // ---- properties -----------------------------------------------------------------------------

    @Property(tries = TRIES)
    void leaderAndIsr(@ForAll Random random) {
        check("LeaderAndIsr", "request", (short) 7, LEADER_AND_ISR_REQUEST_V7, random);
        check("LeaderAndIsr", "response", (short) 7, LEADER_AND_ISR_RESPONSE_V7, random);
    }

    @Property(tries = TRIES)
    void stopReplica(@ForAll Random random) {
        check("StopReplica", "request", (short) 4, STOP_REPLICA_REQUEST_V4, random);
        check("StopReplica", "response", (short) 4, STOP_REPLICA_RESPONSE_V4, random);
    }

    @Property(tries = TRIES)
    void updateMetadata(@ForAll Random random) {
        check("UpdateMetadata", "request", (short) 8, UPDATE_METADATA_REQUEST_V8, random);
        check("UpdateMetadata", "response", (short) 8, UPDATE_METADATA_RESPONSE_V8, random);
    }

    @Property(tries = TRIES)
    void controlledShutdown(@ForAll Random random) {
        check("ControlledShutdown", "request", (short) 3, CONTROLLED_SHUTDOWN_REQUEST_V3, random);
        check("ControlledShutdown", "response", (short) 3, CONTROLLED_SHUTDOWN_RESPONSE_V3, random);
    }

    private static void check(String api, String kind, short version, Schema kafka, Random random) {
        byte[] body = KafkaOracle.randomBody(api, kind, version, random);
        String what = api + " " + kind + " v" + version + " " + HexFormat.of().formatHex(body);
        ByteBuffer in = ByteBuffer.wrap(body);
        Struct read = kafka.read(in);
        assertThat(in.remaining()).as("bytes Kafka's reader left of %s", what).isZero();
        assertThat(kafka.sizeOf(read)).as("Kafka's size of %s", what).isEqualTo(body.length);
        ByteBuffer out = ByteBuffer.allocate(body.length);
        kafka.write(out, read);
        assertThat(HexFormat.of().formatHex(out.array())).as("Kafka's re-encoding of %s", what)
                .isEqualTo(HexFormat.of().formatHex(body));
    }

    // ---- Kafka's types --------------------------------------------------------------------------

    /** A flexible struct: the fields, then a tagged section that knows no tag. */
    private static Schema struct(Field... fields) {
        Field[] all = Arrays.copyOf(fields, fields.length + 1);
        all[fields.length] = Field.TaggedFieldsSection.of();
        return new Schema(all);
    }

    private static Field array(String name, Schema element) {
        return new Field(name, new CompactArrayOf(element));
    }

    private static Field int32s(String name) {
        return new Field(name, new CompactArrayOf(Type.INT32));
    }

    private static Field bool(String name) {
        return new Field(name, Type.BOOLEAN);
    }

    private static Field int8(String name) {
        return new Field(name, Type.INT8);
    }

    private static Field int16(String name) {
        return new Field(name, Type.INT16);
    }

    private static Field int32(String name) {
        return new Field(name, Type.INT32);
    }

    private static Field int64(String name) {
        return new Field(name, Type.INT64);
    }

    private static Field uuid(String name) {
        return new Field(name, Type.UUID);
    }

    private static Field string(String name) {
        return new Field(name, Type.COMPACT_STRING);
    }
}

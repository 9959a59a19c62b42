package io.replog.client;

import io.replog.errors.SerializationException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.UUIDSerializer;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The built-in serdes write exactly Kafka's bytes (Kafka's own serializers are the oracle) and read them back. */
class SerdesTest {
    private static final String TOPIC = "t";

    @Property(tries = 1000)
    void longsAreKafkasBigEndianBytes(@ForAll long v) {
        byte[] bytes = Serdes.longs().serialize(TOPIC, v);
        try (LongSerializer kafka = new LongSerializer()) {
            assertThat(bytes).isEqualTo(kafka.serialize(TOPIC, v));
        }
        assertThat(Serdes.longs().deserialize(TOPIC, bytes)).isEqualTo(v);
    }

    @Property(tries = 1000)
    void integersAreKafkasBigEndianBytes(@ForAll int v) {
        byte[] bytes = Serdes.integers().serialize(TOPIC, v);
        try (IntegerSerializer kafka = new IntegerSerializer()) {
            assertThat(bytes).isEqualTo(kafka.serialize(TOPIC, v));
        }
        assertThat(Serdes.integers().deserialize(TOPIC, bytes)).isEqualTo(v);
    }

    @Property(tries = 1000)
    void stringsAreKafkasUtf8(@ForAll String s) {
        byte[] bytes = Serdes.string().serialize(TOPIC, s);
        try (StringSerializer kafka = new StringSerializer()) {
            assertThat(bytes).isEqualTo(kafka.serialize(TOPIC, s));
        }
        // Lone surrogates do not survive UTF-8 in either client, so compare through the encoding.
        assertThat(Serdes.string().serialize(TOPIC, Serdes.string().deserialize(TOPIC, bytes))).isEqualTo(bytes);
    }

    @Property(tries = 200)
    void uuidsAreKafkasCanonicalText(@ForAll long msb, @ForAll long lsb) {
        UUID id = new UUID(msb, lsb);
        byte[] bytes = Serdes.uuid().serialize(TOPIC, id);
        try (UUIDSerializer kafka = new UUIDSerializer()) {
            assertThat(bytes).isEqualTo(kafka.serialize(TOPIC, id));
        }
        assertThat(bytes).hasSize(36);
        assertThat(Serdes.uuid().deserialize(TOPIC, bytes)).isEqualTo(id);
    }

    @Property(tries = 200)
    void byteArraysPassThrough(@ForAll byte[] data) {
        try (ByteArraySerializer kafka = new ByteArraySerializer()) {
            assertThat(Serdes.byteArray().serialize(TOPIC, data)).isEqualTo(kafka.serialize(TOPIC, data));
        }
        assertThat(Serdes.byteArray().deserialize(TOPIC, data)).isEqualTo(data);
    }

    @Test
    void nullStaysNullBothWays() {
        for (Serde<?> serde : new Serde<?>[]{Serdes.string(), Serdes.byteArray(), Serdes.longs(), Serdes.integers(),
                Serdes.uuid()}) {
            assertThat(serde.deserialize(TOPIC, null)).isNull();
        }
        assertThat(Serdes.string().serialize(TOPIC, null)).isNull();
        assertThat(Serdes.byteArray().serialize(TOPIC, null)).isNull();
        assertThat(Serdes.longs().serialize(TOPIC, null)).isNull();
        assertThat(Serdes.integers().serialize(TOPIC, null)).isNull();
        assertThat(Serdes.uuid().serialize(TOPIC, null)).isNull();
    }

    @Test
    void knownEncodings() {
        assertThat(Serdes.longs().serialize(TOPIC, 0x0102030405060708L)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(Serdes.integers().serialize(TOPIC, -2)).containsExactly(0xFF, 0xFF, 0xFF, 0xFE);
        assertThat(Serdes.string().serialize(TOPIC, "é")).containsExactly(0xC3, 0xA9);
    }

    @Test
    void wrongLengthsFailNamingTypeTopicAndLength() {
        assertThatThrownBy(() -> Serdes.longs().deserialize("orders", new byte[7]))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize long from 7 bytes of a record of topic orders: expected exactly 8 bytes");
        assertThatThrownBy(() -> Serdes.integers().deserialize("orders", new byte[5]))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize integer from 5 bytes of a record of topic orders: expected exactly 4 bytes");
        assertThatThrownBy(() -> Serdes.uuid().deserialize("orders", "not-a-uuid".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("10 bytes of a record of topic orders: 'not-a-uuid' is not a UUID");
    }
}

package io.replog.client;

import io.replog.errors.InvalidConfigException;
import io.replog.errors.InvalidPartitionsException;
import io.replog.errors.InvalidReplicationFactorException;
import io.replog.errors.InvalidTopicException;
import io.replog.record.TimestampType;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the client's value types check and guarantee. */
class ValueTypesTest {

    // ------------------------------------------------------------------ ProducerRecord, Header

    @Test
    void producerRecordDefaultsAndWithers() {
        ProducerRecord<String, Long> r = ProducerRecord.of("orders", "k", 1L);
        assertThat(r.partition()).isEqualTo(OptionalInt.empty());
        assertThat(r.timestamp()).isEqualTo(OptionalLong.empty());
        assertThat(r.headers()).isEmpty();
        ProducerRecord<String, Long> full = r.withPartition(3).withTimestamp(42).withHeader("a", new byte[]{1})
                .withHeader("a", null);
        assertThat(full.partition()).hasValue(3);
        assertThat(full.timestamp()).hasValue(42);
        assertThat(full.headers()).containsExactly(Header.of("a", new byte[]{1}), Header.of("a", (byte[]) null));
        assertThat(r.headers()).as("withers copy").isEmpty();
        assertThat(ProducerRecord.of("orders", 3, "k", 1L).withTimestamp(42)
                .withHeaders(full.headers())).isEqualTo(full);
        assertThat(ProducerRecord.of("orders", null, null).key()).isNull();
    }

    @Test
    void producerRecordRefusesBadTopicsPartitionsAndTimestamps() {
        assertThatThrownBy(() -> ProducerRecord.of("bad topic", "k", "v")).isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> ProducerRecord.of("t", -1, "k", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid partition -1 for topic t: a partition number is at least 0");
        assertThatThrownBy(() -> ProducerRecord.of("t", "k", "v").withTimestamp(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid timestamp -5 for a record of topic t: a timestamp is at least 0 (milliseconds "
                        + "since the epoch)");
    }

    @Test
    void headersCannotBeChangedThroughTheirArrays() {
        byte[] value = {1, 2};
        Header h = Header.of("k", value);
        value[0] = 9;
        assertThat(h.value()).containsExactly(1, 2);
        h.value()[1] = 9;
        assertThat(h.value()).containsExactly(1, 2);
        assertThat(Header.of("k", "é").valueAsString()).isEqualTo("é");
        assertThat(Header.fromRecordHeader(h.toRecordHeader())).isEqualTo(h);
        assertThat(h.toString()).isEqualTo("Header(k=2 bytes)");
    }

    // ------------------------------------------------------------------ RecordMetadata, ConsumerRecord(s)

    @Test
    void recordMetadata() {
        RecordMetadata m = new RecordMetadata("t", 2, 10, 5);
        assertThat(m.topicPartition()).isEqualTo(new TopicPartition("t", 2));
        assertThat(m.hasOffset()).isTrue();
        assertThat(new RecordMetadata("t", 2, RecordMetadata.UNKNOWN_OFFSET, 5).hasOffset()).isFalse();
        assertThatThrownBy(() -> new RecordMetadata("t", 0, -2, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void consumerRecordsIterateByPartitionInOffsetOrder() {
        TopicPartition a = new TopicPartition("t", 1);
        TopicPartition b = new TopicPartition("u", 0);
        Map<TopicPartition, List<ConsumerRecord<String, String>>> map = new LinkedHashMap<>();
        map.put(a, List.of(rec(a, 5), rec(a, 6)));
        map.put(new TopicPartition("t", 9), List.of());
        map.put(b, List.of(rec(b, 0)));
        ConsumerRecords<String, String> records = ConsumerRecords.of(map);
        assertThat(records.count()).isEqualTo(3);
        assertThat(records.partitions()).containsExactly(a, b);
        List<Long> offsets = new ArrayList<>();
        records.forEach(r -> offsets.add(r.offset()));
        assertThat(offsets).containsExactly(5L, 6L, 0L);
        assertThat(records.records("t")).extracting(ConsumerRecord::offset).containsExactly(5L, 6L);
        assertThat(records.records(new TopicPartition("x", 0))).isEmpty();
        assertThat(ConsumerRecords.<String, String>empty().count()).isZero();
        assertThat(ConsumerRecords.empty().iterator()).isExhausted();
    }

    @Test
    void consumerRecordsRefuseMisfiledOrUnorderedRecords() {
        TopicPartition a = new TopicPartition("t", 1);
        assertThatThrownBy(() -> ConsumerRecords.of(Map.of(a, List.of(rec(a, 6), rec(a, 6)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("records of t-1 out of offset order: 6 after 6");
        assertThatThrownBy(() -> ConsumerRecords.of(Map.of(new TopicPartition("t", 2), List.of(rec(a, 6)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("record t-1@6 filed under partition t-2");
    }

    private static ConsumerRecord<String, String> rec(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, 0, TimestampType.CREATE_TIME, "k", "v",
                List.of());
    }

    // ------------------------------------------------------------------ admin types

    @Test
    void newTopicChecksWhatItCan() {
        NewTopic t = NewTopic.of("orders", 3, 2).withConfig("min.insync.replicas", "2");
        assertThat(t.partitions()).isEqualTo(3);
        assertThat(t.replicationFactor()).isEqualTo(2);
        assertThat(t.assignment()).isEmpty();
        assertThat(t.configs()).containsExactly(Map.entry("min.insync.replicas", "2"));
        assertThatThrownBy(() -> NewTopic.of("orders", 0, 1)).isInstanceOf(InvalidPartitionsException.class)
                .hasMessage("Topic orders: number of partitions must be at least 1, was 0");
        assertThatThrownBy(() -> NewTopic.of("orders", 1, 0)).isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessage("Topic orders: replication factor must be at least 1, was 0");
        assertThatThrownBy(() -> NewTopic.of("..", 1, 1)).isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> t.withConfig("min.insync.replicas", "0")).isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '0' for configuration 'min.insync.replicas': must be at least 1");
        assertThatThrownBy(() -> t.withConfig("min.isr", "2")).isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Unknown configuration 'min.isr'; known keys are [");
    }

    @Test
    void newTopicWithAnExplicitAssignment() {
        NewTopic t = NewTopic.withAssignment("orders", Map.of(1, List.of(2, 0), 0, List.of(0, 1)));
        assertThat(t.partitions()).isEqualTo(2);
        assertThat(t.replicationFactor()).isEqualTo(2);
        assertThat(t.assignment().orElseThrow()).containsExactly(Map.entry(0, List.of(0, 1)), Map.entry(1, List.of(2, 0)));
        assertThatThrownBy(() -> NewTopic.withAssignment("o", Map.of(0, List.of(0), 2, List.of(1))))
                .isInstanceOf(InvalidPartitionsException.class)
                .hasMessage("Topic o: the assignment must cover partitions 0 to 1 without gaps; partition 1 is missing");
        assertThatThrownBy(() -> NewTopic.withAssignment("o", Map.of(0, List.of(0, 0))))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessage("Topic o: partition 0 lists a broker twice: [0, 0]");
        assertThatThrownBy(() -> NewTopic.withAssignment("o", Map.of(0, List.of(0, 1), 1, List.of(1))))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessage("Topic o: partition 1 has 1 replicas [1] but partition 0 has 2; every partition needs "
                        + "the same number of replicas");
        assertThatThrownBy(() -> NewTopic.withAssignment("o", Map.of(0, List.of())))
                .isInstanceOf(InvalidReplicationFactorException.class).hasMessage("Topic o: partition 0 is assigned no replica");
        assertThatThrownBy(() -> NewTopic.withAssignment("o", Map.of(0, List.of(-1))))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessage("Topic o: partition 0 names broker -1; broker ids are at least 0");
        assertThatThrownBy(() -> NewTopic.withAssignment("o", Map.of()))
                .isInstanceOf(InvalidPartitionsException.class).hasMessage("Topic o: the assignment names no partition");
    }

    @Test
    void partitionAndTopicDescriptionsHoldTogether() {
        PartitionDescription online = new PartitionDescription(0, 2, List.of(2, 0, 1), List.of(2, 0), 4);
        PartitionDescription offline = new PartitionDescription(1, PartitionDescription.NO_LEADER, List.of(0, 1),
                List.of(1), 7);
        assertThat(online.hasLeader()).isTrue();
        assertThat(online.preferredLeader()).isEqualTo(2);
        assertThat(offline.hasLeader()).isFalse();
        TopicDescription d = new TopicDescription("t", TopicId.ZERO, List.of(online, offline));
        assertThat(d.partition(1)).isEqualTo(offline);
        assertThat(d.replicationFactor()).isEqualTo(3);
        assertThatThrownBy(() -> d.partition(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic t has partitions 0-1, not 2");
        assertThatThrownBy(() -> new TopicDescription("t", TopicId.ZERO, List.of(offline)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic t: partition at index 0 is 1; partitions must be listed 0, 1, 2, ... without gaps");
        assertThatThrownBy(() -> new PartitionDescription(0, 3, List.of(0, 1), List.of(0, 1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("partition 0 has leader 3 outside its ISR [0, 1]");
        assertThatThrownBy(() -> new PartitionDescription(0, 0, List.of(0, 1), List.of(0, 2), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition 0 has ISR [0, 2] outside its replicas [0, 1]");
    }

    @Test
    void nodes() {
        assertThat(Node.of(1, "b1", 9092).rack()).isEmpty();
        assertThat(new Node(1, "::1", 9092, Optional.of("r1")).toString()).isEqualTo("Node(1 at [::1]:9092, rack r1)");
        assertThatThrownBy(() -> Node.of(-1, "b", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enumsParseKafkasSpellings() {
        assertThat(OffsetResetStrategy.parse(" Earliest ")).isEqualTo(OffsetResetStrategy.EARLIEST);
        assertThat(OffsetResetStrategy.NONE.configValue()).isEqualTo("none");
        assertThat(Acks.parse("-1")).isEqualTo(Acks.ALL);
        assertThat(Acks.ALL.toString()).isEqualTo("all");
        assertThatThrownBy(() -> Acks.parse(null)).isInstanceOf(InvalidConfigException.class);
    }
}

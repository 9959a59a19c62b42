package io.replog.client.internal.producer;

import io.replog.topic.TopicPartition;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The partitioner: bit-exact with Kafka's Java client for keyed records (Kafka's own code is the
 * oracle), sticky for keyless ones.
 */
class PartitionerTest {

    // ------------------------------------------------------------------ Kafka as the oracle

    @Property(tries = 10_000)
    void murmur2IsKafkas(@ForAll @Size(max = 300) byte[] key) {
        assertThat(Murmur2.hash(key)).isEqualTo(Utils.murmur2(key));
    }

    @Property(tries = 10_000)
    void keyedPartitionIsKafkas(@ForAll @Size(max = 300) byte[] key,
                                @ForAll @IntRange(min = 1, max = 100_000) int partitions) {
        int expected = BuiltInPartitioner.partitionForKey(key, partitions);
        assertThat(Murmur2.partitionForKey(key, partitions)).isEqualTo(expected)
                .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % partitions);
        assertThat(new Partitioner(n -> 0).partition("t", OptionalInt.empty(), key, partitions, List.of()))
                .isEqualTo(expected);
    }

    @Property(tries = 1000)
    void toPositiveIsKafkas(@ForAll int n) {
        assertThat(Murmur2.toPositive(n)).isEqualTo(Utils.toPositive(n)).isNotNegative();
    }

    @Test
    void everyTailLengthAndTheEmptyKey() {
        byte[] bytes = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
        for (int len = 0; len <= bytes.length; len++) {
            byte[] key = java.util.Arrays.copyOf(bytes, len);
            assertThat(Murmur2.hash(key)).as("length %d", len).isEqualTo(Utils.murmur2(key));
        }
        byte[] high = {(byte) 0xFF, (byte) 0x80, (byte) 0x7F};
        assertThat(Murmur2.hash(high)).isEqualTo(Utils.murmur2(high));
    }

    // ------------------------------------------------------------------ explicit partitions

    @Test
    void explicitPartitionWinsOverTheKey() {
        Partitioner p = new Partitioner(n -> 0);
        assertThat(p.partition("t", OptionalInt.of(2), "k".getBytes(), 3, List.of(0, 1, 2))).isEqualTo(2);
        assertThatThrownBy(() -> p.partition("t", OptionalInt.of(3), null, 3, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid partition 3 for topic t: it has partitions 0 to 2");
    }

    @Test
    void sameKeySamePartition() {
        Partitioner p = new Partitioner(new Random(1)::nextInt);
        byte[] key = "customer-42".getBytes(StandardCharsets.UTF_8);
        int first = p.partition("t", OptionalInt.empty(), key, 12, List.of());
        for (int i = 0; i < 100; i++) {
            assertThat(p.partition("t", OptionalInt.empty(), key.clone(), 12, List.of(0))).isEqualTo(first);
        }
    }

    // ------------------------------------------------------------------ sticky partitioning of null keys

    @Test
    void keylessRecordsStickUntilTheirBatchCompletes() {
        Partitioner p = new Partitioner(new Random(7)::nextInt);
        List<Integer> available = List.of(0, 1, 2, 3);
        int first = p.partition("t", OptionalInt.empty(), null, 4, available);
        for (int i = 0; i < 50; i++) {
            assertThat(p.partition("t", OptionalInt.empty(), null, 4, available)).isEqualTo(first);
        }
        // Another partition's batch, or another topic's, changes nothing.
        p.batchCompleted(new TopicPartition("t", (first + 1) % 4));
        p.batchCompleted(new TopicPartition("u", first));
        assertThat(p.partition("t", OptionalInt.empty(), null, 4, available)).isEqualTo(first);

        p.batchCompleted(new TopicPartition("t", first));
        int second = p.partition("t", OptionalInt.empty(), null, 4, available);
        assertThat(second).isNotEqualTo(first).isIn(available);
        assertThat(p.partition("t", OptionalInt.empty(), null, 4, available)).isEqualTo(second);
    }

    @Test
    void stickyChoiceIsAmongAvailablePartitionsAndVisitsThemAll() {
        Partitioner p = new Partitioner(new Random(3)::nextInt);
        List<Integer> available = List.of(1, 4, 6);
        Set<Integer> seen = new HashSet<>();
        int previous = -1;
        for (int i = 0; i < 200; i++) {
            int now = p.partition("t", OptionalInt.empty(), null, 8, available);
            assertThat(now).isIn(available).isNotEqualTo(previous);
            seen.add(now);
            p.batchCompleted(new TopicPartition("t", now));
            previous = now;
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(available);
    }

    @Test
    void withOneAvailablePartitionItStaysThere() {
        Partitioner p = new Partitioner(new Random(5)::nextInt);
        for (int i = 0; i < 10; i++) {
            assertThat(p.partition("t", OptionalInt.empty(), null, 3, List.of(2))).isEqualTo(2);
            p.batchCompleted(new TopicPartition("t", 2));
        }
    }

    @Test
    void withNoLeaderKnownAnyPartitionServes() {
        Partitioner p = new Partitioner(new Random(9)::nextInt);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int now = p.partition("t", OptionalInt.empty(), null, 3, List.of());
            seen.add(now);
            p.batchCompleted(new TopicPartition("t", now));
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void aStickyPartitionBeyondAShrunkCountIsReplaced() {
        Partitioner p = new Partitioner(n -> n - 1);
        assertThat(p.partition("t", OptionalInt.empty(), null, 8, List.of())).isEqualTo(7);
        assertThat(p.partition("t", OptionalInt.empty(), null, 4, List.of())).isLessThan(4);
    }
}

package io.replog.client.internal.producer;

import io.replog.client.ProducerConfig;
import io.replog.client.RecordMetadata;
import io.replog.client.internal.producer.RecordAccumulator.AppendResult;
import io.replog.errors.NotLeaderException;
import io.replog.errors.TimeoutException;
import io.replog.record.Header;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.time.ManualClock;
import io.replog.topic.TopicPartition;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random interleavings of appends, drains, answers, retries, expiry and time: whatever happens,
 * memory accounting stays exact and within buffer.memory, no partition exceeds its in-flight
 * limit, every future completes, and with one batch in flight per partition the acknowledged
 * records of a partition hold offsets in the order they were sent, with the bytes the
 * "broker" received in that same order.
 */
class RecordAccumulatorPropertiesTest {
    private static final Header[] NO_HEADERS = new Header[0];

    @Property(tries = 300)
    void accountingOrderAndCompletionHold(@ForAll long seed, @ForAll @IntRange(min = 50, max = 400) int steps) {
        Random random = new Random(seed);
        ManualClock clock = new ManualClock();
        ProducerConfig config = ProducerConfig.builder().bootstrapServers("local://p").batchSize(200).lingerMs(5)
                .bufferMemory(1000).maxBlockMs(0).requestTimeoutMs(100).deliveryTimeoutMs(400).retryBackoffMs(3)
                .retries(3).maxInFlightRequestsPerConnection(5).build();
        RecordAccumulator acc = new RecordAccumulator(config, clock, tp -> { }, () -> { });
        List<TopicPartition> partitions = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1),
                new TopicPartition("t", 2));
        Map<TopicPartition, List<Sent>> sent = new HashMap<>();
        Map<TopicPartition, Long> logEnd = new HashMap<>();
        Map<TopicPartition, List<Integer>> received = new HashMap<>();
        List<ProducerBatch> inFlight = new ArrayList<>();
        int seq = 0;

        for (int step = 0; step < steps; step++) {
            int op = random.nextInt(100);
            if (op < 50) {
                TopicPartition tp = partitions.get(random.nextInt(partitions.size()));
                byte[] value = ByteBuffer.allocate(4 + random.nextInt(60)).putInt(0, seq).array();
                try {
                    AppendResult r = acc.append(tp, 0, null, value, NO_HEADERS, clock.nanos(), false);
                    if (r instanceof AppendResult.Appended a) {
                        sent.computeIfAbsent(tp, k -> new ArrayList<>()).add(new Sent(seq, a.future()));
                    }
                } catch (TimeoutException e) {
                    // max.block.ms is 0: a full buffer refuses the record at once.
                    assertThat(acc.bytesAvailable()).isLessThan(config.batchSize());
                }
                seq++;
            } else if (op < 65) {
                inFlight.addAll(acc.drain(acc.ready().partitions()));
            } else if (op < 85 && !inFlight.isEmpty()) {
                ProducerBatch b = inFlight.remove(random.nextInt(inFlight.size()));
                int outcome = random.nextInt(10);
                if (outcome < 7) {
                    long base = logEnd.getOrDefault(b.partition(), 0L);
                    logEnd.put(b.partition(), base + b.recordCount());
                    for (Record r : RecordBatch.wrap(b.records(), 0)) {
                        received.computeIfAbsent(b.partition(), k -> new ArrayList<>()).add(r.value().getInt(0));
                    }
                    acc.complete(b, base, -1);
                } else if (outcome < 9) {
                    acc.retryOrFail(b, new NotLeaderException("moved"));
                } else {
                    acc.fail(b, new NotLeaderException("gone"));
                }
            } else if (op < 95) {
                clock.advanceMillis(random.nextInt(20));
            } else {
                acc.expireBatches();
            }
            assertInvariants(acc, partitions, inFlight, config);
        }

        // Let everything finish: answer every batch until nothing is left.
        acc.close();
        while (acc.hasIncomplete()) {
            clock.advanceMillis(5);
            acc.expireBatches();
            inFlight.addAll(acc.drain(acc.ready().partitions()));
            for (ProducerBatch b : inFlight) {
                long base = logEnd.getOrDefault(b.partition(), 0L);
                logEnd.put(b.partition(), base + b.recordCount());
                for (Record r : RecordBatch.wrap(b.records(), 0)) {
                    received.computeIfAbsent(b.partition(), k -> new ArrayList<>()).add(r.value().getInt(0));
                }
                acc.complete(b, base, -1);
            }
            inFlight.clear();
            assertInvariants(acc, partitions, inFlight, config);
        }

        assertThat(acc.bytesHeld()).isZero();
        for (TopicPartition tp : partitions) {
            List<Sent> records = sent.getOrDefault(tp, List.of());
            long lastOffset = -1;
            int lastSeq = -1;
            List<Integer> acknowledged = new ArrayList<>();
            for (Sent s : records) {
                assertThat(s.future()).as("every future completes").isDone();
                if (!s.future().isCompletedExceptionally()) {
                    RecordMetadata m = s.future().join();
                    assertThat(m.offset()).as("offsets follow send order in %s", tp).isGreaterThan(lastOffset);
                    assertThat(s.seq()).isGreaterThan(lastSeq);
                    lastOffset = m.offset();
                    lastSeq = s.seq();
                    acknowledged.add(s.seq());
                }
            }
            assertThat(received.getOrDefault(tp, List.of())).as("what %s received, in order", tp)
                    .containsExactlyElementsOf(acknowledged);
        }
    }

    private static void assertInvariants(RecordAccumulator acc, List<TopicPartition> partitions,
                                         List<ProducerBatch> inFlight, ProducerConfig config) {
        long reserved = 0;
        for (ProducerBatch b : inFlight) {
            reserved += b.reservedBytes();
        }
        assertThat(acc.bytesHeld()).isBetween(reserved, config.bufferMemory());
        for (TopicPartition tp : partitions) {
            assertThat(acc.inFlight(tp)).isBetween(0, RecordAccumulator.MAX_IN_FLIGHT_PER_PARTITION);
            assertThat(acc.inFlight(tp)).isEqualTo((int) inFlight.stream().filter(b -> b.partition().equals(tp)).count());
        }
    }

    private record Sent(int seq, CompletableFuture<RecordMetadata> future) {
    }
}

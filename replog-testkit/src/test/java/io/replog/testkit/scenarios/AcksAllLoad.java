package io.replog.testkit.scenarios;

import io.replog.client.Consumer;
import io.replog.client.ConsumerRecord;
import io.replog.client.Producer;
import io.replog.client.ProducerRecord;
import io.replog.client.RecordMetadata;
import io.replog.client.Serdes;
import io.replog.testkit.ReplogCluster;
import io.replog.topic.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;

/**
 * acks=all load on a real cluster, and the check that nothing it was told is lost.
 *
 * <p>Each producer runs on a thread of its own ({@code replog-test-load-<name>-<n>}) and sends
 * values {@code <name>-<n>-<seq>} round-robin over the topic's partitions, paced with
 * {@link LockSupport#parkNanos} and with at most {@value #MAX_OUTSTANDING} sends outstanding, so a
 * stalled cluster holds the load back instead of piling it up. Every acknowledgement is kept as
 * an {@link Ack}; a send that fails in the end (the delivery timeout) is counted, not kept: it was
 * never promised.
 *
 * <p>{@link #readBackViolations} reads every partition from the beginning to its high watermark
 * with a consumer and returns what breaks the promises of {@code docs/guarantees.md} (invariant 1
 * and order): every acknowledged (partition, offset, value) is there; offsets a consumer sees are
 * unique and ascending; a producer's acknowledged records of one partition sit at ascending
 * offsets in send order; and in the log, taking the last copy of each value (at-least-once: a
 * batch whose answer was lost is written again), a producer's values follow its send order.
 */
final class AcksAllLoad implements AutoCloseable {
    static final int MAX_OUTSTANDING = 64;
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** One acknowledged record: where the cluster said it put it. */
    record Ack(TopicPartition tp, long offset, String value, int producer, long seq) {
    }

    private final String topic;
    private final int partitions;
    private final long pauseNanos;
    private final List<Producer<String, String>> producers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Semaphore[] outstanding;
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stopped;

    /**
     * Starts {@code producerCount} acks=all producers on {@code topic}, each sending a record every
     * {@code pause} (retries unbounded within {@code delivery.timeout.ms}).
     */
    AcksAllLoad(ReplogCluster cluster, String name, String topic, int partitions, int producerCount, Duration pause) {
        this.topic = topic;
        this.partitions = partitions;
        this.pauseNanos = pause.toNanos();
        this.outstanding = new Semaphore[producerCount];
        for (int n = 0; n < producerCount; n++) {
            producers.add(cluster.producer(Map.of("acks", "all", "linger.ms", "2", "retry.backoff.ms", "50",
                    "request.timeout.ms", "3000", "delivery.timeout.ms", "120000",
                    "client.id", "replog-test-" + name + "-" + n), Serdes.string(), Serdes.string()));
            outstanding[n] = new Semaphore(MAX_OUTSTANDING);
        }
        for (int n = 0; n < producerCount; n++) {
            int producer = n;
            Thread t = new Thread(() -> run(name, producer), "replog-test-load-" + name + "-" + n);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void run(String name, int n) {
        Producer<String, String> producer = producers.get(n);
        for (long seq = 0; !stopped; seq++) {
            try {
                if (!outstanding[n].tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    seq--;
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            int partition = (int) (seq % partitions);
            String value = name + "-" + n + "-" + seq;
            long s = seq;
            sent.incrementAndGet();
            try {
                producer.send(ProducerRecord.of(topic, partition, "p" + n, value)).whenComplete((m, e) -> {
                    outstanding[n].release();
                    if (e == null) {
                        acks.add(new Ack(new TopicPartition(topic, m.partition()), m.offset(), value, n, s));
                    } else {
                        failures.computeIfAbsent(rootName(e), k -> new AtomicLong()).incrementAndGet();
                    }
                });
            } catch (RuntimeException e) {
                outstanding[n].release();
                failures.computeIfAbsent(rootName(e), k -> new AtomicLong()).incrementAndGet();
            }
            LockSupport.parkNanos(pauseNanos);
        }
    }

    private static String rootName(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t != t.getCause()) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage()).replaceAll("\\d+", "N");
        return t.getClass().getSimpleName() + ": " + message.substring(0, Math.min(message.length(), 200));
    }

    /** How many records were acknowledged so far. */
    long acknowledged() {
        return acks.size();
    }

    /** How many sends failed for good, by the root exception's class. */
    Map<String, Long> failures() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Stops sending and waits (at most 2 minutes) until every send is answered one way or the other. */
    void stop() {
        stopped = true;
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while stopping the load", e);
            }
        }
        await("every send of the load on " + topic + " is answered (acknowledged or failed for good)")
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> acks.size() + failures().values().stream().mapToLong(Long::longValue).sum() == sent.get());
    }

    /** Every acknowledgement, in the order the answers came. */
    List<Ack> acks() {
        return List.copyOf(acks);
    }

    /**
     * Reads every partition of the topic from the beginning to its high watermark with a new
     * consumer and returns every broken promise, one line each (empty: none).
     */
    List<String> readBackViolations(ReplogCluster cluster) {
        List<String> violations = new ArrayList<>();
        Map<TopicPartition, List<ConsumerRecord<String, String>>> logs = readAll(cluster, topic, partitions);
        Map<TopicPartition, Map<Long, String>> byOffset = new HashMap<>();
        logs.forEach((tp, records) -> {
            Map<Long, String> m = new HashMap<>();
            long previous = -1;
            for (ConsumerRecord<String, String> r : records) {
                if (r.offset() <= previous) {
                    violations.add(tp + ": offset " + r.offset() + " read after offset " + previous
                            + " (offsets must be unique and ascending)");
                }
                previous = r.offset();
                m.put(r.offset(), r.value());
            }
            byOffset.put(tp, m);
        });
        // Invariant 1: every acknowledged record at its offset with its value.
        for (Ack a : acks) {
            String found = byOffset.getOrDefault(a.tp(), Map.of()).get(a.offset());
            if (!a.value().equals(found)) {
                violations.add("acknowledged " + a.value() + " at " + a.tp() + "@" + a.offset() + " is "
                        + (found == null ? "missing" : "replaced by " + found));
            }
        }
        // Order of acknowledgements: one producer's records of one partition, in send order, at ascending offsets.
        Map<String, TreeMap<Long, Ack>> bySender = new HashMap<>();
        for (Ack a : acks) {
            bySender.computeIfAbsent(a.tp() + "/" + a.producer(), k -> new TreeMap<>()).put(a.seq(), a);
        }
        bySender.forEach((key, sentInOrder) -> {
            Ack previous = null;
            for (Ack a : sentInOrder.values()) {
                if (previous != null && a.offset() <= previous.offset()) {
                    violations.add(key + ": " + a.value() + " acknowledged at offset " + a.offset() + ", not after "
                            + previous.value() + " at " + previous.offset() + " (send order lost)");
                }
                previous = a;
            }
        });
        // Order in the log: the last copy of each value follows its producer's send order.
        logs.forEach((tp, records) -> {
            Map<String, Long> lastCopy = new HashMap<>();
            for (ConsumerRecord<String, String> r : records) {
                lastCopy.put(r.value(), r.offset());
            }
            Map<String, TreeMap<Long, Long>> seqToOffset = new HashMap<>();
            lastCopy.forEach((value, offset) -> {
                int cut = value.lastIndexOf('-');
                seqToOffset.computeIfAbsent(value.substring(0, cut), k -> new TreeMap<>())
                        .put(Long.parseLong(value.substring(cut + 1)), offset);
            });
            seqToOffset.forEach((producer, order) -> {
                long previous = -1;
                for (Map.Entry<Long, Long> e : order.entrySet()) {
                    if (e.getValue() <= previous) {
                        violations.add(tp + ": " + producer + "-" + e.getKey() + " (last copy at offset "
                                + e.getValue() + ") comes before an earlier send at offset " + previous);
                    }
                    previous = e.getValue();
                }
            });
        });
        return violations;
    }

    /** Every record of every partition of {@code topic} below its high watermark, read with a new consumer. */
    static Map<TopicPartition, List<ConsumerRecord<String, String>>> readAll(ReplogCluster cluster, String topic,
                                                                             int partitions) {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> out = new TreeMap<>(
                (a, b) -> Integer.compare(a.partition(), b.partition()));
        try (Consumer<String, String> consumer = cluster.consumer(Map.of("client.id", "replog-test-read-back"),
                Serdes.string(), Serdes.string())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
                out.put(tps.get(p), new ArrayList<>());
            }
            consumer.assign(tps);
            consumer.seekToEnd(tps);
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (TopicPartition tp : tps) {
                ends.put(tp, consumer.position(tp)); // the high watermark
            }
            consumer.seekToBeginning(tps);
            await("a consumer reads " + topic + " up to the high watermarks " + ends).atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.get(r.topicPartition()).add(r);
                }
                return tps.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        out.replaceAll((tp, records) -> Collections.unmodifiableList(records));
        return out;
    }

    @Override
    public void close() {
        stopped = true;
        for (Producer<String, String> p : producers) {
            p.close(Duration.ofSeconds(5));
        }
    }
}

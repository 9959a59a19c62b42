package io.replog.sim;

import io.replog.protocol.Errors;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.record.RecordBatchBuilder;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated producer client: leaders found through metadata from any broker, retriable errors
 * retried until the delivery timeout. Its {@link Shape} says how many records go into one batch,
 * how many partitions into one request and how many requests may be in flight at once (one of
 * each by default; several, as a real producer sends, in the randomized runs). Each record's value
 * is unique ({@code <name>-<seq>}), so the checker can tell records apart; a batch's records are
 * acknowledged at its base offset plus their index.
 */
public final class SimProducer {
    /** How the producer groups what it sends. */
    public record Shape(int recordsPerBatch, int partitionsPerRequest, int maxInFlight) {
        public Shape {
            if (recordsPerBatch < 1 || partitionsPerRequest < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("every shape figure must be >= 1, was " + recordsPerBatch + " records "
                        + "per batch, " + partitionsPerRequest + " partitions per request, " + maxInFlight + " in flight");
            }
        }

        /** One record per request, one request at a time. */
        public static final Shape SINGLE = new Shape(1, 1, 1);
    }

    private final Simulation sim;
    private final String name;
    private final short acks;
    private final History history;
    private final Shape shape;
    private final Scheduler scheduler;
    private final Transport transport;
    private final Random random;
    /** Metadata requests go round the brokers from a random start, so one slow or cut-off broker costs one timeout, not many. */
    private int metadataCursor = -1;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Map<TopicPartition, Integer> leaders = new HashMap<>();
    private long seq;
    private long submitted;
    private long finished;
    private int inFlight;
    private boolean refreshingMetadata;
    private boolean stopped;
    private final long deliveryTimeoutMs = 30_000;
    private final int requestTimeoutMs = 5_000;

    private record Pending(TopicPartition tp, String value, long firstSentMs) {
    }

    public SimProducer(Simulation sim, String name, short acks, History history) {
        this(sim, name, acks, history, Shape.SINGLE);
    }

    public SimProducer(Simulation sim, String name, short acks, History history, Shape shape) {
        this.sim = sim;
        this.name = name;
        this.acks = acks;
        this.history = history;
        this.shape = shape;
        this.scheduler = sim.clientScheduler(name);
        this.transport = sim.network().transportForClient(name);
        this.random = sim.randomFor("producer-" + name);
    }

    /** Queues one record for {@code tp}; returns its value. */
    public String send(TopicPartition tp) {
        String value = name + "-" + (seq++);
        submitted++;
        scheduler.execute(() -> {
            queue.add(new Pending(tp, value, sim.nowMs()));
            pump();
        });
        return value;
    }

    public void stop() {
        stopped = true;
    }

    /** Whether every record sent so far has been acknowledged or given up on. */
    public boolean idle() {
        return finished == submitted;
    }

    private void pump() {
        while (!stopped && inFlight < shape.maxInFlight() && !queue.isEmpty()) {
            dropExpired();
            if (queue.isEmpty()) {
                return;
            }
            Integer leader = leaders.get(queue.peek().tp());
            if (leader == null) {
                refreshMetadata();
                return;
            }
            sendTo(leader, takeFor(leader));
        }
    }

    private void dropExpired() {
        long now = sim.nowMs();
        queue.removeIf(p -> {
            if (now - p.firstSentMs() > deliveryTimeoutMs) {
                finished++;
                history.failedSend();
                return true;
            }
            return false;
        });
    }

    /** Takes from the queue, in order, what one request to {@code leader} may carry. */
    private Map<TopicPartition, List<Pending>> takeFor(int leader) {
        Map<TopicPartition, List<Pending>> batch = new LinkedHashMap<>();
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!Integer.valueOf(leader).equals(leaders.get(p.tp()))) {
                continue;
            }
            List<Pending> records = batch.get(p.tp());
            if (records == null && batch.size() < shape.partitionsPerRequest()) {
                records = new ArrayList<>();
                batch.put(p.tp(), records);
            }
            if (records != null && records.size() < shape.recordsPerBatch()) {
                records.add(p);
                it.remove();
            }
        }
        return batch;
    }

    private void sendTo(int leader, Map<TopicPartition, List<Pending>> batch) {
        Map<TopicPartition, ByteBuffer> records = new LinkedHashMap<>();
        batch.forEach((tp, pending) -> {
            RecordBatchBuilder b = new RecordBatchBuilder(128);
            b.reset(0L, sim.nowMs());
            pending.forEach(p -> b.append(sim.nowMs(), (byte[]) null, p.value().getBytes(StandardCharsets.UTF_8)));
            records.put(tp, b.buildCopy());
        });
        ProduceRequest request = new ProduceRequest(acks, requestTimeoutMs, records);
        if (acks == ProduceRequest.ACKS_NONE) {
            transport.send(leader, request);
            batch.values().forEach(pending -> finished += pending.size());
            scheduler.schedule(1, this::pump);
            return;
        }
        inFlight++;
        transport.send(leader, request).whenCompleteAsync((r, e) -> {
            inFlight--;
            boolean retry = false;
            List<Pending> again = new ArrayList<>();
            for (Map.Entry<TopicPartition, List<Pending>> entry : batch.entrySet()) {
                TopicPartition tp = entry.getKey();
                ProduceResponse.PartitionResult result = e == null ? ((ProduceResponse) r).results().get(tp) : null;
                if (result != null && result.error() == Errors.NONE) {
                    List<Pending> pending = entry.getValue();
                    for (int i = 0; i < pending.size(); i++) {
                        finished++;
                        history.acked(new History.Ack(tp, result.baseOffset() + i, pending.get(i).value(), acks,
                                sim.nowMs()));
                    }
                } else if (result != null && !result.error().isRetriable()) {
                    finished += entry.getValue().size();
                    entry.getValue().forEach(p -> history.failedSend());
                } else {
                    retry = true;
                    leaders.remove(tp);
                    again.addAll(entry.getValue());
                }
            }
            for (int i = again.size() - 1; i >= 0; i--) {
                queue.addFirst(again.get(i));
            }
            if (retry) {
                scheduler.schedule(100, this::pump);
            } else {
                pump();
            }
        }, scheduler);
    }

    private void refreshMetadata() {
        if (refreshingMetadata) {
            return;
        }
        refreshingMetadata = true;
        int broker = nextMetadataBroker();
        transport.send(broker, MetadataRequest.allTopics()).whenCompleteAsync((r, e) -> {
            refreshingMetadata = false;
            if (e == null) {
                for (MetadataResponse.TopicMetadata t : ((MetadataResponse) r).topics()) {
                    for (MetadataResponse.PartitionMetadata pm : t.partitions()) {
                        if (pm.leader() >= 0) {
                            leaders.put(new TopicPartition(t.topic(), pm.partition()), pm.leader());
                        }
                    }
                }
            }
            scheduler.schedule(e == null ? 0 : 100, this::pump);
        }, scheduler);
    }

    private int nextMetadataBroker() {
        List<Integer> ids = sim.brokerIds();
        metadataCursor = metadataCursor < 0 ? random.nextInt(ids.size()) : (metadataCursor + 1) % ids.size();
        return ids.get(metadataCursor);
    }
}

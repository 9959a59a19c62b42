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

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated producer client: one record per request, one request in flight, leaders found
 * through metadata from any broker, retriable errors retried until the delivery timeout. Each
 * record's value is unique ({@code <name>-<seq>}), so the checker can tell records apart.
 */
public final class SimProducer {
    private final Simulation sim;
    private final String name;
    private final short acks;
    private final History history;
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
    private boolean inFlight;
    private boolean stopped;
    private final long deliveryTimeoutMs = 30_000;
    private final int requestTimeoutMs = 5_000;

    private record Pending(TopicPartition tp, String value, long firstSentMs) {
    }

    public SimProducer(Simulation sim, String name, short acks, History history) {
        this.sim = sim;
        this.name = name;
        this.acks = acks;
        this.history = history;
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
        if (inFlight || queue.isEmpty() || stopped) {
            return;
        }
        Pending p = queue.peek();
        if (sim.nowMs() - p.firstSentMs() > deliveryTimeoutMs) {
            queue.poll();
            finished++;
            history.failedSend();
            pump();
            return;
        }
        Integer leader = leaders.get(p.tp());
        inFlight = true;
        if (leader == null) {
            refreshMetadata();
            return;
        }
        RecordBatchBuilder b = new RecordBatchBuilder(128);
        b.reset(0L, sim.nowMs());
        b.append(sim.nowMs(), (byte[]) null, p.value().getBytes(StandardCharsets.UTF_8));
        ProduceRequest request = new ProduceRequest(acks, requestTimeoutMs, Map.of(p.tp(), b.buildCopy()));
        if (acks == ProduceRequest.ACKS_NONE) {
            transport.send(leader, request);
            queue.poll();
            finished++;
            inFlight = false;
            scheduler.schedule(1, this::pump);
            return;
        }
        transport.send(leader, request).whenCompleteAsync((r, e) -> {
            inFlight = false;
            ProduceResponse.PartitionResult result = e == null ? ((ProduceResponse) r).results().get(p.tp()) : null;
            if (result != null && result.error() == Errors.NONE) {
                queue.poll();
                finished++;
                history.acked(new History.Ack(p.tp(), result.baseOffset(), p.value(), acks, sim.nowMs()));
                pump();
            } else {
                if (result != null && !result.error().isRetriable()) {
                    queue.poll();
                    finished++;
                    history.failedSend();
                }
                leaders.remove(p.tp());
                scheduler.schedule(100, this::pump);
            }
        }, scheduler);
    }

    private void refreshMetadata() {
        int broker = nextMetadataBroker();
        transport.send(broker, MetadataRequest.allTopics()).whenCompleteAsync((r, e) -> {
            inFlight = false;
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

package io.replog.sim;

import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * A simulated consumer of one partition: long-poll fetches from the leader from offset 0,
 * recording every record it reads in the {@link History}.
 */
public final class SimConsumer {
    private final Simulation sim;
    private final TopicPartition tp;
    private final History history;
    private final Scheduler scheduler;
    private final Transport transport;
    private final Random random;
    /** Metadata requests go round the brokers from a random start, so one slow or cut-off broker costs one timeout, not many. */
    private int metadataCursor = -1;
    private long position;
    private int leader = -1;
    private boolean stopped;
    private long highestHighWatermarkSeen;

    public SimConsumer(Simulation sim, String name, TopicPartition tp, History history) {
        this.sim = sim;
        this.tp = tp;
        this.history = history;
        this.scheduler = sim.clientScheduler(name);
        this.transport = sim.network().transportForClient(name);
        this.random = sim.randomFor("consumer-" + name);
    }

    public SimConsumer start() {
        scheduler.execute(this::poll);
        return this;
    }

    public void stop() {
        stopped = true;
    }

    public long position() {
        return position;
    }

    private void poll() {
        if (stopped) {
            return;
        }
        if (leader < 0) {
            int broker = nextMetadataBroker();
            transport.send(broker, MetadataRequest.allTopics()).whenCompleteAsync((r, e) -> {
                if (e == null) {
                    for (MetadataResponse.TopicMetadata t : ((MetadataResponse) r).topics()) {
                        if (t.topic().equals(tp.topic())) {
                            t.partitions().stream().filter(p -> p.partition() == tp.partition()).findFirst()
                                    .ifPresent(p -> leader = p.leader());
                        }
                    }
                }
                scheduler.schedule(leader < 0 ? 100 : 0, this::poll);
            }, scheduler);
            return;
        }
        FetchRequest request = new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, 500, 1, 1 << 20,
                List.of(new FetchRequest.PartitionFetch(tp, -1, position, -1, 1 << 20)));
        transport.send(leader, request).whenCompleteAsync((r, e) -> {
            FetchResponse.PartitionData data = e == null ? ((FetchResponse) r).partitions().get(0) : null;
            if (data == null || data.error() != Errors.NONE) {
                leader = -1;
                scheduler.schedule(100, this::poll);
                return;
            }
            highestHighWatermarkSeen = Math.max(highestHighWatermarkSeen, data.highWatermark());
            ByteBuffer bytes = data.records().toByteBuffer();
            for (RecordBatch batch : RecordBatches.in(bytes)) {
                for (Record record : batch) {
                    if (record.offset() < position) {
                        continue;
                    }
                    if (record.offset() >= data.highWatermark()) {
                        history.violation("invariant 6: consumer of " + tp + " was sent offset " + record.offset()
                                + ", at or above the high watermark " + data.highWatermark());
                    }
                    ByteBuffer v = record.value();
                    byte[] value = new byte[v.remaining()];
                    v.get(value);
                    history.consumed(tp, record.offset(), new String(value, StandardCharsets.UTF_8));
                    position = record.offset() + 1;
                }
            }
            scheduler.execute(this::poll);
        }, scheduler);
    }

    private int nextMetadataBroker() {
        List<Integer> ids = sim.brokerIds();
        metadataCursor = metadataCursor < 0 ? random.nextInt(ids.size()) : (metadataCursor + 1) % ids.size();
        return ids.get(metadataCursor);
    }
}

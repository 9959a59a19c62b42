package io.replog.netty.fuzz;

import io.replog.config.LogConfig;
import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.log.LogAppendInfo;
import io.replog.log.LogSlice;
import io.replog.log.PartitionLog;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.ListOffsetsRequest;
import io.replog.protocol.ListOffsetsResponse;
import io.replog.protocol.MetadataRequest;
import io.replog.protocol.MetadataResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.time.Clock;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import io.replog.transport.RequestHandler;
import io.replog.transport.RequestSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-broker stand-in for the broker's serving side, until the running Broker exists: one
 * topic whose partitions are real {@link PartitionLog}s in a directory, led by broker 1 at epoch
 * 0 with no followers. Produce appends as leader (core's validation, offsets, CRC check; acks 0,
 * 1 and all alike), Fetch reads up to the log end (which is the high watermark here), ListOffsets
 * answers earliest and latest, Metadata names this broker and the topic. Anything else, or a
 * partition it does not have, is answered with an error, never thrown. Produce requests are
 * counted so the test can tell how many the fuzzing got through.
 */
final class LogBackedHandler implements RequestHandler, AutoCloseable {
    static final int BROKER_ID = 1;

    private final String topic;
    private final TopicId topicId;
    private final Map<TopicPartition, PartitionLog> logs = new HashMap<>();
    private final String listenerName;
    private volatile List<Endpoint> endpoints = List.of();
    final AtomicLong produceRequests = new AtomicLong();

    LogBackedHandler(Path dir, String topic, int partitions, String listenerName) {
        this.topic = topic;
        this.topicId = new TopicId(0x6675_7a7aL, 1L);
        this.listenerName = listenerName;
        LogConfig config = LogConfig.builder().segmentBytes(1 << 20).build();
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            logs.put(tp, PartitionLog.open(dir, tp, config, Clock.system()));
        }
    }

    @Override
    public CompletableFuture<Response> handle(RequestSource source, Request request) {
        Response response;
        if (request instanceof ProduceRequest r) {
            response = produce(r);
        } else if (request instanceof FetchRequest r) {
            response = fetch(r);
        } else if (request instanceof ListOffsetsRequest r) {
            response = listOffsets(r);
        } else if (request instanceof MetadataRequest r) {
            response = metadata(r);
        } else {
            throw new UnsupportedOperationException("the stand-in does not serve " + request.apiKey());
        }
        return CompletableFuture.completedFuture(response);
    }

    private ProduceResponse produce(ProduceRequest request) {
        produceRequests.incrementAndGet();
        Map<TopicPartition, ProduceResponse.PartitionResult> results = new HashMap<>();
        request.records().forEach((tp, records) -> {
            PartitionLog log = logs.get(tp);
            if (log == null) {
                results.put(tp, ProduceResponse.PartitionResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION, null));
                return;
            }
            // appendAsLeader stamps offsets in place; the records are a view of the request frame.
            ByteBuffer copy = ByteBuffer.allocate(records.remaining()).put(records.duplicate()).flip();
            try {
                LogAppendInfo info = log.appendAsLeader(copy, 0);
                results.put(tp, new ProduceResponse.PartitionResult(Errors.NONE, info.firstOffset(),
                        log.logStartOffset(), null));
            } catch (RuntimeException e) {
                results.put(tp, ProduceResponse.PartitionResult.error(Errors.forException(e), e.getMessage()));
            }
        });
        return new ProduceResponse(results);
    }

    private FetchResponse fetch(FetchRequest request) {
        List<FetchResponse.PartitionData> out = new ArrayList<>();
        for (FetchRequest.PartitionFetch f : request.partitions()) {
            PartitionLog log = logs.get(f.partition());
            if (log == null) {
                out.add(FetchResponse.PartitionData.error(f.partition(), Errors.UNKNOWN_TOPIC_OR_PARTITION));
                continue;
            }
            try {
                long end = log.logEndOffset();
                LogSlice slice = log.read(f.fetchOffset(), Math.max(0, f.partitionMaxBytes()), end, true);
                out.add(new FetchResponse.PartitionData(f.partition(), Errors.NONE, end, log.logStartOffset(), slice));
            } catch (RuntimeException e) {
                out.add(FetchResponse.PartitionData.error(f.partition(), Errors.forException(e)));
            }
        }
        return new FetchResponse(Errors.NONE, out);
    }

    private ListOffsetsResponse listOffsets(ListOffsetsRequest request) {
        Map<TopicPartition, ListOffsetsResponse.PartitionOffset> out = new HashMap<>();
        request.timestamps().forEach((tp, ts) -> {
            PartitionLog log = logs.get(tp);
            if (log == null) {
                out.put(tp, new ListOffsetsResponse.PartitionOffset(Errors.UNKNOWN_TOPIC_OR_PARTITION, -1L, -1));
            } else if (ts == ListOffsetsRequest.EARLIEST) {
                out.put(tp, new ListOffsetsResponse.PartitionOffset(Errors.NONE, log.logStartOffset(), 0));
            } else {
                // Latest, and (no time index here) any timestamp: the log end.
                out.put(tp, new ListOffsetsResponse.PartitionOffset(Errors.NONE, log.logEndOffset(), 0));
            }
        });
        return new ListOffsetsResponse(out);
    }

    private MetadataResponse metadata(MetadataRequest request) {
        List<MetadataResponse.TopicMetadata> topics = new ArrayList<>();
        List<String> wanted = request.topics() == null ? List.of(topic) : request.topics();
        for (String name : wanted) {
            if (!name.equals(topic)) {
                topics.add(new MetadataResponse.TopicMetadata(name, TopicId.ZERO, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                        List.of()));
                continue;
            }
            List<MetadataResponse.PartitionMetadata> partitions = new ArrayList<>();
            for (int p = 0; p < logs.size(); p++) {
                partitions.add(new MetadataResponse.PartitionMetadata(p, Errors.NONE, BROKER_ID, 0,
                        List.of(BROKER_ID), List.of(BROKER_ID), List.of()));
            }
            topics.add(new MetadataResponse.TopicMetadata(topic, topicId, Errors.NONE, partitions));
        }
        return new MetadataResponse(List.of(new BrokerRegistration(BROKER_ID, null, endpoints, 0L)), BROKER_ID, topics);
    }

    /** The address Metadata reports for this broker (known only once the listener is bound). */
    void advertise(String host, int port) {
        endpoints = List.of(new Endpoint(listenerName, host, port));
    }

    long logEndOffset(int partition) {
        return logs.get(new TopicPartition(topic, partition)).logEndOffset();
    }

    @Override
    public void close() {
        logs.values().forEach(PartitionLog::close);
    }
}

package io.replog.sim.scenario;

import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.record.RecordBatchBuilder;
import io.replog.internal.replica.Partition;
import io.replog.sim.History;
import io.replog.sim.InvariantChecker;
import io.replog.sim.SimCluster;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Small helpers the seed scenarios share: raw produce requests, log contents, tickers. */
final class Scenarios {
    /** The seed's rack layout: brokers 0, 1, 2 on rack R1 and 3, 4, 5 on rack R2. */
    static final Map<Integer, String> TWO_RACKS = Map.of(0, "R1", 1, "R1", 2, "R1", 3, "R2", 4, "R2", 5, "R2");

    private Scenarios() {
    }

    /** The transport of client {@code name} (the simulated network keeps one connection per client and broker). */
    static Transport client(Simulation sim, String name) {
        return sim.network().transportForClient(name);
    }

    /**
     * Sends one record straight to broker {@code broker} in one ProduceRequest, with no retry,
     * so the test sees the broker's exact answer. The future completes with the partition's
     * result (acks=0: with {@code null} once the request is on the wire) or fails with the
     * network's error.
     */
    static CompletableFuture<ProduceResponse.PartitionResult> send(Simulation sim, String clientName, int broker,
                                                                   TopicPartition tp, short acks, String value,
                                                                   int timeoutMs) {
        RecordBatchBuilder b = new RecordBatchBuilder(128);
        b.reset(0L, sim.nowMs());
        b.append(sim.nowMs(), (byte[]) null, value.getBytes(StandardCharsets.UTF_8));
        ProduceRequest request = new ProduceRequest(acks, timeoutMs, Map.of(tp, b.buildCopy()));
        return client(sim, clientName).send(broker, request)
                .thenApply(r -> r == null ? null : ((ProduceResponse) r).results().get(tp));
    }

    /** {@link #send}, then runs the simulation until the answer is in (at most {@code maxMs}). */
    static ProduceResponse.PartitionResult produce(Simulation sim, String clientName, int broker, TopicPartition tp,
                                                  short acks, String value, int timeoutMs, long maxMs) {
        return sim.await(send(sim, clientName, broker, tp, acks, value, timeoutMs), maxMs);
    }

    /** Records a successful direct write in the history, so the invariant checker holds it to its acks. */
    static void remember(History history, Simulation sim, TopicPartition tp, ProduceResponse.PartitionResult result,
                         short acks, String value) {
        history.acked(new History.Ack(tp, result.baseOffset(), value, acks, sim.nowMs()));
    }

    /** Every record in {@code replica}'s log, up to its log end (committed or not), offset to value. */
    static Map<Long, String> records(Partition replica) {
        return records(replica, replica.logEndOffset());
    }

    /** Every record of {@code replica}'s log below {@code limit}, offset to value. */
    static Map<Long, String> records(Partition replica, long limit) {
        return InvariantChecker.records(replica, limit);
    }

    /** The replica of {@code tp} on broker {@code id}, which must be running and hold one. */
    static Partition replica(SimCluster cluster, int id, TopicPartition tp) {
        return cluster.replica(id, tp).orElseThrow(() -> new AssertionError("broker " + id + " holds no replica of " + tp));
    }

    /** The leader's replica of {@code tp}, as the coordinator names the leader. */
    static Partition leaderReplica(SimCluster cluster, TopicPartition tp) {
        return replica(cluster, cluster.leader(tp), tp);
    }

    /** Runs {@code action} every {@code periodMs} of simulated time, first after one period, until {@code stop} holds. */
    static void every(Simulation sim, long periodMs, String what, BooleanSupplier stop, Runnable action) {
        sim.after(periodMs, what, () -> {
            if (!stop.getAsBoolean()) {
                action.run();
                every(sim, periodMs, what, stop, action);
            }
        });
    }
}

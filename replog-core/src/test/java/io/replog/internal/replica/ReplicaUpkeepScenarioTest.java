package io.replog.internal.replica;

import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.Errors;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.protocol.Response;
import io.replog.record.RecordBatchBuilder;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.SimFailureReporter;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The replica manager's housekeeping: timers, waiting produces and topic configs, in a running cluster. */
class ReplicaUpkeepScenarioTest {
    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    private static ByteBuffer batch(Simulation sim, String value) {
        RecordBatchBuilder b = new RecordBatchBuilder(128);
        b.reset(0L, sim.nowMs());
        b.append(sim.nowMs(), (byte[]) null, value.getBytes(StandardCharsets.UTF_8));
        return b.buildCopy();
    }

    @Test
    void periodicTasksHoldOneTimerEachHoweverLongTheyRun() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(5).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start()) {
            ReplicaManager replicas = cluster.broker(0).orElseThrow().replicas();
            int atStart = replicas.timerCount();
            sim.runFor(120_000);
            assertThat(replicas.timerCount()).isEqualTo(atStart).isEqualTo(3);
        }
    }

    @Test
    void aMultiPartitionAcksAllProduceLeavesTheListOfEachPartitionDecided() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(6).withBrokers(4)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withRebalanceIntervalMs(0))
                .start()) {
            TopicPartition fast = new TopicPartition("mixed", 0);
            TopicPartition slow = new TopicPartition("mixed", 1);
            assertThat(cluster.createTopic(new CreateTopicsRequest.NewTopicSpec("mixed", -1, (short) -1,
                    Map.of(0, List.of(0, 1, 2), 1, List.of(0, 3, 1)), Map.of())).error()).isEqualTo(Errors.NONE);
            cluster.awaitIsr(fast, 3, 20_000);
            cluster.awaitIsr(slow, 3, 20_000);
            cluster.slowFollower(3, 700); // partition 1's follower on broker 3 lags
            CompletableFuture<Response> answer = sim.network().transportForClient("multi").send(0,
                    new ProduceRequest(ProduceRequest.ACKS_ALL, 30_000, Map.of(fast, batch(sim, "f"), slow,
                            batch(sim, "s"))));
            ReplicaManager leader = cluster.broker(0).orElseThrow().replicas();
            sim.awaitOrFail("broker 0's high watermark of " + fast + " reaches 1",
                    () -> cluster.replica(0, fast).orElseThrow().highWatermark() == 1, 2_000);
            sim.runFor(50);
            assertThat(answer).isNotDone();
            assertThat(leader.waitingProduceCount(fast)).as("partition 0 is decided").isZero();
            assertThat(leader.waitingProduceCount(slow)).isEqualTo(1);
            ProduceResponse response = (ProduceResponse) sim.await(answer, 20_000);
            assertThat(response.results().values()).allMatch(r -> r.error() == Errors.NONE);
            assertThat(leader.waitingProduceCount(slow)).isZero();
        }
    }

    @Test
    void changedSegmentAndRetentionConfigsReachTheOpenLogs() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(7).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start()) {
            TopicPartition tp = new TopicPartition("tuned", 0);
            cluster.createTopicOrFail(tp.topic(), 1, 3, Map.of());
            cluster.awaitIsr(tp, 3, 20_000);
            sim.zooKeeper().alterTopicConfig(tp.topic(), Map.of("segment.bytes", "1024", "retention.bytes", "2048"));
            sim.awaitOrFail("every running replica of " + tp + " uses 1024-byte segments",
                    () -> cluster.running().keySet().stream().allMatch(b -> cluster.replica(b, tp)
                    .map(p -> p.log().config().segmentBytes() == 1024).orElse(false)), 10_000);
            int leader = cluster.leader(tp);
            for (int i = 0; i < 60; i++) {
                sim.network().transportForClient("writer").send(leader, new ProduceRequest(ProduceRequest.ACKS_LEADER,
                        5_000, Map.of(tp, batch(sim, "record-" + i + "-" + "x".repeat(100)))));
                sim.runFor(5);
            }
            Partition replica = cluster.replica(leader, tp).orElseThrow();
            assertThat(replica.log().segmentCount()).as("rolled at the new segment.bytes").isGreaterThan(3);
            sim.runFor(310_000); // one retention check
            assertThat(replica.logStartOffset()).as("retention.bytes applied").isPositive();
            assertThat(replica.log().sizeInBytes()).isLessThanOrEqualTo(2048 + 1024);
        }
    }

    @Test
    void aProcessThatOpenedNothingAfterACrashClaimsNoCleanShutdownAndKeepsTheCheckpointedHighWatermarks()
            throws java.io.IOException {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(8).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withRebalanceIntervalMs(0))
                .start()) {
            TopicPartition tp = new TopicPartition("kept", 0);
            cluster.createTopicOrFail(tp.topic(), 1, 3, Map.of());
            cluster.awaitIsr(tp, 3, 20_000);
            int leader = cluster.leader(tp);
            for (int i = 0; i < 5; i++) {
                sim.network().transportForClient("writer").send(leader, new ProduceRequest(ProduceRequest.ACKS_ALL,
                        5_000, Map.of(tp, batch(sim, "r" + i))));
            }
            int victim = cluster.isr(tp).stream().filter(b -> b != leader && b != cluster.controllerId())
                    .findFirst().orElseThrow();
            sim.awaitOrFail("broker " + victim + "'s high watermark of " + tp + " reaches 5",
                    () -> cluster.replica(victim, tp).orElseThrow().highWatermark() == 5, 10_000);
            sim.runFor(6_000); // a checkpoint interval
            cluster.kill(victim);
            cluster.restart(victim); // its old session still holds the id: it opens nothing
            sim.runFor(500);
            assertThat(cluster.replica(victim, tp)).isEmpty();
            cluster.stop(victim);

            java.nio.file.Path file = cluster.baseDir().resolve("broker-" + victim)
                    .resolve(HighWatermarkCheckpoints.FILE_NAME);
            assertThat(HighWatermarkCheckpoints.parse(java.nio.file.Files.readAllLines(file))).containsEntry(tp, 5L);
            assertThat(cluster.baseDir().resolve("broker-" + victim).resolve(CleanShutdownFile.FILE_NAME))
                    .as("its logs were never flushed since the crash").doesNotExist();
            long before = sim.zooKeeper().liveBrokers().containsKey(victim)
                    ? sim.zooKeeper().liveBrokers().get(victim).brokerEpoch() : -1;
            cluster.restart(victim);
            sim.awaitOrFail("broker " + victim + " re-registers with a new broker epoch",
                    () -> sim.zooKeeper().liveBrokers().containsKey(victim)
                    && sim.zooKeeper().liveBrokers().get(victim).brokerEpoch() != before, 20_000);
            assertThat(sim.zooKeeper().liveBrokers().get(victim).uncleanShutdown()).isTrue();
        }
    }
}

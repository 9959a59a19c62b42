package io.replog.sim.scenario;

import io.replog.protocol.Errors;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse.PartitionResult;
import io.replog.internal.replica.Partition;
import io.replog.sim.History;
import io.replog.sim.InvariantChecker;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.SimConsumer;
import io.replog.sim.SimFailureReporter;
import io.replog.sim.SimProducer;
import io.replog.sim.SimReplay;
import io.replog.sim.Simulation;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed scenarios 4, 5 and 6: what acks, min.insync.replicas and the high watermark promise. */
class AcksScenarioTest {
    private static final long LAG_MS = 10_000; // replica.lag.time.max.ms, the default

    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    /**
     * Scenario 4. With the followers cut off from the leader (clients still reach it), an
     * acks=1 write is acknowledged from the leader's log alone and an acks=0 write gets no
     * answer at all; the leader dies before anyone replicated them, the first live ISR member
     * takes over without them: both are lost, the documented trade-off. An acks=0 write sent
     * while the followers kept up survives. acks=all writes are only acknowledged once the ISR
     * has them, so every one acknowledged is still there, and the one pending when the leader
     * died is acknowledged by the new leader after the producer's retry.
     */
    @Test
    void unreplicatedAcksOneAndAcksZeroWritesDieWithTheLeaderWhileAcksAllWritesSurvive() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(4)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withMinInsyncReplicas(2))
                .start()) {
            TopicPartition tp = new TopicPartition("acks", 0);
            cluster.createTopicOrFail(tp.topic(), 1, 3, Map.of());
            cluster.awaitIsr(tp, 3, 20_000);
            List<Integer> replicas = sim.zooKeeper().topics().get(tp.topic()).replicas(tp);
            int leader = replicas.get(0);
            assertThat(cluster.leader(tp)).isEqualTo(leader);

            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(tp), 3).checkEvery(250);
            SimConsumer consumer = new SimConsumer(sim, "consumer", tp, history).start();
            SimProducer acksAll = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            for (int i = 0; i < 20; i++) {
                acksAll.send(tp);
            }
            sim.awaitOrFail("acksAll has every record acknowledged or given up on", acksAll::idle, 10_000);
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(20);

            // acks=0 while the followers keep up: no answer, yet the record is replicated.
            assertThat(sim.await(Scenarios.send(sim, "fireandforget", leader, tp, ProduceRequest.ACKS_NONE,
                    "acks0-replicated", 5_000), 1_000)).as("acks=0 answer").isNull();
            Partition leaderReplica = Scenarios.replica(cluster, leader, tp);
            sim.awaitOrFail("the leader's high watermark reaches 21", () -> leaderReplica.highWatermark() == 21, 2_000);

            // Cut both followers off from the leader; the leader's ISR check would need 10 s to notice.
            int f1 = replicas.get(1);
            int f2 = replicas.get(2);
            sim.network().partition(leader, f1);
            sim.network().partition(leader, f2);
            PartitionResult acked = Scenarios.produce(sim, "writer", leader, tp, ProduceRequest.ACKS_LEADER,
                    "acks1-unreplicated", 5_000, 2_000);
            assertThat(acked.error()).isEqualTo(Errors.NONE);
            Scenarios.remember(history, sim, tp, acked, ProduceRequest.ACKS_LEADER, "acks1-unreplicated");
            long acks1Offset = acked.baseOffset();
            assertThat(sim.await(Scenarios.send(sim, "fireandforget", leader, tp, ProduceRequest.ACKS_NONE,
                    "acks0-unreplicated", 5_000), 1_000)).as("acks=0 answer").isNull();
            acksAll.send(tp); // producer-20: it cannot be committed now
            sim.runFor(500);
            assertThat(Scenarios.records(leaderReplica).values())
                    .contains("acks1-unreplicated", "acks0-unreplicated", "producer-20");
            assertThat(leaderReplica.highWatermark()).isEqualTo(acks1Offset);
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(20);
            for (int f : List.of(f1, f2)) {
                assertThat(Scenarios.replica(cluster, f, tp).logEndOffset()).isEqualTo(acks1Offset);
            }

            // The leader dies; the first live ISR member in assignment order takes over.
            int epochBefore = cluster.state(tp).orElseThrow().leaderEpoch();
            cluster.kill(leader);
            sim.network().heal(leader);
            sim.awaitOrFail("leader of " + tp + " moves to " + f1,
                    () -> cluster.leader(tp) == f1, 20_000, cluster.seen(tp));
            cluster.awaitLeader(tp, 5_000);
            assertThat(cluster.state(tp).orElseThrow().leaderEpoch()).isEqualTo(epochBefore + 1);
            Map<Long, String> onNewLeader = Scenarios.records(Scenarios.replica(cluster, f1, tp));
            assertThat(onNewLeader.values()).doesNotContain("acks1-unreplicated", "acks0-unreplicated")
                    .contains("acks0-replicated");

            // The pending acks=all write is retried and acknowledged by the new leader; every
            // acks=all acknowledgement names a record that is in the new leader's log.
            sim.awaitOrFail("acksAll has every record acknowledged or given up on", acksAll::idle, 30_000);
            assertThat(history.failedSends()).isZero();
            Map<Long, String> committed = Scenarios.records(Scenarios.replica(cluster, f1, tp),
                    Scenarios.replica(cluster, f1, tp).highWatermark());
            history.acked().get(tp).stream().filter(a -> a.acks() == ProduceRequest.ACKS_ALL)
                    .forEach(a -> assertThat(committed).containsEntry(a.offset(), a.value()));
            assertThat(committed.values()).contains("producer-20").doesNotContain("acks1-unreplicated");

            // The old leader returns as a follower and drops what only it had.
            cluster.restart(leader);
            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).isEmpty();
            assertThat(Scenarios.records(Scenarios.replica(cluster, leader, tp)).values())
                    .doesNotContain("acks1-unreplicated", "acks0-unreplicated");
            assertThat(history.consumed().get(tp).values()).doesNotContain("acks1-unreplicated", "acks0-unreplicated");
        }
    }

    /**
     * Scenario 5, before the append. Topic-level {@code min.insync.replicas=2}; both followers
     * crash and the controller shrinks the ISR to the leader alone. An acks=all write is then
     * refused with NOT_ENOUGH_REPLICAS and nothing is appended (the leader's log end does not
     * move), while an acks=1 write still succeeds. Once the followers are back, acks=all works.
     */
    @Test
    void acksAllIsRefusedWithoutAppendingWhileTheIsrIsBelowMinInsyncButAcksOneWorks() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(5)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start()) {
            TopicPartition tp = new TopicPartition("orders", 0);
            cluster.createTopicOrFail(tp.topic(), 1, 3, Map.of("min.insync.replicas", "2"));
            cluster.awaitIsr(tp, 3, 20_000);
            List<Integer> replicas = sim.zooKeeper().topics().get(tp.topic()).replicas(tp);
            int leader = replicas.get(0);

            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(tp), 3).checkEvery(250);
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            for (int i = 0; i < 10; i++) {
                producer.send(tp);
            }
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 10_000);

            cluster.kill(replicas.get(1));
            cluster.kill(replicas.get(2));
            sim.awaitOrFail("the ISR of " + tp + " shrinks to leader " + leader + " in the coordinator and on the leader",
                    () -> cluster.isr(tp).equals(List.of(leader))
                    && Scenarios.replica(cluster, leader, tp).isr().equals(List.of(leader)), 20_000, cluster.seen(tp));
            assertThat(cluster.leader(tp)).isEqualTo(leader);

            Partition leaderReplica = Scenarios.replica(cluster, leader, tp);
            long leo = leaderReplica.logEndOffset();
            PartitionResult refused = Scenarios.produce(sim, "writer", leader, tp, ProduceRequest.ACKS_ALL,
                    "refused", 5_000, 2_000);
            assertThat(refused.error()).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
            assertThat(refused.errorMessage()).contains("min.insync.replicas=2");
            assertThat(leaderReplica.logEndOffset()).as("nothing appended").isEqualTo(leo);
            assertThat(Scenarios.records(leaderReplica).values()).doesNotContain("refused");

            PartitionResult accepted = Scenarios.produce(sim, "writer", leader, tp, ProduceRequest.ACKS_LEADER,
                    "accepted", 5_000, 2_000);
            assertThat(accepted.error()).isEqualTo(Errors.NONE);
            assertThat(accepted.baseOffset()).isEqualTo(leo);
            assertThat(leaderReplica.logEndOffset()).isEqualTo(leo + 1);
            Scenarios.remember(history, sim, tp, accepted, ProduceRequest.ACKS_LEADER, "accepted");

            cluster.restart(replicas.get(1));
            cluster.restart(replicas.get(2));
            cluster.awaitIsr(tp, 3, 30_000);
            for (int i = 0; i < 10; i++) {
                producer.send(tp);
            }
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 10_000);
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(20);
            assertThat(history.failedSends()).isZero();
            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).isEmpty();
        }
    }

    /**
     * Scenario 5, after the append. min.insync.replicas=2; the followers are cut off from the
     * leader, so an acks=all write is appended but its high watermark cannot move. The leader
     * keeps waiting (no thread does) until its ISR check drops the followers after 10 s; the
     * ISR of one is below min.insync, so the write is answered NOT_ENOUGH_REPLICAS_AFTER_APPEND
     * (it is in the log: a retry may duplicate it). A further acks=all write is refused before
     * the append. Requests time out after 30 s here (Kafka's default request.timeout.ms), so
     * the client is still waiting when the answer comes.
     */
    @Test
    void isrShrinkingBelowMinInsyncAfterTheAppendAnswersNotEnoughReplicasAfterAppend() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(51)).withBrokers(3)
                .withRequestTimeoutMs(30_000)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withMinInsyncReplicas(2))
                .start()) {
            TopicPartition tp = new TopicPartition("orders", 0);
            cluster.createTopicOrFail(tp.topic(), 1, 3, Map.of());
            cluster.awaitIsr(tp, 3, 20_000);
            List<Integer> replicas = sim.zooKeeper().topics().get(tp.topic()).replicas(tp);
            int leader = replicas.get(0);

            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(tp), 3).checkEvery(250);
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            for (int i = 0; i < 10; i++) {
                producer.send(tp);
            }
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 10_000);
            Partition leaderReplica = Scenarios.replica(cluster, leader, tp);
            long offset = leaderReplica.logEndOffset();

            sim.network().partition(leader, replicas.get(1));
            sim.network().partition(leader, replicas.get(2));
            long t0 = sim.nowMs();
            CompletableFuture<PartitionResult> pending = Scenarios.send(sim, "writer", leader, tp,
                    ProduceRequest.ACKS_ALL, "appended-then-short", 30_000);
            sim.runFor(1_000);
            assertThat(pending).isNotDone();
            assertThat(leaderReplica.logEndOffset()).isEqualTo(offset + 1);
            assertThat(leaderReplica.highWatermark()).isEqualTo(offset);

            PartitionResult answer = sim.await(pending, 20_000);
            long answeredAfter = sim.nowMs() - t0;
            assertThat(answer.error()).isEqualTo(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
            assertThat(answeredAfter).as("answered after (ms)").isBetween(LAG_MS - 600, LAG_MS + LAG_MS / 2 + 100);
            assertThat(cluster.isr(tp)).containsExactly(leader);
            assertThat(Scenarios.records(leaderReplica)).containsEntry(offset, "appended-then-short");

            // With the ISR at one, the next acks=all write is refused before the append.
            PartitionResult refused = Scenarios.produce(sim, "writer", leader, tp, ProduceRequest.ACKS_ALL,
                    "refused", 30_000, 2_000);
            assertThat(refused.error()).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
            assertThat(leaderReplica.logEndOffset()).isEqualTo(offset + 1);

            sim.network().healLink(leader, replicas.get(1));
            sim.network().healLink(leader, replicas.get(2));
            checker.checkAfterHeal(60_000);
            assertThat(checker.violations()).isEmpty();
            for (int i = 0; i < 5; i++) {
                producer.send(tp);
            }
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 10_000);
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(15);
        }
    }

    /**
     * Scenario 6. The followers are cut off, so the high watermark stalls while the leader
     * appends acks=1 records past it. The consumer, long-polling the leader, gets nothing at or
     * above the high watermark (the SimConsumer reports such a record as an invariant 6
     * violation; this test also checks after every 50 ms). Once healed, the followers catch up,
     * the high watermark reaches the log end and the consumer reads everything.
     */
    @Test
    void consumerNeverReadsAboveTheHighWatermark() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(6)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start()) {
            TopicPartition tp = new TopicPartition("events", 0);
            cluster.createTopicOrFail(tp.topic(), 1, 3, Map.of());
            cluster.awaitIsr(tp, 3, 20_000);
            List<Integer> replicas = sim.zooKeeper().topics().get(tp.topic()).replicas(tp);
            int leader = replicas.get(0);
            Partition leaderReplica = Scenarios.replica(cluster, leader, tp);

            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(tp), 3).checkEvery(250);
            SimConsumer consumer = new SimConsumer(sim, "consumer", tp, history).start();
            List<String> aboveHighWatermark = new ArrayList<>();
            Scenarios.every(sim, 50, "probe consumer", () -> false, () -> {
                if (consumer.position() > leaderReplica.highWatermark()) {
                    aboveHighWatermark.add("t=" + sim.nowMs() + ": position " + consumer.position() + " > HW "
                            + leaderReplica.highWatermark());
                }
            });
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_LEADER, history);
            for (int i = 0; i < 10; i++) {
                producer.send(tp);
            }
            sim.awaitOrFail("consumer reaches offset 10",
                    () -> consumer.position() == 10, 10_000, () -> "position " + consumer.position());

            sim.network().partition(leader, replicas.get(1));
            sim.network().partition(leader, replicas.get(2));
            for (int i = 0; i < 10; i++) {
                producer.send(tp);
            }
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 5_000);
            sim.runFor(3_000);
            assertThat(leaderReplica.logEndOffset()).isEqualTo(20);
            assertThat(leaderReplica.highWatermark()).isEqualTo(10);
            assertThat(consumer.position()).isEqualTo(10);
            assertThat(history.consumed().get(tp).keySet()).allMatch(o -> o < 10);

            sim.network().healLink(leader, replicas.get(1));
            sim.network().healLink(leader, replicas.get(2));
            sim.awaitOrFail("consumer reaches offset 20",
                    () -> consumer.position() == 20, 10_000, () -> "position " + consumer.position());
            assertThat(leaderReplica.highWatermark()).isEqualTo(20);
            assertThat(history.consumed().get(tp)).isEqualTo(Scenarios.records(leaderReplica));

            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).isEmpty();
            assertThat(aboveHighWatermark).isEmpty();
        }
    }
}

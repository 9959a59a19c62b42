package io.replog.sim.scenario;

import io.replog.protocol.Errors;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.ProduceResponse;
import io.replog.internal.replica.Partition;
import io.replog.sim.ClusterEvents;
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

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed scenarios 2 and 3: followers leave the ISR (congestion, crash) and come back. */
class IsrScenarioTest {
    private static final long LAG_MS = 10_000; // replica.lag.time.max.ms, the default

    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    /**
     * Scenario 2. A follower whose links are congested (every message to or from it 2.5 s late,
     * so the answer to a fetch it sends never arrives within the 3 s request timeout) stops
     * catching up while other clients keep writing. The leader
     * keeps it in the ISR for {@code replica.lag.time.max.ms} = 10 s after it last caught up,
     * then drops it (the ISR check runs every 5 s). acks=all writes with min.insync=2 stall while
     * it still counts, then keep succeeding on the ISR of two. Once healed it catches up and is
     * added back.
     */
    @Test
    void congestedFollowerLeavesTheIsrAfterTheLagTimeAndReturnsOnceHealed() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(2)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withMinInsyncReplicas(2))
                .start()) {
            TopicPartition tp = new TopicPartition("payments", 0);
            cluster.createTopicOrFail(tp.topic(), 1, 3, Map.of());
            cluster.awaitIsr(tp, 3, 20_000);
            int leader = cluster.leader(tp);
            int slow = followerOtherThanController(cluster, tp);

            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(tp), 3).checkEvery(250);
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            SimProducer traffic = new SimProducer(sim, "traffic", ProduceRequest.ACKS_LEADER, history);
            SimConsumer consumer = new SimConsumer(sim, "consumer", tp, history).start();
            for (int i = 0; i < 20; i++) {
                producer.send(tp);
                traffic.send(tp);
            }
            sim.awaitOrFail("producer and traffic have every record acknowledged or given up on",
                    () -> producer.idle() && traffic.idle(), 10_000);

            // Congestion starts. Other clients keep writing (acks=1, every 50 ms), so the leader's
            // log moves on; the acks=all producer sends a record every 100 ms.
            long t0 = sim.nowMs();
            cluster.slowFollower(slow, 2_500);
            boolean[] stop = {false};
            Scenarios.every(sim, 100, "produce", () -> stop[0], () -> producer.send(tp));
            Scenarios.every(sim, 50, "traffic", () -> stop[0], () -> traffic.send(tp));
            boolean[] inIsrAfter9s = {false};
            sim.at(t0 + 9_000, "probe ISR", () -> inIsrAfter9s[0] = cluster.isr(tp).contains(slow));

            sim.awaitOrFail("broker " + slow + " leaves the ISR of " + tp,
                    () -> !cluster.isr(tp).contains(slow), 20_000, cluster.seen(tp));
            long outAfter = sim.nowMs() - t0;
            assertThat(inIsrAfter9s[0]).as("still in the ISR 9 s into the congestion").isTrue();
            // It last caught up at most one fetch round (~0.5 s) before the congestion began; it is
            // dropped at the first ISR check (every lag/2 = 5 s) after 10 s without catching up.
            assertThat(outAfter).as("left the ISR after (ms)").isBetween(LAG_MS - 600, LAG_MS + LAG_MS / 2 + 100);
            assertThat(cluster.leader(tp)).isEqualTo(leader);
            assertThat(cluster.isr(tp)).hasSize(2);
            assertThat(Scenarios.replica(cluster, slow, tp).logEndOffset())
                    .isLessThan(Scenarios.leaderReplica(cluster, tp).logEndOffset());

            // acks=all keeps succeeding on the ISR of two (= min.insync.replicas).
            long acksWhenDropped = history.ackCount(ProduceRequest.ACKS_ALL);
            sim.runFor(3_000);
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isGreaterThan(acksWhenDropped + 20);
            assertThat(cluster.isr(tp)).doesNotContain(slow);

            // Healed, it catches up and returns to the ISR.
            cluster.heal(slow);
            sim.awaitOrFail("broker " + slow + " (re-)enters the ISR of " + tp,
                    () -> cluster.isr(tp).contains(slow), 10_000, cluster.seen(tp));
            stop[0] = true;
            sim.awaitOrFail("producer and traffic have every record acknowledged or given up on",
                    () -> producer.idle() && traffic.idle(), 30_000);
            assertThat(history.failedSends()).isZero();

            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).isEmpty();
            long hw = Scenarios.leaderReplica(cluster, tp).highWatermark();
            sim.awaitOrFail("consumer reaches offset " + hw,
                    () -> consumer.position() == hw, 10_000, () -> "position " + consumer.position());
        }
    }

    /**
     * Scenario 3, plain. A follower crashes while writes go on: when its session expires the
     * controller removes it from the ISR (before the leader's own 10 s lag check would), the
     * leader stays. It restarts on its old data and, asking the leader where its epoch ended,
     * finds nothing diverged: it truncates nothing, so certainly nothing it had committed. It
     * catches up and re-enters the ISR.
     */
    @Test
    void crashedFollowerLeavesTheIsrKeepsItsCommittedDataAndReturns() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(3)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withMinInsyncReplicas(2)).start()) {
            TopicPartition tp = new TopicPartition("ledger", 0);
            ClusterEvents events = ClusterEvents.record(cluster, List.of(tp));
            cluster.createTopicOrFail(tp.topic(), 1, 3, Map.of());
            cluster.awaitIsr(tp, 3, 20_000);
            int leader = cluster.leader(tp);
            int follower = followerOtherThanController(cluster, tp);

            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(tp), 3).checkEvery(250);
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            for (int i = 0; i < 30; i++) {
                producer.send(tp);
            }
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 10_000);
            sim.runFor(1_000);
            Partition before = Scenarios.replica(cluster, follower, tp);
            long committedOnFollower = before.highWatermark();
            Map<Long, String> followerRecords = Scenarios.records(before, committedOnFollower);
            assertThat(committedOnFollower).isEqualTo(30);

            long killedAt = sim.nowMs();
            cluster.kill(follower);
            boolean[] stop = {false};
            Scenarios.every(sim, 100, "produce", () -> stop[0], () -> producer.send(tp));

            // The controller drops the dead broker once its session times out (6 s).
            sim.awaitOrFail("broker " + follower + " leaves the ISR of " + tp,
                    () -> !cluster.isr(tp).contains(follower), 15_000, cluster.seen(tp));
            assertThat(sim.nowMs() - killedAt).isBetween(sim.config().sessionTimeoutMs(), LAG_MS - 1);
            assertThat(cluster.leader(tp)).isEqualTo(leader);
            assertThat(cluster.isr(tp)).hasSize(2);
            sim.runFor(2_000);

            cluster.restart(follower);
            sim.awaitOrFail("broker " + follower + " (re-)enters the ISR of " + tp,
                    () -> cluster.isr(tp).contains(follower), 20_000, cluster.seen(tp));
            stop[0] = true;
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 30_000);
            assertThat(history.failedSends()).isZero();

            // Truncation by leader epoch: the leader's log holds everything the follower had, so
            // nothing is cut (a blind truncation to its high watermark would have cut its tail).
            assertThat(events.truncations(follower, tp)).as("truncations on return").isEmpty();
            Partition after = Scenarios.replica(cluster, follower, tp);
            assertThat(Scenarios.records(after, committedOnFollower)).isEqualTo(followerRecords);

            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).isEmpty();
            assertThat(Scenarios.records(Scenarios.replica(cluster, follower, tp)))
                    .isEqualTo(Scenarios.records(Scenarios.leaderReplica(cluster, tp)));
        }
    }

    /**
     * Scenario 3, divergent. A follower holds an uncommitted tail (acks=1 records it fetched
     * while the third replica was cut off from the leader, so the high watermark could not move),
     * then it and the leader crash. The third replica, still in the ISR, becomes leader under a
     * new epoch without that tail. When the follower restarts it asks the new leader where its
     * own latest epoch ended and truncates exactly there (the new leader's epoch start), which
     * is not below what it had committed, then catches up and re-enters the ISR.
     */
    @Test
    void restartedFollowerTruncatesItsUncommittedTailByLeaderEpoch() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(31)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start()) {
            TopicPartition tp = new TopicPartition("ledger", 0);
            ClusterEvents events = ClusterEvents.record(cluster, List.of(tp));
            cluster.createTopicOrFail(tp.topic(), 1, 3, Map.of());
            cluster.awaitIsr(tp, 3, 20_000);
            List<Integer> replicas = sim.zooKeeper().topics().get(tp.topic()).replicas(tp);
            int leader = replicas.get(0);
            int follower = replicas.get(1);
            int third = replicas.get(2);
            assertThat(cluster.leader(tp)).isEqualTo(leader);

            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(tp), 3).checkEvery(250);
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            for (int i = 0; i < 10; i++) {
                producer.send(tp);
            }
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 10_000);
            long committed = Scenarios.leaderReplica(cluster, tp).highWatermark();
            assertThat(committed).isEqualTo(10);

            // The third replica is cut off from the leader; acks=1 writes reach the leader and the
            // follower only, so the high watermark stays put: the follower's tail is uncommitted.
            sim.network().partition(leader, third);
            for (int i = 0; i < 5; i++) {
                ProduceResponse.PartitionResult r = Scenarios.produce(sim, "writer", leader, tp,
                        ProduceRequest.ACKS_LEADER, "uncommitted-" + i, 5_000, 5_000);
                assertThat(r.error()).isEqualTo(Errors.NONE);
                Scenarios.remember(history, sim, tp, r, ProduceRequest.ACKS_LEADER, "uncommitted-" + i);
            }
            sim.awaitOrFail("broker " + follower + "'s log end of " + tp + " reaches " + (committed + 5),
                    () -> Scenarios.replica(cluster, follower, tp).logEndOffset() == committed + 5, 5_000);
            Partition tail = Scenarios.replica(cluster, follower, tp);
            assertThat(tail.highWatermark()).isEqualTo(committed);
            assertThat(Scenarios.leaderReplica(cluster, tp).highWatermark()).isEqualTo(committed);
            assertThat(cluster.isr(tp)).hasSize(3);

            // Follower and leader crash; the controller removes them and elects the third replica,
            // the only live ISR member, under a new leader epoch.
            int epochBefore = cluster.state(tp).orElseThrow().leaderEpoch();
            cluster.kill(follower);
            cluster.kill(leader);
            sim.network().healLink(leader, third);
            sim.awaitOrFail("leader of " + tp + " moves to " + third,
                    () -> cluster.leader(tp) == third, 20_000, cluster.seen(tp));
            assertThat(cluster.isr(tp)).containsExactly(third);
            cluster.awaitLeader(tp, 5_000);
            Partition newLeader = Scenarios.replica(cluster, third, tp);
            assertThat(newLeader.leaderEpoch()).isGreaterThan(epochBefore);
            long newEpochStart = newLeader.leaderEpochStartOffset();
            assertThat(newEpochStart).isEqualTo(committed);
            for (int i = 0; i < 3; i++) {
                producer.send(tp);
            }
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 10_000);

            // The follower returns: truncation by leader epoch cuts its tail at the new epoch's start.
            cluster.restart(follower);
            sim.awaitOrFail("broker " + follower + " (re-)enters the ISR of " + tp,
                    () -> cluster.isr(tp).contains(follower), 20_000, cluster.seen(tp));
            List<ClusterEvents.Truncated> cuts = events.truncations(follower, tp);
            assertThat(cuts).as("truncations of the returning follower").isNotEmpty();
            assertThat(cuts.get(0)).isEqualTo(new ClusterEvents.Truncated(follower, tp, committed + 5, newEpochStart));
            assertThat(cuts).allSatisfy(t -> assertThat(t.to()).isGreaterThanOrEqualTo(committed));
            Map<Long, String> onFollower = Scenarios.records(Scenarios.replica(cluster, follower, tp));
            assertThat(onFollower).isEqualTo(Scenarios.records(newLeader));
            assertThat(onFollower.values()).noneMatch(v -> v.startsWith("uncommitted-"));

            cluster.restart(leader);
            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).isEmpty();
            assertThat(events.truncations(leader, tp)).contains(new ClusterEvents.Truncated(leader, tp, committed + 5, newEpochStart));
        }
    }

    /** A follower of {@code tp} that is not the controller, so failing it moves no controllership. */
    static int followerOtherThanController(SimCluster cluster, TopicPartition tp) {
        List<Integer> replicas = cluster.sim().zooKeeper().topics().get(tp.topic()).replicas(tp);
        int leader = cluster.leader(tp);
        return replicas.stream().filter(r -> r != leader && r != cluster.controllerId()).reduce((a, b) -> b)
                .orElseThrow();
    }
}

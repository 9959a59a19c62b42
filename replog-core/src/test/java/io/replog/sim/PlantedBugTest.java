package io.replog.sim;

import io.replog.internal.fault.PlantedBug;
import io.replog.protocol.ProduceRequest;
import io.replog.internal.replica.Partition;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker can fail: each test runs one scenario twice, with correct brokers (no violation)
 * and with a known replication bug planted (the checker names the invariant it breaks). A
 * checker that passes a buggy system proves nothing.
 */
class PlantedBugTest {
    static final TopicPartition TP = new TopicPartition("ledger", 0);

    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    private SimCluster cluster(long seed, SimCluster.Spec spec) {
        Simulation sim = new Simulation(SimConfig.defaults().withSeed(seed).withBrokers(3));
        reporter.track(sim);
        SimCluster cluster = new SimCluster(sim, Map.of(), spec).start();
        cluster.createTopicOrFail(TP.topic(), 1, 3, Map.of());
        cluster.awaitIsr(TP, 3, 20_000);
        return cluster;
    }

    /**
     * A slow follower stays in the ISR (it lags less than replica.lag.time.max.ms) while acks=all
     * writes go on; then the leader and the fast follower die, and the slow one takes over.
     */
    private List<String> slowMemberTakesOver(PlantedBug... bugs) {
        try (SimCluster cluster = cluster(11, SimCluster.Spec.defaults().withMinInsyncReplicas(2)
                .withReplicaLagTimeMaxMs(30_000).withRebalanceIntervalMs(0).withPlantedBugs(bugs))) {
            Simulation sim = cluster.sim();
            int leader = cluster.leader(TP);
            int slow = (leader + 1) % 3;
            int fast = (leader + 2) % 3;
            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(TP), 3).checkEvery(100);
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            cluster.slowFollower(slow, 5_000);
            for (int i = 0; i < 20; i++) {
                producer.send(TP);
            }
            sim.runUntil(() -> history.ackCount(ProduceRequest.ACKS_ALL) >= 5, 20_000);
            cluster.kill(leader);
            cluster.kill(fast);
            cluster.heal(slow);
            sim.runUntil(() -> cluster.leader(TP) == slow, 60_000);
            sim.runFor(2_000);
            producer.stop();
            cluster.restart(leader);
            cluster.restart(fast);
            checker.checkAfterHeal(120_000);
            return checker.violations();
        }
    }

    @Test
    void highWatermarkPastALaggingIsrMemberLosesAcknowledgedWrites() {
        assertThat(slowMemberTakesOver()).as("correct brokers").isEmpty();
        assertThat(slowMemberTakesOver(PlantedBug.HIGH_WATERMARK_PAST_LAGGING_ISR_MEMBER))
                .as("the checker catches the planted bug")
                .anySatisfy(v -> assertThat(v).startsWith("invariant 1:"));
    }

    /**
     * A follower is told of a new leader epoch (a third broker died) just after acks=all writes
     * were committed, before its next fetch brought it the new high watermark (a follower's high
     * watermark trails the leader's by one fetch); then the leader dies.
     */
    private List<String> followerRestartsFollowingThenLeaderDies(PlantedBug... bugs) {
        try (SimCluster cluster = cluster(5, SimCluster.Spec.defaults().withMinInsyncReplicas(1)
                .withRebalanceIntervalMs(0).withPlantedBugs(bugs))) {
            Simulation sim = cluster.sim();
            int leader = cluster.leader(TP);
            int follower = (leader + 1) % 3;
            int third = (leader + 2) % 3;
            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(TP), 3).checkEvery(100);
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            for (int i = 0; i < 10; i++) {
                producer.send(TP);
            }
            sim.runUntil(producer::idle, 20_000);
            long committed = cluster.replica(leader, TP).map(Partition::highWatermark).orElseThrow();
            cluster.kill(third);
            cluster.expireSession(third); // the controller learns at once, before the follower's next fetch
            // The follower takes up the new epoch and truncates; a buggy one cuts below what is committed.
            // 300 ms: time for its epoch query to the leader, not for its next long-poll fetch to return.
            sim.runUntil(() -> cluster.replica(follower, TP).map(p -> p.logEndOffset() < committed).orElse(false),
                    300);
            cluster.isolate(follower);
            cluster.kill(leader);
            cluster.heal(follower);
            sim.runUntil(() -> cluster.leader(TP) == follower, 60_000);
            cluster.restart(leader);
            cluster.restart(third);
            checker.checkAfterHeal(120_000);
            return checker.violations();
        }
    }

    @Test
    void truncatingToTheHighWatermarkInsteadOfByEpochLosesCommittedWrites() {
        assertThat(followerRestartsFollowingThenLeaderDies()).as("correct brokers").isEmpty();
        assertThat(followerRestartsFollowingThenLeaderDies(PlantedBug.TRUNCATE_TO_HIGH_WATERMARK))
                .as("the checker catches the planted bug")
                .anySatisfy(v -> assertThat(v).matches("invariant [12]:.*"));
    }

    /** A follower drops out of the ISR; then the leader dies while another ISR member lives. */
    private List<String> leaderDiesWithAnOutOfSyncReplicaAround(PlantedBug... bugs) {
        try (SimCluster cluster = cluster(3, SimCluster.Spec.defaults().withMinInsyncReplicas(1)
                .withReplicaLagTimeMaxMs(2_000).withRebalanceIntervalMs(0).withPlantedBugs(bugs))) {
            Simulation sim = cluster.sim();
            int leader = cluster.leader(TP);
            int lagging = (leader + 1) % 3;
            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(TP), 3).checkEvery(100);
            SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
            cluster.isolate(lagging);
            sim.runUntil(() -> !cluster.isr(TP).contains(lagging), 30_000);
            for (int i = 0; i < 10; i++) {
                producer.send(TP);
            }
            sim.runUntil(producer::idle, 20_000);
            cluster.heal(lagging);
            cluster.slowFollower(lagging, 60_000); // alive, but never catching up
            cluster.kill(leader);
            sim.runUntil(() -> cluster.leader(TP) >= 0 && cluster.leader(TP) != leader, 30_000);
            sim.runFor(1_000);
            cluster.heal(lagging);
            cluster.restart(leader);
            checker.checkAfterHeal(120_000);
            return checker.violations();
        }
    }

    @Test
    void electingALeaderFromOutsideTheIsrIsCaught() {
        assertThat(leaderDiesWithAnOutOfSyncReplicaAround()).as("correct brokers").isEmpty();
        assertThat(leaderDiesWithAnOutOfSyncReplicaAround(PlantedBug.LEADER_FROM_OUTSIDE_ISR))
                .as("the checker catches the planted bug")
                .anySatisfy(v -> assertThat(v).startsWith("invariant 4:"));
    }
}

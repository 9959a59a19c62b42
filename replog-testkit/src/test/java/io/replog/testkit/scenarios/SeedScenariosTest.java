package io.replog.testkit.scenarios;

import io.replog.client.PartitionDescription;
import io.replog.client.ProducerRecord;
import io.replog.client.Serdes;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.testkit.ReplogCluster;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed scenarios of the simulation ({@code io.replog.sim.scenario}: {@code IsrScenarioTest},
 * {@code AcksScenarioTest}, {@code ControllerScenarioTest}) again on the real stack: an embedded
 * ZooKeeper, brokers talking Kafka's protocol over loopback TCP, logs on disk, replog's clients.
 * Each test carries the name of its simulated twin where there is one, and reads the same: a
 * fault, what the cluster must do about it, and, at the end, that no acknowledged acks=all record
 * is lost or reordered ({@link AcksAllLoad#readBackViolations}) and that the replicas hold the same
 * bytes below the high watermark ({@link ReplicaLogs#divergence}).
 *
 * <p>Three brokers on racks R1, R2, R1, {@code min.insync.replicas=2}, RF 3.
 */
class SeedScenariosTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration PAUSE = Duration.ofMillis(2);

    private static ReplogCluster.Builder threeBrokers() {
        return ReplogCluster.builder().racks("R1", "R2", "R1").brokerConfig("min.insync.replicas", 2);
    }

    /**
     * Scenario 2. A follower whose links are congested (every answer to and from it 2.5 s late)
     * stops catching up while acks=all writes go on; the leader drops it from the ISR after
     * {@code replica.lag.time.max.ms} (1.5 s here, to keep the test short), the leader stays, and
     * acks=all writes keep succeeding on an ISR of two (= min.insync.replicas). Healed, it catches
     * up and is added back.
     */
    @Test
    void congestedFollowerLeavesTheIsrAfterTheLagTimeAndReturnsOnceHealed() {
        try (ReplogCluster cluster = threeBrokers().brokerConfig("replica.lag.time.max.ms", 1_500).start()) {
            TopicPartition tp = new TopicPartition("payments", 0);
            cluster.createTopic(tp.topic(), 1, 3);
            int leader = cluster.awaitLeader(tp);
            int slow = followerOtherThanController(cluster, tp);
            try (AcksAllLoad load = new AcksAllLoad(cluster, "congestion", tp.topic(), 1, 2, PAUSE)) {
                awaitAcknowledged(load, 100);

                cluster.slowFollower(slow, 2_500);
                await("congested broker " + slow + " leaves the ISR of " + tp).atMost(WAIT)
                        .until(() -> isr(cluster, tp), isr -> !isr.contains(slow));
                assertThat(cluster.partitionState(tp)).as("the leader stays, the ISR is the other two")
                        .hasValueSatisfying(s -> {
                            assertThat(s.leader()).isEqualTo(leader);
                            assertThat(s.isr()).hasSize(2);
                        });
                long acknowledgedWhenDropped = load.acknowledged();
                awaitAcknowledged(load, acknowledgedWhenDropped + 200); // acks=all on an ISR of two
                assertThat(isr(cluster, tp)).doesNotContain(slow);

                cluster.heal(slow);
                awaitFullIsr(cluster, tp);
                stopAndAssertNothingLost(cluster, load, tp.topic(), 1);
            }
        }
    }

    /**
     * Scenario 3. A follower crashes while writes go on: the controller removes it from the ISR,
     * the leader stays. It restarts on its old files, keeps every committed record it had (the
     * same bytes), catches up and re-enters the ISR.
     */
    @Test
    void crashedFollowerLeavesTheIsrKeepsItsCommittedDataAndReturns() {
        try (ReplogCluster cluster = threeBrokers().start()) {
            TopicPartition tp = new TopicPartition("ledger", 0);
            cluster.createTopic(tp.topic(), 1, 3);
            int leader = cluster.awaitLeader(tp);
            int follower = followerOtherThanController(cluster, tp);
            try (AcksAllLoad load = new AcksAllLoad(cluster, "crash", tp.topic(), 1, 2, PAUSE)) {
                awaitAcknowledged(load, 200);
                long committed = highWatermark(cluster, tp);
                List<ReplicaLogs.Batch> committedOnLeader = ReplicaLogs.batchesBelow(cluster, leader, tp, committed);

                cluster.kill(follower);
                cluster.awaitIsr(tp, Set.of(leader, 3 - leader - follower));
                assertThat(cluster.awaitLeader(tp)).as("the leader stays").isEqualTo(leader);
                long acknowledgedWhenDropped = load.acknowledged();
                awaitAcknowledged(load, acknowledgedWhenDropped + 200);

                cluster.restart(follower);
                awaitFullIsr(cluster, tp);
                assertThat(ReplicaLogs.batchesBelow(cluster, follower, tp, committed))
                        .as("what broker %d had committed before its crash, byte for byte", follower)
                        .isEqualTo(committedOnLeader);
                stopAndAssertNothingLost(cluster, load, tp.topic(), 1);
            }
        }
    }

    /**
     * Scenarios 4 and 8. The leader of a partition dies under acks=all load from two producers
     * ({@code min.insync.replicas=2}): the controller elects the first replica, in assignment
     * order, that is live and in the ISR seen before the crash, under the next leader epoch.
     * Every acknowledged record is there, at its offset, in send order.
     */
    @Test
    void deadLeaderIsReplacedByTheFirstLiveIsrMemberInAssignmentOrder() {
        try (ReplogCluster cluster = threeBrokers().start()) {
            String topic = "invoice";
            cluster.createTopic(topic, 3, 3);
            int controller = cluster.awaitController();
            TopicPartition tp = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p))
                    .filter(p -> cluster.awaitLeader(p) != controller).findFirst().orElseThrow();
            try (AcksAllLoad load = new AcksAllLoad(cluster, "failover", topic, 3, 2, PAUSE)) {
                awaitAcknowledged(load, 300);
                LeaderAndIsr before = cluster.partitionState(tp).orElseThrow();
                List<Integer> assignment = replicas(cluster, tp);
                int leader = before.leader();
                int expected = assignment.stream().filter(r -> r != leader && before.isr().contains(r))
                        .findFirst().orElseThrow();

                cluster.kill(leader);
                await("leader of " + tp + " moves off killed broker " + leader).atMost(WAIT)
                        .until(() -> cluster.partitionState(tp).map(LeaderAndIsr::leader).orElse(-1),
                                l -> l != leader && l != LeaderAndIsr.NO_LEADER);
                LeaderAndIsr after = cluster.partitionState(tp).orElseThrow();
                assertThat(after.leader()).as("new leader of %s: first live ISR member of %s in assignment order %s",
                        tp, before.isr(), assignment).isEqualTo(expected);
                assertThat(after.leaderEpoch()).isEqualTo(before.leaderEpoch() + 1);
                assertThat(after.isr()).doesNotContain(leader);
                long acknowledgedAfterKill = load.acknowledged();
                awaitAcknowledged(load, acknowledgedAfterKill + 300);

                cluster.restart(leader);
                for (int p = 0; p < 3; p++) {
                    awaitFullIsr(cluster, new TopicPartition(topic, p));
                }
                stopAndAssertNothingLost(cluster, load, topic, 3);
            }
        }
    }

    /**
     * Scenario 7, crash. The controller dies; another broker becomes controller under a higher
     * controller epoch, moves the dead broker's leaderships, and the cluster serves acks=all
     * writes on every partition.
     */
    @Test
    void deadControllerIsReplacedUnderAHigherEpoch() {
        try (ReplogCluster cluster = threeBrokers().start()) {
            String topic = "audit";
            cluster.createTopic(topic, 3, 3);
            int old = cluster.awaitController();
            int epoch = cluster.controllerEpoch().orElseThrow();
            try (AcksAllLoad load = new AcksAllLoad(cluster, "controller", topic, 3, 2, PAUSE)) {
                awaitAcknowledged(load, 200);

                assertThat(cluster.killController()).isEqualTo(old);
                int elected = cluster.awaitController();
                assertThat(elected).isNotEqualTo(old);
                assertThat(cluster.controllerEpoch().orElseThrow()).as("the new controller's epoch")
                        .isGreaterThan(epoch);
                for (int p = 0; p < 3; p++) {
                    assertThat(cluster.awaitLeader(new TopicPartition(topic, p))).isNotEqualTo(old);
                }
                awaitAcknowledged(load, load.acknowledged() + 200);

                cluster.restart(old);
                for (int p = 0; p < 3; p++) {
                    awaitFullIsr(cluster, new TopicPartition(topic, p));
                }
                assertThat(cluster.awaitController()).as("the returning broker does not take the office back")
                        .isEqualTo(elected);
                stopAndAssertNothingLost(cluster, load, topic, 3);
            }
        }
    }

    /**
     * {@code SimCluster.expireSession} on a leader: its registration vanishes, the controller
     * moves its leadership to another ISR member under a higher leader epoch, and the broker,
     * learning of the expiry, registers again in a new session with a higher broker epoch and
     * rejoins the ISR. No acknowledged record is lost.
     */
    @Test
    void expiredSessionOfALeaderMovesLeadershipAndTheBrokerRejoinsWithAHigherBrokerEpoch() {
        try (ReplogCluster cluster = threeBrokers().start()) {
            String topic = "sessions";
            cluster.createTopic(topic, 3, 3);
            int controller = cluster.awaitController();
            TopicPartition tp = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p))
                    .filter(p -> cluster.awaitLeader(p) != controller).findFirst().orElseThrow();
            try (AcksAllLoad load = new AcksAllLoad(cluster, "expiry", topic, 3, 2, PAUSE)) {
                awaitAcknowledged(load, 200);
                LeaderAndIsr before = cluster.partitionState(tp).orElseThrow();
                int leader = before.leader();
                long brokerEpoch = cluster.brokerEpoch(leader);

                cluster.expireSession(leader);
                await("leader of " + tp + " moves off broker " + leader + " whose session expired").atMost(WAIT)
                        .until(() -> cluster.partitionState(tp).orElseThrow(),
                                s -> s.leader() != leader && s.leader() != LeaderAndIsr.NO_LEADER);
                assertThat(cluster.partitionState(tp).orElseThrow().leaderEpoch()).isGreaterThan(before.leaderEpoch());
                await("broker " + leader + " registers again in a new session").atMost(WAIT)
                        .until(() -> cluster.brokerEpoch(leader) > brokerEpoch);
                awaitFullIsr(cluster, tp);
                awaitAcknowledged(load, load.acknowledged() + 200);
                stopAndAssertNothingLost(cluster, load, topic, 3);
            }
        }
    }

    /**
     * {@code SimCluster.expireSession} on the controller: {@code /controller} vanishes with its
     * session, a controller is elected under a higher epoch (the old one may win again, in a new
     * term), the broker registers again, and every partition has a leader and a full ISR.
     */
    @Test
    void expiredSessionOfTheControllerElectsAControllerUnderAHigherEpoch() {
        try (ReplogCluster cluster = threeBrokers().start()) {
            String topic = "office";
            cluster.createTopic(topic, 3, 3);
            int old = cluster.awaitController();
            int epoch = cluster.controllerEpoch().orElseThrow();
            long brokerEpoch = cluster.brokerEpoch(old);
            try (AcksAllLoad load = new AcksAllLoad(cluster, "controller-expiry", topic, 3, 2, PAUSE)) {
                awaitAcknowledged(load, 200);

                cluster.expireSession(old);
                await("a controller under an epoch above " + epoch).atMost(WAIT)
                        .until(() -> cluster.controllerEpoch().orElse(-1) > epoch && cluster.controllerId() >= 0);
                cluster.awaitController();
                await("broker " + old + " registers again in a new session").atMost(WAIT)
                        .until(() -> cluster.brokerEpoch(old) > brokerEpoch);
                for (int p = 0; p < 3; p++) {
                    awaitFullIsr(cluster, new TopicPartition(topic, p));
                }
                awaitAcknowledged(load, load.acknowledged() + 200);
                stopAndAssertNothingLost(cluster, load, topic, 3);
            }
        }
    }

    /**
     * Scenario 10, unclean election off (the default). One replica falls out of the ISR (cut
     * off), records are committed without it, then every ISR member dies. The out-of-sync replica
     * lives but must not lead: the partition goes offline (no leader) and stays offline, keeping
     * its last ISR. When the ISR members return, one of them leads again with every acknowledged
     * record, and the out-of-sync one catches up.
     */
    @Test
    void withUncleanElectionOffAPartitionWithoutLiveIsrMembersStaysOffline() {
        try (ReplogCluster cluster = threeBrokers().brokerConfig("replica.lag.time.max.ms", 1_500).start()) {
            TopicPartition tp = new TopicPartition("critical", 0);
            cluster.createTopic(tp.topic(), 1, 3);
            int leader = cluster.awaitLeader(tp);
            // Not the controller: the brokers learn of ISR changes from it, so it stays reachable.
            int outOfSync = followerOtherThanController(cluster, tp);
            int inSync = 3 - leader - outOfSync;
            AcksAllLoad load = new AcksAllLoad(cluster, "offline", tp.topic(), 1, 2, PAUSE);
            try (load) {
                awaitAcknowledged(load, 100);
                cluster.isolate(outOfSync);
                cluster.awaitIsr(tp, Set.of(leader, inSync));
                awaitAcknowledged(load, load.acknowledged() + 200); // committed without the out-of-sync replica
                load.stop();
            }
            assertThat(load.failures()).as("sends that failed for good").isEmpty();
            LeaderAndIsr before = cluster.partitionState(tp).orElseThrow();

            cluster.kill(leader);
            cluster.kill(inSync);
            cluster.heal(outOfSync);
            await("no leader for " + tp).atMost(WAIT)
                    .until(() -> cluster.partitionState(tp).orElseThrow().leader() == LeaderAndIsr.NO_LEADER);
            LeaderAndIsr offline = cluster.partitionState(tp).orElseThrow();
            assertThat(offline.isr()).as("the ISR kept as the list of who may lead").isNotEmpty()
                    .isSubsetOf(leader, inSync).doesNotContain(outOfSync);
            assertThat(offline.leaderEpoch()).isGreaterThan(before.leaderEpoch());
            await("the partition stays offline while no ISR member lives").during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> cluster.partitionState(tp).orElseThrow().leader() == LeaderAndIsr.NO_LEADER);

            cluster.restart(leader);
            cluster.restart(inSync);
            await("an ISR member leads " + tp + " again").atMost(WAIT)
                    .until(() -> cluster.partitionState(tp).orElseThrow().leader(), l -> l == leader || l == inSync);
            awaitFullIsr(cluster, tp);
            assertNothingLostAndReplicasAgree(cluster, load, tp.topic(), 1);
        }
    }

    /**
     * Scenario 9. A broker that led a partition (its preferred replica, first in the assignment)
     * dies and the next replica takes over. When it returns it rejoins as a follower, catches
     * up, re-enters the ISR, and the controller's auto-rebalance
     * ({@code auto.leader.rebalance.enable}, checked every
     * {@code leader.imbalance.check.interval.seconds} = 1 s here) moves leadership back to it
     * under another leader epoch.
     */
    @Test
    void returningBrokerGetsItsPreferredLeadershipBack() {
        try (ReplogCluster cluster = threeBrokers().brokerConfig("auto.leader.rebalance.enable", true)
                .brokerConfig("leader.imbalance.check.interval.seconds", 1).start()) {
            String topic = "audit";
            cluster.createTopic(topic, 3, 3);
            int controller = cluster.awaitController();
            TopicPartition tp = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p))
                    .filter(p -> cluster.awaitLeader(p) != controller).findFirst().orElseThrow();
            List<Integer> assignment = replicas(cluster, tp);
            int returning = assignment.get(0);
            assertThat(cluster.awaitLeader(tp)).as("the preferred replica leads").isEqualTo(returning);
            try (AcksAllLoad load = new AcksAllLoad(cluster, "preferred", topic, 3, 2, PAUSE)) {
                awaitAcknowledged(load, 200);
                int epoch0 = cluster.partitionState(tp).orElseThrow().leaderEpoch();

                cluster.kill(returning);
                await("leader of " + tp + " moves to " + assignment.get(1)).atMost(WAIT)
                        .until(() -> cluster.partitionState(tp).orElseThrow().leader() == assignment.get(1));
                awaitAcknowledged(load, load.acknowledged() + 200);

                cluster.restart(returning);
                await("broker " + returning + " leads " + tp + " again").atMost(WAIT)
                        .until(() -> cluster.partitionState(tp).orElseThrow().leader() == returning);
                assertThat(cluster.partitionState(tp).orElseThrow().leaderEpoch()).isGreaterThanOrEqualTo(epoch0 + 2);
                for (int p = 0; p < 3; p++) {
                    TopicPartition partition = new TopicPartition(topic, p);
                    awaitFullIsr(cluster, partition);
                    int preferred = replicas(cluster, partition).get(0);
                    await("the preferred replica " + preferred + " leads " + partition).atMost(WAIT)
                            .until(() -> cluster.awaitLeader(partition) == preferred);
                }
                stopAndAssertNothingLost(cluster, load, topic, 3);
            }
        }
    }

    /**
     * ZooKeeper down for a while and back. Leaders keep serving acks=all writes with the ISRs
     * they have while ZooKeeper is away; once it is back there is a controller, every partition
     * has a leader and a full ISR, producing works again, and no acknowledged record is lost.
     */
    @Test
    void zooKeeperDownForAWhileAndBackLosesNoAcknowledgedRecordAndTheClusterRecovers() throws Exception {
        try (ReplogCluster cluster = threeBrokers().start()) {
            String topic = "outage";
            cluster.createTopic(topic, 3, 3);
            try (AcksAllLoad load = new AcksAllLoad(cluster, "zookeeper", topic, 3, 2, PAUSE)) {
                awaitAcknowledged(load, 200);

                cluster.stopZooKeeper();
                long whenStopped = load.acknowledged();
                await("ZooKeeper down for 3 s, acks=all writes go on meanwhile").pollDelay(Duration.ofSeconds(3))
                        .atMost(WAIT).until(() -> load.acknowledged() > whenStopped + 100);
                cluster.startZooKeeper();

                cluster.awaitController();
                for (int p = 0; p < 3; p++) {
                    awaitFullIsr(cluster, new TopicPartition(topic, p));
                }
                awaitAcknowledged(load, load.acknowledged() + 200);
                stopAndAssertNothingLost(cluster, load, topic, 3);
            }
            assertThat(cluster.producer(Map.of("acks", "all"), Serdes.string(), Serdes.string())
                    .send(ProducerRecord.of(topic, 0, "k", "after")).get(30, TimeUnit.SECONDS).offset())
                    .as("a new producer's acks=all send after the outage").isPositive();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Stops {@code load}: no send failed for good, and {@link #assertNothingLostAndReplicasAgree}. */
    static void stopAndAssertNothingLost(ReplogCluster cluster, AcksAllLoad load, String topic, int partitions) {
        load.stop();
        assertThat(load.failures()).as("sends that failed for good").isEmpty();
        assertNothingLostAndReplicasAgree(cluster, load, topic, partitions);
    }

    /** Every acknowledged record read back in order, and every replica's log the same below the high watermark. */
    static void assertNothingLostAndReplicasAgree(ReplogCluster cluster, AcksAllLoad load, String topic,
                                                  int partitions) {
        assertThat(load.acks()).as("acknowledged records").isNotEmpty();
        assertThat(load.readBackViolations(cluster)).as("acknowledged records lost, moved or reordered").isEmpty();
        List<String> divergence = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            divergence.addAll(ReplicaLogs.divergence(cluster, tp, replicas(cluster, tp), highWatermark(cluster, tp)));
        }
        assertThat(divergence).as("replicas that disagree below the high watermark").isEmpty();
    }

    /** Waits until ZooKeeper and every running broker show the full ISR {0, 1, 2} for {@code tp}. */
    static void awaitFullIsr(ReplogCluster cluster, TopicPartition tp) {
        cluster.awaitIsr(tp, Set.of(0, 1, 2));
    }

    static void awaitAcknowledged(AcksAllLoad load, long count) {
        await(count + " acks=all records acknowledged").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> load.acknowledged() >= count);
    }

    /** The partition's high watermark, as a consumer's {@code seekToEnd} gets it from the leader. */
    static long highWatermark(ReplogCluster cluster, TopicPartition tp) {
        try (var consumer = cluster.consumer(Map.of("client.id", "replog-test-hw"), Serdes.string(),
                Serdes.string())) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            return consumer.position(tp);
        }
    }

    static List<Integer> isr(ReplogCluster cluster, TopicPartition tp) {
        return cluster.partitionState(tp).map(LeaderAndIsr::isr).orElse(List.of());
    }

    /** The assignment of {@code tp}, preferred replica first. */
    static List<Integer> replicas(ReplogCluster cluster, TopicPartition tp) {
        try {
            PartitionDescription d = cluster.admin().describeTopic(tp.topic()).get(30, TimeUnit.SECONDS)
                    .partition(tp.partition());
            return d.replicas();
        } catch (Exception e) {
            throw new AssertionError("cannot describe " + tp, e);
        }
    }

    /** A follower of {@code tp} that is not the controller, so failing it moves no controllership. */
    static int followerOtherThanController(ReplogCluster cluster, TopicPartition tp) {
        int leader = cluster.awaitLeader(tp);
        int controller = cluster.awaitController();
        return replicas(cluster, tp).stream().filter(r -> r != leader && r != controller).reduce((a, b) -> b)
                .orElseThrow();
    }
}

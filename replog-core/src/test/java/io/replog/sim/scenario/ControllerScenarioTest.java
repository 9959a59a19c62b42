package io.replog.sim.scenario;

import io.replog.internal.controller.Controller;
import io.replog.coordinator.ControllerInfo;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.errors.RetriableException;
import io.replog.errors.StaleControllerEpochException;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.LeaderAndIsrResponse;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.Response;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.protocol.UpdateMetadataResponse;
import io.replog.internal.replica.Partition;
import io.replog.sim.ClusterEvents;
import io.replog.sim.History;
import io.replog.sim.InMemoryCoordinator;
import io.replog.sim.InvariantChecker;
import io.replog.sim.SimCluster;
import io.replog.sim.SimConfig;
import io.replog.sim.SimConsumer;
import io.replog.sim.SimFailureReporter;
import io.replog.sim.SimProducer;
import io.replog.sim.SimReplay;
import io.replog.sim.Simulation;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seed scenarios 7 to 10: the controller, leader fail-over, preferred leaders and unclean election. */
class ControllerScenarioTest {
    @RegisterExtension
    final SimFailureReporter reporter = new SimFailureReporter();

    /**
     * Scenario 7, crash. The controller dies; when its session expires another broker wins
     * {@code /controller} with the next controller epoch, moves the dead broker's leaderships
     * and tells every broker. A request the old controller sent late, stamped with its epoch,
     * is refused by every live broker with STALE_CONTROLLER_EPOCH and changes nothing; and when
     * the old controller's broker comes back, a partition-state write under its old epoch is
     * refused by the coordinator.
     */
    @Test
    void deadControllerIsReplacedUnderAHigherEpochAndItsLateRequestsAreRefused() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(7)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start()) {
            List<TopicPartition> partitions = topic(cluster, "audit", 3);
            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, partitions, 3).checkEvery(250);
            SimProducer producer = producer(sim, history, partitions, 10);

            ControllerInfo old = sim.zooKeeper().controller().orElseThrow();
            Controller oldController = cluster.broker(old.brokerId()).orElseThrow().controller().orElseThrow();
            assertThat(oldController.isActive()).isTrue();
            TopicPartition ledByOld = partitions.stream().filter(tp -> cluster.leader(tp) == old.brokerId())
                    .findFirst().orElseThrow();
            int ledByOldEpoch = cluster.state(ledByOld).orElseThrow().leaderEpoch();

            long killedAt = sim.nowMs();
            cluster.kill(old.brokerId());
            sim.awaitOrFail("a controller other than broker " + old.brokerId(),
                    () -> sim.zooKeeper().controller().filter(c -> c.brokerId() != old.brokerId())
                    .isPresent(), 20_000);
            ControllerInfo elected = sim.zooKeeper().controller().orElseThrow();
            assertThat(sim.nowMs() - killedAt).isGreaterThanOrEqualTo(sim.config().sessionTimeoutMs());
            assertThat(elected.epoch()).isEqualTo(old.epoch() + 1);
            assertThat(oldController.isActive()).isFalse();
            List<Integer> live = List.copyOf(cluster.running().keySet());
            int follower = live.stream().filter(b -> b != elected.brokerId()).findFirst().orElseThrow();

            // The moment a broker obeys the new controller's first LeaderAndIsr, it refuses every
            // request of the old epoch, even the kind (UpdateMetadata) it has not yet had from the
            // new controller: the rest of the new controller's requests are held back here.
            sim.awaitOrFail("broker " + follower + " knows controller epoch " + elected.epoch(),
                    () -> cluster.broker(follower).orElseThrow().replicas().controllerEpoch()
                    == elected.epoch(), 10_000);
            sim.network().partition(elected.brokerId(), follower);
            assertLateRequestsRefused(sim, cluster, old, follower, partitions);
            sim.network().healLink(elected.brokerId(), follower);

            // The new controller takes office: every live broker obeys its epoch, and the dead
            // broker's partition has a new leader under the next leader epoch.
            sim.awaitOrFail("every live broker knows controller epoch " + elected.epoch(),
                    () -> live.stream().allMatch(b -> cluster.broker(b).orElseThrow().replicas()
                    .controllerEpoch() == elected.epoch()), 10_000);
            assertThat(cluster.broker(elected.brokerId()).orElseThrow().isController()).isTrue();
            cluster.awaitLeader(ledByOld, 10_000);
            assertThat(cluster.leader(ledByOld)).isNotEqualTo(old.brokerId());
            assertThat(cluster.state(ledByOld).orElseThrow().leaderEpoch()).isEqualTo(ledByOldEpoch + 1);
            for (int broker : live) {
                assertLateRequestsRefused(sim, cluster, old, broker, partitions);
            }

            // The old controller's broker returns; a write under its old epoch is fenced.
            cluster.restart(old.brokerId());
            InMemoryCoordinator zombie = cluster.coordinator(old.brokerId()).orElseThrow();
            LeaderAndIsr current = cluster.state(ledByOld).orElseThrow();
            CompletableFuture<?> write = zombie.writePartitionStatesAsController(old.epoch(),
                    Map.of(ledByOld, current.withNewLeader(old.brokerId(), List.of(old.brokerId()), old.epoch())));
            assertThatThrownBy(() -> sim.await(write, 5_000)).isInstanceOf(StaleControllerEpochException.class)
                    .hasMessageContaining("controller epoch " + old.epoch());
            assertThat(cluster.state(ledByOld)).contains(current);

            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 30_000);
            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).isEmpty();
            assertThat(sim.zooKeeper().controller()).contains(elected);
        }
    }

    /**
     * Scenario 7, zombie. The controller is cut off from the network and its coordinator
     * session expires while it still believes it is controller. A write of that term fails at
     * once: its session is gone. The controllership passes to a new term with the next epoch
     * (whichever broker wins the race for {@code /controller}; the isolated broker may well win
     * it again, its coordinator link being intact), and the old term's Controller resigns. Once
     * reconnected, a write stamped with the old epoch is refused as stale, and a broker that
     * does not hold {@code /controller} cannot write even with the current epoch. When the
     * network heals, a LeaderAndIsr sent from the zombie's node with the old epoch is refused.
     */
    @Test
    void zombieControllerIsFencedByTheCoordinatorAndByTheBrokers() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(71)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start()) {
            List<TopicPartition> partitions = topic(cluster, "audit", 3);
            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, partitions, 3).checkEvery(250);
            SimProducer producer = producer(sim, history, partitions, 10);

            ControllerInfo old = sim.zooKeeper().controller().orElseThrow();
            int zombieId = old.brokerId();
            Controller zombie = cluster.broker(zombieId).orElseThrow().controller().orElseThrow();
            InMemoryCoordinator zombieZk = cluster.coordinator(zombieId).orElseThrow();
            TopicPartition tp = partitions.get(0);
            LeaderAndIsr before = cluster.state(tp).orElseThrow();

            cluster.isolate(zombieId);
            cluster.expireSession(zombieId);
            assertThat(zombie.isActive()).as("it still believes it is controller").isTrue();
            CompletableFuture<?> lateWrite = zombieZk.writePartitionStatesAsController(old.epoch(),
                    Map.of(tp, before.withNewLeader(zombieId, List.of(zombieId), old.epoch())));
            assertThatThrownBy(() -> sim.await(lateWrite, 5_000)).isInstanceOf(RetriableException.class)
                    .hasMessageContaining("session expired");

            sim.awaitOrFail("a controller is elected",
                    () -> sim.zooKeeper().controller().isPresent(), 10_000);
            ControllerInfo elected = sim.zooKeeper().controller().orElseThrow();
            assertThat(elected.epoch()).isEqualTo(old.epoch() + 1);
            sim.awaitOrFail("the old term resigned", () -> !zombie.isActive(), 1_000);

            // Reconnected under a new session, the old term's epoch is stale at the coordinator.
            assertThat(zombieZk.isSessionLive()).isTrue();
            LeaderAndIsr now = cluster.state(tp).orElseThrow();
            CompletableFuture<?> staleEpoch = zombieZk.writePartitionStatesAsController(old.epoch(),
                    Map.of(tp, now.withNewLeader(zombieId, List.of(zombieId), old.epoch())));
            assertThatThrownBy(() -> sim.await(staleEpoch, 5_000)).isInstanceOf(StaleControllerEpochException.class)
                    .hasMessageContaining("the current epoch is " + elected.epoch());
            CompletableFuture<?> deletion = zombieZk.deleteTopic(old.epoch(), tp.topic());
            assertThatThrownBy(() -> sim.await(deletion, 5_000)).isInstanceOf(StaleControllerEpochException.class);
            int notController = cluster.running().keySet().stream().filter(b -> b != elected.brokerId())
                    .findFirst().orElseThrow();
            CompletableFuture<?> notHolder = cluster.coordinator(notController).orElseThrow()
                    .writePartitionStatesAsController(elected.epoch(),
                            Map.of(tp, now.withNewLeader(notController, List.of(notController), elected.epoch())));
            assertThatThrownBy(() -> sim.await(notHolder, 5_000)).isInstanceOf(StaleControllerEpochException.class)
                    .hasMessageContaining("does not hold the controllership");
            assertThat(cluster.state(tp)).contains(now);
            assertThat(sim.zooKeeper().topics()).containsKey(tp.topic());

            // Healed, the zombie's late LeaderAndIsr (sent from its own node) is refused.
            cluster.heal(zombieId);
            int other = cluster.running().keySet().stream().filter(b -> b != zombieId).findFirst().orElseThrow();
            // (Once the new controller's requests have reached it, the other broker obeys epoch + 1.)
            sim.awaitOrFail("broker " + other + " knows controller epoch " + elected.epoch(),
                    () -> cluster.broker(other).orElseThrow().replicas().controllerEpoch()
                    == elected.epoch(), 10_000);
            Transport fromZombie = sim.network().transportFor(zombieId);
            LeaderAndIsr stored = cluster.state(tp).orElseThrow();
            long otherEpoch = cluster.broker(other).orElseThrow().brokerEpoch();
            Response answer = sim.await(fromZombie.send(other, new LeaderAndIsrRequest(zombieId, old.epoch(), otherEpoch,
                    List.of(new LeaderAndIsrRequest.PartitionState(tp, TopicId.ZERO, new LeaderAndIsr(zombieId,
                            stored.leaderEpoch() + 10, List.of(zombieId), old.epoch(), stored.partitionEpoch()),
                            sim.zooKeeper().topics().get(tp.topic()).replicas(tp), Map.of())), List.of())), 5_000);
            assertThat(((LeaderAndIsrResponse) answer).error()).isEqualTo(Errors.STALE_CONTROLLER_EPOCH);
            assertThat(Scenarios.replica(cluster, other, tp).leaderEpoch()).isEqualTo(stored.leaderEpoch());

            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 30_000);
            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).isEmpty();
            assertThat(sim.zooKeeper().controller()).contains(elected);
        }
    }

    /**
     * Scenario 8. On the seed's two-rack layout, broker 0 dies: P0 and P6 ([0,3,1]) are taken
     * over by broker 3, the first live ISR member in assignment order, under leader epoch + 1;
     * no other partition changes leader. Then broker 3 dies too: P0, P6 ([0,3,1]) and P1, P7
     * ([3,1,4]) go to broker 1, the first live ISR member in their assignment order.
     */
    @Test
    void deadLeaderIsReplacedByTheFirstLiveIsrMemberInAssignmentOrder() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(8)).withBrokers(6)));
        try (SimCluster cluster = new SimCluster(sim, Scenarios.TWO_RACKS, SimCluster.Spec.defaults()
                .withRebalanceIntervalMs(0)).start()) {
            List<TopicPartition> partitions = topic(cluster, "invoice", 10);
            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, partitions, 3).checkEvery(250);
            SimProducer producer = producer(sim, history, partitions, 5);

            Map<TopicPartition, LeaderAndIsr> start = states(cluster, partitions);
            cluster.kill(0);
            TopicPartition p0 = partitions.get(0);
            sim.awaitOrFail("leader of " + p0 + " moves to 3",
                    () -> cluster.leader(p0) == 3, 20_000, cluster.seen(p0));
            sim.awaitOrFail("leader of " + partitions.get(6) + " moves to 3",
                    () -> cluster.leader(partitions.get(6)) == 3, 1_000, cluster.seen(partitions.get(6)));
            Map<TopicPartition, LeaderAndIsr> afterFirst = states(cluster, partitions);
            for (TopicPartition tp : partitions) {
                int expected = Set.of(0, 6).contains(tp.partition()) ? 3 : start.get(tp).leader();
                assertThat(afterFirst.get(tp).leader()).as("leader of " + tp).isEqualTo(expected);
                assertThat(afterFirst.get(tp).isr()).doesNotContain(0);
            }
            assertThat(afterFirst.get(p0).leaderEpoch()).isEqualTo(start.get(p0).leaderEpoch() + 1);
            assertThat(afterFirst.get(partitions.get(6)).leaderEpoch()).isEqualTo(start.get(partitions.get(6)).leaderEpoch() + 1);
            assertThat(afterFirst.get(p0).isr()).containsExactlyInAnyOrder(3, 1);
            produce(producer, partitions, 5);
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 30_000);

            cluster.kill(3);
            sim.awaitOrFail("broker 1 leads partitions 0, 1, 6 and 7",
                    () -> IntStream.of(0, 1, 6, 7).allMatch(p -> cluster.leader(partitions.get(p)) == 1), 20_000);
            Map<TopicPartition, LeaderAndIsr> afterSecond = states(cluster, partitions);
            for (int p : new int[] {0, 1, 6, 7}) {
                TopicPartition tp = partitions.get(p);
                assertThat(afterSecond.get(tp).leaderEpoch()).as("leader epoch of " + tp)
                        .isEqualTo(afterFirst.get(tp).leaderEpoch() + 1);
            }
            assertThat(afterSecond.get(partitions.get(5)).leader()).isEqualTo(5); // [5,0,3]: its leader lives
            for (int p = 0; p < 10; p++) {
                cluster.awaitLeader(partitions.get(p), 5_000);
            }
            produce(producer, partitions, 5);
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 30_000);
            assertThat(history.failedSends()).isZero();

            cluster.restart(0);
            cluster.restart(3);
            checker.checkAfterHeal(60_000);
            assertThat(checker.violations()).isEmpty();
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(150);
        }
    }

    /**
     * Scenario 9. A broker that led a partition dies, and the next replica takes over. When it
     * returns it rejoins as a follower, catches up and re-enters the ISR; within one
     * auto-rebalance interval (5 s) the controller moves leadership back to it, the preferred
     * replica (first in the assignment), under another leader epoch.
     */
    @Test
    void returningBrokerGetsItsPreferredLeadershipBack() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(9)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults().withMinInsyncReplicas(2))
                .start()) {
            List<TopicPartition> partitions = topic(cluster, "audit", 3);
            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, partitions, 3).checkEvery(250);
            List<SimConsumer> consumers = partitions.stream()
                    .map(tp -> new SimConsumer(sim, "consumer" + tp.partition(), tp, history).start()).toList();
            SimProducer producer = producer(sim, history, partitions, 10);

            int returning = partitions.stream().map(cluster::leader).filter(b -> b != cluster.controllerId())
                    .findFirst().orElseThrow();
            TopicPartition tp = partitions.stream().filter(p -> cluster.leader(p) == returning).findFirst().orElseThrow();
            List<Integer> replicas = sim.zooKeeper().topics().get(tp.topic()).replicas(tp);
            assertThat(replicas.get(0)).as("the preferred replica leads").isEqualTo(returning);
            int epoch0 = cluster.state(tp).orElseThrow().leaderEpoch();

            cluster.kill(returning);
            sim.awaitOrFail("leader of " + tp + " moves to " + replicas.get(1),
                    () -> cluster.leader(tp) == replicas.get(1), 20_000, cluster.seen(tp));
            assertThat(cluster.state(tp).orElseThrow().leaderEpoch()).isEqualTo(epoch0 + 1);
            produce(producer, partitions, 10);
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 30_000);

            cluster.restart(returning);
            sim.awaitOrFail("broker " + returning + " (re-)enters the ISR of " + tp,
                    () -> cluster.isr(tp).contains(returning), 20_000, cluster.seen(tp));
            long rejoinedAt = sim.nowMs();
            assertThat(cluster.leader(tp)).as("not yet moved back").isEqualTo(replicas.get(1));
            sim.awaitOrFail("leader of " + tp + " moves to " + returning,
                    () -> cluster.leader(tp) == returning, 10_000, cluster.seen(tp));
            assertThat(sim.nowMs() - rejoinedAt).as("moved back after (ms)").isLessThanOrEqualTo(5_000 + 500);
            assertThat(cluster.state(tp).orElseThrow().leaderEpoch()).isEqualTo(epoch0 + 2);
            cluster.awaitLeader(tp, 5_000);
            for (TopicPartition p : partitions) {
                assertThat(cluster.leader(p)).as("leader of " + p)
                        .isEqualTo(sim.zooKeeper().topics().get(p.topic()).replicas(p).get(0));
            }

            produce(producer, partitions, 10);
            sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 30_000);
            assertThat(history.failedSends()).isZero();
            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).isEmpty();
            sim.awaitOrFail("every consumer reaches offset 30",
                    () -> consumers.stream().allMatch(c -> c.position() == 30), 10_000);
        }
    }

    /**
     * Scenario 10, unclean election off (the default). One replica falls out of the ISR (cut
     * off from the leader), more records are committed without it, then every ISR member dies.
     * The out-of-sync replica is alive but must not lead: the partition goes offline (leader -1,
     * the ISR kept as the list of who may lead again) and stays offline. An ISR member that
     * returns from its crash leads again only if no other ISR member is left that may hold more
     * (its unflushed tail may be gone, KIP-966); otherwise it leaves the ISR and the partition
     * waits for the last one. No acknowledged record is lost.
     */
    @Test
    void withUncleanElectionOffAPartitionWithoutLiveIsrMembersStaysOffline() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(10)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start()) {
            ClusterEvents events = ClusterEvents.record(cluster, List.of());
            List<TopicPartition> partitions = topic(cluster, "critical", 1);
            TopicPartition tp = partitions.get(0);
            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, partitions, 3).checkEvery(250);
            SimProducer producer = producer(sim, history, partitions, 10);
            List<Integer> replicas = sim.zooKeeper().topics().get(tp.topic()).replicas(tp);
            int leader = replicas.get(0);
            int inSync = replicas.get(1);
            int outOfSync = replicas.get(2);

            leaveOneBehind(cluster, producer, tp, leader, outOfSync);
            int epoch = cluster.state(tp).orElseThrow().leaderEpoch();
            cluster.kill(leader);
            cluster.kill(inSync);
            sim.network().healLink(leader, outOfSync);

            sim.awaitOrFail("no leader for " + tp,
                    () -> cluster.leader(tp) == LeaderAndIsr.NO_LEADER, 20_000, cluster.seen(tp));
            // The ISR keeps the ISR members that died last (both, or the one that briefly led).
            LeaderAndIsr offline = cluster.state(tp).orElseThrow();
            assertThat(offline.isr()).isNotEmpty().isSubsetOf(leader, inSync).doesNotContain(outOfSync);
            assertThat(offline.leaderEpoch()).isGreaterThan(epoch);
            boolean[] everLed = {false};
            Scenarios.every(sim, 100, "probe offline", () -> everLed[0],
                    () -> everLed[0] = cluster.leader(tp) != LeaderAndIsr.NO_LEADER);
            sim.runFor(30_000);
            assertThat(everLed[0]).as("a leader was elected while no ISR member lived").isFalse();
            assertThat(Scenarios.replica(cluster, outOfSync, tp).isLeader()).isFalse();
            assertThat(events.of(ClusterEvents.PartitionOffline.class)).anyMatch(e -> e.tp().equals(tp));
            assertThat(events.of(ClusterEvents.UncleanLeaderElected.class)).isEmpty();

            int first = offline.isr().get(0);
            int last = first == leader ? inSync : leader;
            cluster.restart(first);
            if (offline.isr().size() > 1) {
                // Back from a crash, it may have lost its unflushed tail, and the other ISR member
                // may hold more: it leaves the ISR and the partition waits for that member (KIP-966).
                sim.awaitOrFail("broker " + first + " leaves the ISR of " + tp,
                        () -> !cluster.isr(tp).contains(first), 20_000, cluster.seen(tp));
                sim.runFor(5_000);
                assertThat(cluster.leader(tp)).isEqualTo(LeaderAndIsr.NO_LEADER);
                cluster.restart(last);
                sim.awaitOrFail("leader of " + tp + " moves to " + last,
                        () -> cluster.leader(tp) == last, 20_000, cluster.seen(tp));
                assertThat(cluster.state(tp).orElseThrow().leaderEpoch()).isEqualTo(offline.leaderEpoch() + 2);
            } else {
                sim.awaitOrFail("leader of " + tp + " moves to " + first,
                        () -> cluster.leader(tp) == first, 20_000, cluster.seen(tp));
                assertThat(cluster.state(tp).orElseThrow().leaderEpoch()).isEqualTo(offline.leaderEpoch() + 1);
                cluster.restart(last);
            }
            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).isEmpty();
            assertThat(history.ackCount(ProduceRequest.ACKS_ALL)).isEqualTo(20);
        }
    }

    /**
     * Scenario 10, unclean election on for the topic ({@code unclean.leader.election.enable=true}).
     * The same story, but the controller elects the live out-of-sync replica, with an ISR of
     * itself, and logs a WARN naming the partition. The records committed without it are lost,
     * the trade-off the setting accepts; the old replicas return, truncate to the new leader's
     * log and the partition heals.
     */
    @Test
    void withUncleanElectionOnAnOutOfSyncReplicaLeadsAndAWarningNamesThePartition() {
        Simulation sim = reporter.track(new Simulation(SimConfig.defaults().withSeed(SimReplay.seed(101)).withBrokers(3)));
        try (SimCluster cluster = new SimCluster(sim, Map.of(), SimCluster.Spec.defaults()).start()) {
            ClusterEvents events = ClusterEvents.record(cluster, List.of());
            cluster.createTopicOrFail("critical", 1, 3, Map.of("unclean.leader.election.enable", "true"));
            TopicPartition tp = new TopicPartition("critical", 0);
            cluster.awaitIsr(tp, 3, 20_000);
            History history = new History();
            InvariantChecker checker = new InvariantChecker(cluster, history, List.of(tp), 3).checkEvery(250);
            SimProducer producer = producer(sim, history, List.of(tp), 10);
            List<Integer> replicas = sim.zooKeeper().topics().get(tp.topic()).replicas(tp);
            int leader = replicas.get(0);
            int inSync = replicas.get(1);
            int outOfSync = replicas.get(2);

            leaveOneBehind(cluster, producer, tp, leader, outOfSync);
            long committed = Scenarios.replica(cluster, leader, tp).highWatermark();
            long behind = Scenarios.replica(cluster, outOfSync, tp).logEndOffset();
            assertThat(behind).isLessThan(committed);
            int epoch = cluster.state(tp).orElseThrow().leaderEpoch();

            checker.uncleanElectionAllowed(); // from here on committed records may legitimately be lost
            cluster.kill(leader);
            cluster.kill(inSync);
            sim.network().healLink(leader, outOfSync);

            sim.awaitOrFail("leader of " + tp + " moves to " + outOfSync,
                    () -> cluster.leader(tp) == outOfSync, 20_000, cluster.seen(tp));
            LeaderAndIsr unclean = cluster.state(tp).orElseThrow();
            assertThat(unclean.isr()).containsExactly(outOfSync);
            assertThat(unclean.leaderEpoch()).isGreaterThan(epoch);
            cluster.awaitLeader(tp, 5_000);
            assertThat(events.of(ClusterEvents.UncleanLeaderElected.class))
                    .anyMatch(e -> e.tp().equals(tp) && e.leader() == outOfSync);
            assertThat(Scenarios.replica(cluster, outOfSync, tp).logEndOffset()).isEqualTo(behind);

            cluster.restart(leader);
            cluster.restart(inSync);
            checker.checkAfterHeal(30_000);
            assertThat(checker.violations()).isEmpty();
            Map<Long, String> onNewLeader = Scenarios.records(Scenarios.replica(cluster, outOfSync, tp));
            for (int b : List.of(leader, inSync)) {
                assertThat(Scenarios.records(Scenarios.replica(cluster, b, tp))).as("log of broker " + b)
                        .isEqualTo(onNewLeader);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Creates {@code name} with RF 3 and waits for every partition's leader and full ISR. */
    private static List<TopicPartition> topic(SimCluster cluster, String name, int partitions) {
        cluster.createTopicOrFail(name, partitions, 3, Map.of());
        List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(name, p)).toList();
        for (TopicPartition tp : tps) {
            cluster.awaitLeader(tp, 10_000);
            cluster.awaitIsr(tp, 3, 10_000);
        }
        return tps;
    }

    /** An acks=all producer that has written {@code perPartition} records to each partition. */
    private static SimProducer producer(Simulation sim, History history, List<TopicPartition> partitions, int perPartition) {
        SimProducer producer = new SimProducer(sim, "producer", ProduceRequest.ACKS_ALL, history);
        produce(producer, partitions, perPartition);
        sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 30_000);
        return producer;
    }

    private static void produce(SimProducer producer, List<TopicPartition> partitions, int perPartition) {
        for (int i = 0; i < perPartition; i++) {
            partitions.forEach(producer::send);
        }
    }

    /**
     * Cuts {@code behind} off from {@code leader} until the leader drops it from the ISR, then
     * commits 10 more acks=all records without it (min.insync.replicas is 1).
     */
    private static void leaveOneBehind(SimCluster cluster, SimProducer producer, TopicPartition tp, int leader,
                                       int behind) {
        Simulation sim = cluster.sim();
        sim.network().partition(leader, behind);
        sim.awaitOrFail("broker " + behind + " leaves the ISR of " + tp,
                () -> !cluster.isr(tp).contains(behind), 20_000, cluster.seen(tp));
        produce(producer, List.of(tp), 10);
        sim.awaitOrFail("producer has every record acknowledged or given up on", producer::idle, 30_000);
        assertThat(Scenarios.replica(cluster, leader, tp).highWatermark()).isEqualTo(20);
        assertThat(cluster.isr(tp)).doesNotContain(behind).hasSize(2);
    }

    private static Map<TopicPartition, LeaderAndIsr> states(SimCluster cluster, List<TopicPartition> partitions) {
        Map<TopicPartition, LeaderAndIsr> out = new TreeMap<>();
        partitions.forEach(tp -> out.put(tp, cluster.state(tp).orElseThrow()));
        return out;
    }

    /**
     * Sends broker {@code broker} what the old controller might still have in flight, stamped
     * with its epoch: a LeaderAndIsr handing every partition to the old controller's broker under
     * a much newer leader epoch, and an UpdateMetadata. Both are refused whole, nothing changes.
     */
    private static void assertLateRequestsRefused(Simulation sim, SimCluster cluster, ControllerInfo old, int broker,
                                                  List<TopicPartition> partitions) {
        Map<TopicPartition, Integer> epochsBefore = leaderEpochsOn(cluster, broker, partitions);
        long brokerEpoch = cluster.broker(broker).orElseThrow().brokerEpoch();
        List<LeaderAndIsrRequest.PartitionState> states = partitions.stream()
                .map(tp -> new LeaderAndIsrRequest.PartitionState(tp, TopicId.ZERO, new LeaderAndIsr(old.brokerId(),
                        cluster.state(tp).orElseThrow().leaderEpoch() + 10, List.of(old.brokerId(), broker),
                        old.epoch(), cluster.state(tp).orElseThrow().partitionEpoch()),
                        sim.zooKeeper().topics().get(tp.topic()).replicas(tp), Map.of()))
                .toList();
        Response answer = sim.await(Scenarios.client(sim, "latecontroller").send(broker,
                new LeaderAndIsrRequest(old.brokerId(), old.epoch(), brokerEpoch, states, List.of())), 5_000);
        assertThat(((LeaderAndIsrResponse) answer).error()).as("late LeaderAndIsr at broker " + broker)
                .isEqualTo(Errors.STALE_CONTROLLER_EPOCH);
        Response metadata = sim.await(Scenarios.client(sim, "latecontroller").send(broker,
                new UpdateMetadataRequest(old.brokerId(), old.epoch(), brokerEpoch, List.of(), List.of(), Set.of())),
                5_000);
        assertThat(((UpdateMetadataResponse) metadata).error()).as("late UpdateMetadata at broker " + broker)
                .isEqualTo(Errors.STALE_CONTROLLER_EPOCH);
        assertThat(leaderEpochsOn(cluster, broker, partitions)).isEqualTo(epochsBefore);
    }

    private static Map<TopicPartition, Integer> leaderEpochsOn(SimCluster cluster, int broker,
                                                               List<TopicPartition> partitions) {
        Map<TopicPartition, Integer> out = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            cluster.replica(broker, tp).map(Partition::leaderEpoch).ifPresent(e -> out.put(tp, e));
        }
        return out;
    }
}

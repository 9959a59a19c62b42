package io.replog.internal.controller;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.errors.NotControllerException;
import io.replog.protocol.Errors;
import io.replog.protocol.LeaderAndIsrRequest;
import io.replog.protocol.StopReplicaRequest;
import io.replog.protocol.UpdateMetadataRequest;
import io.replog.testsupport.LogCapture;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The controller against the simulated coordinator and network, with stub brokers that record
 * what they are told. Every test runs one fixed seed; nothing sleeps or reads real time.
 */
class ControllerTest {
    static final ControllerSettings NO_REBALANCE = ControllerSettings.defaults().withAutoLeaderRebalance(false, 1);

    /** The invoice example's layout: brokers 0,1,2 on R1 and 3,4,5 on R2. */
    static Map<Integer, String> invoiceLayout() {
        Map<Integer, String> layout = new LinkedHashMap<>();
        for (int id = 0; id < 6; id++) {
            layout.put(id, id < 3 ? "R1" : "R2");
        }
        return layout;
    }

    static TopicPartition tp(String topic, int p) {
        return new TopicPartition(topic, p);
    }

    static TopicPartition invoice(int p) {
        return tp("invoice", p);
    }

    // ------------------------------------------------------------------ creation

    @Test
    void topicCreationWritesInitialStatesAndTellsEachBrokerItsReplicasOnce() {
        ControllerHarness h = new ControllerHarness(1, NO_REBALANCE).brokers(invoiceLayout());
        Controller c = h.elect(0);
        h.clearStubs();
        int writesBefore = h.recording.writes();

        TopicAssignment a = h.createTopic("invoice", 10, 3);

        assertThat(h.recording.writes() - writesBefore).as("one coordinator write for the whole topic").isEqualTo(1);
        for (int p = 0; p < 10; p++) {
            List<Integer> replicas = a.replicas(p);
            assertThat(h.state(invoice(p))).isEqualTo(new LeaderAndIsr(replicas.get(0), 0, replicas, c.epoch(), 0));
        }
        // B0 holds P0,P4,P5,P6 (the invoice example): one LeaderAndIsr with exactly those, naming their leaders.
        LeaderAndIsrRequest toB0 = h.stub(0).leaderAndIsr().get(0);
        assertThat(h.stub(0).leaderAndIsr()).hasSize(1);
        assertThat(toB0.partitions()).extracting(LeaderAndIsrRequest.PartitionState::partition)
                .containsExactly(invoice(0), invoice(4), invoice(5), invoice(6));
        assertThat(toB0.controllerEpoch()).isEqualTo(c.epoch());
        assertThat(toB0.controllerId()).isEqualTo(0);
        assertThat(toB0.leaders()).extracting(r -> r.brokerId()).containsExactly(0, 2, 5);
        for (int b = 0; b < 6; b++) {
            StubBroker stub = h.stub(b);
            assertThat(stub.apiKeys()).as("broker %d", b).containsExactly("LEADER_AND_ISR", "UPDATE_METADATA");
            UpdateMetadataRequest um = stub.updateMetadata().get(0);
            assertThat(um.partitions()).hasSize(10);
            assertThat(um.liveBrokers()).hasSize(6);
            int broker = b;
            assertThat(stub.leaderAndIsrPartitions()).containsExactlyElementsOf(
                    a.topicPartitions().stream().filter(tp -> a.replicas(tp).contains(broker)).toList());
        }
    }

    @Test
    void newPartitionWithNoLiveReplicaStartsOfflineAndComesOnlineWhenOneRegisters() {
        ControllerHarness h = new ControllerHarness(2, NO_REBALANCE).brokers(0, 1);
        h.elect(0);
        try (LogCapture logs = new LogCapture(Controller.class.getPackageName())) {
            h.createTopic(new TopicAssignment("t", Map.of(0, List.of(7, 8)), Map.of()));
            assertThat(h.state(tp("t", 0)).leader()).isEqualTo(LeaderAndIsr.NO_LEADER);
            assertThat(h.state(tp("t", 0)).isr()).containsExactly(7, 8);
            assertThat(logs.warnings()).anyMatch(l -> l.contains("t-0 created offline"));
        }
        h.racks.put(8, null);
        h.startBroker(8);
        h.settle();
        assertThat(h.state(tp("t", 0)).leader()).isEqualTo(8);
        assertThat(h.state(tp("t", 0)).isr()).containsExactly(8);
        assertThat(h.stub(8).lastState(tp("t", 0)).orElseThrow().state().leader()).isEqualTo(8);
    }

    // ------------------------------------------------------------------ failure and return

    @Test
    void brokerDeathElectsFirstLiveIsrMemberInAssignmentOrderInOneWrite() {
        ControllerHarness h = new ControllerHarness(3, NO_REBALANCE).brokers(invoiceLayout());
        Controller c = h.elect(0);
        h.createTopic("invoice", 10, 3);
        h.clearStubs();
        int writesBefore = h.recording.writes();

        try (LogCapture logs = new LogCapture(Controller.class.getPackageName())) {
            h.kill(3); // leads P1 [3,1,4] and P7, follows in P0 [0,3,1], P5 [5,0,3], P6

            assertThat(h.recording.writes() - writesBefore).isEqualTo(1);
            assertThat(h.state(invoice(1))).isEqualTo(new LeaderAndIsr(1, 1, List.of(1, 4), c.epoch(), 1));
            assertThat(h.state(invoice(7))).isEqualTo(new LeaderAndIsr(1, 1, List.of(1, 4), c.epoch(), 1));
            assertThat(h.state(invoice(0))).isEqualTo(new LeaderAndIsr(0, 1, List.of(0, 1), c.epoch(), 1));
            assertThat(h.state(invoice(5))).isEqualTo(new LeaderAndIsr(5, 1, List.of(5, 0), c.epoch(), 1));
            assertThat(h.state(invoice(2)).leaderEpoch()).as("untouched").isZero();
            assertThat(logs.infos()).anyMatch(l -> l.startsWith("[Controller id=0 epoch=" + c.epoch() + "]")
                    && l.contains("Elected leader of invoice-1: 3 -> 1, leader epoch 1, ISR [1, 4]"));
            assertThat(logs.infos()).anyMatch(l -> l.contains("Brokers [3] failed"));
        }
        // The new leader and the remaining follower learn it; UpdateMetadata marks 3 offline.
        assertThat(h.stub(1).lastState(invoice(1)).orElseThrow().state().leader()).isEqualTo(1);
        assertThat(h.stub(4).lastState(invoice(1)).orElseThrow().state().leaderEpoch()).isEqualTo(1);
        assertThat(h.stub(2).leaderAndIsr()).as("2 holds none of the changed partitions").isEmpty();
        UpdateMetadataRequest um = h.stub(2).updateMetadata().get(0);
        assertThat(um.liveBrokers()).extracting(r -> r.brokerId()).containsExactly(0, 1, 2, 4, 5);
        assertThat(um.partitions()).filteredOn(pi -> pi.partition().equals(invoice(1)))
                .singleElement().satisfies(pi -> assertThat(pi.offlineReplicas()).containsExactly(3));
    }

    @Test
    void allIsrDeadWithUncleanOffStaysOfflineUntilTheLastIsrMemberReturns() {
        ControllerHarness h = new ControllerHarness(4, NO_REBALANCE).brokers(0, 1, 2);
        h.elect(0);
        h.createTopic(new TopicAssignment("t", Map.of(0, List.of(1, 2)), Map.of()));
        h.leaderSetsIsr(tp("t", 0), List.of(1)); // 2 fell behind

        try (LogCapture logs = new LogCapture(Controller.class.getPackageName())) {
            h.kill(1);
            LeaderAndIsr offline = h.state(tp("t", 0));
            assertThat(offline.leader()).isEqualTo(LeaderAndIsr.NO_LEADER);
            assertThat(offline.isr()).as("kept so that 1 may lead again").containsExactly(1);
            assertThat(offline.leaderEpoch()).isEqualTo(1);
            assertThat(logs.warnings()).anyMatch(l -> l.contains("Partition t-0 is OFFLINE")
                    && l.contains("until one of [1] returns"));
        }
        // Broker 2 is alive but out of sync: it must not lead.
        h.sim.runFor(10_000);
        assertThat(h.state(tp("t", 0)).leader()).isEqualTo(LeaderAndIsr.NO_LEADER);

        h.restart(1);
        assertThat(h.state(tp("t", 0))).extracting(LeaderAndIsr::leader, LeaderAndIsr::leaderEpoch, LeaderAndIsr::isr)
                .containsExactly(1, 2, List.of(1));
        assertThat(h.stub(1).lastState(tp("t", 0)).orElseThrow().state().leader()).isEqualTo(1);
    }

    /**
     * Soak seed 2 000 588: a leader's refusal ({@code INELIGIBLE_REPLICA}) of a LeaderAndIsr whose
     * ISR named another member arrived after the controller had shrunk the ISR to that leader
     * alone (where it may lead). Taken for a refusal of the current leadership, it left the
     * partition offline with its only ISR member live, for good.
     */
    @Test
    void aLateRefusalOfAnOlderLeadershipDoesNotTakeThePartitionOffline() {
        ControllerHarness h = new ControllerHarness(5, NO_REBALANCE).brokers(0, 1, 2);
        h.elect(0);
        h.stub(2).holdLeaderAndIsr = true; // 2's answer to epoch 0 (ISR [2, 1]) is late
        h.createTopic(new TopicAssignment("t", Map.of(0, List.of(2, 1)), Map.of()));
        assertThat(h.state(tp("t", 0))).extracting(LeaderAndIsr::leader, LeaderAndIsr::isr)
                .containsExactly(2, List.of(2, 1));

        h.kill(1); // the ISR shrinks to [2] at leader epoch 1: 2 may lead as the last ISR member
        assertThat(h.state(tp("t", 0))).extracting(LeaderAndIsr::leader, LeaderAndIsr::leaderEpoch, LeaderAndIsr::isr)
                .containsExactly(2, 1, List.of(2));

        h.stub(2).answerHeld(Errors.INELIGIBLE_REPLICA); // the refusal of epoch 0 arrives now
        h.sim.runFor(10_000);
        assertThat(h.state(tp("t", 0))).extracting(LeaderAndIsr::leader, LeaderAndIsr::leaderEpoch, LeaderAndIsr::isr)
                .as("the refusal was of epoch 0; epoch 1 stands").containsExactly(2, 1, List.of(2));
    }

    @Test
    void allIsrDeadWithUncleanOnElectsALiveReplicaAndWarns() {
        ControllerHarness h = new ControllerHarness(5, NO_REBALANCE.withUncleanLeaderElection(true)).brokers(0, 1, 2);
        h.elect(0);
        h.createTopic(new TopicAssignment("t", Map.of(0, List.of(1, 2)), Map.of()));
        h.leaderSetsIsr(tp("t", 0), List.of(1));

        try (LogCapture logs = new LogCapture(Controller.class.getPackageName())) {
            h.kill(1);
            assertThat(h.state(tp("t", 0))).extracting(LeaderAndIsr::leader, LeaderAndIsr::isr)
                    .containsExactly(2, List.of(2));
            assertThat(logs.warnings()).anyMatch(l -> l.contains("UNCLEAN leader election for t-0")
                    && l.contains("broker 2 leads although it was not in the ISR [1]") && l.contains("may be lost"));
        }
    }

    @Test
    void topicConfigOverridesTheBrokerUncleanSetting() {
        ControllerHarness h = new ControllerHarness(6, NO_REBALANCE).brokers(0, 1, 2);
        h.elect(0);
        h.createTopic(new TopicAssignment("lossy", Map.of(0, List.of(1, 2)),
                Map.of("unclean.leader.election.enable", "true")));
        h.createTopic(new TopicAssignment("safe", Map.of(0, List.of(1, 2)), Map.of()));
        h.leaderSetsIsr(tp("lossy", 0), List.of(1));
        h.leaderSetsIsr(tp("safe", 0), List.of(1));

        h.kill(1);

        assertThat(h.state(tp("lossy", 0)).leader()).isEqualTo(2);
        assertThat(h.state(tp("safe", 0)).leader()).isEqualTo(LeaderAndIsr.NO_LEADER);
    }

    @Test
    void returningBrokerGetsItsReplicasThenTheRebalanceTimerRestoresItOnceInSync() {
        ControllerSettings config = ControllerSettings.defaults().withAutoLeaderRebalance(true, 1_000);
        ControllerHarness h = new ControllerHarness(7, config).brokers(0, 1, 2);
        Controller c = h.elect(0);
        TopicAssignment a = h.createTopic("t", 3, 3); // P0 [0,1,2] P1 [1,2,0] P2 [2,0,1]

        h.kill(1);
        assertThat(h.state(tp("t", 1))).extracting(LeaderAndIsr::leader, LeaderAndIsr::isr)
                .containsExactly(2, List.of(2, 0));

        h.restart(1);
        // It is told about all three replicas it holds, as a follower of the current leaders.
        assertThat(h.stub(1).leaderAndIsrPartitions()).containsExactly(tp("t", 0), tp("t", 1), tp("t", 2));
        assertThat(h.stub(1).lastState(tp("t", 1)).orElseThrow().state().leader()).isEqualTo(2);
        assertThat(h.stub(1).lastState(tp("t", 1)).orElseThrow().replicas()).isEqualTo(a.replicas(1));

        // Not in the ISR yet: several rebalance intervals change nothing.
        h.sim.runFor(5_000);
        assertThat(h.state(tp("t", 1)).leader()).isEqualTo(2);

        // The leader takes it back into the ISR once it has caught up; the timer then moves leadership.
        try (LogCapture logs = new LogCapture(Controller.class.getPackageName())) {
            h.leaderSetsIsr(tp("t", 1), List.of(2, 0, 1));
            h.sim.runFor(1_500);
            LeaderAndIsr restored = h.state(tp("t", 1));
            assertThat(restored).extracting(LeaderAndIsr::leader, LeaderAndIsr::leaderEpoch, LeaderAndIsr::isr,
                    LeaderAndIsr::controllerEpoch).containsExactly(1, 2, List.of(2, 0, 1), c.epoch());
            assertThat(logs.infos()).anyMatch(l -> l.contains("Leader imbalance of broker 1 is 100% (> 10%)"));
            assertThat(logs.infos()).anyMatch(l -> l.contains("Elected leader of t-1: 2 -> 1")
                    && l.contains("auto leader rebalance"));
        }
        assertThat(h.stub(1).lastState(tp("t", 1)).orElseThrow().state().leader()).isEqualTo(1);
    }

    @Test
    void restartedBrokerSeenOnlyAsAChangedRegistrationIsHandledAsFailedThenReturned() {
        ControllerHarness h = new ControllerHarness(8, NO_REBALANCE).brokers(0, 1, 2);
        Controller c = h.elect(0, false); // this test feeds the snapshots itself
        h.createTopic("t", 3, 3);
        c.onTopicsChanged(h.sim.zooKeeper().topics());
        h.settle();
        h.clearStubs();

        Map<Integer, io.replog.coordinator.BrokerRegistration> live = new HashMap<>(h.sim.zooKeeper().liveBrokers());
        h.sim.runFor(1_000);
        live.put(1, h.registration(1)); // a new registration time: broker 1 restarted in between
        c.onBrokersChanged(live);
        h.settle();

        assertThat(h.state(tp("t", 1))).extracting(LeaderAndIsr::leader, LeaderAndIsr::isr)
                .containsExactly(2, List.of(2, 0));
        assertThat(h.stub(1).leaderAndIsrPartitions()).contains(tp("t", 0), tp("t", 1), tp("t", 2));
    }

    // ------------------------------------------------------------------ fencing

    @Test
    void zombieControllerCannotWriteAndResigns() {
        ControllerHarness h = new ControllerHarness(9, NO_REBALANCE).brokers(0, 1, 2);
        Controller zombie = h.elect(0, false); // hears nothing: it does not learn it was replaced
        h.createTopic("t", 3, 3);
        zombie.onTopicsChanged(h.sim.zooKeeper().topics());
        h.settle();

        h.sim.zooKeeper().expireSession(0);
        h.settle();
        h.sim.await(h.coordinators.get(0).registerBroker(h.registration(0)), ControllerHarness.MAX_MS);
        Controller successor = h.elect(1);
        assertThat(successor.epoch()).isGreaterThan(zombie.epoch());
        Map<TopicPartition, LeaderAndIsr> before = h.sim.zooKeeper().partitionStates();
        h.clearStubs();

        try (LogCapture logs = new LogCapture(Controller.class.getPackageName())) {
            Map<Integer, io.replog.coordinator.BrokerRegistration> withoutTwo = new HashMap<>(
                    h.sim.zooKeeper().liveBrokers());
            withoutTwo.remove(2);
            zombie.onBrokersChanged(withoutTwo); // it believes broker 2 died and tries to move leaders
            h.settle();

            assertThat(zombie.isActive()).isFalse();
            assertThat(h.sim.zooKeeper().partitionStates()).isEqualTo(before);
            assertThat(logs.warnings()).anyMatch(l -> l.contains("stale controller epoch"));
            assertThat(logs.infos()).anyMatch(l -> l.contains("Resigning as controller"));
        }
        h.stubs.values().forEach(s -> assertThat(s.received).as("broker %d", s.id).isEmpty());
        assertThatThrownBy(() -> h.await(zombie.electPreferredLeaders(null)))
                .isInstanceOf(NotControllerException.class);
    }

    @Test
    void sessionExpiryResignsAtOnceAndFailsWhatIsPending() {
        ControllerHarness h = new ControllerHarness(10, ControllerSettings.defaults().withAutoLeaderRebalance(true, 100))
                .brokers(0, 1, 2);
        Controller c = h.elect(0);
        h.createTopic("t", 3, 3);
        h.clearStubs();

        h.sim.zooKeeper().expireSession(0);
        CompletableFuture<Set<TopicPartition>> pending = c.controlledShutdown(1);
        h.settle();

        assertThat(c.isActive()).isFalse();
        assertThat(pending).isCompletedExceptionally();
        assertThatThrownBy(pending::join).hasCauseInstanceOf(NotControllerException.class);
        int writes = h.recording.writes();
        h.sim.runFor(5_000); // the rebalance timer is gone
        assertThat(h.recording.writes()).isEqualTo(writes);
        h.stubs.values().forEach(s -> assertThat(s.received).isEmpty());
    }

    @Test
    void aNewerControllerInANotificationEndsThisTermButALateOlderOneDoesNot() {
        ControllerHarness h = new ControllerHarness(21, NO_REBALANCE).brokers(0, 1, 2);
        Controller c = h.elect(0, false);

        c.onControllerChanged(java.util.Optional.of(new io.replog.coordinator.ControllerInfo(0, c.epoch() - 1)));
        c.onControllerChanged(java.util.Optional.of(new io.replog.coordinator.ControllerInfo(0, c.epoch())));
        h.settle();
        assertThat(c.isActive()).isTrue();

        c.onControllerChanged(java.util.Optional.of(new io.replog.coordinator.ControllerInfo(2, c.epoch() + 1)));
        assertThat(c.isActive()).as("at once, before the loop runs").isFalse();
    }

    @Test
    void aBrokerThatHasSeenANewerControllerMakesAZombieResignWithoutAnyWrite() {
        ControllerHarness h = new ControllerHarness(22, NO_REBALANCE).brokers(0, 1, 2);
        Controller zombie = h.elect(0, false);
        h.createTopic("t", 1, 3);
        zombie.onTopicsChanged(h.sim.zooKeeper().topics());
        h.settle();
        h.sim.zooKeeper().expireSession(0);
        h.settle();
        h.await(h.coordinators.get(0).registerBroker(h.registration(0)));
        h.elect(1); // the brokers now know epoch 2
        h.leaderSetsIsr(tp("t", 0), List.of(0, 1));
        int writes = h.recording.writes();

        // Reads are not fenced, so the zombie gets as far as telling brokers about the ISR change.
        zombie.onIsrChanged(Set.of(tp("t", 0)));
        h.settle();

        assertThat(zombie.isActive()).isFalse();
        assertThat(h.stub(2).updateMetadata()).last().extracting(UpdateMetadataRequest::controllerEpoch)
                .isEqualTo(zombie.epoch());
        assertThat(h.recording.writes()).isEqualTo(writes);
    }

    @Test
    void newControllerTakesOverAfterTheOldOneDies() {
        ControllerHarness h = new ControllerHarness(11, NO_REBALANCE).brokers(0, 1, 2);
        Controller first = h.elect(0);
        h.createTopic("t", 3, 3); // P0 led by 0
        h.kill(0);
        assertThat(h.sim.zooKeeper().controller()).isEmpty();

        Controller second = h.elect(1);

        assertThat(second.epoch()).isEqualTo(first.epoch() + 1);
        assertThat(h.state(tp("t", 0))).extracting(LeaderAndIsr::leader, LeaderAndIsr::isr, LeaderAndIsr::controllerEpoch)
                .containsExactly(1, List.of(1, 2), second.epoch());
        // Full state to every live broker on taking office.
        assertThat(h.stub(2).leaderAndIsr()).last().satisfies(r -> {
            assertThat(r.controllerEpoch()).isEqualTo(second.epoch());
            assertThat(r.partitions()).hasSize(3);
        });
    }

    // ------------------------------------------------------------------ concurrency with leaders

    @Test
    void isrConflictIsDecidedAgainFromTheStateTheLeaderStored() {
        ControllerHarness h = new ControllerHarness(12, NO_REBALANCE).brokers(0, 1, 2);
        Controller c = h.elect(0);
        TopicPartition t2 = tp("t", 2); // [2,0,1]
        h.createTopic("t", 3, 3);
        LeaderAndIsr original = h.state(t2);
        int writesBefore = h.recording.writes();

        // Broker 1 dies; just before the controller's write lands, leader 2 drops 0 from the ISR.
        h.recording.beforeNextWrite(states -> h.coordinators.get(2).updateIsrAsLeader(t2, original.withIsr(List.of(2, 1))));
        try (LogCapture logs = new LogCapture(Controller.class.getPackageName())) {
            h.kill(1);
            assertThat(logs.infos()).anyMatch(l -> l.contains("Conflicting write to t-2") && l.contains("deciding again"));
        }

        assertThat(h.recording.writes() - writesBefore).as("first write, then the re-decided partition").isEqualTo(2);
        assertThat(h.recording.writeSizes.get(writesBefore + 1)).isEqualTo(1);
        assertThat(h.state(t2)).isEqualTo(new LeaderAndIsr(2, 1, List.of(2), c.epoch(), 2));
    }

    // ------------------------------------------------------------------ controlled shutdown

    @Test
    void controlledShutdownMovesLeadershipsDropsIsrMembershipAndStopsFollowers() {
        ControllerHarness h = new ControllerHarness(13, NO_REBALANCE).brokers(invoiceLayout());
        Controller c = h.elect(0);
        h.createTopic("invoice", 10, 3);
        h.createTopic(new TopicAssignment("single", Map.of(0, List.of(2)), Map.of()));
        h.clearStubs();

        Set<TopicPartition> remaining = h.await(c.controlledShutdown(2));
        h.settle();

        assertThat(remaining).as("replication factor 1 cannot move").containsExactly(tp("single", 0));
        assertThat(h.state(invoice(4))).extracting(LeaderAndIsr::leader, LeaderAndIsr::isr, LeaderAndIsr::leaderEpoch)
                .containsExactly(5, List.of(5, 0), 1); // P4 [2,5,0]
        assertThat(h.state(invoice(2))).extracting(LeaderAndIsr::leader, LeaderAndIsr::isr)
                .containsExactly(1, List.of(1, 4)); // P2 [1,4,2]
        assertThat(h.state(tp("single", 0)).leader()).isEqualTo(2);
        assertThat(h.stub(2).leaderAndIsr()).as("the departing broker is told to stop, not to follow").isEmpty();
        StopReplicaRequest stop = h.stub(2).stopReplica().get(0);
        assertThat(stop.deletePartitions()).isFalse();
        assertThat(stop.partitions()).containsExactly(invoice(2), invoice(3), invoice(4), invoice(8), invoice(9));
        assertThat(h.stub(5).lastState(invoice(4)).orElseThrow().state().leader()).isEqualTo(5);

        // While it shuts down it is not chosen again, even when it is the preferred replica.
        assertThat(h.await(c.electPreferredLeaders(Set.of(invoice(4))))).containsEntry(invoice(4),
                Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE);
        // Asking again (a retry) is harmless.
        assertThat(h.await(c.controlledShutdown(2))).containsExactly(tp("single", 0));
    }

    @Test
    void aControlledShutdownAskedForAnotherRegistrationOfTheBrokerIsRefused() {
        ControllerHarness h = new ControllerHarness(13, NO_REBALANCE).brokers(invoiceLayout());
        Controller c = h.elect(0);
        h.createTopic("invoice", 10, 3);
        CompletableFuture<Set<TopicPartition>> stale = c.controlledShutdown(2, 99);
        h.settle();
        assertThat(stale).isCompletedExceptionally();
        assertThatThrownBy(stale::join).hasCauseInstanceOf(io.replog.errors.StaleBrokerEpochException.class)
                .hasMessageContaining("asked for broker epoch 99");
        assertThat(h.state(invoice(4)).leader()).as("nothing moved").isEqualTo(2);
    }

    // ------------------------------------------------------------------ preferred election

    @Test
    void preferredElectionReportsPerPartition() {
        ControllerHarness h = new ControllerHarness(14, NO_REBALANCE).brokers(0, 1, 2);
        Controller c = h.elect(0);
        h.createTopic("t", 3, 3); // preferred: P0 0, P1 1, P2 2
        h.kill(1);
        h.restart(1);
        h.leaderSetsIsr(tp("t", 1), List.of(2, 0, 1)); // back in sync for P1 only
        // P0 [0,1,2]: preferred 0 leads. P1 [1,2,0]: led by 2, 1 in ISR. P2 [2,0,1]: led by 2.
        LeaderAndIsr p1Before = h.state(tp("t", 1));
        h.clearStubs();

        Map<TopicPartition, Errors> results = h.await(c.electPreferredLeaders(
                Set.of(tp("t", 0), tp("t", 1), tp("nope", 0))));
        h.settle();

        assertThat(results).containsOnly(Map.entry(tp("t", 0), Errors.ELECTION_NOT_NEEDED),
                Map.entry(tp("t", 1), Errors.NONE), Map.entry(tp("nope", 0), Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(h.state(tp("t", 1))).extracting(LeaderAndIsr::leader, LeaderAndIsr::leaderEpoch)
                .containsExactly(1, p1Before.leaderEpoch() + 1);
        assertThat(h.stub(1).lastState(tp("t", 1)).orElseThrow().state().leader()).isEqualTo(1);
        assertThat(h.stub(0).lastState(tp("t", 1)).orElseThrow().state().leader()).isEqualTo(1);
    }

    @Test
    void preferredElectionOfEveryPartitionWhenThePreferredReplicaIsOutOfSync() {
        ControllerHarness h = new ControllerHarness(15, NO_REBALANCE).brokers(0, 1, 2);
        Controller c = h.elect(2);
        h.createTopic("t", 3, 3);
        h.kill(0);
        h.restart(0); // back, but not in any ISR

        Map<TopicPartition, Errors> results = h.await(c.electPreferredLeaders(null));

        assertThat(results).containsOnly(Map.entry(tp("t", 0), Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE),
                Map.entry(tp("t", 1), Errors.ELECTION_NOT_NEEDED), Map.entry(tp("t", 2), Errors.ELECTION_NOT_NEEDED));
    }

    // ------------------------------------------------------------------ topics

    @Test
    void topicDeletionStopsAndDeletesReplicasThenRemovesTheTopic() {
        ControllerHarness h = new ControllerHarness(16, NO_REBALANCE).brokers(0, 1, 2);
        h.elect(0);
        TopicAssignment a = h.createTopic("doomed", 2, 2);
        h.createTopic("kept", 1, 3);
        h.clearStubs();

        h.await(h.coordinators.get(1).requestTopicDeletion("doomed"));
        h.settle();

        assertThat(h.sim.zooKeeper().topics()).containsOnlyKeys("kept");
        assertThat(h.sim.zooKeeper().pendingDeletions()).isEmpty();
        assertThat(h.sim.zooKeeper().partitionStates()).containsOnlyKeys(tp("kept", 0));
        for (int b = 0; b < 3; b++) {
            int broker = b;
            List<TopicPartition> held = a.topicPartitions().stream().filter(tp -> a.replicas(tp).contains(broker)).toList();
            StubBroker stub = h.stub(b);
            assertThat(stub.stopReplica()).singleElement().satisfies(s -> {
                assertThat(s.deletePartitions()).isTrue();
                assertThat(s.partitions()).containsExactlyElementsOf(held);
            });
            assertThat(stub.updateMetadata()).anySatisfy(um -> assertThat(um.deletedTopics()).containsExactly("doomed"));
            assertThat(stub.leaderAndIsr()).isEmpty();
        }
    }

    @Test
    void isrChangeFromALeaderReachesEveryBrokersMetadata() {
        ControllerHarness h = new ControllerHarness(17, NO_REBALANCE).brokers(0, 1, 2);
        h.elect(0);
        h.createTopic("t", 1, 3);
        h.clearStubs();

        h.leaderSetsIsr(tp("t", 0), List.of(0, 2));

        for (int b = 0; b < 3; b++) {
            assertThat(h.stub(b).updateMetadata()).singleElement().satisfies(um ->
                    assertThat(um.partitions()).singleElement().satisfies(pi -> assertThat(pi.isr()).containsExactly(0, 2)));
            assertThat(h.stub(b).leaderAndIsr()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ requests

    @Test
    void requestsToAnUnreachableBrokerAreRetriedInOrderUntilItIsReachable() {
        ControllerHarness h = new ControllerHarness(18,
                NO_REBALANCE.withRequestRetryBackoffMs(200)).brokers(0, 1, 2);
        h.elect(0);
        h.clearStubs();
        h.sim.network().isolate(2); // its session stays: the controller still sees it live
        h.createTopic("t", 3, 3);
        h.createTopic("u", 1, 3);
        h.sim.runFor(10_000);
        assertThat(h.stub(2).received).isEmpty();

        h.sim.network().heal(2);
        h.sim.runFor(10_000);

        assertThat(h.stub(2).apiKeys()).as("each decided request once, in decision order")
                .containsExactly("LEADER_AND_ISR", "UPDATE_METADATA", "LEADER_AND_ISR", "UPDATE_METADATA");
        assertThat(h.stub(2).leaderAndIsr().get(0).partitions()).extracting(s -> s.partition().topic())
                .containsOnly("t");
    }

    @Test
    void aBrokerThatDiesWithRequestsQueuedGetsFullStateWhenItReturns() {
        ControllerHarness h = new ControllerHarness(19, NO_REBALANCE).brokers(0, 1, 2);
        h.elect(0);
        h.sim.network().isolate(2);
        h.createTopic("t", 3, 3);
        h.kill(2);
        h.sim.network().heal(2);

        h.restart(2);

        // Only what it needs now, not the stale queue: one LeaderAndIsr for its three replicas.
        assertThat(h.stub(2).leaderAndIsr()).singleElement().satisfies(r -> assertThat(r.partitions()).hasSize(3));
        assertThat(h.stub(2).updateMetadata()).singleElement().satisfies(um -> assertThat(um.partitions()).hasSize(3));
    }

    // ------------------------------------------------------------------ determinism

    /** A scenario with failures, a return, a conflict-free rebalance and a deletion, as one trace. */
    private static long scenarioFingerprint(long seed) {
        ControllerHarness h = new ControllerHarness(seed, ControllerSettings.defaults().withAutoLeaderRebalance(true, 700))
                .brokers(invoiceLayout());
        h.elect(0);
        h.createTopic("invoice", 10, 3);
        h.createTopic("other", 4, 2);
        h.kill(3);
        h.kill(4);
        h.restart(3);
        h.leaderSetsIsr(invoice(1), List.of(1, 3));
        h.await(h.coordinators.get(1).requestTopicDeletion("other"));
        h.sim.runFor(3_000);
        return h.sim.trace().fingerprint() ^ h.sim.zooKeeper().partitionStates().hashCode();
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        assertThat(scenarioFingerprint(23)).isEqualTo(scenarioFingerprint(23));
    }

    // ------------------------------------------------------------------ scale

    @Test
    void failoverOfTenThousandPartitionsIsDecidedInOneCoordinatorWrite() {
        ControllerHarness h = new ControllerHarness(20, NO_REBALANCE).brokers(0, 1, 2, 3, 4);
        try (LogCapture quiet = new LogCapture(Controller.class.getPackageName(), ch.qos.logback.classic.Level.WARN)) {
            h.elect(0);
            h.createTopic("big", 10_000, 3);
            int writesBefore = h.recording.writes();
            Set<TopicPartition> ledByOne = new HashSet<>();
            h.sim.zooKeeper().partitionStates().forEach((tp, s) -> {
                if (s.leader() == 1) {
                    ledByOne.add(tp);
                }
            });
            long eventStart = System.nanoTime();
            h.kill(1);
            long decidedAt = h.recording.writeNanos.get(writesBefore);

            assertThat(h.recording.writes() - writesBefore).as("one pipelined batch").isEqualTo(1);
            int batch = h.recording.writeSizes.get(writesBefore);
            assertThat(ledByOne).hasSize(2_000);
            assertThat(batch).as("every partition broker 1 led or followed in sync").isEqualTo(6_000);
            ledByOne.forEach(tp -> assertThat(h.state(tp).leader()).isNotEqualTo(1).isNotEqualTo(-1));
            System.out.printf("10 000-partition fail-over: %d partitions decided and written in 1 coordinator call; "
                            + "decision took %.1f ms of real time (failure handling incl. the simulated session "
                            + "expiry: %.1f ms)%n", batch, (decidedAt - eventStart) / 1e6,
                    (System.nanoTime() - eventStart) / 1e6);
        }
    }
}

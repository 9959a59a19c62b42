package io.replog.internal.controller;

import io.replog.internal.controller.PartitionStateChange.Kind;
import io.replog.coordinator.LeaderAndIsr;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.replog.internal.controller.PartitionLeaderElector.electForControlledShutdown;
import static io.replog.internal.controller.PartitionLeaderElector.electOffline;
import static io.replog.internal.controller.PartitionLeaderElector.electPreferred;
import static io.replog.internal.controller.PartitionLeaderElector.initialize;
import static io.replog.internal.controller.PartitionLeaderElector.reconcile;
import static io.replog.internal.controller.PartitionLeaderElector.removeFromIsr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLeaderElectorTest {
    static final int CONTROLLER_EPOCH = 7;
    static final List<Integer> REPLICAS = List.of(1, 2, 3);

    /** Leader {@code leader} at leader epoch 4, stored as version 11, written by controller epoch 6. */
    static LeaderAndIsr state(int leader, Integer... isr) {
        return new LeaderAndIsr(leader, 4, List.of(isr), 6, 11);
    }

    static ClusterView live(Integer... brokers) {
        return ClusterView.of(Set.of(brokers), CONTROLLER_EPOCH);
    }

    static ClusterView liveShuttingDown(Set<Integer> live, Integer... shuttingDown) {
        return new ClusterView(live, Set.of(shuttingDown), CONTROLLER_EPOCH);
    }

    static void assertProposed(PartitionStateChange e, Kind kind, int leader, Integer... isr) {
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.proposed().leader()).as("leader").isEqualTo(leader);
        assertThat(e.proposed().isr()).as("isr").containsExactly(isr);
        assertThat(e.proposed().leaderEpoch()).as("leader epoch bumped once").isEqualTo(5);
        assertThat(e.proposed().controllerEpoch()).isEqualTo(CONTROLLER_EPOCH);
        assertThat(e.proposed().partitionEpoch()).as("conditional on the version read").isEqualTo(11);
    }

    @Nested
    class Initialize {
        @Test
        void leaderIsFirstLiveReplicaAndIsrTheLiveReplicas() {
            PartitionStateChange e = initialize(REPLICAS, live(2, 3, 9));
            assertThat(e.kind()).isEqualTo(Kind.INITIALIZED);
            assertThat(e.proposed()).isEqualTo(new LeaderAndIsr(2, 0, List.of(2, 3), CONTROLLER_EPOCH,
                    LeaderAndIsr.NEW_PARTITION));
        }

        @Test
        void allLiveGivesPreferredLeaderAndFullIsr() {
            assertThat(initialize(REPLICAS, live(1, 2, 3)).proposed().leader()).isEqualTo(1);
            assertThat(initialize(REPLICAS, live(1, 2, 3)).proposed().isr()).containsExactly(1, 2, 3);
        }

        @Test
        void shuttingDownBrokerIsSkippedForLeaderButStaysInIsr() {
            PartitionStateChange e = initialize(REPLICAS, liveShuttingDown(Set.of(1, 2, 3), 1));
            assertThat(e.proposed().leader()).isEqualTo(2);
            assertThat(e.proposed().isr()).containsExactly(1, 2, 3);
        }

        @Test
        void noLiveReplicaStartsOfflineWithEveryReplicaEligible() {
            PartitionStateChange e = initialize(REPLICAS, live(7));
            assertThat(e.kind()).isEqualTo(Kind.WENT_OFFLINE);
            assertThat(e.proposed().leader()).isEqualTo(LeaderAndIsr.NO_LEADER);
            assertThat(e.proposed().isr()).containsExactly(1, 2, 3);
        }

        @Test
        void emptyReplicasAreABug() {
            assertThatThrownBy(() -> initialize(List.of(), live(1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Offline {
        @Test
        void liveLeaderNeedsNoElection() {
            assertThat(electOffline(REPLICAS, state(1, 1, 2), live(1, 2), false).kind()).isEqualTo(Kind.NO_CHANGE);
        }

        @Test
        void firstLiveIsrMemberInAssignmentOrderLeads() {
            // ISR order differs from assignment order: assignment order wins.
            PartitionStateChange e = electOffline(REPLICAS, state(1, 1, 3, 2), live(2, 3), false);
            assertProposed(e, Kind.LEADER_ELECTED, 2, 3, 2);
        }

        @Test
        void liveReplicaOutsideIsrIsNotACleanCandidate() {
            PartitionStateChange e = electOffline(REPLICAS, state(1, 1, 3), live(2, 3), false);
            assertProposed(e, Kind.LEADER_ELECTED, 3, 3);
        }

        @Test
        void noLiveIsrWithUncleanOffGoesOfflineKeepingTheLastIsr() {
            PartitionStateChange e = electOffline(REPLICAS, state(1, 1), live(2, 3), false);
            assertProposed(e, Kind.WENT_OFFLINE, LeaderAndIsr.NO_LEADER, 1);
        }

        @Test
        void severalDeadIsrMembersAreAllKept() {
            PartitionStateChange e = electOffline(REPLICAS, state(1, 1, 2), live(3), false);
            assertProposed(e, Kind.WENT_OFFLINE, LeaderAndIsr.NO_LEADER, 1, 2);
        }

        @Test
        void noLiveIsrWithUncleanOnElectsFirstLiveReplica() {
            PartitionStateChange e = electOffline(REPLICAS, state(1, 1), live(3, 2), true);
            assertProposed(e, Kind.UNCLEAN_LEADER_ELECTED, 2, 2);
        }

        @Test
        void uncleanIsNotUsedWhenACleanLeaderExists() {
            PartitionStateChange e = electOffline(REPLICAS, state(1, 1, 3), live(2, 3), true);
            assertProposed(e, Kind.LEADER_ELECTED, 3, 3);
        }

        @Test
        void noLiveReplicaAtAllGoesOfflineEvenWithUnclean() {
            assertProposed(electOffline(REPLICAS, state(1, 1, 2), live(9), true), Kind.WENT_OFFLINE,
                    LeaderAndIsr.NO_LEADER, 1, 2);
        }

        @Test
        void alreadyOfflineAndStillNoCandidateWritesNothing() {
            LeaderAndIsr offline = state(LeaderAndIsr.NO_LEADER, 1);
            assertThat(electOffline(REPLICAS, offline, live(2, 3), false).kind()).isEqualTo(Kind.NO_ELIGIBLE_LEADER);
            assertThat(electOffline(REPLICAS, offline, live(), true).kind()).isEqualTo(Kind.NO_ELIGIBLE_LEADER);
        }

        @Test
        void lastIsrMemberReturningLeadsAgain() {
            PartitionStateChange e = electOffline(REPLICAS, state(LeaderAndIsr.NO_LEADER, 1, 2), live(2, 3), false);
            assertProposed(e, Kind.LEADER_ELECTED, 2, 2);
        }

        @Test
        void shuttingDownIsrMemberLeadsOnlyWhenNoOtherCan() {
            assertProposed(electOffline(REPLICAS, state(1, 1, 2, 3), liveShuttingDown(Set.of(2, 3), 2), false),
                    Kind.LEADER_ELECTED, 3, 2, 3);
            assertProposed(electOffline(REPLICAS, state(1, 1, 2), liveShuttingDown(Set.of(2, 3), 2), false),
                    Kind.LEADER_ELECTED, 2, 2);
        }

        @Test
        void uncleanPrefersABrokerNotShuttingDown() {
            assertProposed(electOffline(REPLICAS, state(1, 1), liveShuttingDown(Set.of(2, 3), 2), true),
                    Kind.UNCLEAN_LEADER_ELECTED, 3, 3);
        }
    }

    @Nested
    class IsrRemoval {
        @Test
        void deadFollowerLeavesTheIsrAndTheLeaderStays() {
            assertProposed(removeFromIsr(state(1, 1, 2, 3), Set.of(2), live(1, 3)), Kind.ISR_SHRUNK, 1, 1, 3);
        }

        @Test
        void followerOutsideTheIsrChangesNothing() {
            assertThat(removeFromIsr(state(1, 1, 3), Set.of(2), live(1, 3)).kind()).isEqualTo(Kind.NO_CHANGE);
        }

        @Test
        void offlinePartitionKeepsItsIsr() {
            assertThat(removeFromIsr(state(LeaderAndIsr.NO_LEADER, 1, 2), Set.of(2), live(3)).kind())
                    .isEqualTo(Kind.NO_CHANGE);
        }

        @Test
        void departedLeaderIsNotAnIsrRemoval() {
            assertThat(removeFromIsr(state(1, 1, 2), Set.of(1), live(2)).kind()).isEqualTo(Kind.NO_CHANGE);
        }
    }

    @Nested
    class Reconcile {
        @Test
        void newPartitionIsInitialized() {
            assertThat(reconcile(REPLICAS, null, live(1, 2, 3), false).kind()).isEqualTo(Kind.INITIALIZED);
        }

        @Test
        void deadLeaderIsReplaced() {
            assertProposed(reconcile(REPLICAS, state(1, 1, 2, 3), live(2, 3), false), Kind.LEADER_ELECTED, 2, 2, 3);
        }

        @Test
        void deadFollowersLeaveTheIsr() {
            assertProposed(reconcile(REPLICAS, state(1, 1, 2, 3), live(1), false), Kind.ISR_SHRUNK, 1, 1);
        }

        @Test
        void healthyPartitionIsLeftAlone() {
            assertThat(reconcile(REPLICAS, state(2, 2, 1), live(1, 2), false).kind()).isEqualTo(Kind.NO_CHANGE);
        }

        @Test
        void offlinePartitionComesBackWhenItsLastIsrMemberReturns() {
            assertProposed(reconcile(REPLICAS, state(LeaderAndIsr.NO_LEADER, 3), live(2, 3), false),
                    Kind.LEADER_ELECTED, 3, 3);
        }
    }

    @Nested
    class Preferred {
        @Test
        void preferredAlreadyLeadingNeedsNoElection() {
            assertThat(electPreferred(REPLICAS, state(1, 1, 2), live(1, 2)).kind()).isEqualTo(Kind.NO_CHANGE);
        }

        @Test
        void preferredLiveAndInIsrTakesOver() {
            assertProposed(electPreferred(REPLICAS, state(2, 2, 1, 3), live(1, 2, 3)), Kind.LEADER_ELECTED, 1, 2, 1, 3);
        }

        @Test
        void preferredNotInIsrIsNotEligible() {
            assertThat(electPreferred(REPLICAS, state(2, 2, 3), live(1, 2, 3)).kind()).isEqualTo(Kind.NO_ELIGIBLE_LEADER);
        }

        @Test
        void preferredDeadOrShuttingDownIsNotEligible() {
            assertThat(electPreferred(REPLICAS, state(2, 2, 1), live(2)).kind()).isEqualTo(Kind.NO_ELIGIBLE_LEADER);
            assertThat(electPreferred(REPLICAS, state(2, 2, 1), liveShuttingDown(Set.of(1, 2), 1)).kind())
                    .isEqualTo(Kind.NO_ELIGIBLE_LEADER);
        }

        @Test
        void preferredElectionOfAnOfflinePartitionDropsDeadIsrMembers() {
            assertProposed(electPreferred(REPLICAS, state(LeaderAndIsr.NO_LEADER, 1, 2), live(1)),
                    Kind.LEADER_ELECTED, 1, 1);
        }
    }

    @Nested
    class ControlledShutdown {
        @Test
        void leadershipMovesToFirstOtherIsrMemberAndTheBrokerLeavesTheIsr() {
            PartitionStateChange e = electForControlledShutdown(REPLICAS, state(1, 1, 3, 2), liveShuttingDown(Set.of(1, 2, 3), 1));
            assertProposed(e, Kind.LEADER_ELECTED, 2, 3, 2);
        }

        @Test
        void followerJustLeavesTheIsr() {
            PartitionStateChange e = electForControlledShutdown(REPLICAS, state(1, 1, 2, 3), liveShuttingDown(Set.of(1, 2, 3), 2));
            assertProposed(e, Kind.ISR_SHRUNK, 1, 1, 3);
        }

        @Test
        void followerOutsideTheIsrChangesNothing() {
            assertThat(electForControlledShutdown(REPLICAS, state(1, 1, 3), liveShuttingDown(Set.of(1, 2, 3), 2))
                    .kind()).isEqualTo(Kind.NO_CHANGE);
        }

        @Test
        void replicationFactorOneKeepsItsLeader() {
            PartitionStateChange e = electForControlledShutdown(List.of(4), state(4, 4), liveShuttingDown(Set.of(1, 4), 4));
            assertThat(e.kind()).isEqualTo(Kind.NO_ELIGIBLE_LEADER);
            assertThat(e.changes()).isFalse();
        }

        @Test
        void noOtherIsrMemberKeepsTheLeader() {
            assertThat(electForControlledShutdown(REPLICAS, state(1, 1), liveShuttingDown(Set.of(1, 2, 3), 1))
                    .kind()).isEqualTo(Kind.NO_ELIGIBLE_LEADER);
        }

        @Test
        void twoBrokersShuttingDownAtOnceAreBothAvoided() {
            PartitionStateChange e = electForControlledShutdown(REPLICAS, state(1, 1, 2, 3), liveShuttingDown(Set.of(1, 2, 3), 1, 2));
            assertProposed(e, Kind.LEADER_ELECTED, 3, 3);
        }

        @Test
        void offlinePartitionIsLeftAlone() {
            assertThat(electForControlledShutdown(REPLICAS, state(LeaderAndIsr.NO_LEADER, 1), liveShuttingDown(Set.of(1), 1))
                    .kind()).isEqualTo(Kind.NO_CHANGE);
        }
    }

    @Test
    void electionRejectsAWriteKindWithoutAState() {
        assertThatThrownBy(() -> new PartitionStateChange(Kind.LEADER_ELECTED, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PartitionStateChange(Kind.NO_CHANGE, state(1, 1))).isInstanceOf(IllegalArgumentException.class);
    }
}

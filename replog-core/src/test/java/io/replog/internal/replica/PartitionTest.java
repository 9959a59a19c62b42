package io.replog.internal.replica;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.errors.NotEnoughReplicasException;
import io.replog.errors.NotLeaderException;
import io.replog.config.LogConfig;
import io.replog.log.PartitionLog;
import io.replog.protocol.Errors;
import io.replog.record.RecordBatchBuilder;
import io.replog.time.ManualClock;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leader's bookkeeping: ISR, high watermark, acks=all outcomes and fencing, driven by hand. */
class PartitionTest {
    static final TopicPartition TP = new TopicPartition("invoice", 0);
    static final List<Integer> REPLICAS = List.of(0, 1, 2);

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock();
    PartitionLog log;
    Partition leader;

    @BeforeEach
    void setUp() {
        log = PartitionLog.open(dir, TP, LogConfig.defaults(), clock);
        leader = new Partition(TP, 0, log, new ReplicationSettings(2, 10_000));
    }

    @AfterEach
    void tearDown() {
        log.close();
    }

    static ByteBuffer batch(int records) {
        RecordBatchBuilder b = new RecordBatchBuilder(1024);
        b.reset(0L, 1_000L);
        for (int i = 0; i < records; i++) {
            b.append(1_000L, (byte[]) null, new byte[]{(byte) i});
        }
        return b.buildCopy();
    }

    LeaderAndIsr state(int leaderId, int epoch, List<Integer> isr, int version) {
        return new LeaderAndIsr(leaderId, epoch, isr, 1, version);
    }

    @Test
    void highWatermarkIsTheSmallestLogEndOverTheIsr() {
        assertThat(leader.makeLeader(state(0, 1, REPLICAS, 0), REPLICAS, clock.millis())).isTrue();
        leader.appendAsLeader(batch(10), true);
        assertThat(leader.logEndOffset()).isEqualTo(10);
        assertThat(leader.highWatermark()).isZero();

        leader.onFollowerFetch(1, 10, clock.millis());
        assertThat(leader.highWatermark()).as("follower 2 has not fetched yet").isZero();
        leader.onFollowerFetch(2, 4, clock.millis());
        assertThat(leader.highWatermark()).isEqualTo(4);
        assertThat(leader.acksAllOutcome(10)).isEmpty();
        leader.onFollowerFetch(2, 10, clock.millis());
        assertThat(leader.highWatermark()).isEqualTo(10);
        assertThat(leader.acksAllOutcome(10)).contains(Errors.NONE);
    }

    @Test
    void minInsyncReplicasRefusesBeforeAppending() {
        leader.makeLeader(state(0, 1, List.of(0), 0), REPLICAS, clock.millis());
        assertThatThrownBy(() -> leader.appendAsLeader(batch(1), true))
                .isInstanceOf(NotEnoughReplicasException.class)
                .hasMessageContaining("1 in-sync replicas [0]").hasMessageContaining("min.insync.replicas=2");
        assertThat(leader.logEndOffset()).as("nothing appended").isZero();
        leader.appendAsLeader(batch(1), false);
        assertThat(leader.logEndOffset()).as("acks=1 is not held to min.insync.replicas").isEqualTo(1);
    }

    @Test
    void followerThatStopsCatchingUpLeavesTheIsrAndHoldsTheHighWatermarkUntilConfirmed() {
        leader.makeLeader(state(0, 1, REPLICAS, 0), REPLICAS, clock.millis());
        leader.appendAsLeader(batch(5), true);
        leader.onFollowerFetch(1, 5, clock.millis());
        leader.onFollowerFetch(2, 5, clock.millis());
        assertThat(leader.highWatermark()).isEqualTo(5);

        leader.appendAsLeader(batch(5), true);
        clock.advanceMillis(5_000);
        leader.onFollowerFetch(1, 10, clock.millis());
        clock.advanceMillis(5_001);
        leader.onFollowerFetch(1, 10, clock.millis());
        Optional<LeaderAndIsr> shrink = leader.maybeShrinkIsr(clock.millis());
        assertThat(shrink).as("follower 2 last caught up 10 001 ms ago").hasValueSatisfying(p -> {
            assertThat(p.isr()).containsExactly(0, 1);
            assertThat(p.partitionEpoch()).isZero();
        });
        assertThat(leader.highWatermark()).as("2 still counts while the shrink is in flight").isEqualTo(5);
        assertThat(leader.acksAllOutcome(10)).isEmpty();

        leader.onIsrUpdate(shrink.orElseThrow(), StateUpdate.applied(state(0, 1, List.of(0, 1), 1)));
        assertThat(leader.isr()).containsExactly(0, 1);
        assertThat(leader.highWatermark()).isEqualTo(10);
        assertThat(leader.acksAllOutcome(10)).contains(Errors.NONE);
    }

    @Test
    void shrinkBelowMinIsrAfterAppendAnswersNotEnoughReplicasAfterAppend() {
        leader.makeLeader(state(0, 1, List.of(0, 1), 0), REPLICAS, clock.millis());
        leader.appendAsLeader(batch(3), true);
        clock.advanceMillis(10_001);
        Optional<LeaderAndIsr> shrink = leader.maybeShrinkIsr(clock.millis());
        assertThat(shrink).hasValueSatisfying(p -> assertThat(p.isr()).containsExactly(0));
        leader.onIsrUpdate(shrink.orElseThrow(), StateUpdate.applied(state(0, 1, List.of(0), 1)));
        assertThat(leader.highWatermark()).isEqualTo(3);
        assertThat(leader.acksAllOutcome(3)).contains(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
    }

    @Test
    void caughtUpFollowerIsProposedForTheIsrAndCountsAtOnce() {
        leader.makeLeader(state(0, 1, List.of(0, 1), 0), REPLICAS, clock.millis());
        leader.appendAsLeader(batch(4), true);
        leader.onFollowerFetch(1, 4, clock.millis());
        assertThat(leader.highWatermark()).isEqualTo(4);
        assertThat(leader.onFollowerFetch(2, 2, clock.millis())).as("behind the high watermark").isEmpty();
        Optional<LeaderAndIsr> expansion = leader.onFollowerFetch(2, 4, clock.millis());
        assertThat(expansion).hasValueSatisfying(p -> assertThat(p.isr()).containsExactly(0, 1, 2));
        leader.appendAsLeader(batch(1), true);
        leader.onFollowerFetch(1, 5, clock.millis());
        assertThat(leader.highWatermark()).as("the joining member counts while being added").isEqualTo(4);
        leader.onIsrUpdate(expansion.orElseThrow(), StateUpdate.applied(state(0, 1, List.of(0, 1, 2), 1)));
        assertThat(leader.isr()).containsExactly(0, 1, 2);
    }

    @Test
    void aLateAnswerToAnEarlierIsrProposalDoesNotDropTheNewerOne() {
        leader.makeLeader(state(0, 1, List.of(0, 1), 0), REPLICAS, clock.millis());
        leader.appendAsLeader(batch(4), true);
        leader.onFollowerFetch(1, 4, clock.millis());
        LeaderAndIsr addTwo = leader.onFollowerFetch(2, 4, clock.millis()).orElseThrow();
        assertThat(addTwo.isr()).containsExactly(0, 1, 2);

        // The answer to an earlier proposal of this epoch (here: a shrink to [0]) arrives late.
        LeaderAndIsr earlier = state(0, 1, List.of(0), 0);
        leader.onIsrUpdate(earlier, StateUpdate.conflict(state(0, 1, List.of(0, 1), 0)));
        assertThat(leader.maximalIsr()).as("member 2, being added, still counts").contains(2);
        leader.appendAsLeader(batch(3), true);
        leader.onFollowerFetch(1, 7, clock.millis());
        assertThat(leader.highWatermark()).as("held at member 2's log end").isEqualTo(4);

        leader.onIsrUpdate(addTwo, StateUpdate.applied(state(0, 1, List.of(0, 1, 2), 1)));
        assertThat(leader.isr()).containsExactly(0, 1, 2);
        leader.onFollowerFetch(2, 7, clock.millis());
        assertThat(leader.highWatermark()).isEqualTo(7);
    }

    /**
     * Found by soak seed 2000318: the expansion to [0, 1, 2] lands but its answer is lost; this
     * leader is cut off while the controller elects broker 2 from the stored ISR; the retried write
     * meets a newer leadership. Going back to ISR [0, 1] would commit records broker 2 lacks.
     */
    @Test
    void aConflictWithANewerLeadershipFencesTheLeaderInsteadOfShrinkingBack() {
        leader.makeLeader(state(0, 1, List.of(0, 1), 0), REPLICAS, clock.millis());
        leader.appendAsLeader(batch(4), true);
        leader.onFollowerFetch(1, 4, clock.millis());
        LeaderAndIsr addTwo = leader.onFollowerFetch(2, 4, clock.millis()).orElseThrow();
        leader.onIsrUpdateFailed(addTwo);
        LeaderAndIsr retry = leader.retryPendingIsr().orElseThrow();

        leader.appendAsLeader(batch(3), true);
        leader.onIsrUpdate(retry, StateUpdate.conflict(state(2, 2, List.of(0, 1, 2), 2)));
        leader.onFollowerFetch(1, 7, clock.millis());
        assertThat(leader.isFenced()).isTrue();
        assertThat(leader.highWatermark()).as("held where broker 2, the new leader, is").isEqualTo(4);
        assertThatThrownBy(() -> leader.appendAsLeader(batch(1), false))
                .isInstanceOf(NotLeaderException.class).hasMessageContaining("newer leadership");
        assertThat(leader.maybeShrinkIsr(clock.millis() + 60_000)).as("a fenced leader proposes nothing").isEmpty();

        // The controller's decision reaches it: it follows, and is no longer fenced.
        assertThat(leader.makeFollower(state(2, 2, List.of(0, 1, 2), 2), REPLICAS)).isTrue();
        assertThat(leader.isFenced()).isFalse();
    }

    @Test
    void staleLeaderEpochsAreFencedAndNonLeadersRefuseWrites() {
        leader.makeLeader(state(0, 3, REPLICAS, 2), REPLICAS, clock.millis());
        assertThat(leader.makeFollower(state(1, 2, REPLICAS, 1), REPLICAS)).as("older epoch").isFalse();
        assertThat(leader.isLeader()).isTrue();
        assertThat(leader.checkLeaderEpoch(2)).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(leader.checkLeaderEpoch(4)).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
        assertThat(leader.checkLeaderEpoch(3)).isEqualTo(Errors.NONE);

        assertThat(leader.makeFollower(state(1, 4, REPLICAS, 3), REPLICAS)).isTrue();
        assertThatThrownBy(() -> leader.appendAsLeader(batch(1), false))
                .isInstanceOf(NotLeaderException.class).hasMessageContaining("leader is 1");
        assertThat(leader.acksAllOutcome(0)).contains(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void leaderRecordsItsEpochStartAndAnswersEpochQueries() {
        leader.makeLeader(state(0, 1, REPLICAS, 0), REPLICAS, clock.millis());
        leader.appendAsLeader(batch(3), false);
        leader.makeLeader(state(0, 2, REPLICAS, 1), REPLICAS, clock.millis());
        assertThat(leader.leaderEpochStartOffset()).isEqualTo(3);
        leader.appendAsLeader(batch(2), false);
        assertThat(leader.endOffsetForEpoch(1).endOffset()).isEqualTo(3);
        assertThat(leader.endOffsetForEpoch(2).endOffset()).isEqualTo(5);
    }

    @Test
    void anEpochOlderThanTheLeadersHistoryEndsWhereThatHistoryStarts() {
        leader.makeLeader(state(0, 5, REPLICAS, 0), REPLICAS, clock.millis());
        leader.appendAsLeader(batch(4), false);
        assertThat(leader.endOffsetForEpoch(2)).as("the follower must drop everything it holds from epoch 2")
                .isEqualTo(new io.replog.log.EpochEndOffset(2, 0));
        assertThat(leader.endOffsetForEpoch(5).endOffset()).isEqualTo(4);
    }

    @Test
    void truncatingAtTheLogEndDropsAnEpochTheReplicaLedWithoutWriting() {
        leader.makeLeader(state(0, 1, REPLICAS, 0), REPLICAS, clock.millis());
        leader.appendAsLeader(batch(3), false);
        leader.makeLeader(state(0, 2, REPLICAS, 1), REPLICAS, clock.millis());
        assertThat(leader.log().leaderEpochs().latestEpoch()).isEqualTo(2);
        leader.makeFollower(state(1, 3, REPLICAS, 2), REPLICAS);
        leader.truncateTo(3);
        assertThat(leader.logEndOffset()).isEqualTo(3);
        assertThat(leader.log().leaderEpochs().latestEpoch())
                .as("epoch 2 holds no record; keeping it would make every epoch query ask about it again")
                .isEqualTo(1);
    }

    @Test
    void followerTakesTheLeadersHighWatermarkCappedAtItsOwnEnd() {
        Partition follower = leader;
        follower.makeFollower(state(1, 1, REPLICAS, 0), REPLICAS);
        RecordBatchBuilder b = new RecordBatchBuilder(256);
        b.reset(0L, 1L).partitionLeaderEpoch(1);
        b.append(1L, (byte[]) null, new byte[]{1});
        b.append(1L, (byte[]) null, new byte[]{2});
        follower.appendAsFollower(b.buildCopy());
        follower.updateFollowerHighWatermark(10);
        assertThat(follower.highWatermark()).isEqualTo(2);
        follower.truncateTo(1);
        assertThat(follower.logEndOffset()).isZero();
        assertThat(follower.highWatermark()).isZero();
    }
}

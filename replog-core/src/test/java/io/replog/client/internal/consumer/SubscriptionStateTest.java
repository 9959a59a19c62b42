package io.replog.client.internal.consumer;

import io.replog.client.OffsetResetStrategy;
import io.replog.errors.OffsetOutOfRangeException;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A consumer's position bookkeeping as values: assignment keeps positions, missing positions
 * reset by auto.offset.reset (none: an error naming the partition), seeks, out-of-range answers,
 * leader epochs (newer ones trigger a KIP-320 validation when records were returned, older ones
 * are ignored), validation outcomes (divergence moves the position back), stale answers dropped,
 * and backoffs.
 */
class SubscriptionStateTest {
    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition B = new TopicPartition("t", 1);

    @Test
    void assignKeepsThePositionsOfKeptPartitionsAndStartsNewOnesWithout() {
        SubscriptionState s = new SubscriptionState(OffsetResetStrategy.LATEST);
        s.assign(List.of(A));
        s.seek(A, 42);
        assertThat(s.assign(List.of(A, B))).isEmpty();
        assertThat(s.position(A)).contains(42L);
        assertThat(s.position(B)).isEmpty();
        assertThat(s.assign(List.of(B))).containsExactly(A);
        assertThat(s.assignment()).containsExactly(B);
        assertThatThrownBy(() -> s.position(A)).isInstanceOf(IllegalStateException.class).hasMessageContaining("t-0");
    }

    @Test
    void missingPositionsResetAsAutoOffsetResetSays() {
        SubscriptionState s = new SubscriptionState(OffsetResetStrategy.EARLIEST);
        s.assign(List.of(A, B));
        s.seek(A, 5);
        s.resetMissingPositions();
        assertThat(s.resetsDue(0)).isEqualTo(Map.of(B, OffsetResetStrategy.EARLIEST));
        assertThat(s.completeReset(B, OffsetResetStrategy.LATEST, 9)).as("an answer to another reset").isFalse();
        assertThat(s.completeReset(B, OffsetResetStrategy.EARLIEST, 3)).isTrue();
        assertThat(s.position(B)).contains(3L);
        assertThat(s.offsetEpoch(B)).isEqualTo(SubscriptionState.NO_EPOCH);
        assertThat(s.resetsDue(0)).isEmpty();
    }

    @Test
    void noneGivesAnErrorNamingThePartitionUntilASeek() {
        SubscriptionState s = new SubscriptionState(OffsetResetStrategy.NONE);
        s.assign(List.of(A));
        s.resetMissingPositions();
        assertThat(s.firstError()).get().isInstanceOf(OffsetOutOfRangeException.class)
                .extracting(Throwable::getMessage).asString().contains("t-0").contains("auto.offset.reset is none");
        assertThat(s.resetsDue(0)).isEmpty();
        s.seek(A, 7);
        assertThat(s.firstError()).isEmpty();

        s.outOfRange(A, 7, 10, 20);
        assertThat(s.error(A)).get().extracting(Throwable::getMessage).asString()
                .contains("Fetch position 7").contains("t-0").contains("log start offset 10");
        assertThat(s.isFetchable(A, 0)).isFalse();
    }

    @Test
    void outOfRangeResetsByTheDefaultUnlessThePositionMoved() {
        SubscriptionState s = new SubscriptionState(OffsetResetStrategy.EARLIEST);
        s.assign(List.of(A));
        s.seek(A, 100);
        s.outOfRange(A, 50, 0, 10); // answer to a fetch from an older position
        assertThat(s.position(A)).contains(100L);
        s.outOfRange(A, 100, 0, 10);
        assertThat(s.position(A)).isEmpty();
        assertThat(s.resetsDue(0)).isEqualTo(Map.of(A, OffsetResetStrategy.EARLIEST));
    }

    @Test
    void seekToBeginningOrEndIsALazyResetThatASeekOverrides() {
        SubscriptionState s = new SubscriptionState(OffsetResetStrategy.LATEST);
        s.assign(List.of(A));
        s.seek(A, 5);
        s.requestReset(A, OffsetResetStrategy.EARLIEST);
        assertThat(s.position(A)).isEmpty();
        s.seek(A, 8);
        assertThat(s.resetsDue(0)).isEmpty();
        assertThat(s.completeReset(A, OffsetResetStrategy.EARLIEST, 0)).as("overridden by the seek").isFalse();
        assertThat(s.position(A)).contains(8L);
        assertThatThrownBy(() -> s.requestReset(A, OffsetResetStrategy.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.seek(A, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewerLeaderEpochAfterRecordsWereReturnedAwaitsValidation() {
        SubscriptionState s = new SubscriptionState(OffsetResetStrategy.EARLIEST);
        s.assign(List.of(A));
        s.seek(A, 0);
        assertThat(s.isFetchable(A, 0)).as("no leader known yet").isFalse();
        s.updateLeader(A, 1, 4);
        assertThat(s.isFetchable(A, 0)).isTrue();
        assertThat(s.awaitingValidation(A)).as("the first leader needs no validation").isFalse();

        s.advance(A, 10, 4);
        assertThat(s.updateLeader(A, 2, 3)).as("an older epoch is a stale answer").isFalse();
        assertThat(s.leaderId(A)).isEqualTo(1);
        assertThat(s.updateLeader(A, 2, 5)).isTrue();
        assertThat(s.leaderId(A)).isEqualTo(2);
        assertThat(s.leaderEpoch(A)).isEqualTo(5);
        assertThat(s.awaitingValidation(A)).isTrue();
        assertThat(s.isFetchable(A, 0)).isFalse();
        assertThat(s.validationsDue(0)).containsExactly(A);

        assertThat(s.completeValidation(A, 10, 4, 15)).as("the epoch ends past the position").isEmpty();
        assertThat(s.position(A)).contains(10L);
        assertThat(s.isFetchable(A, 0)).isTrue();
    }

    @Test
    void aLeaderChangeAfterASeekNeedsNoValidation() {
        SubscriptionState s = new SubscriptionState(OffsetResetStrategy.EARLIEST);
        s.assign(List.of(A));
        s.updateLeader(A, 1, 4);
        s.seek(A, 3);
        s.updateLeader(A, 2, 5);
        assertThat(s.awaitingValidation(A)).isFalse();
        assertThat(s.isFetchable(A, 0)).isTrue();
    }

    @Test
    void aDivergedLogMovesThePositionBackToTheEndOfTheEpoch() {
        SubscriptionState s = new SubscriptionState(OffsetResetStrategy.EARLIEST);
        s.assign(List.of(A));
        s.updateLeader(A, 1, 4);
        s.seek(A, 0);
        s.advance(A, 20, 4);
        s.updateLeader(A, 2, 5);
        assertThat(s.completeValidation(A, 19, 4, 12)).as("an answer for an older position").isEmpty();
        assertThat(s.awaitingValidation(A)).isTrue();
        SubscriptionState.Divergence d = s.completeValidation(A, 20, 3, 12).orElseThrow();
        assertThat(d).isEqualTo(new SubscriptionState.Divergence(A, 20, 12, 3));
        assertThat(s.position(A)).contains(12L);
        assertThat(s.offsetEpoch(A)).isEqualTo(3);
        assertThat(s.awaitingValidation(A)).isFalse();
    }

    @Test
    void anUndefinedEpochEndResetsByTheDefault() {
        SubscriptionState s = new SubscriptionState(OffsetResetStrategy.LATEST);
        s.assign(List.of(A));
        s.updateLeader(A, 1, 4);
        s.seek(A, 0);
        s.advance(A, 20, 4);
        s.updateLeader(A, 2, 5);
        assertThat(s.completeValidation(A, 20, -1, -1)).isEmpty();
        assertThat(s.resetsDue(0)).isEqualTo(Map.of(A, OffsetResetStrategy.LATEST));
    }

    @Test
    void aBackoffHoldsThePartitionUntilItEnds() {
        SubscriptionState s = new SubscriptionState(OffsetResetStrategy.EARLIEST);
        s.assign(List.of(A, B));
        s.updateLeader(A, 1, 1);
        s.seek(A, 0);
        s.backoff(A, 1_100);
        assertThat(s.isFetchable(A, 1_000)).isFalse();
        assertThat(s.nextRetryAtMs(1_000)).isEqualTo(1_100);
        assertThat(s.isFetchable(A, 1_100)).isTrue();
        assertThat(s.nextRetryAtMs(1_100)).isEqualTo(Long.MAX_VALUE);
        s.leaderUnknown(A);
        assertThat(s.hasLeader(A)).isFalse();
        assertThat(s.isFetchable(A, 2_000)).isFalse();
    }
}

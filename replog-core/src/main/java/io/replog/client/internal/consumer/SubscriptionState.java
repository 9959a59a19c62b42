package io.replog.client.internal.consumer;

import io.replog.client.OffsetResetStrategy;
import io.replog.errors.OffsetOutOfRangeException;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A consumer's bookkeeping per assigned partition, as plain values (no network): the position (the
 * next offset to return), the leader epoch of the last record returned (KIP-320's "offset epoch"),
 * the leader the consumer fetches from and its epoch, and what the partition waits for before it
 * can be fetched: a reset (a position to look up by {@code auto.offset.reset}, {@code seekToBeginning}
 * or {@code seekToEnd}), a validation (the leader changed after records were returned, so the new
 * leader must confirm the position), a retry backoff, or an error to give the application.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #assign} keeps the state of the partitions kept and starts new ones with no
 *       position (so they wait for a reset by {@code auto.offset.reset}).</li>
 *   <li>A partition is {@link #isFetchable fetchable} only with a position, a known leader, no
 *       reset or validation pending, no error pending and its backoff over.</li>
 *   <li>A leader with a newer epoch than the one fetched from, learned while the partition has an
 *       offset epoch, makes the partition wait for a validation; an older epoch (a stale metadata
 *       answer) is ignored.</li>
 *   <li>Answers to requests made for an older state (the position moved by a seek meanwhile) are
 *       recognised by the position they were made for, and dropped.</li>
 * </ul>
 * Not thread-safe: the consumer's calling thread owns it.
 */
public final class SubscriptionState {
    /** No leader epoch known, or the position came from a seek or a reset, not from a record. */
    public static final int NO_EPOCH = -1;

    private final OffsetResetStrategy defaultReset;
    private final Map<TopicPartition, PartitionState> partitions = new LinkedHashMap<>();

    /** Bookkeeping whose partitions without a position reset as {@code defaultReset} says. */
    public SubscriptionState(OffsetResetStrategy defaultReset) {
        this.defaultReset = Objects.requireNonNull(defaultReset, "defaultReset");
    }

    /** Where a leader change left a position: the position validated, and where the new leader's log ends. */
    public record Divergence(TopicPartition partition, long position, long newPosition, int epoch) {
    }

    private static final class PartitionState {
        Long position;
        int offsetEpoch = NO_EPOCH;
        OffsetResetStrategy pendingReset;
        boolean awaitingValidation;
        int leaderId = -1;
        int leaderEpoch = NO_EPOCH;
        long retryAtMs;
        RuntimeException error;
    }

    // ------------------------------------------------------------------ assignment

    /**
     * Makes the assignment exactly {@code assigned} (in its iteration order); returns the
     * partitions that were dropped.
     */
    public Set<TopicPartition> assign(Collection<TopicPartition> assigned) {
        Set<TopicPartition> wanted = new LinkedHashSet<>(assigned);
        Set<TopicPartition> removed = new LinkedHashSet<>(partitions.keySet());
        removed.removeAll(wanted);
        Map<TopicPartition, PartitionState> next = new LinkedHashMap<>();
        for (TopicPartition tp : wanted) {
            Objects.requireNonNull(tp, "partition");
            next.put(tp, partitions.getOrDefault(tp, new PartitionState()));
        }
        partitions.clear();
        partitions.putAll(next);
        return removed;
    }

    public Set<TopicPartition> assignment() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(partitions.keySet()));
    }

    public boolean isAssigned(TopicPartition tp) {
        return partitions.containsKey(tp);
    }

    public boolean isEmpty() {
        return partitions.isEmpty();
    }

    /** The topics of the assigned partitions. */
    public Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        partitions.keySet().forEach(tp -> topics.add(tp.topic()));
        return topics;
    }

    // ------------------------------------------------------------------ positions

    /** The position, if the partition has one (none while it waits for a reset). */
    public Optional<Long> position(TopicPartition tp) {
        PartitionState s = state(tp);
        return s.pendingReset != null ? Optional.empty() : Optional.ofNullable(s.position);
    }

    /** The leader epoch of the last record returned, or {@link #NO_EPOCH}. */
    public int offsetEpoch(TopicPartition tp) {
        return state(tp).offsetEpoch;
    }

    /** Starts the next read at {@code offset}; drops any reset, validation or error pending. */
    public void seek(TopicPartition tp, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset must not be negative, was " + offset + " for " + tp);
        }
        PartitionState s = state(tp);
        s.position = offset;
        s.offsetEpoch = NO_EPOCH;
        s.pendingReset = null;
        s.awaitingValidation = false;
        s.error = null;
        s.retryAtMs = 0;
    }

    /** Makes the partition look its position up by {@code strategy} (EARLIEST or LATEST) before it is fetched. */
    public void requestReset(TopicPartition tp, OffsetResetStrategy strategy) {
        if (strategy == OffsetResetStrategy.NONE) {
            throw new IllegalArgumentException("a reset needs earliest or latest, not none");
        }
        PartitionState s = state(tp);
        s.pendingReset = strategy;
        s.awaitingValidation = false;
        s.error = null;
        s.retryAtMs = 0;
    }

    /**
     * Resets the partitions that have no position and no reset pending as {@code auto.offset.reset}
     * says: with earliest or latest they wait for that lookup; with none each gets an
     * {@link OffsetOutOfRangeException} naming it, which {@link #error} hands to the application.
     */
    public void resetMissingPositions() {
        partitions.forEach((tp, s) -> {
            if (s.position == null && s.pendingReset == null && s.error == null) {
                if (defaultReset == OffsetResetStrategy.NONE) {
                    s.error = new OffsetOutOfRangeException("Partition " + tp + " has no position and "
                            + "auto.offset.reset is none; seek to an offset first");
                } else {
                    s.pendingReset = defaultReset;
                }
            }
        });
    }

    /**
     * The leader answered a fetch from {@code position} with OFFSET_OUT_OF_RANGE (its log runs
     * {@code logStartOffset} to beyond its high watermark {@code highWatermark}): resets as
     * {@code auto.offset.reset} says, or, with none, records an {@link OffsetOutOfRangeException}
     * naming the partition and the offsets. Ignored if the position moved meanwhile.
     */
    public void outOfRange(TopicPartition tp, long position, long logStartOffset, long highWatermark) {
        PartitionState s = partitions.get(tp);
        if (s == null || s.pendingReset != null || !Objects.equals(s.position, position)) {
            return;
        }
        if (defaultReset == OffsetResetStrategy.NONE) {
            s.error = new OffsetOutOfRangeException("Fetch position " + position + " is out of range for partition "
                    + tp + " (log start offset " + logStartOffset + ", high watermark " + highWatermark
                    + ") and auto.offset.reset is none; seek to an offset first");
        } else {
            s.pendingReset = defaultReset;
        }
    }

    /** The partitions waiting for a reset, with the strategy of each; only those not backing off at {@code nowMs}. */
    public Map<TopicPartition, OffsetResetStrategy> resetsDue(long nowMs) {
        Map<TopicPartition, OffsetResetStrategy> due = new LinkedHashMap<>();
        partitions.forEach((tp, s) -> {
            if (s.pendingReset != null && s.error == null && s.retryAtMs <= nowMs) {
                due.put(tp, s.pendingReset);
            }
        });
        return due;
    }

    /** The answer to a reset by {@code strategy}: the partition starts at {@code offset}, unless it moved meanwhile. */
    public boolean completeReset(TopicPartition tp, OffsetResetStrategy strategy, long offset) {
        PartitionState s = partitions.get(tp);
        if (s == null || s.pendingReset != strategy) {
            return false;
        }
        s.position = offset;
        s.offsetEpoch = NO_EPOCH;
        s.pendingReset = null;
        s.awaitingValidation = false;
        return true;
    }

    /**
     * Records returned up to {@code nextOffset} (exclusive), the last of them written in leader
     * epoch {@code epoch} (or {@link #NO_EPOCH} when the position passed records it did not
     * return, such as control records, keeping the previous epoch).
     */
    public void advance(TopicPartition tp, long nextOffset, int epoch) {
        PartitionState s = state(tp);
        s.position = nextOffset;
        if (epoch != NO_EPOCH) {
            s.offsetEpoch = epoch;
        }
    }

    // ------------------------------------------------------------------ leaders and validation

    /** The leader the consumer fetches from, or -1 when unknown. */
    public int leaderId(TopicPartition tp) {
        return state(tp).leaderId;
    }

    /** The epoch of that leader, sent as {@code currentLeaderEpoch}; {@link #NO_EPOCH} if unknown. */
    public int leaderEpoch(TopicPartition tp) {
        return state(tp).leaderEpoch;
    }

    /**
     * Metadata names {@code leaderId} (-1: none live) in {@code leaderEpoch}. A newer epoch
     * replaces the leader and, if records have been returned (an offset epoch is known), makes
     * the partition wait for a validation; an older epoch than the one known is a stale answer and
     * is ignored. Returns whether the leader changed.
     */
    public boolean updateLeader(TopicPartition tp, int leaderId, int leaderEpoch) {
        PartitionState s = partitions.get(tp);
        if (s == null || leaderEpoch < s.leaderEpoch) {
            return false;
        }
        if (leaderEpoch == s.leaderEpoch) {
            s.leaderId = leaderId; // -1 when the answer says the leader is not live
            return false;
        }
        boolean hadLeader = s.leaderEpoch != NO_EPOCH;
        s.leaderId = leaderId;
        s.leaderEpoch = leaderEpoch;
        if (hadLeader && s.offsetEpoch != NO_EPOCH && s.position != null && s.pendingReset == null) {
            s.awaitingValidation = true;
        }
        return true;
    }

    /** Forgets the partition's leader (a request to it failed) so that metadata names it again. */
    public void leaderUnknown(TopicPartition tp) {
        PartitionState s = partitions.get(tp);
        if (s != null) {
            s.leaderId = -1;
        }
    }

    /** The partitions whose position the new leader must confirm, not backing off at {@code nowMs}. */
    public List<TopicPartition> validationsDue(long nowMs) {
        List<TopicPartition> due = new ArrayList<>();
        partitions.forEach((tp, s) -> {
            if (s.awaitingValidation && s.error == null && s.retryAtMs <= nowMs) {
                due.add(tp);
            }
        });
        return due;
    }

    public boolean awaitingValidation(TopicPartition tp) {
        return state(tp).awaitingValidation;
    }

    /**
     * The leader says the epoch asked about (the offset epoch, for {@code position}) ended at
     * {@code endOffset}, and that the largest epoch it knows not above it is {@code epoch}. If the
     * log ends below the position the logs diverged: the position moves back to {@code endOffset}
     * and the divergence is returned (for a warning). An undefined answer ({@code endOffset} < 0)
     * resets as {@code auto.offset.reset} says. Ignored if the position moved meanwhile.
     */
    public Optional<Divergence> completeValidation(TopicPartition tp, long position, int epoch, long endOffset) {
        PartitionState s = partitions.get(tp);
        if (s == null || !s.awaitingValidation || !Objects.equals(s.position, position)) {
            return Optional.empty();
        }
        s.awaitingValidation = false;
        if (endOffset < 0) {
            outOfRange(tp, position, -1, -1);
            return Optional.empty();
        }
        if (endOffset < position) {
            s.position = endOffset;
            s.offsetEpoch = epoch;
            return Optional.of(new Divergence(tp, position, endOffset, epoch));
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ fetchability, backoff, errors

    /** Whether the partition can be fetched at {@code nowMs}. */
    public boolean isFetchable(TopicPartition tp, long nowMs) {
        PartitionState s = partitions.get(tp);
        return s != null && s.position != null && s.pendingReset == null && !s.awaitingValidation && s.error == null
                && s.leaderId >= 0 && s.retryAtMs <= nowMs;
    }

    /** Holds the partition back until {@code untilMs} (a retriable error). */
    public void backoff(TopicPartition tp, long untilMs) {
        PartitionState s = partitions.get(tp);
        if (s != null) {
            s.retryAtMs = Math.max(s.retryAtMs, untilMs);
        }
    }

    /** The earliest end of a backoff after {@code nowMs}, or {@link Long#MAX_VALUE}. */
    public long nextRetryAtMs(long nowMs) {
        long next = Long.MAX_VALUE;
        for (PartitionState s : partitions.values()) {
            if (s.retryAtMs > nowMs) {
                next = Math.min(next, s.retryAtMs);
            }
        }
        return next;
    }

    /** The error waiting for the application on {@code tp}, if any (it stays until a seek). */
    public Optional<RuntimeException> error(TopicPartition tp) {
        return Optional.ofNullable(state(tp).error);
    }

    /** The first error waiting on any assigned partition. */
    public Optional<RuntimeException> firstError() {
        return partitions.values().stream().map(s -> s.error).filter(Objects::nonNull).findFirst();
    }

    /** Records an error for the application on {@code tp}; it stays until a seek. */
    public void fail(TopicPartition tp, RuntimeException error) {
        PartitionState s = partitions.get(tp);
        if (s != null) {
            s.error = error;
        }
    }

    /** Whether the partition has a leader known to fetch from. */
    public boolean hasLeader(TopicPartition tp) {
        return state(tp).leaderId >= 0;
    }

    private PartitionState state(TopicPartition tp) {
        PartitionState s = partitions.get(tp);
        if (s == null) {
            throw new IllegalStateException("Partition " + tp + " is not assigned; assigned: " + partitions.keySet());
        }
        return s;
    }
}

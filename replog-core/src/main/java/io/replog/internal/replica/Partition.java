package io.replog.internal.replica;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.errors.NotEnoughReplicasException;
import io.replog.errors.NotLeaderException;
import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;
import io.replog.log.EpochEndOffset;
import io.replog.log.EpochEntry;
import io.replog.log.LogAppendInfo;
import io.replog.log.PartitionLog;
import io.replog.protocol.Errors;
import io.replog.record.Records;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One partition's replica on one broker, in the role the controller gave it: leader, follower
 * or none. As leader it tracks every follower's progress, keeps the in-sync replica set, and
 * moves the high watermark; as follower it holds the high watermark the leader reported.
 *
 * <p>A plain object: it performs no I/O but its own log's, keeps no threads and reads no
 * clock; the caller passes the time. ISR changes are returned as proposals that the caller
 * writes to the coordinator and reports back through {@link #onIsrUpdate}.
 *
 * <p>Guarantees, while used from one thread:
 * <ul>
 *   <li>The high watermark never exceeds the log end offset of any member of the <em>maximal
 *       ISR</em>: the committed ISR plus a member being added, and a member being removed until
 *       the coordinator has confirmed the removal. So every replica the controller could elect
 *       holds every record below the high watermark.</li>
 *   <li>A leader's high watermark never decreases.</li>
 *   <li>A leadership or followership is taken up only for a leader epoch newer than the one
 *       held (fencing of stale controller decisions).</li>
 * </ul>
 *
 * <p>Why one class of more than 400 lines: the role, the epochs, the ISR with its in-flight
 * proposal and fencing, the followers' progress and the high watermark change together, and the
 * guarantees above are invariants across all of them; every method takes them from one
 * consistent state to the next, which a reader checks here in one place. What stands alone
 * lives elsewhere: a follower's progress in {@link FollowerState}, the right to lead after an
 * unclean shutdown in {@link LeaderEligibility}, all I/O in the {@link PartitionLog}.
 */
public final class Partition {
    private static final Logger LOG = LoggerFactory.getLogger(Partition.class);

    /** What this replica is doing. */
    public enum Role { LEADER, FOLLOWER, NONE }

    private final TopicPartition tp;
    private final int localId;
    private final PartitionLog log;
    private ReplicationSettings config;

    private Role role = Role.NONE;
    private int leaderId = LeaderAndIsr.NO_LEADER;
    private int leaderEpoch = -1;
    private int partitionEpoch = LeaderAndIsr.NEW_PARTITION;
    private int controllerEpoch = -1;
    private List<Integer> replicas = List.of();
    private List<Integer> isr = List.of();
    private List<Integer> pendingIsr;
    private boolean pendingIsrUnanswered;
    /**
     * Set when the coordinator's answer to an ISR proposal shows that another leader epoch has
     * superseded this leadership, before the controller's LeaderAndIsr arrives (it may never, if
     * this broker is cut off). A fenced leader moves its high watermark no further, appends
     * nothing and proposes nothing: the new leader may lack what this one's ISR holds, so
     * committing more here could commit records the new leader does not have.
     */
    private boolean fenced;
    private final Map<Integer, FollowerState> followers = new HashMap<>();
    private long highWatermark;
    private long leaderEpochStartOffset;
    /** As follower: the high watermark the current leader last reported, -1 before its first answer. */
    private long leaderHighWatermark = -1L;
    private final PlantedBugs bugs;

    public Partition(TopicPartition tp, int localId, PartitionLog log, ReplicationSettings config) {
        this(tp, localId, log, config, PlantedBugs.NONE);
    }

    /** A replica with deliberate bugs, for the simulation's checker tests. */
    public Partition(TopicPartition tp, int localId, PartitionLog log, ReplicationSettings config,
                     PlantedBugs bugs) {
        this(tp, localId, log, config, bugs, log.checkpointedHighWatermark());
    }

    /**
     * @param checkpointedHighWatermark the high watermark last checkpointed for this replica; it is
     *                                  capped at the recovered log's end
     */
    public Partition(TopicPartition tp, int localId, PartitionLog log, ReplicationSettings config,
                     PlantedBugs bugs, long checkpointedHighWatermark) {
        this.bugs = bugs;
        this.tp = tp;
        this.localId = localId;
        this.log = log;
        this.config = config;
        this.highWatermark = Math.min(Math.max(checkpointedHighWatermark, log.logStartOffset()), log.logEndOffset());
    }

    // ---------------------------------------------------------------- roles

    /**
     * Takes up leadership under {@code state}. Returns false, changing nothing, if the state's
     * leader epoch is not newer than the one this replica already acts under.
     */
    public boolean makeLeader(LeaderAndIsr state, List<Integer> assignment, long nowMs) {
        if (!isNewer(state)) {
            return false;
        }
        adopt(state, assignment);
        pendingIsrUnanswered = false;
        role = Role.LEADER;
        leaderEpochStartOffset = log.logEndOffset();
        log.leaderEpochs().assign(leaderEpoch, leaderEpochStartOffset);
        followers.clear();
        for (int replica : replicas) {
            if (replica != localId) {
                // ISR members get a full lag window to show up; others must first catch up.
                followers.put(replica, new FollowerState(isr.contains(replica) ? nowMs : Long.MIN_VALUE / 2));
            }
        }
        highWatermark = Math.min(Math.max(highWatermark, log.logStartOffset()), log.logEndOffset());
        LOG.info("[broker {}] {}: leader for epoch {} from offset {}, ISR {}, high watermark {}",
                localId, tp, leaderEpoch, leaderEpochStartOffset, isr, highWatermark);
        maybeIncrementHighWatermark();
        return true;
    }

    /**
     * Becomes a follower of {@code state.leader()}. Returns false, changing nothing, if the
     * state's leader epoch is not newer than the one held. The caller starts fetching, which
     * begins with truncation by leader epoch.
     */
    public boolean makeFollower(LeaderAndIsr state, List<Integer> assignment) {
        if (!isNewer(state)) {
            return false;
        }
        adopt(state, assignment);
        role = state.hasLeader() ? Role.FOLLOWER : Role.NONE;
        followers.clear();
        leaderHighWatermark = -1L;
        highWatermark = Math.min(highWatermark, log.logEndOffset());
        LOG.info("[broker {}] {}: follower of broker {} for epoch {}, log end {}", localId, tp, leaderId,
                leaderEpoch, log.logEndOffset());
        return true;
    }

    /** Stops acting for this partition (the replica was stopped or the broker is shutting down). */
    public void makeNone() {
        role = Role.NONE;
        followers.clear();
        pendingIsr = null;
        fenced = false;
    }

    private boolean isNewer(LeaderAndIsr state) {
        if (state.leaderEpoch() > leaderEpoch) {
            return true;
        }
        // The same epoch with a newer stored version: the controller changed the ISR only.
        return state.leaderEpoch() == leaderEpoch && state.partitionEpoch() > partitionEpoch
                && state.leader() == leaderId;
    }

    private void adopt(LeaderAndIsr state, List<Integer> assignment) {
        leaderId = state.leader();
        leaderEpoch = state.leaderEpoch();
        partitionEpoch = state.partitionEpoch();
        controllerEpoch = state.controllerEpoch();
        isr = List.copyOf(state.isr());
        replicas = List.copyOf(assignment);
        pendingIsr = null;
        fenced = false;
    }

    // ---------------------------------------------------------------- leader: produce

    /**
     * Appends a producer's batches as leader. For acks=all ({@code requireMinIsr}) the append
     * is refused, and nothing written, while the ISR is smaller than {@code min.insync.replicas}.
     */
    public LogAppendInfo appendAsLeader(ByteBuffer records, boolean requireMinIsr) {
        if (role != Role.LEADER) {
            throw new NotLeaderException("Broker " + localId + " is not the leader of " + tp + " (leader is "
                    + leaderId + ", epoch " + leaderEpoch + ")");
        }
        if (fenced) {
            throw new NotLeaderException("Broker " + localId + " no longer leads " + tp + ": the coordinator holds a "
                    + "newer leadership than its epoch " + leaderEpoch);
        }
        if (requireMinIsr && isr.size() < config.minInsyncReplicas()) {
            throw new NotEnoughReplicasException("Partition " + tp + " has " + isr.size() + " in-sync replicas "
                    + isr + ", fewer than min.insync.replicas=" + config.minInsyncReplicas()
                    + "; the acks=all write was not appended");
        }
        LogAppendInfo info = log.appendAsLeader(records, leaderEpoch);
        maybeIncrementHighWatermark();
        return info;
    }

    /**
     * Whether an acks=all append ending just before {@code requiredOffset} is complete:
     * {@code Optional.empty()} while it waits, otherwise the error to answer with
     * ({@link Errors#NONE} on success).
     */
    public Optional<Errors> acksAllOutcome(long requiredOffset) {
        if (role != Role.LEADER) {
            return Optional.of(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        if (highWatermark < requiredOffset) {
            return Optional.empty();
        }
        return Optional.of(isr.size() >= config.minInsyncReplicas()
                ? Errors.NONE : Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
    }

    // ---------------------------------------------------------------- leader: fetch

    /** Checks the fetcher's idea of the leader epoch; {@link Errors#NONE} when it may proceed. */
    public Errors checkLeaderEpoch(int currentLeaderEpoch) {
        if (currentLeaderEpoch < 0 || currentLeaderEpoch == leaderEpoch) {
            return Errors.NONE;
        }
        return currentLeaderEpoch < leaderEpoch ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH;
    }

    /**
     * Records that follower {@code followerId} fetched from {@code fetchOffset} (its log end),
     * then moves the high watermark if it can. Returns an ISR expansion to propose, if the
     * follower has now caught up.
     */
    public Optional<LeaderAndIsr> onFollowerFetch(int followerId, long fetchOffset, long nowMs) {
        FollowerState follower = followers.get(followerId);
        if (role != Role.LEADER || follower == null) {
            return Optional.empty();
        }
        follower.onFetch(fetchOffset, log.logEndOffset(), nowMs);
        Optional<LeaderAndIsr> expansion = maybeExpandIsr(followerId, follower, nowMs);
        maybeIncrementHighWatermark();
        return expansion;
    }

    /** Reads for a follower (up to the log end) or a consumer (below the high watermark). */
    public Records read(long fetchOffset, int maxBytes, boolean upToLogEnd) {
        long limit = upToLogEnd ? log.logEndOffset() : highWatermark;
        if (fetchOffset >= limit) {
            if (fetchOffset > log.logEndOffset()) {
                log.read(fetchOffset, maxBytes, limit, true); // raises OffsetOutOfRangeException with the range
            }
            return Records.EMPTY;
        }
        return log.read(fetchOffset, maxBytes, limit, true);
    }

    /**
     * The leader's answer to "where did epoch {@code epoch} end in your log?": the largest epoch
     * it knows not above the one asked for, and the start of the next. For an epoch older than
     * any it knows (its log lost that history, or never had it), the asked-for epoch ended where
     * the leader's history starts, as Kafka answers: the follower then drops everything from
     * there, instead of keeping records the leader never had.
     */
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        EpochEndOffset end = log.endOffsetForEpoch(epoch);
        if (!end.isDefined()) {
            Optional<EpochEntry> earliest = log.leaderEpochs().earliestEntry();
            if (earliest.isPresent() && epoch >= 0 && epoch < earliest.get().epoch()) {
                return new EpochEndOffset(epoch, earliest.get().startOffset());
            }
        }
        return end;
    }

    // ---------------------------------------------------------------- leader: ISR

    private Optional<LeaderAndIsr> maybeExpandIsr(int followerId, FollowerState follower, long nowMs) {
        if (fenced || pendingIsr != null || isr.contains(followerId)) {
            return Optional.empty();
        }
        // It must hold everything committed, and everything this leader wrote in its epoch.
        boolean caughtUp = follower.logEndOffset >= highWatermark
                && follower.logEndOffset >= leaderEpochStartOffset
                && follower.isCaughtUp(nowMs, config.replicaLagTimeMaxMs());
        if (!caughtUp) {
            return Optional.empty();
        }
        List<Integer> expanded = new ArrayList<>(isr);
        expanded.add(followerId);
        LOG.info("[broker {}] {}: expanding ISR {} -> {} (follower {} at offset {})", localId, tp, isr, expanded,
                followerId, follower.logEndOffset);
        return Optional.of(propose(expanded));
    }

    /**
     * Proposes dropping followers that have not caught up for {@code replica.lag.time.max.ms}.
     * While the proposal is in flight they still count for the high watermark.
     */
    public Optional<LeaderAndIsr> maybeShrinkIsr(long nowMs) {
        if (role != Role.LEADER || fenced || pendingIsr != null) {
            return Optional.empty();
        }
        List<Integer> shrunk = new ArrayList<>();
        List<Integer> removed = new ArrayList<>();
        for (int member : isr) {
            FollowerState f = followers.get(member);
            if (member == localId || f == null || f.isCaughtUp(nowMs, config.replicaLagTimeMaxMs())) {
                shrunk.add(member);
            } else {
                removed.add(member);
            }
        }
        if (removed.isEmpty()) {
            return Optional.empty();
        }
        LOG.info("[broker {}] {}: shrinking ISR {} -> {}: {} not caught up within replica.lag.time.max.ms={}",
                localId, tp, isr, shrunk, removed, config.replicaLagTimeMaxMs());
        return Optional.of(propose(shrunk));
    }

    private LeaderAndIsr propose(List<Integer> newIsr) {
        pendingIsr = List.copyOf(newIsr);
        pendingIsrUnanswered = false;
        return new LeaderAndIsr(leaderId, leaderEpoch, pendingIsr, controllerEpoch, partitionEpoch);
    }

    /**
     * Takes in the coordinator's answer to ISR proposal {@code proposal}; an answer to any
     * proposal but the pending one is ignored. On success the new ISR is the
     * committed one; on a conflict under the same leadership the stored ISR is adopted; on a
     * conflict with a newer leadership this leader is fenced (see {@link #isFenced()}) until a
     * LeaderAndIsr request gives it a role again.
     */
    public void onIsrUpdate(LeaderAndIsr proposal, StateUpdate update) {
        if (!isPendingProposal(proposal)) {
            // The answer to an earlier proposal, arriving after a newer one was made: the newer
            // one's own answer decides; dropping it here would stop counting a member being added.
            LOG.debug("[broker {}] {}: ignoring the answer to an earlier ISR proposal {}", localId, tp, proposal.isr());
            return;
        }
        pendingIsr = null;
        pendingIsrUnanswered = false;
        if (role != Role.LEADER) {
            return;
        }
        LeaderAndIsr stored = update.state();
        if (update.applied() && stored != null && stored.leaderEpoch() == leaderEpoch) {
            isr = List.copyOf(stored.isr());
            partitionEpoch = stored.partitionEpoch();
            LOG.info("[broker {}] {}: ISR is now {} (version {})", localId, tp, isr, partitionEpoch);
        } else if (stored != null && stored.leaderEpoch() == leaderEpoch && stored.leader() == localId) {
            // Someone else (the controller) changed the ISR under the same epoch: adopt it.
            isr = List.copyOf(stored.isr());
            partitionEpoch = stored.partitionEpoch();
        } else {
            // A newer leadership (or none) is stored: the controller has moved on and its
            // LeaderAndIsr may not reach this broker. Going back to the smaller ISR would let the
            // high watermark pass records the new leader does not hold (the proposal being
            // answered may have added it, and landed), so stop here until the controller speaks.
            fenced = true;
            LOG.warn("[broker {}] {}: the coordinator holds {} for a newer leadership than epoch {}; no more "
                    + "appends or commits here until the controller's decision arrives", localId, tp,
                    stored == null ? "no state" : stored, leaderEpoch);
            return;
        }
        maybeIncrementHighWatermark();
    }

    /**
     * Notes that an ISR proposal's write failed without an answer (the connection broke). The
     * write may still have landed, so the proposal stays pending: the maximal ISR keeps counting
     * a member being added, and {@link #retryPendingIsr} sends the same conditional write again.
     * If the first one landed, the retry meets a version conflict whose stored state is adopted.
     */
    public void onIsrUpdateFailed(LeaderAndIsr proposal) {
        if (isPendingProposal(proposal)) {
            pendingIsrUnanswered = true;
        }
    }

    /** Whether {@code proposal} is the ISR proposal now pending (a retry of it is the same proposal). */
    private boolean isPendingProposal(LeaderAndIsr proposal) {
        return pendingIsr != null && proposal.leaderEpoch() == leaderEpoch && proposal.isr().equals(pendingIsr)
                && proposal.partitionEpoch() == partitionEpoch;
    }

    /** The ISR proposal to write again after an unanswered attempt, if any. */
    public Optional<LeaderAndIsr> retryPendingIsr() {
        if (role != Role.LEADER || pendingIsr == null || !pendingIsrUnanswered) {
            return Optional.empty();
        }
        pendingIsrUnanswered = false;
        return Optional.of(new LeaderAndIsr(leaderId, leaderEpoch, pendingIsr, controllerEpoch, partitionEpoch));
    }

    /** The committed ISR plus members being added; members being removed stay until confirmed. */
    List<Integer> maximalIsr() {
        if (pendingIsr == null) {
            return isr;
        }
        Set<Integer> union = new LinkedHashSet<>(isr);
        union.addAll(pendingIsr);
        return List.copyOf(union);
    }

    /** Moves the high watermark to the smallest log end over the maximal ISR; returns whether it moved. */
    public boolean maybeIncrementHighWatermark() {
        if (role != Role.LEADER || fenced) {
            return false;
        }
        long candidate = log.logEndOffset();
        long furthest = -1L;
        for (int member : maximalIsr()) {
            if (member == localId) {
                continue;
            }
            FollowerState f = followers.get(member);
            long end = f == null ? -1L : f.logEndOffset;
            candidate = Math.min(candidate, end);
            furthest = Math.max(furthest, end);
        }
        if (bugs.has(PlantedBug.HIGH_WATERMARK_PAST_LAGGING_ISR_MEMBER) && furthest > candidate) {
            candidate = Math.min(furthest, log.logEndOffset()); // PLANTED BUG: ignores the slowest member
        }
        if (candidate > highWatermark) {
            LOG.debug("[broker {}] {}: high watermark {} -> {}", localId, tp, highWatermark, candidate);
            highWatermark = candidate;
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- follower

    /** Appends batches fetched from the leader, byte for byte. */
    public LogAppendInfo appendAsFollower(ByteBuffer records) {
        return log.appendAsFollower(records);
    }

    /** Takes the leader's high watermark, capped at what this replica holds. */
    public void updateFollowerHighWatermark(long leaderHighWatermark) {
        if (role == Role.FOLLOWER) {
            this.leaderHighWatermark = leaderHighWatermark;
            highWatermark = Math.max(log.logStartOffset(), Math.min(leaderHighWatermark, log.logEndOffset()));
        }
    }

    /** Whether, as follower, this replica holds everything its current leader last reported committed. */
    public boolean caughtUpWithLeader() {
        return role == Role.FOLLOWER && leaderHighWatermark >= 0 && log.logEndOffset() >= leaderHighWatermark;
    }

    /** Cuts the log where it diverged from the leader's. */
    public void truncateTo(long offset) {
        if (offset < log.logEndOffset()) {
            LOG.info("[broker {}] {}: truncating from {} to {} (leader {}, epoch {})", localId, tp,
                    log.logEndOffset(), offset, leaderId, leaderEpoch);
            log.truncateTo(offset);
        } else {
            // No records to cut, but an epoch this replica began as leader without writing in it
            // would otherwise stay its latest, and the next epoch query would ask about it forever.
            log.leaderEpochs().truncateFromEnd(offset);
        }
        highWatermark = Math.min(highWatermark, log.logEndOffset());
    }

    /** Drops the whole log and starts it at {@code offset} (the leader's log start is past our end). */
    public void truncateFullyAndStartAt(long offset) {
        LOG.info("[broker {}] {}: leader's log starts at {}, past our end {}; starting over", localId, tp, offset,
                log.logEndOffset());
        log.truncateFullyAndStartAt(offset);
        highWatermark = offset;
    }

    // ---------------------------------------------------------------- state

    public TopicPartition topicPartition() {
        return tp;
    }

    /** Whether this leader learned that a newer leadership superseded it and is waiting for the controller. */
    public boolean isFenced() {
        return fenced;
    }

    public Role role() {
        return role;
    }

    public boolean isLeader() {
        return role == Role.LEADER;
    }

    public int leaderId() {
        return leaderId;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public int partitionEpoch() {
        return partitionEpoch;
    }

    /** The ISR as last committed in the coordinator. */
    public List<Integer> isr() {
        return isr;
    }

    public List<Integer> replicas() {
        return replicas;
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    /** The offset at which this leader's epoch began. */
    public long leaderEpochStartOffset() {
        return leaderEpochStartOffset;
    }

    /** A follower's log end offset as the leader knows it, or -1. */
    public long followerLogEndOffset(int followerId) {
        FollowerState f = followers.get(followerId);
        return f == null ? -1L : f.logEndOffset;
    }

    public PartitionLog log() {
        return log;
    }

    public ReplicationSettings config() {
        return config;
    }

    /** Takes new topic settings (a config change or the controller's overrides). */
    public void updateConfig(ReplicationSettings newConfig) {
        this.config = newConfig;
    }

    @Override
    public String toString() {
        return "Partition[" + tp + " on " + localId + ", " + role + ", leader " + leaderId + ", epoch " + leaderEpoch
                + ", isr " + isr + ", hw " + highWatermark + ", leo " + log.logEndOffset() + "]";
    }
}

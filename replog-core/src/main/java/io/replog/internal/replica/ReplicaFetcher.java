package io.replog.internal.replica;

import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;
import io.replog.errors.LogStorageException;
import io.replog.log.EpochEndOffset;
import io.replog.log.UnexpectedAppendOffsetException;
import io.replog.protocol.Errors;
import io.replog.protocol.FetchRequest;
import io.replog.protocol.FetchResponse;
import io.replog.protocol.OffsetForLeaderEpochRequest;
import io.replog.protocol.OffsetForLeaderEpochResponse;
import io.replog.protocol.Response;
import io.replog.record.Records;
import io.replog.time.Scheduler;
import io.replog.topic.TopicPartition;
import io.replog.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pulls the partitions one leader broker leads into this broker's replicas. Each partition
 * first <em>truncates by leader epoch</em> (it asks the leader where its own latest epoch ended
 * and cuts its log there, KIP-101/279), then fetches from its log end, appending what arrives
 * byte for byte and taking the leader's high watermark.
 *
 * <p>One request is in flight per leader at a time; the leader long-polls fetches, so a
 * fetcher costs nothing while there is nothing to replicate. Runs on the broker's
 * {@link Scheduler}; responses hop back onto it.
 */
final class ReplicaFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFetcher.class);

    private enum Phase { TRUNCATING, FETCHING, FAILED }

    /** Per-partition progress; the epoch guards against answers meant for an older leadership. */
    private static final class Entry {
        final Partition partition;
        final int leaderEpoch;
        Phase phase = Phase.TRUNCATING;
        /** Until when (the scheduler clock's millis) this partition sits out after errors; see {@link #delay}. */
        long delayedUntilMs;
        /** Errors in a row for this partition: its pause doubles with each. */
        int failuresInARow;

        Entry(Partition partition) {
            this.partition = partition;
            this.leaderEpoch = partition.leaderEpoch();
        }
    }

    private final int localId;
    private final int leaderId;
    private final Transport transport;
    private final Scheduler scheduler;
    private final ReplicaSettings.FetcherSettings settings;
    private final Listener listener;
    private final Map<TopicPartition, Entry> entries = new LinkedHashMap<>();
    private boolean inFlight;
    /** The first pause after a failure; see {@link #pauseMs}. */
    static final long FIRST_BACKOFF_MS = 50;
    private boolean backingOff;
    /** Failed requests in a row (the leader unreachable): the whole fetcher's pause doubles with each. */
    private int failuresInARow;
    /** The pending wake-up for partitions that sit out, and when it fires; null if none. */
    private Scheduler.Timer wakeUp;
    private long wakeUpAtMs;
    private boolean closed;
    private final PlantedBugs bugs;

    /** What the replica manager learns from fetching. */
    interface Listener {
        /** A fetch answer was taken into {@code partition}: records appended (its log end moved) and/or its high watermark updated. */
        void onFollowerAppend(Partition partition);

        /** {@code partition}'s log went offline after an I/O error; the fetcher stopped following it. */
        default void onLogOffline(Partition partition) {
        }
    }

    /** @param bugs the broker's planted bugs; {@link PlantedBugs#NONE} but in the simulation's checker tests */
    ReplicaFetcher(int localId, int leaderId, Transport transport, Scheduler scheduler,
                   ReplicaSettings.FetcherSettings settings, Listener listener, PlantedBugs bugs) {
        this.localId = localId;
        this.leaderId = leaderId;
        this.transport = transport;
        this.scheduler = scheduler;
        this.settings = settings;
        this.listener = listener;
        this.bugs = bugs;
    }

    /** Starts (or restarts, under a new epoch) replicating {@code partition}. */
    void add(Partition partition) {
        entries.put(partition.topicPartition(), new Entry(partition));
        maybeSend();
    }

    void remove(TopicPartition tp) {
        entries.remove(tp);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int leaderId() {
        return leaderId;
    }

    void close() {
        closed = true;
        entries.clear();
    }

    private void maybeSend() {
        if (closed || inFlight || backingOff || entries.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetForLeaderEpochRequest.EpochQuery> truncating = new HashMap<>();
        List<FetchRequest.PartitionFetch> fetching = new ArrayList<>();
        Map<TopicPartition, Integer> epochs = new HashMap<>();
        long nowMs = scheduler.clock().millis();
        long nextReadyMs = Long.MAX_VALUE;
        for (Entry e : entries.values()) {
            if (e.delayedUntilMs > nowMs) {
                nextReadyMs = Math.min(nextReadyMs, e.delayedUntilMs);
                continue;
            }
            epochs.put(e.partition.topicPartition(), e.leaderEpoch);
            if (e.phase == Phase.TRUNCATING) {
                int latest = e.partition.log().leaderEpochs().latestEpoch();
                if (latest < 0) {
                    // Nothing of ours carries an epoch: nothing can have diverged.
                    e.phase = Phase.FETCHING;
                } else {
                    truncating.put(e.partition.topicPartition(),
                            new OffsetForLeaderEpochRequest.EpochQuery(e.leaderEpoch, latest));
                    continue;
                }
            }
            if (e.phase == Phase.FETCHING) {
                fetching.add(new FetchRequest.PartitionFetch(e.partition.topicPartition(), e.leaderEpoch,
                        e.partition.logEndOffset(), e.partition.log().leaderEpochs().latestEpoch(),
                        settings.maxBytes()));
            }
        }
        if (!truncating.isEmpty()) {
            inFlight = true;
            transport.send(leaderId, new OffsetForLeaderEpochRequest(localId, truncating))
                    .whenCompleteAsync((r, err) -> onEpochResponse(epochs, r, err), scheduler);
        } else if (!fetching.isEmpty()) {
            inFlight = true;
            // A partition sitting out rejoins with the next request: do not long-poll past its return.
            int waitMs = nextReadyMs == Long.MAX_VALUE ? settings.waitMaxMs()
                    : (int) Math.min(settings.waitMaxMs(), Math.max(0, nextReadyMs - nowMs));
            FetchRequest request = new FetchRequest(localId, waitMs, settings.minBytes(), Integer.MAX_VALUE, fetching);
            transport.send(leaderId, request)
                    .whenCompleteAsync((r, err) -> onFetchResponse(epochs, request, r, err), scheduler);
        } else if (nextReadyMs != Long.MAX_VALUE) {
            wakeUpAt(nextReadyMs, nowMs); // every partition sits out: come back when the first may go
        }
    }

    /** Makes sure {@link #maybeSend} runs again by {@code atMs}. */
    private void wakeUpAt(long atMs, long nowMs) {
        if (wakeUp != null && wakeUpAtMs <= atMs) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel();
        }
        wakeUpAtMs = atMs;
        wakeUp = scheduler.schedule(Math.max(0, atMs - nowMs), () -> {
            wakeUp = null;
            maybeSend();
        });
    }

    private Entry current(TopicPartition tp, Map<TopicPartition, Integer> sentEpochs) {
        Entry e = entries.get(tp);
        return e != null && sentEpochs.get(tp) != null && e.leaderEpoch == sentEpochs.get(tp) ? e : null;
    }

    private void onEpochResponse(Map<TopicPartition, Integer> sent, Response response, Throwable error) {
        inFlight = false;
        if (closed) {
            return;
        }
        if (error != null) {
            backOff("OffsetForLeaderEpoch failed: " + error.getMessage());
            return;
        }
        OffsetForLeaderEpochResponse r = (OffsetForLeaderEpochResponse) response;
        for (var answer : r.partitions().entrySet()) {
            Entry e = current(answer.getKey(), sent);
            if (e == null || e.phase != Phase.TRUNCATING) {
                continue;
            }
            OffsetForLeaderEpochResponse.EpochEnd end = answer.getValue();
            if (end.error() != Errors.NONE) {
                if (handlePartitionError(e, end.error())) {
                    delay(e, end.error().name());
                }
                continue;
            }
            e.failuresInARow = 0;
            try {
                if (truncate(e, end)) {
                    e.phase = Phase.FETCHING;
                }
            } catch (LogStorageException ex) {
                stopIfOffline(e, ex);
            }
        }
        failuresInARow = 0;
        maybeSend();
    }

    /**
     * Cuts the log at the first offset the leader may not share, and says whether that offset
     * is final. The leader answered with the largest epoch it knows not above ours and where
     * that epoch ends in its log. If we hold the same epoch, the logs agree up to the smaller
     * of the two ends of it. If we do not, our data after the end of our largest older epoch
     * came from some other leader: cut there and ask again with our now-latest epoch
     * (KIP-279). Never truncates to the high watermark while the leader knows our epochs.
     */
    private boolean truncate(Entry e, OffsetForLeaderEpochResponse.EpochEnd leaderEnd) {
        Partition p = e.partition;
        if (bugs.has(PlantedBug.TRUNCATE_TO_HIGH_WATERMARK)) {
            p.truncateTo(p.highWatermark()); // PLANTED BUG: blind truncation, the pre-KIP-101 way
            return true;
        }
        if (leaderEnd.leaderEpoch() < 0 || leaderEnd.endOffset() < 0) {
            // The leader knows no epoch as old as ours: its log starts later than anything we
            // could share. Keep only what is known committed; a fetch below the leader's log
            // start then resets us to it.
            p.truncateTo(Math.min(p.highWatermark(), p.logEndOffset()));
            return true;
        }
        EpochEndOffset ours = p.log().endOffsetForEpoch(leaderEnd.leaderEpoch());
        if (!ours.isDefined()) {
            // Every epoch we hold is newer than anything the leader has: none of it is shared.
            long earliest = p.log().leaderEpochs().earliestEntry().map(x -> x.startOffset()).orElse(p.logEndOffset());
            p.truncateTo(Math.min(Math.min(leaderEnd.endOffset(), earliest), p.logEndOffset()));
            return true;
        }
        long target = Math.min(Math.min(leaderEnd.endOffset(), ours.endOffset()), p.logEndOffset());
        p.truncateTo(target);
        return ours.epoch() == leaderEnd.leaderEpoch() || p.log().leaderEpochs().latestEpoch() < 0;
    }

    private void onFetchResponse(Map<TopicPartition, Integer> sent, FetchRequest request, Response response,
                                 Throwable error) {
        inFlight = false;
        if (closed) {
            return;
        }
        if (error != null) {
            backOff("fetch failed: " + error.getMessage());
            return;
        }
        FetchResponse r = (FetchResponse) response;
        Map<TopicPartition, Long> requestedOffsets = new HashMap<>();
        request.partitions().forEach(pf -> requestedOffsets.put(pf.partition(), pf.fetchOffset()));
        for (FetchResponse.PartitionData data : r.partitions()) {
            Entry e = current(data.partition(), sent);
            if (e == null || e.phase != Phase.FETCHING) {
                continue;
            }
            Partition p = e.partition;
            if (data.error() != Errors.NONE) {
                if (data.error() == Errors.OFFSET_OUT_OF_RANGE) {
                    try {
                        handleOutOfRange(e, data);
                    } catch (LogStorageException ex) {
                        stopIfOffline(e, ex);
                    }
                } else if (handlePartitionError(e, data.error())) {
                    delay(e, data.error().name());
                }
                continue;
            }
            e.failuresInARow = 0;
            Long asked = requestedOffsets.get(data.partition());
            if (asked == null || asked != p.logEndOffset()) {
                continue; // our log moved since we asked (truncated); this answer is stale
            }
            try {
                Records records = data.records();
                if (records.sizeInBytes() > 0) {
                    ByteBuffer bytes = records.toByteBuffer();
                    p.appendAsFollower(bytes);
                }
                p.updateFollowerHighWatermark(data.highWatermark());
                listener.onFollowerAppend(p);
            } catch (UnexpectedAppendOffsetException ex) {
                // Our end falls inside one of the leader's batches (truncation removes a batch
                // that straddles the cut whole, and batches need not line up after divergence).
                // Everything below our truncation point is shared, so cut back to the leader's
                // batch start and take the whole batch.
                LOG.info("[broker {}] {}: log end {} falls inside the leader's batch from {}; truncating to it",
                        localId, p.topicPartition(), p.logEndOffset(), ex.firstOffset());
                p.truncateTo(Math.min(ex.firstOffset(), p.logEndOffset()));
            } catch (RuntimeException ex) {
                if (stopIfOffline(e, ex)) {
                    continue;
                }
                // Never let one partition's failure stop the fetcher: start it over from the epoch query.
                LOG.warn("[broker {}] {}: could not take fetched data from leader {}: {}; truncating by epoch again",
                        localId, p.topicPartition(), leaderId, ex.toString());
                e.phase = Phase.TRUNCATING;
                delay(e, ex.toString());
            }
        }
        failuresInARow = 0;
        maybeSend();
    }

    /**
     * A replica whose log went offline after an I/O error stops following (until the controller
     * sends new state); the fetcher goes on with the other partitions. Rethrows anything else.
     */
    private boolean stopIfOffline(Entry e, RuntimeException ex) {
        if (!e.partition.log().isOffline()) {
            if (ex instanceof LogStorageException) {
                throw ex;
            }
            return false;
        }
        LOG.error("[broker {}] {}: the log is offline after an I/O error; no longer following leader {}: {}",
                localId, e.partition.topicPartition(), leaderId, ex.getMessage());
        e.phase = Phase.FAILED;
        listener.onLogOffline(e.partition);
        return true;
    }

    private void handleOutOfRange(Entry e, FetchResponse.PartitionData data) {
        Partition p = e.partition;
        if (data.logStartOffset() > p.logEndOffset()) {
            p.truncateFullyAndStartAt(data.logStartOffset());
        } else {
            // We are ahead of the leader: find where we diverged again.
            e.phase = Phase.TRUNCATING;
        }
    }

    /** Returns whether the partition should sit out a pause before it is asked for again. */
    private boolean handlePartitionError(Entry e, Errors error) {
        switch (error) {
            case FENCED_LEADER_EPOCH, NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION -> {
                // Our view is stale or the leader's is: wait for the controller's next word.
                LOG.debug("[broker {}] {}: {} from leader {}; waiting for new leadership", localId,
                        e.partition.topicPartition(), error, leaderId);
                if (error == Errors.FENCED_LEADER_EPOCH) {
                    e.phase = Phase.FAILED;
                    return false;
                }
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    /**
     * How long to pause after {@code failures} failures in a row: {@link #FIRST_BACKOFF_MS} after
     * the first, doubling with each, up to {@code replica.fetch.backoff.ms}. The common failure is a
     * follower's first fetch overtaking its leader's news of the partition (both learn it from the
     * controller at about the same time): a flat second-long pause there held every acks=all
     * write on a new topic for that second, while a leader that stays gone is still asked only
     * once per configured backoff after a few tries.
     */
    private long pauseMs(int failures) {
        return Math.min(settings.backoffMs(), FIRST_BACKOFF_MS << Math.min(Math.max(failures - 1, 0), 20));
    }

    /**
     * Sits one partition out for a pause while the others go on fetching: a partition the leader
     * does not know (yet, or any more: a deleted topic the follower has not heard of) must not hold
     * up the leader's other partitions, a new topic's among them.
     */
    private void delay(Entry e, String why) {
        e.failuresInARow++;
        long pause = pauseMs(e.failuresInARow);
        e.delayedUntilMs = scheduler.clock().millis() + pause;
        LOG.debug("[broker {}] {}: {} from leader {}; asking again in {} ms", localId, e.partition.topicPartition(),
                why, leaderId, pause);
    }

    /** Pauses the whole fetcher after a request failed (the leader unreachable or not answering). */
    private void backOff(String why) {
        failuresInARow++;
        long delayMs = pauseMs(failuresInARow);
        LOG.debug("[broker {}] fetcher for leader {}: {}; retrying in {} ms", localId, leaderId, why, delayMs);
        backingOff = true;
        scheduler.schedule(delayMs, () -> {
            backingOff = false;
            maybeSend();
        });
    }
}

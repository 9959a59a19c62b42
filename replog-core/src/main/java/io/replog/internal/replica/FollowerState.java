package io.replog.internal.replica;

/**
 * What a leader knows of one follower of one partition: its log end offset (reported by the
 * fetch offset of its latest fetch) and when it was last caught up. Mutable, owned by the
 * partition, touched only on the broker's event loop.
 */
final class FollowerState {
    /** The follower's log end offset, or -1 until its first fetch under this leadership. */
    long logEndOffset = -1L;
    /** The last time the follower had everything the leader had. */
    long lastCaughtUpTimeMs;
    /** The leader's log end offset when the follower last fetched. */
    long lastFetchLeaderLogEndOffset = -1L;
    /** When the follower last fetched. */
    long lastFetchTimeMs;

    FollowerState(long lastCaughtUpTimeMs) {
        this.lastCaughtUpTimeMs = lastCaughtUpTimeMs;
    }

    /**
     * Records a fetch from offset {@code fetchOffset} at {@code nowMs}. A follower counts as
     * caught up at the time of a fetch that reached the leader's end, and also at the time of
     * its previous fetch if this one reached what the leader's end was then: a follower that
     * keeps fetching everything there is never falls behind, however busy the leader is.
     */
    void onFetch(long fetchOffset, long leaderLogEndOffset, long nowMs) {
        logEndOffset = fetchOffset;
        if (fetchOffset >= leaderLogEndOffset) {
            lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, nowMs);
        } else if (lastFetchLeaderLogEndOffset >= 0 && fetchOffset >= lastFetchLeaderLogEndOffset) {
            lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, lastFetchTimeMs);
        }
        lastFetchLeaderLogEndOffset = leaderLogEndOffset;
        lastFetchTimeMs = nowMs;
    }

    boolean isCaughtUp(long nowMs, long maxLagMs) {
        return nowMs - lastCaughtUpTimeMs <= maxLagMs;
    }
}

package io.replog.log;

import io.replog.errors.ReplogException;

/**
 * A follower append whose first offset lies below the log end offset: the follower's log and the
 * fetched data overlap, so the follower must truncate (by leader epoch) before appending. Nothing
 * was written.
 */
public class UnexpectedAppendOffsetException extends ReplogException {
    private static final long serialVersionUID = 1L;

    private final long firstOffset;
    private final long logEndOffset;

    public UnexpectedAppendOffsetException(String message, long firstOffset, long logEndOffset) {
        super(message);
        this.firstOffset = firstOffset;
        this.logEndOffset = logEndOffset;
    }

    /** The first offset of the rejected data. */
    public long firstOffset() {
        return firstOffset;
    }

    /** The log end offset the data had to start at or after. */
    public long logEndOffset() {
        return logEndOffset;
    }
}

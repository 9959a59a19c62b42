package io.replog.log;

/**
 * What an append wrote. For a leader append the offsets are the ones the log assigned; for a
 * follower append, the leader's. An empty append reports zero counts with
 * {@code firstOffset == lastOffset + 1 ==} the unchanged log end offset.
 *
 * @param firstOffset  base offset of the first batch written
 * @param lastOffset   last offset of the last batch written
 * @param maxTimestamp largest batch max timestamp written, or -1 if none
 * @param recordCount  records written
 * @param batchCount   batches written
 * @param sizeInBytes  bytes written
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long maxTimestamp, int recordCount, int batchCount,
                            int sizeInBytes) {

    static LogAppendInfo empty(long logEndOffset) {
        return new LogAppendInfo(logEndOffset, logEndOffset - 1, -1L, 0, 0, 0);
    }
}

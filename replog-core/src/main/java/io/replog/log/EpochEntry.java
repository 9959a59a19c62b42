package io.replog.log;

/**
 * The first offset written under one leader epoch.
 *
 * @param epoch       the leader epoch, at least 0
 * @param startOffset the offset of the first batch the leader of {@code epoch} wrote, at least 0
 */
public record EpochEntry(int epoch, long startOffset) {
    public EpochEntry {
        if (epoch < 0) {
            throw new IllegalArgumentException("leader epoch must be >= 0, was " + epoch);
        }
        if (startOffset < 0) {
            throw new IllegalArgumentException("start offset must be >= 0, was " + startOffset);
        }
    }
}

package io.replog.log;

/**
 * The answer to "where does my epoch end on your log?" (KIP-101/279): the largest epoch the
 * log knows that is not above the requested one, and the offset just past the last record of
 * that epoch. {@link #UNDEFINED} when the log knows no such epoch.
 *
 * @param epoch     the epoch found, or {@code -1}
 * @param endOffset the first offset after that epoch's records, or {@code -1}
 */
public record EpochEndOffset(int epoch, long endOffset) {

    /** No epoch at or below the requested one is known. */
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(-1, -1L);

    /** Whether this names a known epoch. */
    public boolean isDefined() {
        return epoch >= 0;
    }
}

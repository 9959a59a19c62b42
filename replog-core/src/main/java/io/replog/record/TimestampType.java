package io.replog.record;

/**
 * What the timestamps of a batch mean, from bit 3 of its attributes: set by the producer when the
 * record was created, or by the broker when the batch was appended to the log.
 */
public enum TimestampType {
    CREATE_TIME,
    LOG_APPEND_TIME;

    /** The value of attribute bit 3 for this type. */
    public int id() {
        return ordinal();
    }
}

package io.replog.errors;

/**
 * A fetch asked for an offset below the log start offset or above the log end offset of the partition.
 */
public class OffsetOutOfRangeException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public OffsetOutOfRangeException(String message) {
        super(message);
    }

    public OffsetOutOfRangeException(String message, Throwable cause) {
        super(message, cause);
    }
}

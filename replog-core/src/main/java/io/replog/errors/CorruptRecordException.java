package io.replog.errors;

/**
 * A record batch failed validation: a size, checksum, offset delta or record count does not match what the batch declares. The message says what was wrong and at which byte.
 */
public class CorruptRecordException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}

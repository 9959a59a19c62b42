package io.replog.errors;

/**
 * The log directory or a file in it could not be created, read or written. The message names the path and the operation; the cause holds the I/O error.
 */
public class LogStorageException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public LogStorageException(String message) {
        super(message);
    }

    public LogStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

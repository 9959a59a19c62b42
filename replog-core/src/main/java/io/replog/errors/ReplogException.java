package io.replog.errors;

/**
 * The root of every error replog raises. Unchecked, so that asynchronous APIs can complete a
 * future exceptionally with it and blocking twins can rethrow it unchanged.
 *
 * <p>An error that a retry may fix extends {@link RetriableException}; every other subclass
 * describes a request that will fail the same way again.
 */
public class ReplogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplogException(String message) {
        super(message);
    }

    public ReplogException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.replog.errors;

/**
 * An operation did not complete within its deadline (for example {@code request.timeout.ms} or {@code delivery.timeout.ms}).
 */
public class TimeoutException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
        super(message);
    }

    public TimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}

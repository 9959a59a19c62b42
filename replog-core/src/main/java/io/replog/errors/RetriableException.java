package io.replog.errors;

/**
 * An error that may go away if the same request is sent again later, for example after the
 * leadership of a partition has moved or a follower has caught up. Producers retry these until
 * {@code delivery.timeout.ms} runs out.
 */
public class RetriableException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}

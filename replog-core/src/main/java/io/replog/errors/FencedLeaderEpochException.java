package io.replog.errors;

/**
 * A request carried a leader epoch older than the one the receiving replica knows: the sender's view of leadership is stale and must be refreshed.
 */
public class FencedLeaderEpochException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public FencedLeaderEpochException(String message) {
        super(message);
    }

    public FencedLeaderEpochException(String message, Throwable cause) {
        super(message, cause);
    }
}

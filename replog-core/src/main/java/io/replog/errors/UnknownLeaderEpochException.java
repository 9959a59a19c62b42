package io.replog.errors;

/**
 * A request carried a leader epoch newer than the one the receiving replica knows: the receiver has not yet learned of the new leadership; a retry after it has will succeed.
 */
public class UnknownLeaderEpochException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public UnknownLeaderEpochException(String message) {
        super(message);
    }

    public UnknownLeaderEpochException(String message, Throwable cause) {
        super(message, cause);
    }
}

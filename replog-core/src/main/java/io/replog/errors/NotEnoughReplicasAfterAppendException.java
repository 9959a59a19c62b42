package io.replog.errors;

/**
 * An {@code acks=all} write was appended by the leader, but the in-sync replica set shrank below {@code min.insync.replicas} before it was committed. The record may or may not survive; a retry may duplicate it.
 */
public class NotEnoughReplicasAfterAppendException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public NotEnoughReplicasAfterAppendException(String message) {
        super(message);
    }

    public NotEnoughReplicasAfterAppendException(String message, Throwable cause) {
        super(message, cause);
    }
}

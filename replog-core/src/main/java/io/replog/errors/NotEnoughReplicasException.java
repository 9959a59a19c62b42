package io.replog.errors;

/**
 * An {@code acks=all} write was refused before it was appended because the partition's in-sync replica set is smaller than {@code min.insync.replicas}. Nothing was written.
 */
public class NotEnoughReplicasException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public NotEnoughReplicasException(String message) {
        super(message);
    }

    public NotEnoughReplicasException(String message, Throwable cause) {
        super(message, cause);
    }
}

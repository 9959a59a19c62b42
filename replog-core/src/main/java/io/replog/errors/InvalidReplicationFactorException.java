package io.replog.errors;

/**
 * A replication factor is zero, negative, or larger than the number of live brokers that could hold the replicas.
 */
public class InvalidReplicationFactorException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public InvalidReplicationFactorException(String message) {
        super(message);
    }

    public InvalidReplicationFactorException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.replog.errors;

/**
 * The topic or partition named in a request does not exist on the broker that received it.
 */
public class UnknownTopicOrPartitionException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public UnknownTopicOrPartitionException(String message) {
        super(message);
    }

    public UnknownTopicOrPartitionException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.replog.errors;

/**
 * A broker could not be reached, or the connection to it broke before the response arrived
 * (Kafka's {@code NetworkException}). The message names the broker's address. Whether the request
 * took effect is unknown, so a retry may apply it twice unless the request is idempotent.
 */
public class NetworkException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}

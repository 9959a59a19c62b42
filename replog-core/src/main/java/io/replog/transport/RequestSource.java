package io.replog.transport;

/**
 * Who sent a request: a broker (its id) or a client ({@code brokerId} -1) with its client id
 * and connection, for logging and quotas.
 */
public record RequestSource(int brokerId, String clientId, String connectionId) {
    /** A request from broker {@code id}. */
    public static RequestSource broker(int id) {
        return new RequestSource(id, "broker-" + id, "broker-" + id);
    }

    /** A request from a client. */
    public static RequestSource client(String clientId, String connectionId) {
        return new RequestSource(-1, clientId, connectionId);
    }
}

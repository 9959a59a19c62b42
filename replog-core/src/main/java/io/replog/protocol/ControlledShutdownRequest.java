package io.replog.protocol;

/**
 * A broker asks the controller to move its leaderships away before it stops. {@code brokerEpoch}
 * is the epoch of the asking process's registration (KIP-380): the controller refuses a request
 * from a process it no longer knows, {@code -1} is not checked.
 */
public record ControlledShutdownRequest(int brokerId, long brokerEpoch) implements Request {
    /** A request whose broker epoch is not checked. */
    public ControlledShutdownRequest(int brokerId) {
        this(brokerId, -1L);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CONTROLLED_SHUTDOWN;
    }
}

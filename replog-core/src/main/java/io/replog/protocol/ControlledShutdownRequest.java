package io.replog.protocol;

/** A broker asks the controller to move its leaderships away before it stops. */
public record ControlledShutdownRequest(int brokerId) implements Request {
    @Override
    public ApiKey apiKey() {
        return ApiKey.CONTROLLED_SHUTDOWN;
    }
}

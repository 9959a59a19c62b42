package io.replog.protocol;

/** Whether the broker applied the metadata update. */
public record UpdateMetadataResponse(Errors error) implements Response {
    @Override
    public ApiKey apiKey() {
        return ApiKey.UPDATE_METADATA;
    }
}

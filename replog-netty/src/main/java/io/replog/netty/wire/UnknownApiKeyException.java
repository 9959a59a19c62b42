package io.replog.netty.wire;

/**
 * A request whose API key is not in the {@link ApiVersionsTable}: its header version, and so where
 * its body starts, cannot be known, and Kafka's brokers close such connections too.
 */
public final class UnknownApiKeyException extends MalformedHeaderException {
    private static final long serialVersionUID = 1L;

    private final short apiKey;

    /** API key {@code apiKey}, unknown; {@code reason} says where it came from. */
    public UnknownApiKeyException(short apiKey, String reason) {
        super(reason);
        this.apiKey = apiKey;
    }

    /** The unknown key. */
    public short apiKey() {
        return apiKey;
    }
}

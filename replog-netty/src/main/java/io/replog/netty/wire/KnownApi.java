package io.replog.netty.wire;

/**
 * One API of the wire protocol as far as headers care: its key, its name (for logs) and the first
 * version whose messages are flexible (Kafka's "flexibleVersions": tagged fields, compact types).
 *
 * <p>Guarantees Kafka's rules: a request uses header v2 from {@code flexibleFrom} on and v1 before,
 * including versions newer than any this library knows (they are flexible too); a response uses
 * header v1 from {@code flexibleFrom} on and v0 before, except ApiVersions, whose response header
 * is always v0 so that a client that does not yet know the broker's versions can read the answer.
 *
 * @param key          the int16 API key
 * @param name         Kafka's name of the API, e.g. {@code ApiVersions}
 * @param flexibleFrom the first flexible version, 0 when all are
 */
public record KnownApi(short key, String name, short flexibleFrom) {
    /** Kafka's API key of ApiVersions. */
    public static final short API_VERSIONS_KEY = 18;

    public KnownApi {
        if (key < 0) {
            throw new IllegalArgumentException("API key must be >= 0, was " + key);
        }
        if (flexibleFrom < 0) {
            throw new IllegalArgumentException("first flexible version must be >= 0, was " + flexibleFrom);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("API key " + key + " needs a name");
        }
    }

    /** Whether {@code version} of this API is flexible. */
    public boolean isFlexible(short version) {
        return version >= flexibleFrom;
    }

    /** The request header version of {@code version}: 2 when flexible, 1 otherwise. */
    public short requestHeaderVersion(short version) {
        return isFlexible(version) ? (short) 2 : (short) 1;
    }

    /** The response header version of {@code version}: 1 when flexible, 0 otherwise and for ApiVersions. */
    public short responseHeaderVersion(short version) {
        if (key == API_VERSIONS_KEY) {
            return 0;
        }
        return isFlexible(version) ? (short) 1 : (short) 0;
    }

    @Override
    public String toString() {
        return name + "(" + key + ")";
    }
}

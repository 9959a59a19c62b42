package io.replog.netty.wire;

/**
 * A request header as sent on the wire: v1 ({@code api_key}, {@code api_version},
 * {@code correlation_id}, {@code client_id}) or v2 (v1 and a tagged fields section, whose fields
 * are skipped on reading and written empty). {@code client_id} is a nullable int16-length string in
 * both versions, never a compact one.
 *
 * @param headerVersion 1 or 2
 * @param apiKey        the API
 * @param apiVersion    the version of the request body
 * @param correlationId echoed in the response header
 * @param clientId      the client's id, possibly null
 */
public record RequestHeader(short headerVersion, short apiKey, short apiVersion, int correlationId, String clientId) {
    public RequestHeader {
        if (headerVersion != 1 && headerVersion != 2) {
            throw new IllegalArgumentException("request header version must be 1 or 2, was " + headerVersion);
        }
    }

    @Override
    public String toString() {
        return "RequestHeader(v" + headerVersion + ", apiKey " + apiKey + " v" + apiVersion + ", correlationId "
                + correlationId + ", clientId " + clientId + ")";
    }
}

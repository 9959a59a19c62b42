package io.replog.zk.znode;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads and writes znode bodies as JSON through jackson-jr. Bodies are written from ordered maps
 * (so fields appear in Kafka's order) and read into a {@link JsonObject} whose accessors name the
 * path and field of anything malformed.
 */
public final class ZnodeJson {
    private static final JSON CODEC = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private ZnodeJson() {
    }

    /**
     * The streaming layer under jackson-jr, for the one body written and read in bulk (the
     * partition state: 10 000 of them in a fail-over).
     */
    static com.fasterxml.jackson.core.JsonFactory streaming() {
        return CODEC.getStreamingFactory();
    }

    /** Serializes {@code body} (maps, lists, strings, numbers, booleans, nulls) to UTF-8 JSON. */
    public static byte[] write(Map<String, ?> body) {
        try {
            return CODEC.asBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize znode body " + body, e);
        }
    }

    /** Parses the body of the znode at {@code path}; it must be a JSON object. */
    public static JsonObject read(String path, byte[] data) {
        if (data == null || data.length == 0) {
            throw new MalformedZnodeException(path, null, "is empty; a JSON object was expected");
        }
        Object parsed;
        try (com.fasterxml.jackson.core.JsonParser parser = streaming().createParser(data)) {
            parsed = CODEC.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw new MalformedZnodeException(path, null, "has more after its JSON value: " + preview(data));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedZnodeException m) {
                throw m;
            }
            throw new MalformedZnodeException(path, null, "is not valid JSON (" + firstLine(e.getMessage()) + "): "
                    + preview(data), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new MalformedZnodeException(path, null, "must be a JSON object, was " + JsonObject.describe(parsed));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        return new JsonObject(path, "", fields);
    }

    /** The body as text, shortened, for error messages. */
    static String preview(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

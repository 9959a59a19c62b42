package io.replog.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a non-null key and a possibly null value.
 *
 * <p>Headers are small, so readers hand out copies rather than views. The value array is not copied
 * on construction or access (for speed); treat it as immutable. Equality compares the value's
 * contents, not its identity.
 *
 * @param key   the header key; encoded as UTF-8 on the wire
 * @param value the header value, or {@code null}
 */
public record Header(String key, byte[] value) {

    public Header {
        Objects.requireNonNull(key, "header key");
    }

    /** A header whose value is the UTF-8 encoding of {@code value} (or null). */
    public static Header of(String key, String value) {
        return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header(" + key + "=" + (value == null ? "null" : value.length + " bytes") + ")";
    }
}

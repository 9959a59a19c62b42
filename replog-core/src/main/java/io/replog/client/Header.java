package io.replog.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One header of a produced or consumed record: a non-null key and a value that may be
 * {@code null}. Keys need not be unique within a record; their order is kept.
 *
 * <p>Immutable: the value is copied when the header is made and again when it is read, so neither
 * the caller nor another reader can change what a record carries. Equality compares contents.
 */
public final class Header {
    private final String key;
    private final byte[] value;

    private Header(String key, byte[] value) {
        this.key = Objects.requireNonNull(key, "header key");
        this.value = value;
    }

    /** A header holding a copy of {@code value} (which may be null). */
    public static Header of(String key, byte[] value) {
        return new Header(key, value == null ? null : value.clone());
    }

    /** A header whose value is the UTF-8 encoding of {@code value} (or null). */
    public static Header of(String key, String value) {
        return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public String key() {
        return key;
    }

    /** A copy of the value, or {@code null}. */
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    /** The value decoded as UTF-8, or {@code null}. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /**
     * The record format's header, sharing this header's bytes (never mutated) rather than copying
     * them: what a producer writes into a batch.
     */
    public io.replog.record.Header toRecordHeader() {
        return new io.replog.record.Header(key, value);
    }

    /** A client header holding a copy of a record header read from a batch: what a consumer returns. */
    public static Header fromRecordHeader(io.replog.record.Header header) {
        return of(header.key(), header.value());
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

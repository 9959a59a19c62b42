package io.replog.client;

/**
 * Turns the bytes of a record's key or value back into an object. The consumer calls it once per
 * key and value it returns; implementations must be safe to call from several threads at once
 * (the built-ins in {@link Serdes} are stateless).
 *
 * <p>{@code null} bytes (no key, or a tombstone) must give {@code null} unless the implementation
 * documents otherwise. Bytes that cannot be read should raise a
 * {@link io.replog.errors.SerializationException} naming the topic and what was wrong.
 *
 * @param <T> the type deserialized
 */
@FunctionalInterface
public interface Deserializer<T> {

    /** The object {@code data} encodes, for a record of {@code topic}; {@code null} for {@code null}. */
    T deserialize(String topic, byte[] data);
}

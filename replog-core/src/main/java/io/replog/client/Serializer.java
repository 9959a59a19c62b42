package io.replog.client;

/**
 * Turns a key or value into the bytes a record carries. The producer calls it once per key and
 * once per value, on the thread that calls {@code send}, so an implementation must be safe to
 * call from several threads at once (the built-ins in {@link Serdes} are stateless).
 *
 * <p>{@code null} must stay {@code null} unless the implementation documents otherwise: a null
 * value is how Kafka writes a tombstone. A failure should be a
 * {@link io.replog.errors.SerializationException}; the producer then fails the send without
 * sending anything.
 *
 * @param <T> the type serialized
 */
@FunctionalInterface
public interface Serializer<T> {

    /** The bytes of {@code data} for a record of {@code topic}; {@code null} for {@code null}. */
    byte[] serialize(String topic, T data);
}

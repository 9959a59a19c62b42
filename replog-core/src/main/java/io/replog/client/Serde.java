package io.replog.client;

/**
 * A serializer and its matching deserializer in one object, so the same value can configure a
 * producer and a consumer: {@code deserialize(t, serialize(t, x))} equals {@code x} for every
 * {@code x} the serializer accepts, {@code null} included.
 *
 * @param <T> the type serialized
 */
public interface Serde<T> extends Serializer<T>, Deserializer<T> {
}

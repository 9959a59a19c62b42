package io.replog.client;

import io.replog.errors.SerializationException;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The built-in serializers and deserializers, with Kafka's encodings byte for byte, so data
 * written by one client reads back in the other: UTF-8 for strings, big-endian two's complement
 * for numbers, a UUID's canonical 36-character text in UTF-8, and raw bytes for byte arrays.
 * Every one maps {@code null} to {@code null} both ways and is stateless.
 *
 * <p>A deserializer given bytes of the wrong length or form fails with a
 * {@link SerializationException} naming the type, the topic and the length it got.
 */
public final class Serdes {
    private static final Serde<String> STRING = new Serde<>() {
        @Override
        public byte[] serialize(String topic, String data) {
            return data == null ? null : data.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(String topic, byte[] data) {
            return data == null ? null : new String(data, StandardCharsets.UTF_8);
        }
    };

    private static final Serde<byte[]> BYTE_ARRAY = new Serde<>() {
        @Override
        public byte[] serialize(String topic, byte[] data) {
            return data;
        }

        @Override
        public byte[] deserialize(String topic, byte[] data) {
            return data;
        }
    };

    private static final Serde<Long> LONGS = new Serde<>() {
        @Override
        public byte[] serialize(String topic, Long data) {
            if (data == null) {
                return null;
            }
            long v = data;
            byte[] out = new byte[Long.BYTES];
            for (int i = Long.BYTES - 1; i >= 0; i--) {
                out[i] = (byte) v;
                v >>>= 8;
            }
            return out;
        }

        @Override
        public Long deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            checkLength("long", topic, data, Long.BYTES);
            long v = 0;
            for (byte b : data) {
                v = (v << 8) | (b & 0xFF);
            }
            return v;
        }
    };

    private static final Serde<Integer> INTEGERS = new Serde<>() {
        @Override
        public byte[] serialize(String topic, Integer data) {
            if (data == null) {
                return null;
            }
            int v = data;
            return new byte[]{(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }

        @Override
        public Integer deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            checkLength("integer", topic, data, Integer.BYTES);
            int v = 0;
            for (byte b : data) {
                v = (v << 8) | (b & 0xFF);
            }
            return v;
        }
    };

    private static final Serde<UUID> UUIDS = new Serde<>() {
        @Override
        public byte[] serialize(String topic, UUID data) {
            return data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public UUID deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            String text = new String(data, StandardCharsets.UTF_8);
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("Cannot deserialize a UUID from " + data.length
                        + " bytes of a record of topic " + topic + ": '" + abbreviate(text)
                        + "' is not a UUID in its canonical text form", e);
            }
        }
    };

    private Serdes() {
    }

    /** UTF-8 strings. */
    public static Serde<String> string() {
        return STRING;
    }

    /** Byte arrays as they are; neither direction copies, so do not change an array once handed over. */
    public static Serde<byte[]> byteArray() {
        return BYTE_ARRAY;
    }

    /** {@code long}s as 8 bytes, big-endian. */
    public static Serde<Long> longs() {
        return LONGS;
    }

    /** {@code int}s as 4 bytes, big-endian. */
    public static Serde<Integer> integers() {
        return INTEGERS;
    }

    /** UUIDs as their canonical 36-character text in UTF-8, as Kafka's UUID serde writes them. */
    public static Serde<UUID> uuid() {
        return UUIDS;
    }

    private static void checkLength(String type, String topic, byte[] data, int expected) {
        if (data.length != expected) {
            throw new SerializationException("Cannot deserialize " + type + " from " + data.length
                    + " bytes of a record of topic " + topic + ": expected exactly " + expected + " bytes");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}

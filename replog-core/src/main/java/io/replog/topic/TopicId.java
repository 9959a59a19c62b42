package io.replog.topic;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A topic's identity, a 128-bit value assigned once when the topic is created and never
 * reused (Kafka's topic id, KIP-516). Two topics of the same name created one after the other
 * have different ids, so a replica directory or a request that names an id can tell a deleted
 * topic from its successor.
 *
 * <p>The text form is Kafka's: the 16 bytes in URL-safe base64 without padding (22 characters).
 * {@link #ZERO} means "no id" (a topic written by software that assigns none); it and the id
 * Kafka reserves for its metadata topic are never generated.
 */
public record TopicId(long mostSignificantBits, long leastSignificantBits) {
    /** No id. */
    public static final TopicId ZERO = new TopicId(0L, 0L);
    /** Reserved by Kafka for its metadata log; never assigned to a topic. */
    public static final TopicId METADATA = new TopicId(0L, 1L);

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** A new random id, never {@link #ZERO} or {@link #METADATA}, whose text form does not start with '-'. */
    public static TopicId random(RandomGenerator random) {
        while (true) {
            TopicId id = new TopicId(random.nextLong(), random.nextLong());
            // Kafka avoids a leading '-' so the text form is never mistaken for a command-line flag.
            if (!id.isZero() && !id.equals(METADATA) && !id.toString().startsWith("-")) {
                return id;
            }
        }
    }

    /**
     * Parses the 22-character text form.
     *
     * @throws IllegalArgumentException naming the text and what is allowed
     */
    public static TopicId parse(String text) {
        Objects.requireNonNull(text, "topic id text");
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("topic id \"" + text
                    + "\" is not URL-safe base64 (allowed: 22 characters of A-Z a-z 0-9 - _)", e);
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("topic id \"" + text + "\" decodes to " + bytes.length
                    + " bytes; a topic id is 16 bytes (22 base64 characters)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new TopicId(b.getLong(), b.getLong());
    }

    /** Whether this is {@link #ZERO}, "no id". */
    public boolean isZero() {
        return mostSignificantBits == 0L && leastSignificantBits == 0L;
    }

    @Override
    public String toString() {
        return ENCODER.encodeToString(ByteBuffer.allocate(16).putLong(mostSignificantBits)
                .putLong(leastSignificantBits).array());
    }
}

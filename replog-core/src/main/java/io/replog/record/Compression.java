package io.replog.record;

import io.replog.errors.UnsupportedCompressionException;

/**
 * The compression codec a record batch declares in bits 0–2 of its attributes, with Kafka's ids.
 *
 * <p>replog reads and writes only {@link #NONE}; the other constants exist so that a batch using
 * them can be recognised and rejected with a message that names the codec.
 */
public enum Compression {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    private final int id;
    private final String codecName;

    Compression(int id, String codecName) {
        this.id = id;
        this.codecName = codecName;
    }

    /** The id stored in the attributes' low three bits. */
    public int id() {
        return id;
    }

    /** The codec's lower-case name as Kafka spells it ({@code compression.type}). */
    public String codecName() {
        return codecName;
    }

    /**
     * The codec with this id.
     *
     * @throws UnsupportedCompressionException if no codec has this id (5, 6 and 7 are unassigned)
     */
    public static Compression fromId(int id) {
        return switch (id) {
            case 0 -> NONE;
            case 1 -> GZIP;
            case 2 -> SNAPPY;
            case 3 -> LZ4;
            case 4 -> ZSTD;
            default -> throw new UnsupportedCompressionException("unknown compression codec id " + id);
        };
    }
}

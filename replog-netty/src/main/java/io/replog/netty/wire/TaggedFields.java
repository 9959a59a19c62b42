package io.replog.netty.wire;

import io.netty.buffer.ByteBuf;

/**
 * The tagged fields section of a flexible header: an unsigned varint count, then per field its
 * tag, its size and that many bytes. Headers define no tags replog reads, so every field is
 * skipped, as Kafka skips tags it does not know; only their framing is checked, so a bad count or
 * size can never make the reader run past the frame or loop for long.
 */
final class TaggedFields {
    private TaggedFields() {
    }

    /** Skips a tagged fields section; returns how many fields it held. {@code where} prefixes errors. */
    static int skip(ByteBuf in, String where) {
        int count = UnsignedVarint.read(in, where + " tagged field count");
        // Each field takes at least two bytes (its tag and its size), so a count above half of
        // what is left is a lie that would otherwise only be found field by field.
        if (count < 0 || count > in.readableBytes() / 2) {
            throw new MalformedHeaderException(where + ": tagged field count " + Integer.toUnsignedString(count)
                    + " is more than the " + in.readableBytes() + " bytes left can hold");
        }
        for (int i = 0; i < count; i++) {
            int tag = UnsignedVarint.read(in, where + " tag of tagged field " + i);
            if (tag < 0) {
                throw new MalformedHeaderException(where + ": tag " + Integer.toUnsignedString(tag)
                        + " of tagged field " + i + " is above " + Integer.MAX_VALUE);
            }
            int size = UnsignedVarint.read(in, where + " size of tagged field " + i + " (tag " + tag + ")");
            if (size < 0 || size > in.readableBytes()) {
                throw new MalformedHeaderException(where + ": tagged field " + i + " (tag " + tag + ") claims "
                        + Integer.toUnsignedString(size) + " bytes but " + in.readableBytes() + " are left");
            }
            in.skipBytes(size);
        }
        return count;
    }

    /** Writes an empty tagged fields section. */
    static void writeEmpty(ByteBuf out) {
        UnsignedVarint.write(0, out);
    }
}

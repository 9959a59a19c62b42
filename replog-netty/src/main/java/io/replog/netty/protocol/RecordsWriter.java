package io.replog.netty.protocol;

import io.netty.buffer.ByteBuf;

/**
 * How a generated codec writes a {@code records} field: its length prefix (int32 length, or in
 * flexible versions the unsigned varint of length + 1; -1 or 0 for null) followed by the records.
 * Codecs call it once per records field, in the order the fields appear in the body.
 *
 * <p>{@link #INLINE} copies the records into the buffer, so the body is one buffer of
 * {@code size(version)} bytes. Another writer may write the prefix only and send the records some
 * other way (a Fetch response's log segment bytes as a file region after the buffer written so
 * far); what it writes into {@code buf} is then all the codec's guarantee on size covers.
 */
@FunctionalInterface
public interface RecordsWriter {
    /** Writes prefix and bytes into the buffer, as {@link Wire#writeBytes} does. */
    RecordsWriter INLINE = Wire::writeBytes;

    /**
     * Writes the records field holding {@code records} (null: a null field) at {@code buf}'s
     * writer index.
     *
     * @param compact whether the version is flexible (compact length prefix)
     */
    void write(ByteBuf buf, ByteBuf records, boolean compact);
}

package io.replog.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C over a byte range of a buffer without moving the buffer's position or limit. */
final class Checksums {

    private Checksums() {
    }

    /** The CRC32C of bytes {@code [from, to)} as an unsigned 32-bit value. */
    static long crc32c(ByteBuffer buffer, int from, int to) {
        CRC32C crc = new CRC32C();
        if (buffer.hasArray()) {
            // The array path avoids a duplicate and is what heap buffers (the common case) take.
            crc.update(buffer.array(), buffer.arrayOffset() + from, to - from);
        } else {
            crc.update(buffer.duplicate().limit(to).position(from));
        }
        return crc.getValue();
    }
}

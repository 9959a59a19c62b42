package io.replog.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Record batches held in a {@link ByteBuffer}, between its position and limit. The buffer is
 * shared, not copied: whoever made it must not change it afterwards.
 */
public final class MemoryRecords implements Records {
    private final ByteBuffer buffer;

    public MemoryRecords(ByteBuffer buffer) {
        this.buffer = buffer.slice();
    }

    /** Wraps {@code buffer}'s remaining bytes. */
    public static MemoryRecords of(ByteBuffer buffer) {
        return new MemoryRecords(buffer);
    }

    @Override
    public int sizeInBytes() {
        return buffer.remaining();
    }

    @Override
    public ByteBuffer toByteBuffer() {
        return buffer.duplicate();
    }

    @Override
    public long writeTo(WritableByteChannel channel, long offset, int length) throws IOException {
        ByteBuffer view = buffer.duplicate();
        view.position((int) offset).limit((int) offset + length);
        return channel.write(view);
    }

    @Override
    public String toString() {
        return "MemoryRecords[" + sizeInBytes() + " bytes]";
    }
}

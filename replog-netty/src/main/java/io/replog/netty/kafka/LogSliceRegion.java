package io.replog.netty.kafka;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import io.replog.errors.LogStorageException;
import io.replog.log.LogSlice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A {@link FileRegion} over a {@link LogSlice} that does not own the segment's file channel: the
 * records of a Fetch response, sent from the segment file without being read into the heap.
 *
 * <p>Why not Netty's {@code DefaultFileRegion}: it closes its channel when released, and the
 * channel is the segment's own, shared by every reader and the appender. This region's release
 * does nothing to the file. The file stays readable after retention or truncation deletes the
 * segment because core keeps deleted segments open for a while ({@code RETIRED_CLOSE_DELAY_MS},
 * 60 s, as Kafka's {@code file.delete.delay.ms}); a response still unsent by then fails.
 *
 * <p>Guarantees: {@link #transferTo} sends bytes of the slice only, through
 * {@link LogSlice#writeTo} ({@code FileChannel.transferTo}: {@code sendfile} to an NIO socket).
 * When the bytes cannot be those the slice describes — the channel was closed (segment deleted
 * long ago, log closed), the file now ends before the slice does, or core reports the segment was
 * cut after the read — it throws an {@link IOException}: Netty then fails the write and closes the
 * connection, so the client sees a broken connection and retries, never a frame of wrong bytes:
 * the region's last byte goes out only after the slice was checked (see {@link #sendLast}), so a
 * frame holding bytes of a cut segment is never complete.
 */
final class LogSliceRegion extends AbstractReferenceCounted implements FileRegion {
    private final LogSlice slice;
    private long transferred;
    /** The verified last byte, once read; sent by the final call. */
    private ByteBuffer lastByte;

    LogSliceRegion(LogSlice slice) {
        this.slice = slice;
    }

    /** The slice sent. */
    LogSlice slice() {
        return slice;
    }

    @Override
    public long position() {
        return slice.position();
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    public long count() {
        return slice.length();
    }

    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        long length = count();
        if (position < 0 || position > length) {
            throw new IllegalArgumentException("position " + position + " is outside the region of " + length
                    + " bytes");
        }
        if (position == length) {
            return 0;
        }
        long n;
        try {
            n = position < length - 1 ? sendAllButLast(target, position) : sendLast(target);
        } catch (LogStorageException e) {
            throw new IOException("cannot send " + slice + ": " + e.getMessage(), e);
        }
        transferred += n;
        return n;
    }

    /**
     * Sends from {@code position} up to the last byte, by {@code transferTo}. The slice's check
     * for a cut runs after each transfer, but sent bytes cannot be called back: holding the last
     * byte back until it is verified is what keeps a frame with bytes of a cut segment incomplete,
     * so that the client drops it when the connection closes.
     */
    private long sendAllButLast(WritableByteChannel target, long position) throws IOException {
        long n = slice.writeTo(target, position, (int) (count() - 1 - position));
        // transferTo gives 0 both for a full socket and for a file that now ends before the slice;
        // only the first is worth waiting on, the second would be retried forever.
        if (n == 0 && slice.channel().size() < slice.position() + slice.length()) {
            throw new IOException("the segment file now ends at " + slice.channel().size() + ", inside " + slice
                    + " (truncated)");
        }
        return n;
    }

    /**
     * Reads the last byte and checks the slice was not cut (the check follows the read, and a cut
     * is never undone, so a byte that passes is the slice's), then sends it; a byte the socket does
     * not take now is kept for the next call.
     */
    private long sendLast(WritableByteChannel target) throws IOException {
        if (lastByte == null) {
            ByteBuffer one = ByteBuffer.allocate(1);
            if (slice.writeTo(new BufferChannel(one), count() - 1, 1) != 1) {
                throw new IOException("the segment file now ends before the last byte of " + slice + " (truncated)");
            }
            lastByte = one.flip();
        }
        return target.write(lastByte);
    }
    @Override
    public FileRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileRegion touch() {
        return this;
    }

    @Override
    public FileRegion touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        // The channel is the segment's: the log closes it, never a response.
    }

    /** Takes what fits into a buffer: where the last byte is read to before it is verified. */
    private static final class BufferChannel implements WritableByteChannel {
        private final ByteBuffer target;

        BufferChannel(ByteBuffer target) {
            this.target = target;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), target.remaining());
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + n);
            target.put(part);
            src.position(src.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // Nothing to release: the buffer is the region's.
        }
    }

    @Override
    public String toString() {
        return "LogSliceRegion(" + slice + ", transferred " + transferred + ")";
    }
}

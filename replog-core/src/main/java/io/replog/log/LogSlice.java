package io.replog.log;

import io.replog.errors.LogStorageException;
import io.replog.record.Records;

import java.io.IOException;
import java.nio.ByteBuffer;

import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A run of whole record batches inside one segment file, given as a file region rather than
 * copied bytes, so a transport can send it with {@link FileChannel#transferTo} (zero copy) or a
 * file-region abstraction.
 *
 * <p>Guarantees when returned by {@link PartitionLog#read}: the region starts at the batch that
 * holds the requested offset (or the first batch after it), ends at a batch boundary, and every
 * byte in it had been written completely before the read began.
 *
 * <p>Lifetime: the region stays readable while the segment exists. If retention or truncation
 * removes the segment, the region remains readable until the log's next segment removal or
 * {@link PartitionLog#close()}, after which reading it fails with a {@link LogStorageException}.
 * If a truncation cuts the segment after the slice was taken, reading the slice fails with a
 * {@link LogStorageException} saying so, rather than returning bytes of batches appended after the
 * cut: a slice either holds exactly the batches it describes or fails. (A zero-copy transfer can
 * only tell after the bytes went out; it then fails, and the receiver must drop what it got.)
 *
 * <p>Values: the segment file ({@code null} when empty), the file position of the first byte,
 * the length (0 when empty), the base offset of the first batch (-1 when empty), and the offset the
 * next read should ask for (after the last included batch, or the requested offset when empty).
 */
public final class LogSlice implements Records {
    private static final BooleanSupplier ALWAYS_VALID = () -> true;

    private final FileChannel channel;
    private final long position;
    private final int length;
    private final long firstBatchBaseOffset;
    private final long nextOffset;
    /** False once the segment was cut after this slice was taken. */
    private final BooleanSupplier unchanged;

    public LogSlice(FileChannel channel, long position, int length, long firstBatchBaseOffset, long nextOffset) {
        this(channel, position, length, firstBatchBaseOffset, nextOffset, ALWAYS_VALID);
    }

    LogSlice(FileChannel channel, long position, int length, long firstBatchBaseOffset, long nextOffset,
             BooleanSupplier unchanged) {
        if (length < 0 || position < 0) {
            throw new IllegalArgumentException("invalid region: position " + position + ", length " + length);
        }
        if (length > 0 && channel == null) {
            throw new IllegalArgumentException("a non-empty slice needs a channel");
        }
        this.channel = channel;
        this.position = position;
        this.length = length;
        this.firstBatchBaseOffset = firstBatchBaseOffset;
        this.nextOffset = nextOffset;
        this.unchanged = unchanged;
    }

    public FileChannel channel() {
        return channel;
    }

    public long position() {
        return position;
    }

    public int length() {
        return length;
    }

    public long firstBatchBaseOffset() {
        return firstBatchBaseOffset;
    }

    public long nextOffset() {
        return nextOffset;
    }

    /** A slice with no batches; {@code nextOffset} is where to read next. */
    public static LogSlice empty(long nextOffset) {
        return new LogSlice(null, 0, 0, -1L, nextOffset);
    }

    public boolean isEmpty() {
        return length == 0;
    }

    @Override
    public int sizeInBytes() {
        return length;
    }

    @Override
    public ByteBuffer toByteBuffer() {
        return length == 0 ? ByteBuffer.allocate(0) : readFully();
    }

    /** Writes part of the region to a (possibly non-blocking) channel, zero copy where the platform allows. */
    @Override
    public long writeTo(WritableByteChannel target, long offset, int bytes) throws IOException {
        if (offset < 0 || bytes < 0 || offset + bytes > length) {
            throw new IllegalArgumentException("range " + offset + "+" + bytes + " is outside the slice of " + length);
        }
        if (bytes == 0) {
            return 0;
        }
        long n = channel.transferTo(position + offset, bytes, target);
        checkUnchanged();
        return n;
    }

    private void checkUnchanged() {
        if (!unchanged.getAsBoolean()) {
            throw new LogStorageException("Cannot read " + length + " bytes at position " + position
                    + " (offsets " + firstBatchBaseOffset + " to " + (nextOffset - 1) + "): the log was truncated"
                    + " there after the read, so the bytes may belong to other batches");
        }
    }

    /** Copies the region into a new heap buffer (position 0, limit {@link #length()}). */
    public ByteBuffer readFully() {
        ByteBuffer buf = ByteBuffer.allocate(length);
        try {
            while (buf.hasRemaining()) {
                int n = channel.read(buf, position + buf.position());
                if (n < 0) {
                    throw new LogStorageException("Cannot read " + length + " bytes at position " + position
                            + ": the segment file now ends after " + buf.position() + " of them (truncated)");
                }
            }
        } catch (IOException e) {
            throw new LogStorageException("Cannot read " + length + " bytes at position " + position
                    + " of a log segment (removed or closed?): " + e, e);
        }
        checkUnchanged();
        return buf.flip();
    }

    /**
     * Transfers the whole region to {@code target}, a blocking channel, with
     * {@link FileChannel#transferTo} (zero copy where the platform supports it).
     *
     * @return the number of bytes transferred, always {@link #length()}
     */
    public long transferTo(WritableByteChannel target) {
        long done = 0;
        try {
            while (done < length) {
                long n = channel.transferTo(position + done, length - done, target);
                if (n <= 0 && channel.size() < position + length) {
                    throw new LogStorageException("Cannot transfer " + length + " bytes at position " + position
                            + ": the segment file now ends at " + channel.size() + " (truncated)");
                }
                done += n;
            }
        } catch (IOException e) {
            throw new LogStorageException("Cannot transfer " + length + " bytes at position " + position
                    + " of a log segment (removed or closed?): " + e, e);
        }
        checkUnchanged();
        return done;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogSlice other && channel == other.channel && position == other.position
                && length == other.length && firstBatchBaseOffset == other.firstBatchBaseOffset
                && nextOffset == other.nextOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, position, length, firstBatchBaseOffset, nextOffset);
    }

    @Override
    public String toString() {
        return "LogSlice(position=" + position + ", length=" + length + ", offsets " + firstBatchBaseOffset + ".."
                + nextOffset + ")";
    }
}

package io.replog.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A run of whole record batches wherever they live: in memory ({@link MemoryRecords}) or in a
 * log segment file (the log's slice type). Transports send file-backed runs without copying
 * them into the heap; the simulation and small tests simply read them.
 */
public interface Records {

    /** The number of bytes in the run. */
    int sizeInBytes();

    /** The bytes, read into a buffer if they live in a file; position 0, limit the size. */
    ByteBuffer toByteBuffer();

    /**
     * Writes {@code length} bytes starting at {@code offset} within the run to {@code channel};
     * returns how many were written (a non-blocking channel may take fewer).
     */
    long writeTo(WritableByteChannel channel, long offset, int length) throws IOException;

    /** Runs with no bytes. */
    Records EMPTY = new MemoryRecords(ByteBuffer.allocate(0));
}

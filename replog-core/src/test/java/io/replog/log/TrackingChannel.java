package io.replog.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;

/**
 * A channel of {@link PowerLossFileSystem}: the real file's channel, reporting writes, cuts and
 * fsyncs to the file system (which may fail them). Its fsync does not reach the real disk: the
 * model, not the machine, decides what a crash keeps.
 */
final class TrackingChannel extends ForwardingFileChannel {
    private final PowerLossFileSystem fs;
    private final PowerLossFileSystem.Inode inode;
    private final Path path;

    TrackingChannel(PowerLossFileSystem fs, FileChannel delegate, PowerLossFileSystem.Inode inode, Path path) {
        super(delegate);
        this.fs = fs;
        this.inode = inode;
        this.path = path;
    }

    PowerLossFileSystem.Inode inode() {
        return inode;
    }

    Path path() {
        return path;
    }

    /** The whole content as the page cache holds it. */
    byte[] readAll() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) delegate.size());
        while (buf.hasRemaining() && delegate.read(buf, buf.position()) >= 0) {
            // positional reads until full
        }
        return buf.array();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        fs.beforeWrite(this);
        int n = delegate.write(src);
        fs.afterChange(this, "write");
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        fs.beforeWrite(this);
        long n = delegate.write(srcs, offset, length);
        fs.afterChange(this, "write");
        return n;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        fs.beforeTruncate(this);
        delegate.truncate(size);
        fs.afterChange(this, "truncate");
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        fs.forced(this);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        fs.beforeWrite(this);
        long n = delegate.transferFrom(src, position, count);
        fs.afterChange(this, "write");
        return n;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        fs.beforeWrite(this);
        int n = delegate.write(src, position);
        fs.afterChange(this, "write");
        return n;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        throw new UnsupportedOperationException("the log never maps files; a mapping would escape the model");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        try {
            delegate.close();
        } finally {
            fs.closed(this);
        }
    }
}

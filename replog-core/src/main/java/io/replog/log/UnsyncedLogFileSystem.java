package io.replog.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The platform's file system with every fsync left out: {@link FileChannel#force} and
 * {@link #fsyncDirectory} do nothing; everything else is {@link LogFileSystem#nio()}. For brokers
 * that never lose power, a test cluster's: what a process crash leaves is the same (the page
 * cache keeps every write), and creating a partition no longer waits for the disk a few times per
 * replica. A machine's crash can lose acknowledged records. Stateless.
 */
final class UnsyncedLogFileSystem implements LogFileSystem {
    static final UnsyncedLogFileSystem INSTANCE = new UnsyncedLogFileSystem();

    private final LogFileSystem nio = LogFileSystem.nio();

    private UnsyncedLogFileSystem() {
    }

    @Override
    public FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        return new Unforced(nio.open(file, options));
    }

    @Override
    public void fsyncDirectory(Path dir) {
        // left out: see the class comment
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        nio.move(source, target);
    }

    @Override
    public boolean deleteIfExists(Path file) throws IOException {
        return nio.deleteIfExists(file);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return nio.list(dir);
    }

    @Override
    public boolean isRegularFile(Path file) {
        return nio.isRegularFile(file);
    }

    @Override
    public boolean exists(Path file) {
        return nio.exists(file);
    }

    @Override
    public boolean createDirectories(Path dir) throws IOException {
        return nio.createDirectories(dir);
    }

    /** A channel whose {@code force} does nothing; every other call goes to the platform's channel. */
    private static final class Unforced extends FileChannel {
        private final FileChannel channel;

        Unforced(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return channel.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return channel.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) {
            // left out: see the class comment
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return channel.transferTo(position, count, target); // the platform channel's: sendfile stays
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return channel.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return channel.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return channel.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return channel.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }
    }
}

package io.replog.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
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
    private static final class Unforced extends ForwardingFileChannel {
        Unforced(FileChannel channel) {
            super(channel);
        }

        @Override
        public void force(boolean metaData) {
            // left out: see the class comment
        }
    }
}

package io.replog.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * The platform's file system with every fsync left out: {@link FileChannel#force} and
 * {@link #fsyncDirectory} do nothing; everything else is the platform's ({@link NioLogFileSystem}). For brokers
 * that never lose power, a test cluster's: what a process crash leaves is the same (the page
 * cache keeps every write), and creating a partition no longer waits for the disk a few times per
 * replica. A machine's crash can lose acknowledged records. Stateless.
 */
final class UnsyncedLogFileSystem extends NioLogFileSystem {
    static final UnsyncedLogFileSystem INSTANCE = new UnsyncedLogFileSystem();

    private UnsyncedLogFileSystem() {
    }

    @Override
    public FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        return new Unforced(super.open(file, options));
    }

    @Override
    public void fsyncDirectory(Path dir) {
        // left out: see the class comment
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

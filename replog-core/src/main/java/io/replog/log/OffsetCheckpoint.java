package io.replog.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One offset kept in a {@link CheckpointFile}: the high watermark, or the recovery point. A
 * missing file reads as "no value"; a corrupt one is logged at WARN with its path and also
 * reads as "no value", so the caller's safe fallback applies and the log still opens.
 */
final class OffsetCheckpoint {
    private static final Logger log = LoggerFactory.getLogger(OffsetCheckpoint.class);

    private static final CheckpointFile.EntryFormat<Long> FORMAT = new CheckpointFile.EntryFormat<>() {
        @Override
        public String format(Long entry) {
            return Long.toString(entry);
        }

        @Override
        public Long parse(String line) {
            long v = Long.parseLong(line);
            if (v < 0) {
                throw new IllegalArgumentException("negative offset " + v);
            }
            return v;
        }
    };

    private final CheckpointFile<Long> file;
    private final String what;

    /** @param what what the offset is, for log messages ("high watermark") */
    OffsetCheckpoint(LogFileSystem fs, Path path, String what) {
        this.file = new CheckpointFile<>(fs, path, 0, FORMAT);
        this.what = what;
    }

    Path path() {
        return file.path();
    }

    void write(long offset) {
        file.write(List.of(offset));
    }

    /** The stored offset; empty if the file is missing or corrupt (the latter logged at WARN). */
    Optional<Long> read() {
        try {
            Optional<List<Long>> entries = file.read();
            if (entries.isEmpty()) {
                return Optional.empty();
            }
            if (entries.get().size() != 1) {
                log.warn("Ignoring corrupt {} checkpoint {}: expected one entry, found {}", what, file.path(),
                        entries.get().size());
                return Optional.empty();
            }
            return Optional.of(entries.get().get(0));
        } catch (CheckpointFile.CorruptCheckpointException e) {
            log.warn("Ignoring corrupt {} checkpoint {}: {}", what, file.path(), e.getMessage());
            return Optional.empty();
        }
    }
}

package io.replog.log;

import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The partition's high watermark as last checkpointed in {@value PartitionLog#HIGH_WATERMARK_FILE}.
 *
 * <p>Guarantees: the value in memory changes only after the file is written; at open it is the
 * stored value lowered to the recovered log end offset (a crash may have lost batches it covered),
 * or 0 if the file is missing or corrupt. Readable from any thread; written under the log's lock.
 */
final class HighWatermarkCheckpoint {
    private static final Logger log = LoggerFactory.getLogger(HighWatermarkCheckpoint.class);

    private final OffsetCheckpoint file;
    private volatile long value;

    HighWatermarkCheckpoint(LogFileSystem fs, Path dir) {
        this.file = new OffsetCheckpoint(fs, dir.resolve(PartitionLog.HIGH_WATERMARK_FILE), "high watermark");
    }

    /** Reads the stored value at open, lowered to {@code logEndOffset}. */
    void load(TopicPartition tp, long logEndOffset) {
        long hw = file.read().orElse(0L);
        if (hw > logEndOffset) {
            log.info("[{}] Checkpointed high watermark {} is above the recovered log end offset {}; using {}", tp, hw,
                    logEndOffset, logEndOffset);
            hw = logEndOffset;
        }
        value = hw;
    }

    void write(long highWatermark) {
        file.write(highWatermark);
        value = highWatermark;
    }

    long value() {
        return value;
    }
}

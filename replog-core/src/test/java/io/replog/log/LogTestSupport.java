package io.replog.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.replog.record.BatchValidator;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatchBuilder;
import io.replog.record.RecordBatches;
import io.replog.time.ManualClock;
import io.replog.topic.TopicPartition;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Batches, file surgery and log capture shared by the log tests. */
final class LogTestSupport {

    static final TopicPartition TP = new TopicPartition("orders", 3);

    static {
        // Per-append DEBUG lines would flood the test output.
        ((Logger) LoggerFactory.getLogger("io.replog.log")).setLevel(Level.INFO);
    }

    private LogTestSupport() {
    }

    /** A producer batch of {@code records} records with values "v&lt;i&gt;" padded to {@code valueSize} bytes. */
    static ByteBuffer batch(int records, int valueSize, long timestamp) {
        RecordBatchBuilder b = new RecordBatchBuilder(64 + records * (valueSize + 16));
        b.reset(0L);
        for (int i = 0; i < records; i++) {
            b.append(timestamp, ("k" + i).getBytes(StandardCharsets.UTF_8), value(i, valueSize));
        }
        return b.buildCopy();
    }

    /** A batch as a leader would have stamped it, for follower appends. */
    static ByteBuffer leaderBatch(long baseOffset, int epoch, int records, long timestamp) {
        RecordBatchBuilder b = new RecordBatchBuilder(64 + records * 32);
        b.reset(baseOffset).partitionLeaderEpoch(epoch);
        for (int i = 0; i < records; i++) {
            b.append(timestamp, null, ("r" + (baseOffset + i)).getBytes(StandardCharsets.UTF_8));
        }
        return b.buildCopy();
    }

    static byte[] value(int i, int size) {
        byte[] v = new byte[size];
        byte[] tag = ("v" + i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, v, 0, Math.min(tag.length, size));
        return v;
    }

    /** Concatenates buffers into one. */
    static ByteBuffer concat(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer p : parts) {
            size += p.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer p : parts) {
            out.put(p.duplicate());
        }
        return out.flip();
    }

    static ManualClock clock() {
        return new ManualClock();
    }

    /** Reads the whole log from its start, following segments, validating each slice. */
    static List<Long> readAllOffsets(PartitionLog log) {
        List<Long> offsets = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            LogSlice slice = log.read(next, 1 << 20, Long.MAX_VALUE, true);
            if (slice.isEmpty()) {
                break;
            }
            ByteBuffer bytes = slice.readFully();
            BatchValidator.validate(bytes, BatchValidator.Mode.FOLLOWER, Integer.MAX_VALUE);
            for (RecordBatch batch : RecordBatches.in(bytes)) {
                for (Record r : batch) {
                    offsets.add(r.offset());
                }
                next = batch.nextOffset();
            }
        }
        return offsets;
    }

    static List<Long> range(long fromInclusive, long toExclusive) {
        List<Long> out = new ArrayList<>();
        for (long o = fromInclusive; o < toExclusive; o++) {
            out.add(o);
        }
        return out;
    }

    static Path segmentFile(Path dir, long baseOffset) {
        return dir.resolve(LogSegment.fileName(baseOffset, LogSegment.LOG_SUFFIX));
    }

    static Path indexFile(Path dir, long baseOffset) {
        return dir.resolve(LogSegment.fileName(baseOffset, LogSegment.INDEX_SUFFIX));
    }

    static void truncateFile(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, position);
            b.put(0, (byte) (b.get(0) ^ 0x5A));
            b.rewind();
            ch.write(b, position);
        }
    }

    static byte[] bytes(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}

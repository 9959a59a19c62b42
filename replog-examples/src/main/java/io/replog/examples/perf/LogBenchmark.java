package io.replog.examples.perf;

import io.replog.log.LogConfig;
import io.replog.log.LogSlice;
import io.replog.log.PartitionLog;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatchBuilder;
import io.replog.record.RecordBatches;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Append and read throughput of one partition log, for 100-byte records in batches of
 * {@code batchBytes}. Appends go to the page cache (no fsync per append, Kafka's default);
 * reads take a zero-copy slice, pull it into a buffer and walk every record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LogBenchmark {
    static final int RECORD_VALUE_BYTES = 100;
    /** Appends stop growing the log past this; the log then starts over at its end offset. */
    static final long MAX_LOG_BYTES = 1L << 30;
    static final int READ_LOG_BYTES = 256 << 20;

    @Param({"16384", "1048576"})
    public int batchBytes;

    Path dir;
    PartitionLog appendLog;
    PartitionLog readLog;
    ByteBuffer batch;
    int recordsPerBatch;
    long appendedBytes;
    long readOffset;
    ByteBuffer readBuffer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("replog-log-bench");
        LogConfig config = LogConfig.builder().segmentBytes(512 << 20).build();
        appendLog = PartitionLog.open(dir, new TopicPartition("append", 0), config, Clock.system());
        readLog = PartitionLog.open(dir, new TopicPartition("read", 0), config, Clock.system());
        batch = buildBatch(batchBytes);
        recordsPerBatch = RecordBatch.wrap(batch, 0).recordCount();
        for (long filled = 0; filled < READ_LOG_BYTES; filled += batch.remaining()) {
            readLog.appendAsLeader(batch.duplicate(), 0);
        }
        readBuffer = ByteBuffer.allocateDirect(batchBytes + 4096);
    }

    static ByteBuffer buildBatch(int batchBytes) {
        byte[] value = new byte[RECORD_VALUE_BYTES];
        RecordBatchBuilder builder = new RecordBatchBuilder(batchBytes + 1024);
        builder.reset(0L, 1_700_000_000_000L);
        while (builder.sizeInBytesAfterAppend(1_700_000_000_000L, (byte[]) null, value) <= batchBytes) {
            builder.append(1_700_000_000_000L, (byte[]) null, value);
        }
        return builder.buildCopy();
    }

    @Benchmark
    public long append() {
        if (appendedBytes > MAX_LOG_BYTES) {
            appendLog.truncateFullyAndStartAt(appendLog.logEndOffset());
            appendedBytes = 0;
        }
        appendLog.appendAsLeader(batch.duplicate(), 0);
        appendedBytes += batch.remaining();
        return appendLog.logEndOffset();
    }

    @Benchmark
    public void readAndIterate(Blackhole hole) throws IOException {
        if (readOffset >= readLog.logEndOffset()) {
            readOffset = 0;
        }
        LogSlice slice = readLog.read(readOffset, batchBytes, readLog.logEndOffset(), true);
        readBuffer.clear();
        readBuffer.limit(slice.length());
        slice.channel().read(readBuffer, slice.position());
        readBuffer.flip();
        long sum = 0;
        for (RecordBatch b : RecordBatches.in(readBuffer)) {
            for (Record r : b) {
                sum += r.valueSize() + r.offset();
            }
            readOffset = b.nextOffset();
        }
        hole.consume(sum);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        appendLog.close();
        readLog.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

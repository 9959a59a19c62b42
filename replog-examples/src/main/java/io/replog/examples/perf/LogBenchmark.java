package io.replog.examples.perf;

import io.replog.config.LogConfig;
import io.replog.log.LogSlice;
import io.replog.log.PartitionLog;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatchBuilder;
import io.replog.record.RecordBatches;
import io.replog.record.RecordCursor;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Append and read throughput of one partition log, for 100-byte records in batches of
 * {@code batchBytes}, with the log under {@code logParent} (a disk-backed directory such as
 * {@code /tmp}, or tmpfs such as {@code /dev/shm}, which is page cache only).
 *
 * <ul>
 *   <li>{@code append}: {@link PartitionLog#appendAsLeader} of a batch in a heap buffer (what
 *       {@link RecordBatchBuilder} makes): validation, offset stamping, one write, index upkeep.
 *       Appends go to the page cache (no fsync per append, Kafka's default); the log rolls every
 *       512 MiB, which fsyncs the full segment, and is emptied every 1 GiB.</li>
 *   <li>{@code appendDirect}: the same with the batch in a direct buffer, as a network transport
 *       delivers it; the JDK then writes it without first copying it into a temporary direct buffer.</li>
 *   <li>{@code readAndIterate}: {@link PartitionLog#read} (a zero-copy slice), one positional read of
 *       the slice into a direct buffer, then every record through the {@link Iterable} API.</li>
 *   <li>{@code readAndCursor}: the same through a reused {@link RecordCursor} (no object per record).</li>
 *   <li>{@code ceilingWrite} and {@code ceilingRead}: the machine's ceiling for the same I/O without
 *       the log: plain {@link FileChannel} positional writes of the same bytes from a direct buffer
 *       (with the same fsync every 512 MiB and deletion every 1 GiB), and positional reads of the
 *       same segment file into the same buffer without looking at the records.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LogBenchmark {
    static final int RECORD_VALUE_BYTES = 100;
    /** The segment size: the log rolls (and fsyncs the old segment) this often. */
    static final int SEGMENT_BYTES = 512 << 20;
    /** Appends stop growing the log past this; the log then starts over at its end offset. */
    static final long MAX_LOG_BYTES = 1L << 30;
    static final int READ_LOG_BYTES = 256 << 20;

    @Param({"16384", "1048576"})
    public int batchBytes;

    /** Where the log directory is created. */
    @Param({"/tmp"})
    public String logParent;

    Path dir;
    PartitionLog appendLog;
    PartitionLog readLog;
    ByteBuffer batch;
    long appendedBytes;
    long readOffset;
    ByteBuffer readBuffer;
    RecordCursor cursor;

    FileChannel rawChannel;
    long rawPosition;
    long rawTotal;
    int rawFiles;
    FileChannel readLogFile;

    /**
     * CPU time the benchmark thread spent (user and system) and operations done, summed over the
     * measured iterations: the cost per operation without the time the thread waited for a CPU on a
     * busy machine or blocked in fsync. Reported next to, never instead of, the wall-clock figures.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public long cpuNanos;
        public long ops;
        private long start;

        @Setup(Level.Iteration)
        public void start() {
            cpuNanos = 0;
            ops = 0;
            start = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
        }
    }

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        String benchmark = params.getBenchmark();
        dir = Files.createTempDirectory(Path.of(logParent), "replog-log-bench");
        ByteBuffer heapBatch = buildBatch(batchBytes);
        if (benchmark.endsWith(".appendDirect") || benchmark.endsWith(".ceilingWrite")) {
            batch = ByteBuffer.allocateDirect(heapBatch.remaining()).put(heapBatch.duplicate()).flip();
        } else {
            batch = heapBatch;
        }
        LogConfig config = LogConfig.builder().segmentBytes(SEGMENT_BYTES).build();
        if (benchmark.endsWith(".append") || benchmark.endsWith(".appendDirect")) {
            appendLog = PartitionLog.open(dir, new TopicPartition("append", 0), config, Clock.system());
        } else if (benchmark.endsWith(".ceilingWrite")) {
            rawChannel = openRawFile();
        } else {
            readLog = PartitionLog.open(dir, new TopicPartition("read", 0), config, Clock.system());
            for (long filled = 0; filled < READ_LOG_BYTES; filled += batch.remaining()) {
                readLog.appendAsLeader(batch.duplicate(), 0);
            }
            readBuffer = ByteBuffer.allocateDirect(batchBytes + 4096);
            if (benchmark.endsWith(".readAndCursor")) {
                cursor = new RecordCursor();
            }
            try (Stream<Path> files = Files.list(readLog.directory())) {
                Path segment = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
                readLogFile = FileChannel.open(segment, StandardOpenOption.READ);
            }
        }
    }

    /** One batch of 100-byte records, as close to {@code batchBytes} as fits. */
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
    public long append(Cpu cpu) {
        cpu.ops++;
        return appendOnce();
    }

    @Benchmark
    public long appendDirect(Cpu cpu) {
        cpu.ops++;
        return appendOnce();
    }

    private long appendOnce() {
        if (appendedBytes > MAX_LOG_BYTES) {
            appendLog.truncateFullyAndStartAt(appendLog.logEndOffset());
            appendedBytes = 0;
        }
        // The log stamps offsets into the buffer in place and does not move its position.
        appendLog.appendAsLeader(batch, 0);
        appendedBytes += batch.remaining();
        return appendLog.logEndOffset();
    }

    @Benchmark
    public long readAndIterate(Cpu cpu) throws IOException {
        cpu.ops++;
        long sum = 0;
        for (RecordBatch b : RecordBatches.in(readNext())) {
            for (Record r : b) {
                sum += r.valueSize() + r.offset();
            }
            readOffset = b.nextOffset();
        }
        return sum;
    }

    @Benchmark
    public long readAndCursor(Cpu cpu) throws IOException {
        cpu.ops++;
        long sum = 0;
        for (RecordBatch b : RecordBatches.in(readNext())) {
            cursor.reset(b);
            while (cursor.next()) {
                sum += cursor.valueSize() + cursor.offset();
            }
            readOffset = b.nextOffset();
        }
        return sum;
    }

    /** The next slice of the read log, read into {@link #readBuffer}. */
    private ByteBuffer readNext() throws IOException {
        if (readOffset >= readLog.logEndOffset()) {
            readOffset = 0;
        }
        LogSlice slice = readLog.read(readOffset, batchBytes, readLog.logEndOffset(), true);
        readBuffer.clear().limit(slice.length());
        while (readBuffer.hasRemaining()) {
            if (slice.channel().read(readBuffer, slice.position() + readBuffer.position()) < 0) {
                throw new IOException("segment ended early");
            }
        }
        return readBuffer.flip();
    }

    @Benchmark
    public long ceilingWrite(Cpu cpu) throws IOException {
        cpu.ops++;
        if (rawPosition + batch.remaining() > SEGMENT_BYTES) {
            rawChannel.force(true);
            rawChannel.close();
            if (rawTotal > MAX_LOG_BYTES) {
                deleteFiles();
                rawTotal = 0;
            }
            rawChannel = openRawFile();
            rawPosition = 0;
        }
        ByteBuffer src = batch.duplicate();
        while (src.hasRemaining()) {
            rawPosition += rawChannel.write(src, rawPosition);
        }
        rawTotal += batch.remaining();
        return rawPosition;
    }

    @Benchmark
    public void ceilingRead(Blackhole hole, Cpu cpu) throws IOException {
        cpu.ops++;
        if (rawPosition + batch.remaining() > READ_LOG_BYTES) {
            rawPosition = 0;
        }
        readBuffer.clear().limit(batch.remaining());
        while (readBuffer.hasRemaining()) {
            readLogFile.read(readBuffer, rawPosition + readBuffer.position());
        }
        rawPosition += batch.remaining();
        hole.consume(readBuffer);
    }

    private FileChannel openRawFile() throws IOException {
        return FileChannel.open(dir.resolve("raw-" + rawFiles++ + ".log"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private void deleteFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (appendLog != null) {
            appendLog.close();
        }
        if (readLog != null) {
            readLog.close();
        }
        if (rawChannel != null) {
            rawChannel.close();
        }
        if (readLogFile != null) {
            readLogFile.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

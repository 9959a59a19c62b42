package io.replog.examples;

import io.replog.log.LogAppendInfo;
import io.replog.config.LogConfig;
import io.replog.log.LogSlice;
import io.replog.log.PartitionLog;
import io.replog.record.Header;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatchBuilder;
import io.replog.record.RecordBatches;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The quickstart: what replog can do today, end to end on one machine. It writes Kafka v2
 * record batches into a partition log, reads them back zero-copy, tears the tail as a crash
 * would, and shows recovery keeping every complete batch.
 */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("replog-quickstart-");
        TopicPartition tp = new TopicPartition("invoice", 0);
        Clock clock = Clock.system();
        LogConfig config = LogConfig.builder().segmentBytes(64 * 1024).build();
        try {
            long end;
            try (PartitionLog log = PartitionLog.open(dir, tp, config, clock)) {
                RecordBatchBuilder builder = new RecordBatchBuilder(16 * 1024);
                for (int b = 0; b < 20; b++) {
                    builder.reset(0L, clock.millis());
                    for (int r = 0; r < 50; r++) {
                        int n = b * 50 + r;
                        builder.append(clock.millis(), ("customer-" + (n % 7)).getBytes(StandardCharsets.UTF_8),
                                ("invoice #" + n).getBytes(StandardCharsets.UTF_8),
                                Header.of("source", "quickstart"));
                    }
                    LogAppendInfo info = log.appendAsLeader(builder.build(), 0);
                    if (b == 0) {
                        System.out.printf("appended batch 0: offsets %d..%d, %d bytes%n", info.firstOffset(),
                                info.lastOffset(), info.sizeInBytes());
                    }
                }
                end = log.logEndOffset();
                System.out.printf("log %s: offsets %d..%d in %d segments (%d bytes)%n", tp, log.logStartOffset(),
                        end, log.segmentCount(), log.sizeInBytes());

                LogSlice slice = log.read(500, 4096, end, true);
                System.out.printf("read from offset 500: a file region of %d bytes at position %d "
                        + "(no copy until it is consumed)%n", slice.length(), slice.position());
                for (RecordBatch batch : RecordBatches.in(slice.readFully())) {
                    Record first = batch.iterator().next();
                    System.out.printf("  batch %d..%d, first record: key=%s value=%s%n", batch.baseOffset(),
                            batch.lastOffset(), utf8(first.key()), utf8(first.value()));
                }
            }

            Path active = lastSegment(dir.resolve(tp.directoryName()));
            long size = Files.size(active);
            try (RandomAccessFile file = new RandomAccessFile(active.toFile(), "rw")) {
                file.setLength(size - 100); // a torn write: the last batch loses its tail
            }
            System.out.printf("crash: cut 100 bytes from %s%n", active.getFileName());

            try (PartitionLog log = PartitionLog.open(dir, tp, config, clock)) {
                System.out.printf("recovered: log end %d (was %d): the torn batch is gone, every complete one kept%n",
                        log.logEndOffset(), end);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path lastSegment(Path partitionDir) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.filter(p -> p.toString().endsWith(".log")).max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    private static String utf8(ByteBuffer buffer) {
        if (buffer == null) {
            return "null";
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

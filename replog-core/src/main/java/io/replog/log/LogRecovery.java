package io.replog.log;

import io.replog.config.LogConfig;
import io.replog.errors.CorruptRecordException;
import io.replog.errors.LogStorageException;
import io.replog.errors.RecordTooLargeException;
import io.replog.errors.UnsupportedCompressionException;
import io.replog.record.BatchValidator;
import io.replog.record.RecordBatch;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Brings a partition directory back to a consistent log when it is opened.
 *
 * <ol>
 *   <li>Stray files are removed: {@code *.tmp} (an interrupted checkpoint write),
 *       {@code *.deleted} (an interrupted segment deletion) and an {@code .index} without its
 *       {@code .log}. Segments below the checkpointed log start (left by a crash inside
 *       {@code truncateFullyAndStartAt}) are deleted; an empty directory starts the log there.</li>
 *   <li>Segments are opened in base-offset order. A segment that ends before the recovery point
 *       (everything below it was fsynced) is trusted and its index loaded lazily. The segment
 *       holding the recovery point and every later one are walked: batches below the recovery
 *       point by header only, the rest fully validated (length, CRC32C, records) with
 *       {@link BatchValidator} in follower mode, and offsets must increase. The walk starts at the
 *       index entry below the recovery point when the index is sound, at the file start otherwise,
 *       and the index is rebuilt as the walk goes.</li>
 *   <li>A walked segment that ends below the next segment's base offset lost its tail (a roll
 *       fsyncs the old segment in the background, after the new one exists): every later segment
 *       is deleted, durably, as after damage, so the log has no hole. (A follower's log may have a
 *       real gap there; only data after the recovery point is ever dropped this way, which a power
 *       loss could have taken anyway, and the follower fetches it again.)</li>
 *   <li>At the first torn or invalid batch every later segment is deleted, newest first, the
 *       deletions are made durable, and only then is the segment file cut there (each logged at
 *       WARN with file, byte position and offset): a crash at any point leaves either the damage
 *       to find again or a log without it, never a cut segment followed by later ones (a hole).
 *       Everything before the damage is kept; a cut is only ever decided by a walk that started at
 *       the file start or at a verified batch, so a wrong index cannot cause data loss.</li>
 * </ol>
 *
 * <p>A batch's length field is not trusted for memory: a large batch's CRC is checked by streaming
 * it through a small buffer before the batch is read whole, so a damaged length costs no more
 * memory than {@value #STREAMED_CHECK_BYTES} bytes.
 */
final class LogRecovery {
    private static final Logger log = LoggerFactory.getLogger(LogRecovery.class);

    private static final Pattern LOG_FILE = Pattern.compile("\\d{20}\\" + LogSegment.LOG_SUFFIX);
    private static final Pattern INDEX_FILE = Pattern.compile("\\d{20}\\" + LogSegment.INDEX_SUFFIX);

    /**
     * @param segments         the surviving segments, oldest first, never empty
     * @param logEndOffset     the offset after the last valid batch
     * @param validatedBatches how many batches were fully validated
     * @param cut              whether anything was cut or deleted
     */
    record Result(List<LogSegment> segments, long logEndOffset, int validatedBatches, boolean cut) {
    }

    /** Batches longer than this are CRC-checked in chunks before being read whole. */
    static final int STREAMED_CHECK_BYTES = 1 << 20;
    private static final int CHUNK_BYTES = 64 << 10;

    private final LogFileSystem fs;
    private final Path dir;
    private final TopicPartition tp;
    private final LogConfig config;
    private final long recoveryPoint;
    private final long logStartFloor;
    private ByteBuffer batchBuffer = ByteBuffer.allocate(0);
    private int validated;

    private LogRecovery(LogFileSystem fs, Path dir, TopicPartition tp, LogConfig config, long recoveryPoint,
                        long logStartFloor) {
        this.fs = fs;
        this.logStartFloor = logStartFloor;
        this.dir = dir;
        this.tp = tp;
        this.config = config;
        this.recoveryPoint = recoveryPoint;
    }

    /**
     * Recovers the log in {@code dir}: segments with a base offset below {@code logStartFloor} are
     * deleted, and an empty directory gets an empty segment at {@code logStartFloor}.
     */
    static Result run(LogFileSystem fs, Path dir, TopicPartition tp, LogConfig config, long recoveryPoint,
                      long logStartFloor, long nowMs) {
        return new LogRecovery(fs, dir, tp, config, recoveryPoint, logStartFloor).run(nowMs);
    }

    private Result run(long nowMs) {
        List<LogSegment> segments = new ArrayList<>();
        try {
            for (long base : cleanDirectory()) {
                segments.add(LogSegment.open(fs, dir, tp, base, config, nowMs));
            }
            if (segments.isEmpty()) {
                segments.add(LogSegment.create(fs, dir, tp, logStartFloor, config));
                return new Result(segments, logStartFloor, 0, false);
            }
            boolean cut = false;
            long previousNext = -1L;
            for (int i = 0; i < segments.size(); i++) {
                LogSegment segment = segments.get(i);
                boolean last = i == segments.size() - 1;
                if (!last && segments.get(i + 1).baseOffset() <= recoveryPoint) {
                    previousNext = -1L;
                    continue;
                }
                List<LogSegment> later = segments.subList(i + 1, segments.size());
                boolean segmentCut = recoverSegment(segment, Math.max(segment.baseOffset(), previousNext), last,
                        () -> deleteLater(segment, later));
                previousNext = segment.nextOffset();
                if (segmentCut) {
                    cut = true;
                    break;
                }
                if (!last && segment.nextOffset() < segments.get(i + 1).baseOffset()) {
                    // The segment lost its tail: a roll fsyncs the old segment in the background, so
                    // the next segment's name can be durable while the old one's last bytes are not.
                    log.warn("[{}] Recovery found segment {} ending at offset {}, below the next segment's base"
                            + " offset {}: its tail was lost before it was fsynced; the later segments go with it",
                            tp, segment.logFile(), segment.nextOffset(), segments.get(i + 1).baseOffset());
                    deleteLater(segment, later);
                    cut = true;
                    break;
                }
            }
            LogSegment active = segments.get(segments.size() - 1);
            return new Result(segments, active.nextOffset(), validated, cut);
        } catch (RuntimeException e) {
            for (LogSegment s : segments) {
                try {
                    s.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Deletes the segments after a damaged one, newest first, durably: the damaged one is cut only after. */
    private void deleteLater(LogSegment damaged, List<LogSegment> later) {
        for (int j = later.size() - 1; j >= 0; j--) {
            LogSegment dropped = later.get(j);
            log.warn("[{}] Recovery deleted segment {} ({} bytes), which follows the damaged segment {}",
                    tp, dropped.logFile(), dropped.sizeInBytes(), damaged.logFile());
            dropped.deleteFiles();
            later.remove(j);
            dropped.close();
        }
        FileUtil.fsyncDirectory(fs, dir);
    }

    /** Deletes stray files and segments below the log start; returns the base offsets of the segment files. */
    private Set<Long> cleanDirectory() {
        Set<Long> logs = new TreeSet<>();
        Set<Long> indexes = new TreeSet<>();
        boolean belowStart = false;
        List<Path> files;
        try {
            files = fs.list(dir);
        } catch (IOException e) {
            throw new LogStorageException("Cannot list log directory " + dir + ": " + e, e);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(CheckpointFile.TMP_SUFFIX) || name.endsWith(LogSegment.DELETED_SUFFIX)) {
                log.info("[{}] Deleting stray file {} left by an interrupted write or deletion", tp, file);
                FileUtil.deleteIfExists(fs, file);
            } else if (LOG_FILE.matcher(name).matches() && fs.isRegularFile(file)
                    && baseOffsetOf(name) < logStartFloor) {
                log.warn("[{}] Deleting segment file {}: it lies below the log start offset {}, left by a crash while"
                        + " the log was restarted there", tp, file, logStartFloor);
                FileUtil.deleteIfExists(fs, file);
                belowStart = true;
            } else if (LOG_FILE.matcher(name).matches() && fs.isRegularFile(file)) {
                logs.add(baseOffsetOf(name));
            } else if (LOG_FILE.matcher(name).matches()) {
                throw new LogStorageException("Cannot open segment file " + file + " for reading and writing: "
                        + "it is not a regular file");
            } else if (INDEX_FILE.matcher(name).matches()) {
                indexes.add(baseOffsetOf(name));
            } else if (!name.equals(LeaderEpochCache.FILE_NAME) && !name.equals(PartitionLog.HIGH_WATERMARK_FILE)
                    && !name.equals(PartitionLog.RECOVERY_POINT_FILE) && !name.equals(PartitionLog.LOG_START_FILE)
                    && !name.equals(LogDirectoryLock.FILE_NAME) && !name.equals(PartitionMetadataFile.FILE_NAME)) {
                log.warn("[{}] Ignoring unexpected file {} in the log directory", tp, file);
            }
        }
        for (long base : indexes) {
            if (!logs.contains(base)) {
                Path orphan = dir.resolve(LogSegment.fileName(base, LogSegment.INDEX_SUFFIX));
                log.info("[{}] Deleting orphan index {}: its segment file does not exist", tp, orphan);
                FileUtil.deleteIfExists(fs, orphan);
            }
        }
        if (belowStart) {
            // Before any segment is trusted: a hole below them must not come back.
            FileUtil.fsyncDirectory(fs, dir);
        }
        return logs;
    }

    private static long baseOffsetOf(String name) {
        return Long.parseLong(name.substring(0, 20));
    }

    /** Walks one segment; returns whether it had to be cut, running {@code beforeCut} first if so. */
    private boolean recoverSegment(LogSegment segment, long expectedFirstOffset, boolean active, Runnable beforeCut) {
        long fileSize;
        try {
            fileSize = segment.channel().size();
        } catch (IOException e) {
            throw new LogStorageException("Cannot read the size of segment file " + segment.logFile() + ": " + e, e);
        }
        Walk walk = null;
        OffsetIndex loaded = segment.tryLoadIndex();
        if (loaded != null) {
            int entry = loaded.floorIndex(recoveryPoint + 1, fileSize - 1);
            if (entry >= 0) {
                walk = walk(segment, loaded, entry, loaded.offsetAt(entry), fileSize);
                if (walk.problem != null) {
                    log.debug("[{}] Walk of {} from an index entry found: {}; walking again from the start",
                            tp, segment.logFile(), walk.problem);
                    validated -= walk.validatedHere;
                    loaded.close();
                    walk = null;
                }
            }
        }
        if (walk == null) {
            OffsetIndex fresh = OffsetIndex.create(fs, segment.indexFile(), segment.baseOffset(),
                    segment.maxIndexEntries());
            walk = walk(segment, fresh, -1, expectedFirstOffset, fileSize);
        }
        walk.index.writeAll();
        segment.recovered(walk.index, walk.nextOffset, walk.sinceLastIndexEntry);
        if (walk.problem != null) {
            beforeCut.run();
            log.warn("[{}] Recovery cut segment file {} at byte position {} (offset {}), removing {} bytes: {}",
                    tp, segment.logFile(), walk.problemPosition, walk.nextOffset, fileSize - walk.problemPosition,
                    walk.problem);
            segment.truncateFile((int) walk.problemPosition);
        }
        // Always: the index was rewritten, and the open will move the recovery point past this segment.
        segment.flush();
        if (!active && walk.problem == null) {
            // Not the active segment: release the index's write handle.
            segment.index().seal();
        }
        return walk.problem != null;
    }

    /** What walking a segment found. */
    private static final class Walk {
        OffsetIndex index;
        long nextOffset;
        int sinceLastIndexEntry;
        int validatedHere;
        String problem;
        long problemPosition = -1;
    }

    /**
     * Walks from index entry {@code entry} (or the file start if -1), whose batch must have base
     * offset {@code expected}, to the end of the file.
     */
    private Walk walk(LogSegment segment, OffsetIndex index, int entry, long expected, long fileSize) {
        Walk w = new Walk();
        w.index = index;
        long start = 0;
        if (entry >= 0) {
            start = index.positionAt(entry);
            index.truncateToPosition((int) start + 1);
        }
        long base = segment.baseOffset();
        long nextOffset = expected;
        int sinceLast = 0;
        boolean first = true;
        int validatedBefore = validated;
        BatchHeaderCursor c = new BatchHeaderCursor(segment.channel(), start, fileSize);
        try {
            while (c.next()) {
                String problem = null;
                if (entry >= 0 && first && c.baseOffset() != expected) {
                    problem = "index entry names offset " + expected + " but the batch there has base offset "
                            + c.baseOffset();
                } else if (c.baseOffset() < nextOffset) {
                    problem = "base offset " + c.baseOffset() + " is below " + nextOffset
                            + ", where the previous batch ended (offsets go backwards)";
                } else if (c.lastOffsetDelta() < 0) {
                    problem = "last offset delta " + c.lastOffsetDelta() + " is negative";
                } else if (c.lastOffset() - base > Integer.MAX_VALUE) {
                    problem = "last offset " + c.lastOffset() + " is too far above the segment's base offset " + base;
                } else if (c.nextPosition() > Integer.MAX_VALUE) {
                    problem = "the batch ends beyond 2 GiB, the largest segment size";
                } else if (c.lastOffset() >= recoveryPoint) {
                    problem = validate(segment, c);
                }
                if (problem != null) {
                    w.problem = problem;
                    w.problemPosition = c.position();
                    break;
                }
                first = false;
                if (sinceLast > segment.indexIntervalBytes() && !index.isFull()) {
                    index.appendUnpersisted(c.baseOffset(), (int) c.position());
                    sinceLast = 0;
                }
                sinceLast += c.sizeInBytes();
                nextOffset = c.lastOffset() + 1;
            }
            if (w.problem == null && c.isTorn()) {
                w.problem = "torn batch: " + c.tornReason();
                w.problemPosition = c.position();
            }
        } catch (IOException e) {
            throw new LogStorageException("Cannot read segment file " + segment.logFile() + " during recovery: " + e, e);
        }
        w.nextOffset = nextOffset;
        w.sinceLastIndexEntry = sinceLast;
        w.validatedHere = validated - validatedBefore;
        return w;
    }

    /** Reads the batch at the cursor and validates it fully; returns the problem or null. */
    private String validate(LogSegment segment, BatchHeaderCursor c) throws IOException {
        int size = c.sizeInBytes();
        if (size > STREAMED_CHECK_BYTES && size > batchBuffer.capacity()) {
            String problem = streamedCrcProblem(segment, c.position(), size);
            if (problem != null) {
                return problem;
            }
        }
        if (batchBuffer.capacity() < size) {
            batchBuffer = ByteBuffer.allocate(Math.max(size, batchBuffer.capacity() * 2));
        }
        batchBuffer.clear().limit(size);
        while (batchBuffer.hasRemaining()) {
            if (segment.channel().read(batchBuffer, c.position() + batchBuffer.position()) < 0) {
                return "the file ends inside the batch";
            }
        }
        batchBuffer.flip();
        try {
            BatchValidator.validateBatch(RecordBatch.wrap(batchBuffer, 0), BatchValidator.Mode.FOLLOWER,
                    Integer.MAX_VALUE);
        } catch (CorruptRecordException | UnsupportedCompressionException | RecordTooLargeException e) {
            return e.getMessage();
        }
        validated++;
        return null;
    }

    /** Checks the CRC of the batch at {@code position} chunk by chunk; returns the problem or null. */
    private static String streamedCrcProblem(LogSegment segment, long position, int size) throws IOException {
        FileChannel ch = segment.channel();
        ByteBuffer stored = ByteBuffer.allocate(4);
        if (ch.read(stored, position + RecordBatch.CRC_OFFSET) < 4) {
            return "the file ends inside the batch header";
        }
        long expected = Integer.toUnsignedLong(stored.getInt(0));
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        long p = position + RecordBatch.ATTRIBUTES_OFFSET;
        long end = position + size;
        while (p < end) {
            chunk.clear().limit((int) Math.min(CHUNK_BYTES, end - p));
            int n = ch.read(chunk, p);
            if (n < 0) {
                return "the file ends inside the batch";
            }
            chunk.flip();
            crc.update(chunk);
            p += n;
        }
        if (crc.getValue() != expected) {
            return String.format("CRC32C mismatch: stored 0x%08x but the %d bytes the batch length claims compute"
                    + " 0x%08x (checked in chunks, before reading the batch whole)", expected, size, crc.getValue());
        }
        return null;
    }
}

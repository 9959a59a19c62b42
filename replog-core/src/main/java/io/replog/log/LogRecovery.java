package io.replog.log;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Brings a partition directory back to a consistent log when it is opened.
 *
 * <ol>
 *   <li>Stray files are removed: {@code *.tmp} (an interrupted checkpoint write),
 *       {@code *.deleted} (an interrupted segment deletion) and an {@code .index} without its
 *       {@code .log}.</li>
 *   <li>Segments are opened in base-offset order. A segment that ends before the recovery point
 *       (everything below it was fsynced) is trusted and its index loaded lazily. The segment
 *       holding the recovery point and every later one are walked: batches below the recovery
 *       point by header only, the rest fully validated (length, CRC32C, records) with
 *       {@link BatchValidator} in follower mode, and offsets must increase. The walk starts at the
 *       index entry below the recovery point when the index is sound, at the file start otherwise,
 *       and the index is rebuilt as the walk goes.</li>
 *   <li>At the first torn or invalid batch the segment file is cut there and every later segment is
 *       deleted, each logged at WARN with file, byte position and offset. Everything before the
 *       damage is kept; a cut is only ever decided by a walk that started at the file start or at a
 *       verified batch, so a wrong index cannot cause data loss.</li>
 * </ol>
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

    private final Path dir;
    private final TopicPartition tp;
    private final LogConfig config;
    private final long recoveryPoint;
    private ByteBuffer batchBuffer = ByteBuffer.allocate(0);
    private int validated;

    private LogRecovery(Path dir, TopicPartition tp, LogConfig config, long recoveryPoint) {
        this.dir = dir;
        this.tp = tp;
        this.config = config;
        this.recoveryPoint = recoveryPoint;
    }

    /** Recovers the log in {@code dir}; creates segment 0 in an empty directory. */
    static Result run(Path dir, TopicPartition tp, LogConfig config, long recoveryPoint, long nowMs) {
        return new LogRecovery(dir, tp, config, recoveryPoint).run(nowMs);
    }

    private Result run(long nowMs) {
        List<LogSegment> segments = new ArrayList<>();
        try {
            for (long base : cleanDirectory()) {
                segments.add(LogSegment.open(dir, tp, base, config, nowMs));
            }
            if (segments.isEmpty()) {
                segments.add(LogSegment.create(dir, tp, 0L, config));
                return new Result(segments, 0L, 0, false);
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
                boolean segmentCut = recoverSegment(segment, Math.max(segment.baseOffset(), previousNext), last);
                previousNext = segment.nextOffset();
                if (segmentCut) {
                    cut = true;
                    List<LogSegment> later = new ArrayList<>(segments.subList(i + 1, segments.size()));
                    segments.subList(i + 1, segments.size()).clear();
                    for (LogSegment dropped : later) {
                        log.warn("[{}] Recovery deleted segment {} ({} bytes), which follows the damaged segment {}",
                                tp, dropped.logFile(), dropped.sizeInBytes(), segment.logFile());
                        dropped.deleteFiles();
                        dropped.close();
                    }
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

    /** Deletes stray files; returns the base offsets of the segment files. */
    private Set<Long> cleanDirectory() {
        Set<Long> logs = new TreeSet<>();
        Set<Long> indexes = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.toList();
        } catch (IOException e) {
            throw new LogStorageException("Cannot list log directory " + dir + ": " + e, e);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(CheckpointFile.TMP_SUFFIX) || name.endsWith(LogSegment.DELETED_SUFFIX)) {
                log.info("[{}] Deleting stray file {} left by an interrupted write or deletion", tp, file);
                FileUtil.deleteIfExists(file);
            } else if (LOG_FILE.matcher(name).matches() && Files.isRegularFile(file)) {
                logs.add(baseOffsetOf(name));
            } else if (LOG_FILE.matcher(name).matches()) {
                throw new LogStorageException("Cannot open segment file " + file + " for reading and writing: "
                        + "it is not a regular file");
            } else if (INDEX_FILE.matcher(name).matches()) {
                indexes.add(baseOffsetOf(name));
            } else if (!name.equals(LeaderEpochCache.FILE_NAME) && !name.equals(PartitionLog.HIGH_WATERMARK_FILE)
                    && !name.equals(PartitionLog.RECOVERY_POINT_FILE) && !name.equals(LogDirectoryLock.FILE_NAME)
                    && !name.equals(PartitionMetadataFile.FILE_NAME)) {
                log.warn("[{}] Ignoring unexpected file {} in the log directory", tp, file);
            }
        }
        for (long base : indexes) {
            if (!logs.contains(base)) {
                Path orphan = dir.resolve(LogSegment.fileName(base, LogSegment.INDEX_SUFFIX));
                log.info("[{}] Deleting orphan index {}: its segment file does not exist", tp, orphan);
                FileUtil.deleteIfExists(orphan);
            }
        }
        return logs;
    }

    private static long baseOffsetOf(String name) {
        return Long.parseLong(name.substring(0, 20));
    }

    /** Walks one segment; returns whether it had to be cut. */
    private boolean recoverSegment(LogSegment segment, long expectedFirstOffset, boolean active) {
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
            OffsetIndex fresh = OffsetIndex.create(segment.indexFile(), segment.baseOffset(), segment.maxIndexEntries());
            walk = walk(segment, fresh, -1, expectedFirstOffset, fileSize);
        }
        walk.index.writeAll();
        segment.recovered(walk.index, walk.nextOffset, walk.sinceLastIndexEntry);
        if (walk.problem != null) {
            log.warn("[{}] Recovery cut segment file {} at byte position {} (offset {}), removing {} bytes: {}",
                    tp, segment.logFile(), walk.problemPosition, walk.nextOffset, fileSize - walk.problemPosition,
                    walk.problem);
            segment.truncateFile((int) walk.problemPosition);
        }
        if (walk.validatedHere > 0 || walk.problem != null) {
            segment.flush();
        }
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
}

package io.replog.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A partition's segments by base offset, its active segment and the offsets that bound it: the
 * state that readers share with the one writer.
 *
 * <p>Guarantees: readers may call the getters and lookups from any thread without a lock (the
 * map is concurrent, the bounds and the active segment are volatile); every mutator is called by
 * the writer under the log's lock. Writers publish in the order readers rely on: the log end
 * offset is raised only after a batch is readable, and a bound that narrows what may be read
 * moves before any segment or byte goes.
 */
final class LogSegments {
    private final ConcurrentNavigableMap<Long, LogSegment> byBase = new ConcurrentSkipListMap<>();
    private volatile LogSegment active;
    private volatile long logStartOffset;
    private volatile long logEndOffset;

    /** The recovered segments, oldest first; the last is the active one. */
    LogSegments(List<LogSegment> recovered, long logEndOffset) {
        for (LogSegment s : recovered) {
            byBase.put(s.baseOffset(), s);
        }
        this.active = byBase.lastEntry().getValue();
        this.logStartOffset = byBase.firstKey();
        this.logEndOffset = logEndOffset;
    }

    LogSegment active() {
        return active;
    }

    long logStartOffset() {
        return logStartOffset;
    }

    long logEndOffset() {
        return logEndOffset;
    }

    void setLogStartOffset(long offset) {
        logStartOffset = offset;
    }

    void setLogEndOffset(long offset) {
        logEndOffset = offset;
    }

    /** The segment that may hold {@code offset}, or {@code null} below the oldest one. */
    Map.Entry<Long, LogSegment> floorEntry(long offset) {
        return byBase.floorEntry(offset);
    }

    Map.Entry<Long, LogSegment> higherEntry(long baseOffset) {
        return byBase.higherEntry(baseOffset);
    }

    /** The base offset of the segment holding {@code offset}. */
    long floorBase(long offset) {
        return byBase.floorKey(offset);
    }

    /** The base offset of the segment after the one at {@code baseOffset}. */
    long higherBase(long baseOffset) {
        return byBase.higherKey(baseOffset);
    }

    long firstBase() {
        return byBase.firstKey();
    }

    LogSegment last() {
        return byBase.lastEntry().getValue();
    }

    /** Oldest first; a live view. */
    Collection<LogSegment> all() {
        return byBase.values();
    }

    /** The segments from the one at or after {@code offset}, newest first, as a copy. */
    List<LogSegment> fromNewestDownTo(long offset) {
        return new ArrayList<>(byBase.tailMap(offset, true).descendingMap().values());
    }

    /** The segment holding {@code offset} (or the oldest, below it) and every later one, oldest first, as a copy. */
    List<LogSegment> fromSegmentHolding(long offset) {
        Long floor = byBase.floorKey(offset);
        return new ArrayList<>((floor == null ? byBase : byBase.tailMap(floor, true)).values());
    }

    /** Whether {@code segment} itself (not another at its base offset) is still one of the log's. */
    boolean contains(LogSegment segment) {
        return byBase.get(segment.baseOffset()) == segment;
    }

    /** Every segment, newest first, as a copy. */
    List<LogSegment> newestFirst() {
        return new ArrayList<>(byBase.descendingMap().values());
    }

    int count() {
        return byBase.size();
    }

    List<Long> baseOffsets() {
        return List.copyOf(byBase.keySet());
    }

    long sizeInBytes() {
        long total = 0;
        for (LogSegment s : byBase.values()) {
            total += s.sizeInBytes();
        }
        return total;
    }

    /** Adds {@code segment} as the newest one and makes it active. */
    void addActive(LogSegment segment) {
        byBase.put(segment.baseOffset(), segment);
        active = segment;
    }

    void remove(LogSegment segment) {
        byBase.remove(segment.baseOffset());
    }

    /** After a truncation removed newer segments: the newest left becomes active again. */
    void activateLast() {
        LogSegment last = last();
        if (last != active) {
            active = last;
        }
    }

    void clear() {
        byBase.clear();
    }
}

package io.replog.log;

import io.replog.time.Clock;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Deleted segments whose channels stay open for the slices already handed out (a fetch response
 * being sent), until a later deletion or the close delay frees them.
 *
 * <p>Guarantees: a retired segment's files are gone (renamed and unlinked) but its channel stays
 * readable until it is closed here; segments are closed oldest first; a segment is listed before
 * its files are deleted, so a failed deletion still leaves its channel to be closed. Not
 * thread-safe: used under the log's lock.
 */
final class RetiredSegments {
    private static final Logger log = LoggerFactory.getLogger(RetiredSegments.class);

    private final TopicPartition tp;
    private final Clock clock;
    private final List<LogSegment> retired = new ArrayList<>();
    /** When each retired segment was retired (clock millis), in the order of {@link #retired}. */
    private final List<Long> retiredAtMs = new ArrayList<>();

    RetiredSegments(TopicPartition tp, Clock clock) {
        this.tp = tp;
        this.clock = clock;
    }

    /** Deletes {@code segment}'s files, keeping its channel open for readers. */
    void retire(LogSegment segment) {
        retired.add(segment);
        retiredAtMs.add(clock.millis());
        segment.deleteFiles();
    }

    /**
     * Renames {@code segment}'s files for deletion, keeping its channel open for readers, and
     * returns the renamed files, which the caller unlinks (off the writer's thread).
     */
    List<java.nio.file.Path> retireLater(LogSegment segment) {
        retired.add(segment);
        retiredAtMs.add(clock.millis());
        return segment.renameForDeletion();
    }

    /** Closes every retired segment: the log deletes again, so the older readers had their time. */
    void closeAll() {
        closeBefore(Long.MAX_VALUE);
    }

    /** Closes the segments retired before {@code cutoffMs}, freeing their space. */
    void closeBefore(long cutoffMs) {
        while (!retired.isEmpty() && retiredAtMs.get(0) < cutoffMs) {
            LogSegment s = retired.remove(0);
            retiredAtMs.remove(0);
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("[{}] Cannot close deleted segment {}: {}", tp, s.logFile(), e.toString());
            }
        }
    }

    int count() {
        return retired.size();
    }

    /** Hands every retired segment over for closing with the log, forgetting them. */
    List<LogSegment> drain() {
        List<LogSegment> all = new ArrayList<>(retired);
        retired.clear();
        retiredAtMs.clear();
        return all;
    }
}

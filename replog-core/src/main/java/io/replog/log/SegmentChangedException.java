package io.replog.log;

/**
 * A read raced a truncation or removal of the segment it was reading: what it saw may mix bytes
 * from before and after the change, so it is neither data nor damage. The log retries the read.
 */
final class SegmentChangedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SegmentChangedException(LogSegment segment) {
        super("segment " + segment + " was truncated or removed during the read", null, false, false);
    }
}

package io.replog.log;

import java.util.Arrays;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What a log recovered from a crash may hold: a contiguous run of {@code batches} (by base
 * offset, byte for byte) starting at an offset in {@code [minStart, maxStart]}, ending at or above
 * {@code promisedEnd} (everything the log said was durable survives). Immutable.
 */
record CrashExpectation(NavigableMap<Long, byte[]> batches, long minStart, long maxStart, long promisedEnd) {

    CrashExpectation {
        batches = Collections.unmodifiableNavigableMap(new TreeMap<>(batches));
    }

    /**
     * A crash during an operation may leave the state before it, after it, or (for the unlinks of
     * truncation and retention) something in between: the union of both histories, either start,
     * and only what both promise.
     */
    static CrashExpectation during(CrashExpectation before, CrashExpectation after, long extraStartLow,
                                   long extraStartHigh) {
        TreeMap<Long, byte[]> all = new TreeMap<>(before.batches);
        all.putAll(after.batches);
        return new CrashExpectation(all, Math.min(Math.min(before.minStart, after.minStart), extraStartLow),
                Math.max(Math.max(before.maxStart, after.maxStart), extraStartHigh),
                Math.min(before.promisedEnd, after.promisedEnd));
    }

    /** Why a recovered batch at {@code base} with {@code bytes} is not allowed, or null. */
    String batchProblem(long base, byte[] bytes) {
        byte[] expected = batches.get(base);
        if (expected == null) {
            return "no batch was ever written at offset " + base + " (allowed: " + batches.keySet() + ")";
        }
        if (!Arrays.equals(expected, bytes)) {
            return "the batch at offset " + base + " differs from the one written (" + bytes.length + " vs "
                    + expected.length + " bytes)";
        }
        return null;
    }
}

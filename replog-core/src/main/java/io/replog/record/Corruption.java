package io.replog.record;

import io.replog.errors.CorruptRecordException;

/**
 * Words every corruption report the same way, so an operator can find the bad byte: the batch's
 * start and the failing byte, both relative to an origin (the buffer position the caller handed
 * in), plus the failing byte's distance into the batch.
 */
final class Corruption {

    private Corruption() {
    }

    static CorruptRecordException at(int origin, int batchStart, int index, String what) {
        return new CorruptRecordException("corrupt record batch at byte " + (batchStart - origin) + ": " + what
                + " at byte " + (index - origin) + " (byte " + (index - batchStart) + " of the batch)");
    }
}

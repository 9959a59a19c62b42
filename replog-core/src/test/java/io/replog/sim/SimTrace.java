package io.replog.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What happened in a run, one line per event ({@code t=1234ms node=2 deliver #17 FETCH 1->2}),
 * for debugging a failing seed.
 *
 * <p>Only the latest {@code capacity} lines are kept, so a long run costs bounded memory; a
 * running fingerprint over <em>every</em> line, and the count of lines, summarise the whole
 * run, so two runs can be compared for determinism without storing them. A {@linkplain #sink
 * sink} can see every line as it is recorded (to print or collect a full trace).
 */
public final class SimTrace {
    /** How many lines a failing test prints by default. */
    public static final int DEFAULT_TAIL = 200;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final int capacity;
    private final ArrayDeque<String> lines;
    private long count;
    private long fingerprint = FNV_OFFSET;
    private Consumer<String> sink = line -> { };

    public SimTrace(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("trace capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    /** Records one line: {@code t=<timeMs>ms node=<node> <what>}. */
    public void record(long timeMs, String node, String what) {
        String line = "t=" + timeMs + "ms node=" + node + " " + what;
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
        count++;
        for (int i = 0; i < line.length(); i++) {
            fingerprint = (fingerprint ^ line.charAt(i)) * FNV_PRIME;
        }
        fingerprint = (fingerprint ^ '\n') * FNV_PRIME;
        sink.accept(line);
    }

    /** Sends every line recorded from now on to {@code sink} as well (replaces any earlier sink). */
    public void sink(Consumer<String> newSink) {
        this.sink = newSink == null ? line -> { } : newSink;
    }

    /** How many lines were recorded in the whole run (not only those kept). */
    public long count() {
        return count;
    }

    /** A hash of every line recorded so far, in order: equal for equal runs. */
    public long fingerprint() {
        return fingerprint;
    }

    /** The kept lines, oldest first. */
    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** The last {@code n} kept lines, oldest first. */
    public List<String> tail(int n) {
        List<String> all = lines();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** The last {@code n} lines as one printable block, with a header saying what was left out. */
    public String dump(int n) {
        List<String> tail = tail(n);
        StringBuilder out = new StringBuilder();
        out.append("--- last ").append(tail.size()).append(" of ").append(count).append(" simulation events ---\n");
        for (String line : tail) {
            out.append(line).append('\n');
        }
        return out.append("--- end of simulation trace ---").toString();
    }

    @Override
    public String toString() {
        return "SimTrace[" + count + " events, fingerprint " + Long.toHexString(fingerprint) + "]";
    }
}

package io.replog.testkit.scenarios;

import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import io.replog.testkit.ReplogCluster;
import io.replog.topic.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Invariant 2 of {@code docs/guarantees.md} on real files: no two replicas disagree below the high
 * watermark. Reads each replica's segment files ({@code <broker dir>/<topic>-<partition>/*.log})
 * straight from disk while the brokers run (a running broker holds its partition directory's
 * lock, so {@code PartitionLog.open} is not an option), walks their batches with
 * {@link RecordBatches} (a torn tail above the high watermark is skipped as it is incomplete) and
 * compares, byte for byte, every batch below the high watermark.
 */
final class ReplicaLogs {
    private ReplicaLogs() {
    }

    /** One batch of a replica's log: its offsets and its bytes as stored. */
    record Batch(long baseOffset, long lastOffset, byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Batch b && b.baseOffset == baseOffset && b.lastOffset == lastOffset
                    && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(baseOffset) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "batch [" + baseOffset + ".." + lastOffset + "] of " + bytes.length + " bytes";
        }
    }

    /** The batches of broker {@code id}'s replica of {@code tp} that lie wholly below {@code highWatermark}. */
    static List<Batch> batchesBelow(ReplogCluster cluster, int id, TopicPartition tp, long highWatermark) {
        Path dir = cluster.brokerDirectory(id).resolve(tp.directoryName());
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the segments of " + dir, e);
        }
        List<Batch> out = new ArrayList<>();
        for (Path segment : segments) {
            ByteBuffer bytes;
            try {
                bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + segment, e);
            }
            for (RecordBatch b : RecordBatches.in(bytes)) {
                if (b.lastOffset() >= highWatermark) {
                    return out;
                }
                byte[] copy = new byte[b.sizeInBytes()];
                bytes.get(b.position(), copy);
                out.add(new Batch(b.baseOffset(), b.lastOffset(), copy));
            }
        }
        return out;
    }

    /**
     * What breaks invariant 2 for {@code tp} below {@code highWatermark} among {@code replicas}:
     * a replica whose batches below it are not contiguous up to it, or differ from the first
     * replica's in any byte. Empty: every replica holds the same bytes below the high watermark.
     */
    static List<String> divergence(ReplogCluster cluster, TopicPartition tp, List<Integer> replicas,
                                   long highWatermark) {
        List<String> violations = new ArrayList<>();
        List<Batch> reference = null;
        int referenceId = -1;
        for (int id : replicas) {
            List<Batch> batches = batchesBelow(cluster, id, tp, highWatermark);
            long next = batches.isEmpty() ? 0 : batches.get(0).baseOffset();
            for (Batch b : batches) {
                if (b.baseOffset() != next) {
                    violations.add("broker " + id + ", " + tp + ": " + b + " where offset " + next + " was due");
                }
                next = b.lastOffset() + 1;
            }
            if (next != highWatermark && highWatermark > 0) {
                violations.add("broker " + id + ", " + tp + ": batches below the high watermark " + highWatermark
                        + " end at " + next);
            }
            if (reference == null) {
                reference = batches;
                referenceId = id;
            } else if (!reference.equals(batches)) {
                violations.add(tp + ": broker " + id + "'s log below the high watermark " + highWatermark
                        + " differs from broker " + referenceId + "'s: " + firstDifference(reference, batches));
            }
        }
        return violations;
    }

    private static String firstDifference(List<Batch> a, List<Batch> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "batch #" + i + ": " + a.get(i) + " vs " + b.get(i);
            }
        }
        return a.size() + " vs " + b.size() + " batches";
    }
}

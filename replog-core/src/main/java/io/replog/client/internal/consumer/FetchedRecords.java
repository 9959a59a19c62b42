package io.replog.client.internal.consumer;

import io.replog.client.ConsumerRecord;
import io.replog.errors.CorruptRecordException;
import io.replog.errors.UnsupportedCompressionException;
import io.replog.record.Compression;
import io.replog.record.Record;
import io.replog.record.RecordBatch;
import io.replog.record.RecordBatches;
import io.replog.topic.TopicPartition;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The record batches one fetch returned for one partition, read out a few records at a time: a
 * poll takes at most {@code max.poll.records}, and the rest waits here for the next poll.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Records come out in offset order, each once, starting at the offset the fetch asked for:
 *       records below it (a batch may start before the fetch offset) are skipped, and so are
 *       records at or above the high watermark the response carried (only committed records).</li>
 *   <li>Every batch read from has its CRC verified first; a corrupt batch raises a
 *       {@link CorruptRecordException} naming the partition and the batch's offsets. Control
 *       batches are passed over; a compressed batch raises an
 *       {@link UnsupportedCompressionException} (replog writes none).</li>
 *   <li>{@link #nextOffset()} is one past the last record taken, or past the last whole batch
 *       passed over, so it is always the consumer's next position; {@link #lastEpoch()} is the
 *       leader epoch of the batch of the last record taken.</li>
 *   <li>An error (corruption, a deserializer's failure) met after some records were taken in the
 *       same call ends the call normally, with those records; the error is raised by the next call,
 *       and by every call after it, until the consumer seeks (which drops this object).</li>
 * </ul>
 * Not thread-safe: the consumer's calling thread owns it.
 */
public final class FetchedRecords {

    /** Turns one record of a batch into what the application gets. */
    @FunctionalInterface
    public interface Converter<K, V> {
        ConsumerRecord<K, V> convert(TopicPartition partition, RecordBatch batch, Record record);
    }

    private final TopicPartition partition;
    private final long fetchOffset;
    private final long highWatermark;
    private final Iterator<RecordBatch> batches;
    private RecordBatch current;
    private Iterator<Record> records;
    private long nextOffset;
    private int lastEpoch = SubscriptionState.NO_EPOCH;
    private boolean exhausted;
    private RuntimeException error;

    /**
     * The batches {@code concatenatedBatches} of {@code partition} (a trailing partial batch is
     * ignored), fetched from {@code fetchOffset}, with the leader's {@code highWatermark}.
     */
    public FetchedRecords(TopicPartition partition, long fetchOffset, long highWatermark,
                          ByteBuffer concatenatedBatches) {
        this.partition = partition;
        this.fetchOffset = fetchOffset;
        this.highWatermark = highWatermark;
        this.batches = RecordBatches.in(concatenatedBatches).iterator();
        this.nextOffset = fetchOffset;
    }

    public TopicPartition partition() {
        return partition;
    }

    /** The offset the fetch asked for. */
    public long fetchOffset() {
        return fetchOffset;
    }

    /** The position after the records taken so far. */
    public long nextOffset() {
        return nextOffset;
    }

    /** The leader epoch of the last record taken, or {@link SubscriptionState#NO_EPOCH}. */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** Whether nothing more can come out (every batch read, or the high watermark reached). */
    public boolean isExhausted() {
        return exhausted && error == null;
    }

    /**
     * Appends to {@code out} at most {@code max} records; returns how many.
     *
     * @throws CorruptRecordException          if the next batch's CRC is wrong and no record was taken
     * @throws UnsupportedCompressionException if the next batch is compressed and no record was taken
     * @throws RuntimeException                what {@code converter} threw, if no record was taken
     */
    public <K, V> int drain(int max, Converter<K, V> converter, List<ConsumerRecord<K, V>> out) {
        if (error != null) {
            throw error;
        }
        int taken = 0;
        try {
            while (taken < max && !exhausted) {
                if (records == null || !records.hasNext()) {
                    if (!nextBatch()) {
                        break;
                    }
                    continue;
                }
                Record record = records.next();
                if (record.offset() < nextOffset) {
                    continue;
                }
                if (record.offset() >= highWatermark) {
                    exhausted = true;
                    break;
                }
                out.add(converter.convert(partition, current, record));
                nextOffset = record.offset() + 1;
                lastEpoch = current.partitionLeaderEpoch();
                taken++;
            }
            if (!exhausted && (records == null || !records.hasNext())) {
                nextBatch(); // so a fetch read to its end is seen as exhausted now, and its partition fetched again
            }
        } catch (RuntimeException e) {
            error = e;
            if (taken == 0) {
                throw e;
            }
        }
        return taken;
    }

    /** Moves past the current batch to the next one worth reading; false when there is none. */
    private boolean nextBatch() {
        if (current != null) {
            // Passed whole: records the batch no longer holds (compaction) and control records are skipped too.
            if (current.nextOffset() <= highWatermark) {
                nextOffset = Math.max(nextOffset, current.nextOffset());
            }
            current = null;
            records = null;
        }
        while (batches.hasNext()) {
            RecordBatch batch = batches.next();
            if (batch.nextOffset() <= nextOffset) {
                continue; // wholly below the position
            }
            if (batch.baseOffset() >= highWatermark) {
                break;
            }
            if (batch.magic() != RecordBatch.MAGIC || !batch.isChecksumValid()) {
                throw new CorruptRecordException("Corrupt record batch in partition " + partition + " at offsets "
                        + batch.baseOffset() + ".." + batch.lastOffset() + " (fetched from offset " + fetchOffset
                        + "): " + (batch.magic() != RecordBatch.MAGIC ? "magic " + batch.magic() + ", expected 2"
                        : "stored CRC " + batch.checksum() + " but the bytes give " + batch.computeChecksum())
                        + "; seek past offset " + batch.lastOffset() + " to skip it");
            }
            if (batch.compression() != Compression.NONE) {
                throw new UnsupportedCompressionException("Record batch in partition " + partition + " at offset "
                        + batch.baseOffset() + " is compressed with " + batch.compression().codecName()
                        + ", which replog cannot read");
            }
            current = batch;
            records = batch.isControl() ? Collections.emptyIterator() : batch.iterator();
            return true;
        }
        exhausted = true;
        return false;
    }
}

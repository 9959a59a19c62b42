package io.replog.client.internal.producer;

import io.replog.client.ProducerConfig;
import io.replog.client.RecordMetadata;
import io.replog.errors.RecordTooLargeException;
import io.replog.errors.ReplogException;
import io.replog.errors.TimeoutException;
import io.replog.record.Header;
import io.replog.record.RecordBatchBuilder;
import io.replog.time.Clock;
import io.replog.topic.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The producer's record accumulator: per-partition queues of {@link ProducerBatch}es that
 * {@code send} appends to and the sender drains. A plain object: it owns no thread and reads time
 * only from the {@link Clock} it is given, so every rule below is unit-tested with a manual clock.
 *
 * <p>The rules:
 * <ul>
 *   <li><b>Batching.</b> A record joins its partition's open batch while the batch stays within
 *       {@code batch.size}; otherwise that batch is closed and a new one opened. A record larger
 *       than {@code batch.size} travels alone in a batch of its own.</li>
 *   <li><b>Ready.</b> A partition's first batch is ready to send once it is full (or a later
 *       batch exists), once {@code linger.ms} has passed since it was created, while a flush is in
 *       progress, while the accumulator is closing, or while memory is short (another batch would
 *       not fit in {@code buffer.memory}) so that sending frees some. A batch retried after a
 *       failure waits {@code retry.backoff.ms} first.</li>
 *   <li><b>Order: one batch in flight per partition.</b> Batches of a partition are drained
 *       oldest first, and at most <em>one</em> of them is unanswered at a time, whatever
 *       {@code max.in.flight.requests.per.connection} says (that key bounds the requests on one
 *       connection, which carry batches of different partitions). A retried batch goes back to the
 *       front of its queue and is sent again before any later batch of its partition, so a retry
 *       never reorders a partition. Kafka gets this only with idempotence (sequence numbers the
 *       broker checks); replog gets it by construction, at the price of one round trip per batch
 *       and partition.</li>
 *   <li><b>Memory.</b> A new batch reserves {@code max(batch.size, its first record's batch size)}
 *       bytes of {@code buffer.memory} until it is done. See "Waiting for memory" below.</li>
 *   <li><b>Delivery timeout.</b> {@link #expireBatches()} fails the queued batches created more
 *       than {@code delivery.timeout.ms} ago with a {@link TimeoutException} naming the partition
 *       and the time; {@link #retryOrFail} fails, rather than requeues, a batch past that time or
 *       out of {@code retries}. Expiring batches in flight is the sender's job (their request
 *       times out).</li>
 * </ul>
 *
 * <p><b>Waiting for memory.</b> An append that needs a new batch when {@code buffer.memory} has
 * no room for it does not block: it returns {@link AppendResult.MustWait} with how long the
 * caller may still wait, measured from when its {@code send} began, against {@code max.block.ms}.
 * The caller waits on its own condition, woken by the {@code onMemoryFreed} callback, and calls
 * {@link #append} again with the same start time; once {@code max.block.ms} has passed, the
 * append throws a {@link TimeoutException} instead. Why a returned decision rather than a
 * blocking call: the accumulator stays a plain object, the deadline rule is decided (and tested)
 * here with a manual clock, and how a thread waits (a condition, a virtual thread, an event
 * loop) stays the producer's choice. Fairness among waiters is the producer's too: the
 * accumulator grants memory to whichever append comes first.
 *
 * <p>Thread-safe: every method holds the accumulator's lock while it changes state, and
 * completes record futures and runs callbacks only after releasing it, so no user callback runs
 * under the lock.
 *
 * <p>Why one class of more than 400 lines: the rules above act on the same per-partition queues
 * and the same memory account under one lock; a rule moved elsewhere would have to reach into
 * both, and the lock discipline (state changed under it, futures completed outside) is checked
 * here in one place. The batch itself is {@link ProducerBatch}; choosing a partition is the
 * {@code Partitioner}'s.
 */
final class RecordAccumulator {

    /** What {@link #append} decided. */
    sealed interface AppendResult {
        /**
         * The record is in a batch.
         *
         * @param future     completes with the record's metadata or its failure
         * @param batchFull  whether its batch is now full (the sender should look soon)
         * @param newBatch   whether the record opened a new batch
         */
        record Appended(CompletableFuture<RecordMetadata> future, boolean batchFull, boolean newBatch)
                implements AppendResult {
        }

        /**
         * The record needs a new batch and {@code buffer.memory} has no room for it yet: wait (at
         * most {@code waitAtMostNanos}, woken when memory is freed) and append again.
         */
        record MustWait(int bytesNeeded, long waitAtMostNanos) implements AppendResult {
        }

        /**
         * The partition's open batch could not take the record and was closed; nothing was
         * appended. Only when asked ({@code abortIfBatchFull}): a keyless record is then
         * re-partitioned, since its sticky partition has just moved on.
         */
        record BatchFull() implements AppendResult {
        }
    }

    /**
     * Which partitions have a batch to send now, and when to look again.
     *
     * @param partitions         the ready partitions, in partition order
     * @param nextCheckDelayNanos how long until a batch not ready now may become ready (by linger or
     *                           backoff); {@code Long.MAX_VALUE} if none is waiting on time
     */
    record ReadyCheck(Set<TopicPartition> partitions, long nextCheckDelayNanos) {
    }

    /** At most one unanswered batch per partition: what keeps a partition's order across retries. */
    static final int MAX_IN_FLIGHT_PER_PARTITION = 1;

    private final int batchSize;
    private final long bufferMemory;
    private final long lingerNanos;
    private final long maxBlockNanos;
    private final long deliveryTimeoutNanos;
    private final long retryBackoffNanos;
    private final int retries;
    private final Clock clock;
    private final Consumer<TopicPartition> onBatchCompleted;
    private final Runnable onMemoryFreed;

    private final Map<TopicPartition, Deque<ProducerBatch>> queues = new TreeMap<>();
    private final Map<TopicPartition, Integer> inFlight = new HashMap<>();
    private final Set<ProducerBatch> incomplete = Collections.newSetFromMap(new IdentityHashMap<>());
    private long bytesHeld;
    private int flushesInProgress;
    private boolean closed;

    /**
     * @param config           batch.size, buffer.memory, linger.ms, max.block.ms, delivery.timeout.ms,
     *                         retry.backoff.ms and retries
     * @param clock            the only source of time
     * @param onBatchCompleted told when a partition's open batch stops taking records (full, or
     *                         drained): the sticky partitioner moves on
     * @param onMemoryFreed    told when a done batch has returned its memory: wake waiting appends
     */
    RecordAccumulator(ProducerConfig config, Clock clock, Consumer<TopicPartition> onBatchCompleted,
                      Runnable onMemoryFreed) {
        this.batchSize = config.batchSize();
        this.bufferMemory = config.bufferMemory();
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(config.lingerMs());
        this.maxBlockNanos = TimeUnit.MILLISECONDS.toNanos(config.maxBlockMs());
        this.deliveryTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.deliveryTimeoutMs());
        this.retryBackoffNanos = TimeUnit.MILLISECONDS.toNanos(config.retryBackoffMs());
        this.retries = config.retries();
        this.clock = clock;
        this.onBatchCompleted = onBatchCompleted;
        this.onMemoryFreed = onMemoryFreed;
    }

    // ------------------------------------------------------------------ append

    /**
     * Appends a serialized record to {@code partition}'s open batch, or to a new one.
     *
     * @param sendStartNanos   {@link Clock#nanos()} when the caller's {@code send} began;
     *                         {@code max.block.ms} is measured from it
     * @param abortIfBatchFull return {@link AppendResult.BatchFull} instead of opening a new batch
     *                         when the open one cannot take the record
     * @throws RecordTooLargeException if the record alone would exceed {@code buffer.memory}
     * @throws TimeoutException        if memory is short and {@code max.block.ms} has passed since
     *                                 {@code sendStartNanos}
     * @throws ReplogException         if the accumulator is closed
     */
    AppendResult append(TopicPartition partition, long timestamp, byte[] key, byte[] value, Header[] headers,
                        long sendStartNanos, boolean abortIfBatchFull) {
        List<TopicPartition> completed = new ArrayList<>(1);
        try {
            synchronized (this) {
                if (closed) {
                    throw new ReplogException("Cannot send a record to " + partition + ": the producer is closed");
                }
                Deque<ProducerBatch> queue = queues.computeIfAbsent(partition, tp -> new ArrayDeque<>());
                ProducerBatch last = queue.peekLast();
                if (last != null && last.state() == ProducerBatch.State.OPEN) {
                    if (last.sizeAfterAppend(timestamp, key, value, headers) <= batchSize) {
                        CompletableFuture<RecordMetadata> f = last.append(timestamp, key, value, headers);
                        return new AppendResult.Appended(f, closeIfFull(last, completed), false);
                    }
                    last.close();
                    completed.add(partition);
                    if (abortIfBatchFull) {
                        return new AppendResult.BatchFull();
                    }
                }
                return appendToNewBatch(queue, partition, timestamp, key, value, headers, sendStartNanos, completed);
            }
        } finally {
            completed.forEach(onBatchCompleted);
        }
    }

    private AppendResult appendToNewBatch(Deque<ProducerBatch> queue, TopicPartition partition, long timestamp,
                                          byte[] key, byte[] value, Header[] headers, long sendStartNanos,
                                          List<TopicPartition> completed) {
        int alone = new RecordBatchBuilder(0).sizeInBytesAfterAppend(timestamp, key, value, headers);
        if (alone > bufferMemory) {
            throw new RecordTooLargeException("The record for " + partition + " is " + alone
                    + " bytes as a batch, more than buffer.memory (" + bufferMemory + " bytes); it could never be sent");
        }
        int reserve = Math.max(batchSize, alone);
        long now = clock.nanos();
        if (bytesHeld + reserve > bufferMemory) {
            long waited = now - sendStartNanos;
            if (waited >= maxBlockNanos) {
                throw new TimeoutException("Failed to allocate " + reserve + " bytes for a batch of " + partition
                        + " within max.block.ms (" + TimeUnit.NANOSECONDS.toMillis(maxBlockNanos) + " ms): "
                        + "buffer.memory is " + bufferMemory + " bytes and " + bytesHeld
                        + " are held by batches not yet acknowledged");
            }
            return new AppendResult.MustWait(reserve, maxBlockNanos - waited);
        }
        ProducerBatch batch = new ProducerBatch(partition, reserve, now);
        bytesHeld += reserve;
        incomplete.add(batch);
        queue.addLast(batch);
        CompletableFuture<RecordMetadata> f = batch.append(timestamp, key, value, headers);
        return new AppendResult.Appended(f, closeIfFull(batch, completed), true);
    }

    private boolean closeIfFull(ProducerBatch batch, List<TopicPartition> completed) {
        if (batch.sizeInBytes() >= batchSize) {
            batch.close();
            completed.add(batch.partition());
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ ready and drain

    /** Which partitions have a batch to send now (see the class comment), and when to look again. */
    synchronized ReadyCheck ready() {
        long now = clock.nanos();
        Set<TopicPartition> ready = new LinkedHashSet<>();
        long next = Long.MAX_VALUE;
        boolean exhausted = bytesHeld + batchSize > bufferMemory;
        for (Map.Entry<TopicPartition, Deque<ProducerBatch>> e : queues.entrySet()) {
            ProducerBatch head = e.getValue().peekFirst();
            if (head == null || muted(e.getKey())) {
                continue;
            }
            long wait = waitBeforeSend(head, e.getValue().size() > 1, exhausted, now);
            if (wait <= 0) {
                ready.add(e.getKey());
            } else if (wait != Long.MAX_VALUE) {
                next = Math.min(next, wait);
            }
        }
        return new ReadyCheck(Collections.unmodifiableSet(ready), next);
    }

    /** Nanoseconds until {@code head} may be sent: 0 or less if now; {@code Long.MAX_VALUE} never by time alone. */
    private long waitBeforeSend(ProducerBatch head, boolean laterBatchExists, boolean exhausted, long now) {
        if (head.attempts() > 0) {
            return retryBackoffNanos - (now - head.lastAttemptNanos());
        }
        boolean full = laterBatchExists || head.state() != ProducerBatch.State.OPEN;
        if (full || exhausted || flushesInProgress > 0 || closed) {
            return 0;
        }
        return lingerNanos - (now - head.createdNanos());
    }

    private boolean muted(TopicPartition partition) {
        return inFlight.getOrDefault(partition, 0) >= MAX_IN_FLIGHT_PER_PARTITION;
    }

    /**
     * Hands out, for each of {@code partitions} that is ready now, its oldest batch: closed for
     * appends, its bytes built, counted as in flight. Partitions not ready are skipped.
     */
    List<ProducerBatch> drain(Collection<TopicPartition> partitions) {
        List<ProducerBatch> drained = new ArrayList<>();
        List<TopicPartition> completed = new ArrayList<>();
        synchronized (this) {
            long now = clock.nanos();
            boolean exhausted = bytesHeld + batchSize > bufferMemory;
            for (TopicPartition tp : new LinkedHashSet<>(partitions)) {
                Deque<ProducerBatch> queue = queues.get(tp);
                ProducerBatch head = queue == null ? null : queue.peekFirst();
                if (head == null || muted(tp) || waitBeforeSend(head, queue.size() > 1, exhausted, now) > 0) {
                    continue;
                }
                queue.pollFirst();
                if (head.state() == ProducerBatch.State.OPEN) {
                    completed.add(tp);
                }
                head.beginAttempt(now);
                inFlight.merge(tp, 1, Integer::sum);
                drained.add(head);
            }
        }
        completed.forEach(onBatchCompleted);
        return drained;
    }

    // ------------------------------------------------------------------ answers

    /**
     * The batch was acknowledged at {@code baseOffset} ({@code -1}: not known, as with acks=0);
     * {@code logAppendTime} is the broker's timestamp for the batch, or {@code -1} to keep each
     * record's own.
     */
    void complete(ProducerBatch batch, long baseOffset, long logAppendTime) {
        synchronized (this) {
            finishInFlight(batch);
        }
        batch.completeFutures(baseOffset, logAppendTime);
        onMemoryFreed.run();
    }

    /** The batch failed for good: every record's future fails with {@code error}. */
    void fail(ProducerBatch batch, RuntimeException error) {
        synchronized (this) {
            finishInFlight(batch);
        }
        batch.failFutures(error);
        onMemoryFreed.run();
    }

    /**
     * The batch failed with a retriable error: it goes back to the front of its partition's queue
     * (sent again after {@code retry.backoff.ms}) if it has retries left and is within
     * {@code delivery.timeout.ms} of its creation; otherwise it fails, with {@code error} or, past
     * the delivery timeout, with a {@link TimeoutException} naming the partition and the time.
     *
     * @return whether the batch was requeued
     */
    boolean retryOrFail(ProducerBatch batch, RuntimeException error) {
        RuntimeException failure;
        synchronized (this) {
            long age = clock.nanos() - batch.createdNanos();
            if (age < deliveryTimeoutNanos && batch.attempts() <= retries) {
                requireInFlight(batch);
                inFlight.merge(batch.partition(), -1, Integer::sum);
                batch.requeue(error);
                queues.computeIfAbsent(batch.partition(), tp -> new ArrayDeque<>()).addFirst(batch);
                return true;
            }
            failure = age >= deliveryTimeoutNanos ? expiredError(batch, age, error) : error;
            finishInFlight(batch);
        }
        batch.failFutures(failure);
        onMemoryFreed.run();
        return false;
    }

    private void finishInFlight(ProducerBatch batch) {
        requireInFlight(batch);
        inFlight.merge(batch.partition(), -1, Integer::sum);
        release(batch);
    }

    private void requireInFlight(ProducerBatch batch) {
        if (batch.state() != ProducerBatch.State.IN_FLIGHT) {
            throw new IllegalStateException("batch " + batch + " is not in flight");
        }
    }

    private void release(ProducerBatch batch) {
        batch.markDone();
        incomplete.remove(batch);
        bytesHeld -= batch.reservedBytes();
    }

    // ------------------------------------------------------------------ expiry, flush, close

    /**
     * Fails every queued batch created {@code delivery.timeout.ms} or more ago, with a
     * {@link TimeoutException} naming its partition and age; returns them.
     */
    List<ProducerBatch> expireBatches() {
        List<ProducerBatch> expired = new ArrayList<>();
        List<TopicPartition> completed = new ArrayList<>();
        long now;
        synchronized (this) {
            now = clock.nanos();
            for (Deque<ProducerBatch> queue : queues.values()) {
                // Batches queue in creation order (a requeued one, older still, goes first), so the
                // first young batch ends the scan of its queue.
                while (!queue.isEmpty() && now - queue.peekFirst().createdNanos() >= deliveryTimeoutNanos) {
                    ProducerBatch b = queue.pollFirst();
                    if (b.state() == ProducerBatch.State.OPEN) {
                        completed.add(b.partition());
                    }
                    release(b);
                    expired.add(b);
                }
            }
        }
        completed.forEach(onBatchCompleted);
        for (ProducerBatch b : expired) {
            b.failFutures(expiredError(b, now - b.createdNanos(), b.lastError()));
        }
        if (!expired.isEmpty()) {
            onMemoryFreed.run();
        }
        return expired;
    }

    /**
     * Nanoseconds until the oldest queued batch reaches {@code delivery.timeout.ms} (0 or less:
     * now); {@code Long.MAX_VALUE} when nothing is queued. The sender's next look at
     * {@link #expireBatches()}.
     */
    synchronized long nextExpiryDelayNanos() {
        long now = clock.nanos();
        long next = Long.MAX_VALUE;
        for (Deque<ProducerBatch> queue : queues.values()) {
            ProducerBatch head = queue.peekFirst();
            if (head != null) {
                next = Math.min(next, head.createdNanos() + deliveryTimeoutNanos - now);
            }
        }
        return next;
    }

    private TimeoutException expiredError(ProducerBatch batch, long ageNanos, RuntimeException cause) {
        String message = "Expiring " + batch.recordCount() + " record(s) for " + batch.partition() + ": "
                + TimeUnit.NANOSECONDS.toMillis(ageNanos) + " ms has passed since batch creation, "
                + "delivery.timeout.ms is " + TimeUnit.NANOSECONDS.toMillis(deliveryTimeoutNanos) + " ms";
        return cause == null ? new TimeoutException(message) : new TimeoutException(message, cause);
    }

    /**
     * Makes every batch ready at once until each batch that exists now is done; the returned
     * future completes then (whether the batches succeeded or failed).
     */
    CompletableFuture<Void> beginFlush() {
        CompletableFuture<Void> all;
        synchronized (this) {
            flushesInProgress++;
            all = CompletableFuture.allOf(incomplete.stream().map(ProducerBatch::completion)
                    .toArray(CompletableFuture[]::new));
        }
        return all.whenComplete((v, e) -> {
            synchronized (this) {
                flushesInProgress--;
            }
        });
    }

    /** Whether a flush is waiting for batches. */
    synchronized boolean flushInProgress() {
        return flushesInProgress > 0;
    }

    /**
     * Refuses further appends and makes every queued batch ready at once, so the sender can drain
     * everything; returns a future completing when every batch is done.
     */
    CompletableFuture<Void> close() {
        synchronized (this) {
            closed = true;
            return CompletableFuture.allOf(incomplete.stream().map(ProducerBatch::completion)
                    .toArray(CompletableFuture[]::new));
        }
    }

    /**
     * Fails every batch not in flight with {@code error} (a forced close); batches in flight are
     * left to their answers. Returns the batches failed.
     */
    List<ProducerBatch> abortUnsent(RuntimeException error) {
        List<ProducerBatch> aborted = new ArrayList<>();
        synchronized (this) {
            for (Deque<ProducerBatch> queue : queues.values()) {
                for (ProducerBatch b : queue) {
                    release(b);
                    aborted.add(b);
                }
                queue.clear();
            }
        }
        for (ProducerBatch b : aborted) {
            b.failFutures(error);
        }
        if (!aborted.isEmpty()) {
            onMemoryFreed.run();
        }
        return aborted;
    }

    // ------------------------------------------------------------------ observation

    /** Bytes of {@code buffer.memory} reserved by batches not yet done. */
    synchronized long bytesHeld() {
        return bytesHeld;
    }

    /** Bytes of {@code buffer.memory} free now. */
    synchronized long bytesAvailable() {
        return bufferMemory - bytesHeld;
    }

    /** Batches of {@code partition} handed out and not yet answered. */
    synchronized int inFlight(TopicPartition partition) {
        return inFlight.getOrDefault(partition, 0);
    }

    /** Batches queued for {@code partition} (not in flight). */
    synchronized int queued(TopicPartition partition) {
        Deque<ProducerBatch> queue = queues.get(partition);
        return queue == null ? 0 : queue.size();
    }

    /** Whether any batch is queued or in flight. */
    synchronized boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }
}

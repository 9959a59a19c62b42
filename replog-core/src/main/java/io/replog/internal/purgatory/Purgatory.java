package io.replog.internal.purgatory;

import io.replog.time.Scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operations waiting, without a thread, for the state behind some keys to move, as Kafka's
 * delayed-operation purgatory: an acks=all produce waiting for high watermarks, a long-poll fetch
 * waiting for bytes, an admin request waiting for metadata.
 *
 * <p>Guarantees, all on the one event loop (the {@link Scheduler} given) that every method must
 * be called on:
 * <ul>
 *   <li>Each operation answers exactly once: when a check finds it complete
 *       ({@link DelayedOperation#onComplete()}), or when its timeout fires or the purgatory is
 *       {@linkplain #expireAll() closed} ({@link DelayedOperation#onExpiration()}).</li>
 *   <li>An answered operation is on no watch list and its timer is cancelled: nothing is held
 *       after it answered.</li>
 *   <li>Checks run in a fixed order: the operations watching a key in the order they began to
 *       watch it; {@link #checkAll()} every operation in the order it began to wait. The order of
 *       {@link #expireAll()} is that of a {@link HashMap} over the keys, which is the same from run
 *       to run for keys with value-based hash codes (records, strings): the simulation replays
 *       a seed exactly.</li>
 * </ul>
 *
 * @param <K> what operations wait for; a value type
 */
public final class Purgatory<K> {
    private final Scheduler scheduler;
    /** The operations watching each key, in the order they began to watch it. */
    private final Map<K, List<DelayedOperation<K>>> watchers = new HashMap<>();
    /** Every operation still waiting, in the order it began to wait, with the keys it watches. */
    private final Map<DelayedOperation<K>, Set<K>> waiting = new LinkedHashMap<>();

    public Purgatory(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Answers {@code op} now if it can be answered completely; otherwise it watches those of
     * {@code keys} it still {@linkplain DelayedOperation#waitsOn waits on} and expires after
     * {@code timeoutMs}. Returns whether it was answered now.
     */
    public boolean tryCompleteElseWatch(DelayedOperation<K> op, Collection<K> keys, long timeoutMs) {
        if (op.isCompleted() || waiting.containsKey(op)) {
            throw new IllegalStateException("operation " + op + " already waited in a purgatory");
        }
        if (op.tryComplete()) {
            complete(op);
            return true;
        }
        Set<K> watched = new LinkedHashSet<>();
        for (K key : keys) {
            if (op.waitsOn(key) && watched.add(key)) {
                watchers.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
            }
        }
        waiting.put(op, watched);
        op.expireAfter(scheduler, timeoutMs, () -> expire(op));
        return false;
    }

    /** The state behind {@code key} moved: checks the operations watching it and answers those that are complete. */
    public void checkAndComplete(K key) {
        List<DelayedOperation<K>> list = watchers.get(key);
        if (list == null) {
            return;
        }
        for (DelayedOperation<K> op : List.copyOf(list)) {
            if (op.isCompleted()) {
                continue; // answered while an earlier one was
            }
            if (op.tryComplete(key)) {
                complete(op);
            } else if (!op.waitsOn(key)) {
                unwatch(op, key);
            }
        }
    }

    /** Much may have moved at once: checks every waiting operation and answers those that are complete. */
    public void checkAll() {
        for (DelayedOperation<K> op : List.copyOf(waiting.keySet())) {
            if (!op.isCompleted() && op.tryComplete()) {
                complete(op);
            }
        }
    }

    /**
     * Closing: answers every waiting operation now with whatever it has (as if its timeout had
     * run out) and cancels its timer.
     */
    public void expireAll() {
        Set<DelayedOperation<K>> all = new LinkedHashSet<>();
        watchers.values().forEach(all::addAll);
        all.addAll(waiting.keySet());
        for (DelayedOperation<K> op : all) {
            if (op.claim()) {
                op.onExpiration();
            }
        }
        watchers.clear();
        waiting.clear();
    }

    /**
     * A crash: stops watching every operation without answering it and without touching its
     * timer, which dies with the crashed process's event loop (if the loop lives on, the timer
     * still answers it).
     */
    public void forgetAll() {
        watchers.clear();
        waiting.clear();
    }

    /** How many operations watch {@code key}. */
    public int watching(K key) {
        List<DelayedOperation<K>> list = watchers.get(key);
        return list == null ? 0 : list.size();
    }

    /** How many operations wait. */
    public int size() {
        return waiting.size();
    }

    private void complete(DelayedOperation<K> op) {
        if (op.claim()) {
            op.onComplete();
            unwatchAll(op);
        }
    }

    private void expire(DelayedOperation<K> op) {
        if (op.claim()) {
            op.onExpiration();
            unwatchAll(op);
        }
    }

    private void unwatchAll(DelayedOperation<K> op) {
        Set<K> keys = waiting.remove(op);
        if (keys != null) {
            keys.forEach(key -> removeWatcher(op, key));
        }
    }

    private void unwatch(DelayedOperation<K> op, K key) {
        Set<K> keys = waiting.get(op);
        if (keys != null && keys.remove(key)) {
            removeWatcher(op, key);
        }
    }

    private void removeWatcher(DelayedOperation<K> op, K key) {
        List<DelayedOperation<K>> list = watchers.get(key);
        if (list != null && list.remove(op) && list.isEmpty()) {
            watchers.remove(key);
        }
    }
}

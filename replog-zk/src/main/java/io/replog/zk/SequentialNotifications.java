package io.replog.zk;

import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The controller's side of Kafka's sequential notification directories
 * ({@code /isr_change_notification}, {@code /log_dir_event_notification}): while this coordinator
 * holds a controller term it watches the directory, reads its {@code <prefix><seq>} children,
 * reports what they name (merged, per page), and deletes them with
 * fenced multi-ops (a deposed controller deletes nothing: the next controller reads them; a
 * refused delete ends the term here at once). Reads are coalesced like a {@link WatchedSnapshot}.
 *
 * <p><b>No reply can outgrow the client's buffer</b> (1 MB by default; a bigger reply resets the
 * connection, again at every retry). Notifications are handled in pages of {@value #PAGE}: their
 * bodies read one call each, reported, then deleted in one fenced multi-op, before the next page
 * is read. The children are listed in one reply only while there are at most
 * {@value #LIST_LIMIT} (the parent's stat says how many, about 25 bytes of reply each); a larger
 * backlog (left by a long controller-less period, or by writers that do not batch) is read by
 * sequence number instead: a sequential child's number is the parent's child version when it
 * was created, so every one lies below the current child version, and the newest are read first
 * until as many as the stat counted were found. Once the backlog fits, the list is read with a
 * watch again.
 *
 * @param <T> what one notification names (partitions, broker ids)
 */
final class SequentialNotifications<T extends Comparable<T>> {
    private static final Logger log = LoggerFactory.getLogger(SequentialNotifications.class);
    /** Notifications read, reported and deleted at a time. */
    static final int PAGE = 500;
    /** The most children listed in one reply (about 250 KB of names, a quarter of the client's buffer). */
    static final int LIST_LIMIT = 10_000;

    /** Decodes one notification's body, throwing {@code MalformedZnodeException} if it is not one. */
    interface Decoder<T> {
        Set<T> decode(String path, byte[] data);
    }

    private final String what;
    private final String directory;
    private final String childPrefix;
    private final Decoder<T> decoder;
    private final ZkReads reads;
    private final ControllerElection election;
    private final Consumer<Set<T>> sink;
    private final String logPrefix;

    private ControllerElection.Term term;
    private Watcher watcher;
    private boolean running;
    private boolean dirty;

    /**
     * @param what        the notifications, for messages ("ISR change notifications")
     * @param directory   the parent znode
     * @param childPrefix the children's name before the sequence number ({@code isr_change_})
     */
    SequentialNotifications(String what, String directory, String childPrefix, Decoder<T> decoder, ZkReads reads,
                            ControllerElection election, Consumer<Set<T>> sink, String logPrefix) {
        this.what = what;
        this.directory = directory;
        this.childPrefix = childPrefix;
        this.decoder = decoder;
        this.reads = reads;
        this.election = election;
        this.sink = sink;
        this.logPrefix = logPrefix;
    }

    /** Starts consuming notifications for {@code t} (notifications left from before are consumed too). */
    synchronized void start(ControllerElection.Term t) {
        term = t;
        watcher = event -> {
            if (event.getType() != Watcher.Event.EventType.None) {
                refreshFor(t);
            }
        };
        refresh();
    }

    /** Stops consuming for {@code t}. */
    synchronized void stop(ControllerElection.Term t) {
        if (term == t) {
            term = null;
        }
    }

    private synchronized boolean active(ControllerElection.Term t) {
        return term == t;
    }

    private synchronized void refreshFor(ControllerElection.Term t) {
        if (term == t) {
            refresh();
        }
    }

    /** Reads and consumes the pending notifications (after a reconnect, or when a watch fires). */
    synchronized void refresh() {
        if (term == null) {
            return;
        }
        if (running) {
            dirty = true;
            return;
        }
        running = true;
        dirty = false;
        ControllerElection.Term t = term;
        consume(t, watcher).whenComplete((v, error) -> {
            if (error != null) {
                log.debug("{}reading {} failed: {}", logPrefix, what, error.toString());
            }
            synchronized (this) {
                running = false;
                if (dirty) {
                    refresh();
                }
            }
        });
    }

    private CompletableFuture<Void> consume(ControllerElection.Term t, Watcher w) {
        ZkSession s = t.session();
        String parent = directory;
        return s.exists(parent, null).thenCompose(st -> {
            if (st.code() == Code.NONODE) {
                return reads.children(s, parent, w, "list " + what).thenApply(c -> null);
            }
            if (st.code() != Code.OK) {
                throw ZkErrors.failure(st.code(), "look at the " + what, parent);
            }
            if (st.stat().getNumChildren() <= LIST_LIMIT) {
                return reads.children(s, parent, w, "list " + what).thenCompose(c -> {
                    List<String> names = new ArrayList<>(c.children());
                    Collections.sort(names);
                    return pages(t, names, 0);
                });
            }
            log.warn("{}{} holds {} {}, too many to list in one reply; reading them by sequence number, {} at a time",
                    logPrefix, parent, st.stat().getNumChildren(), what, PAGE);
            return scan(t, st.stat().getCversion() - 1L, st.stat().getNumChildren())
                    .thenCompose(x -> active(t) ? consume(t, w) : CompletableFuture.completedFuture(null));
        });
    }

    /** Consumes {@code names} page by page from {@code from}. */
    private CompletableFuture<Void> pages(ControllerElection.Term t, List<String> names, int from) {
        if (from >= names.size() || !active(t)) {
            return CompletableFuture.completedFuture(null);
        }
        List<String> page = names.subList(from, Math.min(names.size(), from + PAGE));
        return page(t, page).thenCompose(found -> pages(t, names, from + PAGE));
    }

    /** Reads the notifications with sequence numbers {@code top} and below, newest first, until {@code remaining} were found. */
    private CompletableFuture<Void> scan(ControllerElection.Term t, long top, long remaining) {
        if (top < 0 || remaining <= 0 || !active(t)) {
            return CompletableFuture.completedFuture(null);
        }
        long bottom = Math.max(0, top - PAGE + 1);
        List<String> page = new ArrayList<>(PAGE);
        for (long seq = bottom; seq <= top; seq++) {
            page.add(childPrefix + String.format(java.util.Locale.ROOT, "%010d", seq));
        }
        return page(t, page).thenCompose(found -> scan(t, bottom - 1, remaining - found));
    }

    /**
     * Reads the notifications named (those gone are skipped), reports what they name, deletes
     * them in one fenced multi-op; completes with how many were found.
     */
    private CompletableFuture<Integer> page(ControllerElection.Term t, List<String> names) {
        ZkSession s = t.session();
        List<CompletableFuture<ZkSession.Data>> bodies = new ArrayList<>(names.size());
        for (String name : names) {
            bodies.add(s.getData(directory + "/" + name, null));
        }
        return CompletableFuture.allOf(bodies.toArray(CompletableFuture[]::new)).thenCompose(x -> {
            Set<T> changed = new TreeSet<>();
            List<Op> ops = new ArrayList<>(election.fence(t));
            for (int i = 0; i < names.size(); i++) {
                String path = directory + "/" + names.get(i);
                ZkSession.Data d = bodies.get(i).join();
                if (d.code() == Code.OK) {
                    Set<T> named = reads.decode(path, () -> decoder.decode(path, d.data()));
                    if (named != null) {
                        changed.addAll(named);
                    }
                    ops.add(Op.delete(path, -1));
                } else if (d.code() != Code.NONODE) {
                    throw ZkErrors.failure(d.code(), "read one of the " + what, path);
                }
            }
            int found = ops.size() - ControllerElection.fenceSize();
            if (found == 0) {
                return CompletableFuture.completedFuture(0);
            }
            if (!changed.isEmpty()) {
                log.debug("{}{} name {} entries", logPrefix, what, changed.size());
                sink.accept(Collections.unmodifiableSet(changed));
            }
            return s.multi(ops).thenApply(m -> {
                if (m.code() == Code.OK) {
                    return found;
                }
                if (m.results() == null || ZkErrors.isConnectionProblem(m.code())) {
                    throw ZkErrors.failure(m.code(), "delete " + found + " " + what, directory);
                }
                var stale = election.fenced(t, m.results(), "delete " + what);
                if (stale != null) {
                    throw stale;
                }
                // One was deleted meanwhile (by hand): the next read finds the rest again.
                log.debug("{}deleting {}: {}", logPrefix, what, m.code());
                return found;
            });
        });
    }
}

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
 * The controller's side of Kafka's notification directories ({@code /isr_change_notification},
 * {@code /log_dir_event_notification}): while this coordinator holds a controller term it watches
 * the directory, reads every sequential child, reports what they name (in sequence order,
 * merged), and deletes them with fenced multi-ops (a deposed controller deletes nothing: the next
 * controller reads them). Reads are coalesced like a {@link WatchedSnapshot}.
 *
 * @param <T> what one notification names (partitions, broker ids)
 */
final class SequentialNotifications<T extends Comparable<T>> {
    private static final Logger log = LoggerFactory.getLogger(SequentialNotifications.class);
    private static final int DELETES_PER_MULTI = 500;

    /** Decodes one notification's body (throwing {@code MalformedZnodeException} if it is not one). */
    interface Decoder<T> {
        Set<T> decode(String path, byte[] data);
    }

    private final String what;
    private final String directory;
    private final ZkReads reads;
    private final Decoder<T> decoder;
    private final java.util.function.Function<ControllerElection.Term, List<Op>> fence;
    private final Consumer<Set<T>> sink;
    private final String logPrefix;

    private ControllerElection.Term term;
    private Watcher watcher;
    private boolean running;
    private boolean dirty;

    /** @param what names the notifications in log messages ("ISR change notifications") */
    SequentialNotifications(String what, String directory, ZkReads reads, Decoder<T> decoder,
                            java.util.function.Function<ControllerElection.Term, List<Op>> fence,
                            Consumer<Set<T>> sink, String logPrefix) {
        this.what = what;
        this.directory = directory;
        this.reads = reads;
        this.decoder = decoder;
        this.fence = fence;
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
        return s.getChildren(directory, w).thenCompose(children -> {
            if (children.code() == Code.NONODE || children.children().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (children.code() != Code.OK) {
                throw ZkErrors.failure(children.code(), "list " + what, directory);
            }
            List<String> names = new ArrayList<>(children.children());
            Collections.sort(names);
            List<CompletableFuture<ZkSession.Data>> bodies = new ArrayList<>();
            for (String name : names) {
                bodies.add(s.getData(directory + "/" + name, null));
            }
            return CompletableFuture.allOf(bodies.toArray(CompletableFuture[]::new)).thenCompose(x -> {
                Set<T> changed = new TreeSet<>();
                List<Op> deletes = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    String path = directory + "/" + names.get(i);
                    ZkSession.Data d = bodies.get(i).join();
                    if (d.code() == Code.OK) {
                        Set<T> named = reads.decode(path, () -> decoder.decode(path, d.data()));
                        if (named != null) {
                            changed.addAll(named);
                        }
                        deletes.add(Op.delete(path, -1));
                    } else if (d.code() != Code.NONODE) {
                        throw ZkErrors.failure(d.code(), "read one of the " + what, path);
                    }
                }
                if (!changed.isEmpty()) {
                    log.debug("{}{} report {}", logPrefix, what, changed);
                    sink.accept(Collections.unmodifiableSet(changed));
                }
                List<CompletableFuture<ZkSession.Multi>> multis = new ArrayList<>();
                for (int i = 0; i < deletes.size(); i += DELETES_PER_MULTI) {
                    List<Op> ops = new ArrayList<>(fence.apply(t));
                    ops.addAll(deletes.subList(i, Math.min(deletes.size(), i + DELETES_PER_MULTI)));
                    multis.add(s.multi(ops));
                }
                return CompletableFuture.allOf(multis.toArray(CompletableFuture[]::new));
            });
        });
    }
}

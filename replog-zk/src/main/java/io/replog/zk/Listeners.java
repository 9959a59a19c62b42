package io.replog.zk;

import io.replog.coordinator.CoordinatorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The coordinator's listeners, called one notification at a time, in order, on the
 * coordinator's own event thread (never on ZooKeeper's). A listener that throws is logged and
 * the others still hear the notification.
 */
final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<CoordinatorListener> listeners = new CopyOnWriteArrayList<>();
    private final Executor events;
    private final String logPrefix;
    private volatile boolean closed;

    Listeners(Executor events, String logPrefix) {
        this.events = events;
        this.logPrefix = logPrefix;
    }

    void add(CoordinatorListener listener) {
        listeners.add(listener);
    }

    /** Queues {@code callback} for every listener. */
    void fire(String what, Consumer<CoordinatorListener> callback) {
        if (closed) {
            return;
        }
        try {
            events.execute(() -> {
                if (closed) {
                    return;
                }
                log.debug("{}notify {}", logPrefix, what);
                for (CoordinatorListener l : listeners) {
                    try {
                        callback.accept(l);
                    } catch (RuntimeException e) {
                        log.error("{}listener {} failed on {}", logPrefix, l, what, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile: nobody is listening any more
        }
    }

    void close() {
        closed = true;
    }
}

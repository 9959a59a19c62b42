package io.replog.zk;

import io.replog.topic.TopicPartition;
import io.replog.zk.znode.IsrChangeZnode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A leader's side of Kafka's ISR change notification, batched as Kafka batches it: the
 * partitions whose ISR this broker changed are collected for {@code lingerMs} after the first
 * change, then written as one sequential {@code /isr_change_notification/isr_change_<seq>}
 * naming them all (several when more than {@value #MAX_PER_NOTIFICATION} partitions changed,
 * so no body comes near the client's 1 MB buffer). So a broker creates at most one notification
 * per linger, however many partitions churn, and a controller-less period builds a backlog of
 * a few znodes per broker per second rather than one per partition per change.
 *
 * <p>A write that fails is kept and written with the next batch (a lost reply may write a
 * notification twice, which only makes the controller look at those partitions twice). A
 * notification that never gets written (the broker died within the linger) costs nothing: the
 * controller's writes are conditional on the partition epoch, so its next write of such a
 * partition conflicts and it reads the stored state.
 */
final class IsrChangeBatcher {
    private static final Logger log = LoggerFactory.getLogger(IsrChangeBatcher.class);
    /** Partitions per notification body: about 45 bytes each, so a body stays below 64 KiB. */
    static final int MAX_PER_NOTIFICATION = 1_000;

    private final ZkConnection connection;
    private final ZkPaths paths;
    private final ScheduledExecutorService timer;
    private final long lingerMs;
    private final String logPrefix;
    private final SortedSet<TopicPartition> pending = new TreeSet<>();
    private boolean scheduled;

    IsrChangeBatcher(ZkConnection connection, ZkPaths paths, ScheduledExecutorService timer, long lingerMs,
                     String logPrefix) {
        this.connection = connection;
        this.paths = paths;
        this.timer = timer;
        this.lingerMs = lingerMs;
        this.logPrefix = logPrefix;
    }

    /** The ISR of {@code tp} was changed (the state write was applied): notify the controller with the next batch. */
    synchronized void changed(TopicPartition tp) {
        pending.add(tp);
        if (!scheduled) {
            scheduled = true;
            try {
                timer.schedule(this::flush, lingerMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                scheduled = false; // closing: flushNow() writes what is pending
            }
        }
    }

    /** Writes what is pending now (on a clean close, before the session ends). */
    void flushNow() {
        flush();
    }

    private void flush() {
        List<List<TopicPartition>> batches = new ArrayList<>();
        synchronized (this) {
            scheduled = false;
            List<TopicPartition> all = new ArrayList<>(pending);
            pending.clear();
            for (int i = 0; i < all.size(); i += MAX_PER_NOTIFICATION) {
                batches.add(all.subList(i, Math.min(all.size(), i + MAX_PER_NOTIFICATION)));
            }
        }
        if (batches.isEmpty()) {
            return;
        }
        ZkSession s = connection.currentOrNull();
        if (s == null) {
            return; // closed, or no session yet: a new controller reads every state anyway
        }
        for (List<TopicPartition> batch : batches) {
            s.create(paths.isrChangeNotificationPrefix(), IsrChangeZnode.encode(batch), CreateMode.PERSISTENT_SEQUENTIAL)
                    .thenAccept(w -> {
                        if (w.code() == Code.OK) {
                            log.debug("{}notified the controller of ISR changes of {} partitions", logPrefix, batch.size());
                            return;
                        }
                        if (w.code() == Code.NONODE) {
                            connection.ensurePaths(s); // someone removed /isr_change_notification
                        } else if (!ZkErrors.isConnectionProblem(w.code())) {
                            log.warn("{}cannot write an ISR change notification for {} partitions: {}; trying again",
                                    logPrefix, batch.size(), w.code());
                        }
                        batch.forEach(this::changed);
                    });
        }
    }
}

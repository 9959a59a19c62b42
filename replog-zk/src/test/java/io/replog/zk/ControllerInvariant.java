package io.replog.zk;

import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks, every {@value #PERIOD_MS} ms while a test runs, that within {@code bound} there is
 * exactly one broker acting as controller and that it owns {@code /controller} (its session,
 * its id) at the epoch in {@code /controller_epoch}; and that no broker acts as controller with
 * an older epoch for longer than {@code bound}. Samples for which ZooKeeper cannot be read (a
 * server just died) are skipped; they do not reset the clock.
 */
final class ControllerInvariant implements AutoCloseable {
    static final long PERIOD_MS = 50;

    private final ZkBrokerCluster cluster;
    private final ZooKeeper zk;
    private final long boundNanos;
    private final ScheduledExecutorService sampler;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<Integer, Long> staleSince = new HashMap<>();
    private long badSince = -1;
    private volatile String last = "no sample yet";
    private volatile boolean lastGood;
    private volatile int samples;

    ControllerInvariant(ZkBrokerCluster cluster, String connectWithChroot, Duration bound) throws IOException {
        this.cluster = cluster;
        this.boundNanos = bound.toNanos();
        this.zk = new ZooKeeper(connectWithChroot, 10_000, event -> {
        });
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-invariant");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(this::sample, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        int holder;
        long owner;
        int epoch;
        try {
            Stat held = new Stat();
            byte[] body = zk.getData("/controller", false, held);
            holder = io.replog.zk.znode.ControllerZnode.decode("/controller", body).brokerId();
            owner = held.getEphemeralOwner();
            epoch = Integer.parseInt(new String(zk.getData("/controller_epoch", false, null), StandardCharsets.US_ASCII));
        } catch (KeeperException.NoNodeException e) {
            holder = -1;
            owner = 0;
            epoch = readEpoch();
        } catch (KeeperException | InterruptedException | RuntimeException e) {
            return; // ZooKeeper unreachable for the moment: no sample
        }
        if (epoch < 0) {
            return;
        }
        Map<Integer, Integer> acting = new TreeMap<>();
        Map<Integer, Long> sessions = new HashMap<>();
        for (ZkBrokerCluster.Member m : cluster.members()) {
            try {
                OptionalInt e = m.actingEpoch();
                if (e.isPresent()) {
                    acting.put(m.id, e.getAsInt());
                    sessions.put(m.id, m.coordinator.sessionId());
                }
            } catch (RuntimeException stopped) {
                // stopping meanwhile: it acts no more
            }
        }
        long now = System.nanoTime();
        samples++;
        boolean good = acting.size() == 1 && holder >= 0 && acting.getOrDefault(holder, -1) == epoch
                && sessions.get(holder) == owner;
        last = "acting " + acting + ", /controller " + (holder < 0 ? "absent" : "broker " + holder + " session 0x"
                + Long.toHexString(owner)) + ", /controller_epoch " + epoch;
        lastGood = good;
        if (good) {
            badSince = -1;
        } else if (badSince < 0) {
            badSince = now;
        } else if (now - badSince > boundNanos) {
            violations.add("for more than " + Duration.ofNanos(boundNanos) + " no single controller: " + last);
            badSince = now; // one report per bound
        }
        List<Integer> stale = new ArrayList<>();
        for (Map.Entry<Integer, Integer> a : acting.entrySet()) {
            if (a.getValue() < epoch) {
                stale.add(a.getKey());
            }
        }
        staleSince.keySet().retainAll(stale);
        for (int id : stale) {
            long since = staleSince.computeIfAbsent(id, x -> now);
            if (now - since > boundNanos) {
                violations.add("broker " + id + " acts as controller of epoch " + acting.get(id) + " below "
                        + epoch + " for more than " + Duration.ofNanos(boundNanos) + ": " + last);
                staleSince.put(id, now);
            }
        }
    }

    private int readEpoch() {
        try {
            return Integer.parseInt(new String(zk.getData("/controller_epoch", false, null), StandardCharsets.US_ASCII));
        } catch (KeeperException | InterruptedException | RuntimeException e) {
            return -1;
        }
    }

    /** The violations seen so far. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    /** Whether the last sample found exactly one proper controller. */
    boolean settled() {
        return lastGood;
    }

    int samples() {
        return samples;
    }

    /** What the last sample saw. */
    String last() {
        return last;
    }

    @Override
    public void close() throws InterruptedException {
        sampler.shutdownNow();
        sampler.awaitTermination(10, TimeUnit.SECONDS);
        zk.close();
    }
}

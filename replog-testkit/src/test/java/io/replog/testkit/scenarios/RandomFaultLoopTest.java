package io.replog.testkit.scenarios;

import io.replog.fault.Fault;
import io.replog.testkit.ReplogCluster;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A randomized fault loop on the real stack: three brokers (racks R1, R2, R1), a topic of three
 * partitions with RF 3 and {@code min.insync.replicas=2}, acks=all load from three producers, and
 * a seeded sequence of faults: {@code kill} (undone by {@code restart}), {@code isolate} and
 * {@code slowFollower} (undone by {@code heal}) and {@code expireSession} (undone by the broker
 * itself, registering again), each held for 0.2 to 2.5 s.
 *
 * <p><b>At most one broker is impaired at a time</b>: a fault strikes only once the previous one is
 * undone. With RF 3 and {@code min.insync.replicas=2} that keeps the invariants meaningful and the
 * run live: a single impaired broker can never take away an acknowledged record (it was on at
 * least two replicas), and the other two can go on acknowledging. The next fault may strike
 * before the previous broker has caught up (each time with probability 1/2), so ISRs of one occur
 * (acks=all is then refused, never acknowledged and lost) and a partition can go offline until
 * its last ISR member returns (unclean election is off), which the loop's next undo brings back.
 *
 * <p>After the faults everything is healed and the loop waits for a controller and full ISRs,
 * then checks the invariants of {@code docs/guarantees.md} that apply: <b>1</b> every acknowledged
 * record is read back by a consumer at its offset with its value (and in send order), per-partition
 * offsets are unique and ascending; <b>2</b> every replica's log below the high watermark is the
 * same, byte for byte ({@link ReplicaLogs}); <b>5</b> every partition has a leader and a full ISR
 * again, and no send failed for good.
 *
 * <p>The seed is printed; {@code -Dreplog.faults.seed=N} replays its fault sequence (timing on a
 * real cluster is not replayed exactly), {@code -Dreplog.faults.seconds=S} sets the length of the
 * fault phase. A failure names the seed and lists the faults with their times, in the shared
 * wording of {@link Fault} ({@code kill 1}, {@code slowFollower 2 by 800 ms}), and gives them as one
 * script that {@link Fault#parseAll} reads back, to replay them by hand on either stack (the
 * simulation's {@code SimCluster} too).
 */
class RandomFaultLoopTest {
    private static final Logger LOG = LoggerFactory.getLogger(RandomFaultLoopTest.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "loop";
    private static final int PARTITIONS = 3;

    /** The short run of every CI build: 15 s of faults. */
    @Test
    void acknowledgedRecordsSurviveRandomFaultsAndReplicasAgreeBelowTheHighWatermark() {
        run(Long.getLong("replog.faults.seed", System.nanoTime()), Duration.ofSeconds(Long.getLong(
                "replog.faults.seconds", 15)));
    }

    /**
     * The long run ({@code mvn -Psoak verify}): 5 minutes of faults, or {@code -Dreplog.faults.seconds}
     * (beyond the build's 5-minute default timeout, so it has its own).
     */
    @Test
    @Tag("soak")
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void soakAcknowledgedRecordsSurviveRandomFaultsAndReplicasAgreeBelowTheHighWatermark() {
        run(Long.getLong("replog.faults.seed", System.nanoTime()), Duration.ofSeconds(Long.getLong(
                "replog.faults.seconds", 300)));
    }

    /** How many kinds of fault the loop draws from; see {@link #fault}. */
    private static final int KINDS = 4;

    private static void run(long seed, Duration faultPhase) {
        LOG.info("RandomFaultLoopTest seed {} ({} of faults); replay with -Dreplog.faults.seed={}", seed, faultPhase,
                seed);
        Random random = new Random(seed);
        List<String> faults = new ArrayList<>(); // the timeline: each fault and undo with its time, and waits
        List<Fault> applied = new ArrayList<>(); // the faults and undos alone, in order, for the replay script
        long start = System.nanoTime();
        try (ReplogCluster cluster = ReplogCluster.builder().racks("R1", "R2", "R1")
                .brokerConfig("min.insync.replicas", 2).brokerConfig("replica.lag.time.max.ms", 2_000)
                .waitTimeout(WAIT).start()) {
            cluster.createTopic(TOPIC, PARTITIONS, 3);
            try (AcksAllLoad load = new AcksAllLoad(cluster, "loop", TOPIC, PARTITIONS, 3, Duration.ofMillis(3))) {
                try {
                    SeedScenariosTest.awaitAcknowledged(load, 100);
                    long end = System.nanoTime() + faultPhase.toNanos();
                    while (System.nanoTime() < end) {
                        // Drawn in this order, so a seed gives the same faults as before they were Fault values.
                        int broker = random.nextInt(3);
                        int kind = random.nextInt(KINDS);
                        long holdMs = 200 + random.nextInt(2_300);
                        long slowMs = 500 + random.nextInt(2_000);
                        boolean waitForCatchUp = random.nextBoolean();
                        Fault fault = fault(kind, broker, slowMs);
                        long brokerEpoch = cluster.brokerEpoch(broker);
                        apply(cluster, fault, applied, faults, start);
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(holdMs)); // the fault lasts
                        undo(cluster, fault, brokerEpoch, applied, faults, start);
                        if (waitForCatchUp) {
                            note(faults, start, "wait for full ISRs");
                            awaitFullIsrs(cluster);
                        }
                    }
                    note(faults, start, "faults over: heal everything");
                    for (int id : cluster.brokerIds()) {
                        cluster.heal(id);
                        if (cluster.state(id) != ReplogCluster.BrokerState.RUNNING) {
                            cluster.restart(id);
                        }
                    }
                    cluster.awaitController();
                    awaitFullIsrs(cluster);
                    SeedScenariosTest.awaitAcknowledged(load, load.acknowledged() + 100); // producing works again
                    load.stop();
                    note(faults, start, load.acknowledged() + " records acknowledged, failed for good: "
                            + load.failures());

                    assertThat(load.failures()).as("sends that failed for good").isEmpty();
                    SeedScenariosTest.assertNothingLostAndReplicasAgree(cluster, load, TOPIC, PARTITIONS);
                    LOG.info("RandomFaultLoopTest seed {} passed: {} faults, {} acknowledged records", seed,
                            applied.stream().filter(f -> !isUndo(f)).count(), load.acknowledged());
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("RandomFaultLoopTest failed with seed " + seed
                            + " (replay: -Dreplog.faults.seed=" + seed + "); faults:\n  " + String.join("\n  ", faults)
                            + "\nas a script for Fault.parseAll: " + script(applied) + "\n" + e.getMessage(), e);
                }
            }
        }
    }

    /** Kind 0 to 3 of the draw: kill, isolate, slowFollower (by {@code slowMs}), expireSession. */
    private static Fault fault(int kind, int broker, long slowMs) {
        return switch (kind) {
            case 0 -> new Fault.Kill(broker);
            case 1 -> new Fault.Isolate(broker);
            case 2 -> new Fault.SlowFollower(broker, slowMs);
            default -> new Fault.ExpireSession(broker);
        };
    }

    private static void apply(ReplogCluster cluster, Fault fault, List<Fault> applied, List<String> faults,
                              long start) {
        fault.applyTo(cluster);
        applied.add(fault);
        note(faults, start, fault.toString());
    }

    /**
     * Undoes {@code fault}: a killed broker is restarted, an isolated or slowed one healed; an
     * expired session the broker undoes itself, registering again under a higher broker epoch.
     */
    private static void undo(ReplogCluster cluster, Fault fault, long brokerEpochBefore, List<Fault> applied,
                             List<String> faults, long start) {
        if (fault instanceof Fault.Kill kill) {
            apply(cluster, new Fault.Restart(kill.broker()), applied, faults, start);
        } else if (fault instanceof Fault.Isolate isolate) {
            apply(cluster, new Fault.Heal(isolate.broker()), applied, faults, start);
        } else if (fault instanceof Fault.SlowFollower slow) {
            apply(cluster, new Fault.Heal(slow.broker()), applied, faults, start);
        } else if (fault instanceof Fault.ExpireSession expire) {
            int broker = expire.broker();
            await("broker " + broker + " registers again after its session expired").atMost(WAIT)
                    .until(() -> cluster.brokerEpoch(broker) > brokerEpochBefore);
            note(faults, start, "broker " + broker + " registered again");
        } else {
            throw new IllegalArgumentException("the loop does not draw " + fault);
        }
    }

    private static boolean isUndo(Fault fault) {
        return fault instanceof Fault.Restart || fault instanceof Fault.Heal;
    }

    /** The faults as one line {@link Fault#parseAll} reads back, e.g. {@code isolate 1; heal 1; kill 0; restart 0}. */
    private static String script(List<Fault> applied) {
        return String.join("; ", applied.stream().map(Fault::toString).toList());
    }

    private static void awaitFullIsrs(ReplogCluster cluster) {
        for (int p = 0; p < PARTITIONS; p++) {
            SeedScenariosTest.awaitFullIsr(cluster, new TopicPartition(TOPIC, p));
        }
    }

    private static void note(List<String> faults, long start, String what) {
        String line = String.format("%6d ms %s", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), what);
        faults.add(line);
        LOG.info("fault loop: {}", line);
    }
}

package io.replog.sim;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.fault.Fault;
import io.replog.topic.TopicPartition;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The random faults of one {@link RandomizedRun}: crashes with and without the page cache, lost
 * disks, fast restarts within the old session's lifetime, clean restarts, isolation, slow links,
 * broken links, message loss, session expiry, brokers (leaders and the controller) cut off from
 * ZooKeeper only, coordinator writes whose reply is lost, preferred-leader elections, topic
 * deletion and re-creation while a replica is down, and correlated faults (a leader crashes 1-50
 * ms after an ISR or leader change).
 *
 * <p>Losing data is only a fault the product must survive while another ISR member keeps it: a
 * power or disk loss hits a broker only when every broker runs under its current registration,
 * every ISR is full, and for the old session's lifetime after it nothing else takes a broker
 * down (else the controller could shrink an ISR to the damaged broker alone, a loss replication
 * does not protect against; docs/guarantees.md).
 *
 * <p>The faults the real stack's fault loop also injects (kill, restart, isolate, heal,
 * slowFollower, expireSession) go through the shared {@link Fault} values: the same faults, by the
 * same names (a scheduled heal is traced as {@code heal 2}). What is drawn from the seed, and in which order, is
 * unchanged by that: the seeds the docs and the planted-bug shares cite replay as before.
 */
final class FaultSchedule {
    private static final int KINDS = 15;

    private final Simulation sim;
    private final SimCluster cluster;
    private final Random random;
    private final int brokers;
    private final List<TopicPartition> watched;
    private final TopicChurn churn;
    private final Set<Integer> down = new TreeSet<>();
    private final Set<Integer> cutOff = new TreeSet<>();
    private long damageWindowEndsMs = -1;
    private int correlatedBudget;

    FaultSchedule(Simulation sim, SimCluster cluster, Random random, int brokers, List<TopicPartition> watched,
                  TopicChurn churn) {
        this.sim = sim;
        this.cluster = cluster;
        this.random = random;
        this.brokers = brokers;
        this.watched = List.copyOf(watched);
        this.churn = churn;
        this.correlatedBudget = random.nextBoolean() ? 1 + random.nextInt(4) : 0;
    }

    void schedule(long faultPhaseMs) {
        for (long t = 1_000 + random.nextInt(2_000); t < faultPhaseMs - 2_000; t += 700 + random.nextInt(3_500)) {
            int victim = random.nextInt(brokers);
            int kind = random.nextInt(KINDS);
            long duration = 500 + random.nextInt(8_000);
            long extra = random.nextLong();
            sim.after(t, "fault", () -> inject(kind, victim, duration, new Random(extra)));
        }
        if (correlatedBudget > 0) {
            sim.zooKeeper().watchStateWrites((tp, state) -> maybeCrashLeaderAfter(tp, state));
        }
        sim.after(faultPhaseMs - 1, "restart all", () -> {
            for (int b : List.copyOf(down)) {
                restart(b);
            }
        });
    }

    private boolean inDamageWindow() {
        return sim.nowMs() < damageWindowEndsMs;
    }

    /** Whether a fault that takes a broker down may run now. */
    private boolean mayTakeDown(int victim) {
        return !down.contains(victim) && !inDamageWindow();
    }

    private void inject(int kind, int victim, long duration, Random r) {
        switch (kind) {
            case 0 -> crash(victim, duration, false);
            case 1 -> {
                new Fault.Isolate(victim).applyTo(cluster);
                after(duration, new Fault.Heal(victim));
            }
            case 2 -> {
                new Fault.SlowFollower(victim, 200 + r.nextInt(3_000)).applyTo(cluster);
                after(duration, new Fault.Heal(victim));
            }
            case 3 -> {
                if (mayTakeDown(victim)) {
                    new Fault.ExpireSession(victim).applyTo(cluster);
                }
            }
            case 4 -> crash(cluster.controllerId(), duration, false);
            case 5 -> {
                sim.network().setLossProbability(0.05 + r.nextDouble() * 0.2);
                sim.after(duration, "no loss", () -> sim.network().setLossProbability(0));
            }
            case 6 -> {
                int other = (victim + 1 + r.nextInt(brokers - 1)) % brokers;
                sim.network().partition(victim, other);
                sim.after(duration, "heal link", () -> sim.network().healLink(victim, other));
            }
            case 7 -> damage(victim, false, fastOr(duration, r), r);
            case 8 -> damage(victim, true, fastOr(duration, r), r);
            case 9 -> crash(victim, 10 + r.nextInt(490), false);
            case 10 -> cutFromZooKeeper(victim, 1_000 + r.nextInt(11_000), r);
            case 11 -> {
                sim.zooKeeper().setLostReplyProbability(0.05 + r.nextDouble() * 0.25);
                sim.after(duration, "no lost replies", () -> sim.zooKeeper().setLostReplyProbability(0));
            }
            case 12 -> {
                if (mayTakeDown(victim) && cluster.broker(victim).isPresent()) {
                    down.add(victim);
                    cluster.stopInBackground(victim);
                    // The topic is deleted while it is down and created again, with it first, once it is back.
                    sim.after(50, "delete " + TopicChurn.TOPIC,
                            () -> churn.deleteAndRecreate(duration + 100 + r.nextInt(900), victim));
                    sim.after(duration, "restart " + victim, () -> restart(victim));
                }
            }
            case 13 -> cluster.broker(cluster.controllerId()).flatMap(b -> b.controller())
                    .ifPresent(c -> c.electPreferredLeaders(null));
            default -> churn.deleteAndRecreate(500 + r.nextInt(6_000));
        }
    }

    private long fastOr(long duration, Random r) {
        return r.nextBoolean() ? 10 + r.nextInt(490) : duration;
    }

    private void crash(int victim, long restartAfterMs, boolean withChurn) {
        if (victim < 0 || !mayTakeDown(victim) || cluster.broker(victim).isEmpty()) {
            return;
        }
        down.add(victim);
        new Fault.Kill(victim).applyTo(cluster);
        if (withChurn || random.nextInt(4) == 0) {
            churn.deleteAndRecreate(1_000 + random.nextInt(5_000));
        }
        sim.after(restartAfterMs, "restart " + victim, () -> restart(victim));
    }

    /** Power loss (or disk loss) of {@code victim}, when another ISR member surely keeps what it loses. */
    private void damage(int victim, boolean wholeDisk, long restartAfterMs, Random r) {
        if (!down.isEmpty() || inDamageWindow() || !everyBrokerSettled() || !everyIsrFull()) {
            return;
        }
        down.add(victim);
        damageWindowEndsMs = sim.nowMs() + sim.config().sessionTimeoutMs() + 3_000;
        if (wholeDisk) {
            cluster.diskLoss(victim);
        } else {
            cluster.powerLoss(victim, r);
        }
        sim.after(restartAfterMs, "restart " + victim, () -> restart(victim));
        // While the controller still counts the damaged broker's old process as live, something
        // makes it elect: a preferred election (auto-rebalance, an operator) or the crash of one
        // current leader (the third replica keeps the data; nothing else fails in the window).
        long trigger = restartAfterMs + 50 + r.nextInt(2_000);
        if (r.nextBoolean()) {
            sim.after(trigger, "preferred election", () -> cluster.broker(cluster.controllerId())
                    .flatMap(b -> b.controller()).ifPresent(c -> c.electPreferredLeaders(null)));
        } else {
            TopicPartition tp = watched.get(r.nextInt(watched.size()));
            long restartLeaderAfter = 500 + r.nextInt(3_000);
            sim.after(trigger, "crash the leader of " + tp, () -> {
                int leader = cluster.leader(tp);
                if (leader >= 0 && leader != victim && !down.contains(leader) && cluster.broker(leader).isPresent()) {
                    down.add(leader);
                    new Fault.Kill(leader).applyTo(cluster);
                    sim.after(restartLeaderAfter, "restart " + leader, () -> restart(leader));
                }
            });
        }
    }

    /** Every broker runs, registered under its current process, and talks to ZooKeeper. */
    private boolean everyBrokerSettled() {
        for (int b = 0; b < brokers; b++) {
            var registration = sim.zooKeeper().liveBrokers().get(b);
            var node = cluster.broker(b);
            if (node.isEmpty() || registration == null || cutOff.contains(b)
                    || node.get().brokerEpoch() != registration.brokerEpoch()) {
                return false;
            }
        }
        return true;
    }

    /** Every ISR holds every replica, so whatever one broker loses, two others keep. */
    private boolean everyIsrFull() {
        for (TopicPartition tp : watched) {
            if (cluster.isr(tp).size() < 3) {
                return false;
            }
        }
        List<Integer> churnIsr = cluster.isr(TopicChurn.TP);
        return churnIsr.isEmpty() || churnIsr.size() == 3;
    }

    private void cutFromZooKeeper(int victim, long durationMs, Random r) {
        int target = switch (r.nextInt(3)) {
            case 0 -> cluster.controllerId();
            case 1 -> cluster.leader(watched.get(r.nextInt(watched.size())));
            default -> victim;
        };
        if (target < 0 || !mayTakeDown(target)) {
            return;
        }
        cutOff.add(target);
        cluster.cutFromZooKeeper(target);
        sim.after(durationMs, "reconnect " + target, () -> {
            cutOff.remove(target);
            cluster.reconnectToZooKeeper(target);
        });
    }

    /** A correlated fault: the new leader crashes 1-50 ms after an ISR or leader change. */
    private void maybeCrashLeaderAfter(TopicPartition tp, LeaderAndIsr state) {
        if (correlatedBudget <= 0 || !state.hasLeader() || random.nextInt(5) != 0) {
            return;
        }
        correlatedBudget--;
        int leader = state.leader();
        long restartAfter = random.nextInt(4) == 0 ? 10 + random.nextInt(490) : 500 + random.nextInt(7_500);
        sim.after(1 + random.nextInt(50), "correlated crash of leader " + leader + " of " + tp,
                () -> crash(leader, restartAfter, false));
    }

    private void restart(int broker) {
        if (!down.contains(broker)) {
            return;
        }
        if (cluster.broker(broker).isPresent()) {
            // A clean stop still handing its leaderships over: restart once it has closed.
            sim.after(100, "restart " + broker, () -> restart(broker));
            return;
        }
        down.remove(broker);
        new Fault.Restart(broker).applyTo(cluster);
    }

    /** Applies {@code fault} in {@code delayMs}, under its own name in the trace (e.g. {@code heal 2}). */
    private void after(long delayMs, Fault fault) {
        sim.after(delayMs, fault.toString(), () -> fault.applyTo(cluster));
    }

    /** Undoes every fault that is still active. */
    void healEverything() {
        sim.network().healAll();
        sim.network().setLossProbability(0);
        sim.zooKeeper().setLostReplyProbability(0);
        for (int b = 0; b < brokers; b++) {
            cluster.heal(b);
            cluster.reconnectToZooKeeper(b);
        }
        for (int b = 0; b < brokers; b++) {
            int broker = b;
            if (down.contains(broker) && cluster.broker(broker).isPresent()) {
                sim.runUntil(() -> cluster.broker(broker).isEmpty(), 30_000);
            }
            down.remove(broker);
            if (cluster.broker(broker).isEmpty()) {
                cluster.restart(broker);
            }
        }
    }
}

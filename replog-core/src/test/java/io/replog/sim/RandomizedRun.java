package io.replog.sim;

import io.replog.fault.PlantedBug;
import io.replog.protocol.ProduceRequest;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One randomized simulation run, fully determined by its seed: a cluster of 3 to 5 brokers
 * (sometimes in two racks), a topic with replication factor 3 and {@code min.insync.replicas=2},
 * acks=all and acks=1 producers, a consumer per partition, and a random schedule of faults —
 * crashes and restarts, isolation, slow links, session expiry, controller crashes, message
 * loss — for a stretch of simulated time. Then every fault heals and the invariants of DESIGN
 * §5 are checked.
 */
public final class RandomizedRun {
    /** What a run found. */
    public record Outcome(long seed, List<String> violations, String summary, String trace) {
        public boolean passed() {
            return violations.isEmpty();
        }
    }

    /** How many of the last simulation events a failing run prints ({@code -Dreplog.sim.traceLines}). */
    private static final int TRACE_LINES = Integer.getInteger("replog.sim.traceLines", 200);

    private final long seed;
    private final Set<PlantedBug> bugs;
    private final long faultPhaseMs;

    public RandomizedRun(long seed, Set<PlantedBug> bugs, long faultPhaseMs) {
        this.seed = seed;
        this.bugs = bugs;
        this.faultPhaseMs = faultPhaseMs;
    }

    public RandomizedRun(long seed) {
        this(seed, Set.of(), 30_000);
    }

    public Outcome run() {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        int brokers = 3 + random.nextInt(3);
        Simulation sim = new Simulation(SimConfig.defaults().withSeed(seed).withBrokers(brokers)
                .withNetworkDelay(1, 1 + random.nextInt(20)).withTraceCapacity(TRACE_LINES));
        Map<Integer, String> racks = new HashMap<>();
        if (random.nextBoolean()) {
            for (int b = 0; b < brokers; b++) {
                racks.put(b, b % 2 == 0 ? "R1" : "R2");
            }
        }
        SimCluster.Spec spec = SimCluster.Spec.defaults().withMinInsyncReplicas(2)
                .withReplicaLagTimeMaxMs(2_000 + random.nextInt(8_000))
                .withPlantedBugs(bugs.toArray(PlantedBug[]::new));
        History history = new History();
        try (SimCluster cluster = new SimCluster(sim, racks, spec)) {
            try {
                cluster.start();
                int partitions = 1 + random.nextInt(3);
                cluster.createTopicOrFail("events", partitions, 3, Map.of());
                List<TopicPartition> tps = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    tps.add(new TopicPartition("events", p));
                }
                InvariantChecker checker = new InvariantChecker(cluster, history, tps, 3).checkEvery(200);
                SimProducer all = new SimProducer(sim, "acksall", ProduceRequest.ACKS_ALL, history);
                SimProducer one = new SimProducer(sim, "acksone", ProduceRequest.ACKS_LEADER, history);
                List<SimConsumer> consumers = new ArrayList<>();
                for (TopicPartition tp : tps) {
                    consumers.add(new SimConsumer(sim, "consumer" + tp.partition(), tp, history).start());
                }
                scheduleWorkload(sim, random, tps, all, one);
                scheduleFaults(sim, random, cluster, brokers);
                sim.runFor(faultPhaseMs);
                healEverything(sim, cluster, brokers);
                sim.runUntil(() -> all.idle() && one.idle(), 60_000);
                checker.checkAfterHeal(120_000);
                consumers.forEach(SimConsumer::stop);
                String summary = "seed " + seed + ": " + brokers + " brokers, " + partitions + " partitions, "
                        + history.ackCount(ProduceRequest.ACKS_ALL) + " acks=all and "
                        + history.ackCount(ProduceRequest.ACKS_LEADER) + " acks=1 writes acknowledged, "
                        + history.consumedCount() + " records consumed, " + history.failedSends() + " sends failed";
                return new Outcome(seed, checker.violations(), summary, sim.trace().dump(TRACE_LINES));
            } catch (RuntimeException e) {
                List<String> v = new ArrayList<>(history.violations());
                v.add("run failed: " + e);
                return new Outcome(seed, v, "seed " + seed + " crashed", sim.trace().dump(TRACE_LINES));
            }
        }
    }

    private static void scheduleWorkload(Simulation sim, Random random, List<TopicPartition> tps, SimProducer all,
                                         SimProducer one) {
        for (long t = 0; t < 28_000; t += 50 + random.nextInt(250)) {
            TopicPartition tp = tps.get(random.nextInt(tps.size()));
            boolean acksAll = random.nextInt(3) > 0;
            sim.after(t, "produce", () -> (acksAll ? all : one).send(tp));
        }
    }

    private void scheduleFaults(Simulation sim, Random random, SimCluster cluster, int brokers) {
        Set<Integer> down = new TreeSet<>();
        for (long t = 1_000 + random.nextInt(2_000); t < faultPhaseMs - 2_000; t += 1_000 + random.nextInt(4_000)) {
            int victim = random.nextInt(brokers);
            int kind = random.nextInt(7);
            long duration = 500 + random.nextInt(8_000);
            sim.after(t, "fault", () -> {
                switch (kind) {
                    case 0 -> {
                        if (down.add(victim)) {
                            cluster.kill(victim);
                            sim.after(duration, "restart " + victim, () -> {
                                if (down.remove(victim)) {
                                    cluster.restart(victim);
                                }
                            });
                        }
                    }
                    case 1 -> {
                        cluster.isolate(victim);
                        sim.after(duration, "heal " + victim, () -> cluster.heal(victim));
                    }
                    case 2 -> {
                        cluster.slowFollower(victim, 200 + random.nextInt(3_000));
                        sim.after(duration, "heal " + victim, () -> cluster.heal(victim));
                    }
                    case 3 -> {
                        if (!down.contains(victim)) {
                            cluster.expireSession(victim);
                        }
                    }
                    case 4 -> {
                        int controller = cluster.controllerId();
                        if (controller >= 0 && down.add(controller)) {
                            cluster.kill(controller);
                            sim.after(duration, "restart " + controller, () -> {
                                if (down.remove(controller)) {
                                    cluster.restart(controller);
                                }
                            });
                        }
                    }
                    case 5 -> {
                        sim.network().setLossProbability(0.05 + random.nextDouble() * 0.2);
                        sim.after(duration, "no loss", () -> sim.network().setLossProbability(0));
                    }
                    default -> {
                        int other = (victim + 1 + random.nextInt(brokers - 1)) % brokers;
                        sim.network().partition(victim, other);
                        sim.after(duration, "heal link", () -> sim.network().healLink(victim, other));
                    }
                }
            });
        }
        sim.after(faultPhaseMs - 1, "restart all", () -> {
            for (int b : List.copyOf(down)) {
                down.remove(b);
                cluster.restart(b);
            }
        });
    }

    private static void healEverything(Simulation sim, SimCluster cluster, int brokers) {
        sim.network().healAll();
        sim.network().setLossProbability(0);
        for (int b = 0; b < brokers; b++) {
            cluster.heal(b);
            if (cluster.broker(b).isEmpty()) {
                cluster.restart(b);
            }
        }
    }
}

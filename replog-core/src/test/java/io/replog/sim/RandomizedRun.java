package io.replog.sim;

import io.replog.internal.fault.PlantedBug;
import io.replog.protocol.ProduceRequest;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One randomized simulation run, fully determined by its seed: a cluster of 3 to 5 brokers
 * (sometimes in two racks), a topic with replication factor 3 and {@code min.insync.replicas=2},
 * acks=all and acks=1 producers (one record at a time, or batched and pipelined over several
 * partitions), a consumer per partition, a second topic deleted and re-created along the way
 * ({@link TopicChurn}), and a random schedule of faults ({@link FaultSchedule}) for a stretch of
 * simulated time. Invariants that must hold at every instant are checked after every event;
 * then every fault heals and the rest of the invariants are checked.
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
                InvariantChecker checker = new InvariantChecker(cluster, history, tps, 3).checkEvery(200)
                        .checkLeadershipOnEveryEvent();
                TopicChurn churn = new TopicChurn(sim, cluster).start();
                SimProducer all = new SimProducer(sim, "acksall", ProduceRequest.ACKS_ALL, history, shape(random));
                SimProducer one = new SimProducer(sim, "acksone", ProduceRequest.ACKS_LEADER, history, shape(random));
                List<SimConsumer> consumers = new ArrayList<>();
                for (TopicPartition tp : tps) {
                    consumers.add(new SimConsumer(sim, "consumer" + tp.partition(), tp, history).start());
                }
                scheduleWorkload(sim, random, tps, all, one, churn);
                FaultSchedule faults = new FaultSchedule(sim, cluster, random, brokers, tps, churn);
                faults.schedule(faultPhaseMs);
                sim.runFor(faultPhaseMs);
                faults.healEverything();
                sim.runUntil(() -> all.idle() && one.idle(), 60_000);
                checker.checkAfterHeal(120_000);
                consumers.forEach(SimConsumer::stop);
                List<String> violations = new ArrayList<>(checker.violations());
                violations.addAll(churn.check());
                String summary = "seed " + seed + ": " + brokers + " brokers, " + partitions + " partitions, "
                        + history.ackCount(ProduceRequest.ACKS_ALL) + " acks=all and "
                        + history.ackCount(ProduceRequest.ACKS_LEADER) + " acks=1 writes acknowledged, "
                        + history.consumedCount() + " records consumed, " + history.failedSends() + " sends failed, "
                        + churn.deletions() + " topic deletions";
                return new Outcome(seed, violations, summary, sim.trace().dump(TRACE_LINES));
            } catch (RuntimeException e) {
                List<String> v = new ArrayList<>(history.violations());
                v.add("run failed: " + e);
                return new Outcome(seed, v, "seed " + seed + " crashed", sim.trace().dump(TRACE_LINES));
            }
        }
    }

    /** Producers send one record per request, one at a time, or batch, pipeline and mix partitions. */
    private static SimProducer.Shape shape(Random random) {
        return random.nextBoolean() ? SimProducer.Shape.SINGLE
                : new SimProducer.Shape(1 + random.nextInt(5), 1 + random.nextInt(3), 1 + random.nextInt(5));
    }

    private static void scheduleWorkload(Simulation sim, Random random, List<TopicPartition> tps, SimProducer all,
                                         SimProducer one, TopicChurn churn) {
        for (long t = 0; t < 28_000; t += 50 + random.nextInt(250)) {
            TopicPartition tp = tps.get(random.nextInt(tps.size()));
            int kind = random.nextInt(8);
            sim.after(t, "produce", () -> {
                if (kind == 0) {
                    churn.produce();
                } else {
                    (kind > 2 ? all : one).send(tp);
                }
            });
        }
    }
}

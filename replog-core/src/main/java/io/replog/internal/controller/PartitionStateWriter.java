package io.replog.internal.controller;

import io.replog.coordinator.Coordinator;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.StateUpdate;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Decides and stores partition states in rounds: each round applies a {@link Decider} to every
 * partition, writes all resulting states in <em>one</em> coordinator call (so a fail-over of
 * 10 000 partitions is one pipelined batch, not 10 000 round trips), and updates the context
 * with what was stored. A partition whose conditional write lost to a concurrent writer (a
 * leader shrinking or expanding its ISR) is decided again from the state that writer stored, in
 * the next round; after {@value #MAX_ROUNDS} rounds it is reported unresolved.
 */
final class PartitionStateWriter {
    private static final Logger log = LoggerFactory.getLogger(PartitionStateWriter.class);
    static final int MAX_ROUNDS = 5;

    /** Decides one partition from its replicas and its current state ({@code null}: never written). */
    @FunctionalInterface
    interface Decider {
        PartitionStateChange decide(TopicPartition tp, List<Integer> replicas, LeaderAndIsr current);
    }

    /** One stored change: the state before, the decision, and the state as stored (with its new partition epoch). */
    record Change(TopicPartition partition, PartitionStateChange.Kind kind, LeaderAndIsr before, LeaderAndIsr after) {
    }

    /**
     * @param decisions  the final decision for every partition considered
     * @param changes    the states stored, by partition, in the order decided
     * @param unresolved partitions still in conflict after the last round
     */
    record Outcome(Map<TopicPartition, PartitionStateChange> decisions, Map<TopicPartition, Change> changes,
                   Set<TopicPartition> unresolved) {
        static Outcome empty() {
            return new Outcome(Map.of(), Map.of(), Set.of());
        }

        boolean isWritten(TopicPartition tp) {
            return changes.containsKey(tp);
        }

        Set<TopicPartition> changedPartitions() {
            return changes.keySet();
        }
    }

    private final Coordinator coordinator;
    private final ControllerContext ctx;
    private final CoordinatorRetry retry;
    private final String logPrefix;

    PartitionStateWriter(Coordinator coordinator, ControllerContext ctx, CoordinatorRetry retry, String logPrefix) {
        this.coordinator = coordinator;
        this.ctx = ctx;
        this.retry = retry;
        this.logPrefix = logPrefix;
    }

    /** Decides {@code partitions} and stores the changes; completes on the event loop. */
    CompletableFuture<Outcome> write(Collection<TopicPartition> partitions, Decider decider) {
        Run run = new Run(decider);
        run.round(List.copyOf(new LinkedHashSet<>(partitions)), 1);
        return run.result;
    }

    private final class Run {
        final Decider decider;
        final CompletableFuture<Outcome> result = new CompletableFuture<>();
        final Map<TopicPartition, PartitionStateChange> decisions = new LinkedHashMap<>();
        final Map<TopicPartition, Change> changes = new LinkedHashMap<>();
        final Set<TopicPartition> unresolved = new LinkedHashSet<>();

        Run(Decider decider) {
            this.decider = decider;
        }

        void round(List<TopicPartition> partitions, int round) {
            Map<TopicPartition, LeaderAndIsr> before = new LinkedHashMap<>();
            Map<TopicPartition, LeaderAndIsr> proposals = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                List<Integer> replicas = ctx.replicas(tp);
                if (replicas.isEmpty()) {
                    continue; // the topic is gone
                }
                LeaderAndIsr current = ctx.state(tp);
                PartitionStateChange e = decider.decide(tp, replicas, current);
                decisions.put(tp, e);
                if (e.changes()) {
                    before.put(tp, current);
                    proposals.put(tp, e.proposed());
                }
            }
            if (proposals.isEmpty()) {
                complete();
                return;
            }
            retry.call("write " + proposals.size() + " partition states",
                            () -> coordinator.writePartitionStatesAsController(ctx.controllerEpoch(), proposals))
                    .whenComplete((updates, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            apply(proposals, before, updates, round);
                        }
                    });
        }

        private void apply(Map<TopicPartition, LeaderAndIsr> proposals, Map<TopicPartition, LeaderAndIsr> before,
                           Map<TopicPartition, StateUpdate> updates, int round) {
            List<TopicPartition> again = new ArrayList<>();
            proposals.forEach((tp, proposed) -> {
                StateUpdate update = updates.get(tp);
                if (update == null) {
                    log.warn("{}Coordinator returned no result for {}; leaving it for the next decision", logPrefix, tp);
                    unresolved.add(tp);
                } else if (update.applied() || sameDecision(update.state(), proposed)) {
                    // The second case: an earlier attempt of this very write was applied before its
                    // reply was lost, and the retry conflicted with our own state.
                    ctx.putState(tp, update.state());
                    changes.put(tp, new Change(tp, decisions.get(tp).kind(), before.get(tp), update.state()));
                } else if (update.state() == null && proposed.partitionEpoch() != LeaderAndIsr.NEW_PARTITION) {
                    log.warn("{}The state of {} vanished while being written (topic deleted?); not recreating it",
                            logPrefix, tp);
                    ctx.removeState(tp);
                    unresolved.add(tp);
                } else {
                    log.info("{}Conflicting write to {}: stored {} (partition epoch {}), ours assumed partition "
                                    + "epoch {}; deciding again", logPrefix, tp, describe(update.state()),
                            update.state() == null ? "none" : update.state().partitionEpoch(), proposed.partitionEpoch());
                    if (update.state() == null) {
                        ctx.removeState(tp);
                    } else {
                        ctx.putState(tp, update.state());
                    }
                    again.add(tp);
                }
            });
            if (again.isEmpty()) {
                complete();
            } else if (round >= MAX_ROUNDS) {
                log.warn("{}Gave up on {} after {} conflicting writes", logPrefix, again, round);
                unresolved.addAll(again);
                complete();
            } else {
                round(again, round + 1);
            }
        }

        private void complete() {
            result.complete(new Outcome(decisions, changes, unresolved));
        }
    }

    private static boolean sameDecision(LeaderAndIsr stored, LeaderAndIsr proposed) {
        return stored != null && stored.leader() == proposed.leader() && stored.leaderEpoch() == proposed.leaderEpoch()
                && Objects.equals(stored.isr(), proposed.isr()) && stored.controllerEpoch() == proposed.controllerEpoch();
    }

    static String describe(LeaderAndIsr s) {
        return s == null ? "nothing" : "leader " + s.leader() + " epoch " + s.leaderEpoch() + " ISR " + s.isr();
    }
}

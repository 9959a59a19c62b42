package io.replog.internal.controller;

import io.replog.protocol.Errors;
import io.replog.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides preferred leader elections, asked for ({@link #classify}) or found needed by the
 * auto-rebalance check ({@link #imbalanced}): leadership moves back to the first replica in
 * assignment order when it is live, not shutting down and in the ISR. Partitions of a topic being
 * deleted are left alone.
 *
 * <p>The seam: {@link EventRunner} writes the {@link #elect} decision and asks
 * {@link #requests} (and for a caller, {@link #answer}) from what was stored: a partition whose
 * write kept losing to concurrent ISR changes is reported, not retried forever. Event-loop
 * confined.
 */
final class PreferredElectionHandler {
    private static final Logger log = LoggerFactory.getLogger(PreferredElectionHandler.class);

    private final ControllerContext ctx;
    private final Deciders deciders;
    private final ControllerSettings config;
    private final String logPrefix;

    /**
     * A request sorted out.
     *
     * @param unknown the partitions without replicas or state, answered {@link Errors#UNKNOWN_TOPIC_OR_PARTITION}
     * @param known   the partitions to elect for, in order
     */
    record Targets(SortedMap<TopicPartition, Errors> unknown, List<TopicPartition> known) {
        Targets {
            unknown = Collections.unmodifiableSortedMap(new TreeMap<>(unknown));
            known = List.copyOf(known);
        }
    }

    PreferredElectionHandler(ControllerContext ctx, Deciders deciders, ControllerSettings config, String logPrefix) {
        this.ctx = ctx;
        this.deciders = deciders;
        this.config = config;
        this.logPrefix = logPrefix;
    }

    /** Sorts {@code requested} ({@code null}: every partition) into the unknown and those to elect for. */
    Targets classify(Set<TopicPartition> requested) {
        Collection<TopicPartition> targets = requested == null ? ctx.allPartitions() : new TreeSet<>(requested);
        SortedMap<TopicPartition, Errors> unknown = new TreeMap<>();
        List<TopicPartition> known = new ArrayList<>();
        for (TopicPartition tp : targets) {
            if (ctx.replicas(tp).isEmpty() || ctx.state(tp) == null) {
                unknown.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            } else {
                known.add(tp);
            }
        }
        return new Targets(unknown, known);
    }

    /**
     * Kafka's check: per broker, the share of the partitions it is preferred for that another
     * broker leads; above {@code leader.imbalance.per.broker.percentage}, each of those whose
     * preferred replica is live and in the ISR is returned for a preferred election.
     */
    List<TopicPartition> imbalanced() {
        Map<Integer, List<TopicPartition>> byPreferred = new TreeMap<>();
        for (TopicPartition tp : ctx.allPartitions()) {
            if (ctx.state(tp) != null) {
                byPreferred.computeIfAbsent(ctx.replicas(tp).get(0), b -> new ArrayList<>()).add(tp);
            }
        }
        ClusterView view = ctx.view();
        List<TopicPartition> candidates = new ArrayList<>();
        byPreferred.forEach((broker, preferredFor) -> {
            List<TopicPartition> ledElsewhere = preferredFor.stream()
                    .filter(tp -> ctx.state(tp).leader() != broker).toList();
            long imbalancePercent = 100L * ledElsewhere.size() / preferredFor.size();
            if (100L * ledElsewhere.size() > (long) config.leaderImbalancePerBrokerPercent() * preferredFor.size()) {
                List<TopicPartition> movable = ledElsewhere.stream()
                        .filter(tp -> view.isEligible(broker) && ctx.state(tp).isr().contains(broker)).toList();
                if (!movable.isEmpty()) {
                    log.info("{}Leader imbalance of broker {} is {}% (> {}%): moving {} partitions back to it",
                            logPrefix, broker, imbalancePercent, config.leaderImbalancePerBrokerPercent(), movable.size());
                    candidates.addAll(movable);
                }
            }
        });
        return candidates;
    }

    /** The preferred replica of each of {@code partitions} takes the leadership where it may. */
    StateWrite elect(List<TopicPartition> partitions, String reason) {
        ClusterView view = ctx.view();
        return new StateWrite(reason, partitions, deciders.unlessDeleting((tp, replicas, current) -> current == null
                ? PartitionStateChange.noEligibleLeader() : PartitionLeaderElector.electPreferred(replicas, current, view)));
    }

    /** Once stored: the replicas of the changed partitions learn their state, everyone the metadata. */
    BrokerRequests requests(PartitionStateWriter.Outcome outcome) {
        if (outcome.changes().isEmpty()) {
            return BrokerRequests.NONE;
        }
        BrokerRequests.Builder batch = new BrokerRequests.Builder(ctx);
        outcome.changedPartitions().forEach(tp -> batch.leaderAndIsrToReplicas(tp, Set.of()));
        return batch.metadataToAll(outcome.changedPartitions()).build();
    }

    /** The caller's answer, per partition asked for, once the {@link #elect} decision is stored. */
    ControllerResult<Map<TopicPartition, Errors>> answer(Targets targets, PartitionStateWriter.Outcome outcome) {
        SortedMap<TopicPartition, Errors> results = new TreeMap<>(targets.unknown());
        for (TopicPartition tp : targets.known()) {
            PartitionStateChange e = outcome.decisions().get(tp);
            Errors result;
            if (outcome.isWritten(tp)) {
                result = Errors.NONE;
            } else if (outcome.unresolved().contains(tp)) {
                result = Errors.REQUEST_TIMED_OUT;
            } else if (e != null && e.kind() == PartitionStateChange.Kind.NO_CHANGE) {
                result = Errors.ELECTION_NOT_NEEDED;
            } else {
                result = Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE;
            }
            results.put(tp, result);
        }
        return new ControllerResult<>(requests(outcome), Collections.unmodifiableSortedMap(results));
    }
}

package io.replog.internal.controller;

import io.replog.topic.TopicPartition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A handler's decision to change partition states: which partitions to decide, the rule that
 * decides each one, and why (for the change log). The rule is a function rather than a list of
 * states because the write runs in rounds: a partition whose conditional write lost to a leader's
 * concurrent ISR change is decided again, by the same rule, from the state that leader stored
 * (see {@link PartitionStateWriter}). A rule reads the {@link ClusterView} of the moment the
 * handler built it, so a handler builds its {@code StateWrite} only once the context shows what
 * the rule should see.
 *
 * @param reason     what caused the change, as the change log tells it
 * @param partitions the partitions to decide, in order
 * @param decider    the rule deciding each of them
 */
record StateWrite(String reason, List<TopicPartition> partitions, PartitionStateWriter.Decider decider) {
    StateWrite {
        Objects.requireNonNull(reason, "reason");
        partitions = List.copyOf(partitions);
        Objects.requireNonNull(decider, "decider");
    }

    /** Nothing to decide. */
    static StateWrite none(String reason) {
        return new StateWrite(reason, List.of(), (tp, replicas, current) -> PartitionStateChange.noChange());
    }

    boolean isEmpty() {
        return partitions.isEmpty();
    }

    /**
     * What the first round of this write would propose for each partition the context knows,
     * without writing anything: the decision as a value, for tests to check without a coordinator.
     */
    Map<TopicPartition, PartitionStateChange> preview(ControllerContext ctx) {
        Map<TopicPartition, PartitionStateChange> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            List<Integer> replicas = ctx.replicas(tp);
            if (!replicas.isEmpty()) {
                out.put(tp, decider.decide(tp, replicas, ctx.state(tp)));
            }
        }
        return out;
    }
}

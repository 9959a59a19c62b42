package io.replog.sim;

import io.replog.protocol.CreateTopicsRequest;
import io.replog.protocol.CreateTopicsResponse;
import io.replog.protocol.DeleteTopicsRequest;
import io.replog.protocol.Errors;
import io.replog.protocol.ProduceRequest;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A topic that is deleted and created again under the same name during a randomized run, often
 * while one of its replicas is down. Each incarnation has its own producer ({@code churn<n>}),
 * so after healing every replica of the topic must hold only the current incarnation's records:
 * an older incarnation's record there is a deleted topic's data come back.
 */
final class TopicChurn {
    static final String TOPIC = "churn";
    static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    private final Simulation sim;
    private final SimCluster cluster;
    private final List<String> violations = new ArrayList<>();
    private int incarnation = 1;
    private SimProducer producer;
    private boolean deleting;
    private int deletions;
    private int preferredFirst = -1;

    TopicChurn(Simulation sim, SimCluster cluster) {
        this.sim = sim;
        this.cluster = cluster;
    }

    /** Creates the first incarnation (the simulation is not running). */
    TopicChurn start() {
        cluster.createTopicOrFail(TOPIC, 1, 3, Map.of());
        producer = new SimProducer(sim, "churn" + incarnation, ProduceRequest.ACKS_ALL, new History());
        return this;
    }

    /** Sends one record to the current incarnation, if it exists. */
    void produce() {
        if (!deleting) {
            producer.send(TP);
        }
    }

    /** Deletes the topic now and creates it again {@code recreateAfterMs} after the delete is answered. */
    void deleteAndRecreate(long recreateAfterMs) {
        deleteAndRecreate(recreateAfterMs, -1);
    }

    /**
     * Like {@link #deleteAndRecreate(long)}, the new incarnation placed with {@code firstReplica}
     * (a broker that is down now) as its preferred leader, when it is given (>= 0).
     */
    void deleteAndRecreate(long recreateAfterMs, int firstReplica) {
        preferredFirst = firstReplica;
        if (deleting) {
            return;
        }
        deleting = true;
        deletions++;
        producer.stop();
        cluster.adminAsync(new DeleteTopicsRequest(List.of(TOPIC), 30_000))
                .whenComplete((r, e) -> sim.after(recreateAfterMs, "recreate " + TOPIC, this::recreate));
    }

    private void recreate() {
        CreateTopicsRequest.NewTopicSpec spec = new CreateTopicsRequest.NewTopicSpec(TOPIC, 1, (short) 3, Map.of(),
                Map.of());
        if (preferredFirst >= 0) {
            List<Integer> replicas = new ArrayList<>(List.of(preferredFirst));
            for (int b = 0; replicas.size() < 3 && b < sim.brokerIds().size(); b++) {
                if (b != preferredFirst) {
                    replicas.add(b);
                }
            }
            spec = new CreateTopicsRequest.NewTopicSpec(TOPIC, -1, (short) -1, Map.of(0, replicas), Map.of());
        }
        cluster.adminAsync(new CreateTopicsRequest(List.of(spec), 30_000, false)).whenComplete((r, e) -> {
            CreateTopicsResponse.TopicResult result = e == null ? ((CreateTopicsResponse) r).results().get(TOPIC) : null;
            if (result != null && result.error() == Errors.NONE) {
                sim.after(0, "churn incarnation " + (incarnation + 1), () -> {
                    incarnation++;
                    producer = new SimProducer(sim, "churn" + incarnation, ProduceRequest.ACKS_ALL, new History());
                    deleting = false;
                });
            } else {
                // The name stays taken until every replica confirmed the deletion; try again.
                sim.after(1_000, "recreate " + TOPIC, this::recreate);
            }
        });
    }

    /** After healing: only the current incarnation's records may be on any replica. */
    List<String> check() {
        if (deleting) {
            sim.runUntil(() -> !deleting, 60_000);
        }
        String current = "churn" + incarnation + "-";
        for (int b : cluster.running().keySet()) {
            cluster.replica(b, TP).ifPresent(p -> InvariantChecker.records(p, p.logEndOffset()).forEach((o, v) -> {
                if (!v.startsWith(current) && violations.size() < 10) {
                    violations.add("deleted topic's data came back: broker " + b + " holds '" + v + "' at offset " + o
                            + " of " + TP + " incarnation " + incarnation);
                }
            }));
        }
        return violations;
    }

    int deletions() {
        return deletions;
    }
}

package io.replog.internal.controller;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.coordinator.TopicAssignment;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The controller's cache of the cluster: live brokers, brokers in controlled shutdown, topic
 * assignments and the last partition states it read or wrote (with their partition epochs).
 * Confined to the controller's event loop; everything iterates in a fixed order (broker id,
 * topic name, partition) so that decisions and requests are the same on every run.
 */
final class ControllerContext {
    private final int controllerEpoch;
    private final SortedMap<Integer, BrokerRegistration> liveBrokers = new TreeMap<>();
    private final Set<Integer> shuttingDown = new TreeSet<>();
    private final SortedMap<String, TopicAssignment> topics = new TreeMap<>();
    private final Map<TopicPartition, LeaderAndIsr> states = new HashMap<>();

    ControllerContext(int controllerEpoch) {
        this.controllerEpoch = controllerEpoch;
    }

    int controllerEpoch() {
        return controllerEpoch;
    }

    /** The view elections decide with, as of now. */
    ClusterView view() {
        return new ClusterView(liveBrokers.keySet(), shuttingDown, controllerEpoch);
    }

    /** The view with {@code broker} counted as not live (it may not lead now). */
    ClusterView viewWithout(int broker) {
        Set<Integer> live = new java.util.TreeSet<>(liveBrokers.keySet());
        live.remove(broker);
        return new ClusterView(live, shuttingDown, controllerEpoch);
    }

    // ------------------------------------------------------------------ brokers

    SortedMap<Integer, BrokerRegistration> liveBrokers() {
        return Collections.unmodifiableSortedMap(liveBrokers);
    }

    boolean isLive(int broker) {
        return liveBrokers.containsKey(broker);
    }

    void addLiveBroker(BrokerRegistration registration) {
        liveBrokers.put(registration.brokerId(), registration);
    }

    /** Forgets a broker that went away; its controlled shutdown, if any, is over. */
    void removeLiveBroker(int broker) {
        liveBrokers.remove(broker);
        shuttingDown.remove(broker);
    }

    void markShuttingDown(int broker) {
        shuttingDown.add(broker);
    }

    Set<Integer> shuttingDown() {
        return Collections.unmodifiableSet(shuttingDown);
    }

    // ------------------------------------------------------------------ topics

    boolean hasTopic(String topic) {
        return topics.containsKey(topic);
    }

    TopicAssignment topic(String topic) {
        return topics.get(topic);
    }

    SortedMap<String, TopicAssignment> topics() {
        return Collections.unmodifiableSortedMap(topics);
    }

    void putTopic(TopicAssignment assignment) {
        topics.put(assignment.topic(), assignment);
    }

    /** Forgets a topic and the states of its partitions. */
    void removeTopic(String topic) {
        TopicAssignment removed = topics.remove(topic);
        if (removed != null) {
            removed.topicPartitions().forEach(states::remove);
        }
    }

    /** The replicas of {@code tp} in assignment order; empty if the partition is unknown. */
    List<Integer> replicas(TopicPartition tp) {
        TopicAssignment a = topics.get(tp.topic());
        return a == null ? List.of() : a.replicas(tp);
    }

    /** A topic's configuration override, or {@code null}. */
    String topicConfig(String topic, String key) {
        TopicAssignment a = topics.get(topic);
        return a == null ? null : a.configs().get(key);
    }

    // ------------------------------------------------------------------ partitions

    LeaderAndIsr state(TopicPartition tp) {
        return states.get(tp);
    }

    void putState(TopicPartition tp, LeaderAndIsr state) {
        states.put(tp, state);
    }

    void removeState(TopicPartition tp) {
        states.remove(tp);
    }

    /** Every partition of every known topic, in topic then partition order. */
    List<TopicPartition> allPartitions() {
        List<TopicPartition> all = new ArrayList<>();
        topics.values().forEach(a -> all.addAll(a.topicPartitions()));
        return all;
    }

    /** The partitions of {@code topicNames}, in order. */
    List<TopicPartition> partitionsOf(Collection<String> topicNames) {
        List<TopicPartition> out = new ArrayList<>();
        new TreeSet<>(topicNames).forEach(t -> {
            TopicAssignment a = topics.get(t);
            if (a != null) {
                out.addAll(a.topicPartitions());
            }
        });
        return out;
    }

    /** The partitions with a replica on {@code broker}. */
    List<TopicPartition> partitionsWithReplicaOn(int broker) {
        return allPartitions().stream().filter(tp -> replicas(tp).contains(broker)).toList();
    }

    /** The partitions {@code broker} leads according to the cached states. */
    List<TopicPartition> partitionsLedBy(int broker) {
        return allPartitions().stream().filter(tp -> {
            LeaderAndIsr s = states.get(tp);
            return s != null && s.leader() == broker;
        }).toList();
    }

    /** The partitions whose state names at least one of {@code brokers} as leader or ISR member. */
    List<TopicPartition> partitionsTouching(Set<Integer> brokers) {
        return allPartitions().stream().filter(tp -> {
            LeaderAndIsr s = states.get(tp);
            return s != null && (brokers.contains(s.leader()) || s.isr().stream().anyMatch(brokers::contains));
        }).toList();
    }

    /** The partitions without a live leader, or without any stored state. */
    List<TopicPartition> partitionsNeedingLeader() {
        return allPartitions().stream().filter(tp -> {
            LeaderAndIsr s = states.get(tp);
            return s == null || !s.hasLeader() || !liveBrokers.containsKey(s.leader());
        }).toList();
    }
}

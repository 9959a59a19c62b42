package io.replog.coordinator;

import io.replog.topic.TopicPartition;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Notifications from the coordinator. Each carries a full, current snapshot, so a listener
 * never has to reconstruct state from deltas, and a notification lost to a reconnect is made
 * good by the next one. Callbacks may arrive on any thread; a broker hands them to its
 * {@link io.replog.time.Scheduler} before acting.
 */
public interface CoordinatorListener {

    /** The set of live (registered) brokers changed. */
    default void onBrokersChanged(Map<Integer, BrokerRegistration> live) {
    }

    /** The controller changed or went away ({@code empty}); brokers without one run for it. */
    default void onControllerChanged(Optional<ControllerInfo> controller) {
    }

    /** Topics were created or their assignment changed. */
    default void onTopicsChanged(Map<String, TopicAssignment> topics) {
    }

    /** Somebody asked for these topics to be deleted; the controller carries it out. */
    default void onTopicDeletionRequested(Set<String> topics) {
    }

    /** Leaders changed the ISR of these partitions (Kafka's ISR change notification). */
    default void onIsrChanged(Set<TopicPartition> partitions) {
    }

    /** A log directory of {@code brokerId} failed ({@link Coordinator#reportLogDirFailure}); for the controller. */
    default void onLogDirFailure(int brokerId) {
    }

    /**
     * This broker's session expired: its ephemeral registration, and its controllership if it
     * held one, are gone. By the time this is called the coordinator already holds a new
     * session; the broker must stop acting as controller at once, register again and run for
     * controller again.
     */
    default void onSessionExpired() {
    }
}

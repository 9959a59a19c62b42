package io.replog.sim;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.internal.replica.Partition;
import io.replog.topic.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed events of a simulated cluster, for scenarios to assert on instead of parsing log text.
 * They are derived from state the simulation already observes, so production code carries no
 * hook for them: partition states as the simulated ZooKeeper stores them (offline partitions,
 * unclean elections) and replicas' log ends after each event (truncations). Each event also
 * goes into the {@linkplain Simulation#trace() trace}, so a failing run's dump shows it.
 *
 * <p>A truncation is a fall of one replica object's log end between two events: a follower
 * truncates in the event that handles the leader's answer and appends only in a later one, so
 * the fall is exactly the cut. A restart brings a new replica object and is not a truncation.
 */
public final class ClusterEvents {

    /** One typed event; {@code toString} is how it reads in the trace. */
    public sealed interface Event permits Truncated, PartitionOffline, UncleanLeaderElected {
    }

    /** Broker {@code broker} cut its log of {@code tp} from log end {@code from} back to {@code to}. */
    public record Truncated(int broker, TopicPartition tp, long from, long to) implements Event {
    }

    /** The coordinator stored {@code tp} without a leader: no live ISR member could lead it. */
    public record PartitionOffline(TopicPartition tp, int leaderEpoch, List<Integer> isr) implements Event {
    }

    /** {@code leader}, not in the ISR it replaced ({@code previousIsr}), was elected for {@code tp}. */
    public record UncleanLeaderElected(TopicPartition tp, int leader, int leaderEpoch, List<Integer> previousIsr)
            implements Event {
    }

    private final SimCluster cluster;
    private final List<TopicPartition> watched;
    private final List<Event> events = new ArrayList<>();
    private final Map<TopicPartition, LeaderAndIsr> lastState = new HashMap<>();
    private final Map<Partition, Long> lastLogEnd = new IdentityHashMap<>();

    private ClusterEvents(SimCluster cluster, List<TopicPartition> watched) {
        this.cluster = cluster;
        this.watched = List.copyOf(watched);
    }

    /**
     * Starts recording {@code cluster}'s events: state changes of every partition, truncations
     * of the replicas of {@code watched} (checked after each event, so only these).
     */
    public static ClusterEvents record(SimCluster cluster, List<TopicPartition> watched) {
        ClusterEvents recorder = new ClusterEvents(cluster, watched);
        Simulation sim = cluster.sim();
        recorder.lastState.putAll(sim.zooKeeper().partitionStates());
        recorder.observeLogEnds();
        sim.zooKeeper().watchStateWrites(recorder::stateWritten);
        sim.afterEachEvent(recorder::observeLogEnds);
        return recorder;
    }

    /** Every event so far, oldest first. */
    public List<Event> all() {
        return List.copyOf(events);
    }

    /** The events of one type so far, oldest first. */
    public <T extends Event> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The truncations broker {@code broker} made of {@code tp}, oldest first. */
    public List<Truncated> truncations(int broker, TopicPartition tp) {
        return of(Truncated.class).stream().filter(t -> t.broker() == broker && t.tp().equals(tp)).toList();
    }

    private void stateWritten(TopicPartition tp, LeaderAndIsr state) {
        // Version 0 is a creation (a re-created topic starts over), so nothing came before it.
        LeaderAndIsr before = state.partitionEpoch() == 0 ? null : lastState.get(tp);
        lastState.put(tp, state);
        boolean hadLeader = before == null || before.leader() != LeaderAndIsr.NO_LEADER;
        if (state.leader() == LeaderAndIsr.NO_LEADER && hadLeader) {
            add(new PartitionOffline(tp, state.leaderEpoch(), state.isr()));
        } else if (before != null && state.leader() != LeaderAndIsr.NO_LEADER && state.leader() != before.leader()
                && !before.isr().contains(state.leader())) {
            add(new UncleanLeaderElected(tp, state.leader(), state.leaderEpoch(), before.isr()));
        }
    }

    private void observeLogEnds() {
        for (int broker : cluster.running().keySet()) {
            for (TopicPartition tp : watched) {
                cluster.replica(broker, tp).ifPresent(replica -> {
                    long end = replica.logEndOffset();
                    Long before = lastLogEnd.put(replica, end);
                    if (before != null && end < before) {
                        add(new Truncated(broker, tp, before, end));
                    }
                });
            }
        }
    }

    private void add(Event event) {
        events.add(event);
        Simulation sim = cluster.sim();
        sim.trace().record(sim.nowMs(), Simulation.CONTROL_NODE, "EVENT " + event);
    }
}

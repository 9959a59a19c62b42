package io.replog.client;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The state of one partition as the controller last published it: its leader ({@value #NO_LEADER}
 * while offline), its replicas in assignment order (the first is the preferred leader), its
 * in-sync replicas, and the epoch of its current leadership.
 *
 * <p>What it guarantees: the replicas are distinct; the ISR and the leader (if any) are among
 * them; the leader, when there is one, is in the ISR. Immutable.
 *
 * @param partition   the partition number
 * @param leader      the leader's broker id, or {@value #NO_LEADER} if the partition is offline
 * @param replicas    the assigned replicas, in assignment order
 * @param isr         the in-sync replicas
 * @param leaderEpoch the epoch of the current leadership; grows with every leader change
 */
public record PartitionDescription(int partition, int leader, List<Integer> replicas, List<Integer> isr,
                                   int leaderEpoch) {

    /** The leader of an offline partition. */
    public static final int NO_LEADER = -1;

    public PartitionDescription {
        replicas = List.copyOf(Objects.requireNonNull(replicas, "replicas"));
        isr = List.copyOf(Objects.requireNonNull(isr, "isr"));
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
        if (new HashSet<>(replicas).size() != replicas.size()) {
            throw new IllegalArgumentException("partition " + partition + " lists a replica twice: " + replicas);
        }
        if (!replicas.containsAll(isr)) {
            throw new IllegalArgumentException("partition " + partition + " has ISR " + isr
                    + " outside its replicas " + replicas);
        }
        if (leader != NO_LEADER && !isr.contains(leader)) {
            throw new IllegalArgumentException("partition " + partition + " has leader " + leader
                    + " outside its ISR " + isr);
        }
        if (leader < NO_LEADER) {
            throw new IllegalArgumentException("partition " + partition + " has leader " + leader
                    + "; a leader is a broker id or -1 (none)");
        }
    }

    /** Whether the partition has a leader (is online). */
    public boolean hasLeader() {
        return leader != NO_LEADER;
    }

    /** The preferred leader: the first replica in assignment order. */
    public int preferredLeader() {
        return replicas.get(0);
    }
}

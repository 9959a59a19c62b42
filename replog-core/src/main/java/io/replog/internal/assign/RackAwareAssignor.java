package io.replog.internal.assign;

import io.replog.errors.InvalidConfigException;
import io.replog.errors.InvalidPartitionsException;
import io.replog.errors.InvalidReplicationFactorException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Spreads the replicas of a new topic over brokers and racks.
 *
 * <p>The brokers are first put in an <em>alternating order</em>: racks sorted by name, brokers
 * sorted by id within each rack, then one broker taken from each rack in turn until all are
 * used (without rack information the order is simply the ids, ascending). With that order
 * {@code L} of {@code n} brokers, partition {@code i}:
 * <ul>
 *   <li>is led by {@code L[i mod n]} (its first replica, the preferred leader);</li>
 *   <li>takes its followers by scanning forward from the leader's position, wrapping around,
 *       taking each broker not yet chosen &mdash; except that a broker whose rack already holds a
 *       replica of the partition is <em>deferred</em> while some rack still holds none; deferred
 *       brokers are taken afterwards in the order they were passed over.</li>
 * </ul>
 *
 * <p>Guarantees (checked by property tests): each partition gets {@code replicationFactor}
 * distinct brokers spanning {@code min(replicationFactor, #racks)} racks; leader counts per
 * broker differ by at most one; when every rack has the same number of brokers (or there are
 * no racks) each partition's replicas are the {@code replicationFactor} consecutive brokers of
 * the alternating order, so replica counts per broker differ by at most
 * {@code min(replicationFactor, n - replicationFactor)} and are equal when the partition count is a
 * multiple of {@code n}. With unbalanced racks no replica balance is promised: the rack spread
 * comes first, so brokers in small racks carry more replicas (a rack of one broker is in every
 * partition once {@code replicationFactor} is at least the number of racks).
 *
 * <p>Stateless and deterministic: the same input always yields the same assignment.
 */
public final class RackAwareAssignor {

    private RackAwareAssignor() {
    }

    /**
     * Assigns {@code partitions} partitions of {@code replicationFactor} replicas each.
     *
     * @param brokers           the live brokers; all with a rack or all without one
     * @param partitions        how many partitions, at least 1
     * @param replicationFactor replicas per partition, from 1 to the number of brokers
     * @return partition number to broker ids, preferred leader first, in partition order
     * @throws InvalidPartitionsException        if {@code partitions < 1}
     * @throws InvalidReplicationFactorException if {@code replicationFactor} is below 1 or above the broker count
     * @throws InvalidConfigException            if some brokers have a rack and others do not
     * @throws IllegalArgumentException          if a broker id appears twice
     */
    public static Map<Integer, List<Integer>> assign(Collection<BrokerRack> brokers, int partitions,
                                                     int replicationFactor) {
        if (partitions < 1) {
            throw new InvalidPartitionsException("number of partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new InvalidReplicationFactorException("replication factor must be at least 1, was "
                    + replicationFactor);
        }
        List<BrokerRack> order = alternatingOrder(brokers);
        int n = order.size();
        if (replicationFactor > n) {
            throw new InvalidReplicationFactorException("replication factor " + replicationFactor
                    + " is larger than the " + n + " live brokers");
        }
        int rackCount = (int) order.stream().map(RackAwareAssignor::rackKey).distinct().count();
        Map<Integer, List<Integer>> result = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            result.put(p, replicasOf(order, p % n, replicationFactor, rackCount));
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * The alternating broker order the assignment is built from: racks sorted, ids sorted within
     * a rack, one broker from each rack in turn; without racks, the ids ascending.
     *
     * @throws InvalidConfigException   if some brokers have a rack and others do not
     * @throws IllegalArgumentException if a broker id appears twice
     */
    public static List<BrokerRack> alternatingOrder(Collection<BrokerRack> brokers) {
        validate(brokers);
        TreeMap<String, List<BrokerRack>> byRack = new TreeMap<>();
        for (BrokerRack b : brokers) {
            byRack.computeIfAbsent(rackKey(b), r -> new ArrayList<>()).add(b);
        }
        byRack.values().forEach(list -> list.sort((a, b) -> Integer.compare(a.id(), b.id())));
        List<BrokerRack> order = new ArrayList<>(brokers.size());
        for (int round = 0; order.size() < brokers.size(); round++) {
            for (List<BrokerRack> rack : byRack.values()) {
                if (round < rack.size()) {
                    order.add(rack.get(round));
                }
            }
        }
        return List.copyOf(order);
    }

    private static List<Integer> replicasOf(List<BrokerRack> order, int leaderPos, int rf, int rackCount) {
        int n = order.size();
        List<Integer> chosen = new ArrayList<>(rf);
        Set<String> racksUsed = new HashSet<>();
        List<BrokerRack> deferred = new ArrayList<>();
        BrokerRack leader = order.get(leaderPos);
        chosen.add(leader.id());
        racksUsed.add(rackKey(leader));
        for (int step = 1; step < n && chosen.size() < rf; step++) {
            BrokerRack candidate = order.get((leaderPos + step) % n);
            boolean rackTaken = racksUsed.contains(rackKey(candidate));
            if (rackTaken && racksUsed.size() < rackCount) {
                // Another rack still holds nothing of this partition: keep this one for later,
                // so that losing a rack never takes more replicas than it must.
                deferred.add(candidate);
                continue;
            }
            chosen.add(candidate.id());
            racksUsed.add(rackKey(candidate));
        }
        for (int i = 0; i < deferred.size() && chosen.size() < rf; i++) {
            chosen.add(deferred.get(i).id());
        }
        return List.copyOf(chosen);
    }

    private static void validate(Collection<BrokerRack> brokers) {
        Set<Integer> seen = new HashSet<>();
        List<Integer> withRack = new ArrayList<>();
        List<Integer> withoutRack = new ArrayList<>();
        for (BrokerRack b : brokers) {
            if (!seen.add(b.id())) {
                throw new IllegalArgumentException("broker id " + b.id() + " appears more than once in " + brokers);
            }
            (b.hasRack() ? withRack : withoutRack).add(b.id());
        }
        if (!withRack.isEmpty() && !withoutRack.isEmpty()) {
            Collections.sort(withRack);
            Collections.sort(withoutRack);
            throw new InvalidConfigException("Brokers " + withoutRack + " have no rack (broker.rack) while brokers "
                    + withRack + " have one; give every broker a rack or none");
        }
    }

    /** Brokers without a rack all share one implicit rack, which makes the order plain ascending ids. */
    private static String rackKey(BrokerRack b) {
        return b.rack() == null ? "" : b.rack();
    }

    /** How many replicas each broker holds in {@code assignment}; a helper for callers and tests. */
    public static Map<Integer, Integer> replicaCounts(Map<Integer, List<Integer>> assignment) {
        Map<Integer, Integer> counts = new HashMap<>();
        assignment.values().forEach(r -> r.forEach(b -> counts.merge(b, 1, Integer::sum)));
        return counts;
    }
}

package io.replog.internal.assign;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link RackAwareAssignor} promises, over random layouts: 1-12 brokers with random
 * (often non-contiguous) ids, 0 (no racks) to 4 racks of unequal size, RF 1..n, 1-40 partitions.
 */
class RackAwareAssignorPropertiesTest {

    record Layout(List<BrokerRack> brokers, int partitions, int replicationFactor) {
        int racks() {
            return (int) brokers.stream().map(b -> String.valueOf(b.rack())).distinct().count();
        }

        boolean balancedRacks() {
            Map<String, Long> sizes = brokers.stream()
                    .collect(Collectors.groupingBy(b -> String.valueOf(b.rack()), Collectors.counting()));
            return new HashSet<>(sizes.values()).size() == 1;
        }
    }

    @Provide
    Arbitrary<Layout> layouts() {
        Arbitrary<Integer> brokerCount = Arbitraries.integers().between(1, 12);
        Arbitrary<Integer> rackCount = Arbitraries.integers().between(0, 4);
        return Combinators.combine(brokerCount, rackCount, Arbitraries.randomValue(r -> r.nextLong()),
                        Arbitraries.integers().between(1, 40))
                .as((n, racks, seed, partitions) -> {
                    java.util.Random random = new java.util.Random(seed);
                    List<Integer> ids = new ArrayList<>();
                    for (int id = 0; ids.size() < n; id++) {
                        if (random.nextInt(3) > 0) {
                            ids.add(id);
                        }
                    }
                    Collections.shuffle(ids, random);
                    List<BrokerRack> brokers = new ArrayList<>();
                    for (int i = 0; i < ids.size(); i++) {
                        // The first brokers cover every rack; the rest land at random: unbalanced racks.
                        String rack = racks == 0 ? null
                                : "rack-" + (i < racks ? i : random.nextInt(racks));
                        brokers.add(new BrokerRack(ids.get(i), rack));
                    }
                    int rf = 1 + random.nextInt(n);
                    return new Layout(List.copyOf(brokers), partitions, rf);
                });
    }

    @Property(tries = 500)
    void everyPartitionHasRfDistinctBrokersSpanningAsManyRacksAsPossible(@ForAll("layouts") Layout l) {
        Map<Integer, List<Integer>> a = RackAwareAssignor.assign(l.brokers(), l.partitions(), l.replicationFactor());
        Map<Integer, String> rackOf = new HashMap<>();
        l.brokers().forEach(b -> rackOf.put(b.id(), String.valueOf(b.rack())));

        assertThat(a).hasSize(l.partitions());
        for (List<Integer> replicas : a.values()) {
            assertThat(replicas).hasSize(l.replicationFactor()).doesNotHaveDuplicates();
            assertThat(rackOf.keySet()).containsAll(replicas);
            Set<String> racks = replicas.stream().map(rackOf::get).collect(Collectors.toSet());
            assertThat(racks).hasSize(Math.min(l.replicationFactor(), l.racks()));
        }
    }

    @Property(tries = 500)
    void leaderCountsDifferByAtMostOne(@ForAll("layouts") Layout l) {
        Map<Integer, List<Integer>> a = RackAwareAssignor.assign(l.brokers(), l.partitions(), l.replicationFactor());
        Map<Integer, Integer> leads = new HashMap<>();
        l.brokers().forEach(b -> leads.put(b.id(), 0));
        a.values().forEach(r -> leads.merge(r.get(0), 1, Integer::sum));
        assertThat(Collections.max(leads.values()) - Collections.min(leads.values())).isLessThanOrEqualTo(1);
    }

    /**
     * Replica balance holds only when racks are of equal size (no racks counts as one rack):
     * then replicas are windows of consecutive brokers and counts differ by at most
     * min(RF, n - RF), and by nothing when the partition count is a multiple of n. Unbalanced
     * racks trade replica balance for rack spread, so nothing is asserted for them.
     */
    @Property(tries = 500)
    void replicaCountsAreBalancedWhenRacksAreEqualInSize(@ForAll("layouts") Layout l) {
        if (!l.balancedRacks()) {
            return;
        }
        int n = l.brokers().size();
        int rf = l.replicationFactor();
        Map<Integer, List<Integer>> a = RackAwareAssignor.assign(l.brokers(), l.partitions(), rf);
        Map<Integer, Integer> counts = new HashMap<>();
        l.brokers().forEach(b -> counts.put(b.id(), 0));
        RackAwareAssignor.replicaCounts(a).forEach(counts::put);
        int spread = Collections.max(counts.values()) - Collections.min(counts.values());
        assertThat(spread).isLessThanOrEqualTo(Math.min(rf, n - rf));
        if (l.partitions() % n == 0) {
            assertThat(spread).isZero();
        }
    }

    @Property(tries = 200)
    void assignmentIsDeterministicAndIgnoresInputOrder(@ForAll("layouts") Layout l) {
        List<BrokerRack> reversed = new ArrayList<>(l.brokers());
        Collections.reverse(reversed);
        assertThat(RackAwareAssignor.assign(reversed, l.partitions(), l.replicationFactor()))
                .isEqualTo(RackAwareAssignor.assign(l.brokers(), l.partitions(), l.replicationFactor()));
    }
}

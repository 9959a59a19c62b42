package io.replog.internal.assign;

import io.replog.errors.InvalidConfigException;
import io.replog.errors.InvalidPartitionsException;
import io.replog.errors.InvalidReplicationFactorException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RackAwareAssignorTest {

    static final List<BrokerRack> INVOICE_BROKERS = List.of(
            new BrokerRack(0, "R1"), new BrokerRack(1, "R1"), new BrokerRack(2, "R1"),
            new BrokerRack(3, "R2"), new BrokerRack(4, "R2"), new BrokerRack(5, "R2"));

    @Test
    void designSeedVectorForTopicInvoice() {
        assertThat(RackAwareAssignor.alternatingOrder(INVOICE_BROKERS)).extracting(BrokerRack::id)
                .containsExactly(0, 3, 1, 4, 2, 5);

        Map<Integer, List<Integer>> a = RackAwareAssignor.assign(INVOICE_BROKERS, 10, 3);

        assertThat(a).containsExactly(
                Map.entry(0, List.of(0, 3, 1)), Map.entry(1, List.of(3, 1, 4)), Map.entry(2, List.of(1, 4, 2)),
                Map.entry(3, List.of(4, 2, 5)), Map.entry(4, List.of(2, 5, 0)), Map.entry(5, List.of(5, 0, 3)),
                Map.entry(6, List.of(0, 3, 1)), Map.entry(7, List.of(3, 1, 4)), Map.entry(8, List.of(1, 4, 2)),
                Map.entry(9, List.of(4, 2, 5)));
        assertThat(a.values().stream().mapToInt(List::size).sum()).isEqualTo(30);
    }

    @Test
    void designSeedVectorPerBroker() {
        Map<Integer, List<Integer>> a = RackAwareAssignor.assign(INVOICE_BROKERS, 10, 3);
        // The invoice example: B0 leads P0,P6 and follows P5,P4; B3 leads P1,P7, follows P0,P6,P5; ...
        assertRole(a, 0, List.of(0, 6), List.of(4, 5));
        assertRole(a, 3, List.of(1, 7), List.of(0, 5, 6));
        assertRole(a, 1, List.of(2, 8), List.of(0, 1, 6, 7));
        assertRole(a, 4, List.of(3, 9), List.of(1, 2, 7, 8));
        assertRole(a, 2, List.of(4), List.of(2, 3, 8, 9));
        assertRole(a, 5, List.of(5), List.of(3, 4, 9));
    }

    private static void assertRole(Map<Integer, List<Integer>> a, int broker, List<Integer> leads, List<Integer> follows) {
        List<Integer> led = new ArrayList<>();
        List<Integer> followed = new ArrayList<>();
        a.forEach((p, replicas) -> {
            if (replicas.get(0) == broker) {
                led.add(p);
            } else if (replicas.contains(broker)) {
                followed.add(p);
            }
        });
        assertThat(led).as("partitions led by B%d", broker).containsExactlyElementsOf(leads);
        assertThat(followed).as("partitions followed by B%d", broker).containsExactlyElementsOf(follows);
    }

    @Test
    void withoutRacksTheOrderIsTheSortedIds() {
        List<BrokerRack> brokers = List.of(BrokerRack.noRack(7), BrokerRack.noRack(2), BrokerRack.noRack(5));
        assertThat(RackAwareAssignor.alternatingOrder(brokers)).extracting(BrokerRack::id).containsExactly(2, 5, 7);
        assertThat(RackAwareAssignor.assign(brokers, 4, 2)).containsExactly(
                Map.entry(0, List.of(2, 5)), Map.entry(1, List.of(5, 7)), Map.entry(2, List.of(7, 2)),
                Map.entry(3, List.of(2, 5)));
    }

    @Test
    void unbalancedRacksDeferABrokerWhoseRackIsTakenUntilEveryRackHoldsOne() {
        // R1: 0,1,2  R2: 3  R3: 4 -> order 0,3,4,1,2
        List<BrokerRack> brokers = List.of(new BrokerRack(0, "R1"), new BrokerRack(1, "R1"), new BrokerRack(2, "R1"),
                new BrokerRack(3, "R2"), new BrokerRack(4, "R3"));
        assertThat(RackAwareAssignor.alternatingOrder(brokers)).extracting(BrokerRack::id)
                .containsExactly(0, 3, 4, 1, 2);
        Map<Integer, List<Integer>> a = RackAwareAssignor.assign(brokers, 5, 3);
        // P3 leads on 1 (R1): 2 (R1) is deferred, 0 (R1) deferred, then 3 (R2), 4 (R3).
        assertThat(a.get(3)).containsExactly(1, 3, 4);
        // P4 leads on 2 (R1): 0 and 3... 0 (R1) deferred, 3 (R2), 4 (R3).
        assertThat(a.get(4)).containsExactly(2, 3, 4);
        // RF 4 after the racks are covered takes the deferred brokers in the order passed over.
        assertThat(RackAwareAssignor.assign(brokers, 5, 4).get(3)).containsExactly(1, 3, 4, 2);
    }

    @Test
    void blankRackMeansNoRack() {
        assertThat(new BrokerRack(1, "  ").hasRack()).isFalse();
    }

    @Test
    void replicationFactorLargerThanBrokersNamesTheNumbers() {
        assertThatThrownBy(() -> RackAwareAssignor.assign(INVOICE_BROKERS.subList(0, 3), 1, 4))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessage("replication factor 4 is larger than the 3 live brokers");
        assertThatThrownBy(() -> RackAwareAssignor.assign(List.of(), 1, 1))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessage("replication factor 1 is larger than the 0 live brokers");
    }

    @Test
    void nonPositiveReplicationFactorOrPartitionsAreRefused() {
        assertThatThrownBy(() -> RackAwareAssignor.assign(INVOICE_BROKERS, 3, 0))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessage("replication factor must be at least 1, was 0");
        assertThatThrownBy(() -> RackAwareAssignor.assign(INVOICE_BROKERS, 3, -2))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessage("replication factor must be at least 1, was -2");
        assertThatThrownBy(() -> RackAwareAssignor.assign(INVOICE_BROKERS, 0, 3))
                .isInstanceOf(InvalidPartitionsException.class)
                .hasMessage("number of partitions must be at least 1, was 0");
        assertThatThrownBy(() -> RackAwareAssignor.assign(INVOICE_BROKERS, -1, 3))
                .isInstanceOf(InvalidPartitionsException.class)
                .hasMessage("number of partitions must be at least 1, was -1");
    }

    @Test
    void mixOfRackAndNoRackNamesTheBrokersWithout() {
        List<BrokerRack> brokers = List.of(new BrokerRack(0, "R1"), BrokerRack.noRack(4), new BrokerRack(1, "R2"),
                BrokerRack.noRack(2));
        assertThatThrownBy(() -> RackAwareAssignor.assign(brokers, 3, 2))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Brokers [2, 4] have no rack (broker.rack) while brokers [0, 1] have one; "
                        + "give every broker a rack or none");
    }

    @Test
    void duplicateBrokerIdsAreRefused() {
        assertThatThrownBy(() -> RackAwareAssignor.assign(List.of(new BrokerRack(1, "R1"), new BrokerRack(1, "R2")), 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("broker id 1 appears more than once");
    }

    @Test
    void resultIsInPartitionOrderAndImmutable() {
        Map<Integer, List<Integer>> a = RackAwareAssignor.assign(INVOICE_BROKERS, 3, 1);
        assertThat(new ArrayList<>(a.keySet())).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> a.put(9, List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new TreeMap<>(RackAwareAssignor.replicaCounts(a))).containsExactly(
                Map.entry(0, 1), Map.entry(1, 1), Map.entry(3, 1));
    }
}

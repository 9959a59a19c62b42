package io.replog.testkit;

import io.replog.coordinator.LeaderAndIsr;
import io.replog.errors.TimeoutException;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link ReplogCluster#awaitIsr} goes by ZooKeeper's ISR as well as the brokers' metadata. */
class AwaitIsrTest {

    /**
     * A leader shrinks the ISR in ZooKeeper; the brokers' metadata may not show it yet. A wait
     * for the full ISR must not return on that stale metadata while the follower is out (it used
     * to: SeedScenariosTest then found the "rejoined" follower far behind the high watermark).
     */
    @Test
    void aWaitForTheFullIsrDoesNotReturnWhileZooKeeperHasTheFollowerOut() {
        try (ReplogCluster cluster = ReplogCluster.builder().brokers(3).brokerConfig("replica.lag.time.max.ms", 1_500)
                .waitTimeout(Duration.ofSeconds(3)).start()) {
            TopicPartition tp = new TopicPartition("stale", 0);
            cluster.createTopic(tp.topic(), 1, 3);
            int leader = cluster.awaitLeader(tp);
            int controller = cluster.awaitController();
            int cut = List.of(0, 1, 2).stream().filter(b -> b != leader && b != controller).findFirst().orElseThrow();

            cluster.isolate(cut); // its fetches fail: it leaves the ISR after replica.lag.time.max.ms, and stays out
            await("isolated broker " + cut + " leaves the ISR of " + tp + " in ZooKeeper").atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.partitionState(tp).map(s -> !s.isr().contains(cut)).orElse(false));
            assertThatThrownBy(() -> cluster.awaitIsr(tp, Set.of(0, 1, 2))).isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("ZooKeeper holds the ISR [0, 1, 2] for " + tp);

            cluster.heal(cut);
            await("broker " + cut + " rejoins").atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(
                    TimeoutException.class).until(() -> {
                        cluster.awaitIsr(tp, Set.of(0, 1, 2));
                        return true;
                    });
            assertThat(cluster.partitionState(tp)).get().extracting(LeaderAndIsr::isr).asList()
                    .containsExactlyInAnyOrder(0, 1, 2);
        }
    }
}

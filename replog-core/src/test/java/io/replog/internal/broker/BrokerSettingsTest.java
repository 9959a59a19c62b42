package io.replog.internal.broker;

import io.replog.config.BrokerConfig;
import io.replog.config.ConfigKey;
import io.replog.coordinator.Endpoint;
import io.replog.errors.InvalidConfigException;
import io.replog.internal.controller.ControllerSettings;
import io.replog.internal.fault.PlantedBug;
import io.replog.internal.fault.PlantedBugs;
import io.replog.internal.replica.ReplicaSettings;
import io.replog.internal.replica.ReplicationSettings;
import io.replog.internal.replica.TopicSettings;
import io.replog.config.LogConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerSettingsTest {
    private static BrokerConfig.Builder minimal() {
        return BrokerConfig.builder().brokerId(7).logDir(Path.of("/var/replog")).zookeeperConnect("zk:2181");
    }

    @Test
    void aRealBrokerIsBuiltFromItsConfigurationAlone() {
        BrokerConfig config = minimal().rack("r2").listeners("PLAINTEXT://h7:9092").logSegmentBytes(4096)
                .minInsyncReplicas(2).uncleanLeaderElectionEnable(true).replicaLagTimeMaxMs(12_000)
                .replicaFetchWaitMaxMs(300).replicaFetchMinBytes(2).replicaFetchMaxBytes(1 << 16)
                .replicaFetchBackoffMs(150).replicaHighWatermarkCheckpointIntervalMs(1_500)
                .logRetentionCheckIntervalMs(60_000).autoLeaderRebalanceEnable(false)
                .leaderImbalanceCheckIntervalSeconds(30).leaderImbalancePerBrokerPercentage(15)
                .controllerRequestRetryBackoffMs(250).build();
        BrokerSettings s = BrokerSettings.from(config);
        TopicSettings defaults = new TopicSettings(LogConfig.builder().segmentBytes(4096).build(),
                new ReplicationSettings(2, 12_000), true);
        assertThat(s).isEqualTo(new BrokerSettings(7, "r2", List.of(new Endpoint("PLAINTEXT", "h7", 9092)),
                new ReplicaSettings(7, Path.of("/var/replog"), defaults,
                        new ReplicaSettings.FetcherSettings(300, 2, 1 << 16, 150), 1_500, 60_000, PlantedBugs.NONE),
                new ControllerSettings(defaults, false, 30_000, 15, 250)));
        assertThat(s.controller().topicDefaults()).isEqualTo(s.replica().defaults());
    }

    @Test
    void theDefaultsMapOntoTheEngineDefaults() {
        BrokerSettings s = BrokerSettings.from(minimal().build());
        assertThat(s.replica().defaults()).isEqualTo(TopicSettings.defaults());
        assertThat(s.controller()).isEqualTo(ControllerSettings.defaults());
        assertThat(s.rack()).isNull();
        assertThat(s.endpoints()).containsExactly(new Endpoint("PLAINTEXT", "", 9092));
        assertThat(s.replica().fetcher()).isEqualTo(new ReplicaSettings.FetcherSettings(500, 1, 1 << 20, 1_000));
        assertThat(s.replica().highWatermarkCheckpointIntervalMs()).isEqualTo(5_000);
        assertThat(s.replica().retentionCheckIntervalMs()).isEqualTo(300_000);
    }

    @Test
    void theControllerAlwaysSeesTheReplicasTopicDefaults() {
        BrokerSettings from = BrokerSettings.from(minimal().build());
        TopicSettings unclean = TopicSettings.defaults().withUncleanLeaderElection(true);
        ReplicaSettings replica = new ReplicaSettings(7, Path.of("/d"), unclean, from.replica().fetcher(), 1, 1);
        BrokerSettings byHand = new BrokerSettings(7, null, List.of(), replica, ControllerSettings.defaults());
        assertThat(byHand.controller().topicDefaults()).isEqualTo(unclean);
    }

    @Test
    void noPropertyCanPlantABug() {
        assertThat(BrokerSettings.from(minimal().build()).replica().plantedBugs()).isEqualTo(PlantedBugs.NONE);
        // No declared key so much as mentions planted bugs ...
        for (ConfigKey<?> key : BrokerConfig.CONFIG_DEF.keys()) {
            assertThat(key.name().toLowerCase(Locale.ROOT)).doesNotContain("bug", "planted", "fault");
        }
        // ... and whatever name a bug is asked for by, the configuration is refused before a broker exists.
        List<String> attempts = new ArrayList<>(List.of("replog.planted.bugs", "planted.bugs", "plantedBugs",
                "replog.fault.planted"));
        for (PlantedBug bug : PlantedBug.values()) {
            attempts.add(bug.name());
            attempts.add("replog.planted.bug." + bug.name().toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        for (String key : attempts) {
            Map<String, Object> props = new HashMap<>(minimal().build().asMap());
            props.values().removeIf(v -> v == null);
            props.put(key, "true");
            assertThatThrownBy(() -> BrokerConfig.parse(props)).as(key).isInstanceOf(InvalidConfigException.class)
                    .hasMessageStartingWith("Unknown configuration '" + key + "'");
        }
        // Every value the configuration accepts still maps to no bug.
        BrokerConfig everything = minimal().uncleanLeaderElectionEnable(true).minInsyncReplicas(3)
                .autoLeaderRebalanceEnable(false).build();
        assertThat(BrokerSettings.from(everything).replica().plantedBugs()).isSameAs(PlantedBugs.NONE);
    }
}

package io.replog.zk;

import io.replog.errors.InvalidConfigException;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZkConnectStringTest {

    @Test
    void splitsServersAndChroot() {
        assertThat(ZkConnectString.parse("a:2181,b:2181/replog/prod")).isEqualTo(new ZkConnectString("a:2181,b:2181", "/replog/prod"));
        assertThat(ZkConnectString.parse("127.0.0.1:2181")).isEqualTo(new ZkConnectString("127.0.0.1:2181", ""));
        assertThat(ZkConnectString.parse("127.0.0.1:2181/")).isEqualTo(new ZkConnectString("127.0.0.1:2181", ""));
        assertThat(ZkConnectString.parse("h:1/x").toString()).isEqualTo("h:1/x");
    }

    @Test
    void aNegativeIsrNotificationLingerIsRefusedNamingTheValue() {
        ZkCoordinatorConfig config = ZkCoordinatorConfig.of("h:1");
        assertThat(config.isrNotificationLingerMs()).isEqualTo(ZkCoordinatorConfig.DEFAULT_ISR_NOTIFICATION_LINGER_MS);
        assertThat(config.withIsrNotificationLingerMs(0).isrNotificationLingerMs()).isZero();
        assertThatThrownBy(() -> config.withIsrNotificationLingerMs(-5)).isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '-5' for configuration 'isr.change.notification.linger.ms': must be at least 0");
        assertThatThrownBy(() -> config.withSessionTimeoutMs(0)).isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid value '0' for configuration 'zookeeper.session.timeout.ms': must be at least 1");
    }

    @Test
    void rejectsWhatZooKeeperWouldMisread() {
        assertThatThrownBy(() -> ZkConnectString.parse("")).isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> ZkConnectString.parse("host/replog")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("invalid server 'host'");
        assertThatThrownBy(() -> ZkConnectString.parse("h:99999")).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> ZkConnectString.parse("h:1/a/")).hasMessageContaining("invalid chroot '/a/'");
        assertThatThrownBy(() -> ZkConnectString.parse("h:1/a//b")).hasMessageContaining("invalid chroot");
        assertThatThrownBy(() -> ZkConnectString.parse("h:1/a/../b")).hasMessageContaining("'..'");
    }

    @Test
    void pathsFollowKafkasLayoutUnderTheChroot() {
        ZkPaths p = new ZkPaths("/replog/prod");
        assertThat(p.broker(3)).isEqualTo("/replog/prod/brokers/ids/3");
        assertThat(p.partitionState(new TopicPartition("orders", 7))).isEqualTo("/replog/prod/brokers/topics/orders/partitions/7/state");
        assertThat(p.controller()).isEqualTo("/replog/prod/controller");
        assertThat(p.controllerEpoch()).isEqualTo("/replog/prod/controller_epoch");
        assertThat(p.topicConfig("orders")).isEqualTo("/replog/prod/config/topics/orders");
        assertThat(p.deleteTopic("orders")).isEqualTo("/replog/prod/admin/delete_topics/orders");
        assertThat(p.isrChangeNotificationPrefix()).isEqualTo("/replog/prod/isr_change_notification/isr_change_");
        assertThat(p.persistentNodes()).startsWith("/replog", "/replog/prod", "/replog/prod/brokers");
        assertThat(new ZkPaths("").persistentNodes()).startsWith("/brokers", "/brokers/ids");
    }

}

package io.replog.zk.znode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogDirEventZnodeTest {
    private static final String PATH = "/log_dir_event_notification/log_dir_event_0000000003";

    @Test
    void roundTripsKafkasLayout() {
        byte[] body = LogDirEventZnode.encode(7);
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"version\":1,\"broker\":7,\"event\":1}");
        assertThat(LogDirEventZnode.decode(PATH, body)).containsExactly(7);
    }

    @Test
    void anUnknownEventOrANegativeBrokerIsRefusedNamingTheFieldAndThePath() {
        assertThatThrownBy(() -> LogDirEventZnode.decode(PATH,
                "{\"version\":1,\"broker\":7,\"event\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedZnodeException.class).hasMessageContaining(PATH).hasMessageContaining("event")
                .hasMessageContaining("log directory failure");
        assertThatThrownBy(() -> LogDirEventZnode.decode(PATH,
                "{\"version\":1,\"broker\":-1,\"event\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedZnodeException.class).hasMessageContaining("broker");
    }
}

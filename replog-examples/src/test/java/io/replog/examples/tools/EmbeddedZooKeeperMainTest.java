package io.replog.examples.tools;

import io.replog.zk.EmbeddedZooKeeper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedZooKeeperMainTest {

    @Test
    void theCommandLineNamesABadArgument() {
        assertThatThrownBy(() -> EmbeddedZooKeeperMain.parse(new String[] {"--port", "x"}))
                .hasMessage("--port needs a number, got 'x'");
        assertThatThrownBy(() -> EmbeddedZooKeeperMain.parse(new String[] {"--nope", "1"}))
                .hasMessage("unknown option --nope");
        assertThatThrownBy(() -> EmbeddedZooKeeperMain.parse(new String[] {"--port"}))
                .hasMessage("option --port needs a value");
    }

    @Test
    void theCommandLineStartsTheServerItDescribes() {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeperMain.parse(new String[] {"--host", "127.0.0.1", "--tick-ms", "250"})
                .start()) {
            assertThat(zk.tickMs()).isEqualTo(250);
            assertThat(zk.connectString()).startsWith("127.0.0.1:");
        }
    }
}

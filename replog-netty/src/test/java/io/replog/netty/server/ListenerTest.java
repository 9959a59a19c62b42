package io.replog.netty.server;

import io.netty.channel.local.LocalAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerTest {

    @Test
    void parsesTcpListeners() {
        Listener plain = Listener.parse("PLAINTEXT://broker1:9092");
        assertThat(plain.name()).isEqualTo("PLAINTEXT");
        assertThat(plain.isLocal()).isFalse();
        InetSocketAddress address = (InetSocketAddress) plain.address();
        assertThat(address.getHostString()).isEqualTo("broker1");
        assertThat(address.getPort()).isEqualTo(9092);

        assertThat(((InetSocketAddress) Listener.parse("INTERNAL://[::1]:0").address()).getHostString()).isEqualTo("::1");
        assertThat(((InetSocketAddress) Listener.parse("PLAINTEXT://:9092").address()).getAddress().isAnyLocalAddress())
                .as("an empty host is every interface").isTrue();
    }

    @Test
    void parsesInVmListeners() {
        Listener local = Listener.parse("local://broker-1");
        assertThat(local.isLocal()).isTrue();
        assertThat(local.address()).isEqualTo(new LocalAddress("broker-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAINTEXT://broker1:9092", "INTERNAL://[::1]:0", "PLAINTEXT://:9092", "local://broker-1"})
    void printsAsParsed(String spec) {
        assertThat(Listener.parse(spec)).hasToString(spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "broker1:9092", "PLAINTEXT://broker1", "PLAINTEXT://broker1:65536", "PLAIN TEXT://h:1",
            "local://", "PLAINTEXT://h:-1", "PLAINTEXT://h:9092/x"})
    void refusesAnythingElseQuotingTheValue(String spec) {
        assertThatThrownBy(() -> Listener.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + spec + "'");
    }
}

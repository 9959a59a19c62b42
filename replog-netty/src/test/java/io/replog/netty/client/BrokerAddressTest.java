package io.replog.netty.client;

import io.replog.coordinator.Endpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerAddressTest {

    @Test
    void parsesTcpAndInVmForms() {
        assertThat(BrokerAddress.parse("broker-1.example:9092").toString()).isEqualTo("broker-1.example:9092");
        assertThat(BrokerAddress.parse("PLAINTEXT://127.0.0.1:9092").toString()).isEqualTo("127.0.0.1:9092");
        assertThat(BrokerAddress.parse("[::1]:9092").toString()).isEqualTo("[::1]:9092");
        assertThat(BrokerAddress.parse("local://broker-1").isLocal()).isTrue();
        assertThat(BrokerAddress.parse("local://broker-1").toString()).isEqualTo("local://broker-1");
    }

    @Test
    void refusesWhatIsNoAddress() {
        assertThatThrownBy(() -> BrokerAddress.parse(":9092")).hasMessageContaining("':9092'");
        assertThatThrownBy(() -> BrokerAddress.parse("nonsense")).hasMessageContaining("'PLAINTEXT://nonsense'");
    }

    @Test
    void followsEndpoints() {
        assertThat(BrokerAddress.of(new Endpoint("PLAINTEXT", "10.0.0.1", 9092)).toString()).isEqualTo("10.0.0.1:9092");
        assertThat(BrokerAddress.of(new Endpoint("local", "broker-3", 0)).toString()).isEqualTo("local://broker-3");
    }
}

package io.replog.zk.znode;

import io.replog.coordinator.BrokerRegistration;
import io.replog.coordinator.Endpoint;
import io.replog.coordinator.LeaderAndIsr;
import io.replog.topic.TopicId;
import io.replog.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The znode bodies: Kafka's layouts byte for byte, round trips, and errors that name the path and field. */
class ZnodeCodecTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void brokerRegistration() {
        BrokerRegistration r = new BrokerRegistration(3, "eu-1a", List.of(new Endpoint("PLAINTEXT", "10.0.0.3", 9092),
                new Endpoint("LOCAL", "broker-3", 0), new Endpoint("V6", "::1", 9093)), 1_700_000_000_123L);
        byte[] body = BrokerZnode.encode(r);
        assertThat(text(body)).isEqualTo("{\"version\":5,\"host\":\"10.0.0.3\",\"port\":9092,\"endpoints\":"
                + "[\"PLAINTEXT://10.0.0.3:9092\",\"LOCAL://broker-3:0\",\"V6://[::1]:9093\"],"
                + "\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\",\"LOCAL\":\"PLAINTEXT\",\"V6\":\"PLAINTEXT\"},"
                + "\"rack\":\"eu-1a\","
                + "\"timestamp\":\"1700000000123\"}");
        assertThat(BrokerZnode.decode("/brokers/ids/3", 3, body)).isEqualTo(r);
        // Kafka also writes fields replog does not read; a numeric timestamp is accepted too.
        assertThat(BrokerZnode.decode("/brokers/ids/3", 3, bytes("{\"features\":{},\"listener_security_protocol_map\":"
                + "{\"PLAINTEXT\":\"PLAINTEXT\"},\"endpoints\":[\"PLAINTEXT://h:1\"],\"jmx_port\":-1,\"port\":1,"
                + "\"host\":\"h\",\"version\":5,\"timestamp\":42}")))
                .isEqualTo(new BrokerRegistration(3, null, List.of(new Endpoint("PLAINTEXT", "h", 1)), 42));
    }

    @Test
    void brokerRegistrationErrorsNameThePathAndField() {
        assertThatThrownBy(() -> BrokerZnode.decode("/brokers/ids/1", 1, bytes("{\"endpoints\":[\"PLAINTEXT//h:1\"],\"timestamp\":\"1\"}")))
                .isInstanceOf(MalformedZnodeException.class)
                .hasMessage("malformed znode /brokers/ids/1: field 'endpoints[0]' must look like LISTENER://host:port, "
                        + "was \"PLAINTEXT//h:1\"")
                .satisfies(e -> {
                    assertThat(((MalformedZnodeException) e).path()).isEqualTo("/brokers/ids/1");
                    assertThat(((MalformedZnodeException) e).field()).isEqualTo("endpoints[0]");
                });
        assertThatThrownBy(() -> BrokerZnode.decode("/brokers/ids/1", 1, bytes("{\"endpoints\":[],\"timestamp\":\"soon\"}")))
                .hasMessageContaining("field 'timestamp' must be milliseconds since the epoch, was \"soon\"");
        assertThatThrownBy(() -> BrokerZnode.decode("/brokers/ids/1", 1, bytes("{\"endpoints\":\"PLAINTEXT://h:1\"}")))
                .hasMessageContaining("field 'endpoints' must be an array of strings");
        assertThatThrownBy(() -> BrokerZnode.decode("/brokers/ids/1", 1, bytes("[1,2]")))
                .hasMessage("malformed znode /brokers/ids/1: must be a JSON object, was an array");
        assertThatThrownBy(() -> BrokerZnode.decode("/brokers/ids/1", 1, new byte[0]))
                .hasMessage("malformed znode /brokers/ids/1: is empty; a JSON object was expected");
        assertThatThrownBy(() -> BrokerZnode.decode("/brokers/ids/1", 1, bytes("{\"endpoints\":[\"A://h:99999\"],\"timestamp\":1}")))
                .hasMessageContaining("field 'endpoints[0]' has port 99999 outside 0..65535");
    }

    @Test
    void controllerAndEpoch() {
        assertThat(text(new ControllerZnode(2, 1_700_000_000_000L).encode()))
                .isEqualTo("{\"version\":1,\"brokerid\":2,\"timestamp\":\"1700000000000\"}");
        assertThat(ControllerZnode.decode("/controller", bytes("{\"version\":1,\"brokerid\":2,\"timestamp\":\"5\"}")))
                .isEqualTo(new ControllerZnode(2, 5));
        assertThatThrownBy(() -> ControllerZnode.decode("/controller", bytes("{\"version\":1,\"brokerid\":\"2\"}")))
                .hasMessage("malformed znode /controller: field 'brokerid' must be an integer, was the string \"2\"");
        assertThat(text(ControllerEpochZnode.encode(17))).isEqualTo("17");
        assertThat(ControllerEpochZnode.decode("/controller_epoch", bytes("17"))).isEqualTo(17);
        assertThatThrownBy(() -> ControllerEpochZnode.decode("/controller_epoch", bytes("seventeen")))
                .isInstanceOf(MalformedZnodeException.class).hasMessageContaining("/controller_epoch")
                .hasMessageContaining("seventeen");
    }

    @Test
    void topicAssignmentAndConfig() {
        Map<Integer, List<Integer>> assignment = Map.of(1, List.of(2, 3, 1), 0, List.of(1, 2, 3), 10, List.of(3, 1, 2));
        byte[] body = TopicZnode.encode(assignment);
        assertThat(text(body)).isEqualTo("{\"version\":2,\"partitions\":{\"0\":[1,2,3],\"1\":[2,3,1],\"10\":[3,1,2]}}");
        assertThat(TopicZnode.decode("/brokers/topics/t", body)).isEqualTo(new TopicZnode.Body(TopicId.ZERO, assignment));
        TopicId id = TopicId.parse("vNbz7ZRbTDS1wE7zIIRAxw");
        byte[] withId = TopicZnode.encode(id, Map.of(0, List.of(1, 2)));
        assertThat(text(withId)).isEqualTo("{\"version\":3,\"topic_id\":\"vNbz7ZRbTDS1wE7zIIRAxw\",\"partitions\":"
                + "{\"0\":[1,2]},\"adding_replicas\":{},\"removing_replicas\":{}}");
        assertThat(TopicZnode.decode("/brokers/topics/t", withId)).isEqualTo(new TopicZnode.Body(id, Map.of(0, List.of(1, 2))));
        assertThatThrownBy(() -> TopicZnode.decode("/brokers/topics/t", bytes("{\"version\":3,\"topic_id\":\"AAAA\",\"partitions\":{}}")))
                .isInstanceOf(MalformedZnodeException.class).hasMessageContaining("topic_id")
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> TopicZnode.decode("/brokers/topics/t", bytes("{\"version\":2,\"partitions\":{\"0\":[1,\"x\"]}}")))
                .hasMessage("malformed znode /brokers/topics/t: field 'partitions.0[1]' must be an integer, was the string \"x\"");
        assertThatThrownBy(() -> TopicZnode.decode("/brokers/topics/t", bytes("{\"version\":2,\"partitions\":{\"zero\":[1]}}")))
                .hasMessage("malformed znode /brokers/topics/t: field 'partitions.zero' is not a partition number");
        assertThatThrownBy(() -> TopicZnode.decode("/brokers/topics/t", bytes("{\"version\":2}")))
                .hasMessage("malformed znode /brokers/topics/t: field 'partitions' is missing");

        byte[] config = TopicConfigZnode.encode(Map.of("min.insync.replicas", "2", "cleanup.policy", "delete"));
        assertThat(text(config)).isEqualTo("{\"version\":1,\"config\":{\"cleanup.policy\":\"delete\",\"min.insync.replicas\":\"2\"}}");
        assertThat(TopicConfigZnode.decode("/config/topics/t", config))
                .containsExactlyInAnyOrderEntriesOf(Map.of("min.insync.replicas", "2", "cleanup.policy", "delete"));
        assertThatThrownBy(() -> TopicConfigZnode.decode("/config/topics/t", bytes("{\"version\":1,\"config\":{\"a\":[1]}}")))
                .hasMessage("malformed znode /config/topics/t: field 'config.a' must be a string, was an array");
    }

    @Test
    void partitionState() {
        LeaderAndIsr state = new LeaderAndIsr(1, 7, List.of(1, 2, 3), 3, LeaderAndIsr.NEW_PARTITION);
        byte[] body = PartitionStateZnode.encode(state);
        assertThat(text(body)).isEqualTo("{\"controller_epoch\":3,\"leader\":1,\"version\":1,\"leader_epoch\":7,\"isr\":[1,2,3]}");
        assertThat(PartitionStateZnode.decode("/s", body, 12)).isEqualTo(state.withPartitionEpoch(12));
        assertThatThrownBy(() -> PartitionStateZnode.decode("/brokers/topics/t/partitions/0/state",
                bytes("{\"controller_epoch\":3,\"leader\":1,\"leader_epoch\":7}"), 0))
                .hasMessage("malformed znode /brokers/topics/t/partitions/0/state: field 'isr' is missing");
        assertThatThrownBy(() -> PartitionStateZnode.decode("/s",
                bytes("{\"controller_epoch\":3,\"leader\":1,\"leader_epoch\":99999999999,\"isr\":[]}"), 0))
                .hasMessage("malformed znode /s: field 'leader_epoch' is out of the integer range: 99999999999");
        assertThatThrownBy(() -> PartitionStateZnode.decode("/s",
                bytes("{\"controller_epoch\":3,\"leader\":-5,\"leader_epoch\":1,\"isr\":[]}"), 0))
                .hasMessage("malformed znode /s: field 'leader' must be a broker id or -1, was -5");
    }

    @Test
    void partitionStateInAnyFieldOrderWithExtraFieldsAndSpaces() {
        LeaderAndIsr expected = new LeaderAndIsr(-1, 4, List.of(2), 9, 3);
        assertThat(PartitionStateZnode.decode("/s", bytes(" { \"isr\" : [2], \"leader_epoch\":4, \"extra\":{\"a\":[1,{}]},"
                + "\"leader\":-1, \"version\":1, \"controller_epoch\":9 } "), 3)).isEqualTo(expected);
        assertThat(PartitionStateZnode.decode("/s", PartitionStateZnode.encode(expected), 3)).isEqualTo(expected);
        // Surprises take the careful path and are named.
        assertThatThrownBy(() -> PartitionStateZnode.decode("/s",
                bytes("{\"controller_epoch\":3,\"leader\":1.5,\"leader_epoch\":1,\"isr\":[]}"), 0))
                .hasMessage("malformed znode /s: field 'leader' must be an integer, was the number 1.5");
        assertThatThrownBy(() -> PartitionStateZnode.decode("/s",
                bytes("{\"controller_epoch\":3,\"leader\":1,\"leader_epoch\":1,\"isr\":[1]} trailing"), 0))
                .isInstanceOf(MalformedZnodeException.class).hasMessageStartingWith("malformed znode /s: ");
    }

    @Test
    void isrChangeNotification() {
        byte[] body = IsrChangeZnode.encode(List.of(new TopicPartition("b", 1), new TopicPartition("a", 0)));
        assertThat(text(body)).isEqualTo("{\"version\":1,\"partitions\":[{\"topic\":\"a\",\"partition\":0},"
                + "{\"topic\":\"b\",\"partition\":1}]}");
        assertThat(IsrChangeZnode.decode("/n", body)).isEqualTo(Set.of(new TopicPartition("a", 0), new TopicPartition("b", 1)));
        assertThatThrownBy(() -> IsrChangeZnode.decode("/isr_change_notification/isr_change_0000000001",
                bytes("{\"version\":1,\"partitions\":[{\"topic\":\"a\"}]}")))
                .hasMessage("malformed znode /isr_change_notification/isr_change_0000000001: "
                        + "field 'partitions[0].partition' is missing");
    }
}

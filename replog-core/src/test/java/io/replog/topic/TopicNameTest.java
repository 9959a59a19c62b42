package io.replog.topic;

import io.replog.errors.InvalidTopicException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"invoice", "a", "A.b_c-9", "..."})
    void validNamesPass(String name) {
        assertThat(TopicName.validate(name)).isEqualTo(name);
    }

    @Test
    void emptyAndReservedNamesAreRefused() {
        assertThatThrownBy(() -> TopicName.validate("")).isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> TopicName.validate(null)).isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> TopicName.validate("..")).isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("reserved");
    }

    @Test
    void badCharacterIsNamedWithItsIndex() {
        assertThatThrownBy(() -> TopicName.validate("in voice")).isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("' ' at index 2");
        assertThatThrownBy(() -> TopicName.validate("a/b")).isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("'/' at index 1");
    }

    @Test
    void tooLongIsRefusedWithTheLengths() {
        String name = "x".repeat(TopicName.MAX_LENGTH + 1);
        assertThatThrownBy(() -> TopicName.validate(name)).isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("250 characters").hasMessageContaining("at most 249");
        assertThat(TopicName.validate("x".repeat(TopicName.MAX_LENGTH))).hasSize(249);
    }

    @Test
    void topicPartitionOrdersAndNamesItsDirectory() {
        TopicPartition a = new TopicPartition("invoice", 2);
        assertThat(a.directoryName()).isEqualTo("invoice-2");
        assertThat(a.compareTo(new TopicPartition("invoice", 10))).isNegative();
        assertThat(a.compareTo(new TopicPartition("audit", 10))).isPositive();
        assertThatThrownBy(() -> new TopicPartition("invoice", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}

package io.replog.topic;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicIdTest {

    @Test
    void textFormIsUrlSafeBase64Of16Bytes() {
        TopicId id = new TopicId(0x0123456789abcdefL, 0xfedcba9876543210L);
        assertThat(id.toString()).hasSize(22).isEqualTo("ASNFZ4mrze_-3LqYdlQyEA");
        assertThat(TopicId.parse(id.toString())).isEqualTo(id);
        assertThat(TopicId.ZERO.toString()).isEqualTo("AAAAAAAAAAAAAAAAAAAAAA");
        assertThat(TopicId.ZERO.isZero()).isTrue();
    }

    @Test
    void randomIdsAreNeverReservedAndNeverStartWithADash() {
        Random random = new Random(7);
        Set<TopicId> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            TopicId id = TopicId.random(random);
            assertThat(id.isZero()).isFalse();
            assertThat(id).isNotEqualTo(TopicId.METADATA);
            assertThat(id.toString()).doesNotStartWith("-");
            assertThat(seen.add(id)).as("ids are unique").isTrue();
        }
    }

    @Test
    void badTextIsRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> TopicId.parse("not*base64"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"not*base64\"").hasMessageContaining("URL-safe base64");
        assertThatThrownBy(() -> TopicId.parse("AAAA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decodes to 3 bytes").hasMessageContaining("16 bytes");
    }
}

package io.replog.config;

import io.replog.coordinator.Endpoint;
import io.replog.errors.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The listener messages are pinned by {@code BrokerConfigTest}, through {@code ensureValid}; this
 * checks the other half of the validator, {@code test}, which {@link ConfigKey} uses to check the
 * key's default and which must never accept what {@code parse} refuses.
 */
class ListenersTest {

    @Test
    void theValidatorsTestAgreesWithParse() {
        Validator<List<String>> validator = Listeners.validator();
        List<String> good = List.of("PLAINTEXT://[::1]:9092", "SSL://:0", "CONTROLLER://h-1.x:0");
        assertThat(validator.test(good)).isTrue();
        assertThat(Listeners.parse(good)).containsExactly(new Endpoint("PLAINTEXT", "::1", 9092),
                new Endpoint("SSL", "", 0), new Endpoint("CONTROLLER", "h-1.x", 0));
        for (List<String> bad : List.of(List.<String>of(), List.of("PLAINTEXT://h"), List.of("PLAIN TEXT://h:1"),
                List.of("A://h:1", "A://g:2"), List.of("A://h:1", "B://g:1"), List.of("A://[zz]:1"))) {
            assertThat(validator.test(bad)).as(bad.toString()).isFalse();
            assertThatThrownBy(() -> Listeners.parse(bad)).as(bad.toString())
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("for configuration 'listeners'");
        }
    }

    @Test
    void theListenersKeyUsesThisValidatorAndDescribesTheForm() {
        assertThat(BrokerConfig.LISTENERS.validator().test(List.of("PLAINTEXT://h"))).isFalse();
        assertThat(Listeners.validator().describe()).contains(Listeners.FORM, "names unique");
    }
}

package io.replog.examples.tools;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigReferenceTest {

    @Test
    void docsMatchTheDeclaredKeys() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.md");
        assertThat(Files.readString(doc, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale: regenerate it with "
                        + "mvn -q -B -pl replog-examples -am -DskipTests package exec:java "
                        + "-Dreplog.main=io.replog.examples.tools.ConfigReference -Dexec.args=docs/configuration.md")
                .isEqualTo(ConfigReference.render());
        assertThat(ConfigReference.render()).contains("`segment.bytes`", "`retention.ms`", "`flush.messages`");
    }
}

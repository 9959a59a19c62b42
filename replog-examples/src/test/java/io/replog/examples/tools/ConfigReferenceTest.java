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
                        + "mvn -q -pl replog-examples exec:java -Dexec.mainClass=io.replog.examples.tools.ConfigReference")
                .isEqualTo(ConfigReference.render());
        assertThat(ConfigReference.render()).contains("`segment.bytes`", "`retention.ms`", "`flush.messages`");
    }
}

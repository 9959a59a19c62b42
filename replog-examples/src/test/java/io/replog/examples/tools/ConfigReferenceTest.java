package io.replog.examples.tools;

import io.replog.config.BrokerConfig;
import io.replog.config.TopicConfig;
import io.replog.config.ConfigDef;
import io.replog.config.ConfigKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        assertThat(ConfigReference.render()).contains("`segment.bytes`", "`retention.ms`", "`flush.messages`",
                "`log.dirs`", "`listeners`", "`zookeeper.connect`", "`replica.fetch.max.bytes`");
    }

    @Test
    void noKeyAppearsInTwoSections() {
        Map<String, String> sectionOf = new HashMap<>();
        for (Map.Entry<String, ConfigDef> section : ConfigReference.sections().entrySet()) {
            for (ConfigKey<?> key : section.getValue().keys()) {
                String before = sectionOf.put(key.name(), section.getKey());
                assertThat(before).as("'%s' is in '%s' and '%s'", key.name(), before, section.getKey()).isNull();
            }
        }
        // Every key a broker, a topic or a client accepts is documented.
        Set<String> declared = new HashSet<>();
        BrokerConfig.CONFIG_DEF.keys().forEach(k -> declared.add(k.name()));
        TopicConfig.CONFIG_DEF.keys().forEach(k -> declared.add(k.name()));
        io.replog.client.ProducerConfig.CONFIG_DEF.keys().forEach(k -> declared.add(k.name()));
        io.replog.client.ConsumerConfig.CONFIG_DEF.keys().forEach(k -> declared.add(k.name()));
        io.replog.client.AdminConfig.CONFIG_DEF.keys().forEach(k -> declared.add(k.name()));
        assertThat(sectionOf.keySet()).isEqualTo(declared);
    }

    @Test
    void eachKeyHasExactlyOneRowInTheDocument() {
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(ConfigReference.render());
        Map<String, Integer> rows = new HashMap<>();
        while (row.find()) {
            rows.merge(row.group(1), 1, Integer::sum);
        }
        assertThat(rows).isNotEmpty().allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1));
        assertThat(rows).containsKeys("unclean.leader.election.enable", "min.insync.replicas", "log.retention.ms");
    }

    @Test
    void topicLevelKeysNameTheirBrokerDefault() {
        String doc = ConfigReference.render();
        assertThat(doc).contains("| `retention.ms` | `log.retention.ms`, then `log.retention.minutes`, then "
                + "`log.retention.hours` |");
        assertThat(doc).contains("| `unclean.leader.election.enable` | `unclean.leader.election.enable` |");
        assertThat(doc).contains("| `max.message.bytes` | `message.max.bytes` |");
    }
}

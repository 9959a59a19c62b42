package io.replog.examples.tools;

import io.replog.client.AdminConfig;
import io.replog.client.ConsumerConfig;
import io.replog.client.ProducerConfig;
import io.replog.config.BrokerConfig;
import io.replog.config.TopicConfig;
import io.replog.config.ConfigDef;
import io.replog.config.ConfigKey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes {@code docs/configuration.md} from the declared keys, so the reference cannot drift
 * from the code: a test compares the file with this output. Each key appears exactly once, in
 * one section; a topic-level key names the broker key that sets its default.
 */
public final class ConfigReference {
    /** The title of the section listing the keys a topic may override. */
    static final String TOPIC_SECTION = "Topic-level overrides (`io.replog.config.TopicConfig`)";

    private ConfigReference() {
    }

    /** The sections of the reference, in order: a title and the keys it documents. */
    static Map<String, ConfigDef> sections() {
        Map<String, ConfigDef> sections = new LinkedHashMap<>();
        sections.put("Broker identity, storage and listeners", BrokerConfig.IDENTITY_CONFIG_DEF);
        sections.put("ZooKeeper", BrokerConfig.ZOOKEEPER_CONFIG_DEF);
        sections.put("Log defaults", BrokerConfig.LOG_CONFIG_DEF);
        sections.put("Replication", BrokerConfig.REPLICATION_CONFIG_DEF);
        sections.put("Fetcher", BrokerConfig.FETCHER_CONFIG_DEF);
        sections.put("Controller", BrokerConfig.CONTROLLER_CONFIG_DEF);
        sections.put(TOPIC_SECTION, TopicConfig.CONFIG_DEF);
        ConfigDef shared = ConfigDef.of(ProducerConfig.BOOTSTRAP_SERVERS, ProducerConfig.CLIENT_ID,
                ProducerConfig.REQUEST_TIMEOUT_MS, ProducerConfig.RETRY_BACKOFF_MS,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS);
        sections.put("Clients: keys more than one client reads (each key says which)", shared);
        sections.put("Producer (`io.replog.client.ProducerConfig`)", without(ProducerConfig.CONFIG_DEF, shared));
        sections.put("Consumer (`io.replog.client.ConsumerConfig`)", without(ConsumerConfig.CONFIG_DEF, shared));
        sections.put("Admin client (`io.replog.client.AdminConfig`)", without(AdminConfig.CONFIG_DEF, shared));
        return sections;
    }

    /** The keys of {@code def} that {@code shared} does not hold, so a shared key is listed once. */
    private static ConfigDef without(ConfigDef def, ConfigDef shared) {
        return ConfigDef.of(def.keys().stream().filter(key -> !shared.defines(key.name()))
                .toArray(ConfigKey<?>[]::new));
    }

    /** The whole document. */
    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n");
        out.append("Generated from the declared keys by `io.replog.examples.tools.ConfigReference`; a test keeps\n");
        out.append("this file equal to its output. A broker is configured by one `io.replog.config.BrokerConfig`,\n");
        out.append("parsed from Kafka-style properties or built with its typed builder; a topic may override the\n");
        out.append("keys of the last section. Names and defaults are Kafka's where Kafka has the key; a key that\n");
        out.append("is replog's own says so. Every value is validated when the configuration is built: a wrong\n");
        out.append("type, a value outside what is allowed, a missing required key or an unknown key fails with an\n");
        out.append("`InvalidConfigException` that names the key, the value and what is allowed. Each key appears\n");
        out.append("once: `min.insync.replicas` and `unclean.leader.election.enable` have the same name on the\n");
        out.append("broker (their default) and on a topic, and are listed with the topic-level keys.\n\n");
        out.append("Durability: by default (`log.flush.interval.messages` and `log.flush.interval.ms`, topic-level\n");
        out.append("`flush.messages` and `flush.ms`, at their maximum) the log does not fsync per append, as Kafka\n");
        out.append("does not; data reaches the disk when a segment rolls, on close, and when the operating system\n");
        out.append("writes the page cache back. Replication, not fsync, is what protects an acknowledged acks=all\n");
        out.append("write against the loss of one machine.\n");
        for (Map.Entry<String, ConfigDef> section : sections().entrySet()) {
            boolean topic = section.getKey().equals(TOPIC_SECTION);
            out.append("\n## ").append(section.getKey()).append("\n\n");
            if (topic) {
                out.append("A topic's value is its override if it has one, else the broker default: the first broker\n");
                out.append("key set among those named, else the declared default.\n\n");
                out.append("| key | broker default | type | default | allowed | meaning |\n");
                out.append("|---|---|---|---|---|---|\n");
            } else {
                out.append("| key | type | default | allowed | meaning |\n");
                out.append("|---|---|---|---|---|\n");
            }
            for (ConfigKey<?> key : section.getValue().keys()) {
                out.append("| `").append(key.name()).append("` | ");
                if (topic) {
                    out.append(BrokerConfig.brokerDefaultKeys(key.name()).stream().map(k -> "`" + k + "`")
                            .collect(Collectors.joining(", then "))).append(" | ");
                }
                out.append(key.type().description())
                        .append(" | ").append(defaultText(key))
                        .append(" | ").append(key.validator().describe().replace("|", "\\|"))
                        .append(" | ").append(key.doc().replace("|", "\\|")).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String defaultText(ConfigKey<?> key) {
        if (key.isRequired()) {
            return "(required)";
        }
        if (key.defaultValue() == null) {
            return "(unset)";
        }
        Object v = key.defaultValue();
        return "`" + (v instanceof List<?> list ? list.stream().map(String::valueOf)
                .collect(Collectors.joining(",")) : v) + "`";
    }

    /** Prints the reference, or writes it to the file named by the first argument. */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length > 0) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), render());
        } else {
            System.out.print(render());
        }
    }
}

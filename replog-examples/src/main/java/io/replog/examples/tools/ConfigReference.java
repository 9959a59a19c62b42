package io.replog.examples.tools;

import io.replog.config.ConfigDef;
import io.replog.config.ConfigKey;
import io.replog.internal.controller.ControllerConfig;
import io.replog.log.LogConfig;
import io.replog.internal.replica.TopicConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code docs/configuration.md} from the declared keys, so the reference cannot drift
 * from the code: a test compares the file with this output.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    /** The sections of the reference, in order: a title and the keys it documents. */
    static Map<String, ConfigDef> sections() {
        Map<String, ConfigDef> sections = new LinkedHashMap<>();
        sections.put("Topic and log settings (`io.replog.log.LogConfig`)", LogConfig.CONFIG_DEF);
        sections.put("Topic replication settings (`io.replog.internal.replica.TopicConfig`)", ConfigDef.of(
                TopicConfig.MIN_INSYNC_REPLICAS, TopicConfig.UNCLEAN_LEADER_ELECTION));
        sections.put("Controller settings (`io.replog.internal.controller.ControllerConfig`)", ControllerConfig.DEF);
        return sections;
    }

    /** The whole document. */
    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n");
        out.append("Generated from the declared keys by `io.replog.examples.tools.ConfigReference`; a test keeps\n");
        out.append("this file equal to its output. Names and defaults are Kafka's where Kafka has the key. Every\n");
        out.append("value is validated when the configuration is built: a wrong type, a value outside what is\n");
        out.append("allowed or an unknown key fails with an `InvalidConfigException` that names the key, the value\n");
        out.append("and what is allowed.\n\n");
        out.append("Durability: by default (`flush.messages` and `flush.ms` unset) the log does not fsync per\n");
        out.append("append, as Kafka does not; data reaches the disk when a segment rolls, on close, and when the\n");
        out.append("operating system writes the page cache back. Replication, not fsync, is what protects an\n");
        out.append("acknowledged acks=all write against the loss of one machine.\n");
        for (Map.Entry<String, ConfigDef> section : sections().entrySet()) {
            out.append("\n## ").append(section.getKey()).append("\n\n");
            out.append("| key | type | default | allowed | meaning |\n");
            out.append("|---|---|---|---|---|\n");
            for (ConfigKey<?> key : section.getValue().keys()) {
                out.append("| `").append(key.name()).append("` | ").append(key.type().description())
                        .append(" | ").append(key.isRequired() ? "(required)" : "`" + key.defaultValue() + "`")
                        .append(" | ").append(key.validator().describe())
                        .append(" | ").append(key.doc().replace("|", "\\|")).append(" |\n");
            }
        }
        return out.toString();
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

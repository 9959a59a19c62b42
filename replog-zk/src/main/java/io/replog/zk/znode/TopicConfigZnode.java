package io.replog.zk.znode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of {@code /config/topics/<topic>}, the per-topic overrides, Kafka's layout:
 * <pre>{"version":1,"config":{"min.insync.replicas":"2"}}</pre>
 */
public final class TopicConfigZnode {
    public static final int VERSION = 1;

    private TopicConfigZnode() {
    }

    /** The JSON body for {@code configs}. */
    public static byte[] encode(Map<String, String> configs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", VERSION);
        body.put("config", new TreeMap<>(configs));
        return ZnodeJson.write(body);
    }

    /** Reads the overrides from the body of the znode at {@code path}. */
    public static Map<String, String> decode(String path, byte[] data) {
        return ZnodeJson.read(path, data).optionalObject("config").asStringMap();
    }
}

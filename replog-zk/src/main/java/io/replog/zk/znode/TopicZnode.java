package io.replog.zk.znode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of {@code /brokers/topics/<topic>}, the replica assignment, Kafka's layout:
 * <pre>{"version":2,"partitions":{"0":[1,2,3],"1":[2,3,1]}}</pre>
 * Partition numbers are the keys; each array lists the replicas, preferred leader first.
 */
public final class TopicZnode {
    public static final int VERSION = 2;

    private TopicZnode() {
    }

    /** The JSON body for {@code partitions}. */
    public static byte[] encode(Map<Integer, List<Integer>> partitions) {
        Map<String, Object> assignment = new LinkedHashMap<>();
        new TreeMap<>(partitions).forEach((p, replicas) -> assignment.put(Integer.toString(p), List.copyOf(replicas)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", VERSION);
        body.put("partitions", assignment);
        return ZnodeJson.write(body);
    }

    /** Reads the assignment (partition to replicas) from the body of the znode at {@code path}. */
    public static Map<Integer, List<Integer>> decode(String path, byte[] data) {
        JsonObject json = ZnodeJson.read(path, data);
        JsonObject partitions = json.requiredObject("partitions");
        Map<Integer, List<Integer>> out = new TreeMap<>();
        List<String> names = new ArrayList<>();
        partitions.names().forEach(names::add);
        for (String key : names) {
            int p;
            try {
                p = Integer.parseInt(key);
            } catch (NumberFormatException e) {
                throw partitions.fail(key, "is not a partition number");
            }
            if (p < 0) {
                throw partitions.fail(key, "is a negative partition number");
            }
            List<Integer> replicas = partitions.intListAt(key);
            if (replicas.isEmpty()) {
                throw partitions.fail(key, "lists no replicas");
            }
            out.put(p, replicas);
        }
        return out;
    }
}

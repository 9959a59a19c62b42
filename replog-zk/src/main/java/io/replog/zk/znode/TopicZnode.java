package io.replog.zk.znode;

import io.replog.topic.TopicId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of {@code /brokers/topics/<topic>}, the replica assignment, in Kafka's layouts:
 * <pre>{"version":3,"topic_id":"vNbz7ZRbTDS1wE7zIIRAxw","partitions":{"0":[1,2,3],"1":[2,3,1]},"adding_replicas":{},"removing_replicas":{}}</pre>
 * Version 3 carries the topic id (KIP-516); version 2, written for a topic without an id, does
 * not. Partition numbers are the keys; each array lists the replicas, preferred leader first.
 */
public final class TopicZnode {
    /** The layout without a topic id. */
    public static final int VERSION_WITHOUT_ID = 2;
    /** The layout with {@code topic_id}. */
    public static final int VERSION = 3;

    /** What the body holds: the topic id ({@link TopicId#ZERO} if it has none) and the assignment. */
    public record Body(TopicId topicId, Map<Integer, List<Integer>> partitions) {
    }

    private TopicZnode() {
    }

    /** The JSON body for a topic without an id. */
    public static byte[] encode(Map<Integer, List<Integer>> partitions) {
        return encode(TopicId.ZERO, partitions);
    }

    /** The JSON body for {@code partitions} of the topic {@code topicId} (version 2 if it is zero). */
    public static byte[] encode(TopicId topicId, Map<Integer, List<Integer>> partitions) {
        Map<String, Object> assignment = new LinkedHashMap<>();
        new TreeMap<>(partitions).forEach((p, replicas) -> assignment.put(Integer.toString(p), List.copyOf(replicas)));
        Map<String, Object> body = new LinkedHashMap<>();
        if (topicId.isZero()) {
            body.put("version", VERSION_WITHOUT_ID);
            body.put("partitions", assignment);
        } else {
            body.put("version", VERSION);
            body.put("topic_id", topicId.toString());
            body.put("partitions", assignment);
            body.put("adding_replicas", Map.of());
            body.put("removing_replicas", Map.of());
        }
        return ZnodeJson.write(body);
    }

    /** Reads the topic id and assignment (partition to replicas) from the body of the znode at {@code path}. */
    public static Body decode(String path, byte[] data) {
        return decode(path, data, ZnodeNotes.NONE);
    }

    /**
     * Reads the body, telling {@code notes} of a reassignment in progress ({@code adding_replicas}
     * or {@code removing_replicas} not empty, as Kafka's reassignment tool writes them): replog
     * does not carry reassignments out and keeps the replicas listed in {@code partitions}.
     */
    public static Body decode(String path, byte[] data, ZnodeNotes notes) {
        JsonObject json = ZnodeJson.read(path, data);
        for (String field : List.of("adding_replicas", "removing_replicas")) {
            if (json.has(field) && json.optionalObject(field).names().iterator().hasNext()) {
                notes.unsupported(path, field, "a partition reassignment is in progress (" + field + " for partitions "
                        + json.optionalObject(field).names() + "); replog does not carry reassignments out and keeps "
                        + "the replicas listed in 'partitions'");
            }
        }
        String idText = json.optionalString("topic_id");
        TopicId topicId;
        try {
            topicId = idText == null ? TopicId.ZERO : TopicId.parse(idText);
        } catch (IllegalArgumentException e) {
            throw json.fail("topic_id", e.getMessage());
        }
        return new Body(topicId, assignment(json));
    }

    private static Map<Integer, List<Integer>> assignment(JsonObject json) {
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

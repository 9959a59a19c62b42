package io.replog.zk.znode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One JSON object read from a znode, with typed accessors that fail with a
 * {@link MalformedZnodeException} naming the znode's path and the field. Nested objects keep
 * the path and prefix their field names ({@code partitions.0}).
 */
public final class JsonObject {
    private final String path;
    private final String prefix;
    private final Map<String, Object> fields;

    JsonObject(String path, String prefix, Map<String, Object> fields) {
        this.path = path;
        this.prefix = prefix;
        this.fields = fields;
    }

    /** The znode this object was read from. */
    public String path() {
        return path;
    }

    /** The field names, in document order. */
    public Iterable<String> names() {
        return Collections.unmodifiableSet(fields.keySet());
    }

    /** Whether {@code name} is present (possibly as {@code null}). */
    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** A required integer field. */
    public int requiredInt(String name) {
        return toInt(name, required(name));
    }

    /** A required field holding a string (or a number, read as its decimal text). */
    public String requiredString(String name) {
        Object v = required(name);
        if (v instanceof String s) {
            return s;
        }
        throw fail(name, "must be a string, was " + describe(v));
    }

    /** An optional string field, {@code null} when absent or null. */
    public String optionalString(String name) {
        Object v = fields.get(name);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw fail(name, "must be a string or null, was " + describe(v));
    }

    /** A time in milliseconds, written by Kafka as a decimal string and accepted as a number too. */
    public long requiredMillis(String name) {
        Object v = required(name);
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw fail(name, "must be milliseconds since the epoch, was \"" + s + "\"");
            }
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw fail(name, "must be milliseconds since the epoch, was " + describe(v));
    }

    /** A required array of integers. */
    public List<Integer> requiredIntList(String name) {
        Object v = required(name);
        return toIntList(name, v);
    }

    /** A required nested object. */
    public JsonObject requiredObject(String name) {
        Object v = required(name);
        return toObject(name, v);
    }

    /** An optional nested object, empty when absent or null. */
    public JsonObject optionalObject(String name) {
        Object v = fields.get(name);
        return v == null ? new JsonObject(path, qualified(name) + ".", Map.of()) : toObject(name, v);
    }

    /** A required array of objects. */
    public List<JsonObject> requiredObjectList(String name) {
        Object v = required(name);
        if (!(v instanceof List<?> list)) {
            throw fail(name, "must be an array of objects, was " + describe(v));
        }
        List<JsonObject> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(toObject(name + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    /** A required array of strings. */
    public List<String> requiredStringList(String name) {
        Object v = required(name);
        if (!(v instanceof List<?> list)) {
            throw fail(name, "must be an array of strings, was " + describe(v));
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw fail(name + "[" + i + "]", "must be a string, was " + describe(list.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    /** Every field of this object as a string (for config maps: strings, numbers and booleans as text). */
    public Map<String, String> asStringMap() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                out.put(k, String.valueOf(v));
            } else {
                throw fail(k, "must be a string, was " + describe(v));
            }
        });
        return out;
    }

    /** The value of field {@code name} as an integer array (for maps of arrays such as a topic's partitions). */
    public List<Integer> intListAt(String name) {
        return toIntList(name, fields.get(name));
    }

    /** A failure about field {@code name} of this object. */
    public MalformedZnodeException fail(String name, String problem) {
        return new MalformedZnodeException(path, qualified(name), problem);
    }

    private Object required(String name) {
        Object v = fields.get(name);
        if (v == null) {
            throw fail(name, fields.containsKey(name) ? "must not be null" : "is missing");
        }
        return v;
    }

    private int toInt(String name, Object v) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long || v instanceof BigInteger) {
            throw fail(name, "is out of the integer range: " + v);
        }
        throw fail(name, "must be an integer, was " + describe(v));
    }

    private List<Integer> toIntList(String name, Object v) {
        if (!(v instanceof List<?> list)) {
            throw fail(name, "must be an array of integers, was " + describe(v));
        }
        List<Integer> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (!(e instanceof Integer n)) {
                throw fail(name + "[" + i + "]", "must be an integer, was " + describe(e));
            }
            out.add(n);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private JsonObject toObject(String name, Object v) {
        if (!(v instanceof Map<?, ?> map)) {
            throw fail(name, "must be an object, was " + describe(v));
        }
        return new JsonObject(path, qualified(name) + ".", (Map<String, Object>) map);
    }

    private String qualified(String name) {
        return prefix + name;
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof Boolean) {
            return "the boolean " + v;
        }
        return "the number " + v;
    }
}

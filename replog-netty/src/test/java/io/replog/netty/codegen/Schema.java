package io.replog.netty.codegen;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The model of replog's message schema files ({@code replog-netty/src/main/schemas/*.json}), as read
 * by {@link CodecGenerator} and by the oracle tests.
 *
 * <p>Guarantees: a file that does not follow the format (unknown key, unknown type, bad range, a
 * tagged field outside flexible versions, a struct type without fields) is refused with the file and
 * field named, so a typo cannot turn into silently wrong codecs.
 */
public final class Schema {
    private Schema() {
    }

    /** The primitive types; anything else is a struct name. */
    public static final Set<String> PRIMITIVES = Set.of("bool", "int8", "int16", "uint16", "int32", "int64",
            "float64", "uuid", "string", "bytes", "records");

    /** An inclusive version range; {@link #NONE} is empty. */
    public record Range(short lo, short hi) {
        /** The empty range. */
        public static final Range NONE = new Range((short) 1, (short) 0);

        /** Parses {@code "3+"}, {@code "0-12"}, {@code "5"} or {@code "none"}. */
        public static Range parse(String text) {
            if (text == null || text.equals("none")) {
                return NONE;
            }
            if (text.endsWith("+")) {
                return new Range(Short.parseShort(text.substring(0, text.length() - 1)), Short.MAX_VALUE);
            }
            int dash = text.indexOf('-');
            if (dash > 0) {
                return new Range(Short.parseShort(text.substring(0, dash)), Short.parseShort(text.substring(dash + 1)));
            }
            short v = Short.parseShort(text);
            return new Range(v, v);
        }

        public boolean isEmpty() {
            return lo > hi;
        }

        public boolean contains(int version) {
            return version >= lo && version <= hi;
        }

        public Range intersect(Range other) {
            return new Range((short) Math.max(lo, other.lo), (short) Math.min(hi, other.hi));
        }
    }

    /** One field of a struct. {@code struct} is set when the type (or element type) is a struct. */
    public record Field(String name, String type, Range versions, Range nullable, Integer tag, Range tagged,
                        boolean hasDefault, Object defaultValue, boolean ignorable, Struct struct) {
        public boolean isArray() {
            return type.startsWith("[]");
        }

        /** The type of the field, or of its elements when it is an array. */
        public String elementType() {
            return isArray() ? type.substring(2) : type;
        }

        public boolean isTagged() {
            return tag != null;
        }

        public boolean isStruct() {
            return struct != null;
        }
    }

    /** A struct: the message body itself or a nested one. */
    public record Struct(String name, List<Field> fields) {
    }

    /** Who may send an API's requests: {@code "client"} (advertised in ApiVersions) and {@code "broker"}. */
    public static final Set<String> LISTENERS = Set.of("client", "broker");

    /**
     * One schema file. {@code listeners} are who may send the API's requests; without {@code "client"}
     * the API is inter-broker only and never advertised to clients.
     */
    public record Message(String api, int key, String kind, Range valid, Range flexible, List<String> listeners,
                          Struct body, String file) {
        /** @return whether clients may send this API's requests, so ApiVersions advertises it */
        public boolean clientFacing() {
            return listeners.contains("client");
        }

        /** @return the generated class's simple name, e.g. {@code MetadataRequestMessage} */
        public String className() {
            return api + Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + "Message";
        }

        /** @return the body and every nested struct, depth first */
        public List<Struct> structs() {
            List<Struct> out = new ArrayList<>();
            collect(body, out);
            return out;
        }

        private static void collect(Struct struct, List<Struct> out) {
            out.add(struct);
            for (Field f : struct.fields()) {
                if (f.isStruct()) {
                    collect(f.struct(), out);
                }
            }
        }
    }

    /** Reads every {@code *.json} in {@code dir}, sorted by file name. */
    public static List<Message> readAll(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<Message> out = new ArrayList<>();
        for (Path p : files) {
            out.add(read(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Parses one schema file's text. */
    public static Message read(String file, String json) throws IOException {
        Map<String, Object> m = JSON.std.mapFrom(json);
        allowOnly(file, "message", m, Set.of("api", "key", "kind", "valid", "flexible", "listeners",
                "fields"));
        String api = (String) require(file, m, "api");
        String kind = (String) require(file, m, "kind");
        if (!kind.equals("request") && !kind.equals("response")) {
            throw new IllegalArgumentException(file + ": kind must be request or response, not " + kind);
        }
        Range valid = Range.parse((String) require(file, m, "valid"));
        Range flexible = Range.parse((String) m.getOrDefault("flexible", "none"));
        String expected = api + Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + ".json";
        if (!file.equals(expected)) {
            throw new IllegalArgumentException(file + ": must be named " + expected);
        }
        List<String> listeners = new ArrayList<>();
        for (Object l : (List<?>) m.getOrDefault("listeners", List.of("client", "broker"))) {
            if (!LISTENERS.contains(l) || listeners.contains(l)) {
                throw new IllegalArgumentException(file + ": listeners are some of " + new java.util.TreeSet<>(LISTENERS)
                        + ", each once, not " + l);
            }
            listeners.add((String) l);
        }
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException(file + ": listeners must name at least one of " + new java.util.TreeSet<>(LISTENERS));
        }
        String rootName = api + Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + "Message";
        Struct body = new Struct(rootName, fields(file, rootName, (List<?>) require(file, m, "fields"), flexible));
        return new Message(api, ((Number) require(file, m, "key")).intValue(), kind, valid, flexible,
                List.copyOf(listeners), body, file);
    }

    private static List<Field> fields(String file, String owner, List<?> raw, Range flexible) {
        List<Field> out = new ArrayList<>();
        for (Object o : raw) {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) o;
            String where = file + ": " + owner + "." + f.get("name");
            allowOnly(where, "field", f, Set.of("name", "type", "versions", "nullable", "tag", "tagged", "default",
                    "ignorable", "fields"));
            String name = (String) require(where, f, "name");
            String type = (String) require(where, f, "type");
            Range versions = Range.parse((String) require(where, f, "versions"));
            Range nullable = Range.parse((String) f.get("nullable")).intersect(versions);
            Integer tag = f.containsKey("tag") ? ((Number) f.get("tag")).intValue() : null;
            Range tagged = Range.parse((String) f.get("tagged"));
            if ((tag == null) != tagged.isEmpty()) {
                throw new IllegalArgumentException(where + ": tag and tagged go together");
            }
            if (tag != null && (!tagged.equals(versions) || tagged.lo() < flexible.lo())) {
                throw new IllegalArgumentException(where + ": a tagged field must be tagged in all its versions, all flexible");
            }
            String element = type.startsWith("[]") ? type.substring(2) : type;
            Struct struct = null;
            if (!PRIMITIVES.contains(element)) {
                if (!f.containsKey("fields") || !Character.isUpperCase(element.charAt(0))) {
                    throw new IllegalArgumentException(where + ": unknown type " + type + " (a struct needs fields)");
                }
                struct = new Struct(element, fields(file, element, (List<?>) f.get("fields"), flexible));
                if (!nullable.isEmpty() && !type.startsWith("[]")) {
                    throw new IllegalArgumentException(where + ": nullable structs are not supported");
                }
            } else if (f.containsKey("fields")) {
                throw new IllegalArgumentException(where + ": only struct types have fields");
            }
            if (!Character.isLowerCase(name.charAt(0))) {
                throw new IllegalArgumentException(where + ": field names start lower case");
            }
            out.add(new Field(name, type, versions, nullable, tag, tagged, f.containsKey("default"), f.get("default"),
                    Boolean.TRUE.equals(f.get("ignorable")), struct));
        }
        return out;
    }

    private static Object require(String where, Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException(where + ": missing " + key);
        }
        return v;
    }

    private static void allowOnly(String where, String what, Map<String, Object> m, Set<String> keys) {
        for (String k : m.keySet()) {
            if (!keys.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown " + what + " key " + k.toLowerCase(Locale.ROOT));
            }
        }
    }
}

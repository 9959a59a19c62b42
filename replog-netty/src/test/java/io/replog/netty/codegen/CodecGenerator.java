package io.replog.netty.codegen;

import io.replog.netty.codegen.Schema.Field;
import io.replog.netty.codegen.Schema.Message;
import io.replog.netty.codegen.Schema.Range;
import io.replog.netty.codegen.Schema.Struct;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates one codec class per schema file in {@code replog-netty/src/main/schemas} into
 * {@code replog-netty/src/main/java/io/replog/netty/protocol/message}, where the output is checked in.
 *
 * <p>Regenerate after editing a schema (from the repository root):
 * <pre>
 * mvn -B -ntp -q -pl replog-netty -am test-compile exec:java@codecs -Dexec.classpathScope=test
 * </pre>
 * The {@code codecs} execution of the exec plugin (replog-netty's POM, version from the parent's
 * {@code exec-plugin.version}) names this class and passes the module directory; the other modules
 * that {@code -am} brings in skip {@code exec:java}, as the parent configures it.
 * {@code GeneratedCodecsAreUpToDateTest} fails, printing that command, whenever a checked-in file
 * differs from what this generator makes of the schemas.
 *
 * <p>Guarantees: the output is a pure function of the schema files (sorted input, no timestamps), so
 * regenerating an unchanged schema set changes no byte.
 */
public final class CodecGenerator {
    /** The package of the generated classes. */
    public static final String PACKAGE = "io.replog.netty.protocol.message";

    /** The command that regenerates the checked-in classes, as printed by the up-to-date test. */
    public static final String COMMAND = "mvn -B -ntp -q -pl replog-netty -am test-compile exec:java@codecs"
            + " -Dexec.classpathScope=test";

    private CodecGenerator() {
    }

    /**
     * Regenerates into the module directory given as the only argument (default: the current
     * directory, which is the module when Maven runs the plugin in it).
     */
    public static void main(String[] args) throws IOException {
        Path module = Path.of(args.length > 0 ? args[0] : ".");
        if (!Files.isDirectory(module.resolve("src/main/schemas")) && Files.isDirectory(Path.of("src/main/schemas"))) {
            // exec:java runs in the module's directory when invoked through -pl; accept both.
            module = Path.of(".");
        }
        Path out = module.resolve("src/main/java").resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(out);
        for (Map.Entry<String, String> e : generate(module.resolve("src/main/schemas")).entrySet()) {
            Files.writeString(out.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** @return file name to Java source, one per schema file, in file-name order */
    public static Map<String, String> generate(Path schemaDir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<Message> messages = Schema.readAll(schemaDir);
        for (Message m : messages) {
            out.put(m.className() + ".java", new MessageWriter(m).write());
        }
        out.put("KafkaApi.java", apiEnum(messages));
        out.put("package-info.java", packageInfo(messages));
        return out;
    }

    private static String apiEnum(List<Message> messages) {
        Map<Integer, Message[]> byKey = new java.util.TreeMap<>();
        for (Message m : messages) {
            Message[] pair = byKey.computeIfAbsent(m.key(), k -> new Message[2]);
            pair[m.kind().equals("request") ? 0 : 1] = m;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("package ").append(PACKAGE).append(";\n\n");
        sb.append("/**\n");
        sb.append(" * The Kafka APIs whose bodies replog's codecs read and write, generated with them from the schemas.\n");
        sb.append(" *\n");
        sb.append(" * <p>Guarantees: each constant's version range and first flexible version are exactly those of its\n");
        sb.append(" * request and response codecs (the generator refuses schemas where the two disagree), so the\n");
        sb.append(" * pipeline can pick header versions and answer ApiVersions from this one table. Only the\n");
        sb.append(" * {@link #clientFacing()} APIs are advertised to clients in ApiVersions; the others (the\n");
        sb.append(" * controller-to-broker requests and ControlledShutdown) are spoken between replog brokers only.\n");
        sb.append(" */\n");
        sb.append("public enum KafkaApi {\n");
        int i = 0;
        for (Message[] pair : byKey.values()) {
            if (pair[0] == null || pair[1] == null) {
                throw new IllegalArgumentException("API " + (pair[0] != null ? pair[0] : pair[1]).api()
                        + " needs both a request and a response schema");
            }
            if (!pair[0].valid().equals(pair[1].valid()) || !pair[0].flexible().equals(pair[1].flexible())) {
                throw new IllegalArgumentException("API " + pair[0].api() + ": request and response versions differ");
            }
            if (!pair[0].listeners().equals(pair[1].listeners())) {
                throw new IllegalArgumentException("API " + pair[0].api() + ": request and response listeners differ");
            }
            Message m = pair[0];
            sb.append("    /** {@link ").append(m.className()).append("} and {@link ").append(pair[1].className())
                    .append(m.clientFacing() ? "}. */\n" : "}; inter-broker only. */\n");
            sb.append("    ").append(constant(m.api())).append("((short) ").append(m.key()).append(", \"").append(m.api())
                    .append("\", (short) ").append(m.valid().lo()).append(", (short) ").append(m.valid().hi())
                    .append(", ").append(m.flexible().isEmpty() ? "Short.MAX_VALUE" : "(short) " + m.flexible().lo())
                    .append(", ").append(m.clientFacing())
                    .append(++i < byKey.size() ? "),\n" : ");\n");
        }
        sb.append("""

                private final short key;
                private final String apiName;
                private final short lowestVersion;
                private final short highestVersion;
                private final short firstFlexibleVersion;
                private final boolean clientFacing;

                KafkaApi(short key, String apiName, short lowestVersion, short highestVersion, short firstFlexibleVersion,
                         boolean clientFacing) {
                    this.key = key;
                    this.apiName = apiName;
                    this.lowestVersion = lowestVersion;
                    this.highestVersion = highestVersion;
                    this.firstFlexibleVersion = firstFlexibleVersion;
                    this.clientFacing = clientFacing;
                }

                /** @return the API key */
                public short key() {
                    return key;
                }

                /** @return the API's name as Kafka spells it, e.g. {@code "Metadata"} */
                public String apiName() {
                    return apiName;
                }

                /** @return the lowest version the codecs support */
                public short lowestVersion() {
                    return lowestVersion;
                }

                /** @return the highest version the codecs support */
                public short highestVersion() {
                    return highestVersion;
                }

                /** @return the first flexible version; above {@link #highestVersion()} if none is */
                public short firstFlexibleVersion() {
                    return firstFlexibleVersion;
                }

                /**
                 * @return whether clients may send this API, so ApiVersions advertises it; false for the
                 *         inter-broker APIs (schema {@code "listeners": ["broker"]}), which a listener for
                 *         clients must neither advertise nor serve
                 */
                public boolean clientFacing() {
                    return clientFacing;
                }

                /** @return whether the codecs read and write {@code version} */
                public boolean supports(short version) {
                    return version >= lowestVersion && version <= highestVersion;
                }

                /** @return whether {@code version} uses compact encodings and tagged fields */
                public boolean isFlexible(short version) {
                    return version >= firstFlexibleVersion;
                }

                /** @return the API with {@code key}, or null when replog has no codecs for it */
                public static KafkaApi forKey(short key) {
                    for (KafkaApi api : values()) {
                        if (api.key == key) {
                            return api;
                        }
                    }
                    return null;
                }
            }
            """);
        return sb.toString();
    }

    private static String constant(String api) {
        return api.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }

    private static String packageInfo(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        sb.append("/**\n");
        sb.append(" * Codecs of Kafka's message bodies, one record per request or response body, generated by\n");
        sb.append(" * {@code CodecGenerator} (test sources) from {@code replog-netty/src/main/schemas}; do not edit.\n");
        sb.append(" *\n");
        sb.append(" * <p>Each client-facing body is proven byte for byte against Kafka's own classes in every version\n");
        sb.append(" * listed here. The inter-broker bodies (marked) follow Kafka 3.9's layouts, which Kafka 4's\n");
        sb.append(" * classes no longer have: they are proven by round trips, hand-written layouts and Kafka's generic\n");
        sb.append(" * protocol types, and carry replog's own tagged fields (tags from 1000, see the schemas' README):\n");
        sb.append(" * <ul>\n");
        for (Message m : messages) {
            sb.append(" *   <li>{@link ").append(PACKAGE).append('.').append(m.className()).append("} ").append(m.valid().lo())
                    .append('-').append(m.valid().hi()).append(m.clientFacing() ? "" : " (inter-broker)").append("</li>\n");
        }
        sb.append(" * </ul>\n");
        sb.append(" */\n");
        sb.append("package ").append(PACKAGE).append(";\n");
        return sb.toString();
    }

    /** Writes the Java source of one message. */
    private static final class MessageWriter {
        private final Message m;
        private final StringBuilder sb = new StringBuilder();
        private int indent;

        MessageWriter(Message m) {
            this.m = m;
        }

        /** Whether a records field is in the message: its writes then go through a {@code RecordsWriter}. */
        private boolean hasRecords() {
            return m.structs().stream().flatMap(s -> s.fields().stream())
                    .anyMatch(f -> f.elementType().equals("records"));
        }

        String write() {
            Set<String> names = new HashSet<>();
            for (Struct s : m.structs()) {
                if (!names.add(s.name())) {
                    throw new IllegalArgumentException(m.file() + ": struct name " + s.name() + " used twice");
                }
            }
            line("package " + PACKAGE + ";");
            line("");
            line("import io.netty.buffer.ByteBuf;");
            line("import io.replog.netty.protocol.MessageBody;");
            if (hasRecords()) {
                line("import io.replog.netty.protocol.RecordsWriter;");
            }
            line("import io.replog.netty.protocol.Wire;");
            line("");
            line("import java.util.ArrayList;");
            line("import java.util.Collections;");
            line("import java.util.List;");
            line("import java.util.Objects;");
            line("import java.util.UUID;");
            line("");
            line("/**");
            line(" * Kafka's " + m.api() + " " + m.kind() + " body (API key " + m.key() + "), "
                    + (m.valid().lo() == m.valid().hi() ? "version " + m.valid().lo()
                            : "versions " + m.valid().lo() + "-" + m.valid().hi())
                    + (m.clientFacing() ? "" : ", inter-broker only") + (m.flexible().isEmpty() ? ", none flexible." : ", flexible from "
                    + m.flexible().lo() + "."));
            line(" *");
            line(" * <p>Generated from {@code src/main/schemas/" + m.file() + "} by {@code CodecGenerator} (test sources);");
            line(" * edit the schema and regenerate, never this file.");
            line(" *");
            line(" * <p>Guarantees: {@code read} consumes exactly one body of the given version or throws");
            line(" * {@link io.replog.netty.protocol.MalformedMessageException}; {@code write} writes exactly");
            line(" * {@code size(version)} bytes, or throws before writing when a value cannot be carried by the");
            line(" * version ({@link io.replog.netty.protocol.UnsupportedVersionException}) or is null where the");
            line(" * version allows none ({@link IllegalArgumentException}). Values are immutable records; lists are");
            line(" * not copied, and those produced by {@code read} are unmodifiable. Records and bytes fields are");
            line(" * slices of the buffer read from and stay valid only while it does. Unknown tagged fields are");
            line(" * skipped on read and not kept.");
            line(" */");
            struct(m.body(), true);
            return sb.toString();
        }

        private void struct(Struct s, boolean root) {
            String cls = s.name();
            List<String> comps = new ArrayList<>();
            for (Field f : s.fields()) {
                comps.add(javaType(f) + " " + f.name());
            }
            if (!root) {
                line("");
                line("/** The {@code " + cls + "} struct of " + m.className() + "; same guarantees. */");
            }
            String tail = root ? ") implements MessageBody {" : ") {";
            if (comps.isEmpty()) {
                line("public record " + cls + "(" + tail);
            } else {
                line("public record " + cls + "(");
                for (int i = 0; i < comps.size(); i++) {
                    line("        " + comps.get(i) + (i < comps.size() - 1 ? "," : tail));
                }
            }
            indent++;
            if (root) {
                line("/** The API key of this body. */");
                line("public static final short API_KEY = " + m.key() + ";");
                line("/** The lowest version this codec reads and writes. */");
                line("public static final short LOWEST_VERSION = " + m.valid().lo() + ";");
                line("/** The highest version this codec reads and writes. */");
                line("public static final short HIGHEST_VERSION = " + m.valid().hi() + ";");
                line("/** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */");
                line("public static final short FIRST_FLEXIBLE_VERSION = "
                        + (m.flexible().isEmpty() ? "Short.MAX_VALUE" : m.flexible().lo()) + ";");
                line("");
            }
            line("/** Every field at its default. */");
            StringBuilder defaults = new StringBuilder();
            for (Field f : s.fields()) {
                defaults.append(defaults.length() == 0 ? "" : ", ").append(defaultExpr(f));
            }
            line("public static final " + cls + " DEFAULT = new " + cls + "(" + defaults + ");");
            for (Field f : s.fields()) {
                line("");
                line("/** @return a copy with {@code " + f.name() + "} replaced */");
                StringBuilder args = new StringBuilder();
                for (Field g : s.fields()) {
                    args.append(args.length() == 0 ? "" : ", ").append(g.name());
                }
                line("public " + cls + " with" + cap(f.name()) + "(" + javaType(f) + " " + f.name() + ") {");
                line("    return new " + cls + "(" + args + ");");
                line("}");
            }
            if (root) {
                line("");
                line("@Override");
                line("public short apiKey() {");
                line("    return API_KEY;");
                line("}");
            }
            readMethod(s, root);
            validateMethod(s);
            writeMethod(s, root);
            sizeMethod(s, root);
            arraySizeHelpers(s);
            if (root) {
                // Nested structs all sit directly in the body's record: names are unique per message, and
                // one level keeps user code short (MetadataResponseMessage.MetadataResponsePartition).
                for (Struct nested : m.structs().subList(1, m.structs().size())) {
                    struct(nested, false);
                }
            }
            indent--;
            line("}");
        }

        // ---- read -------------------------------------------------------------------------------

        private void readMethod(Struct s, boolean root) {
            line("");
            if (root) {
                line("/**");
                line(" * Reads one body of {@code version} from {@code buf}'s reader index.");
                line(" *");
                line(" * @throws io.replog.netty.protocol.MalformedMessageException when the bytes are not such a body");
                line(" * @throws io.replog.netty.protocol.UnsupportedVersionException when the version is not supported");
                line(" */");
                line("public static " + s.name() + " read(ByteBuf buf, short version) {");
                line("    Wire.checkVersion(\"" + m.className() + "\", version, LOWEST_VERSION, HIGHEST_VERSION);");
            } else {
                line("static " + s.name() + " read(ByteBuf buf, short version) {");
            }
            indent++;
            line("boolean flexible = version >= " + firstFlexible() + ";");
            for (Field f : s.fields()) {
                line(javaType(f) + " v_" + f.name() + " = " + defaultExpr(f) + ";");
            }
            for (Field f : s.fields()) {
                if (f.isTagged()) {
                    continue;
                }
                String cond = versionCond(f.versions());
                if (cond.equals("false")) {
                    continue;
                }
                if (!cond.equals("true")) {
                    line("if (" + cond + ") {");
                    indent++;
                }
                readField(s, f);
                if (!cond.equals("true")) {
                    indent--;
                    line("}");
                }
            }
            if (!m.flexible().isEmpty()) {
                String at = "\"" + s.name() + "._tagged\"";
                line("if (flexible) {");
                indent++;
                line("int taggedCount = Wire.readUnsignedVarint(buf, " + at + ");");
                line("for (int i = 0; i < taggedCount; i++) {");
                indent++;
                line("int tag = Wire.readUnsignedVarint(buf, " + at + ");");
                line("int tagSize = Wire.readUnsignedVarint(buf, " + at + ");");
                line("Wire.checkTaggedSize(buf, tag, tagSize, " + at + ");");
                line("int tagStart = buf.readerIndex();");
                line("switch (tag) {");
                indent++;
                for (Field f : s.fields()) {
                    if (!f.isTagged()) {
                        continue;
                    }
                    line("case " + f.tag() + ": {");
                    indent++;
                    String cond = versionCond(f.tagged());
                    line("if (" + cond + ") {");
                    indent++;
                    readField(s, f);
                    line("Wire.checkTaggedEnd(buf, tagStart, tagSize, " + fieldName(s, f) + ");");
                    indent--;
                    line("} else {");
                    line("    buf.skipBytes(tagSize);");
                    line("}");
                    line("break;");
                    indent--;
                    line("}");
                }
                line("default:");
                line("    buf.skipBytes(tagSize);");
                line("    break;");
                indent--;
                line("}");
                indent--;
                line("}");
                indent--;
                line("}");
            }
            StringBuilder args = new StringBuilder();
            for (Field f : s.fields()) {
                args.append(args.length() == 0 ? "" : ", ").append("v_").append(f.name());
            }
            line("return new " + s.name() + "(" + args + ");");
            indent--;
            line("}");
        }

        private void readField(Struct s, Field f) {
            String name = fieldName(s, f);
            String nullable = versionCond(f.nullable());
            if (!f.isArray()) {
                line("v_" + f.name() + " = " + readValue(f.elementType(), name, nullable, f) + ";");
                return;
            }
            String elem = boxed(f.elementType(), f);
            line("int n_" + f.name() + " = Wire.readArrayLength(buf, " + name + ", flexible, " + nullable + ", version);");
            line("if (n_" + f.name() + " >= 0) {");
            indent++;
            line("List<" + elem + "> l_" + f.name() + " = new ArrayList<>(n_" + f.name() + ");");
            line("for (int k = 0; k < n_" + f.name() + "; k++) {");
            line("    l_" + f.name() + ".add(" + readValue(f.elementType(), name, "false", f) + ");");
            line("}");
            line("v_" + f.name() + " = Collections.unmodifiableList(l_" + f.name() + ");");
            indent--;
            line("} else {");
            line("    v_" + f.name() + " = null;");
            line("}");
        }

        private String readValue(String type, String name, String nullable, Field f) {
            switch (type) {
                case "bool": return "Wire.readBool(buf, " + name + ")";
                case "int8": return "Wire.readInt8(buf, " + name + ")";
                case "int16": return "Wire.readInt16(buf, " + name + ")";
                case "uint16": return "Wire.readUint16(buf, " + name + ")";
                case "int32": return "Wire.readInt32(buf, " + name + ")";
                case "int64": return "Wire.readInt64(buf, " + name + ")";
                case "float64": return "Wire.readFloat64(buf, " + name + ")";
                case "uuid": return "Wire.readUuid(buf, " + name + ")";
                case "string": return "Wire.readString(buf, " + name + ", flexible, " + nullable + ", version)";
                case "bytes":
                case "records": return "Wire.readBytes(buf, " + name + ", flexible, " + nullable + ", version)";
                default: return f.struct().name() + ".read(buf, version)";
            }
        }

        // ---- validate, write, size --------------------------------------------------------------

        /** Checks shared by write and size, so a frame length is never written for a body that cannot be. */
        private void validateMethod(Struct s) {
            line("");
            line("void validate(short version) {");
            indent++;
            for (Field f : s.fields()) {
                Range present = f.versions();
                String in = versionCond(present);
                String name = fieldName(s, f);
                if (!f.ignorable() && !in.equals("true")) {
                    line("if (!(" + in + ") && " + nonDefault(f) + ") {");
                    line("    throw Wire.fieldNotInVersion(" + name + ", version, " + f.name() + ");");
                    line("}");
                }
                if (!javaType(f).equals(boxed(f.type(), f)) || in.equals("false")) {
                    continue; // primitives cannot be null
                }
                String nullable = versionCond(f.nullable());
                if (nullable.equals("true")) {
                    continue;
                }
                // A tagged field at its default is not written, so its null-ness only matters when present.
                String cond = (in.equals("true") ? "" : "(" + in + ") && ") + f.name() + " == null"
                        + (nullable.equals("false") ? "" : " && !(" + nullable + ")");
                line("if (" + cond + ") {");
                line("    throw Wire.nullNotAllowed(" + name + ", version);");
                line("}");
            }
            // Nested structs are checked here too, so a refusal comes before the first byte is written.
            for (Field f : s.fields()) {
                if (!f.isStruct()) {
                    continue;
                }
                String in = versionCond(f.isTagged() ? f.tagged() : f.versions());
                if (in.equals("false")) {
                    continue;
                }
                String guard = in.equals("true") ? "" : "(" + in + ") && ";
                if (f.isArray()) {
                    line("if (" + guard + f.name() + " != null) {");
                    line("    for (" + f.struct().name() + " e : " + f.name() + ") {");
                    line("        e.validate(version);");
                    line("    }");
                    line("}");
                } else {
                    line("if (" + guard + f.name() + " != null) {");
                    line("    " + f.name() + ".validate(version);");
                    line("}");
                }
            }
            indent--;
            line("}");
        }

        private void writeMethod(Struct s, boolean root) {
            line("");
            if (root) {
                line("/**");
                line(" * Writes this body at {@code version} from {@code buf}'s writer index.");
                line(" *");
                line(" * @throws io.replog.netty.protocol.UnsupportedVersionException when the version is not supported");
                line(" *         or a field holds a value that the version cannot carry");
                line(" */");
                line("@Override");
                line("public void write(ByteBuf buf, short version) {");
                if (hasRecords()) {
                    line("    write(buf, version, RecordsWriter.INLINE);");
                    line("}");
                    line("");
                    line("/**");
                    line(" * Writes this body at {@code version} from {@code buf}'s writer index, each records field");
                    line(" * (length prefix and bytes) through {@code recordsWriter}, in the order of the body.");
                    line(" *");
                    line(" * @throws io.replog.netty.protocol.UnsupportedVersionException as {@link #write(ByteBuf, short)}");
                    line(" */");
                    line("public void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {");
                }
                line("    Wire.checkVersion(\"" + m.className() + "\", version, LOWEST_VERSION, HIGHEST_VERSION);");
            } else {
                line(hasRecords() ? "void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {"
                        : "void write(ByteBuf buf, short version) {");
            }
            indent++;
            if (root) {
                line("validate(version);");
            }
            line("boolean flexible = version >= " + firstFlexible() + ";");
            for (Field f : s.fields()) {
                if (f.isTagged()) {
                    continue;
                }
                String cond = versionCond(f.versions());
                if (cond.equals("false")) {
                    continue;
                }
                if (!cond.equals("true")) {
                    line("if (" + cond + ") {");
                    indent++;
                }
                writeField(s, f);
                if (!cond.equals("true")) {
                    indent--;
                    line("}");
                }
            }
            boolean hasTagged = s.fields().stream().anyMatch(Field::isTagged);
            if (!m.flexible().isEmpty() && !hasTagged) {
                line("if (flexible) {");
                line("    Wire.writeUnsignedVarint(buf, 0); // no tagged fields");
                line("}");
            } else if (!m.flexible().isEmpty()) {
                line("if (flexible) {");
                indent++;
                line("int taggedCount = 0;");
                for (Field f : s.fields()) {
                    if (f.isTagged()) {
                        line("if (" + taggedWritten(f) + ") {");
                        line("    taggedCount++;");
                        line("}");
                    }
                }
                line("Wire.writeUnsignedVarint(buf, taggedCount);");
                for (Field f : s.fields()) {
                    if (f.isTagged()) {
                        line("if (" + taggedWritten(f) + ") {");
                        indent++;
                        line("Wire.writeUnsignedVarint(buf, " + f.tag() + ");");
                        line("Wire.writeUnsignedVarint(buf, " + sizeExpr(f) + ");");
                        writeField(s, f);
                        indent--;
                        line("}");
                    }
                }
                indent--;
                line("}");
            }
            indent--;
            line("}");
        }

        private void writeField(Struct s, Field f) {
            String name = fieldName(s, f);
            if (!f.isArray()) {
                line(writeValue(f.elementType(), f.name(), name, f) + ";");
                return;
            }
            line("Wire.writeArrayLength(buf, " + f.name() + ", flexible);");
            line("if (" + f.name() + " != null) {");
            line("    for (" + boxed(f.elementType(), f) + " e : " + f.name() + ") {");
            String elem = f.isStruct() || !boxed(f.elementType(), f).equals(javaType(f.elementType(), f))
                    ? "e" : "Objects.requireNonNull(e, " + name + ")";
            line("        " + writeValue(f.elementType(), elem, name, f) + ";");
            line("    }");
            line("}");
        }

        private String writeValue(String type, String value, String name, Field f) {
            switch (type) {
                case "bool": return "Wire.writeBool(buf, " + value + ")";
                case "int8": return "buf.writeByte(" + value + ")";
                case "int16": return "buf.writeShort(" + value + ")";
                case "uint16": return "Wire.writeUint16(buf, " + value + ", " + name + ")";
                case "int32": return "buf.writeInt(" + value + ")";
                case "int64": return "buf.writeLong(" + value + ")";
                case "float64": return "buf.writeDouble(" + value + ")";
                case "uuid": return "Wire.writeUuid(buf, " + value + ")";
                case "string": return "Wire.writeString(buf, " + value + ", flexible, " + name + ")";
                case "bytes": return "Wire.writeBytes(buf, " + value + ", flexible)";
                case "records": return "recordsWriter.write(buf, " + value + ", flexible)";
                default: return value + (hasRecords() ? ".write(buf, version, recordsWriter)" : ".write(buf, version)");
            }
        }

        private void sizeMethod(Struct s, boolean root) {
            line("");
            if (root) {
                line("/**");
                line(" * @return the exact number of bytes {@link #write} writes at {@code version}");
                line(" * @throws io.replog.netty.protocol.UnsupportedVersionException as {@link #write} would");
                line(" */");
                line("@Override");
                line("public int size(short version) {");
                line("    Wire.checkVersion(\"" + m.className() + "\", version, LOWEST_VERSION, HIGHEST_VERSION);");
            } else {
                line("int size(short version) {");
            }
            indent++;
            if (root) {
                line("validate(version);");
            }
            line("boolean flexible = version >= " + firstFlexible() + ";");
            line("int size = 0;");
            for (Field f : s.fields()) {
                if (f.isTagged()) {
                    continue;
                }
                String cond = versionCond(f.versions());
                if (cond.equals("false")) {
                    continue;
                }
                if (cond.equals("true")) {
                    line("size += " + sizeExpr(f) + ";");
                } else {
                    line("if (" + cond + ") {");
                    line("    size += " + sizeExpr(f) + ";");
                    line("}");
                }
            }
            boolean hasTagged = s.fields().stream().anyMatch(Field::isTagged);
            if (!m.flexible().isEmpty() && !hasTagged) {
                line("if (flexible) {");
                line("    size += 1; // the empty tagged-field count");
                line("}");
            } else if (!m.flexible().isEmpty()) {
                line("if (flexible) {");
                indent++;
                line("int taggedCount = 0;");
                for (Field f : s.fields()) {
                    if (f.isTagged()) {
                        line("if (" + taggedWritten(f) + ") {");
                        indent++;
                        line("taggedCount++;");
                        line("int valueSize = " + sizeExpr(f) + ";");
                        line("size += Wire.sizeOfUnsignedVarint(" + f.tag() + ") + Wire.sizeOfUnsignedVarint(valueSize)"
                                + " + valueSize;");
                        indent--;
                        line("}");
                    }
                }
                line("size += Wire.sizeOfUnsignedVarint(taggedCount);");
                indent--;
                line("}");
            }
            line("return size;");
            indent--;
            line("}");
        }

        private String sizeExpr(Field f) {
            if (!f.isArray()) {
                return sizeValue(f.elementType(), f.name(), f);
            }
            String fixed = fixedSize(f.elementType());
            if (fixed != null) {
                return "Wire.sizeOfArrayLength(" + f.name() + ", flexible) + (" + f.name() + " == null ? 0 : "
                        + f.name() + ".size() * " + fixed + ")";
            }
            return "sizeOf" + cap(f.name()) + "(" + f.name() + ", version, flexible)";
        }

        /** Loops rather than streams: sizes are computed for every response on the hot path. */
        private void arraySizeHelpers(Struct s) {
            for (Field f : s.fields()) {
                if (!f.isArray() || fixedSize(f.elementType()) != null) {
                    continue;
                }
                String elem = boxed(f.elementType(), f);
                line("");
                line("private static int sizeOf" + cap(f.name()) + "(List<" + elem + "> list, short version, boolean flexible) {");
                line("    int size = Wire.sizeOfArrayLength(list, flexible);");
                line("    if (list != null) {");
                line("        for (" + elem + " e : list) {");
                line("            size += " + sizeValue(f.elementType(), "e", f) + ";");
                line("        }");
                line("    }");
                line("    return size;");
                line("}");
            }
        }

        private String sizeValue(String type, String value, Field f) {
            String fixed = fixedSize(type);
            if (fixed != null) {
                return fixed;
            }
            switch (type) {
                case "string": return "Wire.sizeOfString(" + value + ", flexible)";
                case "bytes":
                case "records": return "Wire.sizeOfBytes(" + value + ", flexible)";
                default: return value + ".size(version)";
            }
        }

        private static String fixedSize(String type) {
            switch (type) {
                case "bool":
                case "int8": return "1";
                case "int16":
                case "uint16": return "2";
                case "int32": return "4";
                case "int64":
                case "float64": return "8";
                case "uuid": return "16";
                default: return null;
            }
        }

        // ---- helpers ----------------------------------------------------------------------------

        /** The tagged field is written when its version has it and it differs from its default. */
        private String taggedWritten(Field f) {
            String in = versionCond(f.tagged());
            return (in.equals("true") ? "" : "(" + in + ") && ") + nonDefault(f);
        }

        private String nonDefault(Field f) {
            String d = defaultExpr(f);
            String t = javaType(f);
            if (t.equals("double")) {
                return "Double.compare(" + f.name() + ", " + d + ") != 0";
            }
            if (!t.equals(boxed(f.type(), f))) {
                return f.name() + " != " + d;
            }
            return "!Objects.equals(" + f.name() + ", " + d + ")";
        }

        private String firstFlexible() {
            return m.flexible().isEmpty() ? "Short.MAX_VALUE" : Short.toString(m.flexible().lo());
        }

        /** A Java condition on {@code version} for {@code r}, simplified against the valid range. */
        private String versionCond(Range r) {
            Range valid = m.valid();
            Range in = r.intersect(valid);
            if (in.isEmpty()) {
                return "false";
            }
            boolean lo = in.lo() > valid.lo();
            boolean hi = in.hi() < valid.hi();
            if (!lo && !hi) {
                return "true";
            }
            if (lo && hi) {
                return in.lo() == in.hi() ? "version == " + in.lo() : "version >= " + in.lo() + " && version <= " + in.hi();
            }
            return lo ? "version >= " + in.lo() : "version <= " + in.hi();
        }

        private static String fieldName(Struct s, Field f) {
            return "\"" + s.name() + "." + f.name() + "\"";
        }

        private String javaType(Field f) {
            if (f.isArray()) {
                return "List<" + boxed(f.elementType(), f) + ">";
            }
            return javaType(f.type(), f);
        }

        private static String javaType(String type, Field f) {
            switch (type) {
                case "bool": return "boolean";
                case "int8": return "byte";
                case "int16": return "short";
                case "uint16":
                case "int32": return "int";
                case "int64": return "long";
                case "float64": return "double";
                case "uuid": return "UUID";
                case "string": return "String";
                case "bytes":
                case "records": return "ByteBuf";
                default:
                    if (type.startsWith("[]")) {
                        return "List<" + boxed(type.substring(2), f) + ">";
                    }
                    return f.struct().name();
            }
        }

        private static String boxed(String type, Field f) {
            switch (type) {
                case "bool": return "Boolean";
                case "int8": return "Byte";
                case "int16": return "Short";
                case "uint16":
                case "int32": return "Integer";
                case "int64": return "Long";
                case "float64": return "Double";
                default: return javaType(type, f);
            }
        }

        private String defaultExpr(Field f) {
            Object d = f.defaultValue();
            if (f.isArray()) {
                return f.hasDefault() && d == null ? "null" : "List.of()";
            }
            switch (f.type()) {
                case "bool": return Boolean.toString(Boolean.TRUE.equals(d));
                case "int8": return "(byte) " + num(d);
                case "int16": return "(short) " + num(d);
                case "uint16":
                case "int32": return Long.toString(num(d));
                case "int64": return num(d) + "L";
                case "float64": return d == null ? "0.0" : Double.toString(((Number) d).doubleValue());
                case "uuid": return "Wire.ZERO_UUID";
                case "string":
                    if (f.hasDefault() && d == null) {
                        return "null";
                    }
                    return d == null ? "\"\"" : quote((String) d);
                case "bytes": return f.hasDefault() && d == null ? "null" : "Wire.EMPTY_BYTES";
                case "records": return "null";
                default: return f.struct().name() + ".DEFAULT";
            }
        }

        private static long num(Object d) {
            return d == null ? 0 : ((Number) d).longValue();
        }

        private static String quote(String s) {
            StringBuilder q = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    q.append('\\');
                }
                q.append(c);
            }
            return q.append('"').toString();
        }

        private static String cap(String name) {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }

        private void line(String text) {
            if (!text.isEmpty()) {
                sb.append("    ".repeat(indent));
            }
            sb.append(text).append('\n');
        }
    }
}

package io.replog.netty.protocol.oracle;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.replog.netty.codegen.Schema;
import io.replog.netty.codegen.Schema.Field;
import io.replog.netty.codegen.Schema.Message;
import io.replog.netty.codegen.Schema.Struct;
import io.replog.netty.protocol.MalformedMessageException;
import io.replog.netty.protocol.MessageBody;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks replog's generated codecs against Kafka's own message classes, driven by replog's schema
 * files so that no API needs code of its own here.
 *
 * <p>For one random message (a value tree built from the schema for one version) it builds both
 * Kafka's {@code *Data} object and replog's record, then proves both directions byte for byte:
 * Kafka's bytes read by replog give the expected record and re-encode to the same bytes with the
 * size replog predicted; replog's bytes read by Kafka give the expected {@code *Data} object.
 *
 * <p>Reflection lives here only, in tests: it maps schema field names onto Kafka's setters and
 * replog's record constructors. A schema field missing from either side fails the check, so the
 * mapping cannot silently skip anything.
 */
final class KafkaOracle {
    private static final String REPLOG_PACKAGE = "io.replog.netty.protocol.message.";
    private static final String KAFKA_PACKAGE = "org.apache.kafka.common.message.";
    private static final String[] TEXT = {"a", "Z", "9", "-", "_", ".", "é", "ß", "日本", "€", "\uD83D\uDE00", " "};
    private static final Map<String, Message> SCHEMAS = new LinkedHashMap<>();

    static {
        try {
            for (Message m : Schema.readAll(Path.of("src/main/schemas"))) {
                SCHEMAS.put(m.api() + "/" + m.kind(), m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final Message schema;
    private final Random random;

    private KafkaOracle(Message schema, Random random) {
        this.schema = schema;
        this.random = random;
    }

    /** @return the schema of {@code api}'s {@code kind} ("request" or "response") */
    static Message schema(String api, String kind) {
        Message m = SCHEMAS.get(api + "/" + kind);
        if (m == null) {
            throw new IllegalArgumentException("no schema for " + api + " " + kind);
        }
        return m;
    }

    /** Checks one random message for every version of the schema from {@code lowest} on; returns how many versions. */
    static int checkAllVersions(String api, String kind, short lowest, Random random) {
        Message m = schema(api, kind);
        int checked = 0;
        for (short v = (short) Math.max(lowest, m.valid().lo()); v <= m.valid().hi(); v++) {
            new KafkaOracle(m, random).checkOne(v);
            checked++;
        }
        return checked;
    }

    /**
     * Checks one random message for every version of the schema without Kafka's classes, for the
     * inter-broker APIs Kafka 4 no longer has: replog's write reads back as the same record and the
     * same bytes, size is exact, damaged input fails only with {@link MalformedMessageException}, and
     * an unknown tag is skipped. Returns how many versions were checked.
     */
    static int checkRoundTrips(String api, String kind, Random random) {
        Message m = schema(api, kind);
        int checked = 0;
        for (short v = m.valid().lo(); v <= m.valid().hi(); v++) {
            new KafkaOracle(m, random).roundTrip(v);
            checked++;
        }
        return checked;
    }

    /** @return replog's encoding of one random body of {@code api}'s {@code kind} at {@code version} */
    static byte[] randomBody(String api, String kind, short version, Random random) {
        KafkaOracle oracle = new KafkaOracle(schema(api, kind), random);
        Map<String, Object> tree = oracle.randomStruct(oracle.schema.body(), version, 0);
        return replogWrite(oracle.toReplog(oracle.schema.body(), tree, oracle.replogClass(null)), version);
    }

    private void roundTrip(short version) {
        Map<String, Object> tree = randomStruct(schema.body(), version, 0);
        Object replog = toReplog(schema.body(), tree, replogClass(null));
        String what = schema.className() + " v" + version + " " + tree;

        byte[] bytes = replogWrite(replog, version);
        assertThat(replogSize(replog, version)).as("replog size of %s", what).isEqualTo(bytes.length);
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        Object decoded = replogRead(in, version);
        assertThat(in.readableBytes()).as("bytes left after replog read of %s", what).isZero();
        assertThat(decoded).as("replog read of replog's %s", what).isEqualTo(replog);
        assertThat(hex(replogWrite(decoded, version))).as("replog re-encoding of %s", what).isEqualTo(hex(bytes));

        if (bytes.length > 0) {
            // The last byte too: a body is never complete before its end.
            assertThatThrownBy(() -> replogRead(Unpooled.wrappedBuffer(bytes, 0, bytes.length - 1), version))
                    .as("%s cut by its last byte", what).isInstanceOf(MalformedMessageException.class);
        }
        checkDamagedInputFailsPrecisely(version, bytes);
        if (schema.flexible().contains(version)) {
            checkUnknownTopLevelTagIsSkipped(version, tree);
        }
    }

    /**
     * With the body's own tagged fields at their defaults its encoding ends with an empty tagged
     * section (one zero byte); replacing that with one tag replog does not know, as a newer peer may
     * send, decodes to the same record.
     */
    private void checkUnknownTopLevelTagIsSkipped(short version, Map<String, Object> tree) {
        Map<String, Object> plain = new LinkedHashMap<>(tree);
        java.util.Set<Integer> known = new java.util.HashSet<>();
        for (Field f : schema.body().fields()) {
            if (f.isTagged()) {
                plain.put(f.name(), defaultValue(f, version));
                known.add(f.tag());
            }
        }
        Object replog = toReplog(schema.body(), plain, replogClass(null));
        byte[] bytes = replogWrite(replog, version);
        assertThat(bytes[bytes.length - 1]).as("empty tagged section ending %s", schema.className()).isZero();
        int tag;
        do {
            tag = random.nextInt(2) == 0 ? random.nextInt(20) : 100 + random.nextInt(10_000);
        } while (known.contains(tag));
        byte[] data = new byte[random.nextInt(12)];
        random.nextBytes(data);
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(bytes, 0, bytes.length - 1);
        io.replog.netty.protocol.Wire.writeUnsignedVarint(in, 1);
        io.replog.netty.protocol.Wire.writeUnsignedVarint(in, tag);
        io.replog.netty.protocol.Wire.writeUnsignedVarint(in, data.length);
        in.writeBytes(data);
        Object decoded = replogRead(in, version);
        assertThat(in.readableBytes()).as("bytes left after skipping tag %d", tag).isZero();
        assertThat(decoded).as("%s v%d with unknown tag %d", schema.className(), version, tag).isEqualTo(replog);
    }

    private void checkOne(short version) {
        Map<String, Object> tree = randomStruct(schema.body(), version, 0);
        Object kafka = toKafka(schema.body(), tree, kafkaClass(null));
        Object replog = toReplog(schema.body(), tree, replogClass(null));
        String what = schema.className() + " v" + version + " " + tree;

        byte[] kafkaBytes = kafkaWrite(kafka, version);

        // Kafka -> replog: read, compare with the expected record, write back, same bytes.
        ByteBuf in = Unpooled.wrappedBuffer(kafkaBytes);
        Object decoded = replogRead(in, version);
        assertThat(in.readableBytes()).as("bytes left after replog read of %s", what).isZero();
        assertThat(decoded).as("replog read of Kafka's %s", what).isEqualTo(replog);
        assertThat(replogSize(decoded, version)).as("replog size of %s", what).isEqualTo(kafkaBytes.length);
        assertThat(hex(replogWrite(decoded, version))).as("replog re-encoding of %s", what).isEqualTo(hex(kafkaBytes));

        // replog -> Kafka: replog's own encoding of the expected record reads back as Kafka's object.
        byte[] replogBytes = replogWrite(replog, version);
        assertThat(hex(replogBytes)).as("replog encoding of %s", what).isEqualTo(hex(kafkaBytes));
        ByteBuffer back = ByteBuffer.wrap(replogBytes);
        Object kafkaRead = kafkaRead(back, version);
        assertThat(back.remaining()).as("bytes left after Kafka read of %s", what).isZero();
        assertThat(kafkaRead).as("Kafka read of replog's %s", what).isEqualTo(kafka);

        if (schema.flexible().contains(version)) {
            checkUnknownTagsAreSkipped(version, tree, replog);
        }
        checkDamagedInputFailsPrecisely(version, kafkaBytes);
        checkAbsentField(version, tree);
    }

    /**
     * A body cut short always fails with {@link MalformedMessageException}; a body with a byte
     * changed either decodes or fails with it. Nothing else (index errors, huge allocations) escapes.
     */
    private void checkDamagedInputFailsPrecisely(short version, byte[] body) {
        if (body.length == 0) {
            return;
        }
        int cut = random.nextInt(body.length);
        assertThatThrownBy(() -> replogRead(Unpooled.wrappedBuffer(body, 0, cut), version))
                .as("%s v%d cut to %d of %d bytes", schema.className(), version, cut, body.length)
                .isInstanceOf(MalformedMessageException.class);
        byte[] damaged = body.clone();
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt();
        try {
            replogRead(Unpooled.wrappedBuffer(damaged), version);
        } catch (MalformedMessageException expected) {
            // The only acceptable failure.
        }
    }

    /** A tag replog does not know, as a newer peer may send, is skipped: the rest decodes as before. */
    private void checkUnknownTagsAreSkipped(short version, Map<String, Object> tree, Object replog) {
        Object kafka = toKafka(schema.body(), tree, kafkaClass(null));
        byte[] data = new byte[random.nextInt(12)];
        random.nextBytes(data);
        int tag = 100 + random.nextInt(10_000);
        ((org.apache.kafka.common.protocol.Message) kafka).unknownTaggedFields().add(new RawTaggedField(tag, data));
        ByteBuf in = Unpooled.wrappedBuffer(kafkaWrite(kafka, version));
        Object decoded = replogRead(in, version);
        assertThat(in.readableBytes()).as("bytes left after skipping tag %d", tag).isZero();
        assertThat(decoded).as("%s v%d with unknown tag %d", schema.className(), version, tag).isEqualTo(replog);
    }

    /**
     * Gives one field that the version lacks a non-default value, somewhere in the tree, and checks
     * that replog refuses to write it exactly when Kafka does (non-ignorable fields), and otherwise
     * drops it exactly as Kafka does (ignorable ones).
     */
    @SuppressWarnings("unchecked")
    private void checkAbsentField(short version, Map<String, Object> tree) {
        List<Object[]> candidates = new ArrayList<>();
        collectAbsent(schema.body(), tree, version, candidates);
        if (candidates.isEmpty()) {
            return;
        }
        Object[] pick = candidates.get(random.nextInt(candidates.size()));
        Field f = (Field) pick[0];
        Map<String, Object> owner = (Map<String, Object>) pick[1];
        Object value;
        int attempts = 0;
        do {
            value = f.isArray() && f.isStruct()
                    ? List.of(randomStruct(f.struct(), version, 2))
                    : randomValue(f, version, 2);
        } while (java.util.Objects.deepEquals(value, defaultValue(f, version)) && ++attempts < 50);
        if (java.util.Objects.deepEquals(value, defaultValue(f, version))) {
            return;
        }
        owner.put(f.name(), value);
        String what = schema.className() + " v" + version + " with " + f.name() + " = " + value;
        Object kafka = toKafka(schema.body(), tree, kafkaClass(null));
        Object replog = toReplog(schema.body(), tree, replogClass(null));
        byte[] kafkaBytes = null;
        try {
            kafkaBytes = kafkaWrite(kafka, version);
        } catch (org.apache.kafka.common.errors.UnsupportedVersionException refused) {
            // Kafka refuses: replog must refuse too, in size and in write, before writing a byte.
        }
        if (kafkaBytes == null) {
            ByteBuf out = Unpooled.buffer();
            assertThatThrownBy(() -> ((MessageBody) replog).size(version)).as("replog size of %s", what)
                    .isInstanceOf(io.replog.netty.protocol.UnsupportedVersionException.class);
            assertThatThrownBy(() -> ((MessageBody) replog).write(out, version)).as("replog write of %s", what)
                    .isInstanceOf(io.replog.netty.protocol.UnsupportedVersionException.class)
                    .hasMessageContaining(f.name());
            assertThat(out.writerIndex()).as("bytes written before refusing %s", what).isZero();
        } else {
            assertThat(hex(replogWrite(replog, version))).as("replog encoding of %s", what).isEqualTo(hex(kafkaBytes));
        }
    }

    @SuppressWarnings("unchecked")
    private static void collectAbsent(Struct struct, Map<String, Object> tree, short version, List<Object[]> out) {
        for (Field f : struct.fields()) {
            Object value = tree.get(f.name());
            if (!f.versions().contains(version)) {
                out.add(new Object[] {f, tree});
            } else if (f.isStruct() && value instanceof Map) {
                collectAbsent(f.struct(), (Map<String, Object>) value, version, out);
            } else if (f.isStruct() && value instanceof List) {
                for (Object e : (List<Object>) value) {
                    collectAbsent(f.struct(), (Map<String, Object>) e, version, out);
                }
            }
        }
    }

    // ---- random value trees ---------------------------------------------------------------------

    private Map<String, Object> randomStruct(Struct struct, short version, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : struct.fields()) {
            boolean present = f.versions().contains(version);
            out.put(f.name(), present ? randomValue(f, version, depth) : defaultValue(f, version));
        }
        return out;
    }

    private Object randomValue(Field f, short version, int depth) {
        boolean nullable = f.nullable().contains(version);
        if (nullable && random.nextInt(6) == 0) {
            return null;
        }
        if (random.nextInt(5) == 0 && !(f.isArray() && f.isStruct())) {
            // Defaults matter: tagged fields at their default are left out of the encoding.
            return defaultValue(f, version);
        }
        if (f.isArray()) {
            // Now and then a long array of scalars, so compact counts take two varint bytes.
            int n = !f.isStruct() && random.nextInt(30) == 0 ? 128 + random.nextInt(100) : random.nextInt(depth > 1 ? 2 : 4);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(f.isStruct() ? randomStruct(f.struct(), version, depth + 1) : randomScalar(f.elementType()));
            }
            return list;
        }
        if (f.isStruct()) {
            return randomStruct(f.struct(), version, depth + 1);
        }
        return randomScalar(f.type());
    }

    private Object randomScalar(String type) {
        switch (type) {
            case "bool": return random.nextBoolean();
            case "int8": return (byte) random.nextInt();
            case "int16": return (short) edgy(Short.MIN_VALUE, Short.MAX_VALUE);
            case "uint16": return random.nextInt(65536);
            case "int32": return (int) edgy(Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "int64": return edgy(Long.MIN_VALUE, Long.MAX_VALUE);
            case "float64": return random.nextDouble() * 1e6 - 5e5;
            case "uuid": return new UUID(random.nextLong(), random.nextLong());
            case "string": {
                StringBuilder sb = new StringBuilder();
                // Now and then past 127 bytes, so compact lengths take two varint bytes.
                int n = random.nextInt(20) == 0 ? 60 + random.nextInt(200) : random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    sb.append(TEXT[random.nextInt(TEXT.length)]);
                }
                return sb.toString();
            }
            case "bytes":
            case "records": {
                byte[] b = new byte[random.nextInt(20) == 0 ? 127 + random.nextInt(300) : random.nextInt(24)];
                random.nextBytes(b);
                return b;
            }
            default: throw new IllegalArgumentException(type);
        }
    }

    /** Small values, extremes and anything between, so varints and signs are all exercised. */
    private long edgy(long min, long max) {
        switch (random.nextInt(4)) {
            case 0: return random.nextInt(3) - 1;
            case 1: return random.nextBoolean() ? min : max;
            case 2: return random.nextInt(1000);
            default: {
                long v = random.nextLong();
                return Math.max(min, Math.min(max, v >> random.nextInt(64)));
            }
        }
    }

    private Object defaultValue(Field f, short version) {
        Object d = f.defaultValue();
        if (f.isArray()) {
            return f.hasDefault() && d == null ? null : new ArrayList<>();
        }
        if (f.isStruct()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Field g : f.struct().fields()) {
                out.put(g.name(), defaultValue(g, version));
            }
            return out;
        }
        long n = d instanceof Number ? ((Number) d).longValue() : 0;
        switch (f.type()) {
            case "bool": return Boolean.TRUE.equals(d);
            case "int8": return (byte) n;
            case "int16": return (short) n;
            case "uint16":
            case "int32": return (int) n;
            case "int64": return n;
            case "float64": return d instanceof Number ? ((Number) d).doubleValue() : 0.0;
            case "uuid": return new UUID(0, 0);
            case "string": return f.hasDefault() && d == null ? null : (d == null ? "" : d);
            case "bytes": return f.hasDefault() && d == null ? null : new byte[0];
            case "records": return null;
            default: throw new IllegalArgumentException(f.type());
        }
    }

    // ---- Kafka side -----------------------------------------------------------------------------

    private Class<?> kafkaClass(Struct nested) {
        String outer = KAFKA_PACKAGE + schema.api() + cap(schema.kind()) + "Data";
        return load(nested == null ? outer : outer + "$" + nested.name());
    }

    @SuppressWarnings("unchecked")
    private Object toKafka(Struct struct, Map<String, Object> tree, Class<?> cls) {
        Object target = newInstance(cls);
        for (Field f : struct.fields()) {
            Method setter = setter(cls, "set" + cap(f.name()));
            Object value = tree.get(f.name());
            Class<?> param = setter.getParameterTypes()[0];
            Object converted;
            if (value == null) {
                converted = null;
            } else if (f.isArray()) {
                List<Object> list = (List<Object>) value;
                Collection<Object> out;
                Class<?> elementClass = null;
                if (param == List.class) {
                    out = new ArrayList<>();
                    Type arg = ((ParameterizedType) setter.getGenericParameterTypes()[0]).getActualTypeArguments()[0];
                    elementClass = arg instanceof Class ? (Class<?>) arg : null;
                } else {
                    out = (Collection<Object>) newInstance(param);
                    Type sup = param.getGenericSuperclass();
                    elementClass = (Class<?>) ((ParameterizedType) sup).getActualTypeArguments()[0];
                }
                for (Object e : list) {
                    out.add(f.isStruct() ? toKafka(f.struct(), (Map<String, Object>) e, elementClass)
                            : kafkaScalar(f.elementType(), e, elementClass));
                }
                converted = out;
            } else if (f.isStruct()) {
                converted = toKafka(f.struct(), (Map<String, Object>) value, param);
            } else {
                converted = kafkaScalar(f.type(), value, param);
            }
            invoke(setter, target, converted);
        }
        return target;
    }

    private static Object kafkaScalar(String type, Object value, Class<?> param) {
        switch (type) {
            case "uuid": {
                UUID u = (UUID) value;
                return new Uuid(u.getMostSignificantBits(), u.getLeastSignificantBits());
            }
            case "records":
                return MemoryRecords.readableRecords(ByteBuffer.wrap((byte[]) value));
            case "bytes":
                return param == ByteBuffer.class ? ByteBuffer.wrap((byte[]) value) : value;
            default:
                return value;
        }
    }

    private byte[] kafkaWrite(Object kafka, short version) {
        org.apache.kafka.common.protocol.Message message = (org.apache.kafka.common.protocol.Message) kafka;
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = message.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(size);
        message.write(new ByteBufferAccessor(buf), cache, version);
        assertThat(buf.remaining()).as("Kafka's own size for %s v%d", schema.className(), version).isZero();
        return buf.array();
    }

    private Object kafkaRead(ByteBuffer buf, short version) {
        Class<?> cls = kafkaClass(null);
        try {
            Constructor<?> c = cls.getConstructor(org.apache.kafka.common.protocol.Readable.class, short.class);
            return c.newInstance(new ByteBufferAccessor(buf), version);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Kafka could not read " + schema.className() + " v" + version, unwrap(e));
        }
    }

    // ---- replog side ----------------------------------------------------------------------------

    private Class<?> replogClass(Struct nested) {
        String outer = REPLOG_PACKAGE + schema.className();
        return load(nested == null ? outer : outer + "$" + nested.name());
    }

    @SuppressWarnings("unchecked")
    private Object toReplog(Struct struct, Map<String, Object> tree, Class<?> cls) {
        RecordComponent[] components = cls.getRecordComponents();
        assertThat(Arrays.stream(components).map(RecordComponent::getName).toList())
                .as("components of %s", cls.getName())
                .containsExactlyElementsOf(struct.fields().stream().map(Field::name).toList());
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Field f = struct.fields().get(i);
            types[i] = components[i].getType();
            Object value = tree.get(f.name());
            if (value == null) {
                args[i] = null;
            } else if (f.isArray()) {
                List<Object> out = new ArrayList<>();
                for (Object e : (List<Object>) value) {
                    out.add(f.isStruct() ? toReplog(f.struct(), (Map<String, Object>) e, replogClass(f.struct()))
                            : replogScalar(f.elementType(), e));
                }
                args[i] = out;
            } else if (f.isStruct()) {
                args[i] = toReplog(f.struct(), (Map<String, Object>) value, replogClass(f.struct()));
            } else {
                args[i] = replogScalar(f.type(), value);
            }
        }
        try {
            return cls.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(cls.getName(), unwrap(e));
        }
    }

    private static Object replogScalar(String type, Object value) {
        if (type.equals("bytes") || type.equals("records")) {
            return Unpooled.wrappedBuffer((byte[]) value);
        }
        return value;
    }

    private Object replogRead(ByteBuf buf, short version) {
        try {
            return replogClass(null).getMethod("read", ByteBuf.class, short.class).invoke(null, buf, version);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof MalformedMessageException malformed) {
                throw malformed;
            }
            throw new AssertionError("replog could not read " + schema.className() + " v" + version, unwrap(e));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("replog could not read " + schema.className() + " v" + version, e);
        }
    }

    private static byte[] replogWrite(Object message, short version) {
        ByteBuf out = Unpooled.buffer();
        ((MessageBody) message).write(out, version);
        return ByteBufUtil.getBytes(out);
    }

    private static int replogSize(Object message, short version) {
        return ((MessageBody) message).size(version);
    }

    // ---- reflection helpers ---------------------------------------------------------------------

    private static Method setter(Class<?> cls, String name) {
        for (Method m : cls.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) {
                return m;
            }
        }
        throw new AssertionError(cls.getName() + " has no " + name + ": the schema names a field Kafka lacks");
    }

    private static Object newInstance(Class<?> cls) {
        try {
            return cls.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(cls.getName(), unwrap(e));
        }
    }

    private static void invoke(Method m, Object target, Object arg) {
        try {
            m.invoke(target, arg);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(m + " with " + arg, unwrap(e));
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no class " + name, e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null ? t.getCause() : t;
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}

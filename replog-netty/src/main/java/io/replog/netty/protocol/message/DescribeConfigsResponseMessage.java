package io.replog.netty.protocol.message;

import io.netty.buffer.ByteBuf;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.Wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Kafka's DescribeConfigs response body (API key 32), versions 1-4, flexible from 4.
 *
 * <p>Generated from {@code src/main/schemas/DescribeConfigsResponse.json} by {@code CodecGenerator} (test sources);
 * edit the schema and regenerate, never this file.
 *
 * <p>Guarantees: {@code read} consumes exactly one body of the given version or throws
 * {@link io.replog.netty.protocol.MalformedMessageException}; {@code write} writes exactly
 * {@code size(version)} bytes, or throws before writing when a value cannot be carried by the
 * version ({@link io.replog.netty.protocol.UnsupportedVersionException}) or is null where the
 * version allows none ({@link IllegalArgumentException}). Values are immutable records; lists are
 * not copied, and those produced by {@code read} are unmodifiable. Records and bytes fields are
 * slices of the buffer read from and stay valid only while it does. Unknown tagged fields are
 * skipped on read and not kept.
 */
public record DescribeConfigsResponseMessage(
        int throttleTimeMs,
        List<DescribeConfigsResult> results) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 32;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 1;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 4;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 4;

    /** Every field at its default. */
    public static final DescribeConfigsResponseMessage DEFAULT = new DescribeConfigsResponseMessage(0, List.of());

    /** @return a copy with {@code throttleTimeMs} replaced */
    public DescribeConfigsResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new DescribeConfigsResponseMessage(throttleTimeMs, results);
    }

    /** @return a copy with {@code results} replaced */
    public DescribeConfigsResponseMessage withResults(List<DescribeConfigsResult> results) {
        return new DescribeConfigsResponseMessage(throttleTimeMs, results);
    }

    @Override
    public short apiKey() {
        return API_KEY;
    }

    /**
     * Reads one body of {@code version} from {@code buf}'s reader index.
     *
     * @throws io.replog.netty.protocol.MalformedMessageException when the bytes are not such a body
     * @throws io.replog.netty.protocol.UnsupportedVersionException when the version is not supported
     */
    public static DescribeConfigsResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("DescribeConfigsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 4;
        int v_throttleTimeMs = 0;
        List<DescribeConfigsResult> v_results = List.of();
        v_throttleTimeMs = Wire.readInt32(buf, "DescribeConfigsResponseMessage.throttleTimeMs");
        int n_results = Wire.readArrayLength(buf, "DescribeConfigsResponseMessage.results", flexible, false, version);
        if (n_results >= 0) {
            List<DescribeConfigsResult> l_results = new ArrayList<>(n_results);
            for (int k = 0; k < n_results; k++) {
                l_results.add(DescribeConfigsResult.read(buf, version));
            }
            v_results = Collections.unmodifiableList(l_results);
        } else {
            v_results = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "DescribeConfigsResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "DescribeConfigsResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "DescribeConfigsResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "DescribeConfigsResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new DescribeConfigsResponseMessage(v_throttleTimeMs, v_results);
    }

    void validate(short version) {
        if (results == null) {
            throw Wire.nullNotAllowed("DescribeConfigsResponseMessage.results", version);
        }
        if (results != null) {
            for (DescribeConfigsResult e : results) {
                e.validate(version);
            }
        }
    }

    /**
     * Writes this body at {@code version} from {@code buf}'s writer index.
     *
     * @throws io.replog.netty.protocol.UnsupportedVersionException when the version is not supported
     *         or a field holds a value that the version cannot carry
     */
    @Override
    public void write(ByteBuf buf, short version) {
        Wire.checkVersion("DescribeConfigsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        buf.writeInt(throttleTimeMs);
        Wire.writeArrayLength(buf, results, flexible);
        if (results != null) {
            for (DescribeConfigsResult e : results) {
                e.write(buf, version);
            }
        }
        if (flexible) {
            Wire.writeUnsignedVarint(buf, 0); // no tagged fields
        }
    }

    /**
     * @return the exact number of bytes {@link #write} writes at {@code version}
     * @throws io.replog.netty.protocol.UnsupportedVersionException as {@link #write} would
     */
    @Override
    public int size(short version) {
        Wire.checkVersion("DescribeConfigsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        int size = 0;
        size += 4;
        size += sizeOfResults(results, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfResults(List<DescribeConfigsResult> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (DescribeConfigsResult e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code DescribeConfigsResult} struct of DescribeConfigsResponseMessage; same guarantees. */
    public record DescribeConfigsResult(
            short errorCode,
            String errorMessage,
            byte resourceType,
            String resourceName,
            List<DescribeConfigsResourceResult> configs) {
        /** Every field at its default. */
        public static final DescribeConfigsResult DEFAULT = new DescribeConfigsResult((short) 0, "", (byte) 0, "", List.of());

        /** @return a copy with {@code errorCode} replaced */
        public DescribeConfigsResult withErrorCode(short errorCode) {
            return new DescribeConfigsResult(errorCode, errorMessage, resourceType, resourceName, configs);
        }

        /** @return a copy with {@code errorMessage} replaced */
        public DescribeConfigsResult withErrorMessage(String errorMessage) {
            return new DescribeConfigsResult(errorCode, errorMessage, resourceType, resourceName, configs);
        }

        /** @return a copy with {@code resourceType} replaced */
        public DescribeConfigsResult withResourceType(byte resourceType) {
            return new DescribeConfigsResult(errorCode, errorMessage, resourceType, resourceName, configs);
        }

        /** @return a copy with {@code resourceName} replaced */
        public DescribeConfigsResult withResourceName(String resourceName) {
            return new DescribeConfigsResult(errorCode, errorMessage, resourceType, resourceName, configs);
        }

        /** @return a copy with {@code configs} replaced */
        public DescribeConfigsResult withConfigs(List<DescribeConfigsResourceResult> configs) {
            return new DescribeConfigsResult(errorCode, errorMessage, resourceType, resourceName, configs);
        }

        static DescribeConfigsResult read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            short v_errorCode = (short) 0;
            String v_errorMessage = "";
            byte v_resourceType = (byte) 0;
            String v_resourceName = "";
            List<DescribeConfigsResourceResult> v_configs = List.of();
            v_errorCode = Wire.readInt16(buf, "DescribeConfigsResult.errorCode");
            v_errorMessage = Wire.readString(buf, "DescribeConfigsResult.errorMessage", flexible, true, version);
            v_resourceType = Wire.readInt8(buf, "DescribeConfigsResult.resourceType");
            v_resourceName = Wire.readString(buf, "DescribeConfigsResult.resourceName", flexible, false, version);
            int n_configs = Wire.readArrayLength(buf, "DescribeConfigsResult.configs", flexible, false, version);
            if (n_configs >= 0) {
                List<DescribeConfigsResourceResult> l_configs = new ArrayList<>(n_configs);
                for (int k = 0; k < n_configs; k++) {
                    l_configs.add(DescribeConfigsResourceResult.read(buf, version));
                }
                v_configs = Collections.unmodifiableList(l_configs);
            } else {
                v_configs = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "DescribeConfigsResult._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "DescribeConfigsResult._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "DescribeConfigsResult._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "DescribeConfigsResult._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new DescribeConfigsResult(v_errorCode, v_errorMessage, v_resourceType, v_resourceName, v_configs);
        }

        void validate(short version) {
            if (resourceName == null) {
                throw Wire.nullNotAllowed("DescribeConfigsResult.resourceName", version);
            }
            if (configs == null) {
                throw Wire.nullNotAllowed("DescribeConfigsResult.configs", version);
            }
            if (configs != null) {
                for (DescribeConfigsResourceResult e : configs) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            buf.writeShort(errorCode);
            Wire.writeString(buf, errorMessage, flexible, "DescribeConfigsResult.errorMessage");
            buf.writeByte(resourceType);
            Wire.writeString(buf, resourceName, flexible, "DescribeConfigsResult.resourceName");
            Wire.writeArrayLength(buf, configs, flexible);
            if (configs != null) {
                for (DescribeConfigsResourceResult e : configs) {
                    e.write(buf, version);
                }
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += 2;
            size += Wire.sizeOfString(errorMessage, flexible);
            size += 1;
            size += Wire.sizeOfString(resourceName, flexible);
            size += sizeOfConfigs(configs, version, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfConfigs(List<DescribeConfigsResourceResult> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (DescribeConfigsResourceResult e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code DescribeConfigsResourceResult} struct of DescribeConfigsResponseMessage; same guarantees. */
    public record DescribeConfigsResourceResult(
            String name,
            String value,
            boolean readOnly,
            byte configSource,
            boolean isSensitive,
            List<DescribeConfigsSynonym> synonyms,
            byte configType,
            String documentation) {
        /** Every field at its default. */
        public static final DescribeConfigsResourceResult DEFAULT = new DescribeConfigsResourceResult("", "", false, (byte) -1, false, List.of(), (byte) 0, "");

        /** @return a copy with {@code name} replaced */
        public DescribeConfigsResourceResult withName(String name) {
            return new DescribeConfigsResourceResult(name, value, readOnly, configSource, isSensitive, synonyms, configType, documentation);
        }

        /** @return a copy with {@code value} replaced */
        public DescribeConfigsResourceResult withValue(String value) {
            return new DescribeConfigsResourceResult(name, value, readOnly, configSource, isSensitive, synonyms, configType, documentation);
        }

        /** @return a copy with {@code readOnly} replaced */
        public DescribeConfigsResourceResult withReadOnly(boolean readOnly) {
            return new DescribeConfigsResourceResult(name, value, readOnly, configSource, isSensitive, synonyms, configType, documentation);
        }

        /** @return a copy with {@code configSource} replaced */
        public DescribeConfigsResourceResult withConfigSource(byte configSource) {
            return new DescribeConfigsResourceResult(name, value, readOnly, configSource, isSensitive, synonyms, configType, documentation);
        }

        /** @return a copy with {@code isSensitive} replaced */
        public DescribeConfigsResourceResult withIsSensitive(boolean isSensitive) {
            return new DescribeConfigsResourceResult(name, value, readOnly, configSource, isSensitive, synonyms, configType, documentation);
        }

        /** @return a copy with {@code synonyms} replaced */
        public DescribeConfigsResourceResult withSynonyms(List<DescribeConfigsSynonym> synonyms) {
            return new DescribeConfigsResourceResult(name, value, readOnly, configSource, isSensitive, synonyms, configType, documentation);
        }

        /** @return a copy with {@code configType} replaced */
        public DescribeConfigsResourceResult withConfigType(byte configType) {
            return new DescribeConfigsResourceResult(name, value, readOnly, configSource, isSensitive, synonyms, configType, documentation);
        }

        /** @return a copy with {@code documentation} replaced */
        public DescribeConfigsResourceResult withDocumentation(String documentation) {
            return new DescribeConfigsResourceResult(name, value, readOnly, configSource, isSensitive, synonyms, configType, documentation);
        }

        static DescribeConfigsResourceResult read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            String v_name = "";
            String v_value = "";
            boolean v_readOnly = false;
            byte v_configSource = (byte) -1;
            boolean v_isSensitive = false;
            List<DescribeConfigsSynonym> v_synonyms = List.of();
            byte v_configType = (byte) 0;
            String v_documentation = "";
            v_name = Wire.readString(buf, "DescribeConfigsResourceResult.name", flexible, false, version);
            v_value = Wire.readString(buf, "DescribeConfigsResourceResult.value", flexible, true, version);
            v_readOnly = Wire.readBool(buf, "DescribeConfigsResourceResult.readOnly");
            v_configSource = Wire.readInt8(buf, "DescribeConfigsResourceResult.configSource");
            v_isSensitive = Wire.readBool(buf, "DescribeConfigsResourceResult.isSensitive");
            int n_synonyms = Wire.readArrayLength(buf, "DescribeConfigsResourceResult.synonyms", flexible, false, version);
            if (n_synonyms >= 0) {
                List<DescribeConfigsSynonym> l_synonyms = new ArrayList<>(n_synonyms);
                for (int k = 0; k < n_synonyms; k++) {
                    l_synonyms.add(DescribeConfigsSynonym.read(buf, version));
                }
                v_synonyms = Collections.unmodifiableList(l_synonyms);
            } else {
                v_synonyms = null;
            }
            if (version >= 3) {
                v_configType = Wire.readInt8(buf, "DescribeConfigsResourceResult.configType");
            }
            if (version >= 3) {
                v_documentation = Wire.readString(buf, "DescribeConfigsResourceResult.documentation", flexible, version >= 3, version);
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "DescribeConfigsResourceResult._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "DescribeConfigsResourceResult._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "DescribeConfigsResourceResult._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "DescribeConfigsResourceResult._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new DescribeConfigsResourceResult(v_name, v_value, v_readOnly, v_configSource, v_isSensitive, v_synonyms, v_configType, v_documentation);
        }

        void validate(short version) {
            if (name == null) {
                throw Wire.nullNotAllowed("DescribeConfigsResourceResult.name", version);
            }
            if (synonyms == null) {
                throw Wire.nullNotAllowed("DescribeConfigsResourceResult.synonyms", version);
            }
            if ((version >= 3) && documentation == null && !(version >= 3)) {
                throw Wire.nullNotAllowed("DescribeConfigsResourceResult.documentation", version);
            }
            if (synonyms != null) {
                for (DescribeConfigsSynonym e : synonyms) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            Wire.writeString(buf, name, flexible, "DescribeConfigsResourceResult.name");
            Wire.writeString(buf, value, flexible, "DescribeConfigsResourceResult.value");
            Wire.writeBool(buf, readOnly);
            buf.writeByte(configSource);
            Wire.writeBool(buf, isSensitive);
            Wire.writeArrayLength(buf, synonyms, flexible);
            if (synonyms != null) {
                for (DescribeConfigsSynonym e : synonyms) {
                    e.write(buf, version);
                }
            }
            if (version >= 3) {
                buf.writeByte(configType);
            }
            if (version >= 3) {
                Wire.writeString(buf, documentation, flexible, "DescribeConfigsResourceResult.documentation");
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += Wire.sizeOfString(name, flexible);
            size += Wire.sizeOfString(value, flexible);
            size += 1;
            size += 1;
            size += 1;
            size += sizeOfSynonyms(synonyms, version, flexible);
            if (version >= 3) {
                size += 1;
            }
            if (version >= 3) {
                size += Wire.sizeOfString(documentation, flexible);
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfSynonyms(List<DescribeConfigsSynonym> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (DescribeConfigsSynonym e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code DescribeConfigsSynonym} struct of DescribeConfigsResponseMessage; same guarantees. */
    public record DescribeConfigsSynonym(
            String name,
            String value,
            byte source) {
        /** Every field at its default. */
        public static final DescribeConfigsSynonym DEFAULT = new DescribeConfigsSynonym("", "", (byte) 0);

        /** @return a copy with {@code name} replaced */
        public DescribeConfigsSynonym withName(String name) {
            return new DescribeConfigsSynonym(name, value, source);
        }

        /** @return a copy with {@code value} replaced */
        public DescribeConfigsSynonym withValue(String value) {
            return new DescribeConfigsSynonym(name, value, source);
        }

        /** @return a copy with {@code source} replaced */
        public DescribeConfigsSynonym withSource(byte source) {
            return new DescribeConfigsSynonym(name, value, source);
        }

        static DescribeConfigsSynonym read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            String v_name = "";
            String v_value = "";
            byte v_source = (byte) 0;
            v_name = Wire.readString(buf, "DescribeConfigsSynonym.name", flexible, false, version);
            v_value = Wire.readString(buf, "DescribeConfigsSynonym.value", flexible, true, version);
            v_source = Wire.readInt8(buf, "DescribeConfigsSynonym.source");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "DescribeConfigsSynonym._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "DescribeConfigsSynonym._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "DescribeConfigsSynonym._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "DescribeConfigsSynonym._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new DescribeConfigsSynonym(v_name, v_value, v_source);
        }

        void validate(short version) {
            if (name == null) {
                throw Wire.nullNotAllowed("DescribeConfigsSynonym.name", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            Wire.writeString(buf, name, flexible, "DescribeConfigsSynonym.name");
            Wire.writeString(buf, value, flexible, "DescribeConfigsSynonym.value");
            buf.writeByte(source);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += Wire.sizeOfString(name, flexible);
            size += Wire.sizeOfString(value, flexible);
            size += 1;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

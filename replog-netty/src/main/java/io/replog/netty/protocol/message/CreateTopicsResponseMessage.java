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
 * Kafka's CreateTopics response body (API key 19), versions 2-7, flexible from 5.
 *
 * <p>Generated from {@code src/main/schemas/CreateTopicsResponse.json} by {@code CodecGenerator} (test sources);
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
public record CreateTopicsResponseMessage(
        int throttleTimeMs,
        List<CreatableTopicResult> topics) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 19;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 2;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 7;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 5;

    /** Every field at its default. */
    public static final CreateTopicsResponseMessage DEFAULT = new CreateTopicsResponseMessage(0, List.of());

    /** @return a copy with {@code throttleTimeMs} replaced */
    public CreateTopicsResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new CreateTopicsResponseMessage(throttleTimeMs, topics);
    }

    /** @return a copy with {@code topics} replaced */
    public CreateTopicsResponseMessage withTopics(List<CreatableTopicResult> topics) {
        return new CreateTopicsResponseMessage(throttleTimeMs, topics);
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
    public static CreateTopicsResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("CreateTopicsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 5;
        int v_throttleTimeMs = 0;
        List<CreatableTopicResult> v_topics = List.of();
        v_throttleTimeMs = Wire.readInt32(buf, "CreateTopicsResponseMessage.throttleTimeMs");
        int n_topics = Wire.readArrayLength(buf, "CreateTopicsResponseMessage.topics", flexible, false, version);
        if (n_topics >= 0) {
            List<CreatableTopicResult> l_topics = new ArrayList<>(n_topics);
            for (int k = 0; k < n_topics; k++) {
                l_topics.add(CreatableTopicResult.read(buf, version));
            }
            v_topics = Collections.unmodifiableList(l_topics);
        } else {
            v_topics = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "CreateTopicsResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "CreateTopicsResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "CreateTopicsResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "CreateTopicsResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new CreateTopicsResponseMessage(v_throttleTimeMs, v_topics);
    }

    void validate(short version) {
        if (topics == null) {
            throw Wire.nullNotAllowed("CreateTopicsResponseMessage.topics", version);
        }
        if (topics != null) {
            for (CreatableTopicResult e : topics) {
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
        Wire.checkVersion("CreateTopicsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 5;
        buf.writeInt(throttleTimeMs);
        Wire.writeArrayLength(buf, topics, flexible);
        if (topics != null) {
            for (CreatableTopicResult e : topics) {
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
        Wire.checkVersion("CreateTopicsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 5;
        int size = 0;
        size += 4;
        size += sizeOfTopics(topics, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopics(List<CreatableTopicResult> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (CreatableTopicResult e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code CreatableTopicResult} struct of CreateTopicsResponseMessage; same guarantees. */
    public record CreatableTopicResult(
            String name,
            UUID topicId,
            short errorCode,
            String errorMessage,
            short topicConfigErrorCode,
            int numPartitions,
            short replicationFactor,
            List<CreatableTopicConfigs> configs) {
        /** Every field at its default. */
        public static final CreatableTopicResult DEFAULT = new CreatableTopicResult("", Wire.ZERO_UUID, (short) 0, "", (short) 0, -1, (short) -1, List.of());

        /** @return a copy with {@code name} replaced */
        public CreatableTopicResult withName(String name) {
            return new CreatableTopicResult(name, topicId, errorCode, errorMessage, topicConfigErrorCode, numPartitions, replicationFactor, configs);
        }

        /** @return a copy with {@code topicId} replaced */
        public CreatableTopicResult withTopicId(UUID topicId) {
            return new CreatableTopicResult(name, topicId, errorCode, errorMessage, topicConfigErrorCode, numPartitions, replicationFactor, configs);
        }

        /** @return a copy with {@code errorCode} replaced */
        public CreatableTopicResult withErrorCode(short errorCode) {
            return new CreatableTopicResult(name, topicId, errorCode, errorMessage, topicConfigErrorCode, numPartitions, replicationFactor, configs);
        }

        /** @return a copy with {@code errorMessage} replaced */
        public CreatableTopicResult withErrorMessage(String errorMessage) {
            return new CreatableTopicResult(name, topicId, errorCode, errorMessage, topicConfigErrorCode, numPartitions, replicationFactor, configs);
        }

        /** @return a copy with {@code topicConfigErrorCode} replaced */
        public CreatableTopicResult withTopicConfigErrorCode(short topicConfigErrorCode) {
            return new CreatableTopicResult(name, topicId, errorCode, errorMessage, topicConfigErrorCode, numPartitions, replicationFactor, configs);
        }

        /** @return a copy with {@code numPartitions} replaced */
        public CreatableTopicResult withNumPartitions(int numPartitions) {
            return new CreatableTopicResult(name, topicId, errorCode, errorMessage, topicConfigErrorCode, numPartitions, replicationFactor, configs);
        }

        /** @return a copy with {@code replicationFactor} replaced */
        public CreatableTopicResult withReplicationFactor(short replicationFactor) {
            return new CreatableTopicResult(name, topicId, errorCode, errorMessage, topicConfigErrorCode, numPartitions, replicationFactor, configs);
        }

        /** @return a copy with {@code configs} replaced */
        public CreatableTopicResult withConfigs(List<CreatableTopicConfigs> configs) {
            return new CreatableTopicResult(name, topicId, errorCode, errorMessage, topicConfigErrorCode, numPartitions, replicationFactor, configs);
        }

        static CreatableTopicResult read(ByteBuf buf, short version) {
            boolean flexible = version >= 5;
            String v_name = "";
            UUID v_topicId = Wire.ZERO_UUID;
            short v_errorCode = (short) 0;
            String v_errorMessage = "";
            short v_topicConfigErrorCode = (short) 0;
            int v_numPartitions = -1;
            short v_replicationFactor = (short) -1;
            List<CreatableTopicConfigs> v_configs = List.of();
            v_name = Wire.readString(buf, "CreatableTopicResult.name", flexible, false, version);
            if (version >= 7) {
                v_topicId = Wire.readUuid(buf, "CreatableTopicResult.topicId");
            }
            v_errorCode = Wire.readInt16(buf, "CreatableTopicResult.errorCode");
            v_errorMessage = Wire.readString(buf, "CreatableTopicResult.errorMessage", flexible, true, version);
            if (version >= 5) {
                v_numPartitions = Wire.readInt32(buf, "CreatableTopicResult.numPartitions");
            }
            if (version >= 5) {
                v_replicationFactor = Wire.readInt16(buf, "CreatableTopicResult.replicationFactor");
            }
            if (version >= 5) {
                int n_configs = Wire.readArrayLength(buf, "CreatableTopicResult.configs", flexible, version >= 5, version);
                if (n_configs >= 0) {
                    List<CreatableTopicConfigs> l_configs = new ArrayList<>(n_configs);
                    for (int k = 0; k < n_configs; k++) {
                        l_configs.add(CreatableTopicConfigs.read(buf, version));
                    }
                    v_configs = Collections.unmodifiableList(l_configs);
                } else {
                    v_configs = null;
                }
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "CreatableTopicResult._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "CreatableTopicResult._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "CreatableTopicResult._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "CreatableTopicResult._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        case 0: {
                            if (version >= 5) {
                                v_topicConfigErrorCode = Wire.readInt16(buf, "CreatableTopicResult.topicConfigErrorCode");
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "CreatableTopicResult.topicConfigErrorCode");
                            } else {
                                buf.skipBytes(tagSize);
                            }
                            break;
                        }
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new CreatableTopicResult(v_name, v_topicId, v_errorCode, v_errorMessage, v_topicConfigErrorCode, v_numPartitions, v_replicationFactor, v_configs);
        }

        void validate(short version) {
            if (name == null) {
                throw Wire.nullNotAllowed("CreatableTopicResult.name", version);
            }
            if ((version >= 7) && topicId == null) {
                throw Wire.nullNotAllowed("CreatableTopicResult.topicId", version);
            }
            if ((version >= 5) && configs == null && !(version >= 5)) {
                throw Wire.nullNotAllowed("CreatableTopicResult.configs", version);
            }
            if ((version >= 5) && configs != null) {
                for (CreatableTopicConfigs e : configs) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 5;
            Wire.writeString(buf, name, flexible, "CreatableTopicResult.name");
            if (version >= 7) {
                Wire.writeUuid(buf, topicId);
            }
            buf.writeShort(errorCode);
            Wire.writeString(buf, errorMessage, flexible, "CreatableTopicResult.errorMessage");
            if (version >= 5) {
                buf.writeInt(numPartitions);
            }
            if (version >= 5) {
                buf.writeShort(replicationFactor);
            }
            if (version >= 5) {
                Wire.writeArrayLength(buf, configs, flexible);
                if (configs != null) {
                    for (CreatableTopicConfigs e : configs) {
                        e.write(buf, version);
                    }
                }
            }
            if (flexible) {
                int taggedCount = 0;
                if ((version >= 5) && topicConfigErrorCode != (short) 0) {
                    taggedCount++;
                }
                Wire.writeUnsignedVarint(buf, taggedCount);
                if ((version >= 5) && topicConfigErrorCode != (short) 0) {
                    Wire.writeUnsignedVarint(buf, 0);
                    Wire.writeUnsignedVarint(buf, 2);
                    buf.writeShort(topicConfigErrorCode);
                }
            }
        }

        int size(short version) {
            boolean flexible = version >= 5;
            int size = 0;
            size += Wire.sizeOfString(name, flexible);
            if (version >= 7) {
                size += 16;
            }
            size += 2;
            size += Wire.sizeOfString(errorMessage, flexible);
            if (version >= 5) {
                size += 4;
            }
            if (version >= 5) {
                size += 2;
            }
            if (version >= 5) {
                size += sizeOfConfigs(configs, version, flexible);
            }
            if (flexible) {
                int taggedCount = 0;
                if ((version >= 5) && topicConfigErrorCode != (short) 0) {
                    taggedCount++;
                    int valueSize = 2;
                    size += Wire.sizeOfUnsignedVarint(0) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                size += Wire.sizeOfUnsignedVarint(taggedCount);
            }
            return size;
        }

        private static int sizeOfConfigs(List<CreatableTopicConfigs> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (CreatableTopicConfigs e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code CreatableTopicConfigs} struct of CreateTopicsResponseMessage; same guarantees. */
    public record CreatableTopicConfigs(
            String name,
            String value,
            boolean readOnly,
            byte configSource,
            boolean isSensitive) {
        /** Every field at its default. */
        public static final CreatableTopicConfigs DEFAULT = new CreatableTopicConfigs("", "", false, (byte) -1, false);

        /** @return a copy with {@code name} replaced */
        public CreatableTopicConfigs withName(String name) {
            return new CreatableTopicConfigs(name, value, readOnly, configSource, isSensitive);
        }

        /** @return a copy with {@code value} replaced */
        public CreatableTopicConfigs withValue(String value) {
            return new CreatableTopicConfigs(name, value, readOnly, configSource, isSensitive);
        }

        /** @return a copy with {@code readOnly} replaced */
        public CreatableTopicConfigs withReadOnly(boolean readOnly) {
            return new CreatableTopicConfigs(name, value, readOnly, configSource, isSensitive);
        }

        /** @return a copy with {@code configSource} replaced */
        public CreatableTopicConfigs withConfigSource(byte configSource) {
            return new CreatableTopicConfigs(name, value, readOnly, configSource, isSensitive);
        }

        /** @return a copy with {@code isSensitive} replaced */
        public CreatableTopicConfigs withIsSensitive(boolean isSensitive) {
            return new CreatableTopicConfigs(name, value, readOnly, configSource, isSensitive);
        }

        static CreatableTopicConfigs read(ByteBuf buf, short version) {
            boolean flexible = version >= 5;
            String v_name = "";
            String v_value = "";
            boolean v_readOnly = false;
            byte v_configSource = (byte) -1;
            boolean v_isSensitive = false;
            if (version >= 5) {
                v_name = Wire.readString(buf, "CreatableTopicConfigs.name", flexible, false, version);
            }
            if (version >= 5) {
                v_value = Wire.readString(buf, "CreatableTopicConfigs.value", flexible, version >= 5, version);
            }
            if (version >= 5) {
                v_readOnly = Wire.readBool(buf, "CreatableTopicConfigs.readOnly");
            }
            if (version >= 5) {
                v_configSource = Wire.readInt8(buf, "CreatableTopicConfigs.configSource");
            }
            if (version >= 5) {
                v_isSensitive = Wire.readBool(buf, "CreatableTopicConfigs.isSensitive");
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "CreatableTopicConfigs._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "CreatableTopicConfigs._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "CreatableTopicConfigs._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "CreatableTopicConfigs._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new CreatableTopicConfigs(v_name, v_value, v_readOnly, v_configSource, v_isSensitive);
        }

        void validate(short version) {
            if (!(version >= 5) && !Objects.equals(name, "")) {
                throw Wire.fieldNotInVersion("CreatableTopicConfigs.name", version, name);
            }
            if ((version >= 5) && name == null) {
                throw Wire.nullNotAllowed("CreatableTopicConfigs.name", version);
            }
            if (!(version >= 5) && !Objects.equals(value, "")) {
                throw Wire.fieldNotInVersion("CreatableTopicConfigs.value", version, value);
            }
            if ((version >= 5) && value == null && !(version >= 5)) {
                throw Wire.nullNotAllowed("CreatableTopicConfigs.value", version);
            }
            if (!(version >= 5) && readOnly != false) {
                throw Wire.fieldNotInVersion("CreatableTopicConfigs.readOnly", version, readOnly);
            }
            if (!(version >= 5) && isSensitive != false) {
                throw Wire.fieldNotInVersion("CreatableTopicConfigs.isSensitive", version, isSensitive);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 5;
            if (version >= 5) {
                Wire.writeString(buf, name, flexible, "CreatableTopicConfigs.name");
            }
            if (version >= 5) {
                Wire.writeString(buf, value, flexible, "CreatableTopicConfigs.value");
            }
            if (version >= 5) {
                Wire.writeBool(buf, readOnly);
            }
            if (version >= 5) {
                buf.writeByte(configSource);
            }
            if (version >= 5) {
                Wire.writeBool(buf, isSensitive);
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 5;
            int size = 0;
            if (version >= 5) {
                size += Wire.sizeOfString(name, flexible);
            }
            if (version >= 5) {
                size += Wire.sizeOfString(value, flexible);
            }
            if (version >= 5) {
                size += 1;
            }
            if (version >= 5) {
                size += 1;
            }
            if (version >= 5) {
                size += 1;
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

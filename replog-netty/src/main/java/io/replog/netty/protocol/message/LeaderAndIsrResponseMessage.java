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
 * Kafka's LeaderAndIsr response body (API key 4), version 7, inter-broker only, flexible from 4.
 *
 * <p>Generated from {@code src/main/schemas/LeaderAndIsrResponse.json} by {@code CodecGenerator} (test sources);
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
public record LeaderAndIsrResponseMessage(
        short errorCode,
        List<LeaderAndIsrTopicError> topics) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 4;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 7;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 7;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 4;

    /** Every field at its default. */
    public static final LeaderAndIsrResponseMessage DEFAULT = new LeaderAndIsrResponseMessage((short) 0, List.of());

    /** @return a copy with {@code errorCode} replaced */
    public LeaderAndIsrResponseMessage withErrorCode(short errorCode) {
        return new LeaderAndIsrResponseMessage(errorCode, topics);
    }

    /** @return a copy with {@code topics} replaced */
    public LeaderAndIsrResponseMessage withTopics(List<LeaderAndIsrTopicError> topics) {
        return new LeaderAndIsrResponseMessage(errorCode, topics);
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
    public static LeaderAndIsrResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("LeaderAndIsrResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 4;
        short v_errorCode = (short) 0;
        List<LeaderAndIsrTopicError> v_topics = List.of();
        v_errorCode = Wire.readInt16(buf, "LeaderAndIsrResponseMessage.errorCode");
        int n_topics = Wire.readArrayLength(buf, "LeaderAndIsrResponseMessage.topics", flexible, false, version);
        if (n_topics >= 0) {
            List<LeaderAndIsrTopicError> l_topics = new ArrayList<>(n_topics);
            for (int k = 0; k < n_topics; k++) {
                l_topics.add(LeaderAndIsrTopicError.read(buf, version));
            }
            v_topics = Collections.unmodifiableList(l_topics);
        } else {
            v_topics = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "LeaderAndIsrResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "LeaderAndIsrResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "LeaderAndIsrResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "LeaderAndIsrResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new LeaderAndIsrResponseMessage(v_errorCode, v_topics);
    }

    void validate(short version) {
        if (topics == null) {
            throw Wire.nullNotAllowed("LeaderAndIsrResponseMessage.topics", version);
        }
        if (topics != null) {
            for (LeaderAndIsrTopicError e : topics) {
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
        Wire.checkVersion("LeaderAndIsrResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        buf.writeShort(errorCode);
        Wire.writeArrayLength(buf, topics, flexible);
        if (topics != null) {
            for (LeaderAndIsrTopicError e : topics) {
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
        Wire.checkVersion("LeaderAndIsrResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        int size = 0;
        size += 2;
        size += sizeOfTopics(topics, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopics(List<LeaderAndIsrTopicError> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (LeaderAndIsrTopicError e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code LeaderAndIsrTopicError} struct of LeaderAndIsrResponseMessage; same guarantees. */
    public record LeaderAndIsrTopicError(
            UUID topicId,
            List<LeaderAndIsrPartitionError> partitionErrors,
            String topicName) {
        /** Every field at its default. */
        public static final LeaderAndIsrTopicError DEFAULT = new LeaderAndIsrTopicError(Wire.ZERO_UUID, List.of(), "");

        /** @return a copy with {@code topicId} replaced */
        public LeaderAndIsrTopicError withTopicId(UUID topicId) {
            return new LeaderAndIsrTopicError(topicId, partitionErrors, topicName);
        }

        /** @return a copy with {@code partitionErrors} replaced */
        public LeaderAndIsrTopicError withPartitionErrors(List<LeaderAndIsrPartitionError> partitionErrors) {
            return new LeaderAndIsrTopicError(topicId, partitionErrors, topicName);
        }

        /** @return a copy with {@code topicName} replaced */
        public LeaderAndIsrTopicError withTopicName(String topicName) {
            return new LeaderAndIsrTopicError(topicId, partitionErrors, topicName);
        }

        static LeaderAndIsrTopicError read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            UUID v_topicId = Wire.ZERO_UUID;
            List<LeaderAndIsrPartitionError> v_partitionErrors = List.of();
            String v_topicName = "";
            v_topicId = Wire.readUuid(buf, "LeaderAndIsrTopicError.topicId");
            int n_partitionErrors = Wire.readArrayLength(buf, "LeaderAndIsrTopicError.partitionErrors", flexible, false, version);
            if (n_partitionErrors >= 0) {
                List<LeaderAndIsrPartitionError> l_partitionErrors = new ArrayList<>(n_partitionErrors);
                for (int k = 0; k < n_partitionErrors; k++) {
                    l_partitionErrors.add(LeaderAndIsrPartitionError.read(buf, version));
                }
                v_partitionErrors = Collections.unmodifiableList(l_partitionErrors);
            } else {
                v_partitionErrors = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "LeaderAndIsrTopicError._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "LeaderAndIsrTopicError._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "LeaderAndIsrTopicError._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "LeaderAndIsrTopicError._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        case 1000: {
                            if (true) {
                                v_topicName = Wire.readString(buf, "LeaderAndIsrTopicError.topicName", flexible, false, version);
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "LeaderAndIsrTopicError.topicName");
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
            return new LeaderAndIsrTopicError(v_topicId, v_partitionErrors, v_topicName);
        }

        void validate(short version) {
            if (topicId == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrTopicError.topicId", version);
            }
            if (partitionErrors == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrTopicError.partitionErrors", version);
            }
            if (topicName == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrTopicError.topicName", version);
            }
            if (partitionErrors != null) {
                for (LeaderAndIsrPartitionError e : partitionErrors) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            Wire.writeUuid(buf, topicId);
            Wire.writeArrayLength(buf, partitionErrors, flexible);
            if (partitionErrors != null) {
                for (LeaderAndIsrPartitionError e : partitionErrors) {
                    e.write(buf, version);
                }
            }
            if (flexible) {
                int taggedCount = 0;
                if (!Objects.equals(topicName, "")) {
                    taggedCount++;
                }
                Wire.writeUnsignedVarint(buf, taggedCount);
                if (!Objects.equals(topicName, "")) {
                    Wire.writeUnsignedVarint(buf, 1000);
                    Wire.writeUnsignedVarint(buf, Wire.sizeOfString(topicName, flexible));
                    Wire.writeString(buf, topicName, flexible, "LeaderAndIsrTopicError.topicName");
                }
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += 16;
            size += sizeOfPartitionErrors(partitionErrors, version, flexible);
            if (flexible) {
                int taggedCount = 0;
                if (!Objects.equals(topicName, "")) {
                    taggedCount++;
                    int valueSize = Wire.sizeOfString(topicName, flexible);
                    size += Wire.sizeOfUnsignedVarint(1000) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                size += Wire.sizeOfUnsignedVarint(taggedCount);
            }
            return size;
        }

        private static int sizeOfPartitionErrors(List<LeaderAndIsrPartitionError> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (LeaderAndIsrPartitionError e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code LeaderAndIsrPartitionError} struct of LeaderAndIsrResponseMessage; same guarantees. */
    public record LeaderAndIsrPartitionError(
            int partitionIndex,
            short errorCode) {
        /** Every field at its default. */
        public static final LeaderAndIsrPartitionError DEFAULT = new LeaderAndIsrPartitionError(0, (short) 0);

        /** @return a copy with {@code partitionIndex} replaced */
        public LeaderAndIsrPartitionError withPartitionIndex(int partitionIndex) {
            return new LeaderAndIsrPartitionError(partitionIndex, errorCode);
        }

        /** @return a copy with {@code errorCode} replaced */
        public LeaderAndIsrPartitionError withErrorCode(short errorCode) {
            return new LeaderAndIsrPartitionError(partitionIndex, errorCode);
        }

        static LeaderAndIsrPartitionError read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            int v_partitionIndex = 0;
            short v_errorCode = (short) 0;
            v_partitionIndex = Wire.readInt32(buf, "LeaderAndIsrPartitionError.partitionIndex");
            v_errorCode = Wire.readInt16(buf, "LeaderAndIsrPartitionError.errorCode");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "LeaderAndIsrPartitionError._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "LeaderAndIsrPartitionError._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "LeaderAndIsrPartitionError._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "LeaderAndIsrPartitionError._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new LeaderAndIsrPartitionError(v_partitionIndex, v_errorCode);
        }

        void validate(short version) {
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            buf.writeInt(partitionIndex);
            buf.writeShort(errorCode);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += 4;
            size += 2;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

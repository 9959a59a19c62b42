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
 * Kafka's DeleteTopics request body (API key 20), versions 1-6, flexible from 4.
 *
 * <p>Generated from {@code src/main/schemas/DeleteTopicsRequest.json} by {@code CodecGenerator} (test sources);
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
public record DeleteTopicsRequestMessage(
        List<DeleteTopicState> topics,
        List<String> topicNames,
        int timeoutMs) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 20;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 1;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 6;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 4;

    /** Every field at its default. */
    public static final DeleteTopicsRequestMessage DEFAULT = new DeleteTopicsRequestMessage(List.of(), List.of(), 0);

    /** @return a copy with {@code topics} replaced */
    public DeleteTopicsRequestMessage withTopics(List<DeleteTopicState> topics) {
        return new DeleteTopicsRequestMessage(topics, topicNames, timeoutMs);
    }

    /** @return a copy with {@code topicNames} replaced */
    public DeleteTopicsRequestMessage withTopicNames(List<String> topicNames) {
        return new DeleteTopicsRequestMessage(topics, topicNames, timeoutMs);
    }

    /** @return a copy with {@code timeoutMs} replaced */
    public DeleteTopicsRequestMessage withTimeoutMs(int timeoutMs) {
        return new DeleteTopicsRequestMessage(topics, topicNames, timeoutMs);
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
    public static DeleteTopicsRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("DeleteTopicsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 4;
        List<DeleteTopicState> v_topics = List.of();
        List<String> v_topicNames = List.of();
        int v_timeoutMs = 0;
        if (version >= 6) {
            int n_topics = Wire.readArrayLength(buf, "DeleteTopicsRequestMessage.topics", flexible, false, version);
            if (n_topics >= 0) {
                List<DeleteTopicState> l_topics = new ArrayList<>(n_topics);
                for (int k = 0; k < n_topics; k++) {
                    l_topics.add(DeleteTopicState.read(buf, version));
                }
                v_topics = Collections.unmodifiableList(l_topics);
            } else {
                v_topics = null;
            }
        }
        if (version <= 5) {
            int n_topicNames = Wire.readArrayLength(buf, "DeleteTopicsRequestMessage.topicNames", flexible, false, version);
            if (n_topicNames >= 0) {
                List<String> l_topicNames = new ArrayList<>(n_topicNames);
                for (int k = 0; k < n_topicNames; k++) {
                    l_topicNames.add(Wire.readString(buf, "DeleteTopicsRequestMessage.topicNames", flexible, false, version));
                }
                v_topicNames = Collections.unmodifiableList(l_topicNames);
            } else {
                v_topicNames = null;
            }
        }
        v_timeoutMs = Wire.readInt32(buf, "DeleteTopicsRequestMessage.timeoutMs");
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "DeleteTopicsRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "DeleteTopicsRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "DeleteTopicsRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "DeleteTopicsRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new DeleteTopicsRequestMessage(v_topics, v_topicNames, v_timeoutMs);
    }

    void validate(short version) {
        if (!(version >= 6) && !Objects.equals(topics, List.of())) {
            throw Wire.fieldNotInVersion("DeleteTopicsRequestMessage.topics", version, topics);
        }
        if ((version >= 6) && topics == null) {
            throw Wire.nullNotAllowed("DeleteTopicsRequestMessage.topics", version);
        }
        if ((version <= 5) && topicNames == null) {
            throw Wire.nullNotAllowed("DeleteTopicsRequestMessage.topicNames", version);
        }
        if ((version >= 6) && topics != null) {
            for (DeleteTopicState e : topics) {
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
        Wire.checkVersion("DeleteTopicsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        if (version >= 6) {
            Wire.writeArrayLength(buf, topics, flexible);
            if (topics != null) {
                for (DeleteTopicState e : topics) {
                    e.write(buf, version);
                }
            }
        }
        if (version <= 5) {
            Wire.writeArrayLength(buf, topicNames, flexible);
            if (topicNames != null) {
                for (String e : topicNames) {
                    Wire.writeString(buf, Objects.requireNonNull(e, "DeleteTopicsRequestMessage.topicNames"), flexible, "DeleteTopicsRequestMessage.topicNames");
                }
            }
        }
        buf.writeInt(timeoutMs);
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
        Wire.checkVersion("DeleteTopicsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        int size = 0;
        if (version >= 6) {
            size += sizeOfTopics(topics, version, flexible);
        }
        if (version <= 5) {
            size += sizeOfTopicNames(topicNames, version, flexible);
        }
        size += 4;
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopics(List<DeleteTopicState> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (DeleteTopicState e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    private static int sizeOfTopicNames(List<String> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (String e : list) {
                size += Wire.sizeOfString(e, flexible);
            }
        }
        return size;
    }

    /** The {@code DeleteTopicState} struct of DeleteTopicsRequestMessage; same guarantees. */
    public record DeleteTopicState(
            String name,
            UUID topicId) {
        /** Every field at its default. */
        public static final DeleteTopicState DEFAULT = new DeleteTopicState(null, Wire.ZERO_UUID);

        /** @return a copy with {@code name} replaced */
        public DeleteTopicState withName(String name) {
            return new DeleteTopicState(name, topicId);
        }

        /** @return a copy with {@code topicId} replaced */
        public DeleteTopicState withTopicId(UUID topicId) {
            return new DeleteTopicState(name, topicId);
        }

        static DeleteTopicState read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            String v_name = null;
            UUID v_topicId = Wire.ZERO_UUID;
            if (version >= 6) {
                v_name = Wire.readString(buf, "DeleteTopicState.name", flexible, version >= 6, version);
            }
            if (version >= 6) {
                v_topicId = Wire.readUuid(buf, "DeleteTopicState.topicId");
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "DeleteTopicState._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "DeleteTopicState._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "DeleteTopicState._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "DeleteTopicState._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new DeleteTopicState(v_name, v_topicId);
        }

        void validate(short version) {
            if (!(version >= 6) && !Objects.equals(name, null)) {
                throw Wire.fieldNotInVersion("DeleteTopicState.name", version, name);
            }
            if ((version >= 6) && name == null && !(version >= 6)) {
                throw Wire.nullNotAllowed("DeleteTopicState.name", version);
            }
            if (!(version >= 6) && !Objects.equals(topicId, Wire.ZERO_UUID)) {
                throw Wire.fieldNotInVersion("DeleteTopicState.topicId", version, topicId);
            }
            if ((version >= 6) && topicId == null) {
                throw Wire.nullNotAllowed("DeleteTopicState.topicId", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            if (version >= 6) {
                Wire.writeString(buf, name, flexible, "DeleteTopicState.name");
            }
            if (version >= 6) {
                Wire.writeUuid(buf, topicId);
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            if (version >= 6) {
                size += Wire.sizeOfString(name, flexible);
            }
            if (version >= 6) {
                size += 16;
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

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
 * Kafka's Metadata request body (API key 3), versions 0-13, flexible from 9.
 *
 * <p>Generated from {@code src/main/schemas/MetadataRequest.json} by {@code CodecGenerator} (test sources);
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
public record MetadataRequestMessage(
        List<MetadataRequestTopic> topics,
        boolean allowAutoTopicCreation,
        boolean includeClusterAuthorizedOperations,
        boolean includeTopicAuthorizedOperations) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 3;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 0;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 13;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 9;

    /** Every field at its default. */
    public static final MetadataRequestMessage DEFAULT = new MetadataRequestMessage(List.of(), true, false, false);

    /** @return a copy with {@code topics} replaced */
    public MetadataRequestMessage withTopics(List<MetadataRequestTopic> topics) {
        return new MetadataRequestMessage(topics, allowAutoTopicCreation, includeClusterAuthorizedOperations, includeTopicAuthorizedOperations);
    }

    /** @return a copy with {@code allowAutoTopicCreation} replaced */
    public MetadataRequestMessage withAllowAutoTopicCreation(boolean allowAutoTopicCreation) {
        return new MetadataRequestMessage(topics, allowAutoTopicCreation, includeClusterAuthorizedOperations, includeTopicAuthorizedOperations);
    }

    /** @return a copy with {@code includeClusterAuthorizedOperations} replaced */
    public MetadataRequestMessage withIncludeClusterAuthorizedOperations(boolean includeClusterAuthorizedOperations) {
        return new MetadataRequestMessage(topics, allowAutoTopicCreation, includeClusterAuthorizedOperations, includeTopicAuthorizedOperations);
    }

    /** @return a copy with {@code includeTopicAuthorizedOperations} replaced */
    public MetadataRequestMessage withIncludeTopicAuthorizedOperations(boolean includeTopicAuthorizedOperations) {
        return new MetadataRequestMessage(topics, allowAutoTopicCreation, includeClusterAuthorizedOperations, includeTopicAuthorizedOperations);
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
    public static MetadataRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("MetadataRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 9;
        List<MetadataRequestTopic> v_topics = List.of();
        boolean v_allowAutoTopicCreation = true;
        boolean v_includeClusterAuthorizedOperations = false;
        boolean v_includeTopicAuthorizedOperations = false;
        int n_topics = Wire.readArrayLength(buf, "MetadataRequestMessage.topics", flexible, version >= 1, version);
        if (n_topics >= 0) {
            List<MetadataRequestTopic> l_topics = new ArrayList<>(n_topics);
            for (int k = 0; k < n_topics; k++) {
                l_topics.add(MetadataRequestTopic.read(buf, version));
            }
            v_topics = Collections.unmodifiableList(l_topics);
        } else {
            v_topics = null;
        }
        if (version >= 4) {
            v_allowAutoTopicCreation = Wire.readBool(buf, "MetadataRequestMessage.allowAutoTopicCreation");
        }
        if (version >= 8 && version <= 10) {
            v_includeClusterAuthorizedOperations = Wire.readBool(buf, "MetadataRequestMessage.includeClusterAuthorizedOperations");
        }
        if (version >= 8) {
            v_includeTopicAuthorizedOperations = Wire.readBool(buf, "MetadataRequestMessage.includeTopicAuthorizedOperations");
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "MetadataRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "MetadataRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "MetadataRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "MetadataRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new MetadataRequestMessage(v_topics, v_allowAutoTopicCreation, v_includeClusterAuthorizedOperations, v_includeTopicAuthorizedOperations);
    }

    void validate(short version) {
        if (topics == null && !(version >= 1)) {
            throw Wire.nullNotAllowed("MetadataRequestMessage.topics", version);
        }
        if (!(version >= 4) && allowAutoTopicCreation != true) {
            throw Wire.fieldNotInVersion("MetadataRequestMessage.allowAutoTopicCreation", version, allowAutoTopicCreation);
        }
        if (!(version >= 8 && version <= 10) && includeClusterAuthorizedOperations != false) {
            throw Wire.fieldNotInVersion("MetadataRequestMessage.includeClusterAuthorizedOperations", version, includeClusterAuthorizedOperations);
        }
        if (!(version >= 8) && includeTopicAuthorizedOperations != false) {
            throw Wire.fieldNotInVersion("MetadataRequestMessage.includeTopicAuthorizedOperations", version, includeTopicAuthorizedOperations);
        }
        if (topics != null) {
            for (MetadataRequestTopic e : topics) {
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
        Wire.checkVersion("MetadataRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 9;
        Wire.writeArrayLength(buf, topics, flexible);
        if (topics != null) {
            for (MetadataRequestTopic e : topics) {
                e.write(buf, version);
            }
        }
        if (version >= 4) {
            Wire.writeBool(buf, allowAutoTopicCreation);
        }
        if (version >= 8 && version <= 10) {
            Wire.writeBool(buf, includeClusterAuthorizedOperations);
        }
        if (version >= 8) {
            Wire.writeBool(buf, includeTopicAuthorizedOperations);
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
        Wire.checkVersion("MetadataRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 9;
        int size = 0;
        size += sizeOfTopics(topics, version, flexible);
        if (version >= 4) {
            size += 1;
        }
        if (version >= 8 && version <= 10) {
            size += 1;
        }
        if (version >= 8) {
            size += 1;
        }
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopics(List<MetadataRequestTopic> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (MetadataRequestTopic e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code MetadataRequestTopic} struct of MetadataRequestMessage; same guarantees. */
    public record MetadataRequestTopic(
            UUID topicId,
            String name) {
        /** Every field at its default. */
        public static final MetadataRequestTopic DEFAULT = new MetadataRequestTopic(Wire.ZERO_UUID, "");

        /** @return a copy with {@code topicId} replaced */
        public MetadataRequestTopic withTopicId(UUID topicId) {
            return new MetadataRequestTopic(topicId, name);
        }

        /** @return a copy with {@code name} replaced */
        public MetadataRequestTopic withName(String name) {
            return new MetadataRequestTopic(topicId, name);
        }

        static MetadataRequestTopic read(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            UUID v_topicId = Wire.ZERO_UUID;
            String v_name = "";
            if (version >= 10) {
                v_topicId = Wire.readUuid(buf, "MetadataRequestTopic.topicId");
            }
            v_name = Wire.readString(buf, "MetadataRequestTopic.name", flexible, version >= 10, version);
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "MetadataRequestTopic._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "MetadataRequestTopic._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "MetadataRequestTopic._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "MetadataRequestTopic._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new MetadataRequestTopic(v_topicId, v_name);
        }

        void validate(short version) {
            if ((version >= 10) && topicId == null) {
                throw Wire.nullNotAllowed("MetadataRequestTopic.topicId", version);
            }
            if (name == null && !(version >= 10)) {
                throw Wire.nullNotAllowed("MetadataRequestTopic.name", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            if (version >= 10) {
                Wire.writeUuid(buf, topicId);
            }
            Wire.writeString(buf, name, flexible, "MetadataRequestTopic.name");
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 9;
            int size = 0;
            if (version >= 10) {
                size += 16;
            }
            size += Wire.sizeOfString(name, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

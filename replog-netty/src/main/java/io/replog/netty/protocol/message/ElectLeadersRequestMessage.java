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
 * Kafka's ElectLeaders request body (API key 43), versions 0-2, flexible from 2.
 *
 * <p>Generated from {@code src/main/schemas/ElectLeadersRequest.json} by {@code CodecGenerator} (test sources);
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
public record ElectLeadersRequestMessage(
        byte electionType,
        List<TopicPartitions> topicPartitions,
        int timeoutMs) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 43;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 0;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 2;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 2;

    /** Every field at its default. */
    public static final ElectLeadersRequestMessage DEFAULT = new ElectLeadersRequestMessage((byte) 0, List.of(), 60000);

    /** @return a copy with {@code electionType} replaced */
    public ElectLeadersRequestMessage withElectionType(byte electionType) {
        return new ElectLeadersRequestMessage(electionType, topicPartitions, timeoutMs);
    }

    /** @return a copy with {@code topicPartitions} replaced */
    public ElectLeadersRequestMessage withTopicPartitions(List<TopicPartitions> topicPartitions) {
        return new ElectLeadersRequestMessage(electionType, topicPartitions, timeoutMs);
    }

    /** @return a copy with {@code timeoutMs} replaced */
    public ElectLeadersRequestMessage withTimeoutMs(int timeoutMs) {
        return new ElectLeadersRequestMessage(electionType, topicPartitions, timeoutMs);
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
    public static ElectLeadersRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("ElectLeadersRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 2;
        byte v_electionType = (byte) 0;
        List<TopicPartitions> v_topicPartitions = List.of();
        int v_timeoutMs = 60000;
        if (version >= 1) {
            v_electionType = Wire.readInt8(buf, "ElectLeadersRequestMessage.electionType");
        }
        int n_topicPartitions = Wire.readArrayLength(buf, "ElectLeadersRequestMessage.topicPartitions", flexible, true, version);
        if (n_topicPartitions >= 0) {
            List<TopicPartitions> l_topicPartitions = new ArrayList<>(n_topicPartitions);
            for (int k = 0; k < n_topicPartitions; k++) {
                l_topicPartitions.add(TopicPartitions.read(buf, version));
            }
            v_topicPartitions = Collections.unmodifiableList(l_topicPartitions);
        } else {
            v_topicPartitions = null;
        }
        v_timeoutMs = Wire.readInt32(buf, "ElectLeadersRequestMessage.timeoutMs");
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "ElectLeadersRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "ElectLeadersRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "ElectLeadersRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "ElectLeadersRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new ElectLeadersRequestMessage(v_electionType, v_topicPartitions, v_timeoutMs);
    }

    void validate(short version) {
        if (!(version >= 1) && electionType != (byte) 0) {
            throw Wire.fieldNotInVersion("ElectLeadersRequestMessage.electionType", version, electionType);
        }
        if (topicPartitions != null) {
            for (TopicPartitions e : topicPartitions) {
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
        Wire.checkVersion("ElectLeadersRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        if (version >= 1) {
            buf.writeByte(electionType);
        }
        Wire.writeArrayLength(buf, topicPartitions, flexible);
        if (topicPartitions != null) {
            for (TopicPartitions e : topicPartitions) {
                e.write(buf, version);
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
        Wire.checkVersion("ElectLeadersRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        int size = 0;
        if (version >= 1) {
            size += 1;
        }
        size += sizeOfTopicPartitions(topicPartitions, version, flexible);
        size += 4;
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopicPartitions(List<TopicPartitions> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (TopicPartitions e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code TopicPartitions} struct of ElectLeadersRequestMessage; same guarantees. */
    public record TopicPartitions(
            String topic,
            List<Integer> partitions) {
        /** Every field at its default. */
        public static final TopicPartitions DEFAULT = new TopicPartitions("", List.of());

        /** @return a copy with {@code topic} replaced */
        public TopicPartitions withTopic(String topic) {
            return new TopicPartitions(topic, partitions);
        }

        /** @return a copy with {@code partitions} replaced */
        public TopicPartitions withPartitions(List<Integer> partitions) {
            return new TopicPartitions(topic, partitions);
        }

        static TopicPartitions read(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            String v_topic = "";
            List<Integer> v_partitions = List.of();
            v_topic = Wire.readString(buf, "TopicPartitions.topic", flexible, false, version);
            int n_partitions = Wire.readArrayLength(buf, "TopicPartitions.partitions", flexible, false, version);
            if (n_partitions >= 0) {
                List<Integer> l_partitions = new ArrayList<>(n_partitions);
                for (int k = 0; k < n_partitions; k++) {
                    l_partitions.add(Wire.readInt32(buf, "TopicPartitions.partitions"));
                }
                v_partitions = Collections.unmodifiableList(l_partitions);
            } else {
                v_partitions = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "TopicPartitions._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "TopicPartitions._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "TopicPartitions._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "TopicPartitions._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new TopicPartitions(v_topic, v_partitions);
        }

        void validate(short version) {
            if (topic == null) {
                throw Wire.nullNotAllowed("TopicPartitions.topic", version);
            }
            if (partitions == null) {
                throw Wire.nullNotAllowed("TopicPartitions.partitions", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            Wire.writeString(buf, topic, flexible, "TopicPartitions.topic");
            Wire.writeArrayLength(buf, partitions, flexible);
            if (partitions != null) {
                for (Integer e : partitions) {
                    buf.writeInt(e);
                }
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 2;
            int size = 0;
            size += Wire.sizeOfString(topic, flexible);
            size += Wire.sizeOfArrayLength(partitions, flexible) + (partitions == null ? 0 : partitions.size() * 4);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

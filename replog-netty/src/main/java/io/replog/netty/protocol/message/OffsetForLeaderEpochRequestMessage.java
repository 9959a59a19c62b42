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
 * Kafka's OffsetForLeaderEpoch request body (API key 23), versions 2-4, flexible from 4.
 *
 * <p>Generated from {@code src/main/schemas/OffsetForLeaderEpochRequest.json} by {@code CodecGenerator} (test sources);
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
public record OffsetForLeaderEpochRequestMessage(
        int replicaId,
        List<OffsetForLeaderTopic> topics) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 23;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 2;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 4;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 4;

    /** Every field at its default. */
    public static final OffsetForLeaderEpochRequestMessage DEFAULT = new OffsetForLeaderEpochRequestMessage(-2, List.of());

    /** @return a copy with {@code replicaId} replaced */
    public OffsetForLeaderEpochRequestMessage withReplicaId(int replicaId) {
        return new OffsetForLeaderEpochRequestMessage(replicaId, topics);
    }

    /** @return a copy with {@code topics} replaced */
    public OffsetForLeaderEpochRequestMessage withTopics(List<OffsetForLeaderTopic> topics) {
        return new OffsetForLeaderEpochRequestMessage(replicaId, topics);
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
    public static OffsetForLeaderEpochRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("OffsetForLeaderEpochRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 4;
        int v_replicaId = -2;
        List<OffsetForLeaderTopic> v_topics = List.of();
        if (version >= 3) {
            v_replicaId = Wire.readInt32(buf, "OffsetForLeaderEpochRequestMessage.replicaId");
        }
        int n_topics = Wire.readArrayLength(buf, "OffsetForLeaderEpochRequestMessage.topics", flexible, false, version);
        if (n_topics >= 0) {
            List<OffsetForLeaderTopic> l_topics = new ArrayList<>(n_topics);
            for (int k = 0; k < n_topics; k++) {
                l_topics.add(OffsetForLeaderTopic.read(buf, version));
            }
            v_topics = Collections.unmodifiableList(l_topics);
        } else {
            v_topics = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "OffsetForLeaderEpochRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "OffsetForLeaderEpochRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "OffsetForLeaderEpochRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "OffsetForLeaderEpochRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new OffsetForLeaderEpochRequestMessage(v_replicaId, v_topics);
    }

    void validate(short version) {
        if (topics == null) {
            throw Wire.nullNotAllowed("OffsetForLeaderEpochRequestMessage.topics", version);
        }
        if (topics != null) {
            for (OffsetForLeaderTopic e : topics) {
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
        Wire.checkVersion("OffsetForLeaderEpochRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        if (version >= 3) {
            buf.writeInt(replicaId);
        }
        Wire.writeArrayLength(buf, topics, flexible);
        if (topics != null) {
            for (OffsetForLeaderTopic e : topics) {
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
        Wire.checkVersion("OffsetForLeaderEpochRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        int size = 0;
        if (version >= 3) {
            size += 4;
        }
        size += sizeOfTopics(topics, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopics(List<OffsetForLeaderTopic> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (OffsetForLeaderTopic e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code OffsetForLeaderTopic} struct of OffsetForLeaderEpochRequestMessage; same guarantees. */
    public record OffsetForLeaderTopic(
            String topic,
            List<OffsetForLeaderPartition> partitions) {
        /** Every field at its default. */
        public static final OffsetForLeaderTopic DEFAULT = new OffsetForLeaderTopic("", List.of());

        /** @return a copy with {@code topic} replaced */
        public OffsetForLeaderTopic withTopic(String topic) {
            return new OffsetForLeaderTopic(topic, partitions);
        }

        /** @return a copy with {@code partitions} replaced */
        public OffsetForLeaderTopic withPartitions(List<OffsetForLeaderPartition> partitions) {
            return new OffsetForLeaderTopic(topic, partitions);
        }

        static OffsetForLeaderTopic read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            String v_topic = "";
            List<OffsetForLeaderPartition> v_partitions = List.of();
            v_topic = Wire.readString(buf, "OffsetForLeaderTopic.topic", flexible, false, version);
            int n_partitions = Wire.readArrayLength(buf, "OffsetForLeaderTopic.partitions", flexible, false, version);
            if (n_partitions >= 0) {
                List<OffsetForLeaderPartition> l_partitions = new ArrayList<>(n_partitions);
                for (int k = 0; k < n_partitions; k++) {
                    l_partitions.add(OffsetForLeaderPartition.read(buf, version));
                }
                v_partitions = Collections.unmodifiableList(l_partitions);
            } else {
                v_partitions = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "OffsetForLeaderTopic._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "OffsetForLeaderTopic._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "OffsetForLeaderTopic._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "OffsetForLeaderTopic._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new OffsetForLeaderTopic(v_topic, v_partitions);
        }

        void validate(short version) {
            if (topic == null) {
                throw Wire.nullNotAllowed("OffsetForLeaderTopic.topic", version);
            }
            if (partitions == null) {
                throw Wire.nullNotAllowed("OffsetForLeaderTopic.partitions", version);
            }
            if (partitions != null) {
                for (OffsetForLeaderPartition e : partitions) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            Wire.writeString(buf, topic, flexible, "OffsetForLeaderTopic.topic");
            Wire.writeArrayLength(buf, partitions, flexible);
            if (partitions != null) {
                for (OffsetForLeaderPartition e : partitions) {
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
            size += Wire.sizeOfString(topic, flexible);
            size += sizeOfPartitions(partitions, version, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfPartitions(List<OffsetForLeaderPartition> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (OffsetForLeaderPartition e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code OffsetForLeaderPartition} struct of OffsetForLeaderEpochRequestMessage; same guarantees. */
    public record OffsetForLeaderPartition(
            int partition,
            int currentLeaderEpoch,
            int leaderEpoch) {
        /** Every field at its default. */
        public static final OffsetForLeaderPartition DEFAULT = new OffsetForLeaderPartition(0, -1, 0);

        /** @return a copy with {@code partition} replaced */
        public OffsetForLeaderPartition withPartition(int partition) {
            return new OffsetForLeaderPartition(partition, currentLeaderEpoch, leaderEpoch);
        }

        /** @return a copy with {@code currentLeaderEpoch} replaced */
        public OffsetForLeaderPartition withCurrentLeaderEpoch(int currentLeaderEpoch) {
            return new OffsetForLeaderPartition(partition, currentLeaderEpoch, leaderEpoch);
        }

        /** @return a copy with {@code leaderEpoch} replaced */
        public OffsetForLeaderPartition withLeaderEpoch(int leaderEpoch) {
            return new OffsetForLeaderPartition(partition, currentLeaderEpoch, leaderEpoch);
        }

        static OffsetForLeaderPartition read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            int v_partition = 0;
            int v_currentLeaderEpoch = -1;
            int v_leaderEpoch = 0;
            v_partition = Wire.readInt32(buf, "OffsetForLeaderPartition.partition");
            v_currentLeaderEpoch = Wire.readInt32(buf, "OffsetForLeaderPartition.currentLeaderEpoch");
            v_leaderEpoch = Wire.readInt32(buf, "OffsetForLeaderPartition.leaderEpoch");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "OffsetForLeaderPartition._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "OffsetForLeaderPartition._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "OffsetForLeaderPartition._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "OffsetForLeaderPartition._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new OffsetForLeaderPartition(v_partition, v_currentLeaderEpoch, v_leaderEpoch);
        }

        void validate(short version) {
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            buf.writeInt(partition);
            buf.writeInt(currentLeaderEpoch);
            buf.writeInt(leaderEpoch);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += 4;
            size += 4;
            size += 4;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

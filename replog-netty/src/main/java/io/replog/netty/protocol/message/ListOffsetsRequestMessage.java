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
 * Kafka's ListOffsets request body (API key 2), versions 1-10, flexible from 6.
 *
 * <p>Generated from {@code src/main/schemas/ListOffsetsRequest.json} by {@code CodecGenerator} (test sources);
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
public record ListOffsetsRequestMessage(
        int replicaId,
        byte isolationLevel,
        List<ListOffsetsTopic> topics,
        int timeoutMs) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 2;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 1;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 10;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 6;

    /** Every field at its default. */
    public static final ListOffsetsRequestMessage DEFAULT = new ListOffsetsRequestMessage(0, (byte) 0, List.of(), 0);

    /** @return a copy with {@code replicaId} replaced */
    public ListOffsetsRequestMessage withReplicaId(int replicaId) {
        return new ListOffsetsRequestMessage(replicaId, isolationLevel, topics, timeoutMs);
    }

    /** @return a copy with {@code isolationLevel} replaced */
    public ListOffsetsRequestMessage withIsolationLevel(byte isolationLevel) {
        return new ListOffsetsRequestMessage(replicaId, isolationLevel, topics, timeoutMs);
    }

    /** @return a copy with {@code topics} replaced */
    public ListOffsetsRequestMessage withTopics(List<ListOffsetsTopic> topics) {
        return new ListOffsetsRequestMessage(replicaId, isolationLevel, topics, timeoutMs);
    }

    /** @return a copy with {@code timeoutMs} replaced */
    public ListOffsetsRequestMessage withTimeoutMs(int timeoutMs) {
        return new ListOffsetsRequestMessage(replicaId, isolationLevel, topics, timeoutMs);
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
    public static ListOffsetsRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("ListOffsetsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 6;
        int v_replicaId = 0;
        byte v_isolationLevel = (byte) 0;
        List<ListOffsetsTopic> v_topics = List.of();
        int v_timeoutMs = 0;
        v_replicaId = Wire.readInt32(buf, "ListOffsetsRequestMessage.replicaId");
        if (version >= 2) {
            v_isolationLevel = Wire.readInt8(buf, "ListOffsetsRequestMessage.isolationLevel");
        }
        int n_topics = Wire.readArrayLength(buf, "ListOffsetsRequestMessage.topics", flexible, false, version);
        if (n_topics >= 0) {
            List<ListOffsetsTopic> l_topics = new ArrayList<>(n_topics);
            for (int k = 0; k < n_topics; k++) {
                l_topics.add(ListOffsetsTopic.read(buf, version));
            }
            v_topics = Collections.unmodifiableList(l_topics);
        } else {
            v_topics = null;
        }
        if (version >= 10) {
            v_timeoutMs = Wire.readInt32(buf, "ListOffsetsRequestMessage.timeoutMs");
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "ListOffsetsRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "ListOffsetsRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "ListOffsetsRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "ListOffsetsRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new ListOffsetsRequestMessage(v_replicaId, v_isolationLevel, v_topics, v_timeoutMs);
    }

    void validate(short version) {
        if (!(version >= 2) && isolationLevel != (byte) 0) {
            throw Wire.fieldNotInVersion("ListOffsetsRequestMessage.isolationLevel", version, isolationLevel);
        }
        if (topics == null) {
            throw Wire.nullNotAllowed("ListOffsetsRequestMessage.topics", version);
        }
        if (topics != null) {
            for (ListOffsetsTopic e : topics) {
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
        Wire.checkVersion("ListOffsetsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 6;
        buf.writeInt(replicaId);
        if (version >= 2) {
            buf.writeByte(isolationLevel);
        }
        Wire.writeArrayLength(buf, topics, flexible);
        if (topics != null) {
            for (ListOffsetsTopic e : topics) {
                e.write(buf, version);
            }
        }
        if (version >= 10) {
            buf.writeInt(timeoutMs);
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
        Wire.checkVersion("ListOffsetsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 6;
        int size = 0;
        size += 4;
        if (version >= 2) {
            size += 1;
        }
        size += sizeOfTopics(topics, version, flexible);
        if (version >= 10) {
            size += 4;
        }
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopics(List<ListOffsetsTopic> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (ListOffsetsTopic e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code ListOffsetsTopic} struct of ListOffsetsRequestMessage; same guarantees. */
    public record ListOffsetsTopic(
            String name,
            List<ListOffsetsPartition> partitions) {
        /** Every field at its default. */
        public static final ListOffsetsTopic DEFAULT = new ListOffsetsTopic("", List.of());

        /** @return a copy with {@code name} replaced */
        public ListOffsetsTopic withName(String name) {
            return new ListOffsetsTopic(name, partitions);
        }

        /** @return a copy with {@code partitions} replaced */
        public ListOffsetsTopic withPartitions(List<ListOffsetsPartition> partitions) {
            return new ListOffsetsTopic(name, partitions);
        }

        static ListOffsetsTopic read(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            String v_name = "";
            List<ListOffsetsPartition> v_partitions = List.of();
            v_name = Wire.readString(buf, "ListOffsetsTopic.name", flexible, false, version);
            int n_partitions = Wire.readArrayLength(buf, "ListOffsetsTopic.partitions", flexible, false, version);
            if (n_partitions >= 0) {
                List<ListOffsetsPartition> l_partitions = new ArrayList<>(n_partitions);
                for (int k = 0; k < n_partitions; k++) {
                    l_partitions.add(ListOffsetsPartition.read(buf, version));
                }
                v_partitions = Collections.unmodifiableList(l_partitions);
            } else {
                v_partitions = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "ListOffsetsTopic._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "ListOffsetsTopic._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "ListOffsetsTopic._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "ListOffsetsTopic._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new ListOffsetsTopic(v_name, v_partitions);
        }

        void validate(short version) {
            if (name == null) {
                throw Wire.nullNotAllowed("ListOffsetsTopic.name", version);
            }
            if (partitions == null) {
                throw Wire.nullNotAllowed("ListOffsetsTopic.partitions", version);
            }
            if (partitions != null) {
                for (ListOffsetsPartition e : partitions) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            Wire.writeString(buf, name, flexible, "ListOffsetsTopic.name");
            Wire.writeArrayLength(buf, partitions, flexible);
            if (partitions != null) {
                for (ListOffsetsPartition e : partitions) {
                    e.write(buf, version);
                }
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 6;
            int size = 0;
            size += Wire.sizeOfString(name, flexible);
            size += sizeOfPartitions(partitions, version, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfPartitions(List<ListOffsetsPartition> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (ListOffsetsPartition e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code ListOffsetsPartition} struct of ListOffsetsRequestMessage; same guarantees. */
    public record ListOffsetsPartition(
            int partitionIndex,
            int currentLeaderEpoch,
            long timestamp) {
        /** Every field at its default. */
        public static final ListOffsetsPartition DEFAULT = new ListOffsetsPartition(0, -1, 0L);

        /** @return a copy with {@code partitionIndex} replaced */
        public ListOffsetsPartition withPartitionIndex(int partitionIndex) {
            return new ListOffsetsPartition(partitionIndex, currentLeaderEpoch, timestamp);
        }

        /** @return a copy with {@code currentLeaderEpoch} replaced */
        public ListOffsetsPartition withCurrentLeaderEpoch(int currentLeaderEpoch) {
            return new ListOffsetsPartition(partitionIndex, currentLeaderEpoch, timestamp);
        }

        /** @return a copy with {@code timestamp} replaced */
        public ListOffsetsPartition withTimestamp(long timestamp) {
            return new ListOffsetsPartition(partitionIndex, currentLeaderEpoch, timestamp);
        }

        static ListOffsetsPartition read(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            int v_partitionIndex = 0;
            int v_currentLeaderEpoch = -1;
            long v_timestamp = 0L;
            v_partitionIndex = Wire.readInt32(buf, "ListOffsetsPartition.partitionIndex");
            if (version >= 4) {
                v_currentLeaderEpoch = Wire.readInt32(buf, "ListOffsetsPartition.currentLeaderEpoch");
            }
            v_timestamp = Wire.readInt64(buf, "ListOffsetsPartition.timestamp");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "ListOffsetsPartition._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "ListOffsetsPartition._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "ListOffsetsPartition._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "ListOffsetsPartition._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new ListOffsetsPartition(v_partitionIndex, v_currentLeaderEpoch, v_timestamp);
        }

        void validate(short version) {
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            buf.writeInt(partitionIndex);
            if (version >= 4) {
                buf.writeInt(currentLeaderEpoch);
            }
            buf.writeLong(timestamp);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 6;
            int size = 0;
            size += 4;
            if (version >= 4) {
                size += 4;
            }
            size += 8;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

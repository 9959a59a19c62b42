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
 * Kafka's ListOffsets response body (API key 2), versions 1-10, flexible from 6.
 *
 * <p>Generated from {@code src/main/schemas/ListOffsetsResponse.json} by {@code CodecGenerator} (test sources);
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
public record ListOffsetsResponseMessage(
        int throttleTimeMs,
        List<ListOffsetsTopicResponse> topics) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 2;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 1;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 10;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 6;

    /** Every field at its default. */
    public static final ListOffsetsResponseMessage DEFAULT = new ListOffsetsResponseMessage(0, List.of());

    /** @return a copy with {@code throttleTimeMs} replaced */
    public ListOffsetsResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new ListOffsetsResponseMessage(throttleTimeMs, topics);
    }

    /** @return a copy with {@code topics} replaced */
    public ListOffsetsResponseMessage withTopics(List<ListOffsetsTopicResponse> topics) {
        return new ListOffsetsResponseMessage(throttleTimeMs, topics);
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
    public static ListOffsetsResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("ListOffsetsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 6;
        int v_throttleTimeMs = 0;
        List<ListOffsetsTopicResponse> v_topics = List.of();
        if (version >= 2) {
            v_throttleTimeMs = Wire.readInt32(buf, "ListOffsetsResponseMessage.throttleTimeMs");
        }
        int n_topics = Wire.readArrayLength(buf, "ListOffsetsResponseMessage.topics", flexible, false, version);
        if (n_topics >= 0) {
            List<ListOffsetsTopicResponse> l_topics = new ArrayList<>(n_topics);
            for (int k = 0; k < n_topics; k++) {
                l_topics.add(ListOffsetsTopicResponse.read(buf, version));
            }
            v_topics = Collections.unmodifiableList(l_topics);
        } else {
            v_topics = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "ListOffsetsResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "ListOffsetsResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "ListOffsetsResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "ListOffsetsResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new ListOffsetsResponseMessage(v_throttleTimeMs, v_topics);
    }

    void validate(short version) {
        if (topics == null) {
            throw Wire.nullNotAllowed("ListOffsetsResponseMessage.topics", version);
        }
        if (topics != null) {
            for (ListOffsetsTopicResponse e : topics) {
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
        Wire.checkVersion("ListOffsetsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 6;
        if (version >= 2) {
            buf.writeInt(throttleTimeMs);
        }
        Wire.writeArrayLength(buf, topics, flexible);
        if (topics != null) {
            for (ListOffsetsTopicResponse e : topics) {
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
        Wire.checkVersion("ListOffsetsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 6;
        int size = 0;
        if (version >= 2) {
            size += 4;
        }
        size += sizeOfTopics(topics, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopics(List<ListOffsetsTopicResponse> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (ListOffsetsTopicResponse e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code ListOffsetsTopicResponse} struct of ListOffsetsResponseMessage; same guarantees. */
    public record ListOffsetsTopicResponse(
            String name,
            List<ListOffsetsPartitionResponse> partitions) {
        /** Every field at its default. */
        public static final ListOffsetsTopicResponse DEFAULT = new ListOffsetsTopicResponse("", List.of());

        /** @return a copy with {@code name} replaced */
        public ListOffsetsTopicResponse withName(String name) {
            return new ListOffsetsTopicResponse(name, partitions);
        }

        /** @return a copy with {@code partitions} replaced */
        public ListOffsetsTopicResponse withPartitions(List<ListOffsetsPartitionResponse> partitions) {
            return new ListOffsetsTopicResponse(name, partitions);
        }

        static ListOffsetsTopicResponse read(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            String v_name = "";
            List<ListOffsetsPartitionResponse> v_partitions = List.of();
            v_name = Wire.readString(buf, "ListOffsetsTopicResponse.name", flexible, false, version);
            int n_partitions = Wire.readArrayLength(buf, "ListOffsetsTopicResponse.partitions", flexible, false, version);
            if (n_partitions >= 0) {
                List<ListOffsetsPartitionResponse> l_partitions = new ArrayList<>(n_partitions);
                for (int k = 0; k < n_partitions; k++) {
                    l_partitions.add(ListOffsetsPartitionResponse.read(buf, version));
                }
                v_partitions = Collections.unmodifiableList(l_partitions);
            } else {
                v_partitions = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "ListOffsetsTopicResponse._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "ListOffsetsTopicResponse._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "ListOffsetsTopicResponse._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "ListOffsetsTopicResponse._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new ListOffsetsTopicResponse(v_name, v_partitions);
        }

        void validate(short version) {
            if (name == null) {
                throw Wire.nullNotAllowed("ListOffsetsTopicResponse.name", version);
            }
            if (partitions == null) {
                throw Wire.nullNotAllowed("ListOffsetsTopicResponse.partitions", version);
            }
            if (partitions != null) {
                for (ListOffsetsPartitionResponse e : partitions) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            Wire.writeString(buf, name, flexible, "ListOffsetsTopicResponse.name");
            Wire.writeArrayLength(buf, partitions, flexible);
            if (partitions != null) {
                for (ListOffsetsPartitionResponse e : partitions) {
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

        private static int sizeOfPartitions(List<ListOffsetsPartitionResponse> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (ListOffsetsPartitionResponse e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code ListOffsetsPartitionResponse} struct of ListOffsetsResponseMessage; same guarantees. */
    public record ListOffsetsPartitionResponse(
            int partitionIndex,
            short errorCode,
            long timestamp,
            long offset,
            int leaderEpoch) {
        /** Every field at its default. */
        public static final ListOffsetsPartitionResponse DEFAULT = new ListOffsetsPartitionResponse(0, (short) 0, -1L, -1L, -1);

        /** @return a copy with {@code partitionIndex} replaced */
        public ListOffsetsPartitionResponse withPartitionIndex(int partitionIndex) {
            return new ListOffsetsPartitionResponse(partitionIndex, errorCode, timestamp, offset, leaderEpoch);
        }

        /** @return a copy with {@code errorCode} replaced */
        public ListOffsetsPartitionResponse withErrorCode(short errorCode) {
            return new ListOffsetsPartitionResponse(partitionIndex, errorCode, timestamp, offset, leaderEpoch);
        }

        /** @return a copy with {@code timestamp} replaced */
        public ListOffsetsPartitionResponse withTimestamp(long timestamp) {
            return new ListOffsetsPartitionResponse(partitionIndex, errorCode, timestamp, offset, leaderEpoch);
        }

        /** @return a copy with {@code offset} replaced */
        public ListOffsetsPartitionResponse withOffset(long offset) {
            return new ListOffsetsPartitionResponse(partitionIndex, errorCode, timestamp, offset, leaderEpoch);
        }

        /** @return a copy with {@code leaderEpoch} replaced */
        public ListOffsetsPartitionResponse withLeaderEpoch(int leaderEpoch) {
            return new ListOffsetsPartitionResponse(partitionIndex, errorCode, timestamp, offset, leaderEpoch);
        }

        static ListOffsetsPartitionResponse read(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            int v_partitionIndex = 0;
            short v_errorCode = (short) 0;
            long v_timestamp = -1L;
            long v_offset = -1L;
            int v_leaderEpoch = -1;
            v_partitionIndex = Wire.readInt32(buf, "ListOffsetsPartitionResponse.partitionIndex");
            v_errorCode = Wire.readInt16(buf, "ListOffsetsPartitionResponse.errorCode");
            v_timestamp = Wire.readInt64(buf, "ListOffsetsPartitionResponse.timestamp");
            v_offset = Wire.readInt64(buf, "ListOffsetsPartitionResponse.offset");
            if (version >= 4) {
                v_leaderEpoch = Wire.readInt32(buf, "ListOffsetsPartitionResponse.leaderEpoch");
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "ListOffsetsPartitionResponse._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "ListOffsetsPartitionResponse._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "ListOffsetsPartitionResponse._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "ListOffsetsPartitionResponse._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new ListOffsetsPartitionResponse(v_partitionIndex, v_errorCode, v_timestamp, v_offset, v_leaderEpoch);
        }

        void validate(short version) {
            if (!(version >= 4) && leaderEpoch != -1) {
                throw Wire.fieldNotInVersion("ListOffsetsPartitionResponse.leaderEpoch", version, leaderEpoch);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            buf.writeInt(partitionIndex);
            buf.writeShort(errorCode);
            buf.writeLong(timestamp);
            buf.writeLong(offset);
            if (version >= 4) {
                buf.writeInt(leaderEpoch);
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 6;
            int size = 0;
            size += 4;
            size += 2;
            size += 8;
            size += 8;
            if (version >= 4) {
                size += 4;
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

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
 * Kafka's OffsetForLeaderEpoch response body (API key 23), versions 2-4, flexible from 4.
 *
 * <p>Generated from {@code src/main/schemas/OffsetForLeaderEpochResponse.json} by {@code CodecGenerator} (test sources);
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
public record OffsetForLeaderEpochResponseMessage(
        int throttleTimeMs,
        List<OffsetForLeaderTopicResult> topics) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 23;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 2;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 4;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 4;

    /** Every field at its default. */
    public static final OffsetForLeaderEpochResponseMessage DEFAULT = new OffsetForLeaderEpochResponseMessage(0, List.of());

    /** @return a copy with {@code throttleTimeMs} replaced */
    public OffsetForLeaderEpochResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new OffsetForLeaderEpochResponseMessage(throttleTimeMs, topics);
    }

    /** @return a copy with {@code topics} replaced */
    public OffsetForLeaderEpochResponseMessage withTopics(List<OffsetForLeaderTopicResult> topics) {
        return new OffsetForLeaderEpochResponseMessage(throttleTimeMs, topics);
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
    public static OffsetForLeaderEpochResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("OffsetForLeaderEpochResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 4;
        int v_throttleTimeMs = 0;
        List<OffsetForLeaderTopicResult> v_topics = List.of();
        v_throttleTimeMs = Wire.readInt32(buf, "OffsetForLeaderEpochResponseMessage.throttleTimeMs");
        int n_topics = Wire.readArrayLength(buf, "OffsetForLeaderEpochResponseMessage.topics", flexible, false, version);
        if (n_topics >= 0) {
            List<OffsetForLeaderTopicResult> l_topics = new ArrayList<>(n_topics);
            for (int k = 0; k < n_topics; k++) {
                l_topics.add(OffsetForLeaderTopicResult.read(buf, version));
            }
            v_topics = Collections.unmodifiableList(l_topics);
        } else {
            v_topics = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "OffsetForLeaderEpochResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "OffsetForLeaderEpochResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "OffsetForLeaderEpochResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "OffsetForLeaderEpochResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new OffsetForLeaderEpochResponseMessage(v_throttleTimeMs, v_topics);
    }

    void validate(short version) {
        if (topics == null) {
            throw Wire.nullNotAllowed("OffsetForLeaderEpochResponseMessage.topics", version);
        }
        if (topics != null) {
            for (OffsetForLeaderTopicResult e : topics) {
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
        Wire.checkVersion("OffsetForLeaderEpochResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        buf.writeInt(throttleTimeMs);
        Wire.writeArrayLength(buf, topics, flexible);
        if (topics != null) {
            for (OffsetForLeaderTopicResult e : topics) {
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
        Wire.checkVersion("OffsetForLeaderEpochResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        int size = 0;
        size += 4;
        size += sizeOfTopics(topics, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopics(List<OffsetForLeaderTopicResult> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (OffsetForLeaderTopicResult e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code OffsetForLeaderTopicResult} struct of OffsetForLeaderEpochResponseMessage; same guarantees. */
    public record OffsetForLeaderTopicResult(
            String topic,
            List<EpochEndOffset> partitions) {
        /** Every field at its default. */
        public static final OffsetForLeaderTopicResult DEFAULT = new OffsetForLeaderTopicResult("", List.of());

        /** @return a copy with {@code topic} replaced */
        public OffsetForLeaderTopicResult withTopic(String topic) {
            return new OffsetForLeaderTopicResult(topic, partitions);
        }

        /** @return a copy with {@code partitions} replaced */
        public OffsetForLeaderTopicResult withPartitions(List<EpochEndOffset> partitions) {
            return new OffsetForLeaderTopicResult(topic, partitions);
        }

        static OffsetForLeaderTopicResult read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            String v_topic = "";
            List<EpochEndOffset> v_partitions = List.of();
            v_topic = Wire.readString(buf, "OffsetForLeaderTopicResult.topic", flexible, false, version);
            int n_partitions = Wire.readArrayLength(buf, "OffsetForLeaderTopicResult.partitions", flexible, false, version);
            if (n_partitions >= 0) {
                List<EpochEndOffset> l_partitions = new ArrayList<>(n_partitions);
                for (int k = 0; k < n_partitions; k++) {
                    l_partitions.add(EpochEndOffset.read(buf, version));
                }
                v_partitions = Collections.unmodifiableList(l_partitions);
            } else {
                v_partitions = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "OffsetForLeaderTopicResult._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "OffsetForLeaderTopicResult._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "OffsetForLeaderTopicResult._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "OffsetForLeaderTopicResult._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new OffsetForLeaderTopicResult(v_topic, v_partitions);
        }

        void validate(short version) {
            if (topic == null) {
                throw Wire.nullNotAllowed("OffsetForLeaderTopicResult.topic", version);
            }
            if (partitions == null) {
                throw Wire.nullNotAllowed("OffsetForLeaderTopicResult.partitions", version);
            }
            if (partitions != null) {
                for (EpochEndOffset e : partitions) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            Wire.writeString(buf, topic, flexible, "OffsetForLeaderTopicResult.topic");
            Wire.writeArrayLength(buf, partitions, flexible);
            if (partitions != null) {
                for (EpochEndOffset e : partitions) {
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

        private static int sizeOfPartitions(List<EpochEndOffset> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (EpochEndOffset e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code EpochEndOffset} struct of OffsetForLeaderEpochResponseMessage; same guarantees. */
    public record EpochEndOffset(
            short errorCode,
            int partition,
            int leaderEpoch,
            long endOffset) {
        /** Every field at its default. */
        public static final EpochEndOffset DEFAULT = new EpochEndOffset((short) 0, 0, -1, -1L);

        /** @return a copy with {@code errorCode} replaced */
        public EpochEndOffset withErrorCode(short errorCode) {
            return new EpochEndOffset(errorCode, partition, leaderEpoch, endOffset);
        }

        /** @return a copy with {@code partition} replaced */
        public EpochEndOffset withPartition(int partition) {
            return new EpochEndOffset(errorCode, partition, leaderEpoch, endOffset);
        }

        /** @return a copy with {@code leaderEpoch} replaced */
        public EpochEndOffset withLeaderEpoch(int leaderEpoch) {
            return new EpochEndOffset(errorCode, partition, leaderEpoch, endOffset);
        }

        /** @return a copy with {@code endOffset} replaced */
        public EpochEndOffset withEndOffset(long endOffset) {
            return new EpochEndOffset(errorCode, partition, leaderEpoch, endOffset);
        }

        static EpochEndOffset read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            short v_errorCode = (short) 0;
            int v_partition = 0;
            int v_leaderEpoch = -1;
            long v_endOffset = -1L;
            v_errorCode = Wire.readInt16(buf, "EpochEndOffset.errorCode");
            v_partition = Wire.readInt32(buf, "EpochEndOffset.partition");
            v_leaderEpoch = Wire.readInt32(buf, "EpochEndOffset.leaderEpoch");
            v_endOffset = Wire.readInt64(buf, "EpochEndOffset.endOffset");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "EpochEndOffset._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "EpochEndOffset._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "EpochEndOffset._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "EpochEndOffset._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new EpochEndOffset(v_errorCode, v_partition, v_leaderEpoch, v_endOffset);
        }

        void validate(short version) {
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            buf.writeShort(errorCode);
            buf.writeInt(partition);
            buf.writeInt(leaderEpoch);
            buf.writeLong(endOffset);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += 2;
            size += 4;
            size += 4;
            size += 8;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

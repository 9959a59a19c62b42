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
 * Kafka's Fetch request body (API key 1), versions 4-18, flexible from 12.
 *
 * <p>Generated from {@code src/main/schemas/FetchRequest.json} by {@code CodecGenerator} (test sources);
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
public record FetchRequestMessage(
        String clusterId,
        int replicaId,
        ReplicaState replicaState,
        int maxWaitMs,
        int minBytes,
        int maxBytes,
        byte isolationLevel,
        int sessionId,
        int sessionEpoch,
        List<FetchTopic> topics,
        List<ForgottenTopic> forgottenTopicsData,
        String rackId) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 1;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 4;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 18;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 12;

    /** Every field at its default. */
    public static final FetchRequestMessage DEFAULT = new FetchRequestMessage(null, -1, ReplicaState.DEFAULT, 0, 0, 2147483647, (byte) 0, 0, -1, List.of(), List.of(), "");

    /** @return a copy with {@code clusterId} replaced */
    public FetchRequestMessage withClusterId(String clusterId) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
    }

    /** @return a copy with {@code replicaId} replaced */
    public FetchRequestMessage withReplicaId(int replicaId) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
    }

    /** @return a copy with {@code replicaState} replaced */
    public FetchRequestMessage withReplicaState(ReplicaState replicaState) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
    }

    /** @return a copy with {@code maxWaitMs} replaced */
    public FetchRequestMessage withMaxWaitMs(int maxWaitMs) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
    }

    /** @return a copy with {@code minBytes} replaced */
    public FetchRequestMessage withMinBytes(int minBytes) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
    }

    /** @return a copy with {@code maxBytes} replaced */
    public FetchRequestMessage withMaxBytes(int maxBytes) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
    }

    /** @return a copy with {@code isolationLevel} replaced */
    public FetchRequestMessage withIsolationLevel(byte isolationLevel) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
    }

    /** @return a copy with {@code sessionId} replaced */
    public FetchRequestMessage withSessionId(int sessionId) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
    }

    /** @return a copy with {@code sessionEpoch} replaced */
    public FetchRequestMessage withSessionEpoch(int sessionEpoch) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
    }

    /** @return a copy with {@code topics} replaced */
    public FetchRequestMessage withTopics(List<FetchTopic> topics) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
    }

    /** @return a copy with {@code forgottenTopicsData} replaced */
    public FetchRequestMessage withForgottenTopicsData(List<ForgottenTopic> forgottenTopicsData) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
    }

    /** @return a copy with {@code rackId} replaced */
    public FetchRequestMessage withRackId(String rackId) {
        return new FetchRequestMessage(clusterId, replicaId, replicaState, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgottenTopicsData, rackId);
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
    public static FetchRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("FetchRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 12;
        String v_clusterId = null;
        int v_replicaId = -1;
        ReplicaState v_replicaState = ReplicaState.DEFAULT;
        int v_maxWaitMs = 0;
        int v_minBytes = 0;
        int v_maxBytes = 2147483647;
        byte v_isolationLevel = (byte) 0;
        int v_sessionId = 0;
        int v_sessionEpoch = -1;
        List<FetchTopic> v_topics = List.of();
        List<ForgottenTopic> v_forgottenTopicsData = List.of();
        String v_rackId = "";
        if (version <= 14) {
            v_replicaId = Wire.readInt32(buf, "FetchRequestMessage.replicaId");
        }
        v_maxWaitMs = Wire.readInt32(buf, "FetchRequestMessage.maxWaitMs");
        v_minBytes = Wire.readInt32(buf, "FetchRequestMessage.minBytes");
        v_maxBytes = Wire.readInt32(buf, "FetchRequestMessage.maxBytes");
        v_isolationLevel = Wire.readInt8(buf, "FetchRequestMessage.isolationLevel");
        if (version >= 7) {
            v_sessionId = Wire.readInt32(buf, "FetchRequestMessage.sessionId");
        }
        if (version >= 7) {
            v_sessionEpoch = Wire.readInt32(buf, "FetchRequestMessage.sessionEpoch");
        }
        int n_topics = Wire.readArrayLength(buf, "FetchRequestMessage.topics", flexible, false, version);
        if (n_topics >= 0) {
            List<FetchTopic> l_topics = new ArrayList<>(n_topics);
            for (int k = 0; k < n_topics; k++) {
                l_topics.add(FetchTopic.read(buf, version));
            }
            v_topics = Collections.unmodifiableList(l_topics);
        } else {
            v_topics = null;
        }
        if (version >= 7) {
            int n_forgottenTopicsData = Wire.readArrayLength(buf, "FetchRequestMessage.forgottenTopicsData", flexible, false, version);
            if (n_forgottenTopicsData >= 0) {
                List<ForgottenTopic> l_forgottenTopicsData = new ArrayList<>(n_forgottenTopicsData);
                for (int k = 0; k < n_forgottenTopicsData; k++) {
                    l_forgottenTopicsData.add(ForgottenTopic.read(buf, version));
                }
                v_forgottenTopicsData = Collections.unmodifiableList(l_forgottenTopicsData);
            } else {
                v_forgottenTopicsData = null;
            }
        }
        if (version >= 11) {
            v_rackId = Wire.readString(buf, "FetchRequestMessage.rackId", flexible, false, version);
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "FetchRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "FetchRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "FetchRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "FetchRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    case 0: {
                        if (version >= 12) {
                            v_clusterId = Wire.readString(buf, "FetchRequestMessage.clusterId", flexible, version >= 12, version);
                            Wire.checkTaggedEnd(buf, tagStart, tagSize, "FetchRequestMessage.clusterId");
                        } else {
                            buf.skipBytes(tagSize);
                        }
                        break;
                    }
                    case 1: {
                        if (version >= 15) {
                            v_replicaState = ReplicaState.read(buf, version);
                            Wire.checkTaggedEnd(buf, tagStart, tagSize, "FetchRequestMessage.replicaState");
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
        return new FetchRequestMessage(v_clusterId, v_replicaId, v_replicaState, v_maxWaitMs, v_minBytes, v_maxBytes, v_isolationLevel, v_sessionId, v_sessionEpoch, v_topics, v_forgottenTopicsData, v_rackId);
    }

    void validate(short version) {
        if ((version >= 12) && clusterId == null && !(version >= 12)) {
            throw Wire.nullNotAllowed("FetchRequestMessage.clusterId", version);
        }
        if (!(version <= 14) && replicaId != -1) {
            throw Wire.fieldNotInVersion("FetchRequestMessage.replicaId", version, replicaId);
        }
        if (!(version >= 15) && !Objects.equals(replicaState, ReplicaState.DEFAULT)) {
            throw Wire.fieldNotInVersion("FetchRequestMessage.replicaState", version, replicaState);
        }
        if ((version >= 15) && replicaState == null) {
            throw Wire.nullNotAllowed("FetchRequestMessage.replicaState", version);
        }
        if (topics == null) {
            throw Wire.nullNotAllowed("FetchRequestMessage.topics", version);
        }
        if (!(version >= 7) && !Objects.equals(forgottenTopicsData, List.of())) {
            throw Wire.fieldNotInVersion("FetchRequestMessage.forgottenTopicsData", version, forgottenTopicsData);
        }
        if ((version >= 7) && forgottenTopicsData == null) {
            throw Wire.nullNotAllowed("FetchRequestMessage.forgottenTopicsData", version);
        }
        if ((version >= 11) && rackId == null) {
            throw Wire.nullNotAllowed("FetchRequestMessage.rackId", version);
        }
        if ((version >= 15) && replicaState != null) {
            replicaState.validate(version);
        }
        if (topics != null) {
            for (FetchTopic e : topics) {
                e.validate(version);
            }
        }
        if ((version >= 7) && forgottenTopicsData != null) {
            for (ForgottenTopic e : forgottenTopicsData) {
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
        Wire.checkVersion("FetchRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 12;
        if (version <= 14) {
            buf.writeInt(replicaId);
        }
        buf.writeInt(maxWaitMs);
        buf.writeInt(minBytes);
        buf.writeInt(maxBytes);
        buf.writeByte(isolationLevel);
        if (version >= 7) {
            buf.writeInt(sessionId);
        }
        if (version >= 7) {
            buf.writeInt(sessionEpoch);
        }
        Wire.writeArrayLength(buf, topics, flexible);
        if (topics != null) {
            for (FetchTopic e : topics) {
                e.write(buf, version);
            }
        }
        if (version >= 7) {
            Wire.writeArrayLength(buf, forgottenTopicsData, flexible);
            if (forgottenTopicsData != null) {
                for (ForgottenTopic e : forgottenTopicsData) {
                    e.write(buf, version);
                }
            }
        }
        if (version >= 11) {
            Wire.writeString(buf, rackId, flexible, "FetchRequestMessage.rackId");
        }
        if (flexible) {
            int taggedCount = 0;
            if ((version >= 12) && !Objects.equals(clusterId, null)) {
                taggedCount++;
            }
            if ((version >= 15) && !Objects.equals(replicaState, ReplicaState.DEFAULT)) {
                taggedCount++;
            }
            Wire.writeUnsignedVarint(buf, taggedCount);
            if ((version >= 12) && !Objects.equals(clusterId, null)) {
                Wire.writeUnsignedVarint(buf, 0);
                Wire.writeUnsignedVarint(buf, Wire.sizeOfString(clusterId, flexible));
                Wire.writeString(buf, clusterId, flexible, "FetchRequestMessage.clusterId");
            }
            if ((version >= 15) && !Objects.equals(replicaState, ReplicaState.DEFAULT)) {
                Wire.writeUnsignedVarint(buf, 1);
                Wire.writeUnsignedVarint(buf, replicaState.size(version));
                replicaState.write(buf, version);
            }
        }
    }

    /**
     * @return the exact number of bytes {@link #write} writes at {@code version}
     * @throws io.replog.netty.protocol.UnsupportedVersionException as {@link #write} would
     */
    @Override
    public int size(short version) {
        Wire.checkVersion("FetchRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 12;
        int size = 0;
        if (version <= 14) {
            size += 4;
        }
        size += 4;
        size += 4;
        size += 4;
        size += 1;
        if (version >= 7) {
            size += 4;
        }
        if (version >= 7) {
            size += 4;
        }
        size += sizeOfTopics(topics, version, flexible);
        if (version >= 7) {
            size += sizeOfForgottenTopicsData(forgottenTopicsData, version, flexible);
        }
        if (version >= 11) {
            size += Wire.sizeOfString(rackId, flexible);
        }
        if (flexible) {
            int taggedCount = 0;
            if ((version >= 12) && !Objects.equals(clusterId, null)) {
                taggedCount++;
                int valueSize = Wire.sizeOfString(clusterId, flexible);
                size += Wire.sizeOfUnsignedVarint(0) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
            }
            if ((version >= 15) && !Objects.equals(replicaState, ReplicaState.DEFAULT)) {
                taggedCount++;
                int valueSize = replicaState.size(version);
                size += Wire.sizeOfUnsignedVarint(1) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
            }
            size += Wire.sizeOfUnsignedVarint(taggedCount);
        }
        return size;
    }

    private static int sizeOfTopics(List<FetchTopic> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (FetchTopic e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    private static int sizeOfForgottenTopicsData(List<ForgottenTopic> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (ForgottenTopic e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code ReplicaState} struct of FetchRequestMessage; same guarantees. */
    public record ReplicaState(
            int replicaId,
            long replicaEpoch) {
        /** Every field at its default. */
        public static final ReplicaState DEFAULT = new ReplicaState(-1, -1L);

        /** @return a copy with {@code replicaId} replaced */
        public ReplicaState withReplicaId(int replicaId) {
            return new ReplicaState(replicaId, replicaEpoch);
        }

        /** @return a copy with {@code replicaEpoch} replaced */
        public ReplicaState withReplicaEpoch(long replicaEpoch) {
            return new ReplicaState(replicaId, replicaEpoch);
        }

        static ReplicaState read(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            int v_replicaId = -1;
            long v_replicaEpoch = -1L;
            if (version >= 15) {
                v_replicaId = Wire.readInt32(buf, "ReplicaState.replicaId");
            }
            if (version >= 15) {
                v_replicaEpoch = Wire.readInt64(buf, "ReplicaState.replicaEpoch");
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "ReplicaState._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "ReplicaState._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "ReplicaState._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "ReplicaState._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new ReplicaState(v_replicaId, v_replicaEpoch);
        }

        void validate(short version) {
            if (!(version >= 15) && replicaId != -1) {
                throw Wire.fieldNotInVersion("ReplicaState.replicaId", version, replicaId);
            }
            if (!(version >= 15) && replicaEpoch != -1L) {
                throw Wire.fieldNotInVersion("ReplicaState.replicaEpoch", version, replicaEpoch);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            if (version >= 15) {
                buf.writeInt(replicaId);
            }
            if (version >= 15) {
                buf.writeLong(replicaEpoch);
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 12;
            int size = 0;
            if (version >= 15) {
                size += 4;
            }
            if (version >= 15) {
                size += 8;
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code FetchTopic} struct of FetchRequestMessage; same guarantees. */
    public record FetchTopic(
            String topic,
            UUID topicId,
            List<FetchPartition> partitions) {
        /** Every field at its default. */
        public static final FetchTopic DEFAULT = new FetchTopic("", Wire.ZERO_UUID, List.of());

        /** @return a copy with {@code topic} replaced */
        public FetchTopic withTopic(String topic) {
            return new FetchTopic(topic, topicId, partitions);
        }

        /** @return a copy with {@code topicId} replaced */
        public FetchTopic withTopicId(UUID topicId) {
            return new FetchTopic(topic, topicId, partitions);
        }

        /** @return a copy with {@code partitions} replaced */
        public FetchTopic withPartitions(List<FetchPartition> partitions) {
            return new FetchTopic(topic, topicId, partitions);
        }

        static FetchTopic read(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            String v_topic = "";
            UUID v_topicId = Wire.ZERO_UUID;
            List<FetchPartition> v_partitions = List.of();
            if (version <= 12) {
                v_topic = Wire.readString(buf, "FetchTopic.topic", flexible, false, version);
            }
            if (version >= 13) {
                v_topicId = Wire.readUuid(buf, "FetchTopic.topicId");
            }
            int n_partitions = Wire.readArrayLength(buf, "FetchTopic.partitions", flexible, false, version);
            if (n_partitions >= 0) {
                List<FetchPartition> l_partitions = new ArrayList<>(n_partitions);
                for (int k = 0; k < n_partitions; k++) {
                    l_partitions.add(FetchPartition.read(buf, version));
                }
                v_partitions = Collections.unmodifiableList(l_partitions);
            } else {
                v_partitions = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "FetchTopic._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "FetchTopic._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "FetchTopic._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "FetchTopic._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new FetchTopic(v_topic, v_topicId, v_partitions);
        }

        void validate(short version) {
            if ((version <= 12) && topic == null) {
                throw Wire.nullNotAllowed("FetchTopic.topic", version);
            }
            if ((version >= 13) && topicId == null) {
                throw Wire.nullNotAllowed("FetchTopic.topicId", version);
            }
            if (partitions == null) {
                throw Wire.nullNotAllowed("FetchTopic.partitions", version);
            }
            if (partitions != null) {
                for (FetchPartition e : partitions) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            if (version <= 12) {
                Wire.writeString(buf, topic, flexible, "FetchTopic.topic");
            }
            if (version >= 13) {
                Wire.writeUuid(buf, topicId);
            }
            Wire.writeArrayLength(buf, partitions, flexible);
            if (partitions != null) {
                for (FetchPartition e : partitions) {
                    e.write(buf, version);
                }
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 12;
            int size = 0;
            if (version <= 12) {
                size += Wire.sizeOfString(topic, flexible);
            }
            if (version >= 13) {
                size += 16;
            }
            size += sizeOfPartitions(partitions, version, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfPartitions(List<FetchPartition> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (FetchPartition e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code FetchPartition} struct of FetchRequestMessage; same guarantees. */
    public record FetchPartition(
            int partition,
            int currentLeaderEpoch,
            long fetchOffset,
            int lastFetchedEpoch,
            long logStartOffset,
            int partitionMaxBytes,
            UUID replicaDirectoryId,
            long highWatermark) {
        /** Every field at its default. */
        public static final FetchPartition DEFAULT = new FetchPartition(0, -1, 0L, -1, -1L, 0, Wire.ZERO_UUID, 9223372036854775807L);

        /** @return a copy with {@code partition} replaced */
        public FetchPartition withPartition(int partition) {
            return new FetchPartition(partition, currentLeaderEpoch, fetchOffset, lastFetchedEpoch, logStartOffset, partitionMaxBytes, replicaDirectoryId, highWatermark);
        }

        /** @return a copy with {@code currentLeaderEpoch} replaced */
        public FetchPartition withCurrentLeaderEpoch(int currentLeaderEpoch) {
            return new FetchPartition(partition, currentLeaderEpoch, fetchOffset, lastFetchedEpoch, logStartOffset, partitionMaxBytes, replicaDirectoryId, highWatermark);
        }

        /** @return a copy with {@code fetchOffset} replaced */
        public FetchPartition withFetchOffset(long fetchOffset) {
            return new FetchPartition(partition, currentLeaderEpoch, fetchOffset, lastFetchedEpoch, logStartOffset, partitionMaxBytes, replicaDirectoryId, highWatermark);
        }

        /** @return a copy with {@code lastFetchedEpoch} replaced */
        public FetchPartition withLastFetchedEpoch(int lastFetchedEpoch) {
            return new FetchPartition(partition, currentLeaderEpoch, fetchOffset, lastFetchedEpoch, logStartOffset, partitionMaxBytes, replicaDirectoryId, highWatermark);
        }

        /** @return a copy with {@code logStartOffset} replaced */
        public FetchPartition withLogStartOffset(long logStartOffset) {
            return new FetchPartition(partition, currentLeaderEpoch, fetchOffset, lastFetchedEpoch, logStartOffset, partitionMaxBytes, replicaDirectoryId, highWatermark);
        }

        /** @return a copy with {@code partitionMaxBytes} replaced */
        public FetchPartition withPartitionMaxBytes(int partitionMaxBytes) {
            return new FetchPartition(partition, currentLeaderEpoch, fetchOffset, lastFetchedEpoch, logStartOffset, partitionMaxBytes, replicaDirectoryId, highWatermark);
        }

        /** @return a copy with {@code replicaDirectoryId} replaced */
        public FetchPartition withReplicaDirectoryId(UUID replicaDirectoryId) {
            return new FetchPartition(partition, currentLeaderEpoch, fetchOffset, lastFetchedEpoch, logStartOffset, partitionMaxBytes, replicaDirectoryId, highWatermark);
        }

        /** @return a copy with {@code highWatermark} replaced */
        public FetchPartition withHighWatermark(long highWatermark) {
            return new FetchPartition(partition, currentLeaderEpoch, fetchOffset, lastFetchedEpoch, logStartOffset, partitionMaxBytes, replicaDirectoryId, highWatermark);
        }

        static FetchPartition read(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            int v_partition = 0;
            int v_currentLeaderEpoch = -1;
            long v_fetchOffset = 0L;
            int v_lastFetchedEpoch = -1;
            long v_logStartOffset = -1L;
            int v_partitionMaxBytes = 0;
            UUID v_replicaDirectoryId = Wire.ZERO_UUID;
            long v_highWatermark = 9223372036854775807L;
            v_partition = Wire.readInt32(buf, "FetchPartition.partition");
            if (version >= 9) {
                v_currentLeaderEpoch = Wire.readInt32(buf, "FetchPartition.currentLeaderEpoch");
            }
            v_fetchOffset = Wire.readInt64(buf, "FetchPartition.fetchOffset");
            if (version >= 12) {
                v_lastFetchedEpoch = Wire.readInt32(buf, "FetchPartition.lastFetchedEpoch");
            }
            if (version >= 5) {
                v_logStartOffset = Wire.readInt64(buf, "FetchPartition.logStartOffset");
            }
            v_partitionMaxBytes = Wire.readInt32(buf, "FetchPartition.partitionMaxBytes");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "FetchPartition._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "FetchPartition._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "FetchPartition._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "FetchPartition._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        case 0: {
                            if (version >= 17) {
                                v_replicaDirectoryId = Wire.readUuid(buf, "FetchPartition.replicaDirectoryId");
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "FetchPartition.replicaDirectoryId");
                            } else {
                                buf.skipBytes(tagSize);
                            }
                            break;
                        }
                        case 1: {
                            if (version >= 18) {
                                v_highWatermark = Wire.readInt64(buf, "FetchPartition.highWatermark");
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "FetchPartition.highWatermark");
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
            return new FetchPartition(v_partition, v_currentLeaderEpoch, v_fetchOffset, v_lastFetchedEpoch, v_logStartOffset, v_partitionMaxBytes, v_replicaDirectoryId, v_highWatermark);
        }

        void validate(short version) {
            if (!(version >= 12) && lastFetchedEpoch != -1) {
                throw Wire.fieldNotInVersion("FetchPartition.lastFetchedEpoch", version, lastFetchedEpoch);
            }
            if ((version >= 17) && replicaDirectoryId == null) {
                throw Wire.nullNotAllowed("FetchPartition.replicaDirectoryId", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            buf.writeInt(partition);
            if (version >= 9) {
                buf.writeInt(currentLeaderEpoch);
            }
            buf.writeLong(fetchOffset);
            if (version >= 12) {
                buf.writeInt(lastFetchedEpoch);
            }
            if (version >= 5) {
                buf.writeLong(logStartOffset);
            }
            buf.writeInt(partitionMaxBytes);
            if (flexible) {
                int taggedCount = 0;
                if ((version >= 17) && !Objects.equals(replicaDirectoryId, Wire.ZERO_UUID)) {
                    taggedCount++;
                }
                if ((version >= 18) && highWatermark != 9223372036854775807L) {
                    taggedCount++;
                }
                Wire.writeUnsignedVarint(buf, taggedCount);
                if ((version >= 17) && !Objects.equals(replicaDirectoryId, Wire.ZERO_UUID)) {
                    Wire.writeUnsignedVarint(buf, 0);
                    Wire.writeUnsignedVarint(buf, 16);
                    Wire.writeUuid(buf, replicaDirectoryId);
                }
                if ((version >= 18) && highWatermark != 9223372036854775807L) {
                    Wire.writeUnsignedVarint(buf, 1);
                    Wire.writeUnsignedVarint(buf, 8);
                    buf.writeLong(highWatermark);
                }
            }
        }

        int size(short version) {
            boolean flexible = version >= 12;
            int size = 0;
            size += 4;
            if (version >= 9) {
                size += 4;
            }
            size += 8;
            if (version >= 12) {
                size += 4;
            }
            if (version >= 5) {
                size += 8;
            }
            size += 4;
            if (flexible) {
                int taggedCount = 0;
                if ((version >= 17) && !Objects.equals(replicaDirectoryId, Wire.ZERO_UUID)) {
                    taggedCount++;
                    int valueSize = 16;
                    size += Wire.sizeOfUnsignedVarint(0) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                if ((version >= 18) && highWatermark != 9223372036854775807L) {
                    taggedCount++;
                    int valueSize = 8;
                    size += Wire.sizeOfUnsignedVarint(1) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                size += Wire.sizeOfUnsignedVarint(taggedCount);
            }
            return size;
        }
    }

    /** The {@code ForgottenTopic} struct of FetchRequestMessage; same guarantees. */
    public record ForgottenTopic(
            String topic,
            UUID topicId,
            List<Integer> partitions) {
        /** Every field at its default. */
        public static final ForgottenTopic DEFAULT = new ForgottenTopic("", Wire.ZERO_UUID, List.of());

        /** @return a copy with {@code topic} replaced */
        public ForgottenTopic withTopic(String topic) {
            return new ForgottenTopic(topic, topicId, partitions);
        }

        /** @return a copy with {@code topicId} replaced */
        public ForgottenTopic withTopicId(UUID topicId) {
            return new ForgottenTopic(topic, topicId, partitions);
        }

        /** @return a copy with {@code partitions} replaced */
        public ForgottenTopic withPartitions(List<Integer> partitions) {
            return new ForgottenTopic(topic, topicId, partitions);
        }

        static ForgottenTopic read(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            String v_topic = "";
            UUID v_topicId = Wire.ZERO_UUID;
            List<Integer> v_partitions = List.of();
            if (version >= 7 && version <= 12) {
                v_topic = Wire.readString(buf, "ForgottenTopic.topic", flexible, false, version);
            }
            if (version >= 13) {
                v_topicId = Wire.readUuid(buf, "ForgottenTopic.topicId");
            }
            if (version >= 7) {
                int n_partitions = Wire.readArrayLength(buf, "ForgottenTopic.partitions", flexible, false, version);
                if (n_partitions >= 0) {
                    List<Integer> l_partitions = new ArrayList<>(n_partitions);
                    for (int k = 0; k < n_partitions; k++) {
                        l_partitions.add(Wire.readInt32(buf, "ForgottenTopic.partitions"));
                    }
                    v_partitions = Collections.unmodifiableList(l_partitions);
                } else {
                    v_partitions = null;
                }
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "ForgottenTopic._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "ForgottenTopic._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "ForgottenTopic._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "ForgottenTopic._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new ForgottenTopic(v_topic, v_topicId, v_partitions);
        }

        void validate(short version) {
            if ((version >= 7 && version <= 12) && topic == null) {
                throw Wire.nullNotAllowed("ForgottenTopic.topic", version);
            }
            if ((version >= 13) && topicId == null) {
                throw Wire.nullNotAllowed("ForgottenTopic.topicId", version);
            }
            if (!(version >= 7) && !Objects.equals(partitions, List.of())) {
                throw Wire.fieldNotInVersion("ForgottenTopic.partitions", version, partitions);
            }
            if ((version >= 7) && partitions == null) {
                throw Wire.nullNotAllowed("ForgottenTopic.partitions", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            if (version >= 7 && version <= 12) {
                Wire.writeString(buf, topic, flexible, "ForgottenTopic.topic");
            }
            if (version >= 13) {
                Wire.writeUuid(buf, topicId);
            }
            if (version >= 7) {
                Wire.writeArrayLength(buf, partitions, flexible);
                if (partitions != null) {
                    for (Integer e : partitions) {
                        buf.writeInt(e);
                    }
                }
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 12;
            int size = 0;
            if (version >= 7 && version <= 12) {
                size += Wire.sizeOfString(topic, flexible);
            }
            if (version >= 13) {
                size += 16;
            }
            if (version >= 7) {
                size += Wire.sizeOfArrayLength(partitions, flexible) + (partitions == null ? 0 : partitions.size() * 4);
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

package io.replog.netty.protocol.message;

import io.netty.buffer.ByteBuf;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.RecordsWriter;
import io.replog.netty.protocol.Wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Kafka's Fetch response body (API key 1), versions 4-18, flexible from 12.
 *
 * <p>Generated from {@code src/main/schemas/FetchResponse.json} by {@code CodecGenerator} (test sources);
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
public record FetchResponseMessage(
        int throttleTimeMs,
        short errorCode,
        int sessionId,
        List<FetchableTopicResponse> responses,
        List<NodeEndpoint> nodeEndpoints) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 1;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 4;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 18;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 12;

    /** Every field at its default. */
    public static final FetchResponseMessage DEFAULT = new FetchResponseMessage(0, (short) 0, 0, List.of(), List.of());

    /** @return a copy with {@code throttleTimeMs} replaced */
    public FetchResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new FetchResponseMessage(throttleTimeMs, errorCode, sessionId, responses, nodeEndpoints);
    }

    /** @return a copy with {@code errorCode} replaced */
    public FetchResponseMessage withErrorCode(short errorCode) {
        return new FetchResponseMessage(throttleTimeMs, errorCode, sessionId, responses, nodeEndpoints);
    }

    /** @return a copy with {@code sessionId} replaced */
    public FetchResponseMessage withSessionId(int sessionId) {
        return new FetchResponseMessage(throttleTimeMs, errorCode, sessionId, responses, nodeEndpoints);
    }

    /** @return a copy with {@code responses} replaced */
    public FetchResponseMessage withResponses(List<FetchableTopicResponse> responses) {
        return new FetchResponseMessage(throttleTimeMs, errorCode, sessionId, responses, nodeEndpoints);
    }

    /** @return a copy with {@code nodeEndpoints} replaced */
    public FetchResponseMessage withNodeEndpoints(List<NodeEndpoint> nodeEndpoints) {
        return new FetchResponseMessage(throttleTimeMs, errorCode, sessionId, responses, nodeEndpoints);
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
    public static FetchResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("FetchResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 12;
        int v_throttleTimeMs = 0;
        short v_errorCode = (short) 0;
        int v_sessionId = 0;
        List<FetchableTopicResponse> v_responses = List.of();
        List<NodeEndpoint> v_nodeEndpoints = List.of();
        v_throttleTimeMs = Wire.readInt32(buf, "FetchResponseMessage.throttleTimeMs");
        if (version >= 7) {
            v_errorCode = Wire.readInt16(buf, "FetchResponseMessage.errorCode");
        }
        if (version >= 7) {
            v_sessionId = Wire.readInt32(buf, "FetchResponseMessage.sessionId");
        }
        int n_responses = Wire.readArrayLength(buf, "FetchResponseMessage.responses", flexible, false, version);
        if (n_responses >= 0) {
            List<FetchableTopicResponse> l_responses = new ArrayList<>(n_responses);
            for (int k = 0; k < n_responses; k++) {
                l_responses.add(FetchableTopicResponse.read(buf, version));
            }
            v_responses = Collections.unmodifiableList(l_responses);
        } else {
            v_responses = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "FetchResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "FetchResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "FetchResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "FetchResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    case 0: {
                        if (version >= 16) {
                            int n_nodeEndpoints = Wire.readArrayLength(buf, "FetchResponseMessage.nodeEndpoints", flexible, false, version);
                            if (n_nodeEndpoints >= 0) {
                                List<NodeEndpoint> l_nodeEndpoints = new ArrayList<>(n_nodeEndpoints);
                                for (int k = 0; k < n_nodeEndpoints; k++) {
                                    l_nodeEndpoints.add(NodeEndpoint.read(buf, version));
                                }
                                v_nodeEndpoints = Collections.unmodifiableList(l_nodeEndpoints);
                            } else {
                                v_nodeEndpoints = null;
                            }
                            Wire.checkTaggedEnd(buf, tagStart, tagSize, "FetchResponseMessage.nodeEndpoints");
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
        return new FetchResponseMessage(v_throttleTimeMs, v_errorCode, v_sessionId, v_responses, v_nodeEndpoints);
    }

    void validate(short version) {
        if (!(version >= 7) && sessionId != 0) {
            throw Wire.fieldNotInVersion("FetchResponseMessage.sessionId", version, sessionId);
        }
        if (responses == null) {
            throw Wire.nullNotAllowed("FetchResponseMessage.responses", version);
        }
        if (!(version >= 16) && !Objects.equals(nodeEndpoints, List.of())) {
            throw Wire.fieldNotInVersion("FetchResponseMessage.nodeEndpoints", version, nodeEndpoints);
        }
        if ((version >= 16) && nodeEndpoints == null) {
            throw Wire.nullNotAllowed("FetchResponseMessage.nodeEndpoints", version);
        }
        if (responses != null) {
            for (FetchableTopicResponse e : responses) {
                e.validate(version);
            }
        }
        if ((version >= 16) && nodeEndpoints != null) {
            for (NodeEndpoint e : nodeEndpoints) {
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
        write(buf, version, RecordsWriter.INLINE);
    }

    /**
     * Writes this body at {@code version} from {@code buf}'s writer index, each records field
     * (length prefix and bytes) through {@code recordsWriter}, in the order of the body.
     *
     * @throws io.replog.netty.protocol.UnsupportedVersionException as {@link #write(ByteBuf, short)}
     */
    public void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {
        Wire.checkVersion("FetchResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 12;
        buf.writeInt(throttleTimeMs);
        if (version >= 7) {
            buf.writeShort(errorCode);
        }
        if (version >= 7) {
            buf.writeInt(sessionId);
        }
        Wire.writeArrayLength(buf, responses, flexible);
        if (responses != null) {
            for (FetchableTopicResponse e : responses) {
                e.write(buf, version, recordsWriter);
            }
        }
        if (flexible) {
            int taggedCount = 0;
            if ((version >= 16) && !Objects.equals(nodeEndpoints, List.of())) {
                taggedCount++;
            }
            Wire.writeUnsignedVarint(buf, taggedCount);
            if ((version >= 16) && !Objects.equals(nodeEndpoints, List.of())) {
                Wire.writeUnsignedVarint(buf, 0);
                Wire.writeUnsignedVarint(buf, sizeOfNodeEndpoints(nodeEndpoints, version, flexible));
                Wire.writeArrayLength(buf, nodeEndpoints, flexible);
                if (nodeEndpoints != null) {
                    for (NodeEndpoint e : nodeEndpoints) {
                        e.write(buf, version, recordsWriter);
                    }
                }
            }
        }
    }

    /**
     * @return the exact number of bytes {@link #write} writes at {@code version}
     * @throws io.replog.netty.protocol.UnsupportedVersionException as {@link #write} would
     */
    @Override
    public int size(short version) {
        Wire.checkVersion("FetchResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 12;
        int size = 0;
        size += 4;
        if (version >= 7) {
            size += 2;
        }
        if (version >= 7) {
            size += 4;
        }
        size += sizeOfResponses(responses, version, flexible);
        if (flexible) {
            int taggedCount = 0;
            if ((version >= 16) && !Objects.equals(nodeEndpoints, List.of())) {
                taggedCount++;
                int valueSize = sizeOfNodeEndpoints(nodeEndpoints, version, flexible);
                size += Wire.sizeOfUnsignedVarint(0) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
            }
            size += Wire.sizeOfUnsignedVarint(taggedCount);
        }
        return size;
    }

    private static int sizeOfResponses(List<FetchableTopicResponse> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (FetchableTopicResponse e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    private static int sizeOfNodeEndpoints(List<NodeEndpoint> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (NodeEndpoint e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code FetchableTopicResponse} struct of FetchResponseMessage; same guarantees. */
    public record FetchableTopicResponse(
            String topic,
            UUID topicId,
            List<PartitionData> partitions) {
        /** Every field at its default. */
        public static final FetchableTopicResponse DEFAULT = new FetchableTopicResponse("", Wire.ZERO_UUID, List.of());

        /** @return a copy with {@code topic} replaced */
        public FetchableTopicResponse withTopic(String topic) {
            return new FetchableTopicResponse(topic, topicId, partitions);
        }

        /** @return a copy with {@code topicId} replaced */
        public FetchableTopicResponse withTopicId(UUID topicId) {
            return new FetchableTopicResponse(topic, topicId, partitions);
        }

        /** @return a copy with {@code partitions} replaced */
        public FetchableTopicResponse withPartitions(List<PartitionData> partitions) {
            return new FetchableTopicResponse(topic, topicId, partitions);
        }

        static FetchableTopicResponse read(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            String v_topic = "";
            UUID v_topicId = Wire.ZERO_UUID;
            List<PartitionData> v_partitions = List.of();
            if (version <= 12) {
                v_topic = Wire.readString(buf, "FetchableTopicResponse.topic", flexible, false, version);
            }
            if (version >= 13) {
                v_topicId = Wire.readUuid(buf, "FetchableTopicResponse.topicId");
            }
            int n_partitions = Wire.readArrayLength(buf, "FetchableTopicResponse.partitions", flexible, false, version);
            if (n_partitions >= 0) {
                List<PartitionData> l_partitions = new ArrayList<>(n_partitions);
                for (int k = 0; k < n_partitions; k++) {
                    l_partitions.add(PartitionData.read(buf, version));
                }
                v_partitions = Collections.unmodifiableList(l_partitions);
            } else {
                v_partitions = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "FetchableTopicResponse._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "FetchableTopicResponse._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "FetchableTopicResponse._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "FetchableTopicResponse._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new FetchableTopicResponse(v_topic, v_topicId, v_partitions);
        }

        void validate(short version) {
            if ((version <= 12) && topic == null) {
                throw Wire.nullNotAllowed("FetchableTopicResponse.topic", version);
            }
            if ((version >= 13) && topicId == null) {
                throw Wire.nullNotAllowed("FetchableTopicResponse.topicId", version);
            }
            if (partitions == null) {
                throw Wire.nullNotAllowed("FetchableTopicResponse.partitions", version);
            }
            if (partitions != null) {
                for (PartitionData e : partitions) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {
            boolean flexible = version >= 12;
            if (version <= 12) {
                Wire.writeString(buf, topic, flexible, "FetchableTopicResponse.topic");
            }
            if (version >= 13) {
                Wire.writeUuid(buf, topicId);
            }
            Wire.writeArrayLength(buf, partitions, flexible);
            if (partitions != null) {
                for (PartitionData e : partitions) {
                    e.write(buf, version, recordsWriter);
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

        private static int sizeOfPartitions(List<PartitionData> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (PartitionData e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code PartitionData} struct of FetchResponseMessage; same guarantees. */
    public record PartitionData(
            int partitionIndex,
            short errorCode,
            long highWatermark,
            long lastStableOffset,
            long logStartOffset,
            EpochEndOffset divergingEpoch,
            LeaderIdAndEpoch currentLeader,
            SnapshotId snapshotId,
            List<AbortedTransaction> abortedTransactions,
            int preferredReadReplica,
            ByteBuf records) {
        /** Every field at its default. */
        public static final PartitionData DEFAULT = new PartitionData(0, (short) 0, 0L, -1L, -1L, EpochEndOffset.DEFAULT, LeaderIdAndEpoch.DEFAULT, SnapshotId.DEFAULT, List.of(), -1, null);

        /** @return a copy with {@code partitionIndex} replaced */
        public PartitionData withPartitionIndex(int partitionIndex) {
            return new PartitionData(partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records);
        }

        /** @return a copy with {@code errorCode} replaced */
        public PartitionData withErrorCode(short errorCode) {
            return new PartitionData(partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records);
        }

        /** @return a copy with {@code highWatermark} replaced */
        public PartitionData withHighWatermark(long highWatermark) {
            return new PartitionData(partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records);
        }

        /** @return a copy with {@code lastStableOffset} replaced */
        public PartitionData withLastStableOffset(long lastStableOffset) {
            return new PartitionData(partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records);
        }

        /** @return a copy with {@code logStartOffset} replaced */
        public PartitionData withLogStartOffset(long logStartOffset) {
            return new PartitionData(partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records);
        }

        /** @return a copy with {@code divergingEpoch} replaced */
        public PartitionData withDivergingEpoch(EpochEndOffset divergingEpoch) {
            return new PartitionData(partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records);
        }

        /** @return a copy with {@code currentLeader} replaced */
        public PartitionData withCurrentLeader(LeaderIdAndEpoch currentLeader) {
            return new PartitionData(partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records);
        }

        /** @return a copy with {@code snapshotId} replaced */
        public PartitionData withSnapshotId(SnapshotId snapshotId) {
            return new PartitionData(partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records);
        }

        /** @return a copy with {@code abortedTransactions} replaced */
        public PartitionData withAbortedTransactions(List<AbortedTransaction> abortedTransactions) {
            return new PartitionData(partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records);
        }

        /** @return a copy with {@code preferredReadReplica} replaced */
        public PartitionData withPreferredReadReplica(int preferredReadReplica) {
            return new PartitionData(partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records);
        }

        /** @return a copy with {@code records} replaced */
        public PartitionData withRecords(ByteBuf records) {
            return new PartitionData(partitionIndex, errorCode, highWatermark, lastStableOffset, logStartOffset, divergingEpoch, currentLeader, snapshotId, abortedTransactions, preferredReadReplica, records);
        }

        static PartitionData read(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            int v_partitionIndex = 0;
            short v_errorCode = (short) 0;
            long v_highWatermark = 0L;
            long v_lastStableOffset = -1L;
            long v_logStartOffset = -1L;
            EpochEndOffset v_divergingEpoch = EpochEndOffset.DEFAULT;
            LeaderIdAndEpoch v_currentLeader = LeaderIdAndEpoch.DEFAULT;
            SnapshotId v_snapshotId = SnapshotId.DEFAULT;
            List<AbortedTransaction> v_abortedTransactions = List.of();
            int v_preferredReadReplica = -1;
            ByteBuf v_records = null;
            v_partitionIndex = Wire.readInt32(buf, "PartitionData.partitionIndex");
            v_errorCode = Wire.readInt16(buf, "PartitionData.errorCode");
            v_highWatermark = Wire.readInt64(buf, "PartitionData.highWatermark");
            v_lastStableOffset = Wire.readInt64(buf, "PartitionData.lastStableOffset");
            if (version >= 5) {
                v_logStartOffset = Wire.readInt64(buf, "PartitionData.logStartOffset");
            }
            int n_abortedTransactions = Wire.readArrayLength(buf, "PartitionData.abortedTransactions", flexible, true, version);
            if (n_abortedTransactions >= 0) {
                List<AbortedTransaction> l_abortedTransactions = new ArrayList<>(n_abortedTransactions);
                for (int k = 0; k < n_abortedTransactions; k++) {
                    l_abortedTransactions.add(AbortedTransaction.read(buf, version));
                }
                v_abortedTransactions = Collections.unmodifiableList(l_abortedTransactions);
            } else {
                v_abortedTransactions = null;
            }
            if (version >= 11) {
                v_preferredReadReplica = Wire.readInt32(buf, "PartitionData.preferredReadReplica");
            }
            v_records = Wire.readBytes(buf, "PartitionData.records", flexible, true, version);
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "PartitionData._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "PartitionData._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "PartitionData._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "PartitionData._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        case 0: {
                            if (version >= 12) {
                                v_divergingEpoch = EpochEndOffset.read(buf, version);
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "PartitionData.divergingEpoch");
                            } else {
                                buf.skipBytes(tagSize);
                            }
                            break;
                        }
                        case 1: {
                            if (version >= 12) {
                                v_currentLeader = LeaderIdAndEpoch.read(buf, version);
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "PartitionData.currentLeader");
                            } else {
                                buf.skipBytes(tagSize);
                            }
                            break;
                        }
                        case 2: {
                            if (version >= 12) {
                                v_snapshotId = SnapshotId.read(buf, version);
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "PartitionData.snapshotId");
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
            return new PartitionData(v_partitionIndex, v_errorCode, v_highWatermark, v_lastStableOffset, v_logStartOffset, v_divergingEpoch, v_currentLeader, v_snapshotId, v_abortedTransactions, v_preferredReadReplica, v_records);
        }

        void validate(short version) {
            if (!(version >= 12) && !Objects.equals(divergingEpoch, EpochEndOffset.DEFAULT)) {
                throw Wire.fieldNotInVersion("PartitionData.divergingEpoch", version, divergingEpoch);
            }
            if ((version >= 12) && divergingEpoch == null) {
                throw Wire.nullNotAllowed("PartitionData.divergingEpoch", version);
            }
            if (!(version >= 12) && !Objects.equals(currentLeader, LeaderIdAndEpoch.DEFAULT)) {
                throw Wire.fieldNotInVersion("PartitionData.currentLeader", version, currentLeader);
            }
            if ((version >= 12) && currentLeader == null) {
                throw Wire.nullNotAllowed("PartitionData.currentLeader", version);
            }
            if (!(version >= 12) && !Objects.equals(snapshotId, SnapshotId.DEFAULT)) {
                throw Wire.fieldNotInVersion("PartitionData.snapshotId", version, snapshotId);
            }
            if ((version >= 12) && snapshotId == null) {
                throw Wire.nullNotAllowed("PartitionData.snapshotId", version);
            }
            if (!(version >= 11) && preferredReadReplica != -1) {
                throw Wire.fieldNotInVersion("PartitionData.preferredReadReplica", version, preferredReadReplica);
            }
            if ((version >= 12) && divergingEpoch != null) {
                divergingEpoch.validate(version);
            }
            if ((version >= 12) && currentLeader != null) {
                currentLeader.validate(version);
            }
            if ((version >= 12) && snapshotId != null) {
                snapshotId.validate(version);
            }
            if (abortedTransactions != null) {
                for (AbortedTransaction e : abortedTransactions) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {
            boolean flexible = version >= 12;
            buf.writeInt(partitionIndex);
            buf.writeShort(errorCode);
            buf.writeLong(highWatermark);
            buf.writeLong(lastStableOffset);
            if (version >= 5) {
                buf.writeLong(logStartOffset);
            }
            Wire.writeArrayLength(buf, abortedTransactions, flexible);
            if (abortedTransactions != null) {
                for (AbortedTransaction e : abortedTransactions) {
                    e.write(buf, version, recordsWriter);
                }
            }
            if (version >= 11) {
                buf.writeInt(preferredReadReplica);
            }
            recordsWriter.write(buf, records, flexible);
            if (flexible) {
                int taggedCount = 0;
                if ((version >= 12) && !Objects.equals(divergingEpoch, EpochEndOffset.DEFAULT)) {
                    taggedCount++;
                }
                if ((version >= 12) && !Objects.equals(currentLeader, LeaderIdAndEpoch.DEFAULT)) {
                    taggedCount++;
                }
                if ((version >= 12) && !Objects.equals(snapshotId, SnapshotId.DEFAULT)) {
                    taggedCount++;
                }
                Wire.writeUnsignedVarint(buf, taggedCount);
                if ((version >= 12) && !Objects.equals(divergingEpoch, EpochEndOffset.DEFAULT)) {
                    Wire.writeUnsignedVarint(buf, 0);
                    Wire.writeUnsignedVarint(buf, divergingEpoch.size(version));
                    divergingEpoch.write(buf, version, recordsWriter);
                }
                if ((version >= 12) && !Objects.equals(currentLeader, LeaderIdAndEpoch.DEFAULT)) {
                    Wire.writeUnsignedVarint(buf, 1);
                    Wire.writeUnsignedVarint(buf, currentLeader.size(version));
                    currentLeader.write(buf, version, recordsWriter);
                }
                if ((version >= 12) && !Objects.equals(snapshotId, SnapshotId.DEFAULT)) {
                    Wire.writeUnsignedVarint(buf, 2);
                    Wire.writeUnsignedVarint(buf, snapshotId.size(version));
                    snapshotId.write(buf, version, recordsWriter);
                }
            }
        }

        int size(short version) {
            boolean flexible = version >= 12;
            int size = 0;
            size += 4;
            size += 2;
            size += 8;
            size += 8;
            if (version >= 5) {
                size += 8;
            }
            size += sizeOfAbortedTransactions(abortedTransactions, version, flexible);
            if (version >= 11) {
                size += 4;
            }
            size += Wire.sizeOfBytes(records, flexible);
            if (flexible) {
                int taggedCount = 0;
                if ((version >= 12) && !Objects.equals(divergingEpoch, EpochEndOffset.DEFAULT)) {
                    taggedCount++;
                    int valueSize = divergingEpoch.size(version);
                    size += Wire.sizeOfUnsignedVarint(0) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                if ((version >= 12) && !Objects.equals(currentLeader, LeaderIdAndEpoch.DEFAULT)) {
                    taggedCount++;
                    int valueSize = currentLeader.size(version);
                    size += Wire.sizeOfUnsignedVarint(1) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                if ((version >= 12) && !Objects.equals(snapshotId, SnapshotId.DEFAULT)) {
                    taggedCount++;
                    int valueSize = snapshotId.size(version);
                    size += Wire.sizeOfUnsignedVarint(2) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                size += Wire.sizeOfUnsignedVarint(taggedCount);
            }
            return size;
        }

        private static int sizeOfAbortedTransactions(List<AbortedTransaction> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (AbortedTransaction e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code EpochEndOffset} struct of FetchResponseMessage; same guarantees. */
    public record EpochEndOffset(
            int epoch,
            long endOffset) {
        /** Every field at its default. */
        public static final EpochEndOffset DEFAULT = new EpochEndOffset(-1, -1L);

        /** @return a copy with {@code epoch} replaced */
        public EpochEndOffset withEpoch(int epoch) {
            return new EpochEndOffset(epoch, endOffset);
        }

        /** @return a copy with {@code endOffset} replaced */
        public EpochEndOffset withEndOffset(long endOffset) {
            return new EpochEndOffset(epoch, endOffset);
        }

        static EpochEndOffset read(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            int v_epoch = -1;
            long v_endOffset = -1L;
            if (version >= 12) {
                v_epoch = Wire.readInt32(buf, "EpochEndOffset.epoch");
            }
            if (version >= 12) {
                v_endOffset = Wire.readInt64(buf, "EpochEndOffset.endOffset");
            }
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
            return new EpochEndOffset(v_epoch, v_endOffset);
        }

        void validate(short version) {
            if (!(version >= 12) && epoch != -1) {
                throw Wire.fieldNotInVersion("EpochEndOffset.epoch", version, epoch);
            }
            if (!(version >= 12) && endOffset != -1L) {
                throw Wire.fieldNotInVersion("EpochEndOffset.endOffset", version, endOffset);
            }
        }

        void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {
            boolean flexible = version >= 12;
            if (version >= 12) {
                buf.writeInt(epoch);
            }
            if (version >= 12) {
                buf.writeLong(endOffset);
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 12;
            int size = 0;
            if (version >= 12) {
                size += 4;
            }
            if (version >= 12) {
                size += 8;
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code LeaderIdAndEpoch} struct of FetchResponseMessage; same guarantees. */
    public record LeaderIdAndEpoch(
            int leaderId,
            int leaderEpoch) {
        /** Every field at its default. */
        public static final LeaderIdAndEpoch DEFAULT = new LeaderIdAndEpoch(-1, -1);

        /** @return a copy with {@code leaderId} replaced */
        public LeaderIdAndEpoch withLeaderId(int leaderId) {
            return new LeaderIdAndEpoch(leaderId, leaderEpoch);
        }

        /** @return a copy with {@code leaderEpoch} replaced */
        public LeaderIdAndEpoch withLeaderEpoch(int leaderEpoch) {
            return new LeaderIdAndEpoch(leaderId, leaderEpoch);
        }

        static LeaderIdAndEpoch read(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            int v_leaderId = -1;
            int v_leaderEpoch = -1;
            if (version >= 12) {
                v_leaderId = Wire.readInt32(buf, "LeaderIdAndEpoch.leaderId");
            }
            if (version >= 12) {
                v_leaderEpoch = Wire.readInt32(buf, "LeaderIdAndEpoch.leaderEpoch");
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "LeaderIdAndEpoch._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "LeaderIdAndEpoch._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "LeaderIdAndEpoch._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "LeaderIdAndEpoch._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new LeaderIdAndEpoch(v_leaderId, v_leaderEpoch);
        }

        void validate(short version) {
            if (!(version >= 12) && leaderId != -1) {
                throw Wire.fieldNotInVersion("LeaderIdAndEpoch.leaderId", version, leaderId);
            }
            if (!(version >= 12) && leaderEpoch != -1) {
                throw Wire.fieldNotInVersion("LeaderIdAndEpoch.leaderEpoch", version, leaderEpoch);
            }
        }

        void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {
            boolean flexible = version >= 12;
            if (version >= 12) {
                buf.writeInt(leaderId);
            }
            if (version >= 12) {
                buf.writeInt(leaderEpoch);
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 12;
            int size = 0;
            if (version >= 12) {
                size += 4;
            }
            if (version >= 12) {
                size += 4;
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code SnapshotId} struct of FetchResponseMessage; same guarantees. */
    public record SnapshotId(
            long endOffset,
            int epoch) {
        /** Every field at its default. */
        public static final SnapshotId DEFAULT = new SnapshotId(-1L, -1);

        /** @return a copy with {@code endOffset} replaced */
        public SnapshotId withEndOffset(long endOffset) {
            return new SnapshotId(endOffset, epoch);
        }

        /** @return a copy with {@code epoch} replaced */
        public SnapshotId withEpoch(int epoch) {
            return new SnapshotId(endOffset, epoch);
        }

        static SnapshotId read(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            long v_endOffset = -1L;
            int v_epoch = -1;
            v_endOffset = Wire.readInt64(buf, "SnapshotId.endOffset");
            v_epoch = Wire.readInt32(buf, "SnapshotId.epoch");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "SnapshotId._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "SnapshotId._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "SnapshotId._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "SnapshotId._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new SnapshotId(v_endOffset, v_epoch);
        }

        void validate(short version) {
        }

        void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {
            boolean flexible = version >= 12;
            buf.writeLong(endOffset);
            buf.writeInt(epoch);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 12;
            int size = 0;
            size += 8;
            size += 4;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code AbortedTransaction} struct of FetchResponseMessage; same guarantees. */
    public record AbortedTransaction(
            long producerId,
            long firstOffset) {
        /** Every field at its default. */
        public static final AbortedTransaction DEFAULT = new AbortedTransaction(0L, 0L);

        /** @return a copy with {@code producerId} replaced */
        public AbortedTransaction withProducerId(long producerId) {
            return new AbortedTransaction(producerId, firstOffset);
        }

        /** @return a copy with {@code firstOffset} replaced */
        public AbortedTransaction withFirstOffset(long firstOffset) {
            return new AbortedTransaction(producerId, firstOffset);
        }

        static AbortedTransaction read(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            long v_producerId = 0L;
            long v_firstOffset = 0L;
            v_producerId = Wire.readInt64(buf, "AbortedTransaction.producerId");
            v_firstOffset = Wire.readInt64(buf, "AbortedTransaction.firstOffset");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "AbortedTransaction._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "AbortedTransaction._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "AbortedTransaction._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "AbortedTransaction._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new AbortedTransaction(v_producerId, v_firstOffset);
        }

        void validate(short version) {
        }

        void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {
            boolean flexible = version >= 12;
            buf.writeLong(producerId);
            buf.writeLong(firstOffset);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 12;
            int size = 0;
            size += 8;
            size += 8;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code NodeEndpoint} struct of FetchResponseMessage; same guarantees. */
    public record NodeEndpoint(
            int nodeId,
            String host,
            int port,
            String rack) {
        /** Every field at its default. */
        public static final NodeEndpoint DEFAULT = new NodeEndpoint(0, "", 0, null);

        /** @return a copy with {@code nodeId} replaced */
        public NodeEndpoint withNodeId(int nodeId) {
            return new NodeEndpoint(nodeId, host, port, rack);
        }

        /** @return a copy with {@code host} replaced */
        public NodeEndpoint withHost(String host) {
            return new NodeEndpoint(nodeId, host, port, rack);
        }

        /** @return a copy with {@code port} replaced */
        public NodeEndpoint withPort(int port) {
            return new NodeEndpoint(nodeId, host, port, rack);
        }

        /** @return a copy with {@code rack} replaced */
        public NodeEndpoint withRack(String rack) {
            return new NodeEndpoint(nodeId, host, port, rack);
        }

        static NodeEndpoint read(ByteBuf buf, short version) {
            boolean flexible = version >= 12;
            int v_nodeId = 0;
            String v_host = "";
            int v_port = 0;
            String v_rack = null;
            if (version >= 16) {
                v_nodeId = Wire.readInt32(buf, "NodeEndpoint.nodeId");
            }
            if (version >= 16) {
                v_host = Wire.readString(buf, "NodeEndpoint.host", flexible, false, version);
            }
            if (version >= 16) {
                v_port = Wire.readInt32(buf, "NodeEndpoint.port");
            }
            if (version >= 16) {
                v_rack = Wire.readString(buf, "NodeEndpoint.rack", flexible, version >= 16, version);
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "NodeEndpoint._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "NodeEndpoint._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "NodeEndpoint._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "NodeEndpoint._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new NodeEndpoint(v_nodeId, v_host, v_port, v_rack);
        }

        void validate(short version) {
            if (!(version >= 16) && nodeId != 0) {
                throw Wire.fieldNotInVersion("NodeEndpoint.nodeId", version, nodeId);
            }
            if (!(version >= 16) && !Objects.equals(host, "")) {
                throw Wire.fieldNotInVersion("NodeEndpoint.host", version, host);
            }
            if ((version >= 16) && host == null) {
                throw Wire.nullNotAllowed("NodeEndpoint.host", version);
            }
            if (!(version >= 16) && port != 0) {
                throw Wire.fieldNotInVersion("NodeEndpoint.port", version, port);
            }
            if (!(version >= 16) && !Objects.equals(rack, null)) {
                throw Wire.fieldNotInVersion("NodeEndpoint.rack", version, rack);
            }
            if ((version >= 16) && rack == null && !(version >= 16)) {
                throw Wire.nullNotAllowed("NodeEndpoint.rack", version);
            }
        }

        void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {
            boolean flexible = version >= 12;
            if (version >= 16) {
                buf.writeInt(nodeId);
            }
            if (version >= 16) {
                Wire.writeString(buf, host, flexible, "NodeEndpoint.host");
            }
            if (version >= 16) {
                buf.writeInt(port);
            }
            if (version >= 16) {
                Wire.writeString(buf, rack, flexible, "NodeEndpoint.rack");
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 12;
            int size = 0;
            if (version >= 16) {
                size += 4;
            }
            if (version >= 16) {
                size += Wire.sizeOfString(host, flexible);
            }
            if (version >= 16) {
                size += 4;
            }
            if (version >= 16) {
                size += Wire.sizeOfString(rack, flexible);
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

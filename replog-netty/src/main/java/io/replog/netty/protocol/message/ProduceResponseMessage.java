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
 * Kafka's Produce response body (API key 0), versions 0-13, flexible from 9.
 *
 * <p>Generated from {@code src/main/schemas/ProduceResponse.json} by {@code CodecGenerator} (test sources);
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
public record ProduceResponseMessage(
        List<TopicProduceResponse> responses,
        int throttleTimeMs,
        List<NodeEndpoint> nodeEndpoints) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 0;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 0;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 13;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 9;

    /** Every field at its default. */
    public static final ProduceResponseMessage DEFAULT = new ProduceResponseMessage(List.of(), 0, List.of());

    /** @return a copy with {@code responses} replaced */
    public ProduceResponseMessage withResponses(List<TopicProduceResponse> responses) {
        return new ProduceResponseMessage(responses, throttleTimeMs, nodeEndpoints);
    }

    /** @return a copy with {@code throttleTimeMs} replaced */
    public ProduceResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new ProduceResponseMessage(responses, throttleTimeMs, nodeEndpoints);
    }

    /** @return a copy with {@code nodeEndpoints} replaced */
    public ProduceResponseMessage withNodeEndpoints(List<NodeEndpoint> nodeEndpoints) {
        return new ProduceResponseMessage(responses, throttleTimeMs, nodeEndpoints);
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
    public static ProduceResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("ProduceResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 9;
        List<TopicProduceResponse> v_responses = List.of();
        int v_throttleTimeMs = 0;
        List<NodeEndpoint> v_nodeEndpoints = List.of();
        int n_responses = Wire.readArrayLength(buf, "ProduceResponseMessage.responses", flexible, false, version);
        if (n_responses >= 0) {
            List<TopicProduceResponse> l_responses = new ArrayList<>(n_responses);
            for (int k = 0; k < n_responses; k++) {
                l_responses.add(TopicProduceResponse.read(buf, version));
            }
            v_responses = Collections.unmodifiableList(l_responses);
        } else {
            v_responses = null;
        }
        if (version >= 1) {
            v_throttleTimeMs = Wire.readInt32(buf, "ProduceResponseMessage.throttleTimeMs");
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "ProduceResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "ProduceResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "ProduceResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "ProduceResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    case 0: {
                        if (version >= 10) {
                            int n_nodeEndpoints = Wire.readArrayLength(buf, "ProduceResponseMessage.nodeEndpoints", flexible, false, version);
                            if (n_nodeEndpoints >= 0) {
                                List<NodeEndpoint> l_nodeEndpoints = new ArrayList<>(n_nodeEndpoints);
                                for (int k = 0; k < n_nodeEndpoints; k++) {
                                    l_nodeEndpoints.add(NodeEndpoint.read(buf, version));
                                }
                                v_nodeEndpoints = Collections.unmodifiableList(l_nodeEndpoints);
                            } else {
                                v_nodeEndpoints = null;
                            }
                            Wire.checkTaggedEnd(buf, tagStart, tagSize, "ProduceResponseMessage.nodeEndpoints");
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
        return new ProduceResponseMessage(v_responses, v_throttleTimeMs, v_nodeEndpoints);
    }

    void validate(short version) {
        if (responses == null) {
            throw Wire.nullNotAllowed("ProduceResponseMessage.responses", version);
        }
        if (!(version >= 10) && !Objects.equals(nodeEndpoints, List.of())) {
            throw Wire.fieldNotInVersion("ProduceResponseMessage.nodeEndpoints", version, nodeEndpoints);
        }
        if ((version >= 10) && nodeEndpoints == null) {
            throw Wire.nullNotAllowed("ProduceResponseMessage.nodeEndpoints", version);
        }
        if (responses != null) {
            for (TopicProduceResponse e : responses) {
                e.validate(version);
            }
        }
        if ((version >= 10) && nodeEndpoints != null) {
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
        Wire.checkVersion("ProduceResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 9;
        Wire.writeArrayLength(buf, responses, flexible);
        if (responses != null) {
            for (TopicProduceResponse e : responses) {
                e.write(buf, version);
            }
        }
        if (version >= 1) {
            buf.writeInt(throttleTimeMs);
        }
        if (flexible) {
            int taggedCount = 0;
            if ((version >= 10) && !Objects.equals(nodeEndpoints, List.of())) {
                taggedCount++;
            }
            Wire.writeUnsignedVarint(buf, taggedCount);
            if ((version >= 10) && !Objects.equals(nodeEndpoints, List.of())) {
                Wire.writeUnsignedVarint(buf, 0);
                Wire.writeUnsignedVarint(buf, sizeOfNodeEndpoints(nodeEndpoints, version, flexible));
                Wire.writeArrayLength(buf, nodeEndpoints, flexible);
                if (nodeEndpoints != null) {
                    for (NodeEndpoint e : nodeEndpoints) {
                        e.write(buf, version);
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
        Wire.checkVersion("ProduceResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 9;
        int size = 0;
        size += sizeOfResponses(responses, version, flexible);
        if (version >= 1) {
            size += 4;
        }
        if (flexible) {
            int taggedCount = 0;
            if ((version >= 10) && !Objects.equals(nodeEndpoints, List.of())) {
                taggedCount++;
                int valueSize = sizeOfNodeEndpoints(nodeEndpoints, version, flexible);
                size += Wire.sizeOfUnsignedVarint(0) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
            }
            size += Wire.sizeOfUnsignedVarint(taggedCount);
        }
        return size;
    }

    private static int sizeOfResponses(List<TopicProduceResponse> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (TopicProduceResponse e : list) {
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

    /** The {@code TopicProduceResponse} struct of ProduceResponseMessage; same guarantees. */
    public record TopicProduceResponse(
            String name,
            UUID topicId,
            List<PartitionProduceResponse> partitionResponses) {
        /** Every field at its default. */
        public static final TopicProduceResponse DEFAULT = new TopicProduceResponse("", Wire.ZERO_UUID, List.of());

        /** @return a copy with {@code name} replaced */
        public TopicProduceResponse withName(String name) {
            return new TopicProduceResponse(name, topicId, partitionResponses);
        }

        /** @return a copy with {@code topicId} replaced */
        public TopicProduceResponse withTopicId(UUID topicId) {
            return new TopicProduceResponse(name, topicId, partitionResponses);
        }

        /** @return a copy with {@code partitionResponses} replaced */
        public TopicProduceResponse withPartitionResponses(List<PartitionProduceResponse> partitionResponses) {
            return new TopicProduceResponse(name, topicId, partitionResponses);
        }

        static TopicProduceResponse read(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            String v_name = "";
            UUID v_topicId = Wire.ZERO_UUID;
            List<PartitionProduceResponse> v_partitionResponses = List.of();
            if (version <= 12) {
                v_name = Wire.readString(buf, "TopicProduceResponse.name", flexible, false, version);
            }
            if (version >= 13) {
                v_topicId = Wire.readUuid(buf, "TopicProduceResponse.topicId");
            }
            int n_partitionResponses = Wire.readArrayLength(buf, "TopicProduceResponse.partitionResponses", flexible, false, version);
            if (n_partitionResponses >= 0) {
                List<PartitionProduceResponse> l_partitionResponses = new ArrayList<>(n_partitionResponses);
                for (int k = 0; k < n_partitionResponses; k++) {
                    l_partitionResponses.add(PartitionProduceResponse.read(buf, version));
                }
                v_partitionResponses = Collections.unmodifiableList(l_partitionResponses);
            } else {
                v_partitionResponses = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "TopicProduceResponse._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "TopicProduceResponse._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "TopicProduceResponse._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "TopicProduceResponse._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new TopicProduceResponse(v_name, v_topicId, v_partitionResponses);
        }

        void validate(short version) {
            if ((version <= 12) && name == null) {
                throw Wire.nullNotAllowed("TopicProduceResponse.name", version);
            }
            if ((version >= 13) && topicId == null) {
                throw Wire.nullNotAllowed("TopicProduceResponse.topicId", version);
            }
            if (partitionResponses == null) {
                throw Wire.nullNotAllowed("TopicProduceResponse.partitionResponses", version);
            }
            if (partitionResponses != null) {
                for (PartitionProduceResponse e : partitionResponses) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            if (version <= 12) {
                Wire.writeString(buf, name, flexible, "TopicProduceResponse.name");
            }
            if (version >= 13) {
                Wire.writeUuid(buf, topicId);
            }
            Wire.writeArrayLength(buf, partitionResponses, flexible);
            if (partitionResponses != null) {
                for (PartitionProduceResponse e : partitionResponses) {
                    e.write(buf, version);
                }
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 9;
            int size = 0;
            if (version <= 12) {
                size += Wire.sizeOfString(name, flexible);
            }
            if (version >= 13) {
                size += 16;
            }
            size += sizeOfPartitionResponses(partitionResponses, version, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfPartitionResponses(List<PartitionProduceResponse> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (PartitionProduceResponse e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code PartitionProduceResponse} struct of ProduceResponseMessage; same guarantees. */
    public record PartitionProduceResponse(
            int index,
            short errorCode,
            long baseOffset,
            long logAppendTimeMs,
            long logStartOffset,
            List<BatchIndexAndErrorMessage> recordErrors,
            String errorMessage,
            LeaderIdAndEpoch currentLeader) {
        /** Every field at its default. */
        public static final PartitionProduceResponse DEFAULT = new PartitionProduceResponse(0, (short) 0, 0L, -1L, -1L, List.of(), null, LeaderIdAndEpoch.DEFAULT);

        /** @return a copy with {@code index} replaced */
        public PartitionProduceResponse withIndex(int index) {
            return new PartitionProduceResponse(index, errorCode, baseOffset, logAppendTimeMs, logStartOffset, recordErrors, errorMessage, currentLeader);
        }

        /** @return a copy with {@code errorCode} replaced */
        public PartitionProduceResponse withErrorCode(short errorCode) {
            return new PartitionProduceResponse(index, errorCode, baseOffset, logAppendTimeMs, logStartOffset, recordErrors, errorMessage, currentLeader);
        }

        /** @return a copy with {@code baseOffset} replaced */
        public PartitionProduceResponse withBaseOffset(long baseOffset) {
            return new PartitionProduceResponse(index, errorCode, baseOffset, logAppendTimeMs, logStartOffset, recordErrors, errorMessage, currentLeader);
        }

        /** @return a copy with {@code logAppendTimeMs} replaced */
        public PartitionProduceResponse withLogAppendTimeMs(long logAppendTimeMs) {
            return new PartitionProduceResponse(index, errorCode, baseOffset, logAppendTimeMs, logStartOffset, recordErrors, errorMessage, currentLeader);
        }

        /** @return a copy with {@code logStartOffset} replaced */
        public PartitionProduceResponse withLogStartOffset(long logStartOffset) {
            return new PartitionProduceResponse(index, errorCode, baseOffset, logAppendTimeMs, logStartOffset, recordErrors, errorMessage, currentLeader);
        }

        /** @return a copy with {@code recordErrors} replaced */
        public PartitionProduceResponse withRecordErrors(List<BatchIndexAndErrorMessage> recordErrors) {
            return new PartitionProduceResponse(index, errorCode, baseOffset, logAppendTimeMs, logStartOffset, recordErrors, errorMessage, currentLeader);
        }

        /** @return a copy with {@code errorMessage} replaced */
        public PartitionProduceResponse withErrorMessage(String errorMessage) {
            return new PartitionProduceResponse(index, errorCode, baseOffset, logAppendTimeMs, logStartOffset, recordErrors, errorMessage, currentLeader);
        }

        /** @return a copy with {@code currentLeader} replaced */
        public PartitionProduceResponse withCurrentLeader(LeaderIdAndEpoch currentLeader) {
            return new PartitionProduceResponse(index, errorCode, baseOffset, logAppendTimeMs, logStartOffset, recordErrors, errorMessage, currentLeader);
        }

        static PartitionProduceResponse read(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            int v_index = 0;
            short v_errorCode = (short) 0;
            long v_baseOffset = 0L;
            long v_logAppendTimeMs = -1L;
            long v_logStartOffset = -1L;
            List<BatchIndexAndErrorMessage> v_recordErrors = List.of();
            String v_errorMessage = null;
            LeaderIdAndEpoch v_currentLeader = LeaderIdAndEpoch.DEFAULT;
            v_index = Wire.readInt32(buf, "PartitionProduceResponse.index");
            v_errorCode = Wire.readInt16(buf, "PartitionProduceResponse.errorCode");
            v_baseOffset = Wire.readInt64(buf, "PartitionProduceResponse.baseOffset");
            if (version >= 2) {
                v_logAppendTimeMs = Wire.readInt64(buf, "PartitionProduceResponse.logAppendTimeMs");
            }
            if (version >= 5) {
                v_logStartOffset = Wire.readInt64(buf, "PartitionProduceResponse.logStartOffset");
            }
            if (version >= 8) {
                int n_recordErrors = Wire.readArrayLength(buf, "PartitionProduceResponse.recordErrors", flexible, false, version);
                if (n_recordErrors >= 0) {
                    List<BatchIndexAndErrorMessage> l_recordErrors = new ArrayList<>(n_recordErrors);
                    for (int k = 0; k < n_recordErrors; k++) {
                        l_recordErrors.add(BatchIndexAndErrorMessage.read(buf, version));
                    }
                    v_recordErrors = Collections.unmodifiableList(l_recordErrors);
                } else {
                    v_recordErrors = null;
                }
            }
            if (version >= 8) {
                v_errorMessage = Wire.readString(buf, "PartitionProduceResponse.errorMessage", flexible, version >= 8, version);
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "PartitionProduceResponse._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "PartitionProduceResponse._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "PartitionProduceResponse._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "PartitionProduceResponse._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        case 0: {
                            if (version >= 10) {
                                v_currentLeader = LeaderIdAndEpoch.read(buf, version);
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "PartitionProduceResponse.currentLeader");
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
            return new PartitionProduceResponse(v_index, v_errorCode, v_baseOffset, v_logAppendTimeMs, v_logStartOffset, v_recordErrors, v_errorMessage, v_currentLeader);
        }

        void validate(short version) {
            if ((version >= 8) && recordErrors == null) {
                throw Wire.nullNotAllowed("PartitionProduceResponse.recordErrors", version);
            }
            if ((version >= 8) && errorMessage == null && !(version >= 8)) {
                throw Wire.nullNotAllowed("PartitionProduceResponse.errorMessage", version);
            }
            if (!(version >= 10) && !Objects.equals(currentLeader, LeaderIdAndEpoch.DEFAULT)) {
                throw Wire.fieldNotInVersion("PartitionProduceResponse.currentLeader", version, currentLeader);
            }
            if ((version >= 10) && currentLeader == null) {
                throw Wire.nullNotAllowed("PartitionProduceResponse.currentLeader", version);
            }
            if ((version >= 8) && recordErrors != null) {
                for (BatchIndexAndErrorMessage e : recordErrors) {
                    e.validate(version);
                }
            }
            if ((version >= 10) && currentLeader != null) {
                currentLeader.validate(version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            buf.writeInt(index);
            buf.writeShort(errorCode);
            buf.writeLong(baseOffset);
            if (version >= 2) {
                buf.writeLong(logAppendTimeMs);
            }
            if (version >= 5) {
                buf.writeLong(logStartOffset);
            }
            if (version >= 8) {
                Wire.writeArrayLength(buf, recordErrors, flexible);
                if (recordErrors != null) {
                    for (BatchIndexAndErrorMessage e : recordErrors) {
                        e.write(buf, version);
                    }
                }
            }
            if (version >= 8) {
                Wire.writeString(buf, errorMessage, flexible, "PartitionProduceResponse.errorMessage");
            }
            if (flexible) {
                int taggedCount = 0;
                if ((version >= 10) && !Objects.equals(currentLeader, LeaderIdAndEpoch.DEFAULT)) {
                    taggedCount++;
                }
                Wire.writeUnsignedVarint(buf, taggedCount);
                if ((version >= 10) && !Objects.equals(currentLeader, LeaderIdAndEpoch.DEFAULT)) {
                    Wire.writeUnsignedVarint(buf, 0);
                    Wire.writeUnsignedVarint(buf, currentLeader.size(version));
                    currentLeader.write(buf, version);
                }
            }
        }

        int size(short version) {
            boolean flexible = version >= 9;
            int size = 0;
            size += 4;
            size += 2;
            size += 8;
            if (version >= 2) {
                size += 8;
            }
            if (version >= 5) {
                size += 8;
            }
            if (version >= 8) {
                size += sizeOfRecordErrors(recordErrors, version, flexible);
            }
            if (version >= 8) {
                size += Wire.sizeOfString(errorMessage, flexible);
            }
            if (flexible) {
                int taggedCount = 0;
                if ((version >= 10) && !Objects.equals(currentLeader, LeaderIdAndEpoch.DEFAULT)) {
                    taggedCount++;
                    int valueSize = currentLeader.size(version);
                    size += Wire.sizeOfUnsignedVarint(0) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                size += Wire.sizeOfUnsignedVarint(taggedCount);
            }
            return size;
        }

        private static int sizeOfRecordErrors(List<BatchIndexAndErrorMessage> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (BatchIndexAndErrorMessage e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code BatchIndexAndErrorMessage} struct of ProduceResponseMessage; same guarantees. */
    public record BatchIndexAndErrorMessage(
            int batchIndex,
            String batchIndexErrorMessage) {
        /** Every field at its default. */
        public static final BatchIndexAndErrorMessage DEFAULT = new BatchIndexAndErrorMessage(0, null);

        /** @return a copy with {@code batchIndex} replaced */
        public BatchIndexAndErrorMessage withBatchIndex(int batchIndex) {
            return new BatchIndexAndErrorMessage(batchIndex, batchIndexErrorMessage);
        }

        /** @return a copy with {@code batchIndexErrorMessage} replaced */
        public BatchIndexAndErrorMessage withBatchIndexErrorMessage(String batchIndexErrorMessage) {
            return new BatchIndexAndErrorMessage(batchIndex, batchIndexErrorMessage);
        }

        static BatchIndexAndErrorMessage read(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            int v_batchIndex = 0;
            String v_batchIndexErrorMessage = null;
            if (version >= 8) {
                v_batchIndex = Wire.readInt32(buf, "BatchIndexAndErrorMessage.batchIndex");
            }
            if (version >= 8) {
                v_batchIndexErrorMessage = Wire.readString(buf, "BatchIndexAndErrorMessage.batchIndexErrorMessage", flexible, version >= 8, version);
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "BatchIndexAndErrorMessage._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "BatchIndexAndErrorMessage._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "BatchIndexAndErrorMessage._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "BatchIndexAndErrorMessage._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new BatchIndexAndErrorMessage(v_batchIndex, v_batchIndexErrorMessage);
        }

        void validate(short version) {
            if (!(version >= 8) && batchIndex != 0) {
                throw Wire.fieldNotInVersion("BatchIndexAndErrorMessage.batchIndex", version, batchIndex);
            }
            if (!(version >= 8) && !Objects.equals(batchIndexErrorMessage, null)) {
                throw Wire.fieldNotInVersion("BatchIndexAndErrorMessage.batchIndexErrorMessage", version, batchIndexErrorMessage);
            }
            if ((version >= 8) && batchIndexErrorMessage == null && !(version >= 8)) {
                throw Wire.nullNotAllowed("BatchIndexAndErrorMessage.batchIndexErrorMessage", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            if (version >= 8) {
                buf.writeInt(batchIndex);
            }
            if (version >= 8) {
                Wire.writeString(buf, batchIndexErrorMessage, flexible, "BatchIndexAndErrorMessage.batchIndexErrorMessage");
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 9;
            int size = 0;
            if (version >= 8) {
                size += 4;
            }
            if (version >= 8) {
                size += Wire.sizeOfString(batchIndexErrorMessage, flexible);
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code LeaderIdAndEpoch} struct of ProduceResponseMessage; same guarantees. */
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
            boolean flexible = version >= 9;
            int v_leaderId = -1;
            int v_leaderEpoch = -1;
            if (version >= 10) {
                v_leaderId = Wire.readInt32(buf, "LeaderIdAndEpoch.leaderId");
            }
            if (version >= 10) {
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
            if (!(version >= 10) && leaderId != -1) {
                throw Wire.fieldNotInVersion("LeaderIdAndEpoch.leaderId", version, leaderId);
            }
            if (!(version >= 10) && leaderEpoch != -1) {
                throw Wire.fieldNotInVersion("LeaderIdAndEpoch.leaderEpoch", version, leaderEpoch);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            if (version >= 10) {
                buf.writeInt(leaderId);
            }
            if (version >= 10) {
                buf.writeInt(leaderEpoch);
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 9;
            int size = 0;
            if (version >= 10) {
                size += 4;
            }
            if (version >= 10) {
                size += 4;
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code NodeEndpoint} struct of ProduceResponseMessage; same guarantees. */
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
            boolean flexible = version >= 9;
            int v_nodeId = 0;
            String v_host = "";
            int v_port = 0;
            String v_rack = null;
            if (version >= 10) {
                v_nodeId = Wire.readInt32(buf, "NodeEndpoint.nodeId");
            }
            if (version >= 10) {
                v_host = Wire.readString(buf, "NodeEndpoint.host", flexible, false, version);
            }
            if (version >= 10) {
                v_port = Wire.readInt32(buf, "NodeEndpoint.port");
            }
            if (version >= 10) {
                v_rack = Wire.readString(buf, "NodeEndpoint.rack", flexible, version >= 10, version);
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
            if (!(version >= 10) && nodeId != 0) {
                throw Wire.fieldNotInVersion("NodeEndpoint.nodeId", version, nodeId);
            }
            if (!(version >= 10) && !Objects.equals(host, "")) {
                throw Wire.fieldNotInVersion("NodeEndpoint.host", version, host);
            }
            if ((version >= 10) && host == null) {
                throw Wire.nullNotAllowed("NodeEndpoint.host", version);
            }
            if (!(version >= 10) && port != 0) {
                throw Wire.fieldNotInVersion("NodeEndpoint.port", version, port);
            }
            if (!(version >= 10) && !Objects.equals(rack, null)) {
                throw Wire.fieldNotInVersion("NodeEndpoint.rack", version, rack);
            }
            if ((version >= 10) && rack == null && !(version >= 10)) {
                throw Wire.nullNotAllowed("NodeEndpoint.rack", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            if (version >= 10) {
                buf.writeInt(nodeId);
            }
            if (version >= 10) {
                Wire.writeString(buf, host, flexible, "NodeEndpoint.host");
            }
            if (version >= 10) {
                buf.writeInt(port);
            }
            if (version >= 10) {
                Wire.writeString(buf, rack, flexible, "NodeEndpoint.rack");
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 9;
            int size = 0;
            if (version >= 10) {
                size += 4;
            }
            if (version >= 10) {
                size += Wire.sizeOfString(host, flexible);
            }
            if (version >= 10) {
                size += 4;
            }
            if (version >= 10) {
                size += Wire.sizeOfString(rack, flexible);
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

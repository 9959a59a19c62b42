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
 * Kafka's ElectLeaders response body (API key 43), versions 0-2, flexible from 2.
 *
 * <p>Generated from {@code src/main/schemas/ElectLeadersResponse.json} by {@code CodecGenerator} (test sources);
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
public record ElectLeadersResponseMessage(
        int throttleTimeMs,
        short errorCode,
        List<ReplicaElectionResult> replicaElectionResults) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 43;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 0;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 2;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 2;

    /** Every field at its default. */
    public static final ElectLeadersResponseMessage DEFAULT = new ElectLeadersResponseMessage(0, (short) 0, List.of());

    /** @return a copy with {@code throttleTimeMs} replaced */
    public ElectLeadersResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new ElectLeadersResponseMessage(throttleTimeMs, errorCode, replicaElectionResults);
    }

    /** @return a copy with {@code errorCode} replaced */
    public ElectLeadersResponseMessage withErrorCode(short errorCode) {
        return new ElectLeadersResponseMessage(throttleTimeMs, errorCode, replicaElectionResults);
    }

    /** @return a copy with {@code replicaElectionResults} replaced */
    public ElectLeadersResponseMessage withReplicaElectionResults(List<ReplicaElectionResult> replicaElectionResults) {
        return new ElectLeadersResponseMessage(throttleTimeMs, errorCode, replicaElectionResults);
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
    public static ElectLeadersResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("ElectLeadersResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 2;
        int v_throttleTimeMs = 0;
        short v_errorCode = (short) 0;
        List<ReplicaElectionResult> v_replicaElectionResults = List.of();
        v_throttleTimeMs = Wire.readInt32(buf, "ElectLeadersResponseMessage.throttleTimeMs");
        if (version >= 1) {
            v_errorCode = Wire.readInt16(buf, "ElectLeadersResponseMessage.errorCode");
        }
        int n_replicaElectionResults = Wire.readArrayLength(buf, "ElectLeadersResponseMessage.replicaElectionResults", flexible, false, version);
        if (n_replicaElectionResults >= 0) {
            List<ReplicaElectionResult> l_replicaElectionResults = new ArrayList<>(n_replicaElectionResults);
            for (int k = 0; k < n_replicaElectionResults; k++) {
                l_replicaElectionResults.add(ReplicaElectionResult.read(buf, version));
            }
            v_replicaElectionResults = Collections.unmodifiableList(l_replicaElectionResults);
        } else {
            v_replicaElectionResults = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "ElectLeadersResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "ElectLeadersResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "ElectLeadersResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "ElectLeadersResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new ElectLeadersResponseMessage(v_throttleTimeMs, v_errorCode, v_replicaElectionResults);
    }

    void validate(short version) {
        if (!(version >= 1) && errorCode != (short) 0) {
            throw Wire.fieldNotInVersion("ElectLeadersResponseMessage.errorCode", version, errorCode);
        }
        if (replicaElectionResults == null) {
            throw Wire.nullNotAllowed("ElectLeadersResponseMessage.replicaElectionResults", version);
        }
        if (replicaElectionResults != null) {
            for (ReplicaElectionResult e : replicaElectionResults) {
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
        Wire.checkVersion("ElectLeadersResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        buf.writeInt(throttleTimeMs);
        if (version >= 1) {
            buf.writeShort(errorCode);
        }
        Wire.writeArrayLength(buf, replicaElectionResults, flexible);
        if (replicaElectionResults != null) {
            for (ReplicaElectionResult e : replicaElectionResults) {
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
        Wire.checkVersion("ElectLeadersResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        int size = 0;
        size += 4;
        if (version >= 1) {
            size += 2;
        }
        size += sizeOfReplicaElectionResults(replicaElectionResults, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfReplicaElectionResults(List<ReplicaElectionResult> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (ReplicaElectionResult e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code ReplicaElectionResult} struct of ElectLeadersResponseMessage; same guarantees. */
    public record ReplicaElectionResult(
            String topic,
            List<PartitionResult> partitionResult) {
        /** Every field at its default. */
        public static final ReplicaElectionResult DEFAULT = new ReplicaElectionResult("", List.of());

        /** @return a copy with {@code topic} replaced */
        public ReplicaElectionResult withTopic(String topic) {
            return new ReplicaElectionResult(topic, partitionResult);
        }

        /** @return a copy with {@code partitionResult} replaced */
        public ReplicaElectionResult withPartitionResult(List<PartitionResult> partitionResult) {
            return new ReplicaElectionResult(topic, partitionResult);
        }

        static ReplicaElectionResult read(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            String v_topic = "";
            List<PartitionResult> v_partitionResult = List.of();
            v_topic = Wire.readString(buf, "ReplicaElectionResult.topic", flexible, false, version);
            int n_partitionResult = Wire.readArrayLength(buf, "ReplicaElectionResult.partitionResult", flexible, false, version);
            if (n_partitionResult >= 0) {
                List<PartitionResult> l_partitionResult = new ArrayList<>(n_partitionResult);
                for (int k = 0; k < n_partitionResult; k++) {
                    l_partitionResult.add(PartitionResult.read(buf, version));
                }
                v_partitionResult = Collections.unmodifiableList(l_partitionResult);
            } else {
                v_partitionResult = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "ReplicaElectionResult._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "ReplicaElectionResult._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "ReplicaElectionResult._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "ReplicaElectionResult._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new ReplicaElectionResult(v_topic, v_partitionResult);
        }

        void validate(short version) {
            if (topic == null) {
                throw Wire.nullNotAllowed("ReplicaElectionResult.topic", version);
            }
            if (partitionResult == null) {
                throw Wire.nullNotAllowed("ReplicaElectionResult.partitionResult", version);
            }
            if (partitionResult != null) {
                for (PartitionResult e : partitionResult) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            Wire.writeString(buf, topic, flexible, "ReplicaElectionResult.topic");
            Wire.writeArrayLength(buf, partitionResult, flexible);
            if (partitionResult != null) {
                for (PartitionResult e : partitionResult) {
                    e.write(buf, version);
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
            size += sizeOfPartitionResult(partitionResult, version, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfPartitionResult(List<PartitionResult> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (PartitionResult e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code PartitionResult} struct of ElectLeadersResponseMessage; same guarantees. */
    public record PartitionResult(
            int partitionId,
            short errorCode,
            String errorMessage) {
        /** Every field at its default. */
        public static final PartitionResult DEFAULT = new PartitionResult(0, (short) 0, "");

        /** @return a copy with {@code partitionId} replaced */
        public PartitionResult withPartitionId(int partitionId) {
            return new PartitionResult(partitionId, errorCode, errorMessage);
        }

        /** @return a copy with {@code errorCode} replaced */
        public PartitionResult withErrorCode(short errorCode) {
            return new PartitionResult(partitionId, errorCode, errorMessage);
        }

        /** @return a copy with {@code errorMessage} replaced */
        public PartitionResult withErrorMessage(String errorMessage) {
            return new PartitionResult(partitionId, errorCode, errorMessage);
        }

        static PartitionResult read(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            int v_partitionId = 0;
            short v_errorCode = (short) 0;
            String v_errorMessage = "";
            v_partitionId = Wire.readInt32(buf, "PartitionResult.partitionId");
            v_errorCode = Wire.readInt16(buf, "PartitionResult.errorCode");
            v_errorMessage = Wire.readString(buf, "PartitionResult.errorMessage", flexible, true, version);
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "PartitionResult._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "PartitionResult._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "PartitionResult._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "PartitionResult._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new PartitionResult(v_partitionId, v_errorCode, v_errorMessage);
        }

        void validate(short version) {
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            buf.writeInt(partitionId);
            buf.writeShort(errorCode);
            Wire.writeString(buf, errorMessage, flexible, "PartitionResult.errorMessage");
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 2;
            int size = 0;
            size += 4;
            size += 2;
            size += Wire.sizeOfString(errorMessage, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

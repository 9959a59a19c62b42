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
 * Kafka's StopReplica response body (API key 5), version 4, inter-broker only, flexible from 2.
 *
 * <p>Generated from {@code src/main/schemas/StopReplicaResponse.json} by {@code CodecGenerator} (test sources);
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
public record StopReplicaResponseMessage(
        short errorCode,
        List<StopReplicaPartitionError> partitionErrors) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 5;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 4;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 4;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 2;

    /** Every field at its default. */
    public static final StopReplicaResponseMessage DEFAULT = new StopReplicaResponseMessage((short) 0, List.of());

    /** @return a copy with {@code errorCode} replaced */
    public StopReplicaResponseMessage withErrorCode(short errorCode) {
        return new StopReplicaResponseMessage(errorCode, partitionErrors);
    }

    /** @return a copy with {@code partitionErrors} replaced */
    public StopReplicaResponseMessage withPartitionErrors(List<StopReplicaPartitionError> partitionErrors) {
        return new StopReplicaResponseMessage(errorCode, partitionErrors);
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
    public static StopReplicaResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("StopReplicaResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 2;
        short v_errorCode = (short) 0;
        List<StopReplicaPartitionError> v_partitionErrors = List.of();
        v_errorCode = Wire.readInt16(buf, "StopReplicaResponseMessage.errorCode");
        int n_partitionErrors = Wire.readArrayLength(buf, "StopReplicaResponseMessage.partitionErrors", flexible, false, version);
        if (n_partitionErrors >= 0) {
            List<StopReplicaPartitionError> l_partitionErrors = new ArrayList<>(n_partitionErrors);
            for (int k = 0; k < n_partitionErrors; k++) {
                l_partitionErrors.add(StopReplicaPartitionError.read(buf, version));
            }
            v_partitionErrors = Collections.unmodifiableList(l_partitionErrors);
        } else {
            v_partitionErrors = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "StopReplicaResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "StopReplicaResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "StopReplicaResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "StopReplicaResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new StopReplicaResponseMessage(v_errorCode, v_partitionErrors);
    }

    void validate(short version) {
        if (partitionErrors == null) {
            throw Wire.nullNotAllowed("StopReplicaResponseMessage.partitionErrors", version);
        }
        if (partitionErrors != null) {
            for (StopReplicaPartitionError e : partitionErrors) {
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
        Wire.checkVersion("StopReplicaResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        buf.writeShort(errorCode);
        Wire.writeArrayLength(buf, partitionErrors, flexible);
        if (partitionErrors != null) {
            for (StopReplicaPartitionError e : partitionErrors) {
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
        Wire.checkVersion("StopReplicaResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        int size = 0;
        size += 2;
        size += sizeOfPartitionErrors(partitionErrors, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfPartitionErrors(List<StopReplicaPartitionError> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (StopReplicaPartitionError e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code StopReplicaPartitionError} struct of StopReplicaResponseMessage; same guarantees. */
    public record StopReplicaPartitionError(
            String topicName,
            int partitionIndex,
            short errorCode) {
        /** Every field at its default. */
        public static final StopReplicaPartitionError DEFAULT = new StopReplicaPartitionError("", 0, (short) 0);

        /** @return a copy with {@code topicName} replaced */
        public StopReplicaPartitionError withTopicName(String topicName) {
            return new StopReplicaPartitionError(topicName, partitionIndex, errorCode);
        }

        /** @return a copy with {@code partitionIndex} replaced */
        public StopReplicaPartitionError withPartitionIndex(int partitionIndex) {
            return new StopReplicaPartitionError(topicName, partitionIndex, errorCode);
        }

        /** @return a copy with {@code errorCode} replaced */
        public StopReplicaPartitionError withErrorCode(short errorCode) {
            return new StopReplicaPartitionError(topicName, partitionIndex, errorCode);
        }

        static StopReplicaPartitionError read(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            String v_topicName = "";
            int v_partitionIndex = 0;
            short v_errorCode = (short) 0;
            v_topicName = Wire.readString(buf, "StopReplicaPartitionError.topicName", flexible, false, version);
            v_partitionIndex = Wire.readInt32(buf, "StopReplicaPartitionError.partitionIndex");
            v_errorCode = Wire.readInt16(buf, "StopReplicaPartitionError.errorCode");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "StopReplicaPartitionError._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "StopReplicaPartitionError._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "StopReplicaPartitionError._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "StopReplicaPartitionError._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new StopReplicaPartitionError(v_topicName, v_partitionIndex, v_errorCode);
        }

        void validate(short version) {
            if (topicName == null) {
                throw Wire.nullNotAllowed("StopReplicaPartitionError.topicName", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            Wire.writeString(buf, topicName, flexible, "StopReplicaPartitionError.topicName");
            buf.writeInt(partitionIndex);
            buf.writeShort(errorCode);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 2;
            int size = 0;
            size += Wire.sizeOfString(topicName, flexible);
            size += 4;
            size += 2;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

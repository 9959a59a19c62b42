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
 * Kafka's ControlledShutdown response body (API key 7), version 3, inter-broker only, flexible from 3.
 *
 * <p>Generated from {@code src/main/schemas/ControlledShutdownResponse.json} by {@code CodecGenerator} (test sources);
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
public record ControlledShutdownResponseMessage(
        short errorCode,
        List<RemainingPartition> remainingPartitions) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 7;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 3;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 3;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 3;

    /** Every field at its default. */
    public static final ControlledShutdownResponseMessage DEFAULT = new ControlledShutdownResponseMessage((short) 0, List.of());

    /** @return a copy with {@code errorCode} replaced */
    public ControlledShutdownResponseMessage withErrorCode(short errorCode) {
        return new ControlledShutdownResponseMessage(errorCode, remainingPartitions);
    }

    /** @return a copy with {@code remainingPartitions} replaced */
    public ControlledShutdownResponseMessage withRemainingPartitions(List<RemainingPartition> remainingPartitions) {
        return new ControlledShutdownResponseMessage(errorCode, remainingPartitions);
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
    public static ControlledShutdownResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("ControlledShutdownResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 3;
        short v_errorCode = (short) 0;
        List<RemainingPartition> v_remainingPartitions = List.of();
        v_errorCode = Wire.readInt16(buf, "ControlledShutdownResponseMessage.errorCode");
        int n_remainingPartitions = Wire.readArrayLength(buf, "ControlledShutdownResponseMessage.remainingPartitions", flexible, false, version);
        if (n_remainingPartitions >= 0) {
            List<RemainingPartition> l_remainingPartitions = new ArrayList<>(n_remainingPartitions);
            for (int k = 0; k < n_remainingPartitions; k++) {
                l_remainingPartitions.add(RemainingPartition.read(buf, version));
            }
            v_remainingPartitions = Collections.unmodifiableList(l_remainingPartitions);
        } else {
            v_remainingPartitions = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "ControlledShutdownResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "ControlledShutdownResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "ControlledShutdownResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "ControlledShutdownResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new ControlledShutdownResponseMessage(v_errorCode, v_remainingPartitions);
    }

    void validate(short version) {
        if (remainingPartitions == null) {
            throw Wire.nullNotAllowed("ControlledShutdownResponseMessage.remainingPartitions", version);
        }
        if (remainingPartitions != null) {
            for (RemainingPartition e : remainingPartitions) {
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
        Wire.checkVersion("ControlledShutdownResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 3;
        buf.writeShort(errorCode);
        Wire.writeArrayLength(buf, remainingPartitions, flexible);
        if (remainingPartitions != null) {
            for (RemainingPartition e : remainingPartitions) {
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
        Wire.checkVersion("ControlledShutdownResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 3;
        int size = 0;
        size += 2;
        size += sizeOfRemainingPartitions(remainingPartitions, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfRemainingPartitions(List<RemainingPartition> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (RemainingPartition e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code RemainingPartition} struct of ControlledShutdownResponseMessage; same guarantees. */
    public record RemainingPartition(
            String topicName,
            int partitionIndex) {
        /** Every field at its default. */
        public static final RemainingPartition DEFAULT = new RemainingPartition("", 0);

        /** @return a copy with {@code topicName} replaced */
        public RemainingPartition withTopicName(String topicName) {
            return new RemainingPartition(topicName, partitionIndex);
        }

        /** @return a copy with {@code partitionIndex} replaced */
        public RemainingPartition withPartitionIndex(int partitionIndex) {
            return new RemainingPartition(topicName, partitionIndex);
        }

        static RemainingPartition read(ByteBuf buf, short version) {
            boolean flexible = version >= 3;
            String v_topicName = "";
            int v_partitionIndex = 0;
            v_topicName = Wire.readString(buf, "RemainingPartition.topicName", flexible, false, version);
            v_partitionIndex = Wire.readInt32(buf, "RemainingPartition.partitionIndex");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "RemainingPartition._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "RemainingPartition._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "RemainingPartition._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "RemainingPartition._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new RemainingPartition(v_topicName, v_partitionIndex);
        }

        void validate(short version) {
            if (topicName == null) {
                throw Wire.nullNotAllowed("RemainingPartition.topicName", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 3;
            Wire.writeString(buf, topicName, flexible, "RemainingPartition.topicName");
            buf.writeInt(partitionIndex);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 3;
            int size = 0;
            size += Wire.sizeOfString(topicName, flexible);
            size += 4;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

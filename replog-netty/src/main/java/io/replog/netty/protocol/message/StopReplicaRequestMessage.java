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
 * Kafka's StopReplica request body (API key 5), version 4, inter-broker only, flexible from 2.
 *
 * <p>Generated from {@code src/main/schemas/StopReplicaRequest.json} by {@code CodecGenerator} (test sources);
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
public record StopReplicaRequestMessage(
        int controllerId,
        boolean isKRaftController,
        int controllerEpoch,
        long brokerEpoch,
        List<StopReplicaTopicState> topicStates) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 5;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 4;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 4;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 2;

    /** Every field at its default. */
    public static final StopReplicaRequestMessage DEFAULT = new StopReplicaRequestMessage(0, false, 0, -1L, List.of());

    /** @return a copy with {@code controllerId} replaced */
    public StopReplicaRequestMessage withControllerId(int controllerId) {
        return new StopReplicaRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, topicStates);
    }

    /** @return a copy with {@code isKRaftController} replaced */
    public StopReplicaRequestMessage withIsKRaftController(boolean isKRaftController) {
        return new StopReplicaRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, topicStates);
    }

    /** @return a copy with {@code controllerEpoch} replaced */
    public StopReplicaRequestMessage withControllerEpoch(int controllerEpoch) {
        return new StopReplicaRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, topicStates);
    }

    /** @return a copy with {@code brokerEpoch} replaced */
    public StopReplicaRequestMessage withBrokerEpoch(long brokerEpoch) {
        return new StopReplicaRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, topicStates);
    }

    /** @return a copy with {@code topicStates} replaced */
    public StopReplicaRequestMessage withTopicStates(List<StopReplicaTopicState> topicStates) {
        return new StopReplicaRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, topicStates);
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
    public static StopReplicaRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("StopReplicaRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 2;
        int v_controllerId = 0;
        boolean v_isKRaftController = false;
        int v_controllerEpoch = 0;
        long v_brokerEpoch = -1L;
        List<StopReplicaTopicState> v_topicStates = List.of();
        v_controllerId = Wire.readInt32(buf, "StopReplicaRequestMessage.controllerId");
        v_isKRaftController = Wire.readBool(buf, "StopReplicaRequestMessage.isKRaftController");
        v_controllerEpoch = Wire.readInt32(buf, "StopReplicaRequestMessage.controllerEpoch");
        v_brokerEpoch = Wire.readInt64(buf, "StopReplicaRequestMessage.brokerEpoch");
        int n_topicStates = Wire.readArrayLength(buf, "StopReplicaRequestMessage.topicStates", flexible, false, version);
        if (n_topicStates >= 0) {
            List<StopReplicaTopicState> l_topicStates = new ArrayList<>(n_topicStates);
            for (int k = 0; k < n_topicStates; k++) {
                l_topicStates.add(StopReplicaTopicState.read(buf, version));
            }
            v_topicStates = Collections.unmodifiableList(l_topicStates);
        } else {
            v_topicStates = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "StopReplicaRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "StopReplicaRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "StopReplicaRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "StopReplicaRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new StopReplicaRequestMessage(v_controllerId, v_isKRaftController, v_controllerEpoch, v_brokerEpoch, v_topicStates);
    }

    void validate(short version) {
        if (topicStates == null) {
            throw Wire.nullNotAllowed("StopReplicaRequestMessage.topicStates", version);
        }
        if (topicStates != null) {
            for (StopReplicaTopicState e : topicStates) {
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
        Wire.checkVersion("StopReplicaRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        buf.writeInt(controllerId);
        Wire.writeBool(buf, isKRaftController);
        buf.writeInt(controllerEpoch);
        buf.writeLong(brokerEpoch);
        Wire.writeArrayLength(buf, topicStates, flexible);
        if (topicStates != null) {
            for (StopReplicaTopicState e : topicStates) {
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
        Wire.checkVersion("StopReplicaRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 2;
        int size = 0;
        size += 4;
        size += 1;
        size += 4;
        size += 8;
        size += sizeOfTopicStates(topicStates, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopicStates(List<StopReplicaTopicState> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (StopReplicaTopicState e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code StopReplicaTopicState} struct of StopReplicaRequestMessage; same guarantees. */
    public record StopReplicaTopicState(
            String topicName,
            List<StopReplicaPartitionState> partitionStates) {
        /** Every field at its default. */
        public static final StopReplicaTopicState DEFAULT = new StopReplicaTopicState("", List.of());

        /** @return a copy with {@code topicName} replaced */
        public StopReplicaTopicState withTopicName(String topicName) {
            return new StopReplicaTopicState(topicName, partitionStates);
        }

        /** @return a copy with {@code partitionStates} replaced */
        public StopReplicaTopicState withPartitionStates(List<StopReplicaPartitionState> partitionStates) {
            return new StopReplicaTopicState(topicName, partitionStates);
        }

        static StopReplicaTopicState read(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            String v_topicName = "";
            List<StopReplicaPartitionState> v_partitionStates = List.of();
            v_topicName = Wire.readString(buf, "StopReplicaTopicState.topicName", flexible, false, version);
            int n_partitionStates = Wire.readArrayLength(buf, "StopReplicaTopicState.partitionStates", flexible, false, version);
            if (n_partitionStates >= 0) {
                List<StopReplicaPartitionState> l_partitionStates = new ArrayList<>(n_partitionStates);
                for (int k = 0; k < n_partitionStates; k++) {
                    l_partitionStates.add(StopReplicaPartitionState.read(buf, version));
                }
                v_partitionStates = Collections.unmodifiableList(l_partitionStates);
            } else {
                v_partitionStates = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "StopReplicaTopicState._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "StopReplicaTopicState._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "StopReplicaTopicState._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "StopReplicaTopicState._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new StopReplicaTopicState(v_topicName, v_partitionStates);
        }

        void validate(short version) {
            if (topicName == null) {
                throw Wire.nullNotAllowed("StopReplicaTopicState.topicName", version);
            }
            if (partitionStates == null) {
                throw Wire.nullNotAllowed("StopReplicaTopicState.partitionStates", version);
            }
            if (partitionStates != null) {
                for (StopReplicaPartitionState e : partitionStates) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            Wire.writeString(buf, topicName, flexible, "StopReplicaTopicState.topicName");
            Wire.writeArrayLength(buf, partitionStates, flexible);
            if (partitionStates != null) {
                for (StopReplicaPartitionState e : partitionStates) {
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
            size += Wire.sizeOfString(topicName, flexible);
            size += sizeOfPartitionStates(partitionStates, version, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfPartitionStates(List<StopReplicaPartitionState> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (StopReplicaPartitionState e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code StopReplicaPartitionState} struct of StopReplicaRequestMessage; same guarantees. */
    public record StopReplicaPartitionState(
            int partitionIndex,
            int leaderEpoch,
            boolean deletePartition) {
        /** Every field at its default. */
        public static final StopReplicaPartitionState DEFAULT = new StopReplicaPartitionState(0, -1, false);

        /** @return a copy with {@code partitionIndex} replaced */
        public StopReplicaPartitionState withPartitionIndex(int partitionIndex) {
            return new StopReplicaPartitionState(partitionIndex, leaderEpoch, deletePartition);
        }

        /** @return a copy with {@code leaderEpoch} replaced */
        public StopReplicaPartitionState withLeaderEpoch(int leaderEpoch) {
            return new StopReplicaPartitionState(partitionIndex, leaderEpoch, deletePartition);
        }

        /** @return a copy with {@code deletePartition} replaced */
        public StopReplicaPartitionState withDeletePartition(boolean deletePartition) {
            return new StopReplicaPartitionState(partitionIndex, leaderEpoch, deletePartition);
        }

        static StopReplicaPartitionState read(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            int v_partitionIndex = 0;
            int v_leaderEpoch = -1;
            boolean v_deletePartition = false;
            v_partitionIndex = Wire.readInt32(buf, "StopReplicaPartitionState.partitionIndex");
            v_leaderEpoch = Wire.readInt32(buf, "StopReplicaPartitionState.leaderEpoch");
            v_deletePartition = Wire.readBool(buf, "StopReplicaPartitionState.deletePartition");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "StopReplicaPartitionState._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "StopReplicaPartitionState._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "StopReplicaPartitionState._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "StopReplicaPartitionState._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new StopReplicaPartitionState(v_partitionIndex, v_leaderEpoch, v_deletePartition);
        }

        void validate(short version) {
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 2;
            buf.writeInt(partitionIndex);
            buf.writeInt(leaderEpoch);
            Wire.writeBool(buf, deletePartition);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 2;
            int size = 0;
            size += 4;
            size += 4;
            size += 1;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

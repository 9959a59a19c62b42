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
 * Kafka's UpdateMetadata request body (API key 6), version 8, inter-broker only, flexible from 6.
 *
 * <p>Generated from {@code src/main/schemas/UpdateMetadataRequest.json} by {@code CodecGenerator} (test sources);
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
public record UpdateMetadataRequestMessage(
        int controllerId,
        boolean isKRaftController,
        byte type,
        int controllerEpoch,
        long brokerEpoch,
        List<UpdateMetadataTopicState> topicStates,
        List<UpdateMetadataBroker> liveBrokers,
        List<String> deletedTopics) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 6;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 8;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 8;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 6;

    /** Every field at its default. */
    public static final UpdateMetadataRequestMessage DEFAULT = new UpdateMetadataRequestMessage(0, false, (byte) 0, 0, -1L, List.of(), List.of(), List.of());

    /** @return a copy with {@code controllerId} replaced */
    public UpdateMetadataRequestMessage withControllerId(int controllerId) {
        return new UpdateMetadataRequestMessage(controllerId, isKRaftController, type, controllerEpoch, brokerEpoch, topicStates, liveBrokers, deletedTopics);
    }

    /** @return a copy with {@code isKRaftController} replaced */
    public UpdateMetadataRequestMessage withIsKRaftController(boolean isKRaftController) {
        return new UpdateMetadataRequestMessage(controllerId, isKRaftController, type, controllerEpoch, brokerEpoch, topicStates, liveBrokers, deletedTopics);
    }

    /** @return a copy with {@code type} replaced */
    public UpdateMetadataRequestMessage withType(byte type) {
        return new UpdateMetadataRequestMessage(controllerId, isKRaftController, type, controllerEpoch, brokerEpoch, topicStates, liveBrokers, deletedTopics);
    }

    /** @return a copy with {@code controllerEpoch} replaced */
    public UpdateMetadataRequestMessage withControllerEpoch(int controllerEpoch) {
        return new UpdateMetadataRequestMessage(controllerId, isKRaftController, type, controllerEpoch, brokerEpoch, topicStates, liveBrokers, deletedTopics);
    }

    /** @return a copy with {@code brokerEpoch} replaced */
    public UpdateMetadataRequestMessage withBrokerEpoch(long brokerEpoch) {
        return new UpdateMetadataRequestMessage(controllerId, isKRaftController, type, controllerEpoch, brokerEpoch, topicStates, liveBrokers, deletedTopics);
    }

    /** @return a copy with {@code topicStates} replaced */
    public UpdateMetadataRequestMessage withTopicStates(List<UpdateMetadataTopicState> topicStates) {
        return new UpdateMetadataRequestMessage(controllerId, isKRaftController, type, controllerEpoch, brokerEpoch, topicStates, liveBrokers, deletedTopics);
    }

    /** @return a copy with {@code liveBrokers} replaced */
    public UpdateMetadataRequestMessage withLiveBrokers(List<UpdateMetadataBroker> liveBrokers) {
        return new UpdateMetadataRequestMessage(controllerId, isKRaftController, type, controllerEpoch, brokerEpoch, topicStates, liveBrokers, deletedTopics);
    }

    /** @return a copy with {@code deletedTopics} replaced */
    public UpdateMetadataRequestMessage withDeletedTopics(List<String> deletedTopics) {
        return new UpdateMetadataRequestMessage(controllerId, isKRaftController, type, controllerEpoch, brokerEpoch, topicStates, liveBrokers, deletedTopics);
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
    public static UpdateMetadataRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("UpdateMetadataRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 6;
        int v_controllerId = 0;
        boolean v_isKRaftController = false;
        byte v_type = (byte) 0;
        int v_controllerEpoch = 0;
        long v_brokerEpoch = -1L;
        List<UpdateMetadataTopicState> v_topicStates = List.of();
        List<UpdateMetadataBroker> v_liveBrokers = List.of();
        List<String> v_deletedTopics = List.of();
        v_controllerId = Wire.readInt32(buf, "UpdateMetadataRequestMessage.controllerId");
        v_isKRaftController = Wire.readBool(buf, "UpdateMetadataRequestMessage.isKRaftController");
        v_controllerEpoch = Wire.readInt32(buf, "UpdateMetadataRequestMessage.controllerEpoch");
        v_brokerEpoch = Wire.readInt64(buf, "UpdateMetadataRequestMessage.brokerEpoch");
        int n_topicStates = Wire.readArrayLength(buf, "UpdateMetadataRequestMessage.topicStates", flexible, false, version);
        if (n_topicStates >= 0) {
            List<UpdateMetadataTopicState> l_topicStates = new ArrayList<>(n_topicStates);
            for (int k = 0; k < n_topicStates; k++) {
                l_topicStates.add(UpdateMetadataTopicState.read(buf, version));
            }
            v_topicStates = Collections.unmodifiableList(l_topicStates);
        } else {
            v_topicStates = null;
        }
        int n_liveBrokers = Wire.readArrayLength(buf, "UpdateMetadataRequestMessage.liveBrokers", flexible, false, version);
        if (n_liveBrokers >= 0) {
            List<UpdateMetadataBroker> l_liveBrokers = new ArrayList<>(n_liveBrokers);
            for (int k = 0; k < n_liveBrokers; k++) {
                l_liveBrokers.add(UpdateMetadataBroker.read(buf, version));
            }
            v_liveBrokers = Collections.unmodifiableList(l_liveBrokers);
        } else {
            v_liveBrokers = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "UpdateMetadataRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "UpdateMetadataRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "UpdateMetadataRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "UpdateMetadataRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    case 0: {
                        if (true) {
                            v_type = Wire.readInt8(buf, "UpdateMetadataRequestMessage.type");
                            Wire.checkTaggedEnd(buf, tagStart, tagSize, "UpdateMetadataRequestMessage.type");
                        } else {
                            buf.skipBytes(tagSize);
                        }
                        break;
                    }
                    case 1000: {
                        if (true) {
                            int n_deletedTopics = Wire.readArrayLength(buf, "UpdateMetadataRequestMessage.deletedTopics", flexible, false, version);
                            if (n_deletedTopics >= 0) {
                                List<String> l_deletedTopics = new ArrayList<>(n_deletedTopics);
                                for (int k = 0; k < n_deletedTopics; k++) {
                                    l_deletedTopics.add(Wire.readString(buf, "UpdateMetadataRequestMessage.deletedTopics", flexible, false, version));
                                }
                                v_deletedTopics = Collections.unmodifiableList(l_deletedTopics);
                            } else {
                                v_deletedTopics = null;
                            }
                            Wire.checkTaggedEnd(buf, tagStart, tagSize, "UpdateMetadataRequestMessage.deletedTopics");
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
        return new UpdateMetadataRequestMessage(v_controllerId, v_isKRaftController, v_type, v_controllerEpoch, v_brokerEpoch, v_topicStates, v_liveBrokers, v_deletedTopics);
    }

    void validate(short version) {
        if (topicStates == null) {
            throw Wire.nullNotAllowed("UpdateMetadataRequestMessage.topicStates", version);
        }
        if (liveBrokers == null) {
            throw Wire.nullNotAllowed("UpdateMetadataRequestMessage.liveBrokers", version);
        }
        if (deletedTopics == null) {
            throw Wire.nullNotAllowed("UpdateMetadataRequestMessage.deletedTopics", version);
        }
        if (topicStates != null) {
            for (UpdateMetadataTopicState e : topicStates) {
                e.validate(version);
            }
        }
        if (liveBrokers != null) {
            for (UpdateMetadataBroker e : liveBrokers) {
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
        Wire.checkVersion("UpdateMetadataRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 6;
        buf.writeInt(controllerId);
        Wire.writeBool(buf, isKRaftController);
        buf.writeInt(controllerEpoch);
        buf.writeLong(brokerEpoch);
        Wire.writeArrayLength(buf, topicStates, flexible);
        if (topicStates != null) {
            for (UpdateMetadataTopicState e : topicStates) {
                e.write(buf, version);
            }
        }
        Wire.writeArrayLength(buf, liveBrokers, flexible);
        if (liveBrokers != null) {
            for (UpdateMetadataBroker e : liveBrokers) {
                e.write(buf, version);
            }
        }
        if (flexible) {
            int taggedCount = 0;
            if (type != (byte) 0) {
                taggedCount++;
            }
            if (!Objects.equals(deletedTopics, List.of())) {
                taggedCount++;
            }
            Wire.writeUnsignedVarint(buf, taggedCount);
            if (type != (byte) 0) {
                Wire.writeUnsignedVarint(buf, 0);
                Wire.writeUnsignedVarint(buf, 1);
                buf.writeByte(type);
            }
            if (!Objects.equals(deletedTopics, List.of())) {
                Wire.writeUnsignedVarint(buf, 1000);
                Wire.writeUnsignedVarint(buf, sizeOfDeletedTopics(deletedTopics, version, flexible));
                Wire.writeArrayLength(buf, deletedTopics, flexible);
                if (deletedTopics != null) {
                    for (String e : deletedTopics) {
                        Wire.writeString(buf, Objects.requireNonNull(e, "UpdateMetadataRequestMessage.deletedTopics"), flexible, "UpdateMetadataRequestMessage.deletedTopics");
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
        Wire.checkVersion("UpdateMetadataRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 6;
        int size = 0;
        size += 4;
        size += 1;
        size += 4;
        size += 8;
        size += sizeOfTopicStates(topicStates, version, flexible);
        size += sizeOfLiveBrokers(liveBrokers, version, flexible);
        if (flexible) {
            int taggedCount = 0;
            if (type != (byte) 0) {
                taggedCount++;
                int valueSize = 1;
                size += Wire.sizeOfUnsignedVarint(0) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
            }
            if (!Objects.equals(deletedTopics, List.of())) {
                taggedCount++;
                int valueSize = sizeOfDeletedTopics(deletedTopics, version, flexible);
                size += Wire.sizeOfUnsignedVarint(1000) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
            }
            size += Wire.sizeOfUnsignedVarint(taggedCount);
        }
        return size;
    }

    private static int sizeOfTopicStates(List<UpdateMetadataTopicState> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (UpdateMetadataTopicState e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    private static int sizeOfLiveBrokers(List<UpdateMetadataBroker> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (UpdateMetadataBroker e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    private static int sizeOfDeletedTopics(List<String> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (String e : list) {
                size += Wire.sizeOfString(e, flexible);
            }
        }
        return size;
    }

    /** The {@code UpdateMetadataTopicState} struct of UpdateMetadataRequestMessage; same guarantees. */
    public record UpdateMetadataTopicState(
            String topicName,
            UUID topicId,
            List<UpdateMetadataPartitionState> partitionStates) {
        /** Every field at its default. */
        public static final UpdateMetadataTopicState DEFAULT = new UpdateMetadataTopicState("", Wire.ZERO_UUID, List.of());

        /** @return a copy with {@code topicName} replaced */
        public UpdateMetadataTopicState withTopicName(String topicName) {
            return new UpdateMetadataTopicState(topicName, topicId, partitionStates);
        }

        /** @return a copy with {@code topicId} replaced */
        public UpdateMetadataTopicState withTopicId(UUID topicId) {
            return new UpdateMetadataTopicState(topicName, topicId, partitionStates);
        }

        /** @return a copy with {@code partitionStates} replaced */
        public UpdateMetadataTopicState withPartitionStates(List<UpdateMetadataPartitionState> partitionStates) {
            return new UpdateMetadataTopicState(topicName, topicId, partitionStates);
        }

        static UpdateMetadataTopicState read(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            String v_topicName = "";
            UUID v_topicId = Wire.ZERO_UUID;
            List<UpdateMetadataPartitionState> v_partitionStates = List.of();
            v_topicName = Wire.readString(buf, "UpdateMetadataTopicState.topicName", flexible, false, version);
            v_topicId = Wire.readUuid(buf, "UpdateMetadataTopicState.topicId");
            int n_partitionStates = Wire.readArrayLength(buf, "UpdateMetadataTopicState.partitionStates", flexible, false, version);
            if (n_partitionStates >= 0) {
                List<UpdateMetadataPartitionState> l_partitionStates = new ArrayList<>(n_partitionStates);
                for (int k = 0; k < n_partitionStates; k++) {
                    l_partitionStates.add(UpdateMetadataPartitionState.read(buf, version));
                }
                v_partitionStates = Collections.unmodifiableList(l_partitionStates);
            } else {
                v_partitionStates = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "UpdateMetadataTopicState._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "UpdateMetadataTopicState._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "UpdateMetadataTopicState._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "UpdateMetadataTopicState._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new UpdateMetadataTopicState(v_topicName, v_topicId, v_partitionStates);
        }

        void validate(short version) {
            if (topicName == null) {
                throw Wire.nullNotAllowed("UpdateMetadataTopicState.topicName", version);
            }
            if (topicId == null) {
                throw Wire.nullNotAllowed("UpdateMetadataTopicState.topicId", version);
            }
            if (partitionStates == null) {
                throw Wire.nullNotAllowed("UpdateMetadataTopicState.partitionStates", version);
            }
            if (partitionStates != null) {
                for (UpdateMetadataPartitionState e : partitionStates) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            Wire.writeString(buf, topicName, flexible, "UpdateMetadataTopicState.topicName");
            Wire.writeUuid(buf, topicId);
            Wire.writeArrayLength(buf, partitionStates, flexible);
            if (partitionStates != null) {
                for (UpdateMetadataPartitionState e : partitionStates) {
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
            size += Wire.sizeOfString(topicName, flexible);
            size += 16;
            size += sizeOfPartitionStates(partitionStates, version, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfPartitionStates(List<UpdateMetadataPartitionState> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (UpdateMetadataPartitionState e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code UpdateMetadataPartitionState} struct of UpdateMetadataRequestMessage; same guarantees. */
    public record UpdateMetadataPartitionState(
            int partitionIndex,
            int controllerEpoch,
            int leader,
            int leaderEpoch,
            List<Integer> isr,
            int zkVersion,
            List<Integer> replicas,
            List<Integer> offlineReplicas) {
        /** Every field at its default. */
        public static final UpdateMetadataPartitionState DEFAULT = new UpdateMetadataPartitionState(0, 0, 0, 0, List.of(), 0, List.of(), List.of());

        /** @return a copy with {@code partitionIndex} replaced */
        public UpdateMetadataPartitionState withPartitionIndex(int partitionIndex) {
            return new UpdateMetadataPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, zkVersion, replicas, offlineReplicas);
        }

        /** @return a copy with {@code controllerEpoch} replaced */
        public UpdateMetadataPartitionState withControllerEpoch(int controllerEpoch) {
            return new UpdateMetadataPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, zkVersion, replicas, offlineReplicas);
        }

        /** @return a copy with {@code leader} replaced */
        public UpdateMetadataPartitionState withLeader(int leader) {
            return new UpdateMetadataPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, zkVersion, replicas, offlineReplicas);
        }

        /** @return a copy with {@code leaderEpoch} replaced */
        public UpdateMetadataPartitionState withLeaderEpoch(int leaderEpoch) {
            return new UpdateMetadataPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, zkVersion, replicas, offlineReplicas);
        }

        /** @return a copy with {@code isr} replaced */
        public UpdateMetadataPartitionState withIsr(List<Integer> isr) {
            return new UpdateMetadataPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, zkVersion, replicas, offlineReplicas);
        }

        /** @return a copy with {@code zkVersion} replaced */
        public UpdateMetadataPartitionState withZkVersion(int zkVersion) {
            return new UpdateMetadataPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, zkVersion, replicas, offlineReplicas);
        }

        /** @return a copy with {@code replicas} replaced */
        public UpdateMetadataPartitionState withReplicas(List<Integer> replicas) {
            return new UpdateMetadataPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, zkVersion, replicas, offlineReplicas);
        }

        /** @return a copy with {@code offlineReplicas} replaced */
        public UpdateMetadataPartitionState withOfflineReplicas(List<Integer> offlineReplicas) {
            return new UpdateMetadataPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, zkVersion, replicas, offlineReplicas);
        }

        static UpdateMetadataPartitionState read(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            int v_partitionIndex = 0;
            int v_controllerEpoch = 0;
            int v_leader = 0;
            int v_leaderEpoch = 0;
            List<Integer> v_isr = List.of();
            int v_zkVersion = 0;
            List<Integer> v_replicas = List.of();
            List<Integer> v_offlineReplicas = List.of();
            v_partitionIndex = Wire.readInt32(buf, "UpdateMetadataPartitionState.partitionIndex");
            v_controllerEpoch = Wire.readInt32(buf, "UpdateMetadataPartitionState.controllerEpoch");
            v_leader = Wire.readInt32(buf, "UpdateMetadataPartitionState.leader");
            v_leaderEpoch = Wire.readInt32(buf, "UpdateMetadataPartitionState.leaderEpoch");
            int n_isr = Wire.readArrayLength(buf, "UpdateMetadataPartitionState.isr", flexible, false, version);
            if (n_isr >= 0) {
                List<Integer> l_isr = new ArrayList<>(n_isr);
                for (int k = 0; k < n_isr; k++) {
                    l_isr.add(Wire.readInt32(buf, "UpdateMetadataPartitionState.isr"));
                }
                v_isr = Collections.unmodifiableList(l_isr);
            } else {
                v_isr = null;
            }
            v_zkVersion = Wire.readInt32(buf, "UpdateMetadataPartitionState.zkVersion");
            int n_replicas = Wire.readArrayLength(buf, "UpdateMetadataPartitionState.replicas", flexible, false, version);
            if (n_replicas >= 0) {
                List<Integer> l_replicas = new ArrayList<>(n_replicas);
                for (int k = 0; k < n_replicas; k++) {
                    l_replicas.add(Wire.readInt32(buf, "UpdateMetadataPartitionState.replicas"));
                }
                v_replicas = Collections.unmodifiableList(l_replicas);
            } else {
                v_replicas = null;
            }
            int n_offlineReplicas = Wire.readArrayLength(buf, "UpdateMetadataPartitionState.offlineReplicas", flexible, false, version);
            if (n_offlineReplicas >= 0) {
                List<Integer> l_offlineReplicas = new ArrayList<>(n_offlineReplicas);
                for (int k = 0; k < n_offlineReplicas; k++) {
                    l_offlineReplicas.add(Wire.readInt32(buf, "UpdateMetadataPartitionState.offlineReplicas"));
                }
                v_offlineReplicas = Collections.unmodifiableList(l_offlineReplicas);
            } else {
                v_offlineReplicas = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "UpdateMetadataPartitionState._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "UpdateMetadataPartitionState._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "UpdateMetadataPartitionState._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "UpdateMetadataPartitionState._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new UpdateMetadataPartitionState(v_partitionIndex, v_controllerEpoch, v_leader, v_leaderEpoch, v_isr, v_zkVersion, v_replicas, v_offlineReplicas);
        }

        void validate(short version) {
            if (isr == null) {
                throw Wire.nullNotAllowed("UpdateMetadataPartitionState.isr", version);
            }
            if (replicas == null) {
                throw Wire.nullNotAllowed("UpdateMetadataPartitionState.replicas", version);
            }
            if (offlineReplicas == null) {
                throw Wire.nullNotAllowed("UpdateMetadataPartitionState.offlineReplicas", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            buf.writeInt(partitionIndex);
            buf.writeInt(controllerEpoch);
            buf.writeInt(leader);
            buf.writeInt(leaderEpoch);
            Wire.writeArrayLength(buf, isr, flexible);
            if (isr != null) {
                for (Integer e : isr) {
                    buf.writeInt(e);
                }
            }
            buf.writeInt(zkVersion);
            Wire.writeArrayLength(buf, replicas, flexible);
            if (replicas != null) {
                for (Integer e : replicas) {
                    buf.writeInt(e);
                }
            }
            Wire.writeArrayLength(buf, offlineReplicas, flexible);
            if (offlineReplicas != null) {
                for (Integer e : offlineReplicas) {
                    buf.writeInt(e);
                }
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 6;
            int size = 0;
            size += 4;
            size += 4;
            size += 4;
            size += 4;
            size += Wire.sizeOfArrayLength(isr, flexible) + (isr == null ? 0 : isr.size() * 4);
            size += 4;
            size += Wire.sizeOfArrayLength(replicas, flexible) + (replicas == null ? 0 : replicas.size() * 4);
            size += Wire.sizeOfArrayLength(offlineReplicas, flexible) + (offlineReplicas == null ? 0 : offlineReplicas.size() * 4);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code UpdateMetadataBroker} struct of UpdateMetadataRequestMessage; same guarantees. */
    public record UpdateMetadataBroker(
            int id,
            List<UpdateMetadataEndpoint> endpoints,
            String rack,
            long brokerEpoch,
            long registeredAtMs,
            boolean uncleanShutdown) {
        /** Every field at its default. */
        public static final UpdateMetadataBroker DEFAULT = new UpdateMetadataBroker(0, List.of(), null, -1L, 0L, false);

        /** @return a copy with {@code id} replaced */
        public UpdateMetadataBroker withId(int id) {
            return new UpdateMetadataBroker(id, endpoints, rack, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code endpoints} replaced */
        public UpdateMetadataBroker withEndpoints(List<UpdateMetadataEndpoint> endpoints) {
            return new UpdateMetadataBroker(id, endpoints, rack, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code rack} replaced */
        public UpdateMetadataBroker withRack(String rack) {
            return new UpdateMetadataBroker(id, endpoints, rack, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code brokerEpoch} replaced */
        public UpdateMetadataBroker withBrokerEpoch(long brokerEpoch) {
            return new UpdateMetadataBroker(id, endpoints, rack, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code registeredAtMs} replaced */
        public UpdateMetadataBroker withRegisteredAtMs(long registeredAtMs) {
            return new UpdateMetadataBroker(id, endpoints, rack, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code uncleanShutdown} replaced */
        public UpdateMetadataBroker withUncleanShutdown(boolean uncleanShutdown) {
            return new UpdateMetadataBroker(id, endpoints, rack, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        static UpdateMetadataBroker read(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            int v_id = 0;
            List<UpdateMetadataEndpoint> v_endpoints = List.of();
            String v_rack = null;
            long v_brokerEpoch = -1L;
            long v_registeredAtMs = 0L;
            boolean v_uncleanShutdown = false;
            v_id = Wire.readInt32(buf, "UpdateMetadataBroker.id");
            int n_endpoints = Wire.readArrayLength(buf, "UpdateMetadataBroker.endpoints", flexible, false, version);
            if (n_endpoints >= 0) {
                List<UpdateMetadataEndpoint> l_endpoints = new ArrayList<>(n_endpoints);
                for (int k = 0; k < n_endpoints; k++) {
                    l_endpoints.add(UpdateMetadataEndpoint.read(buf, version));
                }
                v_endpoints = Collections.unmodifiableList(l_endpoints);
            } else {
                v_endpoints = null;
            }
            v_rack = Wire.readString(buf, "UpdateMetadataBroker.rack", flexible, true, version);
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "UpdateMetadataBroker._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "UpdateMetadataBroker._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "UpdateMetadataBroker._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "UpdateMetadataBroker._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        case 1000: {
                            if (true) {
                                v_brokerEpoch = Wire.readInt64(buf, "UpdateMetadataBroker.brokerEpoch");
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "UpdateMetadataBroker.brokerEpoch");
                            } else {
                                buf.skipBytes(tagSize);
                            }
                            break;
                        }
                        case 1001: {
                            if (true) {
                                v_registeredAtMs = Wire.readInt64(buf, "UpdateMetadataBroker.registeredAtMs");
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "UpdateMetadataBroker.registeredAtMs");
                            } else {
                                buf.skipBytes(tagSize);
                            }
                            break;
                        }
                        case 1002: {
                            if (true) {
                                v_uncleanShutdown = Wire.readBool(buf, "UpdateMetadataBroker.uncleanShutdown");
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "UpdateMetadataBroker.uncleanShutdown");
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
            return new UpdateMetadataBroker(v_id, v_endpoints, v_rack, v_brokerEpoch, v_registeredAtMs, v_uncleanShutdown);
        }

        void validate(short version) {
            if (endpoints == null) {
                throw Wire.nullNotAllowed("UpdateMetadataBroker.endpoints", version);
            }
            if (endpoints != null) {
                for (UpdateMetadataEndpoint e : endpoints) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            buf.writeInt(id);
            Wire.writeArrayLength(buf, endpoints, flexible);
            if (endpoints != null) {
                for (UpdateMetadataEndpoint e : endpoints) {
                    e.write(buf, version);
                }
            }
            Wire.writeString(buf, rack, flexible, "UpdateMetadataBroker.rack");
            if (flexible) {
                int taggedCount = 0;
                if (brokerEpoch != -1L) {
                    taggedCount++;
                }
                if (registeredAtMs != 0L) {
                    taggedCount++;
                }
                if (uncleanShutdown != false) {
                    taggedCount++;
                }
                Wire.writeUnsignedVarint(buf, taggedCount);
                if (brokerEpoch != -1L) {
                    Wire.writeUnsignedVarint(buf, 1000);
                    Wire.writeUnsignedVarint(buf, 8);
                    buf.writeLong(brokerEpoch);
                }
                if (registeredAtMs != 0L) {
                    Wire.writeUnsignedVarint(buf, 1001);
                    Wire.writeUnsignedVarint(buf, 8);
                    buf.writeLong(registeredAtMs);
                }
                if (uncleanShutdown != false) {
                    Wire.writeUnsignedVarint(buf, 1002);
                    Wire.writeUnsignedVarint(buf, 1);
                    Wire.writeBool(buf, uncleanShutdown);
                }
            }
        }

        int size(short version) {
            boolean flexible = version >= 6;
            int size = 0;
            size += 4;
            size += sizeOfEndpoints(endpoints, version, flexible);
            size += Wire.sizeOfString(rack, flexible);
            if (flexible) {
                int taggedCount = 0;
                if (brokerEpoch != -1L) {
                    taggedCount++;
                    int valueSize = 8;
                    size += Wire.sizeOfUnsignedVarint(1000) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                if (registeredAtMs != 0L) {
                    taggedCount++;
                    int valueSize = 8;
                    size += Wire.sizeOfUnsignedVarint(1001) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                if (uncleanShutdown != false) {
                    taggedCount++;
                    int valueSize = 1;
                    size += Wire.sizeOfUnsignedVarint(1002) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                size += Wire.sizeOfUnsignedVarint(taggedCount);
            }
            return size;
        }

        private static int sizeOfEndpoints(List<UpdateMetadataEndpoint> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (UpdateMetadataEndpoint e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code UpdateMetadataEndpoint} struct of UpdateMetadataRequestMessage; same guarantees. */
    public record UpdateMetadataEndpoint(
            int port,
            String host,
            String listener,
            short securityProtocol) {
        /** Every field at its default. */
        public static final UpdateMetadataEndpoint DEFAULT = new UpdateMetadataEndpoint(0, "", "", (short) 0);

        /** @return a copy with {@code port} replaced */
        public UpdateMetadataEndpoint withPort(int port) {
            return new UpdateMetadataEndpoint(port, host, listener, securityProtocol);
        }

        /** @return a copy with {@code host} replaced */
        public UpdateMetadataEndpoint withHost(String host) {
            return new UpdateMetadataEndpoint(port, host, listener, securityProtocol);
        }

        /** @return a copy with {@code listener} replaced */
        public UpdateMetadataEndpoint withListener(String listener) {
            return new UpdateMetadataEndpoint(port, host, listener, securityProtocol);
        }

        /** @return a copy with {@code securityProtocol} replaced */
        public UpdateMetadataEndpoint withSecurityProtocol(short securityProtocol) {
            return new UpdateMetadataEndpoint(port, host, listener, securityProtocol);
        }

        static UpdateMetadataEndpoint read(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            int v_port = 0;
            String v_host = "";
            String v_listener = "";
            short v_securityProtocol = (short) 0;
            v_port = Wire.readInt32(buf, "UpdateMetadataEndpoint.port");
            v_host = Wire.readString(buf, "UpdateMetadataEndpoint.host", flexible, false, version);
            v_listener = Wire.readString(buf, "UpdateMetadataEndpoint.listener", flexible, false, version);
            v_securityProtocol = Wire.readInt16(buf, "UpdateMetadataEndpoint.securityProtocol");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "UpdateMetadataEndpoint._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "UpdateMetadataEndpoint._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "UpdateMetadataEndpoint._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "UpdateMetadataEndpoint._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new UpdateMetadataEndpoint(v_port, v_host, v_listener, v_securityProtocol);
        }

        void validate(short version) {
            if (host == null) {
                throw Wire.nullNotAllowed("UpdateMetadataEndpoint.host", version);
            }
            if (listener == null) {
                throw Wire.nullNotAllowed("UpdateMetadataEndpoint.listener", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 6;
            buf.writeInt(port);
            Wire.writeString(buf, host, flexible, "UpdateMetadataEndpoint.host");
            Wire.writeString(buf, listener, flexible, "UpdateMetadataEndpoint.listener");
            buf.writeShort(securityProtocol);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 6;
            int size = 0;
            size += 4;
            size += Wire.sizeOfString(host, flexible);
            size += Wire.sizeOfString(listener, flexible);
            size += 2;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

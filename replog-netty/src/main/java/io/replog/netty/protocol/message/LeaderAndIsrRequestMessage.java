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
 * Kafka's LeaderAndIsr request body (API key 4), version 7, inter-broker only, flexible from 4.
 *
 * <p>Generated from {@code src/main/schemas/LeaderAndIsrRequest.json} by {@code CodecGenerator} (test sources);
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
public record LeaderAndIsrRequestMessage(
        int controllerId,
        boolean isKRaftController,
        int controllerEpoch,
        long brokerEpoch,
        byte type,
        List<LeaderAndIsrTopicState> topicStates,
        List<LeaderAndIsrLiveLeader> liveLeaders) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 4;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 7;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 7;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 4;

    /** Every field at its default. */
    public static final LeaderAndIsrRequestMessage DEFAULT = new LeaderAndIsrRequestMessage(0, false, 0, -1L, (byte) 0, List.of(), List.of());

    /** @return a copy with {@code controllerId} replaced */
    public LeaderAndIsrRequestMessage withControllerId(int controllerId) {
        return new LeaderAndIsrRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, type, topicStates, liveLeaders);
    }

    /** @return a copy with {@code isKRaftController} replaced */
    public LeaderAndIsrRequestMessage withIsKRaftController(boolean isKRaftController) {
        return new LeaderAndIsrRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, type, topicStates, liveLeaders);
    }

    /** @return a copy with {@code controllerEpoch} replaced */
    public LeaderAndIsrRequestMessage withControllerEpoch(int controllerEpoch) {
        return new LeaderAndIsrRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, type, topicStates, liveLeaders);
    }

    /** @return a copy with {@code brokerEpoch} replaced */
    public LeaderAndIsrRequestMessage withBrokerEpoch(long brokerEpoch) {
        return new LeaderAndIsrRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, type, topicStates, liveLeaders);
    }

    /** @return a copy with {@code type} replaced */
    public LeaderAndIsrRequestMessage withType(byte type) {
        return new LeaderAndIsrRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, type, topicStates, liveLeaders);
    }

    /** @return a copy with {@code topicStates} replaced */
    public LeaderAndIsrRequestMessage withTopicStates(List<LeaderAndIsrTopicState> topicStates) {
        return new LeaderAndIsrRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, type, topicStates, liveLeaders);
    }

    /** @return a copy with {@code liveLeaders} replaced */
    public LeaderAndIsrRequestMessage withLiveLeaders(List<LeaderAndIsrLiveLeader> liveLeaders) {
        return new LeaderAndIsrRequestMessage(controllerId, isKRaftController, controllerEpoch, brokerEpoch, type, topicStates, liveLeaders);
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
    public static LeaderAndIsrRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("LeaderAndIsrRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 4;
        int v_controllerId = 0;
        boolean v_isKRaftController = false;
        int v_controllerEpoch = 0;
        long v_brokerEpoch = -1L;
        byte v_type = (byte) 0;
        List<LeaderAndIsrTopicState> v_topicStates = List.of();
        List<LeaderAndIsrLiveLeader> v_liveLeaders = List.of();
        v_controllerId = Wire.readInt32(buf, "LeaderAndIsrRequestMessage.controllerId");
        v_isKRaftController = Wire.readBool(buf, "LeaderAndIsrRequestMessage.isKRaftController");
        v_controllerEpoch = Wire.readInt32(buf, "LeaderAndIsrRequestMessage.controllerEpoch");
        v_brokerEpoch = Wire.readInt64(buf, "LeaderAndIsrRequestMessage.brokerEpoch");
        v_type = Wire.readInt8(buf, "LeaderAndIsrRequestMessage.type");
        int n_topicStates = Wire.readArrayLength(buf, "LeaderAndIsrRequestMessage.topicStates", flexible, false, version);
        if (n_topicStates >= 0) {
            List<LeaderAndIsrTopicState> l_topicStates = new ArrayList<>(n_topicStates);
            for (int k = 0; k < n_topicStates; k++) {
                l_topicStates.add(LeaderAndIsrTopicState.read(buf, version));
            }
            v_topicStates = Collections.unmodifiableList(l_topicStates);
        } else {
            v_topicStates = null;
        }
        int n_liveLeaders = Wire.readArrayLength(buf, "LeaderAndIsrRequestMessage.liveLeaders", flexible, false, version);
        if (n_liveLeaders >= 0) {
            List<LeaderAndIsrLiveLeader> l_liveLeaders = new ArrayList<>(n_liveLeaders);
            for (int k = 0; k < n_liveLeaders; k++) {
                l_liveLeaders.add(LeaderAndIsrLiveLeader.read(buf, version));
            }
            v_liveLeaders = Collections.unmodifiableList(l_liveLeaders);
        } else {
            v_liveLeaders = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "LeaderAndIsrRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "LeaderAndIsrRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "LeaderAndIsrRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "LeaderAndIsrRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new LeaderAndIsrRequestMessage(v_controllerId, v_isKRaftController, v_controllerEpoch, v_brokerEpoch, v_type, v_topicStates, v_liveLeaders);
    }

    void validate(short version) {
        if (topicStates == null) {
            throw Wire.nullNotAllowed("LeaderAndIsrRequestMessage.topicStates", version);
        }
        if (liveLeaders == null) {
            throw Wire.nullNotAllowed("LeaderAndIsrRequestMessage.liveLeaders", version);
        }
        if (topicStates != null) {
            for (LeaderAndIsrTopicState e : topicStates) {
                e.validate(version);
            }
        }
        if (liveLeaders != null) {
            for (LeaderAndIsrLiveLeader e : liveLeaders) {
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
        Wire.checkVersion("LeaderAndIsrRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        buf.writeInt(controllerId);
        Wire.writeBool(buf, isKRaftController);
        buf.writeInt(controllerEpoch);
        buf.writeLong(brokerEpoch);
        buf.writeByte(type);
        Wire.writeArrayLength(buf, topicStates, flexible);
        if (topicStates != null) {
            for (LeaderAndIsrTopicState e : topicStates) {
                e.write(buf, version);
            }
        }
        Wire.writeArrayLength(buf, liveLeaders, flexible);
        if (liveLeaders != null) {
            for (LeaderAndIsrLiveLeader e : liveLeaders) {
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
        Wire.checkVersion("LeaderAndIsrRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        int size = 0;
        size += 4;
        size += 1;
        size += 4;
        size += 8;
        size += 1;
        size += sizeOfTopicStates(topicStates, version, flexible);
        size += sizeOfLiveLeaders(liveLeaders, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopicStates(List<LeaderAndIsrTopicState> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (LeaderAndIsrTopicState e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    private static int sizeOfLiveLeaders(List<LeaderAndIsrLiveLeader> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (LeaderAndIsrLiveLeader e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code LeaderAndIsrTopicState} struct of LeaderAndIsrRequestMessage; same guarantees. */
    public record LeaderAndIsrTopicState(
            String topicName,
            UUID topicId,
            List<LeaderAndIsrPartitionState> partitionStates,
            List<LeaderAndIsrTopicConfig> configs) {
        /** Every field at its default. */
        public static final LeaderAndIsrTopicState DEFAULT = new LeaderAndIsrTopicState("", Wire.ZERO_UUID, List.of(), List.of());

        /** @return a copy with {@code topicName} replaced */
        public LeaderAndIsrTopicState withTopicName(String topicName) {
            return new LeaderAndIsrTopicState(topicName, topicId, partitionStates, configs);
        }

        /** @return a copy with {@code topicId} replaced */
        public LeaderAndIsrTopicState withTopicId(UUID topicId) {
            return new LeaderAndIsrTopicState(topicName, topicId, partitionStates, configs);
        }

        /** @return a copy with {@code partitionStates} replaced */
        public LeaderAndIsrTopicState withPartitionStates(List<LeaderAndIsrPartitionState> partitionStates) {
            return new LeaderAndIsrTopicState(topicName, topicId, partitionStates, configs);
        }

        /** @return a copy with {@code configs} replaced */
        public LeaderAndIsrTopicState withConfigs(List<LeaderAndIsrTopicConfig> configs) {
            return new LeaderAndIsrTopicState(topicName, topicId, partitionStates, configs);
        }

        static LeaderAndIsrTopicState read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            String v_topicName = "";
            UUID v_topicId = Wire.ZERO_UUID;
            List<LeaderAndIsrPartitionState> v_partitionStates = List.of();
            List<LeaderAndIsrTopicConfig> v_configs = List.of();
            v_topicName = Wire.readString(buf, "LeaderAndIsrTopicState.topicName", flexible, false, version);
            v_topicId = Wire.readUuid(buf, "LeaderAndIsrTopicState.topicId");
            int n_partitionStates = Wire.readArrayLength(buf, "LeaderAndIsrTopicState.partitionStates", flexible, false, version);
            if (n_partitionStates >= 0) {
                List<LeaderAndIsrPartitionState> l_partitionStates = new ArrayList<>(n_partitionStates);
                for (int k = 0; k < n_partitionStates; k++) {
                    l_partitionStates.add(LeaderAndIsrPartitionState.read(buf, version));
                }
                v_partitionStates = Collections.unmodifiableList(l_partitionStates);
            } else {
                v_partitionStates = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "LeaderAndIsrTopicState._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "LeaderAndIsrTopicState._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "LeaderAndIsrTopicState._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "LeaderAndIsrTopicState._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        case 1000: {
                            if (true) {
                                int n_configs = Wire.readArrayLength(buf, "LeaderAndIsrTopicState.configs", flexible, false, version);
                                if (n_configs >= 0) {
                                    List<LeaderAndIsrTopicConfig> l_configs = new ArrayList<>(n_configs);
                                    for (int k = 0; k < n_configs; k++) {
                                        l_configs.add(LeaderAndIsrTopicConfig.read(buf, version));
                                    }
                                    v_configs = Collections.unmodifiableList(l_configs);
                                } else {
                                    v_configs = null;
                                }
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "LeaderAndIsrTopicState.configs");
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
            return new LeaderAndIsrTopicState(v_topicName, v_topicId, v_partitionStates, v_configs);
        }

        void validate(short version) {
            if (topicName == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrTopicState.topicName", version);
            }
            if (topicId == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrTopicState.topicId", version);
            }
            if (partitionStates == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrTopicState.partitionStates", version);
            }
            if (configs == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrTopicState.configs", version);
            }
            if (partitionStates != null) {
                for (LeaderAndIsrPartitionState e : partitionStates) {
                    e.validate(version);
                }
            }
            if (configs != null) {
                for (LeaderAndIsrTopicConfig e : configs) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            Wire.writeString(buf, topicName, flexible, "LeaderAndIsrTopicState.topicName");
            Wire.writeUuid(buf, topicId);
            Wire.writeArrayLength(buf, partitionStates, flexible);
            if (partitionStates != null) {
                for (LeaderAndIsrPartitionState e : partitionStates) {
                    e.write(buf, version);
                }
            }
            if (flexible) {
                int taggedCount = 0;
                if (!Objects.equals(configs, List.of())) {
                    taggedCount++;
                }
                Wire.writeUnsignedVarint(buf, taggedCount);
                if (!Objects.equals(configs, List.of())) {
                    Wire.writeUnsignedVarint(buf, 1000);
                    Wire.writeUnsignedVarint(buf, sizeOfConfigs(configs, version, flexible));
                    Wire.writeArrayLength(buf, configs, flexible);
                    if (configs != null) {
                        for (LeaderAndIsrTopicConfig e : configs) {
                            e.write(buf, version);
                        }
                    }
                }
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += Wire.sizeOfString(topicName, flexible);
            size += 16;
            size += sizeOfPartitionStates(partitionStates, version, flexible);
            if (flexible) {
                int taggedCount = 0;
                if (!Objects.equals(configs, List.of())) {
                    taggedCount++;
                    int valueSize = sizeOfConfigs(configs, version, flexible);
                    size += Wire.sizeOfUnsignedVarint(1000) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                size += Wire.sizeOfUnsignedVarint(taggedCount);
            }
            return size;
        }

        private static int sizeOfPartitionStates(List<LeaderAndIsrPartitionState> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (LeaderAndIsrPartitionState e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }

        private static int sizeOfConfigs(List<LeaderAndIsrTopicConfig> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (LeaderAndIsrTopicConfig e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code LeaderAndIsrPartitionState} struct of LeaderAndIsrRequestMessage; same guarantees. */
    public record LeaderAndIsrPartitionState(
            int partitionIndex,
            int controllerEpoch,
            int leader,
            int leaderEpoch,
            List<Integer> isr,
            int partitionEpoch,
            List<Integer> replicas,
            List<Integer> addingReplicas,
            List<Integer> removingReplicas,
            boolean isNew,
            byte leaderRecoveryState) {
        /** Every field at its default. */
        public static final LeaderAndIsrPartitionState DEFAULT = new LeaderAndIsrPartitionState(0, 0, 0, 0, List.of(), 0, List.of(), List.of(), List.of(), false, (byte) 0);

        /** @return a copy with {@code partitionIndex} replaced */
        public LeaderAndIsrPartitionState withPartitionIndex(int partitionIndex) {
            return new LeaderAndIsrPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch, replicas, addingReplicas, removingReplicas, isNew, leaderRecoveryState);
        }

        /** @return a copy with {@code controllerEpoch} replaced */
        public LeaderAndIsrPartitionState withControllerEpoch(int controllerEpoch) {
            return new LeaderAndIsrPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch, replicas, addingReplicas, removingReplicas, isNew, leaderRecoveryState);
        }

        /** @return a copy with {@code leader} replaced */
        public LeaderAndIsrPartitionState withLeader(int leader) {
            return new LeaderAndIsrPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch, replicas, addingReplicas, removingReplicas, isNew, leaderRecoveryState);
        }

        /** @return a copy with {@code leaderEpoch} replaced */
        public LeaderAndIsrPartitionState withLeaderEpoch(int leaderEpoch) {
            return new LeaderAndIsrPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch, replicas, addingReplicas, removingReplicas, isNew, leaderRecoveryState);
        }

        /** @return a copy with {@code isr} replaced */
        public LeaderAndIsrPartitionState withIsr(List<Integer> isr) {
            return new LeaderAndIsrPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch, replicas, addingReplicas, removingReplicas, isNew, leaderRecoveryState);
        }

        /** @return a copy with {@code partitionEpoch} replaced */
        public LeaderAndIsrPartitionState withPartitionEpoch(int partitionEpoch) {
            return new LeaderAndIsrPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch, replicas, addingReplicas, removingReplicas, isNew, leaderRecoveryState);
        }

        /** @return a copy with {@code replicas} replaced */
        public LeaderAndIsrPartitionState withReplicas(List<Integer> replicas) {
            return new LeaderAndIsrPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch, replicas, addingReplicas, removingReplicas, isNew, leaderRecoveryState);
        }

        /** @return a copy with {@code addingReplicas} replaced */
        public LeaderAndIsrPartitionState withAddingReplicas(List<Integer> addingReplicas) {
            return new LeaderAndIsrPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch, replicas, addingReplicas, removingReplicas, isNew, leaderRecoveryState);
        }

        /** @return a copy with {@code removingReplicas} replaced */
        public LeaderAndIsrPartitionState withRemovingReplicas(List<Integer> removingReplicas) {
            return new LeaderAndIsrPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch, replicas, addingReplicas, removingReplicas, isNew, leaderRecoveryState);
        }

        /** @return a copy with {@code isNew} replaced */
        public LeaderAndIsrPartitionState withIsNew(boolean isNew) {
            return new LeaderAndIsrPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch, replicas, addingReplicas, removingReplicas, isNew, leaderRecoveryState);
        }

        /** @return a copy with {@code leaderRecoveryState} replaced */
        public LeaderAndIsrPartitionState withLeaderRecoveryState(byte leaderRecoveryState) {
            return new LeaderAndIsrPartitionState(partitionIndex, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch, replicas, addingReplicas, removingReplicas, isNew, leaderRecoveryState);
        }

        static LeaderAndIsrPartitionState read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            int v_partitionIndex = 0;
            int v_controllerEpoch = 0;
            int v_leader = 0;
            int v_leaderEpoch = 0;
            List<Integer> v_isr = List.of();
            int v_partitionEpoch = 0;
            List<Integer> v_replicas = List.of();
            List<Integer> v_addingReplicas = List.of();
            List<Integer> v_removingReplicas = List.of();
            boolean v_isNew = false;
            byte v_leaderRecoveryState = (byte) 0;
            v_partitionIndex = Wire.readInt32(buf, "LeaderAndIsrPartitionState.partitionIndex");
            v_controllerEpoch = Wire.readInt32(buf, "LeaderAndIsrPartitionState.controllerEpoch");
            v_leader = Wire.readInt32(buf, "LeaderAndIsrPartitionState.leader");
            v_leaderEpoch = Wire.readInt32(buf, "LeaderAndIsrPartitionState.leaderEpoch");
            int n_isr = Wire.readArrayLength(buf, "LeaderAndIsrPartitionState.isr", flexible, false, version);
            if (n_isr >= 0) {
                List<Integer> l_isr = new ArrayList<>(n_isr);
                for (int k = 0; k < n_isr; k++) {
                    l_isr.add(Wire.readInt32(buf, "LeaderAndIsrPartitionState.isr"));
                }
                v_isr = Collections.unmodifiableList(l_isr);
            } else {
                v_isr = null;
            }
            v_partitionEpoch = Wire.readInt32(buf, "LeaderAndIsrPartitionState.partitionEpoch");
            int n_replicas = Wire.readArrayLength(buf, "LeaderAndIsrPartitionState.replicas", flexible, false, version);
            if (n_replicas >= 0) {
                List<Integer> l_replicas = new ArrayList<>(n_replicas);
                for (int k = 0; k < n_replicas; k++) {
                    l_replicas.add(Wire.readInt32(buf, "LeaderAndIsrPartitionState.replicas"));
                }
                v_replicas = Collections.unmodifiableList(l_replicas);
            } else {
                v_replicas = null;
            }
            int n_addingReplicas = Wire.readArrayLength(buf, "LeaderAndIsrPartitionState.addingReplicas", flexible, false, version);
            if (n_addingReplicas >= 0) {
                List<Integer> l_addingReplicas = new ArrayList<>(n_addingReplicas);
                for (int k = 0; k < n_addingReplicas; k++) {
                    l_addingReplicas.add(Wire.readInt32(buf, "LeaderAndIsrPartitionState.addingReplicas"));
                }
                v_addingReplicas = Collections.unmodifiableList(l_addingReplicas);
            } else {
                v_addingReplicas = null;
            }
            int n_removingReplicas = Wire.readArrayLength(buf, "LeaderAndIsrPartitionState.removingReplicas", flexible, false, version);
            if (n_removingReplicas >= 0) {
                List<Integer> l_removingReplicas = new ArrayList<>(n_removingReplicas);
                for (int k = 0; k < n_removingReplicas; k++) {
                    l_removingReplicas.add(Wire.readInt32(buf, "LeaderAndIsrPartitionState.removingReplicas"));
                }
                v_removingReplicas = Collections.unmodifiableList(l_removingReplicas);
            } else {
                v_removingReplicas = null;
            }
            v_isNew = Wire.readBool(buf, "LeaderAndIsrPartitionState.isNew");
            v_leaderRecoveryState = Wire.readInt8(buf, "LeaderAndIsrPartitionState.leaderRecoveryState");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "LeaderAndIsrPartitionState._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "LeaderAndIsrPartitionState._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "LeaderAndIsrPartitionState._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "LeaderAndIsrPartitionState._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new LeaderAndIsrPartitionState(v_partitionIndex, v_controllerEpoch, v_leader, v_leaderEpoch, v_isr, v_partitionEpoch, v_replicas, v_addingReplicas, v_removingReplicas, v_isNew, v_leaderRecoveryState);
        }

        void validate(short version) {
            if (isr == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrPartitionState.isr", version);
            }
            if (replicas == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrPartitionState.replicas", version);
            }
            if (addingReplicas == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrPartitionState.addingReplicas", version);
            }
            if (removingReplicas == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrPartitionState.removingReplicas", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
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
            buf.writeInt(partitionEpoch);
            Wire.writeArrayLength(buf, replicas, flexible);
            if (replicas != null) {
                for (Integer e : replicas) {
                    buf.writeInt(e);
                }
            }
            Wire.writeArrayLength(buf, addingReplicas, flexible);
            if (addingReplicas != null) {
                for (Integer e : addingReplicas) {
                    buf.writeInt(e);
                }
            }
            Wire.writeArrayLength(buf, removingReplicas, flexible);
            if (removingReplicas != null) {
                for (Integer e : removingReplicas) {
                    buf.writeInt(e);
                }
            }
            Wire.writeBool(buf, isNew);
            buf.writeByte(leaderRecoveryState);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += 4;
            size += 4;
            size += 4;
            size += 4;
            size += Wire.sizeOfArrayLength(isr, flexible) + (isr == null ? 0 : isr.size() * 4);
            size += 4;
            size += Wire.sizeOfArrayLength(replicas, flexible) + (replicas == null ? 0 : replicas.size() * 4);
            size += Wire.sizeOfArrayLength(addingReplicas, flexible) + (addingReplicas == null ? 0 : addingReplicas.size() * 4);
            size += Wire.sizeOfArrayLength(removingReplicas, flexible) + (removingReplicas == null ? 0 : removingReplicas.size() * 4);
            size += 1;
            size += 1;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code LeaderAndIsrTopicConfig} struct of LeaderAndIsrRequestMessage; same guarantees. */
    public record LeaderAndIsrTopicConfig(
            String name,
            String value) {
        /** Every field at its default. */
        public static final LeaderAndIsrTopicConfig DEFAULT = new LeaderAndIsrTopicConfig("", "");

        /** @return a copy with {@code name} replaced */
        public LeaderAndIsrTopicConfig withName(String name) {
            return new LeaderAndIsrTopicConfig(name, value);
        }

        /** @return a copy with {@code value} replaced */
        public LeaderAndIsrTopicConfig withValue(String value) {
            return new LeaderAndIsrTopicConfig(name, value);
        }

        static LeaderAndIsrTopicConfig read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            String v_name = "";
            String v_value = "";
            v_name = Wire.readString(buf, "LeaderAndIsrTopicConfig.name", flexible, false, version);
            v_value = Wire.readString(buf, "LeaderAndIsrTopicConfig.value", flexible, false, version);
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "LeaderAndIsrTopicConfig._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "LeaderAndIsrTopicConfig._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "LeaderAndIsrTopicConfig._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "LeaderAndIsrTopicConfig._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new LeaderAndIsrTopicConfig(v_name, v_value);
        }

        void validate(short version) {
            if (name == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrTopicConfig.name", version);
            }
            if (value == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrTopicConfig.value", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            Wire.writeString(buf, name, flexible, "LeaderAndIsrTopicConfig.name");
            Wire.writeString(buf, value, flexible, "LeaderAndIsrTopicConfig.value");
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += Wire.sizeOfString(name, flexible);
            size += Wire.sizeOfString(value, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code LeaderAndIsrLiveLeader} struct of LeaderAndIsrRequestMessage; same guarantees. */
    public record LeaderAndIsrLiveLeader(
            int brokerId,
            String hostName,
            int port,
            String rack,
            List<LeaderAndIsrLiveLeaderEndpoint> endpoints,
            long brokerEpoch,
            long registeredAtMs,
            boolean uncleanShutdown) {
        /** Every field at its default. */
        public static final LeaderAndIsrLiveLeader DEFAULT = new LeaderAndIsrLiveLeader(0, "", 0, null, List.of(), -1L, 0L, false);

        /** @return a copy with {@code brokerId} replaced */
        public LeaderAndIsrLiveLeader withBrokerId(int brokerId) {
            return new LeaderAndIsrLiveLeader(brokerId, hostName, port, rack, endpoints, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code hostName} replaced */
        public LeaderAndIsrLiveLeader withHostName(String hostName) {
            return new LeaderAndIsrLiveLeader(brokerId, hostName, port, rack, endpoints, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code port} replaced */
        public LeaderAndIsrLiveLeader withPort(int port) {
            return new LeaderAndIsrLiveLeader(brokerId, hostName, port, rack, endpoints, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code rack} replaced */
        public LeaderAndIsrLiveLeader withRack(String rack) {
            return new LeaderAndIsrLiveLeader(brokerId, hostName, port, rack, endpoints, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code endpoints} replaced */
        public LeaderAndIsrLiveLeader withEndpoints(List<LeaderAndIsrLiveLeaderEndpoint> endpoints) {
            return new LeaderAndIsrLiveLeader(brokerId, hostName, port, rack, endpoints, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code brokerEpoch} replaced */
        public LeaderAndIsrLiveLeader withBrokerEpoch(long brokerEpoch) {
            return new LeaderAndIsrLiveLeader(brokerId, hostName, port, rack, endpoints, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code registeredAtMs} replaced */
        public LeaderAndIsrLiveLeader withRegisteredAtMs(long registeredAtMs) {
            return new LeaderAndIsrLiveLeader(brokerId, hostName, port, rack, endpoints, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        /** @return a copy with {@code uncleanShutdown} replaced */
        public LeaderAndIsrLiveLeader withUncleanShutdown(boolean uncleanShutdown) {
            return new LeaderAndIsrLiveLeader(brokerId, hostName, port, rack, endpoints, brokerEpoch, registeredAtMs, uncleanShutdown);
        }

        static LeaderAndIsrLiveLeader read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            int v_brokerId = 0;
            String v_hostName = "";
            int v_port = 0;
            String v_rack = null;
            List<LeaderAndIsrLiveLeaderEndpoint> v_endpoints = List.of();
            long v_brokerEpoch = -1L;
            long v_registeredAtMs = 0L;
            boolean v_uncleanShutdown = false;
            v_brokerId = Wire.readInt32(buf, "LeaderAndIsrLiveLeader.brokerId");
            v_hostName = Wire.readString(buf, "LeaderAndIsrLiveLeader.hostName", flexible, false, version);
            v_port = Wire.readInt32(buf, "LeaderAndIsrLiveLeader.port");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "LeaderAndIsrLiveLeader._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "LeaderAndIsrLiveLeader._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "LeaderAndIsrLiveLeader._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "LeaderAndIsrLiveLeader._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        case 1000: {
                            if (true) {
                                v_rack = Wire.readString(buf, "LeaderAndIsrLiveLeader.rack", flexible, true, version);
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "LeaderAndIsrLiveLeader.rack");
                            } else {
                                buf.skipBytes(tagSize);
                            }
                            break;
                        }
                        case 1001: {
                            if (true) {
                                int n_endpoints = Wire.readArrayLength(buf, "LeaderAndIsrLiveLeader.endpoints", flexible, false, version);
                                if (n_endpoints >= 0) {
                                    List<LeaderAndIsrLiveLeaderEndpoint> l_endpoints = new ArrayList<>(n_endpoints);
                                    for (int k = 0; k < n_endpoints; k++) {
                                        l_endpoints.add(LeaderAndIsrLiveLeaderEndpoint.read(buf, version));
                                    }
                                    v_endpoints = Collections.unmodifiableList(l_endpoints);
                                } else {
                                    v_endpoints = null;
                                }
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "LeaderAndIsrLiveLeader.endpoints");
                            } else {
                                buf.skipBytes(tagSize);
                            }
                            break;
                        }
                        case 1002: {
                            if (true) {
                                v_brokerEpoch = Wire.readInt64(buf, "LeaderAndIsrLiveLeader.brokerEpoch");
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "LeaderAndIsrLiveLeader.brokerEpoch");
                            } else {
                                buf.skipBytes(tagSize);
                            }
                            break;
                        }
                        case 1003: {
                            if (true) {
                                v_registeredAtMs = Wire.readInt64(buf, "LeaderAndIsrLiveLeader.registeredAtMs");
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "LeaderAndIsrLiveLeader.registeredAtMs");
                            } else {
                                buf.skipBytes(tagSize);
                            }
                            break;
                        }
                        case 1004: {
                            if (true) {
                                v_uncleanShutdown = Wire.readBool(buf, "LeaderAndIsrLiveLeader.uncleanShutdown");
                                Wire.checkTaggedEnd(buf, tagStart, tagSize, "LeaderAndIsrLiveLeader.uncleanShutdown");
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
            return new LeaderAndIsrLiveLeader(v_brokerId, v_hostName, v_port, v_rack, v_endpoints, v_brokerEpoch, v_registeredAtMs, v_uncleanShutdown);
        }

        void validate(short version) {
            if (hostName == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrLiveLeader.hostName", version);
            }
            if (endpoints == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrLiveLeader.endpoints", version);
            }
            if (endpoints != null) {
                for (LeaderAndIsrLiveLeaderEndpoint e : endpoints) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            buf.writeInt(brokerId);
            Wire.writeString(buf, hostName, flexible, "LeaderAndIsrLiveLeader.hostName");
            buf.writeInt(port);
            if (flexible) {
                int taggedCount = 0;
                if (!Objects.equals(rack, null)) {
                    taggedCount++;
                }
                if (!Objects.equals(endpoints, List.of())) {
                    taggedCount++;
                }
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
                if (!Objects.equals(rack, null)) {
                    Wire.writeUnsignedVarint(buf, 1000);
                    Wire.writeUnsignedVarint(buf, Wire.sizeOfString(rack, flexible));
                    Wire.writeString(buf, rack, flexible, "LeaderAndIsrLiveLeader.rack");
                }
                if (!Objects.equals(endpoints, List.of())) {
                    Wire.writeUnsignedVarint(buf, 1001);
                    Wire.writeUnsignedVarint(buf, sizeOfEndpoints(endpoints, version, flexible));
                    Wire.writeArrayLength(buf, endpoints, flexible);
                    if (endpoints != null) {
                        for (LeaderAndIsrLiveLeaderEndpoint e : endpoints) {
                            e.write(buf, version);
                        }
                    }
                }
                if (brokerEpoch != -1L) {
                    Wire.writeUnsignedVarint(buf, 1002);
                    Wire.writeUnsignedVarint(buf, 8);
                    buf.writeLong(brokerEpoch);
                }
                if (registeredAtMs != 0L) {
                    Wire.writeUnsignedVarint(buf, 1003);
                    Wire.writeUnsignedVarint(buf, 8);
                    buf.writeLong(registeredAtMs);
                }
                if (uncleanShutdown != false) {
                    Wire.writeUnsignedVarint(buf, 1004);
                    Wire.writeUnsignedVarint(buf, 1);
                    Wire.writeBool(buf, uncleanShutdown);
                }
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += 4;
            size += Wire.sizeOfString(hostName, flexible);
            size += 4;
            if (flexible) {
                int taggedCount = 0;
                if (!Objects.equals(rack, null)) {
                    taggedCount++;
                    int valueSize = Wire.sizeOfString(rack, flexible);
                    size += Wire.sizeOfUnsignedVarint(1000) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                if (!Objects.equals(endpoints, List.of())) {
                    taggedCount++;
                    int valueSize = sizeOfEndpoints(endpoints, version, flexible);
                    size += Wire.sizeOfUnsignedVarint(1001) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                if (brokerEpoch != -1L) {
                    taggedCount++;
                    int valueSize = 8;
                    size += Wire.sizeOfUnsignedVarint(1002) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                if (registeredAtMs != 0L) {
                    taggedCount++;
                    int valueSize = 8;
                    size += Wire.sizeOfUnsignedVarint(1003) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                if (uncleanShutdown != false) {
                    taggedCount++;
                    int valueSize = 1;
                    size += Wire.sizeOfUnsignedVarint(1004) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
                }
                size += Wire.sizeOfUnsignedVarint(taggedCount);
            }
            return size;
        }

        private static int sizeOfEndpoints(List<LeaderAndIsrLiveLeaderEndpoint> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (LeaderAndIsrLiveLeaderEndpoint e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code LeaderAndIsrLiveLeaderEndpoint} struct of LeaderAndIsrRequestMessage; same guarantees. */
    public record LeaderAndIsrLiveLeaderEndpoint(
            String listener,
            String host,
            int port) {
        /** Every field at its default. */
        public static final LeaderAndIsrLiveLeaderEndpoint DEFAULT = new LeaderAndIsrLiveLeaderEndpoint("", "", 0);

        /** @return a copy with {@code listener} replaced */
        public LeaderAndIsrLiveLeaderEndpoint withListener(String listener) {
            return new LeaderAndIsrLiveLeaderEndpoint(listener, host, port);
        }

        /** @return a copy with {@code host} replaced */
        public LeaderAndIsrLiveLeaderEndpoint withHost(String host) {
            return new LeaderAndIsrLiveLeaderEndpoint(listener, host, port);
        }

        /** @return a copy with {@code port} replaced */
        public LeaderAndIsrLiveLeaderEndpoint withPort(int port) {
            return new LeaderAndIsrLiveLeaderEndpoint(listener, host, port);
        }

        static LeaderAndIsrLiveLeaderEndpoint read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            String v_listener = "";
            String v_host = "";
            int v_port = 0;
            v_listener = Wire.readString(buf, "LeaderAndIsrLiveLeaderEndpoint.listener", flexible, false, version);
            v_host = Wire.readString(buf, "LeaderAndIsrLiveLeaderEndpoint.host", flexible, false, version);
            v_port = Wire.readInt32(buf, "LeaderAndIsrLiveLeaderEndpoint.port");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "LeaderAndIsrLiveLeaderEndpoint._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "LeaderAndIsrLiveLeaderEndpoint._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "LeaderAndIsrLiveLeaderEndpoint._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "LeaderAndIsrLiveLeaderEndpoint._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new LeaderAndIsrLiveLeaderEndpoint(v_listener, v_host, v_port);
        }

        void validate(short version) {
            if (listener == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrLiveLeaderEndpoint.listener", version);
            }
            if (host == null) {
                throw Wire.nullNotAllowed("LeaderAndIsrLiveLeaderEndpoint.host", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            Wire.writeString(buf, listener, flexible, "LeaderAndIsrLiveLeaderEndpoint.listener");
            Wire.writeString(buf, host, flexible, "LeaderAndIsrLiveLeaderEndpoint.host");
            buf.writeInt(port);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += Wire.sizeOfString(listener, flexible);
            size += Wire.sizeOfString(host, flexible);
            size += 4;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

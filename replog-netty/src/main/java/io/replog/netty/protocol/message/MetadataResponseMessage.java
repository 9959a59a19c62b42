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
 * Kafka's Metadata response body (API key 3), versions 0-13, flexible from 9.
 *
 * <p>Generated from {@code src/main/schemas/MetadataResponse.json} by {@code CodecGenerator} (test sources);
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
public record MetadataResponseMessage(
        int throttleTimeMs,
        List<MetadataResponseBroker> brokers,
        String clusterId,
        int controllerId,
        List<MetadataResponseTopic> topics,
        int clusterAuthorizedOperations,
        short errorCode) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 3;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 0;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 13;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 9;

    /** Every field at its default. */
    public static final MetadataResponseMessage DEFAULT = new MetadataResponseMessage(0, List.of(), null, -1, List.of(), -2147483648, (short) 0);

    /** @return a copy with {@code throttleTimeMs} replaced */
    public MetadataResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new MetadataResponseMessage(throttleTimeMs, brokers, clusterId, controllerId, topics, clusterAuthorizedOperations, errorCode);
    }

    /** @return a copy with {@code brokers} replaced */
    public MetadataResponseMessage withBrokers(List<MetadataResponseBroker> brokers) {
        return new MetadataResponseMessage(throttleTimeMs, brokers, clusterId, controllerId, topics, clusterAuthorizedOperations, errorCode);
    }

    /** @return a copy with {@code clusterId} replaced */
    public MetadataResponseMessage withClusterId(String clusterId) {
        return new MetadataResponseMessage(throttleTimeMs, brokers, clusterId, controllerId, topics, clusterAuthorizedOperations, errorCode);
    }

    /** @return a copy with {@code controllerId} replaced */
    public MetadataResponseMessage withControllerId(int controllerId) {
        return new MetadataResponseMessage(throttleTimeMs, brokers, clusterId, controllerId, topics, clusterAuthorizedOperations, errorCode);
    }

    /** @return a copy with {@code topics} replaced */
    public MetadataResponseMessage withTopics(List<MetadataResponseTopic> topics) {
        return new MetadataResponseMessage(throttleTimeMs, brokers, clusterId, controllerId, topics, clusterAuthorizedOperations, errorCode);
    }

    /** @return a copy with {@code clusterAuthorizedOperations} replaced */
    public MetadataResponseMessage withClusterAuthorizedOperations(int clusterAuthorizedOperations) {
        return new MetadataResponseMessage(throttleTimeMs, brokers, clusterId, controllerId, topics, clusterAuthorizedOperations, errorCode);
    }

    /** @return a copy with {@code errorCode} replaced */
    public MetadataResponseMessage withErrorCode(short errorCode) {
        return new MetadataResponseMessage(throttleTimeMs, brokers, clusterId, controllerId, topics, clusterAuthorizedOperations, errorCode);
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
    public static MetadataResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("MetadataResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 9;
        int v_throttleTimeMs = 0;
        List<MetadataResponseBroker> v_brokers = List.of();
        String v_clusterId = null;
        int v_controllerId = -1;
        List<MetadataResponseTopic> v_topics = List.of();
        int v_clusterAuthorizedOperations = -2147483648;
        short v_errorCode = (short) 0;
        if (version >= 3) {
            v_throttleTimeMs = Wire.readInt32(buf, "MetadataResponseMessage.throttleTimeMs");
        }
        int n_brokers = Wire.readArrayLength(buf, "MetadataResponseMessage.brokers", flexible, false, version);
        if (n_brokers >= 0) {
            List<MetadataResponseBroker> l_brokers = new ArrayList<>(n_brokers);
            for (int k = 0; k < n_brokers; k++) {
                l_brokers.add(MetadataResponseBroker.read(buf, version));
            }
            v_brokers = Collections.unmodifiableList(l_brokers);
        } else {
            v_brokers = null;
        }
        if (version >= 2) {
            v_clusterId = Wire.readString(buf, "MetadataResponseMessage.clusterId", flexible, version >= 2, version);
        }
        if (version >= 1) {
            v_controllerId = Wire.readInt32(buf, "MetadataResponseMessage.controllerId");
        }
        int n_topics = Wire.readArrayLength(buf, "MetadataResponseMessage.topics", flexible, false, version);
        if (n_topics >= 0) {
            List<MetadataResponseTopic> l_topics = new ArrayList<>(n_topics);
            for (int k = 0; k < n_topics; k++) {
                l_topics.add(MetadataResponseTopic.read(buf, version));
            }
            v_topics = Collections.unmodifiableList(l_topics);
        } else {
            v_topics = null;
        }
        if (version >= 8 && version <= 10) {
            v_clusterAuthorizedOperations = Wire.readInt32(buf, "MetadataResponseMessage.clusterAuthorizedOperations");
        }
        if (version >= 13) {
            v_errorCode = Wire.readInt16(buf, "MetadataResponseMessage.errorCode");
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "MetadataResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "MetadataResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "MetadataResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "MetadataResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new MetadataResponseMessage(v_throttleTimeMs, v_brokers, v_clusterId, v_controllerId, v_topics, v_clusterAuthorizedOperations, v_errorCode);
    }

    void validate(short version) {
        if (brokers == null) {
            throw Wire.nullNotAllowed("MetadataResponseMessage.brokers", version);
        }
        if ((version >= 2) && clusterId == null && !(version >= 2)) {
            throw Wire.nullNotAllowed("MetadataResponseMessage.clusterId", version);
        }
        if (topics == null) {
            throw Wire.nullNotAllowed("MetadataResponseMessage.topics", version);
        }
        if (!(version >= 8 && version <= 10) && clusterAuthorizedOperations != -2147483648) {
            throw Wire.fieldNotInVersion("MetadataResponseMessage.clusterAuthorizedOperations", version, clusterAuthorizedOperations);
        }
        if (brokers != null) {
            for (MetadataResponseBroker e : brokers) {
                e.validate(version);
            }
        }
        if (topics != null) {
            for (MetadataResponseTopic e : topics) {
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
        Wire.checkVersion("MetadataResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 9;
        if (version >= 3) {
            buf.writeInt(throttleTimeMs);
        }
        Wire.writeArrayLength(buf, brokers, flexible);
        if (brokers != null) {
            for (MetadataResponseBroker e : brokers) {
                e.write(buf, version);
            }
        }
        if (version >= 2) {
            Wire.writeString(buf, clusterId, flexible, "MetadataResponseMessage.clusterId");
        }
        if (version >= 1) {
            buf.writeInt(controllerId);
        }
        Wire.writeArrayLength(buf, topics, flexible);
        if (topics != null) {
            for (MetadataResponseTopic e : topics) {
                e.write(buf, version);
            }
        }
        if (version >= 8 && version <= 10) {
            buf.writeInt(clusterAuthorizedOperations);
        }
        if (version >= 13) {
            buf.writeShort(errorCode);
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
        Wire.checkVersion("MetadataResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 9;
        int size = 0;
        if (version >= 3) {
            size += 4;
        }
        size += sizeOfBrokers(brokers, version, flexible);
        if (version >= 2) {
            size += Wire.sizeOfString(clusterId, flexible);
        }
        if (version >= 1) {
            size += 4;
        }
        size += sizeOfTopics(topics, version, flexible);
        if (version >= 8 && version <= 10) {
            size += 4;
        }
        if (version >= 13) {
            size += 2;
        }
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfBrokers(List<MetadataResponseBroker> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (MetadataResponseBroker e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    private static int sizeOfTopics(List<MetadataResponseTopic> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (MetadataResponseTopic e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code MetadataResponseBroker} struct of MetadataResponseMessage; same guarantees. */
    public record MetadataResponseBroker(
            int nodeId,
            String host,
            int port,
            String rack) {
        /** Every field at its default. */
        public static final MetadataResponseBroker DEFAULT = new MetadataResponseBroker(0, "", 0, null);

        /** @return a copy with {@code nodeId} replaced */
        public MetadataResponseBroker withNodeId(int nodeId) {
            return new MetadataResponseBroker(nodeId, host, port, rack);
        }

        /** @return a copy with {@code host} replaced */
        public MetadataResponseBroker withHost(String host) {
            return new MetadataResponseBroker(nodeId, host, port, rack);
        }

        /** @return a copy with {@code port} replaced */
        public MetadataResponseBroker withPort(int port) {
            return new MetadataResponseBroker(nodeId, host, port, rack);
        }

        /** @return a copy with {@code rack} replaced */
        public MetadataResponseBroker withRack(String rack) {
            return new MetadataResponseBroker(nodeId, host, port, rack);
        }

        static MetadataResponseBroker read(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            int v_nodeId = 0;
            String v_host = "";
            int v_port = 0;
            String v_rack = null;
            v_nodeId = Wire.readInt32(buf, "MetadataResponseBroker.nodeId");
            v_host = Wire.readString(buf, "MetadataResponseBroker.host", flexible, false, version);
            v_port = Wire.readInt32(buf, "MetadataResponseBroker.port");
            if (version >= 1) {
                v_rack = Wire.readString(buf, "MetadataResponseBroker.rack", flexible, version >= 1, version);
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "MetadataResponseBroker._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "MetadataResponseBroker._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "MetadataResponseBroker._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "MetadataResponseBroker._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new MetadataResponseBroker(v_nodeId, v_host, v_port, v_rack);
        }

        void validate(short version) {
            if (host == null) {
                throw Wire.nullNotAllowed("MetadataResponseBroker.host", version);
            }
            if ((version >= 1) && rack == null && !(version >= 1)) {
                throw Wire.nullNotAllowed("MetadataResponseBroker.rack", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            buf.writeInt(nodeId);
            Wire.writeString(buf, host, flexible, "MetadataResponseBroker.host");
            buf.writeInt(port);
            if (version >= 1) {
                Wire.writeString(buf, rack, flexible, "MetadataResponseBroker.rack");
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 9;
            int size = 0;
            size += 4;
            size += Wire.sizeOfString(host, flexible);
            size += 4;
            if (version >= 1) {
                size += Wire.sizeOfString(rack, flexible);
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code MetadataResponseTopic} struct of MetadataResponseMessage; same guarantees. */
    public record MetadataResponseTopic(
            short errorCode,
            String name,
            UUID topicId,
            boolean isInternal,
            List<MetadataResponsePartition> partitions,
            int topicAuthorizedOperations) {
        /** Every field at its default. */
        public static final MetadataResponseTopic DEFAULT = new MetadataResponseTopic((short) 0, "", Wire.ZERO_UUID, false, List.of(), -2147483648);

        /** @return a copy with {@code errorCode} replaced */
        public MetadataResponseTopic withErrorCode(short errorCode) {
            return new MetadataResponseTopic(errorCode, name, topicId, isInternal, partitions, topicAuthorizedOperations);
        }

        /** @return a copy with {@code name} replaced */
        public MetadataResponseTopic withName(String name) {
            return new MetadataResponseTopic(errorCode, name, topicId, isInternal, partitions, topicAuthorizedOperations);
        }

        /** @return a copy with {@code topicId} replaced */
        public MetadataResponseTopic withTopicId(UUID topicId) {
            return new MetadataResponseTopic(errorCode, name, topicId, isInternal, partitions, topicAuthorizedOperations);
        }

        /** @return a copy with {@code isInternal} replaced */
        public MetadataResponseTopic withIsInternal(boolean isInternal) {
            return new MetadataResponseTopic(errorCode, name, topicId, isInternal, partitions, topicAuthorizedOperations);
        }

        /** @return a copy with {@code partitions} replaced */
        public MetadataResponseTopic withPartitions(List<MetadataResponsePartition> partitions) {
            return new MetadataResponseTopic(errorCode, name, topicId, isInternal, partitions, topicAuthorizedOperations);
        }

        /** @return a copy with {@code topicAuthorizedOperations} replaced */
        public MetadataResponseTopic withTopicAuthorizedOperations(int topicAuthorizedOperations) {
            return new MetadataResponseTopic(errorCode, name, topicId, isInternal, partitions, topicAuthorizedOperations);
        }

        static MetadataResponseTopic read(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            short v_errorCode = (short) 0;
            String v_name = "";
            UUID v_topicId = Wire.ZERO_UUID;
            boolean v_isInternal = false;
            List<MetadataResponsePartition> v_partitions = List.of();
            int v_topicAuthorizedOperations = -2147483648;
            v_errorCode = Wire.readInt16(buf, "MetadataResponseTopic.errorCode");
            v_name = Wire.readString(buf, "MetadataResponseTopic.name", flexible, version >= 12, version);
            if (version >= 10) {
                v_topicId = Wire.readUuid(buf, "MetadataResponseTopic.topicId");
            }
            if (version >= 1) {
                v_isInternal = Wire.readBool(buf, "MetadataResponseTopic.isInternal");
            }
            int n_partitions = Wire.readArrayLength(buf, "MetadataResponseTopic.partitions", flexible, false, version);
            if (n_partitions >= 0) {
                List<MetadataResponsePartition> l_partitions = new ArrayList<>(n_partitions);
                for (int k = 0; k < n_partitions; k++) {
                    l_partitions.add(MetadataResponsePartition.read(buf, version));
                }
                v_partitions = Collections.unmodifiableList(l_partitions);
            } else {
                v_partitions = null;
            }
            if (version >= 8) {
                v_topicAuthorizedOperations = Wire.readInt32(buf, "MetadataResponseTopic.topicAuthorizedOperations");
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "MetadataResponseTopic._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "MetadataResponseTopic._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "MetadataResponseTopic._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "MetadataResponseTopic._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new MetadataResponseTopic(v_errorCode, v_name, v_topicId, v_isInternal, v_partitions, v_topicAuthorizedOperations);
        }

        void validate(short version) {
            if (name == null && !(version >= 12)) {
                throw Wire.nullNotAllowed("MetadataResponseTopic.name", version);
            }
            if ((version >= 10) && topicId == null) {
                throw Wire.nullNotAllowed("MetadataResponseTopic.topicId", version);
            }
            if (partitions == null) {
                throw Wire.nullNotAllowed("MetadataResponseTopic.partitions", version);
            }
            if (!(version >= 8) && topicAuthorizedOperations != -2147483648) {
                throw Wire.fieldNotInVersion("MetadataResponseTopic.topicAuthorizedOperations", version, topicAuthorizedOperations);
            }
            if (partitions != null) {
                for (MetadataResponsePartition e : partitions) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            buf.writeShort(errorCode);
            Wire.writeString(buf, name, flexible, "MetadataResponseTopic.name");
            if (version >= 10) {
                Wire.writeUuid(buf, topicId);
            }
            if (version >= 1) {
                Wire.writeBool(buf, isInternal);
            }
            Wire.writeArrayLength(buf, partitions, flexible);
            if (partitions != null) {
                for (MetadataResponsePartition e : partitions) {
                    e.write(buf, version);
                }
            }
            if (version >= 8) {
                buf.writeInt(topicAuthorizedOperations);
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 9;
            int size = 0;
            size += 2;
            size += Wire.sizeOfString(name, flexible);
            if (version >= 10) {
                size += 16;
            }
            if (version >= 1) {
                size += 1;
            }
            size += sizeOfPartitions(partitions, version, flexible);
            if (version >= 8) {
                size += 4;
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfPartitions(List<MetadataResponsePartition> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (MetadataResponsePartition e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code MetadataResponsePartition} struct of MetadataResponseMessage; same guarantees. */
    public record MetadataResponsePartition(
            short errorCode,
            int partitionIndex,
            int leaderId,
            int leaderEpoch,
            List<Integer> replicaNodes,
            List<Integer> isrNodes,
            List<Integer> offlineReplicas) {
        /** Every field at its default. */
        public static final MetadataResponsePartition DEFAULT = new MetadataResponsePartition((short) 0, 0, 0, -1, List.of(), List.of(), List.of());

        /** @return a copy with {@code errorCode} replaced */
        public MetadataResponsePartition withErrorCode(short errorCode) {
            return new MetadataResponsePartition(errorCode, partitionIndex, leaderId, leaderEpoch, replicaNodes, isrNodes, offlineReplicas);
        }

        /** @return a copy with {@code partitionIndex} replaced */
        public MetadataResponsePartition withPartitionIndex(int partitionIndex) {
            return new MetadataResponsePartition(errorCode, partitionIndex, leaderId, leaderEpoch, replicaNodes, isrNodes, offlineReplicas);
        }

        /** @return a copy with {@code leaderId} replaced */
        public MetadataResponsePartition withLeaderId(int leaderId) {
            return new MetadataResponsePartition(errorCode, partitionIndex, leaderId, leaderEpoch, replicaNodes, isrNodes, offlineReplicas);
        }

        /** @return a copy with {@code leaderEpoch} replaced */
        public MetadataResponsePartition withLeaderEpoch(int leaderEpoch) {
            return new MetadataResponsePartition(errorCode, partitionIndex, leaderId, leaderEpoch, replicaNodes, isrNodes, offlineReplicas);
        }

        /** @return a copy with {@code replicaNodes} replaced */
        public MetadataResponsePartition withReplicaNodes(List<Integer> replicaNodes) {
            return new MetadataResponsePartition(errorCode, partitionIndex, leaderId, leaderEpoch, replicaNodes, isrNodes, offlineReplicas);
        }

        /** @return a copy with {@code isrNodes} replaced */
        public MetadataResponsePartition withIsrNodes(List<Integer> isrNodes) {
            return new MetadataResponsePartition(errorCode, partitionIndex, leaderId, leaderEpoch, replicaNodes, isrNodes, offlineReplicas);
        }

        /** @return a copy with {@code offlineReplicas} replaced */
        public MetadataResponsePartition withOfflineReplicas(List<Integer> offlineReplicas) {
            return new MetadataResponsePartition(errorCode, partitionIndex, leaderId, leaderEpoch, replicaNodes, isrNodes, offlineReplicas);
        }

        static MetadataResponsePartition read(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            short v_errorCode = (short) 0;
            int v_partitionIndex = 0;
            int v_leaderId = 0;
            int v_leaderEpoch = -1;
            List<Integer> v_replicaNodes = List.of();
            List<Integer> v_isrNodes = List.of();
            List<Integer> v_offlineReplicas = List.of();
            v_errorCode = Wire.readInt16(buf, "MetadataResponsePartition.errorCode");
            v_partitionIndex = Wire.readInt32(buf, "MetadataResponsePartition.partitionIndex");
            v_leaderId = Wire.readInt32(buf, "MetadataResponsePartition.leaderId");
            if (version >= 7) {
                v_leaderEpoch = Wire.readInt32(buf, "MetadataResponsePartition.leaderEpoch");
            }
            int n_replicaNodes = Wire.readArrayLength(buf, "MetadataResponsePartition.replicaNodes", flexible, false, version);
            if (n_replicaNodes >= 0) {
                List<Integer> l_replicaNodes = new ArrayList<>(n_replicaNodes);
                for (int k = 0; k < n_replicaNodes; k++) {
                    l_replicaNodes.add(Wire.readInt32(buf, "MetadataResponsePartition.replicaNodes"));
                }
                v_replicaNodes = Collections.unmodifiableList(l_replicaNodes);
            } else {
                v_replicaNodes = null;
            }
            int n_isrNodes = Wire.readArrayLength(buf, "MetadataResponsePartition.isrNodes", flexible, false, version);
            if (n_isrNodes >= 0) {
                List<Integer> l_isrNodes = new ArrayList<>(n_isrNodes);
                for (int k = 0; k < n_isrNodes; k++) {
                    l_isrNodes.add(Wire.readInt32(buf, "MetadataResponsePartition.isrNodes"));
                }
                v_isrNodes = Collections.unmodifiableList(l_isrNodes);
            } else {
                v_isrNodes = null;
            }
            if (version >= 5) {
                int n_offlineReplicas = Wire.readArrayLength(buf, "MetadataResponsePartition.offlineReplicas", flexible, false, version);
                if (n_offlineReplicas >= 0) {
                    List<Integer> l_offlineReplicas = new ArrayList<>(n_offlineReplicas);
                    for (int k = 0; k < n_offlineReplicas; k++) {
                        l_offlineReplicas.add(Wire.readInt32(buf, "MetadataResponsePartition.offlineReplicas"));
                    }
                    v_offlineReplicas = Collections.unmodifiableList(l_offlineReplicas);
                } else {
                    v_offlineReplicas = null;
                }
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "MetadataResponsePartition._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "MetadataResponsePartition._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "MetadataResponsePartition._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "MetadataResponsePartition._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new MetadataResponsePartition(v_errorCode, v_partitionIndex, v_leaderId, v_leaderEpoch, v_replicaNodes, v_isrNodes, v_offlineReplicas);
        }

        void validate(short version) {
            if (replicaNodes == null) {
                throw Wire.nullNotAllowed("MetadataResponsePartition.replicaNodes", version);
            }
            if (isrNodes == null) {
                throw Wire.nullNotAllowed("MetadataResponsePartition.isrNodes", version);
            }
            if ((version >= 5) && offlineReplicas == null) {
                throw Wire.nullNotAllowed("MetadataResponsePartition.offlineReplicas", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            buf.writeShort(errorCode);
            buf.writeInt(partitionIndex);
            buf.writeInt(leaderId);
            if (version >= 7) {
                buf.writeInt(leaderEpoch);
            }
            Wire.writeArrayLength(buf, replicaNodes, flexible);
            if (replicaNodes != null) {
                for (Integer e : replicaNodes) {
                    buf.writeInt(e);
                }
            }
            Wire.writeArrayLength(buf, isrNodes, flexible);
            if (isrNodes != null) {
                for (Integer e : isrNodes) {
                    buf.writeInt(e);
                }
            }
            if (version >= 5) {
                Wire.writeArrayLength(buf, offlineReplicas, flexible);
                if (offlineReplicas != null) {
                    for (Integer e : offlineReplicas) {
                        buf.writeInt(e);
                    }
                }
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 9;
            int size = 0;
            size += 2;
            size += 4;
            size += 4;
            if (version >= 7) {
                size += 4;
            }
            size += Wire.sizeOfArrayLength(replicaNodes, flexible) + (replicaNodes == null ? 0 : replicaNodes.size() * 4);
            size += Wire.sizeOfArrayLength(isrNodes, flexible) + (isrNodes == null ? 0 : isrNodes.size() * 4);
            if (version >= 5) {
                size += Wire.sizeOfArrayLength(offlineReplicas, flexible) + (offlineReplicas == null ? 0 : offlineReplicas.size() * 4);
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

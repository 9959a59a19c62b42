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
 * Kafka's CreateTopics request body (API key 19), versions 2-7, flexible from 5.
 *
 * <p>Generated from {@code src/main/schemas/CreateTopicsRequest.json} by {@code CodecGenerator} (test sources);
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
public record CreateTopicsRequestMessage(
        List<CreatableTopic> topics,
        int timeoutMs,
        boolean validateOnly) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 19;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 2;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 7;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 5;

    /** Every field at its default. */
    public static final CreateTopicsRequestMessage DEFAULT = new CreateTopicsRequestMessage(List.of(), 60000, false);

    /** @return a copy with {@code topics} replaced */
    public CreateTopicsRequestMessage withTopics(List<CreatableTopic> topics) {
        return new CreateTopicsRequestMessage(topics, timeoutMs, validateOnly);
    }

    /** @return a copy with {@code timeoutMs} replaced */
    public CreateTopicsRequestMessage withTimeoutMs(int timeoutMs) {
        return new CreateTopicsRequestMessage(topics, timeoutMs, validateOnly);
    }

    /** @return a copy with {@code validateOnly} replaced */
    public CreateTopicsRequestMessage withValidateOnly(boolean validateOnly) {
        return new CreateTopicsRequestMessage(topics, timeoutMs, validateOnly);
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
    public static CreateTopicsRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("CreateTopicsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 5;
        List<CreatableTopic> v_topics = List.of();
        int v_timeoutMs = 60000;
        boolean v_validateOnly = false;
        int n_topics = Wire.readArrayLength(buf, "CreateTopicsRequestMessage.topics", flexible, false, version);
        if (n_topics >= 0) {
            List<CreatableTopic> l_topics = new ArrayList<>(n_topics);
            for (int k = 0; k < n_topics; k++) {
                l_topics.add(CreatableTopic.read(buf, version));
            }
            v_topics = Collections.unmodifiableList(l_topics);
        } else {
            v_topics = null;
        }
        v_timeoutMs = Wire.readInt32(buf, "CreateTopicsRequestMessage.timeoutMs");
        v_validateOnly = Wire.readBool(buf, "CreateTopicsRequestMessage.validateOnly");
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "CreateTopicsRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "CreateTopicsRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "CreateTopicsRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "CreateTopicsRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new CreateTopicsRequestMessage(v_topics, v_timeoutMs, v_validateOnly);
    }

    void validate(short version) {
        if (topics == null) {
            throw Wire.nullNotAllowed("CreateTopicsRequestMessage.topics", version);
        }
        if (topics != null) {
            for (CreatableTopic e : topics) {
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
        Wire.checkVersion("CreateTopicsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 5;
        Wire.writeArrayLength(buf, topics, flexible);
        if (topics != null) {
            for (CreatableTopic e : topics) {
                e.write(buf, version);
            }
        }
        buf.writeInt(timeoutMs);
        Wire.writeBool(buf, validateOnly);
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
        Wire.checkVersion("CreateTopicsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 5;
        int size = 0;
        size += sizeOfTopics(topics, version, flexible);
        size += 4;
        size += 1;
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopics(List<CreatableTopic> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (CreatableTopic e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code CreatableTopic} struct of CreateTopicsRequestMessage; same guarantees. */
    public record CreatableTopic(
            String name,
            int numPartitions,
            short replicationFactor,
            List<CreatableReplicaAssignment> assignments,
            List<CreatableTopicConfig> configs) {
        /** Every field at its default. */
        public static final CreatableTopic DEFAULT = new CreatableTopic("", 0, (short) 0, List.of(), List.of());

        /** @return a copy with {@code name} replaced */
        public CreatableTopic withName(String name) {
            return new CreatableTopic(name, numPartitions, replicationFactor, assignments, configs);
        }

        /** @return a copy with {@code numPartitions} replaced */
        public CreatableTopic withNumPartitions(int numPartitions) {
            return new CreatableTopic(name, numPartitions, replicationFactor, assignments, configs);
        }

        /** @return a copy with {@code replicationFactor} replaced */
        public CreatableTopic withReplicationFactor(short replicationFactor) {
            return new CreatableTopic(name, numPartitions, replicationFactor, assignments, configs);
        }

        /** @return a copy with {@code assignments} replaced */
        public CreatableTopic withAssignments(List<CreatableReplicaAssignment> assignments) {
            return new CreatableTopic(name, numPartitions, replicationFactor, assignments, configs);
        }

        /** @return a copy with {@code configs} replaced */
        public CreatableTopic withConfigs(List<CreatableTopicConfig> configs) {
            return new CreatableTopic(name, numPartitions, replicationFactor, assignments, configs);
        }

        static CreatableTopic read(ByteBuf buf, short version) {
            boolean flexible = version >= 5;
            String v_name = "";
            int v_numPartitions = 0;
            short v_replicationFactor = (short) 0;
            List<CreatableReplicaAssignment> v_assignments = List.of();
            List<CreatableTopicConfig> v_configs = List.of();
            v_name = Wire.readString(buf, "CreatableTopic.name", flexible, false, version);
            v_numPartitions = Wire.readInt32(buf, "CreatableTopic.numPartitions");
            v_replicationFactor = Wire.readInt16(buf, "CreatableTopic.replicationFactor");
            int n_assignments = Wire.readArrayLength(buf, "CreatableTopic.assignments", flexible, false, version);
            if (n_assignments >= 0) {
                List<CreatableReplicaAssignment> l_assignments = new ArrayList<>(n_assignments);
                for (int k = 0; k < n_assignments; k++) {
                    l_assignments.add(CreatableReplicaAssignment.read(buf, version));
                }
                v_assignments = Collections.unmodifiableList(l_assignments);
            } else {
                v_assignments = null;
            }
            int n_configs = Wire.readArrayLength(buf, "CreatableTopic.configs", flexible, false, version);
            if (n_configs >= 0) {
                List<CreatableTopicConfig> l_configs = new ArrayList<>(n_configs);
                for (int k = 0; k < n_configs; k++) {
                    l_configs.add(CreatableTopicConfig.read(buf, version));
                }
                v_configs = Collections.unmodifiableList(l_configs);
            } else {
                v_configs = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "CreatableTopic._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "CreatableTopic._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "CreatableTopic._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "CreatableTopic._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new CreatableTopic(v_name, v_numPartitions, v_replicationFactor, v_assignments, v_configs);
        }

        void validate(short version) {
            if (name == null) {
                throw Wire.nullNotAllowed("CreatableTopic.name", version);
            }
            if (assignments == null) {
                throw Wire.nullNotAllowed("CreatableTopic.assignments", version);
            }
            if (configs == null) {
                throw Wire.nullNotAllowed("CreatableTopic.configs", version);
            }
            if (assignments != null) {
                for (CreatableReplicaAssignment e : assignments) {
                    e.validate(version);
                }
            }
            if (configs != null) {
                for (CreatableTopicConfig e : configs) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 5;
            Wire.writeString(buf, name, flexible, "CreatableTopic.name");
            buf.writeInt(numPartitions);
            buf.writeShort(replicationFactor);
            Wire.writeArrayLength(buf, assignments, flexible);
            if (assignments != null) {
                for (CreatableReplicaAssignment e : assignments) {
                    e.write(buf, version);
                }
            }
            Wire.writeArrayLength(buf, configs, flexible);
            if (configs != null) {
                for (CreatableTopicConfig e : configs) {
                    e.write(buf, version);
                }
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 5;
            int size = 0;
            size += Wire.sizeOfString(name, flexible);
            size += 4;
            size += 2;
            size += sizeOfAssignments(assignments, version, flexible);
            size += sizeOfConfigs(configs, version, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfAssignments(List<CreatableReplicaAssignment> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (CreatableReplicaAssignment e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }

        private static int sizeOfConfigs(List<CreatableTopicConfig> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (CreatableTopicConfig e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code CreatableReplicaAssignment} struct of CreateTopicsRequestMessage; same guarantees. */
    public record CreatableReplicaAssignment(
            int partitionIndex,
            List<Integer> brokerIds) {
        /** Every field at its default. */
        public static final CreatableReplicaAssignment DEFAULT = new CreatableReplicaAssignment(0, List.of());

        /** @return a copy with {@code partitionIndex} replaced */
        public CreatableReplicaAssignment withPartitionIndex(int partitionIndex) {
            return new CreatableReplicaAssignment(partitionIndex, brokerIds);
        }

        /** @return a copy with {@code brokerIds} replaced */
        public CreatableReplicaAssignment withBrokerIds(List<Integer> brokerIds) {
            return new CreatableReplicaAssignment(partitionIndex, brokerIds);
        }

        static CreatableReplicaAssignment read(ByteBuf buf, short version) {
            boolean flexible = version >= 5;
            int v_partitionIndex = 0;
            List<Integer> v_brokerIds = List.of();
            v_partitionIndex = Wire.readInt32(buf, "CreatableReplicaAssignment.partitionIndex");
            int n_brokerIds = Wire.readArrayLength(buf, "CreatableReplicaAssignment.brokerIds", flexible, false, version);
            if (n_brokerIds >= 0) {
                List<Integer> l_brokerIds = new ArrayList<>(n_brokerIds);
                for (int k = 0; k < n_brokerIds; k++) {
                    l_brokerIds.add(Wire.readInt32(buf, "CreatableReplicaAssignment.brokerIds"));
                }
                v_brokerIds = Collections.unmodifiableList(l_brokerIds);
            } else {
                v_brokerIds = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "CreatableReplicaAssignment._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "CreatableReplicaAssignment._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "CreatableReplicaAssignment._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "CreatableReplicaAssignment._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new CreatableReplicaAssignment(v_partitionIndex, v_brokerIds);
        }

        void validate(short version) {
            if (brokerIds == null) {
                throw Wire.nullNotAllowed("CreatableReplicaAssignment.brokerIds", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 5;
            buf.writeInt(partitionIndex);
            Wire.writeArrayLength(buf, brokerIds, flexible);
            if (brokerIds != null) {
                for (Integer e : brokerIds) {
                    buf.writeInt(e);
                }
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 5;
            int size = 0;
            size += 4;
            size += Wire.sizeOfArrayLength(brokerIds, flexible) + (brokerIds == null ? 0 : brokerIds.size() * 4);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code CreatableTopicConfig} struct of CreateTopicsRequestMessage; same guarantees. */
    public record CreatableTopicConfig(
            String name,
            String value) {
        /** Every field at its default. */
        public static final CreatableTopicConfig DEFAULT = new CreatableTopicConfig("", "");

        /** @return a copy with {@code name} replaced */
        public CreatableTopicConfig withName(String name) {
            return new CreatableTopicConfig(name, value);
        }

        /** @return a copy with {@code value} replaced */
        public CreatableTopicConfig withValue(String value) {
            return new CreatableTopicConfig(name, value);
        }

        static CreatableTopicConfig read(ByteBuf buf, short version) {
            boolean flexible = version >= 5;
            String v_name = "";
            String v_value = "";
            v_name = Wire.readString(buf, "CreatableTopicConfig.name", flexible, false, version);
            v_value = Wire.readString(buf, "CreatableTopicConfig.value", flexible, true, version);
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "CreatableTopicConfig._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "CreatableTopicConfig._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "CreatableTopicConfig._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "CreatableTopicConfig._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new CreatableTopicConfig(v_name, v_value);
        }

        void validate(short version) {
            if (name == null) {
                throw Wire.nullNotAllowed("CreatableTopicConfig.name", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 5;
            Wire.writeString(buf, name, flexible, "CreatableTopicConfig.name");
            Wire.writeString(buf, value, flexible, "CreatableTopicConfig.value");
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 5;
            int size = 0;
            size += Wire.sizeOfString(name, flexible);
            size += Wire.sizeOfString(value, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

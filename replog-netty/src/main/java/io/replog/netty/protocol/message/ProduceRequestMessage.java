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
 * Kafka's Produce request body (API key 0), versions 0-13, flexible from 9.
 *
 * <p>Generated from {@code src/main/schemas/ProduceRequest.json} by {@code CodecGenerator} (test sources);
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
public record ProduceRequestMessage(
        String transactionalId,
        short acks,
        int timeoutMs,
        List<TopicProduceData> topicData) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 0;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 0;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 13;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 9;

    /** Every field at its default. */
    public static final ProduceRequestMessage DEFAULT = new ProduceRequestMessage(null, (short) 0, 0, List.of());

    /** @return a copy with {@code transactionalId} replaced */
    public ProduceRequestMessage withTransactionalId(String transactionalId) {
        return new ProduceRequestMessage(transactionalId, acks, timeoutMs, topicData);
    }

    /** @return a copy with {@code acks} replaced */
    public ProduceRequestMessage withAcks(short acks) {
        return new ProduceRequestMessage(transactionalId, acks, timeoutMs, topicData);
    }

    /** @return a copy with {@code timeoutMs} replaced */
    public ProduceRequestMessage withTimeoutMs(int timeoutMs) {
        return new ProduceRequestMessage(transactionalId, acks, timeoutMs, topicData);
    }

    /** @return a copy with {@code topicData} replaced */
    public ProduceRequestMessage withTopicData(List<TopicProduceData> topicData) {
        return new ProduceRequestMessage(transactionalId, acks, timeoutMs, topicData);
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
    public static ProduceRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("ProduceRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 9;
        String v_transactionalId = null;
        short v_acks = (short) 0;
        int v_timeoutMs = 0;
        List<TopicProduceData> v_topicData = List.of();
        if (version >= 3) {
            v_transactionalId = Wire.readString(buf, "ProduceRequestMessage.transactionalId", flexible, version >= 3, version);
        }
        v_acks = Wire.readInt16(buf, "ProduceRequestMessage.acks");
        v_timeoutMs = Wire.readInt32(buf, "ProduceRequestMessage.timeoutMs");
        int n_topicData = Wire.readArrayLength(buf, "ProduceRequestMessage.topicData", flexible, false, version);
        if (n_topicData >= 0) {
            List<TopicProduceData> l_topicData = new ArrayList<>(n_topicData);
            for (int k = 0; k < n_topicData; k++) {
                l_topicData.add(TopicProduceData.read(buf, version));
            }
            v_topicData = Collections.unmodifiableList(l_topicData);
        } else {
            v_topicData = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "ProduceRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "ProduceRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "ProduceRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "ProduceRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new ProduceRequestMessage(v_transactionalId, v_acks, v_timeoutMs, v_topicData);
    }

    void validate(short version) {
        if (!(version >= 3) && !Objects.equals(transactionalId, null)) {
            throw Wire.fieldNotInVersion("ProduceRequestMessage.transactionalId", version, transactionalId);
        }
        if ((version >= 3) && transactionalId == null && !(version >= 3)) {
            throw Wire.nullNotAllowed("ProduceRequestMessage.transactionalId", version);
        }
        if (topicData == null) {
            throw Wire.nullNotAllowed("ProduceRequestMessage.topicData", version);
        }
        if (topicData != null) {
            for (TopicProduceData e : topicData) {
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
        Wire.checkVersion("ProduceRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 9;
        if (version >= 3) {
            Wire.writeString(buf, transactionalId, flexible, "ProduceRequestMessage.transactionalId");
        }
        buf.writeShort(acks);
        buf.writeInt(timeoutMs);
        Wire.writeArrayLength(buf, topicData, flexible);
        if (topicData != null) {
            for (TopicProduceData e : topicData) {
                e.write(buf, version, recordsWriter);
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
        Wire.checkVersion("ProduceRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 9;
        int size = 0;
        if (version >= 3) {
            size += Wire.sizeOfString(transactionalId, flexible);
        }
        size += 2;
        size += 4;
        size += sizeOfTopicData(topicData, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfTopicData(List<TopicProduceData> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (TopicProduceData e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code TopicProduceData} struct of ProduceRequestMessage; same guarantees. */
    public record TopicProduceData(
            String name,
            UUID topicId,
            List<PartitionProduceData> partitionData) {
        /** Every field at its default. */
        public static final TopicProduceData DEFAULT = new TopicProduceData("", Wire.ZERO_UUID, List.of());

        /** @return a copy with {@code name} replaced */
        public TopicProduceData withName(String name) {
            return new TopicProduceData(name, topicId, partitionData);
        }

        /** @return a copy with {@code topicId} replaced */
        public TopicProduceData withTopicId(UUID topicId) {
            return new TopicProduceData(name, topicId, partitionData);
        }

        /** @return a copy with {@code partitionData} replaced */
        public TopicProduceData withPartitionData(List<PartitionProduceData> partitionData) {
            return new TopicProduceData(name, topicId, partitionData);
        }

        static TopicProduceData read(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            String v_name = "";
            UUID v_topicId = Wire.ZERO_UUID;
            List<PartitionProduceData> v_partitionData = List.of();
            if (version <= 12) {
                v_name = Wire.readString(buf, "TopicProduceData.name", flexible, false, version);
            }
            if (version >= 13) {
                v_topicId = Wire.readUuid(buf, "TopicProduceData.topicId");
            }
            int n_partitionData = Wire.readArrayLength(buf, "TopicProduceData.partitionData", flexible, false, version);
            if (n_partitionData >= 0) {
                List<PartitionProduceData> l_partitionData = new ArrayList<>(n_partitionData);
                for (int k = 0; k < n_partitionData; k++) {
                    l_partitionData.add(PartitionProduceData.read(buf, version));
                }
                v_partitionData = Collections.unmodifiableList(l_partitionData);
            } else {
                v_partitionData = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "TopicProduceData._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "TopicProduceData._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "TopicProduceData._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "TopicProduceData._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new TopicProduceData(v_name, v_topicId, v_partitionData);
        }

        void validate(short version) {
            if ((version <= 12) && name == null) {
                throw Wire.nullNotAllowed("TopicProduceData.name", version);
            }
            if ((version >= 13) && topicId == null) {
                throw Wire.nullNotAllowed("TopicProduceData.topicId", version);
            }
            if (partitionData == null) {
                throw Wire.nullNotAllowed("TopicProduceData.partitionData", version);
            }
            if (partitionData != null) {
                for (PartitionProduceData e : partitionData) {
                    e.validate(version);
                }
            }
        }

        void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {
            boolean flexible = version >= 9;
            if (version <= 12) {
                Wire.writeString(buf, name, flexible, "TopicProduceData.name");
            }
            if (version >= 13) {
                Wire.writeUuid(buf, topicId);
            }
            Wire.writeArrayLength(buf, partitionData, flexible);
            if (partitionData != null) {
                for (PartitionProduceData e : partitionData) {
                    e.write(buf, version, recordsWriter);
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
            size += sizeOfPartitionData(partitionData, version, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfPartitionData(List<PartitionProduceData> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (PartitionProduceData e : list) {
                    size += e.size(version);
                }
            }
            return size;
        }
    }

    /** The {@code PartitionProduceData} struct of ProduceRequestMessage; same guarantees. */
    public record PartitionProduceData(
            int index,
            ByteBuf records) {
        /** Every field at its default. */
        public static final PartitionProduceData DEFAULT = new PartitionProduceData(0, null);

        /** @return a copy with {@code index} replaced */
        public PartitionProduceData withIndex(int index) {
            return new PartitionProduceData(index, records);
        }

        /** @return a copy with {@code records} replaced */
        public PartitionProduceData withRecords(ByteBuf records) {
            return new PartitionProduceData(index, records);
        }

        static PartitionProduceData read(ByteBuf buf, short version) {
            boolean flexible = version >= 9;
            int v_index = 0;
            ByteBuf v_records = null;
            v_index = Wire.readInt32(buf, "PartitionProduceData.index");
            v_records = Wire.readBytes(buf, "PartitionProduceData.records", flexible, true, version);
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "PartitionProduceData._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "PartitionProduceData._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "PartitionProduceData._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "PartitionProduceData._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new PartitionProduceData(v_index, v_records);
        }

        void validate(short version) {
        }

        void write(ByteBuf buf, short version, RecordsWriter recordsWriter) {
            boolean flexible = version >= 9;
            buf.writeInt(index);
            recordsWriter.write(buf, records, flexible);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 9;
            int size = 0;
            size += 4;
            size += Wire.sizeOfBytes(records, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

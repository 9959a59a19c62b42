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
 * Kafka's DescribeCluster response body (API key 60), versions 0-2, flexible from 0.
 *
 * <p>Generated from {@code src/main/schemas/DescribeClusterResponse.json} by {@code CodecGenerator} (test sources);
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
public record DescribeClusterResponseMessage(
        int throttleTimeMs,
        short errorCode,
        String errorMessage,
        byte endpointType,
        String clusterId,
        int controllerId,
        List<DescribeClusterBroker> brokers,
        int clusterAuthorizedOperations) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 60;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 0;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 2;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 0;

    /** Every field at its default. */
    public static final DescribeClusterResponseMessage DEFAULT = new DescribeClusterResponseMessage(0, (short) 0, null, (byte) 1, "", -1, List.of(), -2147483648);

    /** @return a copy with {@code throttleTimeMs} replaced */
    public DescribeClusterResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new DescribeClusterResponseMessage(throttleTimeMs, errorCode, errorMessage, endpointType, clusterId, controllerId, brokers, clusterAuthorizedOperations);
    }

    /** @return a copy with {@code errorCode} replaced */
    public DescribeClusterResponseMessage withErrorCode(short errorCode) {
        return new DescribeClusterResponseMessage(throttleTimeMs, errorCode, errorMessage, endpointType, clusterId, controllerId, brokers, clusterAuthorizedOperations);
    }

    /** @return a copy with {@code errorMessage} replaced */
    public DescribeClusterResponseMessage withErrorMessage(String errorMessage) {
        return new DescribeClusterResponseMessage(throttleTimeMs, errorCode, errorMessage, endpointType, clusterId, controllerId, brokers, clusterAuthorizedOperations);
    }

    /** @return a copy with {@code endpointType} replaced */
    public DescribeClusterResponseMessage withEndpointType(byte endpointType) {
        return new DescribeClusterResponseMessage(throttleTimeMs, errorCode, errorMessage, endpointType, clusterId, controllerId, brokers, clusterAuthorizedOperations);
    }

    /** @return a copy with {@code clusterId} replaced */
    public DescribeClusterResponseMessage withClusterId(String clusterId) {
        return new DescribeClusterResponseMessage(throttleTimeMs, errorCode, errorMessage, endpointType, clusterId, controllerId, brokers, clusterAuthorizedOperations);
    }

    /** @return a copy with {@code controllerId} replaced */
    public DescribeClusterResponseMessage withControllerId(int controllerId) {
        return new DescribeClusterResponseMessage(throttleTimeMs, errorCode, errorMessage, endpointType, clusterId, controllerId, brokers, clusterAuthorizedOperations);
    }

    /** @return a copy with {@code brokers} replaced */
    public DescribeClusterResponseMessage withBrokers(List<DescribeClusterBroker> brokers) {
        return new DescribeClusterResponseMessage(throttleTimeMs, errorCode, errorMessage, endpointType, clusterId, controllerId, brokers, clusterAuthorizedOperations);
    }

    /** @return a copy with {@code clusterAuthorizedOperations} replaced */
    public DescribeClusterResponseMessage withClusterAuthorizedOperations(int clusterAuthorizedOperations) {
        return new DescribeClusterResponseMessage(throttleTimeMs, errorCode, errorMessage, endpointType, clusterId, controllerId, brokers, clusterAuthorizedOperations);
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
    public static DescribeClusterResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("DescribeClusterResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 0;
        int v_throttleTimeMs = 0;
        short v_errorCode = (short) 0;
        String v_errorMessage = null;
        byte v_endpointType = (byte) 1;
        String v_clusterId = "";
        int v_controllerId = -1;
        List<DescribeClusterBroker> v_brokers = List.of();
        int v_clusterAuthorizedOperations = -2147483648;
        v_throttleTimeMs = Wire.readInt32(buf, "DescribeClusterResponseMessage.throttleTimeMs");
        v_errorCode = Wire.readInt16(buf, "DescribeClusterResponseMessage.errorCode");
        v_errorMessage = Wire.readString(buf, "DescribeClusterResponseMessage.errorMessage", flexible, true, version);
        if (version >= 1) {
            v_endpointType = Wire.readInt8(buf, "DescribeClusterResponseMessage.endpointType");
        }
        v_clusterId = Wire.readString(buf, "DescribeClusterResponseMessage.clusterId", flexible, false, version);
        v_controllerId = Wire.readInt32(buf, "DescribeClusterResponseMessage.controllerId");
        int n_brokers = Wire.readArrayLength(buf, "DescribeClusterResponseMessage.brokers", flexible, false, version);
        if (n_brokers >= 0) {
            List<DescribeClusterBroker> l_brokers = new ArrayList<>(n_brokers);
            for (int k = 0; k < n_brokers; k++) {
                l_brokers.add(DescribeClusterBroker.read(buf, version));
            }
            v_brokers = Collections.unmodifiableList(l_brokers);
        } else {
            v_brokers = null;
        }
        v_clusterAuthorizedOperations = Wire.readInt32(buf, "DescribeClusterResponseMessage.clusterAuthorizedOperations");
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "DescribeClusterResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "DescribeClusterResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "DescribeClusterResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "DescribeClusterResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new DescribeClusterResponseMessage(v_throttleTimeMs, v_errorCode, v_errorMessage, v_endpointType, v_clusterId, v_controllerId, v_brokers, v_clusterAuthorizedOperations);
    }

    void validate(short version) {
        if (!(version >= 1) && endpointType != (byte) 1) {
            throw Wire.fieldNotInVersion("DescribeClusterResponseMessage.endpointType", version, endpointType);
        }
        if (clusterId == null) {
            throw Wire.nullNotAllowed("DescribeClusterResponseMessage.clusterId", version);
        }
        if (brokers == null) {
            throw Wire.nullNotAllowed("DescribeClusterResponseMessage.brokers", version);
        }
        if (brokers != null) {
            for (DescribeClusterBroker e : brokers) {
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
        Wire.checkVersion("DescribeClusterResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 0;
        buf.writeInt(throttleTimeMs);
        buf.writeShort(errorCode);
        Wire.writeString(buf, errorMessage, flexible, "DescribeClusterResponseMessage.errorMessage");
        if (version >= 1) {
            buf.writeByte(endpointType);
        }
        Wire.writeString(buf, clusterId, flexible, "DescribeClusterResponseMessage.clusterId");
        buf.writeInt(controllerId);
        Wire.writeArrayLength(buf, brokers, flexible);
        if (brokers != null) {
            for (DescribeClusterBroker e : brokers) {
                e.write(buf, version);
            }
        }
        buf.writeInt(clusterAuthorizedOperations);
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
        Wire.checkVersion("DescribeClusterResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 0;
        int size = 0;
        size += 4;
        size += 2;
        size += Wire.sizeOfString(errorMessage, flexible);
        if (version >= 1) {
            size += 1;
        }
        size += Wire.sizeOfString(clusterId, flexible);
        size += 4;
        size += sizeOfBrokers(brokers, version, flexible);
        size += 4;
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfBrokers(List<DescribeClusterBroker> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (DescribeClusterBroker e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code DescribeClusterBroker} struct of DescribeClusterResponseMessage; same guarantees. */
    public record DescribeClusterBroker(
            int brokerId,
            String host,
            int port,
            String rack,
            boolean isFenced) {
        /** Every field at its default. */
        public static final DescribeClusterBroker DEFAULT = new DescribeClusterBroker(0, "", 0, null, false);

        /** @return a copy with {@code brokerId} replaced */
        public DescribeClusterBroker withBrokerId(int brokerId) {
            return new DescribeClusterBroker(brokerId, host, port, rack, isFenced);
        }

        /** @return a copy with {@code host} replaced */
        public DescribeClusterBroker withHost(String host) {
            return new DescribeClusterBroker(brokerId, host, port, rack, isFenced);
        }

        /** @return a copy with {@code port} replaced */
        public DescribeClusterBroker withPort(int port) {
            return new DescribeClusterBroker(brokerId, host, port, rack, isFenced);
        }

        /** @return a copy with {@code rack} replaced */
        public DescribeClusterBroker withRack(String rack) {
            return new DescribeClusterBroker(brokerId, host, port, rack, isFenced);
        }

        /** @return a copy with {@code isFenced} replaced */
        public DescribeClusterBroker withIsFenced(boolean isFenced) {
            return new DescribeClusterBroker(brokerId, host, port, rack, isFenced);
        }

        static DescribeClusterBroker read(ByteBuf buf, short version) {
            boolean flexible = version >= 0;
            int v_brokerId = 0;
            String v_host = "";
            int v_port = 0;
            String v_rack = null;
            boolean v_isFenced = false;
            v_brokerId = Wire.readInt32(buf, "DescribeClusterBroker.brokerId");
            v_host = Wire.readString(buf, "DescribeClusterBroker.host", flexible, false, version);
            v_port = Wire.readInt32(buf, "DescribeClusterBroker.port");
            v_rack = Wire.readString(buf, "DescribeClusterBroker.rack", flexible, true, version);
            if (version >= 2) {
                v_isFenced = Wire.readBool(buf, "DescribeClusterBroker.isFenced");
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "DescribeClusterBroker._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "DescribeClusterBroker._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "DescribeClusterBroker._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "DescribeClusterBroker._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new DescribeClusterBroker(v_brokerId, v_host, v_port, v_rack, v_isFenced);
        }

        void validate(short version) {
            if (host == null) {
                throw Wire.nullNotAllowed("DescribeClusterBroker.host", version);
            }
            if (!(version >= 2) && isFenced != false) {
                throw Wire.fieldNotInVersion("DescribeClusterBroker.isFenced", version, isFenced);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 0;
            buf.writeInt(brokerId);
            Wire.writeString(buf, host, flexible, "DescribeClusterBroker.host");
            buf.writeInt(port);
            Wire.writeString(buf, rack, flexible, "DescribeClusterBroker.rack");
            if (version >= 2) {
                Wire.writeBool(buf, isFenced);
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 0;
            int size = 0;
            size += 4;
            size += Wire.sizeOfString(host, flexible);
            size += 4;
            size += Wire.sizeOfString(rack, flexible);
            if (version >= 2) {
                size += 1;
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

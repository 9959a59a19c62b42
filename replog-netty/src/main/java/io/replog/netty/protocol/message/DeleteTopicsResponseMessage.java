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
 * Kafka's DeleteTopics response body (API key 20), versions 1-6, flexible from 4.
 *
 * <p>Generated from {@code src/main/schemas/DeleteTopicsResponse.json} by {@code CodecGenerator} (test sources);
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
public record DeleteTopicsResponseMessage(
        int throttleTimeMs,
        List<DeletableTopicResult> responses) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 20;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 1;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 6;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 4;

    /** Every field at its default. */
    public static final DeleteTopicsResponseMessage DEFAULT = new DeleteTopicsResponseMessage(0, List.of());

    /** @return a copy with {@code throttleTimeMs} replaced */
    public DeleteTopicsResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new DeleteTopicsResponseMessage(throttleTimeMs, responses);
    }

    /** @return a copy with {@code responses} replaced */
    public DeleteTopicsResponseMessage withResponses(List<DeletableTopicResult> responses) {
        return new DeleteTopicsResponseMessage(throttleTimeMs, responses);
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
    public static DeleteTopicsResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("DeleteTopicsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 4;
        int v_throttleTimeMs = 0;
        List<DeletableTopicResult> v_responses = List.of();
        v_throttleTimeMs = Wire.readInt32(buf, "DeleteTopicsResponseMessage.throttleTimeMs");
        int n_responses = Wire.readArrayLength(buf, "DeleteTopicsResponseMessage.responses", flexible, false, version);
        if (n_responses >= 0) {
            List<DeletableTopicResult> l_responses = new ArrayList<>(n_responses);
            for (int k = 0; k < n_responses; k++) {
                l_responses.add(DeletableTopicResult.read(buf, version));
            }
            v_responses = Collections.unmodifiableList(l_responses);
        } else {
            v_responses = null;
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "DeleteTopicsResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "DeleteTopicsResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "DeleteTopicsResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "DeleteTopicsResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new DeleteTopicsResponseMessage(v_throttleTimeMs, v_responses);
    }

    void validate(short version) {
        if (responses == null) {
            throw Wire.nullNotAllowed("DeleteTopicsResponseMessage.responses", version);
        }
        if (responses != null) {
            for (DeletableTopicResult e : responses) {
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
        Wire.checkVersion("DeleteTopicsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        buf.writeInt(throttleTimeMs);
        Wire.writeArrayLength(buf, responses, flexible);
        if (responses != null) {
            for (DeletableTopicResult e : responses) {
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
        Wire.checkVersion("DeleteTopicsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        int size = 0;
        size += 4;
        size += sizeOfResponses(responses, version, flexible);
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfResponses(List<DeletableTopicResult> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (DeletableTopicResult e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code DeletableTopicResult} struct of DeleteTopicsResponseMessage; same guarantees. */
    public record DeletableTopicResult(
            String name,
            UUID topicId,
            short errorCode,
            String errorMessage) {
        /** Every field at its default. */
        public static final DeletableTopicResult DEFAULT = new DeletableTopicResult("", Wire.ZERO_UUID, (short) 0, null);

        /** @return a copy with {@code name} replaced */
        public DeletableTopicResult withName(String name) {
            return new DeletableTopicResult(name, topicId, errorCode, errorMessage);
        }

        /** @return a copy with {@code topicId} replaced */
        public DeletableTopicResult withTopicId(UUID topicId) {
            return new DeletableTopicResult(name, topicId, errorCode, errorMessage);
        }

        /** @return a copy with {@code errorCode} replaced */
        public DeletableTopicResult withErrorCode(short errorCode) {
            return new DeletableTopicResult(name, topicId, errorCode, errorMessage);
        }

        /** @return a copy with {@code errorMessage} replaced */
        public DeletableTopicResult withErrorMessage(String errorMessage) {
            return new DeletableTopicResult(name, topicId, errorCode, errorMessage);
        }

        static DeletableTopicResult read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            String v_name = "";
            UUID v_topicId = Wire.ZERO_UUID;
            short v_errorCode = (short) 0;
            String v_errorMessage = null;
            v_name = Wire.readString(buf, "DeletableTopicResult.name", flexible, version >= 6, version);
            if (version >= 6) {
                v_topicId = Wire.readUuid(buf, "DeletableTopicResult.topicId");
            }
            v_errorCode = Wire.readInt16(buf, "DeletableTopicResult.errorCode");
            if (version >= 5) {
                v_errorMessage = Wire.readString(buf, "DeletableTopicResult.errorMessage", flexible, version >= 5, version);
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "DeletableTopicResult._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "DeletableTopicResult._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "DeletableTopicResult._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "DeletableTopicResult._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new DeletableTopicResult(v_name, v_topicId, v_errorCode, v_errorMessage);
        }

        void validate(short version) {
            if (name == null && !(version >= 6)) {
                throw Wire.nullNotAllowed("DeletableTopicResult.name", version);
            }
            if ((version >= 6) && topicId == null) {
                throw Wire.nullNotAllowed("DeletableTopicResult.topicId", version);
            }
            if ((version >= 5) && errorMessage == null && !(version >= 5)) {
                throw Wire.nullNotAllowed("DeletableTopicResult.errorMessage", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            Wire.writeString(buf, name, flexible, "DeletableTopicResult.name");
            if (version >= 6) {
                Wire.writeUuid(buf, topicId);
            }
            buf.writeShort(errorCode);
            if (version >= 5) {
                Wire.writeString(buf, errorMessage, flexible, "DeletableTopicResult.errorMessage");
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += Wire.sizeOfString(name, flexible);
            if (version >= 6) {
                size += 16;
            }
            size += 2;
            if (version >= 5) {
                size += Wire.sizeOfString(errorMessage, flexible);
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

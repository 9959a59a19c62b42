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
 * Kafka's ApiVersions response body (API key 18), versions 0-4, flexible from 3.
 *
 * <p>Generated from {@code src/main/schemas/ApiVersionsResponse.json} by {@code CodecGenerator} (test sources);
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
public record ApiVersionsResponseMessage(
        short errorCode,
        List<ApiVersion> apiKeys,
        int throttleTimeMs,
        List<SupportedFeatureKey> supportedFeatures,
        long finalizedFeaturesEpoch,
        List<FinalizedFeatureKey> finalizedFeatures,
        boolean zkMigrationReady) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 18;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 0;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 4;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 3;

    /** Every field at its default. */
    public static final ApiVersionsResponseMessage DEFAULT = new ApiVersionsResponseMessage((short) 0, List.of(), 0, List.of(), -1L, List.of(), false);

    /** @return a copy with {@code errorCode} replaced */
    public ApiVersionsResponseMessage withErrorCode(short errorCode) {
        return new ApiVersionsResponseMessage(errorCode, apiKeys, throttleTimeMs, supportedFeatures, finalizedFeaturesEpoch, finalizedFeatures, zkMigrationReady);
    }

    /** @return a copy with {@code apiKeys} replaced */
    public ApiVersionsResponseMessage withApiKeys(List<ApiVersion> apiKeys) {
        return new ApiVersionsResponseMessage(errorCode, apiKeys, throttleTimeMs, supportedFeatures, finalizedFeaturesEpoch, finalizedFeatures, zkMigrationReady);
    }

    /** @return a copy with {@code throttleTimeMs} replaced */
    public ApiVersionsResponseMessage withThrottleTimeMs(int throttleTimeMs) {
        return new ApiVersionsResponseMessage(errorCode, apiKeys, throttleTimeMs, supportedFeatures, finalizedFeaturesEpoch, finalizedFeatures, zkMigrationReady);
    }

    /** @return a copy with {@code supportedFeatures} replaced */
    public ApiVersionsResponseMessage withSupportedFeatures(List<SupportedFeatureKey> supportedFeatures) {
        return new ApiVersionsResponseMessage(errorCode, apiKeys, throttleTimeMs, supportedFeatures, finalizedFeaturesEpoch, finalizedFeatures, zkMigrationReady);
    }

    /** @return a copy with {@code finalizedFeaturesEpoch} replaced */
    public ApiVersionsResponseMessage withFinalizedFeaturesEpoch(long finalizedFeaturesEpoch) {
        return new ApiVersionsResponseMessage(errorCode, apiKeys, throttleTimeMs, supportedFeatures, finalizedFeaturesEpoch, finalizedFeatures, zkMigrationReady);
    }

    /** @return a copy with {@code finalizedFeatures} replaced */
    public ApiVersionsResponseMessage withFinalizedFeatures(List<FinalizedFeatureKey> finalizedFeatures) {
        return new ApiVersionsResponseMessage(errorCode, apiKeys, throttleTimeMs, supportedFeatures, finalizedFeaturesEpoch, finalizedFeatures, zkMigrationReady);
    }

    /** @return a copy with {@code zkMigrationReady} replaced */
    public ApiVersionsResponseMessage withZkMigrationReady(boolean zkMigrationReady) {
        return new ApiVersionsResponseMessage(errorCode, apiKeys, throttleTimeMs, supportedFeatures, finalizedFeaturesEpoch, finalizedFeatures, zkMigrationReady);
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
    public static ApiVersionsResponseMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("ApiVersionsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 3;
        short v_errorCode = (short) 0;
        List<ApiVersion> v_apiKeys = List.of();
        int v_throttleTimeMs = 0;
        List<SupportedFeatureKey> v_supportedFeatures = List.of();
        long v_finalizedFeaturesEpoch = -1L;
        List<FinalizedFeatureKey> v_finalizedFeatures = List.of();
        boolean v_zkMigrationReady = false;
        v_errorCode = Wire.readInt16(buf, "ApiVersionsResponseMessage.errorCode");
        int n_apiKeys = Wire.readArrayLength(buf, "ApiVersionsResponseMessage.apiKeys", flexible, false, version);
        if (n_apiKeys >= 0) {
            List<ApiVersion> l_apiKeys = new ArrayList<>(n_apiKeys);
            for (int k = 0; k < n_apiKeys; k++) {
                l_apiKeys.add(ApiVersion.read(buf, version));
            }
            v_apiKeys = Collections.unmodifiableList(l_apiKeys);
        } else {
            v_apiKeys = null;
        }
        if (version >= 1) {
            v_throttleTimeMs = Wire.readInt32(buf, "ApiVersionsResponseMessage.throttleTimeMs");
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "ApiVersionsResponseMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "ApiVersionsResponseMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "ApiVersionsResponseMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "ApiVersionsResponseMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    case 0: {
                        if (version >= 3) {
                            int n_supportedFeatures = Wire.readArrayLength(buf, "ApiVersionsResponseMessage.supportedFeatures", flexible, false, version);
                            if (n_supportedFeatures >= 0) {
                                List<SupportedFeatureKey> l_supportedFeatures = new ArrayList<>(n_supportedFeatures);
                                for (int k = 0; k < n_supportedFeatures; k++) {
                                    l_supportedFeatures.add(SupportedFeatureKey.read(buf, version));
                                }
                                v_supportedFeatures = Collections.unmodifiableList(l_supportedFeatures);
                            } else {
                                v_supportedFeatures = null;
                            }
                            Wire.checkTaggedEnd(buf, tagStart, tagSize, "ApiVersionsResponseMessage.supportedFeatures");
                        } else {
                            buf.skipBytes(tagSize);
                        }
                        break;
                    }
                    case 1: {
                        if (version >= 3) {
                            v_finalizedFeaturesEpoch = Wire.readInt64(buf, "ApiVersionsResponseMessage.finalizedFeaturesEpoch");
                            Wire.checkTaggedEnd(buf, tagStart, tagSize, "ApiVersionsResponseMessage.finalizedFeaturesEpoch");
                        } else {
                            buf.skipBytes(tagSize);
                        }
                        break;
                    }
                    case 2: {
                        if (version >= 3) {
                            int n_finalizedFeatures = Wire.readArrayLength(buf, "ApiVersionsResponseMessage.finalizedFeatures", flexible, false, version);
                            if (n_finalizedFeatures >= 0) {
                                List<FinalizedFeatureKey> l_finalizedFeatures = new ArrayList<>(n_finalizedFeatures);
                                for (int k = 0; k < n_finalizedFeatures; k++) {
                                    l_finalizedFeatures.add(FinalizedFeatureKey.read(buf, version));
                                }
                                v_finalizedFeatures = Collections.unmodifiableList(l_finalizedFeatures);
                            } else {
                                v_finalizedFeatures = null;
                            }
                            Wire.checkTaggedEnd(buf, tagStart, tagSize, "ApiVersionsResponseMessage.finalizedFeatures");
                        } else {
                            buf.skipBytes(tagSize);
                        }
                        break;
                    }
                    case 3: {
                        if (version >= 3) {
                            v_zkMigrationReady = Wire.readBool(buf, "ApiVersionsResponseMessage.zkMigrationReady");
                            Wire.checkTaggedEnd(buf, tagStart, tagSize, "ApiVersionsResponseMessage.zkMigrationReady");
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
        return new ApiVersionsResponseMessage(v_errorCode, v_apiKeys, v_throttleTimeMs, v_supportedFeatures, v_finalizedFeaturesEpoch, v_finalizedFeatures, v_zkMigrationReady);
    }

    void validate(short version) {
        if (apiKeys == null) {
            throw Wire.nullNotAllowed("ApiVersionsResponseMessage.apiKeys", version);
        }
        if ((version >= 3) && supportedFeatures == null) {
            throw Wire.nullNotAllowed("ApiVersionsResponseMessage.supportedFeatures", version);
        }
        if ((version >= 3) && finalizedFeatures == null) {
            throw Wire.nullNotAllowed("ApiVersionsResponseMessage.finalizedFeatures", version);
        }
        if (apiKeys != null) {
            for (ApiVersion e : apiKeys) {
                e.validate(version);
            }
        }
        if ((version >= 3) && supportedFeatures != null) {
            for (SupportedFeatureKey e : supportedFeatures) {
                e.validate(version);
            }
        }
        if ((version >= 3) && finalizedFeatures != null) {
            for (FinalizedFeatureKey e : finalizedFeatures) {
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
        Wire.checkVersion("ApiVersionsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 3;
        buf.writeShort(errorCode);
        Wire.writeArrayLength(buf, apiKeys, flexible);
        if (apiKeys != null) {
            for (ApiVersion e : apiKeys) {
                e.write(buf, version);
            }
        }
        if (version >= 1) {
            buf.writeInt(throttleTimeMs);
        }
        if (flexible) {
            int taggedCount = 0;
            if ((version >= 3) && !Objects.equals(supportedFeatures, List.of())) {
                taggedCount++;
            }
            if ((version >= 3) && finalizedFeaturesEpoch != -1L) {
                taggedCount++;
            }
            if ((version >= 3) && !Objects.equals(finalizedFeatures, List.of())) {
                taggedCount++;
            }
            if ((version >= 3) && zkMigrationReady != false) {
                taggedCount++;
            }
            Wire.writeUnsignedVarint(buf, taggedCount);
            if ((version >= 3) && !Objects.equals(supportedFeatures, List.of())) {
                Wire.writeUnsignedVarint(buf, 0);
                Wire.writeUnsignedVarint(buf, sizeOfSupportedFeatures(supportedFeatures, version, flexible));
                Wire.writeArrayLength(buf, supportedFeatures, flexible);
                if (supportedFeatures != null) {
                    for (SupportedFeatureKey e : supportedFeatures) {
                        e.write(buf, version);
                    }
                }
            }
            if ((version >= 3) && finalizedFeaturesEpoch != -1L) {
                Wire.writeUnsignedVarint(buf, 1);
                Wire.writeUnsignedVarint(buf, 8);
                buf.writeLong(finalizedFeaturesEpoch);
            }
            if ((version >= 3) && !Objects.equals(finalizedFeatures, List.of())) {
                Wire.writeUnsignedVarint(buf, 2);
                Wire.writeUnsignedVarint(buf, sizeOfFinalizedFeatures(finalizedFeatures, version, flexible));
                Wire.writeArrayLength(buf, finalizedFeatures, flexible);
                if (finalizedFeatures != null) {
                    for (FinalizedFeatureKey e : finalizedFeatures) {
                        e.write(buf, version);
                    }
                }
            }
            if ((version >= 3) && zkMigrationReady != false) {
                Wire.writeUnsignedVarint(buf, 3);
                Wire.writeUnsignedVarint(buf, 1);
                Wire.writeBool(buf, zkMigrationReady);
            }
        }
    }

    /**
     * @return the exact number of bytes {@link #write} writes at {@code version}
     * @throws io.replog.netty.protocol.UnsupportedVersionException as {@link #write} would
     */
    @Override
    public int size(short version) {
        Wire.checkVersion("ApiVersionsResponseMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 3;
        int size = 0;
        size += 2;
        size += sizeOfApiKeys(apiKeys, version, flexible);
        if (version >= 1) {
            size += 4;
        }
        if (flexible) {
            int taggedCount = 0;
            if ((version >= 3) && !Objects.equals(supportedFeatures, List.of())) {
                taggedCount++;
                int valueSize = sizeOfSupportedFeatures(supportedFeatures, version, flexible);
                size += Wire.sizeOfUnsignedVarint(0) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
            }
            if ((version >= 3) && finalizedFeaturesEpoch != -1L) {
                taggedCount++;
                int valueSize = 8;
                size += Wire.sizeOfUnsignedVarint(1) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
            }
            if ((version >= 3) && !Objects.equals(finalizedFeatures, List.of())) {
                taggedCount++;
                int valueSize = sizeOfFinalizedFeatures(finalizedFeatures, version, flexible);
                size += Wire.sizeOfUnsignedVarint(2) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
            }
            if ((version >= 3) && zkMigrationReady != false) {
                taggedCount++;
                int valueSize = 1;
                size += Wire.sizeOfUnsignedVarint(3) + Wire.sizeOfUnsignedVarint(valueSize) + valueSize;
            }
            size += Wire.sizeOfUnsignedVarint(taggedCount);
        }
        return size;
    }

    private static int sizeOfApiKeys(List<ApiVersion> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (ApiVersion e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    private static int sizeOfSupportedFeatures(List<SupportedFeatureKey> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (SupportedFeatureKey e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    private static int sizeOfFinalizedFeatures(List<FinalizedFeatureKey> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (FinalizedFeatureKey e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code ApiVersion} struct of ApiVersionsResponseMessage; same guarantees. */
    public record ApiVersion(
            short apiKey,
            short minVersion,
            short maxVersion) {
        /** Every field at its default. */
        public static final ApiVersion DEFAULT = new ApiVersion((short) 0, (short) 0, (short) 0);

        /** @return a copy with {@code apiKey} replaced */
        public ApiVersion withApiKey(short apiKey) {
            return new ApiVersion(apiKey, minVersion, maxVersion);
        }

        /** @return a copy with {@code minVersion} replaced */
        public ApiVersion withMinVersion(short minVersion) {
            return new ApiVersion(apiKey, minVersion, maxVersion);
        }

        /** @return a copy with {@code maxVersion} replaced */
        public ApiVersion withMaxVersion(short maxVersion) {
            return new ApiVersion(apiKey, minVersion, maxVersion);
        }

        static ApiVersion read(ByteBuf buf, short version) {
            boolean flexible = version >= 3;
            short v_apiKey = (short) 0;
            short v_minVersion = (short) 0;
            short v_maxVersion = (short) 0;
            v_apiKey = Wire.readInt16(buf, "ApiVersion.apiKey");
            v_minVersion = Wire.readInt16(buf, "ApiVersion.minVersion");
            v_maxVersion = Wire.readInt16(buf, "ApiVersion.maxVersion");
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "ApiVersion._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "ApiVersion._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "ApiVersion._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "ApiVersion._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new ApiVersion(v_apiKey, v_minVersion, v_maxVersion);
        }

        void validate(short version) {
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 3;
            buf.writeShort(apiKey);
            buf.writeShort(minVersion);
            buf.writeShort(maxVersion);
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 3;
            int size = 0;
            size += 2;
            size += 2;
            size += 2;
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code SupportedFeatureKey} struct of ApiVersionsResponseMessage; same guarantees. */
    public record SupportedFeatureKey(
            String name,
            short minVersion,
            short maxVersion) {
        /** Every field at its default. */
        public static final SupportedFeatureKey DEFAULT = new SupportedFeatureKey("", (short) 0, (short) 0);

        /** @return a copy with {@code name} replaced */
        public SupportedFeatureKey withName(String name) {
            return new SupportedFeatureKey(name, minVersion, maxVersion);
        }

        /** @return a copy with {@code minVersion} replaced */
        public SupportedFeatureKey withMinVersion(short minVersion) {
            return new SupportedFeatureKey(name, minVersion, maxVersion);
        }

        /** @return a copy with {@code maxVersion} replaced */
        public SupportedFeatureKey withMaxVersion(short maxVersion) {
            return new SupportedFeatureKey(name, minVersion, maxVersion);
        }

        static SupportedFeatureKey read(ByteBuf buf, short version) {
            boolean flexible = version >= 3;
            String v_name = "";
            short v_minVersion = (short) 0;
            short v_maxVersion = (short) 0;
            if (version >= 3) {
                v_name = Wire.readString(buf, "SupportedFeatureKey.name", flexible, false, version);
            }
            if (version >= 3) {
                v_minVersion = Wire.readInt16(buf, "SupportedFeatureKey.minVersion");
            }
            if (version >= 3) {
                v_maxVersion = Wire.readInt16(buf, "SupportedFeatureKey.maxVersion");
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "SupportedFeatureKey._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "SupportedFeatureKey._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "SupportedFeatureKey._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "SupportedFeatureKey._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new SupportedFeatureKey(v_name, v_minVersion, v_maxVersion);
        }

        void validate(short version) {
            if (!(version >= 3) && !Objects.equals(name, "")) {
                throw Wire.fieldNotInVersion("SupportedFeatureKey.name", version, name);
            }
            if ((version >= 3) && name == null) {
                throw Wire.nullNotAllowed("SupportedFeatureKey.name", version);
            }
            if (!(version >= 3) && minVersion != (short) 0) {
                throw Wire.fieldNotInVersion("SupportedFeatureKey.minVersion", version, minVersion);
            }
            if (!(version >= 3) && maxVersion != (short) 0) {
                throw Wire.fieldNotInVersion("SupportedFeatureKey.maxVersion", version, maxVersion);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 3;
            if (version >= 3) {
                Wire.writeString(buf, name, flexible, "SupportedFeatureKey.name");
            }
            if (version >= 3) {
                buf.writeShort(minVersion);
            }
            if (version >= 3) {
                buf.writeShort(maxVersion);
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 3;
            int size = 0;
            if (version >= 3) {
                size += Wire.sizeOfString(name, flexible);
            }
            if (version >= 3) {
                size += 2;
            }
            if (version >= 3) {
                size += 2;
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }

    /** The {@code FinalizedFeatureKey} struct of ApiVersionsResponseMessage; same guarantees. */
    public record FinalizedFeatureKey(
            String name,
            short maxVersionLevel,
            short minVersionLevel) {
        /** Every field at its default. */
        public static final FinalizedFeatureKey DEFAULT = new FinalizedFeatureKey("", (short) 0, (short) 0);

        /** @return a copy with {@code name} replaced */
        public FinalizedFeatureKey withName(String name) {
            return new FinalizedFeatureKey(name, maxVersionLevel, minVersionLevel);
        }

        /** @return a copy with {@code maxVersionLevel} replaced */
        public FinalizedFeatureKey withMaxVersionLevel(short maxVersionLevel) {
            return new FinalizedFeatureKey(name, maxVersionLevel, minVersionLevel);
        }

        /** @return a copy with {@code minVersionLevel} replaced */
        public FinalizedFeatureKey withMinVersionLevel(short minVersionLevel) {
            return new FinalizedFeatureKey(name, maxVersionLevel, minVersionLevel);
        }

        static FinalizedFeatureKey read(ByteBuf buf, short version) {
            boolean flexible = version >= 3;
            String v_name = "";
            short v_maxVersionLevel = (short) 0;
            short v_minVersionLevel = (short) 0;
            if (version >= 3) {
                v_name = Wire.readString(buf, "FinalizedFeatureKey.name", flexible, false, version);
            }
            if (version >= 3) {
                v_maxVersionLevel = Wire.readInt16(buf, "FinalizedFeatureKey.maxVersionLevel");
            }
            if (version >= 3) {
                v_minVersionLevel = Wire.readInt16(buf, "FinalizedFeatureKey.minVersionLevel");
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "FinalizedFeatureKey._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "FinalizedFeatureKey._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "FinalizedFeatureKey._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "FinalizedFeatureKey._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new FinalizedFeatureKey(v_name, v_maxVersionLevel, v_minVersionLevel);
        }

        void validate(short version) {
            if (!(version >= 3) && !Objects.equals(name, "")) {
                throw Wire.fieldNotInVersion("FinalizedFeatureKey.name", version, name);
            }
            if ((version >= 3) && name == null) {
                throw Wire.nullNotAllowed("FinalizedFeatureKey.name", version);
            }
            if (!(version >= 3) && maxVersionLevel != (short) 0) {
                throw Wire.fieldNotInVersion("FinalizedFeatureKey.maxVersionLevel", version, maxVersionLevel);
            }
            if (!(version >= 3) && minVersionLevel != (short) 0) {
                throw Wire.fieldNotInVersion("FinalizedFeatureKey.minVersionLevel", version, minVersionLevel);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 3;
            if (version >= 3) {
                Wire.writeString(buf, name, flexible, "FinalizedFeatureKey.name");
            }
            if (version >= 3) {
                buf.writeShort(maxVersionLevel);
            }
            if (version >= 3) {
                buf.writeShort(minVersionLevel);
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 3;
            int size = 0;
            if (version >= 3) {
                size += Wire.sizeOfString(name, flexible);
            }
            if (version >= 3) {
                size += 2;
            }
            if (version >= 3) {
                size += 2;
            }
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }
    }
}

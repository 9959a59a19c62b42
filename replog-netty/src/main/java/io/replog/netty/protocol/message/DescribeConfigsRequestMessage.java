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
 * Kafka's DescribeConfigs request body (API key 32), versions 1-4, flexible from 4.
 *
 * <p>Generated from {@code src/main/schemas/DescribeConfigsRequest.json} by {@code CodecGenerator} (test sources);
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
public record DescribeConfigsRequestMessage(
        List<DescribeConfigsResource> resources,
        boolean includeSynonyms,
        boolean includeDocumentation) implements MessageBody {
    /** The API key of this body. */
    public static final short API_KEY = 32;
    /** The lowest version this codec reads and writes. */
    public static final short LOWEST_VERSION = 1;
    /** The highest version this codec reads and writes. */
    public static final short HIGHEST_VERSION = 4;
    /** The first flexible version (compact encodings, tagged fields); above HIGHEST_VERSION if none. */
    public static final short FIRST_FLEXIBLE_VERSION = 4;

    /** Every field at its default. */
    public static final DescribeConfigsRequestMessage DEFAULT = new DescribeConfigsRequestMessage(List.of(), false, false);

    /** @return a copy with {@code resources} replaced */
    public DescribeConfigsRequestMessage withResources(List<DescribeConfigsResource> resources) {
        return new DescribeConfigsRequestMessage(resources, includeSynonyms, includeDocumentation);
    }

    /** @return a copy with {@code includeSynonyms} replaced */
    public DescribeConfigsRequestMessage withIncludeSynonyms(boolean includeSynonyms) {
        return new DescribeConfigsRequestMessage(resources, includeSynonyms, includeDocumentation);
    }

    /** @return a copy with {@code includeDocumentation} replaced */
    public DescribeConfigsRequestMessage withIncludeDocumentation(boolean includeDocumentation) {
        return new DescribeConfigsRequestMessage(resources, includeSynonyms, includeDocumentation);
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
    public static DescribeConfigsRequestMessage read(ByteBuf buf, short version) {
        Wire.checkVersion("DescribeConfigsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        boolean flexible = version >= 4;
        List<DescribeConfigsResource> v_resources = List.of();
        boolean v_includeSynonyms = false;
        boolean v_includeDocumentation = false;
        int n_resources = Wire.readArrayLength(buf, "DescribeConfigsRequestMessage.resources", flexible, false, version);
        if (n_resources >= 0) {
            List<DescribeConfigsResource> l_resources = new ArrayList<>(n_resources);
            for (int k = 0; k < n_resources; k++) {
                l_resources.add(DescribeConfigsResource.read(buf, version));
            }
            v_resources = Collections.unmodifiableList(l_resources);
        } else {
            v_resources = null;
        }
        v_includeSynonyms = Wire.readBool(buf, "DescribeConfigsRequestMessage.includeSynonyms");
        if (version >= 3) {
            v_includeDocumentation = Wire.readBool(buf, "DescribeConfigsRequestMessage.includeDocumentation");
        }
        if (flexible) {
            int taggedCount = Wire.readUnsignedVarint(buf, "DescribeConfigsRequestMessage._tagged");
            for (int i = 0; i < taggedCount; i++) {
                int tag = Wire.readUnsignedVarint(buf, "DescribeConfigsRequestMessage._tagged");
                int tagSize = Wire.readUnsignedVarint(buf, "DescribeConfigsRequestMessage._tagged");
                Wire.checkTaggedSize(buf, tag, tagSize, "DescribeConfigsRequestMessage._tagged");
                int tagStart = buf.readerIndex();
                switch (tag) {
                    default:
                        buf.skipBytes(tagSize);
                        break;
                }
            }
        }
        return new DescribeConfigsRequestMessage(v_resources, v_includeSynonyms, v_includeDocumentation);
    }

    void validate(short version) {
        if (resources == null) {
            throw Wire.nullNotAllowed("DescribeConfigsRequestMessage.resources", version);
        }
        if (!(version >= 3) && includeDocumentation != false) {
            throw Wire.fieldNotInVersion("DescribeConfigsRequestMessage.includeDocumentation", version, includeDocumentation);
        }
        if (resources != null) {
            for (DescribeConfigsResource e : resources) {
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
        Wire.checkVersion("DescribeConfigsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        Wire.writeArrayLength(buf, resources, flexible);
        if (resources != null) {
            for (DescribeConfigsResource e : resources) {
                e.write(buf, version);
            }
        }
        Wire.writeBool(buf, includeSynonyms);
        if (version >= 3) {
            Wire.writeBool(buf, includeDocumentation);
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
        Wire.checkVersion("DescribeConfigsRequestMessage", version, LOWEST_VERSION, HIGHEST_VERSION);
        validate(version);
        boolean flexible = version >= 4;
        int size = 0;
        size += sizeOfResources(resources, version, flexible);
        size += 1;
        if (version >= 3) {
            size += 1;
        }
        if (flexible) {
            size += 1; // the empty tagged-field count
        }
        return size;
    }

    private static int sizeOfResources(List<DescribeConfigsResource> list, short version, boolean flexible) {
        int size = Wire.sizeOfArrayLength(list, flexible);
        if (list != null) {
            for (DescribeConfigsResource e : list) {
                size += e.size(version);
            }
        }
        return size;
    }

    /** The {@code DescribeConfigsResource} struct of DescribeConfigsRequestMessage; same guarantees. */
    public record DescribeConfigsResource(
            byte resourceType,
            String resourceName,
            List<String> configurationKeys) {
        /** Every field at its default. */
        public static final DescribeConfigsResource DEFAULT = new DescribeConfigsResource((byte) 0, "", List.of());

        /** @return a copy with {@code resourceType} replaced */
        public DescribeConfigsResource withResourceType(byte resourceType) {
            return new DescribeConfigsResource(resourceType, resourceName, configurationKeys);
        }

        /** @return a copy with {@code resourceName} replaced */
        public DescribeConfigsResource withResourceName(String resourceName) {
            return new DescribeConfigsResource(resourceType, resourceName, configurationKeys);
        }

        /** @return a copy with {@code configurationKeys} replaced */
        public DescribeConfigsResource withConfigurationKeys(List<String> configurationKeys) {
            return new DescribeConfigsResource(resourceType, resourceName, configurationKeys);
        }

        static DescribeConfigsResource read(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            byte v_resourceType = (byte) 0;
            String v_resourceName = "";
            List<String> v_configurationKeys = List.of();
            v_resourceType = Wire.readInt8(buf, "DescribeConfigsResource.resourceType");
            v_resourceName = Wire.readString(buf, "DescribeConfigsResource.resourceName", flexible, false, version);
            int n_configurationKeys = Wire.readArrayLength(buf, "DescribeConfigsResource.configurationKeys", flexible, true, version);
            if (n_configurationKeys >= 0) {
                List<String> l_configurationKeys = new ArrayList<>(n_configurationKeys);
                for (int k = 0; k < n_configurationKeys; k++) {
                    l_configurationKeys.add(Wire.readString(buf, "DescribeConfigsResource.configurationKeys", flexible, false, version));
                }
                v_configurationKeys = Collections.unmodifiableList(l_configurationKeys);
            } else {
                v_configurationKeys = null;
            }
            if (flexible) {
                int taggedCount = Wire.readUnsignedVarint(buf, "DescribeConfigsResource._tagged");
                for (int i = 0; i < taggedCount; i++) {
                    int tag = Wire.readUnsignedVarint(buf, "DescribeConfigsResource._tagged");
                    int tagSize = Wire.readUnsignedVarint(buf, "DescribeConfigsResource._tagged");
                    Wire.checkTaggedSize(buf, tag, tagSize, "DescribeConfigsResource._tagged");
                    int tagStart = buf.readerIndex();
                    switch (tag) {
                        default:
                            buf.skipBytes(tagSize);
                            break;
                    }
                }
            }
            return new DescribeConfigsResource(v_resourceType, v_resourceName, v_configurationKeys);
        }

        void validate(short version) {
            if (resourceName == null) {
                throw Wire.nullNotAllowed("DescribeConfigsResource.resourceName", version);
            }
        }

        void write(ByteBuf buf, short version) {
            boolean flexible = version >= 4;
            buf.writeByte(resourceType);
            Wire.writeString(buf, resourceName, flexible, "DescribeConfigsResource.resourceName");
            Wire.writeArrayLength(buf, configurationKeys, flexible);
            if (configurationKeys != null) {
                for (String e : configurationKeys) {
                    Wire.writeString(buf, Objects.requireNonNull(e, "DescribeConfigsResource.configurationKeys"), flexible, "DescribeConfigsResource.configurationKeys");
                }
            }
            if (flexible) {
                Wire.writeUnsignedVarint(buf, 0); // no tagged fields
            }
        }

        int size(short version) {
            boolean flexible = version >= 4;
            int size = 0;
            size += 1;
            size += Wire.sizeOfString(resourceName, flexible);
            size += sizeOfConfigurationKeys(configurationKeys, version, flexible);
            if (flexible) {
                size += 1; // the empty tagged-field count
            }
            return size;
        }

        private static int sizeOfConfigurationKeys(List<String> list, short version, boolean flexible) {
            int size = Wire.sizeOfArrayLength(list, flexible);
            if (list != null) {
                for (String e : list) {
                    size += Wire.sizeOfString(e, flexible);
                }
            }
            return size;
        }
    }
}

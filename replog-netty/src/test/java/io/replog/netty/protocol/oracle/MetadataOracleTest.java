package io.replog.netty.protocol.oracle;

/** Metadata: replog's codecs equal Kafka's, byte for byte, in every version of the schema. */
class MetadataOracleTest extends OracleProperties {
    @Override
    String api() {
        return "Metadata";
    }
}

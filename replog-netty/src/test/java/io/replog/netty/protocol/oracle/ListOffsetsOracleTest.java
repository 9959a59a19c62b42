package io.replog.netty.protocol.oracle;

/** ListOffsets: replog's codecs equal Kafka's, byte for byte, in every version of the schema. */
class ListOffsetsOracleTest extends OracleProperties {
    @Override
    String api() {
        return "ListOffsets";
    }
}

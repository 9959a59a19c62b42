package io.replog.netty.protocol.oracle;

/** CreateTopics: replog's codecs equal Kafka's, byte for byte, in every version of the schema. */
class CreateTopicsOracleTest extends OracleProperties {
    @Override
    String api() {
        return "CreateTopics";
    }
}

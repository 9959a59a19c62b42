package io.replog.netty.protocol.oracle;

/** DeleteTopics: replog's codecs equal Kafka's, byte for byte, in every version of the schema. */
class DeleteTopicsOracleTest extends OracleProperties {
    @Override
    String api() {
        return "DeleteTopics";
    }
}

package io.replog.netty.protocol.oracle;

/** InitProducerId: replog's codecs equal Kafka's, byte for byte, in every version of the schema. */
class InitProducerIdOracleTest extends OracleProperties {
    @Override
    String api() {
        return "InitProducerId";
    }
}

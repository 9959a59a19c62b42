package io.replog.netty.protocol.oracle;

/** ElectLeaders: replog's codecs equal Kafka's, byte for byte, in every version of the schema. */
class ElectLeadersOracleTest extends OracleProperties {
    @Override
    String api() {
        return "ElectLeaders";
    }
}

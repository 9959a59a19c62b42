package io.replog.netty.protocol.oracle;

/** DescribeConfigs: replog's codecs equal Kafka's, byte for byte, in every version of the schema. */
class DescribeConfigsOracleTest extends OracleProperties {
    @Override
    String api() {
        return "DescribeConfigs";
    }
}

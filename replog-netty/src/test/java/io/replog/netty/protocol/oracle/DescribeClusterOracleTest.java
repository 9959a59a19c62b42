package io.replog.netty.protocol.oracle;

/** DescribeCluster: replog's codecs equal Kafka's, byte for byte, in every version of the schema. */
class DescribeClusterOracleTest extends OracleProperties {
    @Override
    String api() {
        return "DescribeCluster";
    }
}

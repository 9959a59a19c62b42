package io.replog.netty.protocol.oracle;

/** OffsetForLeaderEpoch: replog's codecs equal Kafka's, byte for byte, in every version of the schema. */
class OffsetForLeaderEpochOracleTest extends OracleProperties {
    @Override
    String api() {
        return "OffsetForLeaderEpoch";
    }
}

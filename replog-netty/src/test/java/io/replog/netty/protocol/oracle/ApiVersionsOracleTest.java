package io.replog.netty.protocol.oracle;

/** ApiVersions: replog's codecs equal Kafka's, byte for byte, in every version of the schema. */
class ApiVersionsOracleTest extends OracleProperties {
    @Override
    String api() {
        return "ApiVersions";
    }
}

package io.replog.netty.protocol.oracle;

/** Fetch: replog's codecs equal Kafka's, byte for byte, in every version of the schema. */
class FetchOracleTest extends OracleProperties {
    @Override
    String api() {
        return "Fetch";
    }
}

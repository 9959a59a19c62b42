package io.replog.netty.protocol.oracle;

/**
 * Produce: replog's codecs equal Kafka's, byte for byte, in versions 3-13. Kafka 4 no longer writes
 * versions 0-2, which old clients still send; {@code ProduceLayoutTest} proves those by hand.
 */
class ProduceOracleTest extends OracleProperties {
    @Override
    short oracleLowest() {
        return 3;
    }

    @Override
    String api() {
        return "Produce";
    }
}

package io.replog.protocol;

/**
 * The request types replog speaks, numbered as in Kafka's wire protocol so that the Netty
 * transport can map them one to one.
 */
public enum ApiKey {
    PRODUCE(0),
    FETCH(1),
    LIST_OFFSETS(2),
    METADATA(3),
    LEADER_AND_ISR(4),
    STOP_REPLICA(5),
    UPDATE_METADATA(6),
    CONTROLLED_SHUTDOWN(7),
    API_VERSIONS(18),
    CREATE_TOPICS(19),
    DELETE_TOPICS(20),
    OFFSET_FOR_LEADER_EPOCH(23),
    DESCRIBE_CONFIGS(32),
    ELECT_LEADERS(43);

    private final short id;

    ApiKey(int id) {
        this.id = (short) id;
    }

    /** The 16-bit API key of Kafka's request header. */
    public short id() {
        return id;
    }
}

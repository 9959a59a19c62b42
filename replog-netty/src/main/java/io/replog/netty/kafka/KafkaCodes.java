package io.replog.netty.kafka;

/**
 * Kafka error codes replog answers locally, before or instead of asking core, and which core's
 * {@link io.replog.protocol.Errors} does not list (it lists only what the broker itself reports).
 */
final class KafkaCodes {
    static final short NONE = 0;
    static final short UNKNOWN_SERVER_ERROR = -1;
    static final short INVALID_REQUIRED_ACKS = 21;
    static final short CLUSTER_AUTHORIZATION_FAILED = 31;
    static final short UNSUPPORTED_VERSION = 35;
    static final short INVALID_REQUEST = 42;
    static final short TRANSACTIONAL_ID_AUTHORIZATION_FAILED = 53;
    static final short FETCH_SESSION_ID_NOT_FOUND = 70;
    static final short INVALID_FETCH_SESSION_EPOCH = 71;
    static final short INVALID_RECORD = 87;
    static final short UNKNOWN_TOPIC_ID = 100;
    static final short UNSUPPORTED_ENDPOINT_TYPE = 119;

    /** Kafka's "authorized operations were not asked for" (Integer.MIN_VALUE). */
    static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;

    private KafkaCodes() {
    }
}

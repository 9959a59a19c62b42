package io.replog.protocol;

import io.replog.errors.CorruptRecordException;
import io.replog.errors.FencedLeaderEpochException;
import io.replog.errors.InvalidConfigException;
import io.replog.errors.InvalidPartitionsException;
import io.replog.errors.InvalidReplicationFactorException;
import io.replog.errors.InvalidTopicException;
import io.replog.errors.LogStorageException;
import io.replog.errors.NotEnoughReplicasAfterAppendException;
import io.replog.errors.NotEnoughReplicasException;
import io.replog.errors.NotControllerException;
import io.replog.errors.NotLeaderException;
import io.replog.errors.OffsetOutOfRangeException;
import io.replog.errors.RecordTooLargeException;
import io.replog.errors.ReplogException;
import io.replog.errors.RetriableException;
import io.replog.errors.StaleBrokerEpochException;
import io.replog.errors.StaleControllerEpochException;
import io.replog.errors.TimeoutException;
import io.replog.errors.TopicExistsException;
import io.replog.errors.UnknownLeaderEpochException;
import io.replog.errors.UnknownTopicOrPartitionException;
import io.replog.errors.UnsupportedCompressionException;

import java.util.function.Function;

/**
 * Error codes carried in responses, numbered as in Kafka's protocol, and the one place where
 * a code becomes an exception and an exception becomes a code.
 */
public enum Errors {
    NONE(0, null, null),
    UNKNOWN_SERVER_ERROR(-1, false, ReplogException::new),
    OFFSET_OUT_OF_RANGE(1, false, OffsetOutOfRangeException::new),
    CORRUPT_MESSAGE(2, false, CorruptRecordException::new),
    UNKNOWN_TOPIC_OR_PARTITION(3, false, UnknownTopicOrPartitionException::new),
    NOT_LEADER_OR_FOLLOWER(6, true, NotLeaderException::new),
    REQUEST_TIMED_OUT(7, true, TimeoutException::new),
    BROKER_NOT_AVAILABLE(8, true, RetriableException::new),
    MESSAGE_TOO_LARGE(10, false, RecordTooLargeException::new),
    STALE_CONTROLLER_EPOCH(11, false, StaleControllerEpochException::new),
    NETWORK_EXCEPTION(13, true, RetriableException::new),
    INVALID_TOPIC_EXCEPTION(17, false, InvalidTopicException::new),
    NOT_ENOUGH_REPLICAS(19, true, NotEnoughReplicasException::new),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, true, NotEnoughReplicasAfterAppendException::new),
    TOPIC_ALREADY_EXISTS(36, false, TopicExistsException::new),
    INVALID_PARTITIONS(37, false, InvalidPartitionsException::new),
    INVALID_REPLICATION_FACTOR(38, false, InvalidReplicationFactorException::new),
    INVALID_CONFIG(40, false, InvalidConfigException::new),
    NOT_CONTROLLER(41, true, NotControllerException::new),
    INVALID_REQUEST(42, false, ReplogException::new),
    KAFKA_STORAGE_ERROR(56, true, LogStorageException::new),
    FENCED_LEADER_EPOCH(74, true, FencedLeaderEpochException::new),
    UNKNOWN_LEADER_EPOCH(75, true, UnknownLeaderEpochException::new),
    UNSUPPORTED_COMPRESSION_TYPE(76, false, UnsupportedCompressionException::new),
    STALE_BROKER_EPOCH(77, false, StaleBrokerEpochException::new),
    LEADER_NOT_AVAILABLE(5, true, RetriableException::new),
    ELIGIBLE_LEADERS_NOT_AVAILABLE(83, true, RetriableException::new),
    ELECTION_NOT_NEEDED(84, false, ReplogException::new),
    INELIGIBLE_REPLICA(107, false, ReplogException::new);

    private final short code;
    private final boolean retriable;
    private final Function<String, ? extends ReplogException> factory;

    Errors(int code, Boolean retriable, Function<String, ? extends ReplogException> factory) {
        this.code = (short) code;
        this.retriable = retriable != null && retriable;
        this.factory = factory;
    }

    /** Kafka's 16-bit error code. */
    public short code() {
        return code;
    }

    /** Whether a client may retry the same request. */
    public boolean isRetriable() {
        return retriable;
    }

    /** The exception a client raises for this code; {@code null} for {@link #NONE}. */
    public ReplogException exception(String message) {
        if (factory == null) {
            return null;
        }
        return factory.apply(message == null || message.isEmpty() ? name() : message);
    }

    /** The code for {@code code}, or {@link #UNKNOWN_SERVER_ERROR} when it is not one replog knows. */
    public static Errors forCode(short code) {
        for (Errors e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return UNKNOWN_SERVER_ERROR;
    }

    /**
     * Exception types whose code is unambiguous. Generic types (a plain retriable or replog
     * error) map to the generic codes below; the lookup walks up the class hierarchy, so a
     * subclass nobody listed reports its parent's code.
     */
    private static final java.util.Map<Class<?>, Errors> BY_TYPE = byType();

    private static java.util.Map<Class<?>, Errors> byType() {
        java.util.Map<Class<?>, Errors> map = new java.util.HashMap<>();
        for (Errors e : values()) {
            if (e.factory == null) {
                continue;
            }
            Class<?> type = e.factory.apply("probe").getClass();
            if (type != RetriableException.class && type != ReplogException.class) {
                map.putIfAbsent(type, e);
            }
        }
        map.put(RetriableException.class, NETWORK_EXCEPTION);
        map.put(ReplogException.class, UNKNOWN_SERVER_ERROR);
        return java.util.Map.copyOf(map);
    }

    /** The code that reports {@code error} to a remote peer. */
    public static Errors forException(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t == null) {
            return NONE;
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            Errors e = BY_TYPE.get(c);
            if (e != null) {
                return e;
            }
        }
        return UNKNOWN_SERVER_ERROR;
    }
}

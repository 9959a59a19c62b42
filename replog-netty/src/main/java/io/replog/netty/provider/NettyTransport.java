package io.replog.netty.provider;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.replog.coordinator.BrokerRegistration;
import io.replog.errors.NetworkException;
import io.replog.errors.RetriableException;
import io.replog.errors.TimeoutException;
import io.replog.netty.client.BrokerConnection;
import io.replog.netty.client.ConnectionPool;
import io.replog.netty.kafka.ClientTranslation;
import io.replog.netty.kafka.FetchTranslator;
import io.replog.netty.kafka.ProduceTranslator;
import io.replog.netty.kafka.TopicIds;
import io.replog.netty.protocol.MessageBody;
import io.replog.netty.protocol.message.KafkaApi;
import io.replog.protocol.ApiKey;
import io.replog.protocol.ProduceRequest;
import io.replog.protocol.Request;
import io.replog.protocol.Response;
import io.replog.transport.ClientTransport;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A core {@link ClientTransport} over Kafka's wire protocol: each core request is written as the Kafka
 * body of its API through {@link ClientTranslation} and sent on a {@link ConnectionPool}
 * connection to the broker, and the response body is read back as the core response.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Each API goes at one fixed version: the newest replog serves, except that Produce and
 *       Fetch go at the newest that names topics by name (v12), since topic ids need a map from
 *       core's metadata that a transport does not have. No ApiVersions exchange happens: this
 *       transport speaks to replog brokers of the same release, which serve all of those.</li>
 *   <li>{@link #send} never blocks. Produce with acks=0 completes with {@code null} once written
 *       (no response comes), as core's transports do.</li>
 *   <li>Every failure to reach the broker or get its answer completes the future with a
 *       {@link RetriableException} whose message names the broker id or the address: a {@link NetworkException}
 *       (no known address, connection refused or lost, a response that cannot be read) or a
 *       {@link TimeoutException} ({@code request.timeout.ms}). A request core cannot send (an
 *       API with no translation) fails with {@link IllegalArgumentException}.</li>
 *   <li>Responses are copied out of Netty's buffer before translation, so a core response (Fetch
 *       records included) owns its memory and needs no release.</li>
 *   <li>A broker's transport may be given a second pool for its followers' fetches: a fetch may
 *       wait at the leader (a long poll), and responses on one connection come back in request
 *       order, so a controller request (LeaderAndIsr, StopReplica, ...) sent behind it would wait
 *       too. On connections of their own, as Kafka's controller and replica fetchers have, neither
 *       waits for the other.</li>
 *   <li>{@link #close()} closes the pools: pending requests fail with a {@link NetworkException}
 *       and the threads the pools created stop; later sends fail the same way.</li>
 * </ul>
 */
public final class NettyTransport implements ClientTransport {
    private final String owner;
    private final ConnectionPool pool;
    /** Where fetches go: a pool of their own for a broker's followers, else {@link #pool}. */
    private final ConnectionPool fetchPool;
    private final String listener;
    private final Map<ApiKey, Short> versions = new EnumMap<>(ApiKey.class);
    private volatile boolean closed;

    /**
     * A transport sending from broker {@code brokerId} on {@code pool}, which it owns and closes;
     * Metadata responses report endpoints on {@code listener}.
     */
    public NettyTransport(int brokerId, ConnectionPool pool, String listener) {
        this("broker " + brokerId, pool, pool, listener);
    }

    /**
     * A broker's transport whose followers' fetches go on {@code fetchPool} and everything else on
     * {@code pool}, both owned and closed by it; see the class comment.
     */
    public NettyTransport(int brokerId, ConnectionPool pool, ConnectionPool fetchPool, String listener) {
        this("broker " + brokerId, pool, fetchPool, listener);
    }

    /**
     * A transport sending on behalf of {@code owner} (how messages name it, e.g.
     * {@code client producer-1}) on {@code pool}, which it owns and closes; Metadata responses
     * report endpoints on {@code listener}.
     */
    public NettyTransport(String owner, ConnectionPool pool, String listener) {
        this(owner, pool, pool, listener);
    }

    private NettyTransport(String owner, ConnectionPool pool, ConnectionPool fetchPool, String listener) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.fetchPool = Objects.requireNonNull(fetchPool, "fetchPool");
        this.listener = Objects.requireNonNull(listener, "listener");
        for (ApiKey key : ApiKey.values()) {
            KafkaApi api = ClientTranslation.kafkaApi(key);
            if (key != ApiKey.API_VERSIONS && api != null) {
                versions.put(key, version(key, api));
            }
        }
    }

    /** The version each API is sent at; see the class comment. */
    static short version(ApiKey key, KafkaApi api) {
        short v = ClientTranslation.highest(api);
        if (key == ApiKey.PRODUCE) {
            while (ProduceTranslator.namesTopicsById(v)) {
                v--;
            }
        } else if (key == ApiKey.FETCH) {
            while (FetchTranslator.namesTopicsById(v)) {
                v--;
            }
        }
        return v;
    }

    /** The version requests of {@code key} are sent at. */
    public short versionOf(ApiKey key) {
        Short v = versions.get(key);
        if (v == null) {
            throw new IllegalArgumentException(key + " is not sent by this transport");
        }
        return v;
    }

    @Override
    public CompletableFuture<Response> send(int to, Request request) {
        ConnectionPool via = request.apiKey() == ApiKey.FETCH ? fetchPool : pool;
        return send("broker " + to, request, (key, v, body, expect) -> via.send(to, key, v, body, expect));
    }

    @Override
    public CompletableFuture<Response> sendTo(String address, Request request) {
        Objects.requireNonNull(address, "address");
        BrokerConnection connection;
        try {
            connection = closed ? null : pool.bootstrap(address);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot send " + request.apiKey()
                    + " to '" + address + "': " + e.getMessage(), e));
        }
        return send(address, request, (key, v, body, expect) -> connection.send(key, v, body, expect));
    }

    /** How a request body reaches its destination: a connection's send. */
    @FunctionalInterface
    private interface Sender {
        CompletableFuture<ByteBuf> send(short apiKey, short version, ByteBuf body, boolean expectResponse);
    }

    private CompletableFuture<Response> send(String to, Request request, Sender sender) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            return CompletableFuture.failedFuture(new NetworkException("cannot send " + request.apiKey()
                    + " to " + to + ": the transport of " + owner + " is closed"));
        }
        ApiKey key = request.apiKey();
        short v;
        ByteBuf body;
        try {
            v = versionOf(key);
            body = encode(ClientTranslation.toKafkaRequest(request, v, TopicIds.NONE), v);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot send " + key + " to "
                    + to + ": " + e.getMessage(), e));
        }
        boolean expectResponse = !(request instanceof ProduceRequest p && p.acks() == ProduceRequest.ACKS_NONE);
        return sender.send(key.id(), v, body, expectResponse).handle((buf, error) -> {
            if (error != null) {
                throw new CompletionException(named(to, key, unwrap(error)));
            }
            byte[] bytes;
            try {
                // Fetch records would be views of this buffer: copy, so core owns what it gets.
                bytes = ByteBufUtil.getBytes(buf);
            } finally {
                buf.release();
            }
            if (!expectResponse) {
                return null;
            }
            try {
                return ClientTranslation.toCoreResponse(key, Unpooled.wrappedBuffer(bytes), v, TopicIds.NONE,
                        listener);
            } catch (RuntimeException e) {
                throw new CompletionException(new NetworkException(to + " answered " + key + " v" + v
                        + " with a body that cannot be read: " + e.getMessage(), e));
            }
        });
    }

    @Override
    public void updateBrokers(Collection<BrokerRegistration> brokers) {
        if (!closed) {
            pool.updateBrokers(brokers);
            if (fetchPool != pool) {
                fetchPool.updateBrokers(brokers);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
        if (fetchPool != pool) {
            fetchPool.close();
        }
    }

    private static ByteBuf encode(MessageBody body, short v) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(body.size(v));
        try {
            body.write(buf, v);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        return buf;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** {@code error} as a retriable exception that names the destination {@code to}. */
    private static RuntimeException named(String to, ApiKey key, Throwable error) {
        String message = key + " to " + to + " failed: " + error.getMessage();
        if (error instanceof TimeoutException) {
            return new TimeoutException(message, error);
        }
        if (error instanceof RetriableException || error instanceof java.io.IOException) {
            return new NetworkException(message, error);
        }
        return error instanceof RuntimeException r ? r : new IllegalStateException(message, error);
    }

    @Override
    public String toString() {
        return "NettyTransport(" + owner + (closed ? ", closed" : "") + ")";
    }
}

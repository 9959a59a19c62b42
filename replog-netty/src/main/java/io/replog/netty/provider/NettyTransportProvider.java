package io.replog.netty.provider;

import io.replog.config.BrokerConfig;
import io.replog.coordinator.Endpoint;
import io.replog.errors.ReplogException;
import io.replog.netty.NettyResources;
import io.replog.netty.client.BrokerAddress;
import io.replog.netty.client.ClientConfig;
import io.replog.netty.client.ConnectionPool;
import io.replog.netty.kafka.BrokerRequestProcessor;
import io.replog.netty.kafka.TopicIdCache;
import io.replog.netty.server.NettyServer;
import io.replog.provider.TransportProvider;
import io.replog.transport.ClientTransport;
import io.replog.transport.ClientTransportSettings;
import io.replog.transport.RequestHandler;
import io.replog.transport.Transport;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * replog-netty's {@link TransportProvider}, named {@value #NAME}: Kafka's wire protocol over TCP,
 * or over Netty's in-VM channels for brokers of one JVM.
 *
 * <p>Guarantees, beyond the interface's:
 * <ul>
 *   <li>The no-argument constructor opens nothing; so does {@link #client} until a send needs a
 *       connection.</li>
 *   <li>{@link #listen} binds each {@link BrokerConfig#listeners()} entry with a
 *       {@link NettyServer} running a {@link BrokerRequestProcessor}: the client APIs and the
 *       inter-broker ones on every listener. {@code NAME://host:port} is TCP (a port 0 reads back
 *       as the bound one, an empty host binds every interface); a listener named {@code local}
 *       ({@code local://name:0}: the {@code listeners} syntax requires a port, which is ignored)
 *       is the in-VM address {@code name}, and reads back with port 0. The listeners of one
 *       {@code listen} share one {@link TopicIdCache}: the topic ids of Produce and Fetch v13+ are
 *       resolved without a metadata query per request, and an UpdateMetadata on any listener
 *       invalidates them.</li>
 *   <li>Threads, made by the no-argument constructor (the one {@code ServiceLoader} uses): each
 *       listener runs on an event loop group of its own, and each client on the groups its pool
 *       makes on first need; all are named {@code replog-netty-...} and are stopped, and waited
 *       for, when the {@link io.replog.provider.TransportProvider.Listening} or the
 *       {@link Transport} that made them is closed.</li>
 *   <li>Threads, made with {@link NettyResources}: every listener and every client of this
 *       provider runs on the resources' groups and lookup thread, so brokers started with one
 *       resources object share their I/O threads. Closing a listening or a transport closes its
 *       channels only; the threads stop when the resources are closed, which the caller does
 *       after closing everything made on them.</li>
 * </ul>
 */
public final class NettyTransportProvider implements TransportProvider {
    /** The provider's name. */
    public static final String NAME = "netty";
    private static final String LOCAL = "local";

    private final ClientConfig clientConfig;
    /** The shared threads, or null: each listener and client then makes its own. */
    private final NettyResources resources;

    /** A provider whose clients use Kafka's client defaults ({@link ClientConfig#DEFAULTS}); opens nothing. */
    public NettyTransportProvider() {
        this(ClientConfig.DEFAULTS);
    }

    /**
     * A provider running every listener and client it makes on {@code resources}, with Kafka's
     * client defaults; opens nothing. The caller closes {@code resources} after everything made here.
     */
    public NettyTransportProvider(NettyResources resources) {
        this(resources, ClientConfig.DEFAULTS);
    }

    /** As {@link #NettyTransportProvider(NettyResources)}, with clients obeying {@code clientConfig}. */
    public NettyTransportProvider(NettyResources resources, ClientConfig clientConfig) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.clientConfig = Objects.requireNonNull(clientConfig, "clientConfig");
    }

    /**
     * A provider whose clients obey {@code clientConfig} (timeouts, in-flight limit, backoff), each
     * with the client id {@code broker-<id>}; opens nothing. For a broker given its provider directly.
     */
    public NettyTransportProvider(ClientConfig clientConfig) {
        this.clientConfig = Objects.requireNonNull(clientConfig, "clientConfig");
        this.resources = null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Transport client(BrokerConfig config) {
        Objects.requireNonNull(config, "config");
        checkResourcesOpen();
        ConnectionPool pool = pool(clientConfig.withClientId("broker-" + config.brokerId())).build();
        // The followers' fetches on connections of their own: a long poll must not hold up a controller request.
        ConnectionPool fetchPool = pool(clientConfig.withClientId("broker-" + config.brokerId() + "-fetcher")).build();
        return new NettyTransport(config.brokerId(), pool, fetchPool, config.listeners().get(0).listener());
    }

    @Override
    public ClientTransport clientTransport(ClientTransportSettings settings) {
        Objects.requireNonNull(settings, "settings");
        for (String address : settings.bootstrapServers()) {
            BrokerAddress.parse(address); // refuses a bad one now, quoting it, rather than at the first send
        }
        ClientConfig config = clientConfig.withClientId(settings.clientId())
                .withMaxInFlight(settings.maxInFlight())
                .withRequestTimeout(settings.requestTimeout())
                .withReconnectBackoff(settings.reconnectBackoff(), settings.reconnectBackoffMax())
                .withConnectionSetupTimeout(settings.connectionSetupTimeout());
        // A broker answers Metadata with the endpoints of the listener a request came in on, so the
        // brokers a client learns are reached the way its bootstrap servers are.
        String listener = settings.inVm() ? LOCAL : "PLAINTEXT";
        checkResourcesOpen();
        ConnectionPool pool = pool(config).listenerName(listener).build();
        return new NettyTransport("client " + (settings.clientId().isEmpty() ? "(no client.id)" : settings.clientId()),
                pool, listener);
    }

    /** A pool builder obeying {@code config}, on the shared resources when this provider has them. */
    private ConnectionPool.Builder pool(ClientConfig config) {
        ConnectionPool.Builder builder = ConnectionPool.builder().config(config);
        if (resources != null) {
            builder.eventLoopGroup(resources.tcpGroup())
                    .inVmEventLoopGroup(resources.inVmGroup())
                    .lookupExecutor(resources.lookupExecutor());
        }
        return builder;
    }

    @Override
    public Listening listen(BrokerConfig config, RequestHandler handler) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(handler, "handler");
        checkResourcesOpen();
        List<NettyServer> servers = new ArrayList<>();
        List<Endpoint> bound = new ArrayList<>();
        // One cache for the broker: an UpdateMetadata on any listener changes the ids every listener resolves.
        TopicIdCache topicIds = new TopicIdCache();
        try {
            for (Endpoint endpoint : config.listeners()) {
                String spec = spec(endpoint);
                NettyServer server;
                try {
                    NettyServer.Builder builder = NettyServer.builder(spec, new BrokerRequestProcessor(handler, null,
                            endpoint.listener(), "broker-" + config.brokerId() + "-" + endpoint.listener(), topicIds));
                    if (resources != null) {
                        builder.eventLoopGroup(isLocal(endpoint) ? resources.inVmGroup() : resources.tcpGroup());
                    }
                    server = builder.start();
                } catch (RuntimeException e) {
                    throw new ReplogException("Broker " + config.brokerId() + " cannot listen on " + endpoint + " ("
                            + spec + "): " + e.getMessage(), e);
                }
                servers.add(server);
                bound.add(boundEndpoint(endpoint, server));
            }
        } catch (RuntimeException e) {
            servers.forEach(NettyServer::close);
            throw e;
        }
        return new NettyListening(List.copyOf(servers), List.copyOf(bound));
    }

    private void checkResourcesOpen() {
        if (resources != null && resources.isClosed()) {
            throw new IllegalStateException("the Netty resources of this provider are closed");
        }
    }

    private static boolean isLocal(Endpoint endpoint) {
        return LOCAL.equalsIgnoreCase(endpoint.listener());
    }

    /** The {@code NettyServer} listener spec of {@code endpoint}. */
    static String spec(Endpoint endpoint) {
        if (isLocal(endpoint)) {
            return "local://" + endpoint.host();
        }
        String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
        return endpoint.listener() + "://" + host + ":" + endpoint.port();
    }

    private static Endpoint boundEndpoint(Endpoint configured, NettyServer server) {
        if (server.localAddress() instanceof InetSocketAddress inet) {
            return new Endpoint(configured.listener(), configured.host(), inet.getPort());
        }
        return new Endpoint(configured.listener(), configured.host(), 0);
    }

    @Override
    public String toString() {
        return "NettyTransportProvider";
    }

    private static final class NettyListening implements Listening {
        private final List<NettyServer> servers;
        private final List<Endpoint> endpoints;
        private final AtomicBoolean closed = new AtomicBoolean();

        NettyListening(List<NettyServer> servers, List<Endpoint> endpoints) {
            this.servers = servers;
            this.endpoints = endpoints;
        }

        @Override
        public List<Endpoint> endpoints() {
            return endpoints;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                servers.forEach(NettyServer::close);
            }
        }

        @Override
        public String toString() {
            return "Listening" + endpoints;
        }
    }
}

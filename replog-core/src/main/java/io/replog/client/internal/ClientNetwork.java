package io.replog.client.internal;

import io.replog.client.ClientConfigBase;
import io.replog.client.ServerAddress;
import io.replog.provider.Providers;
import io.replog.provider.TransportProvider;
import io.replog.time.Clock;
import io.replog.time.EventLoopScheduler;
import io.replog.transport.ClientTransport;
import io.replog.transport.ClientTransportSettings;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What every client (producer, consumer, admin) runs on: its {@link ClientTransport}, one named
 * thread ({@code replog-<kind>-<client.id>}) on which its timers and network callbacks' follow-up
 * work run, and its {@link ClusterMetadata}.
 *
 * <p>Guarantees: {@link #open} either returns a network that owns all three or, failing, closes
 * what it opened and throws; {@link #close()} closes the transport (pending requests fail) and then
 * stops the thread, waiting for it, and is harmless twice.
 */
public final class ClientNetwork implements AutoCloseable {
    /** Kafka's client defaults for the keys replog's client configs do not declare (yet). */
    static final Duration RECONNECT_BACKOFF = Duration.ofMillis(50);
    static final Duration RECONNECT_BACKOFF_MAX = Duration.ofSeconds(1);
    static final Duration CONNECTION_SETUP_TIMEOUT = Duration.ofSeconds(10);

    private final ClientTransport transport;
    private final EventLoopScheduler scheduler;
    private final ClusterMetadata metadata;

    private ClientNetwork(ClientTransport transport, EventLoopScheduler scheduler, ClusterMetadata metadata) {
        this.transport = transport;
        this.scheduler = scheduler;
        this.metadata = metadata;
    }

    /**
     * Opens the network of a client of {@code kind} ({@code producer}, {@code consumer},
     * {@code admin}) configured by {@code config}, on {@code provider} (null: the one
     * {@link TransportProvider} on the class path), with {@code maxInFlight} requests per connection.
     *
     * @throws io.replog.errors.ProviderException when no provider is given and the class path has
     *         none, or several
     */
    public static ClientNetwork open(String kind, ClientConfigBase config, TransportProvider provider, Clock clock,
                                     int maxInFlight, long retryBackoffMs) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        TransportProvider chosen = provider != null ? provider
                : Providers.transport(ClientNetwork.class.getClassLoader());
        List<String> bootstrap = config.bootstrapServers().stream().map(ServerAddress::toString).toList();
        ClientTransportSettings settings = new ClientTransportSettings(config.clientId(), bootstrap, maxInFlight,
                // request.timeout.ms=0 is allowed by the key (as by Kafka's); the transport needs a positive one
                Duration.ofMillis(Math.max(1, config.requestTimeoutMs())), RECONNECT_BACKOFF, RECONNECT_BACKOFF_MAX,
                CONNECTION_SETUP_TIMEOUT);
        ClientTransport transport = chosen.clientTransport(settings);
        EventLoopScheduler scheduler;
        try {
            scheduler = new EventLoopScheduler(threadName(kind, config.clientId()), clock);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        return new ClientNetwork(transport, scheduler, new ClusterMetadata(transport, bootstrap, scheduler,
                retryBackoffMs));
    }

    /** {@code replog-<kind>-<client.id>}, or {@code replog-<kind>} without a client id. */
    static String threadName(String kind, String clientId) {
        return clientId == null || clientId.isEmpty() ? "replog-" + kind : "replog-" + kind + "-" + clientId;
    }

    public ClientTransport transport() {
        return transport;
    }

    /** The client's one thread, and its clock. */
    public EventLoopScheduler scheduler() {
        return scheduler;
    }

    public ClusterMetadata metadata() {
        return metadata;
    }

    @Override
    public void close() {
        try {
            transport.close();
        } finally {
            scheduler.close();
        }
    }
}

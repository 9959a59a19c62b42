package io.replog.provider;

import io.replog.config.BrokerConfig;
import io.replog.coordinator.Endpoint;
import io.replog.transport.ClientTransport;
import io.replog.transport.ClientTransportSettings;
import io.replog.transport.RequestHandler;
import io.replog.transport.Transport;

import java.util.List;

/**
 * Makes the network of a running broker: the {@link Transport} it sends to other brokers with,
 * and the servers of its {@code listeners}. An implementation module ({@code replog-netty})
 * registers one in {@code META-INF/services/io.replog.provider.TransportProvider}, where
 * {@link Providers#transport(ClassLoader)} finds it with {@link java.util.ServiceLoader}; a
 * broker may also be given one directly.
 *
 * <p>What an implementation guarantees:
 * <ul>
 *   <li>It has a public no-argument constructor that opens nothing: {@code ServiceLoader} may
 *       create it only to read its {@link #name()}.</li>
 *   <li>{@link #name()} is constant, non-blank and unique among providers; errors and choosing
 *       by name use it.</li>
 *   <li>{@link #client} and {@link #listen} may be called any number of times, from any thread;
 *       each returns a new object that the caller owns and closes, independently of the other
 *       (a broker stops listening before its last requests to the controller, and closes its
 *       client after).</li>
 * </ul>
 */
public interface TransportProvider {

    /** A short, stable name for this implementation, e.g. {@code netty}. */
    String name();

    /**
     * The client side of broker {@code config.brokerId()}: sends its requests to other brokers,
     * reaching each through the first endpoint of its registration (the inter-broker listener,
     * as {@link io.replog.coordinator.BrokerRegistration#endpoints()} orders them) once
     * {@link Transport#updateBrokers} has named it. Opens no connection until a send needs one.
     *
     * @throws io.replog.errors.InvalidConfigException if a value the implementation reads is not
     *         usable; the message names the key, the value and what is allowed
     */
    Transport client(BrokerConfig config);

    /**
     * The network of a producer, consumer or admin client: it reaches the bootstrap servers of
     * {@code settings} by address and every other broker through the endpoint the cluster's
     * metadata gives for it (the one of the listener the bootstrap servers belong to). Opens no
     * connection until a send needs one.
     *
     * @throws IllegalArgumentException if a bootstrap address cannot be used; the message quotes it
     */
    ClientTransport clientTransport(ClientTransportSettings settings);

    /**
     * Binds every listener of {@link BrokerConfig#listeners()} and serves each request that
     * arrives on any of them with {@code handler}. Returns once all are bound.
     *
     * @throws io.replog.errors.ReplogException if a listener cannot be bound (its address is in
     *         use, say); the message names the listener. Listeners already bound are closed again.
     */
    Listening listen(BrokerConfig config, RequestHandler handler);

    /** A broker's bound listeners; closing stops serving them. */
    interface Listening extends AutoCloseable {

        /**
         * The bound listeners in the order of {@link BrokerConfig#listeners()}, each with its
         * configured name and host and the port it is bound to: a configured port 0 reads back as
         * the port the system chose. These are what a broker registers (after choosing which host
         * to advertise for an empty host, which means every interface).
         */
        List<Endpoint> endpoints();

        /**
         * Stops accepting, closes every connection the listeners accepted and releases their
         * threads. Requests not yet answered get no answer. Closing twice is harmless.
         */
        @Override
        void close();
    }
}

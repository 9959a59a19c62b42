package io.replog.provider;

import io.replog.config.BrokerConfig;
import io.replog.coordinator.Coordinator;
import io.replog.errors.ProviderException;
import io.replog.time.Clock;
import io.replog.transport.RequestHandler;
import io.replog.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Providers} through the real {@link java.util.ServiceLoader}: each test writes the
 * {@code META-INF/services} files it needs into a directory and loads through a class loader over
 * it (whose parent, the test class path, registers no provider), so nothing here is registered
 * for other tests or modules.
 */
class ProvidersTest {
    private static final String COORDINATORS = "META-INF/services/io.replog.provider.CoordinatorProvider";
    private static final String TRANSPORTS = "META-INF/services/io.replog.provider.TransportProvider";

    @TempDir
    Path dir;

    private final List<URLClassLoader> loaders = new ArrayList<>();

    @AfterEach
    void closeLoaders() throws IOException {
        for (URLClassLoader loader : loaders) {
            loader.close();
        }
    }

    @Test
    void theOneRegisteredProviderIsFound() throws IOException {
        ClassLoader loader = registering(COORDINATORS, Alpha.class.getName());
        assertThat(Providers.coordinator(loader)).isInstanceOf(Alpha.class);
        assertThat(Providers.coordinator(loader, "alpha")).isInstanceOf(Alpha.class);
        ClassLoader transports = registering(TRANSPORTS, "# the transport\n" + TcpTransport.class.getName() + "  # tcp\n");
        assertThat(Providers.transport(transports)).isInstanceOf(TcpTransport.class);
    }

    @Test
    void noProviderOnTheClassPathSaysWhichModuleToAdd() {
        ClassLoader testClassPath = getClass().getClassLoader();
        assertThatThrownBy(() -> Providers.coordinator(testClassPath))
                .isInstanceOf(ProviderException.class)
                .hasMessage("No CoordinatorProvider on the class path (none is registered in "
                        + COORDINATORS + "): add replog-zk, or pass one to Broker.builder().coordinator(...)");
        assertThatThrownBy(() -> Providers.transport(testClassPath))
                .isInstanceOf(ProviderException.class)
                .hasMessage("No TransportProvider on the class path (none is registered in "
                        + TRANSPORTS + "): add replog-netty, or pass one to Broker.builder().transport(...)");
        assertThatThrownBy(() -> Providers.coordinator(testClassPath, "alpha"))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("No CoordinatorProvider on the class path");
    }

    @Test
    void severalProvidersAreAmbiguousUnlessOneIsNamed() throws IOException {
        ClassLoader loader = registering(COORDINATORS, Alpha.class.getName() + "\n" + Beta.class.getName());
        assertThatThrownBy(() -> Providers.coordinator(loader))
                .isInstanceOf(ProviderException.class)
                .hasMessage("Several CoordinatorProviders on the class path: 'alpha' (" + Alpha.class.getName()
                        + "), 'beta' (" + Beta.class.getName() + "); keep one on the class path, choose one by name, "
                        + "or pass the one to use to Broker.builder().coordinator(...)");
        assertThat(Providers.coordinator(loader, "beta")).isInstanceOf(Beta.class);
        assertThat(Providers.coordinator(loader, "alpha")).isInstanceOf(Alpha.class);
    }

    @Test
    void aNameNoProviderHasListsWhatWasFound() throws IOException {
        ClassLoader loader = registering(COORDINATORS, Alpha.class.getName() + "\n" + Beta.class.getName());
        assertThatThrownBy(() -> Providers.coordinator(loader, "Alpha"))
                .isInstanceOf(ProviderException.class)
                .hasMessage("No CoordinatorProvider named 'Alpha' on the class path; found 'alpha' ("
                        + Alpha.class.getName() + "), 'beta' (" + Beta.class.getName() + ")");
    }

    @Test
    void twoProvidersOfTheNameGivenAreAmbiguous() throws IOException {
        ClassLoader loader = registering(COORDINATORS,
                Alpha.class.getName() + "\n" + AnotherAlpha.class.getName() + "\n" + Beta.class.getName());
        assertThatThrownBy(() -> Providers.coordinator(loader, "alpha"))
                .isInstanceOf(ProviderException.class)
                .hasMessage("Several CoordinatorProviders named 'alpha' on the class path: 'alpha' ("
                        + Alpha.class.getName() + "), 'alpha' (" + AnotherAlpha.class.getName()
                        + "); keep one of them on the class path, or pass the one to use to "
                        + "Broker.builder().coordinator(...)");
        assertThat(Providers.coordinator(loader, "beta")).isInstanceOf(Beta.class);
    }

    @Test
    void theSameClassRegisteredTwiceIsOneProvider() throws IOException {
        ClassLoader loader = registering(COORDINATORS, Alpha.class.getName() + "\n" + Alpha.class.getName());
        assertThat(Providers.coordinator(loader)).isInstanceOf(Alpha.class);
    }

    @Test
    void aProviderWithoutANameIsRefused() throws IOException {
        ClassLoader loader = registering(COORDINATORS, Alpha.class.getName() + "\n" + Nameless.class.getName());
        assertThatThrownBy(() -> Providers.coordinator(loader, "alpha"))
                .isInstanceOf(ProviderException.class)
                .hasMessage("The CoordinatorProvider " + Nameless.class.getName() + " registered in " + COORDINATORS
                        + " has no name (name() returned ' '); every provider must name itself");
    }

    @Test
    void aRegistrationThatCannotBeLoadedNamesTheClass() throws IOException {
        ClassLoader missing = registering(COORDINATORS, "com.example.NoSuchProvider");
        assertThatThrownBy(() -> Providers.coordinator(missing))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("A CoordinatorProvider registered in " + COORDINATORS + " cannot be loaded: ")
                .hasMessageContaining("com.example.NoSuchProvider")
                .hasCauseInstanceOf(ServiceConfigurationError.class);
        ClassLoader failing = registering(TRANSPORTS, FailingTransport.class.getName());
        assertThatThrownBy(() -> Providers.transport(failing))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("A TransportProvider registered in " + TRANSPORTS + " cannot be loaded: ")
                .hasMessageContaining(FailingTransport.class.getName())
                .hasCauseInstanceOf(ServiceConfigurationError.class);
        ClassLoader wrongType = registering(TRANSPORTS, Alpha.class.getName());
        assertThatThrownBy(() -> Providers.transport(wrongType))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining(Alpha.class.getName());
    }

    /** A class loader over the test class path plus one directory holding {@code file} with {@code lines}. */
    private ClassLoader registering(String file, String lines) throws IOException {
        Path root = Files.createTempDirectory(dir, "classpath");
        Path services = root.resolve(file);
        Files.createDirectories(services.getParent());
        Files.writeString(services, lines);
        URLClassLoader loader = new URLClassLoader(new java.net.URL[] {root.toUri().toURL()}, getClass().getClassLoader());
        loaders.add(loader);
        return loader;
    }

    /** A coordinator provider for choosing only: it is never asked for a coordinator. */
    abstract static class TestCoordinatorProvider implements CoordinatorProvider {
        @Override
        public Coordinator create(BrokerConfig config, Clock clock) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class Alpha extends TestCoordinatorProvider {
        @Override
        public String name() {
            return "alpha";
        }
    }

    public static final class AnotherAlpha extends TestCoordinatorProvider {
        @Override
        public String name() {
            return "alpha";
        }
    }

    public static final class Beta extends TestCoordinatorProvider {
        @Override
        public String name() {
            return "beta";
        }
    }

    public static final class Nameless extends TestCoordinatorProvider {
        @Override
        public String name() {
            return " ";
        }
    }

    public static class TcpTransport implements TransportProvider {
        @Override
        public String name() {
            return "tcp";
        }

        @Override
        public Transport client(BrokerConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.replog.transport.ClientTransport clientTransport(
                io.replog.transport.ClientTransportSettings settings) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Listening listen(BrokerConfig config, RequestHandler handler) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class FailingTransport extends TcpTransport {
        public FailingTransport() {
            throw new IllegalStateException("cannot start");
        }
    }
}

package io.replog.zk;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one {@link EmbeddedZooKeeper}, started on first use and closed after the
 * class's last test: declare an {@code EmbeddedZooKeeper} parameter (constructor or method).
 * The server lives in the class's extension store, not in a static field.
 */
final class EmbeddedZooKeeperExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedZooKeeper.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get(); // from a test (or its instance) up to its class
        }
        return classContext.getStore(ExtensionContext.Namespace.create(EmbeddedZooKeeperExtension.class))
                .getOrComputeIfAbsent("server", key -> new Server(EmbeddedZooKeeper.start()), Server.class).zk;
    }

    /** Closed by JUnit with the store. */
    private record Server(EmbeddedZooKeeper zk) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            zk.close();
        }
    }
}

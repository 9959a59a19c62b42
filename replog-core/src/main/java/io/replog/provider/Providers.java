package io.replog.provider;

import io.replog.errors.ProviderException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds a broker's {@link CoordinatorProvider} and {@link TransportProvider} on the class path,
 * through {@link ServiceLoader} and the {@code META-INF/services} files the implementation
 * modules ship.
 *
 * <p>What it guarantees: a call returns the one provider registered, or, given a name, the one
 * provider of that name; anything else fails with a {@link ProviderException} that names the
 * service, lists what was found (name and class of each provider) and says how to fix it: no
 * provider, several and no name, no provider of the name given, two of the name given, a blank
 * name, or a registration that cannot be loaded (a class missing, not a provider, or failing to
 * construct). A provider is never chosen by order on the class path, so adding a module never
 * silently changes which one a broker runs on. There is no configuration key for the choice:
 * one implementation on the class path is the normal case, and whoever builds a broker can pass a
 * name or the provider itself.
 *
 * <p>Each call loads afresh (nothing is cached) and instantiates every registered provider, which
 * the providers' contracts make cheap.
 */
public final class Providers {

    private Providers() {
    }

    /** The one {@link CoordinatorProvider} registered in {@code loader}'s class path. */
    public static CoordinatorProvider coordinator(ClassLoader loader) {
        return coordinator(loader, Optional.empty());
    }

    /** The {@link CoordinatorProvider} named {@code name} in {@code loader}'s class path. */
    public static CoordinatorProvider coordinator(ClassLoader loader, String name) {
        return coordinator(loader, Optional.of(Objects.requireNonNull(name, "name")));
    }

    /** The one {@link TransportProvider} registered in {@code loader}'s class path. */
    public static TransportProvider transport(ClassLoader loader) {
        return transport(loader, Optional.empty());
    }

    /** The {@link TransportProvider} named {@code name} in {@code loader}'s class path. */
    public static TransportProvider transport(ClassLoader loader, String name) {
        return transport(loader, Optional.of(Objects.requireNonNull(name, "name")));
    }

    private static CoordinatorProvider coordinator(ClassLoader loader, Optional<String> name) {
        return choose(CoordinatorProvider.class, load(CoordinatorProvider.class, loader), CoordinatorProvider::name,
                name, "replog-zk", "Broker.builder().coordinator(...)");
    }

    private static TransportProvider transport(ClassLoader loader, Optional<String> name) {
        return choose(TransportProvider.class, load(TransportProvider.class, loader), TransportProvider::name,
                name, "replog-netty", "Broker.builder().transport(...)");
    }

    /** Every provider of {@code service} registered in {@code loader}'s class path, instantiated. */
    static <P> List<P> load(Class<P> service, ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        List<P> found = new ArrayList<>();
        try {
            for (P provider : ServiceLoader.load(service, loader)) {
                found.add(provider);
            }
        } catch (ServiceConfigurationError e) {
            throw new ProviderException("A " + service.getSimpleName() + " registered in " + servicesFile(service)
                    + " cannot be loaded: " + e.getMessage(), e);
        }
        return found;
    }

    /**
     * The one provider among {@code found}, or the one named {@code name}. The errors advise adding
     * {@code module}, or passing a provider to {@code builderCall}.
     */
    static <P> P choose(Class<P> service, List<P> found, Function<P, String> nameOf, Optional<String> name,
                        String module, String builderCall) {
        String kind = service.getSimpleName();
        for (P provider : found) {
            String n = nameOf.apply(provider);
            if (n == null || n.isBlank()) {
                throw new ProviderException("The " + kind + " " + provider.getClass().getName() + " registered in "
                        + servicesFile(service) + " has no name (name() returned " + (n == null ? "null" : "'" + n + "'")
                        + "); every provider must name itself");
            }
        }
        List<P> candidates = name.isEmpty() ? found
                : found.stream().filter(p -> nameOf.apply(p).equals(name.get())).toList();
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (found.isEmpty()) {
            return fail("No " + kind + " on the class path (none is registered in " + servicesFile(service)
                    + "): add " + module + ", or pass one to " + builderCall);
        }
        String all = describe(found, nameOf);
        if (name.isPresent() && candidates.isEmpty()) {
            return fail("No " + kind + " named '" + name.get() + "' on the class path; found " + all);
        }
        if (name.isPresent()) {
            return fail("Several " + kind + "s named '" + name.get() + "' on the class path: "
                    + describe(candidates, nameOf) + "; keep one of them on the class path, or pass the one to use to "
                    + builderCall);
        }
        return fail("Several " + kind + "s on the class path: " + all + "; keep one on the class path, "
                + "choose one by name, or pass the one to use to " + builderCall);
    }

    private static <P> P fail(String message) {
        throw new ProviderException(message);
    }

    private static <P> String describe(List<P> providers, Function<P, String> nameOf) {
        return providers.stream().map(p -> "'" + nameOf.apply(p) + "' (" + p.getClass().getName() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String servicesFile(Class<?> service) {
        return "META-INF/services/" + service.getName();
    }
}

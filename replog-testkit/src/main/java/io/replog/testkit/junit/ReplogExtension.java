package io.replog.testkit.junit;

import io.replog.client.Admin;
import io.replog.client.AdminConfig;
import io.replog.client.ConsumerConfig;
import io.replog.client.ProducerConfig;
import io.replog.client.Consumer;
import io.replog.client.Producer;
import io.replog.client.Serde;
import io.replog.client.Serdes;
import io.replog.testkit.Directories;
import io.replog.testkit.ReplogCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The JUnit 5 extension behind {@link ReplogTest}: starts {@link ReplogCluster}s for a test class's
 * fields and its methods' parameters, makes clients for test methods, and cleans up after them.
 * Registered by {@code @ReplogTest} (or {@code @ExtendWith(ReplogExtension.class)}, with the
 * defaults of {@code @ReplogTest}).
 *
 * <p>What it guarantees:
 * <ul>
 *   <li><b>Clusters.</b> Every {@code ReplogCluster} field of the test class and its superclasses
 *       is filled (a final one is refused; keep a cluster for later in a field of another type).
 *       A {@code static ReplogCluster} field is started once
 *       for its class, before its {@code @BeforeAll} methods, and closed after its
 *       {@code @AfterAll} methods. An instance {@code ReplogCluster} field is started for each
 *       test, before its {@code @BeforeEach} methods, and closed after its {@code @AfterEach}
 *       methods. A {@code ReplogCluster} parameter gets the test's cluster: its instance field's,
 *       else its class's (a static field's, or the one a {@code @BeforeAll} method was given),
 *       else a cluster started for the test (for a {@code @BeforeAll}/{@code @AfterAll} method:
 *       for the class). With several candidate fields the parameter is refused, naming them. The
 *       shape is the field's {@code @ReplogTest}, else the class's (or an enclosing class's).</li>
 *   <li><b>Checked first.</b> Every {@code @ReplogTest} of the class and of its fields is checked
 *       before any cluster starts; a bad one fails the class with an
 *       {@link ExtensionConfigurationException} naming where it was written, the key, the value
 *       and what is allowed.</li>
 *   <li><b>Clients.</b> A test or lifecycle method may declare {@link Admin}, {@link Producer} and
 *       {@link Consumer} parameters: made on the test's cluster (as above), with the overrides of
 *       a {@link ClientConfig} on the parameter, and closed after the test (after the class for
 *       a {@code @BeforeAll} method's). Keys and values are serialized as the generic type
 *       arguments say: {@code String}, {@code byte[]}, {@code Long}, {@code Integer} or
 *       {@code UUID} ({@link Serdes}); another type, or none, is refused naming these.</li>
 *   <li><b>Topics.</b> With {@link ReplogTest#resetTopicsBeforeEach()}, the class's shared
 *       clusters get {@link ReplogCluster#resetTopics()} before each test.</li>
 *   <li><b>Directories.</b> After a scope passes, its clusters' directories are deleted; after it
 *       fails (the test, or for a class's clusters any of its tests or its lifecycle methods),
 *       they are kept, each path logged at WARN and published as the report entry
 *       {@value #DIRECTORY_REPORT_KEY}.</li>
 *   <li><b>Threads.</b> After a test's clusters and clients are closed, a {@code replog-} thread
 *       started within the test and still alive after a short wait (what is closed may still be
 *       stopping) fails the test, naming the threads. For a class with shared clusters the check
 *       runs once, after the class, over everything started within it: a test's threads may
 *       belong to a shared cluster's clients, which close with it. The wait is 10 s, or the
 *       milliseconds of the configuration parameter {@value #THREAD_LEAK_WAIT_MS}.</li>
 *   <li><b>Parallel execution.</b> All state is in JUnit's {@code ExtensionContext.Store}, none
 *       static. The thread check looks only at threads started within the scope checked: a thread
 *       started within a test carries the test's mark (see {@code ThreadOwner}: its context class
 *       loader, inherited by every thread it starts), so the threads of tests running at the same
 *       time are never blamed. Threads started by a {@code @BeforeAll} method's own code carry no
 *       mark and are not checked; the clusters and clients the extension makes there are.</li>
 * </ul>
 */
public final class ReplogExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    /** Configuration parameter: how long the thread check waits for threads to end, in ms (default 10000). */
    public static final String THREAD_LEAK_WAIT_MS = "replog.junit.thread-leak-wait-ms";
    /** The report entry key under which a failed scope's kept directories are published. */
    public static final String DIRECTORY_REPORT_KEY = "replog.directory";

    private static final Logger LOG = LoggerFactory.getLogger(ReplogExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ReplogExtension.class);
    private static final Duration DEFAULT_THREAD_LEAK_WAIT = Duration.ofSeconds(10);
    private static final Map<Class<?>, Supplier<Serde<?>>> SERDES = Map.of(String.class, Serdes::string,
            byte[].class, Serdes::byteArray, Long.class, Serdes::longs, Integer.class, Serdes::integers,
            UUID.class, Serdes::uuid);
    private static final String SUPPORTED = "String, byte[], Long, Integer, UUID";

    /** Made by JUnit. */
    public ReplogExtension() {
    }

    // ---------------------------------------------------------------- class

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        threadLeakWait(context); // a bad parameter fails before anything starts
        ClusterSettings classSettings = classSettings(testClass);
        List<Field> staticFields = new ArrayList<>();
        for (Field f : clusterFields(testClass)) {
            fieldSettings(f, classSettings); // every field's annotation checked before anything starts
            if (Modifier.isStatic(f.getModifiers())) {
                staticFields.add(f);
            }
        }
        Scope scope = new Scope(context.getUniqueId(), "test class " + testClass.getName(), true,
                enclosingScope(context), classSettings);
        context.getStore(NAMESPACE).put(Scope.class, scope);
        for (Field f : staticFields) {
            set(f, null, startCluster(scope, fieldSettings(f, classSettings), fieldName(f)));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Scope scope = ownScope(context);
        if (scope != null) {
            finish(context, scope);
        }
    }

    // ---------------------------------------------------------------- test

    @Override
    public void beforeEach(ExtensionContext context) {
        Scope classScope = context.getStore(NAMESPACE).get(Scope.class, Scope.class);
        Class<?> testClass = context.getRequiredTestClass();
        Scope scope = new Scope(context.getUniqueId(), "test " + testClass.getName() + "."
                + context.getRequiredTestMethod().getName() + " [" + context.getDisplayName() + "]", false,
                classScope, classScope != null ? classScope.settings : classSettings(testClass));
        context.getStore(NAMESPACE).put(Scope.class, scope);
        Thread.currentThread().setContextClassLoader(scope.owner);
        for (Scope s = classScope; s != null; s = s.enclosing) {
            for (Scope.Managed m : s.clusters()) {
                if (m.settings().resetTopicsBeforeEach()) {
                    m.cluster().resetTopics();
                }
            }
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            ClusterSettings instanceClassSettings = classSettings(instance.getClass());
            for (Field f : clusterFields(instance.getClass())) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    set(f, instance, startCluster(scope, fieldSettings(f, instanceClassSettings), fieldName(f)));
                }
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Scope scope = ownScope(context);
        if (scope == null) {
            return;
        }
        try {
            finish(context, scope);
        } finally {
            if (Thread.currentThread() == scope.thread) {
                scope.thread.setContextClassLoader(scope.previousLoader);
            }
        }
    }

    /** Closes what the scope made, checks its threads, keeps or deletes its directories; throws what went wrong. */
    private void finish(ExtensionContext context, Scope scope) {
        List<Exception> closeFailures = scope.closeAll();
        boolean failed = context.getExecutionException().isPresent() || scope.failed.get() || !closeFailures.isEmpty();
        AssertionError leak = null;
        if (!scope.enclosingHasOpenCluster()) {
            Duration wait = threadLeakWait(context);
            List<Thread> left = scope.owner.threadsLeftAfter(wait, scope.reportedLeaks);
            if (!left.isEmpty()) {
                for (Scope s = scope.enclosing; s != null; s = s.enclosing) {
                    s.reportedLeaks.addAll(left);
                }
                leak = new AssertionError(scope.name + " left replog threads running "
                        + left.stream().map(Thread::getName).toList() + " after its clusters and clients were closed "
                        + "(waited " + wait.toMillis() + " ms for them to end): close what the test started, or stop "
                        + "the threads it started");
                failed = true;
            }
        }
        if (failed) {
            for (Scope s = scope.enclosing; s != null; s = s.enclosing) {
                s.failed.set(true);
            }
        }
        for (Scope.Managed m : scope.clusters()) {
            Path dir = m.cluster().directory();
            if (failed) {
                LOG.warn("{} failed: keeping the directory of its cluster {} for inspection: {}", scope.name,
                        m.origin(), dir);
                context.publishReportEntry(DIRECTORY_REPORT_KEY, dir.toString());
            } else {
                deleteRecursively(dir);
            }
        }
        Throwable first = leak;
        for (Exception e : closeFailures) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        if (first instanceof AssertionError a) {
            throw a;
        }
        if (first != null) {
            throw new IllegalStateException(scope.name + ": closing its clusters or clients failed: " + first, first);
        }
    }

    // ---------------------------------------------------------------- parameters

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ReplogCluster.class || type == Admin.class || type == Producer.class || type == Consumer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String where = "parameter " + parameter.getIndex() + " (" + parameter.getParameter().getParameterizedType()
                .getTypeName() + ") of " + parameter.getDeclaringExecutable();
        Scope scope = context.getStore(NAMESPACE).get(Scope.class, Scope.class);
        if (scope == null || (context.getTestMethod().isPresent() && scope.isClass)) {
            throw new ParameterResolutionException(where + ": ReplogExtension has not run for this "
                    + (context.getTestMethod().isPresent() ? "test" : "class") + " (register it on the class: "
                    + "@ReplogTest, or a static @RegisterExtension field)");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == ReplogCluster.class) {
            return clusterFor(scope, where);
        }
        Map<String, String> overrides;
        try {
            overrides = ClusterSettings.keyValues(parameter.findAnnotation(ClientConfig.class)
                    .map(ClientConfig::value).orElse(new String[0]), "@ClientConfig on " + where + ": entry");
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
        Serde<Object> keys = null;
        Serde<Object> values = null;
        if (type != Admin.class) { // the types are checked before any cluster starts for the parameter
            Type[] kv = typeArguments(parameter, where);
            keys = serde(kv[0], "key", where);
            values = serde(kv[1], "value", where);
        }
        checkClientConfig(type, overrides, where);
        ReplogCluster cluster = clusterFor(scope, where);
        Serde<Object> k = keys;
        Serde<Object> v = values;
        try {
            AutoCloseable client = withOwner(scope, () -> type == Admin.class ? cluster.newAdmin(overrides)
                    : type == Producer.class ? cluster.producer(overrides, k, v) : cluster.consumer(overrides, k, v));
            scope.addClient(client);
            return client;
        } catch (RuntimeException e) {
            throw new ParameterResolutionException(where + ": " + e.getMessage(), e);
        }
    }

    /** The test's (or class's) cluster; see the class comment. */
    private ReplogCluster clusterFor(Scope scope, String where) {
        for (Scope s = scope; s != null; s = s.enclosing) {
            List<Scope.Managed> candidates = s.clusters();
            if (candidates.size() == 1) {
                return candidates.get(0).cluster();
            }
            if (candidates.size() > 1) {
                throw new ParameterResolutionException(where + ": " + s.name + " has " + candidates.size()
                        + " clusters " + candidates.stream().map(Scope.Managed::origin).toList()
                        + ", so a parameter cannot tell which one it wants: use the fields");
            }
        }
        synchronized (scope) {
            List<Scope.Managed> started = scope.clusters(); // a parameter resolved meanwhile may have started one
            return started.isEmpty() ? startCluster(scope, scope.settings, where) : started.get(0).cluster();
        }
    }

    /** Parses the client's config with a stand-in bootstrap address, so a bad override fails before a cluster starts. */
    private static void checkClientConfig(Class<?> type, Map<String, String> overrides, String where) {
        Map<String, Object> props = new HashMap<>(overrides);
        props.put("bootstrap.servers", "127.0.0.1:9092");
        try {
            if (type == Admin.class) {
                AdminConfig.parse(props);
            } else if (type == Producer.class) {
                ProducerConfig.parse(props);
            } else {
                ConsumerConfig.parse(props);
            }
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("@ClientConfig on " + where + ": " + e.getMessage(), e);
        }
    }

    private static Type[] typeArguments(ParameterContext parameter, String where) {
        Type t = parameter.getParameter().getParameterizedType();
        if (!(t instanceof ParameterizedType p) || p.getActualTypeArguments().length != 2) {
            throw new ParameterResolutionException(where + ": give the key and value types, e.g. Producer<String, "
                    + "String>; supported: " + SUPPORTED);
        }
        return p.getActualTypeArguments();
    }

    @SuppressWarnings("unchecked")
    private static <T> Serde<T> serde(Type type, String what, String where) {
        Supplier<Serde<?>> serde = type instanceof Class<?> c ? SERDES.get(c) : null;
        if (serde == null) {
            throw new ParameterResolutionException(where + ": the " + what + " type " + type.getTypeName()
                    + " has no serializer the extension knows; supported: " + SUPPORTED
                    + " (io.replog.client.Serdes). For another type make the client with the cluster's "
                    + "producer(...) or consumer(...)");
        }
        return (Serde<T>) serde.get();
    }

    // ---------------------------------------------------------------- plumbing

    /** Starts a cluster in {@code scope}, its threads marked as the scope's. */
    private static ReplogCluster startCluster(Scope scope, ClusterSettings settings, String origin) {
        ReplogCluster cluster = withOwner(scope, () -> settings.builder().start());
        scope.add(new Scope.Managed(cluster, settings, origin));
        LOG.info("{}: started {} for {}", scope.name, cluster, origin);
        return cluster;
    }

    /** Runs {@code work} with the scope's owner as the context class loader, unless the thread carries it already. */
    private static <T> T withOwner(Scope scope, Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        if (scope.owner.owns(t)) {
            return work.get();
        }
        t.setContextClassLoader(scope.owner);
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** The scope this context made itself (not an enclosing one), if any. */
    private static Scope ownScope(ExtensionContext context) {
        Scope scope = context.getStore(NAMESPACE).get(Scope.class, Scope.class);
        return scope != null && scope.contextId.equals(context.getUniqueId()) ? scope : null;
    }

    private static Scope enclosingScope(ExtensionContext context) {
        return context.getParent().map(p -> p.getStore(NAMESPACE).get(Scope.class, Scope.class)).orElse(null);
    }

    private static Duration threadLeakWait(ExtensionContext context) {
        return context.getConfigurationParameter(THREAD_LEAK_WAIT_MS).map(v -> {
            try {
                long ms = Long.parseLong(v.trim());
                if (ms >= 0) {
                    return Duration.ofMillis(ms);
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new ExtensionConfigurationException("configuration parameter " + THREAD_LEAK_WAIT_MS + " = '" + v
                    + "' is not allowed: give a number of milliseconds >= 0");
        }).orElse(DEFAULT_THREAD_LEAK_WAIT);
    }

    /** The class's {@code @ReplogTest} (inherited, or of an enclosing class), checked. */
    private static ClusterSettings classSettings(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            ReplogTest a = c.getAnnotation(ReplogTest.class);
            if (a != null) {
                return ClusterSettings.of(a, c.getName());
            }
        }
        return ClusterSettings.defaults(testClass.getName());
    }

    private static ClusterSettings fieldSettings(Field f, ClusterSettings classSettings) {
        ReplogTest a = f.getAnnotation(ReplogTest.class);
        return a == null ? classSettings : ClusterSettings.of(a, fieldName(f));
    }

    /**
     * The {@code ReplogCluster} fields of {@code testClass} and its superclasses (not of enclosing
     * classes: their own scope starts those).
     *
     * @throws ExtensionConfigurationException for a {@code @ReplogTest} field of another type, or a final one
     */
    private static List<Field> clusterFields(Class<?> testClass) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                boolean annotated = f.isAnnotationPresent(ReplogTest.class);
                if (f.getType() != ReplogCluster.class) {
                    if (annotated) {
                        throw new ExtensionConfigurationException("@ReplogTest on " + fieldName(f) + ": the field is "
                                + f.getType().getName() + "; @ReplogTest goes on a ReplogCluster field or a class");
                    }
                    continue;
                }
                if (Modifier.isFinal(f.getModifiers())) {
                    throw new ExtensionConfigurationException(fieldName(f) + " is final: ReplogExtension sets "
                            + "ReplogCluster fields, so leave out 'final'");
                }
                out.add(f);
            }
        }
        return out;
    }

    private static void set(Field f, Object instance, ReplogCluster cluster) {
        try {
            f.setAccessible(true);
            f.set(instance, cluster);
        } catch (ReflectiveOperationException | RuntimeException e) {
            cluster.close();
            throw new ExtensionConfigurationException("cannot set " + fieldName(f) + ": " + e, e);
        }
    }

    private static String fieldName(Field f) {
        return "field " + f.getDeclaringClass().getName() + "." + f.getName();
    }

    private static void deleteRecursively(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.warn("could not delete the cluster's directory {}: {}", dir, e.toString());
        }
    }
}

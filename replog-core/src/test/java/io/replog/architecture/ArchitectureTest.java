package io.replog.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * replog-core's architecture as tests, run by surefire in every {@code mvn verify}. Only main
 * classes are imported. Each failure names the offending class and dependency.
 *
 * <h2>The layers of replog-core, lowest first</h2>
 * A layer may depend on itself and on the layers below it, never on one above. The order is the
 * one today's imports support (checked with {@code grep -rh '^import io.replog' replog-core/src/main}):
 * <ol>
 *   <li>Errors: {@code io.replog.errors} (depends on nothing in replog)</li>
 *   <li>Foundation: {@code io.replog.topic}, {@code io.replog.time}, {@code io.replog.fault} (the fault
 *       vocabulary tests share with the simulation; it depends on nothing in replog)</li>
 *   <li>Coordinator SPI: {@code io.replog.coordinator} (its records name topics and partitions)</li>
 *   <li>Configuration: {@code io.replog.config} (the mechanics, and the broker's, topics' and logs'
 *       declared keys; listeners parse into the coordinator's {@code Endpoint})</li>
 *   <li>Record: {@code io.replog.record}</li>
 *   <li>Log: {@code io.replog.log}</li>
 *   <li>Protocol: {@code io.replog.protocol} (uses coordinator types: {@code LeaderAndIsr} ...)</li>
 *   <li>Transport SPI: {@code io.replog.transport} (carries protocol messages)</li>
 *   <li>Providers: {@code io.replog.provider} (how a broker finds its coordinator and transport:
 *       the providers are made from a {@code BrokerConfig} and make both SPIs' types, so they sit
 *       above configuration and both SPIs; next to {@code Coordinator} they would close the cycle
 *       coordinator -> config -> coordinator, as config's listeners parse into {@code Endpoint})</li>
 *   <li>Engine base: {@code io.replog.internal.fault}, {@code io.replog.internal.assign},
 *       {@code io.replog.internal.purgatory}</li>
 *   <li>Replica: {@code io.replog.internal.replica}</li>
 *   <li>Controller: {@code io.replog.internal.controller} (does not use the replica layer; sits above it)</li>
 *   <li>Broker engine: {@code io.replog.internal.broker}</li>
 *   <li>Entry points (optional until they exist): {@code io.replog.broker} (the running broker) and
 *       {@code io.replog.client} (producer, consumer, admin): public types that assemble the
 *       engine, so the only public packages allowed to depend on {@code io.replog.internal}; they
 *       still expose none of its types</li>
 * </ol>
 * A package in no layer fails the layering rule until it is given its place in {@link #LAYERS}.
 */
@AnalyzeClasses(packages = "io.replog", importOptions = {ImportOption.DoNotIncludeTests.class, MainClassesOnly.class})
class ArchitectureTest {

    /** The public packages whose types assemble the engine (see the class comment). */
    private static final String[] ENTRY_POINTS = {"io.replog.broker..", "io.replog.client.."};

    /** Lowest first; see the class comment. */
    private static final List<Layer> LAYERS = List.of(
            new Layer("Errors", false, "io.replog.errors.."),
            new Layer("Foundation", false, "io.replog.topic..", "io.replog.time..", "io.replog.fault.."),
            new Layer("Coordinator SPI", false, "io.replog.coordinator.."),
            new Layer("Configuration", false, "io.replog.config.."),
            new Layer("Record", false, "io.replog.record.."),
            new Layer("Log", false, "io.replog.log.."),
            new Layer("Protocol", false, "io.replog.protocol.."),
            new Layer("Transport SPI", false, "io.replog.transport.."),
            new Layer("Providers", false, "io.replog.provider.."),
            new Layer("Engine base", false, "io.replog.internal.fault..", "io.replog.internal.assign..",
                    "io.replog.internal.purgatory.."),
            new Layer("Replica", false, "io.replog.internal.replica.."),
            new Layer("Controller", false, "io.replog.internal.controller.."),
            new Layer("Broker engine", false, "io.replog.internal.broker.."),
            new Layer("Entry points", true, ENTRY_POINTS));

    private record Layer(String name, boolean optional, String... packages) {
    }

    /** A class visible outside its package: public, and if nested, every enclosing class public too. */
    static final DescribedPredicate<JavaClass> EXPORTED = new DescribedPredicate<>("are exported (public, in public enclosing classes)") {
        @Override
        public boolean test(JavaClass c) {
            for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
                if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
                    return false;
                }
            }
            return true;
        }
    };

    // 1. What core never touches.
    @ArchTest
    static final ArchRule CORE_IMPORTS_NO_NETTY_ZOOKEEPER_OR_LOGBACK = noClasses()
            .that().resideInAPackage("io.replog..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.apache.zookeeper..", "ch.qos.logback..")
            .because("replog-core depends on SLF4J only: Netty and ZooKeeper live behind the Transport and "
                    + "Coordinator SPIs (replog-netty, replog-zk), and the application picks the logging backend");

    // 2. Logging through SLF4J only, no standard streams, no System.exit / Runtime.exit / Runtime.halt.
    @ArchTest
    static final ArchTests LIBRARY = ArchTests.in(LibraryRules.class);

    // 3. No package cycles.
    @ArchTest
    static final ArchRule TOP_LEVEL_PACKAGES_FREE_OF_CYCLES = slices()
            .matching("io.replog.(*)..").namingSlices("io.replog.$1")
            .should().beFreeOfCycles()
            .because("each package of replog-core must be understandable and testable from the ones below it");

    @ArchTest
    static final ArchRule INTERNAL_PACKAGES_FREE_OF_CYCLES = slices()
            .matching("io.replog.internal.(*)..").namingSlices("io.replog.internal.$1")
            .should().beFreeOfCycles()
            .because("the engine's packages form a hierarchy: assign/fault -> replica -> controller -> broker");

    // 4. Layering.
    @ArchTest
    static final ArchRule PUBLIC_API_DOES_NOT_DEPEND_ON_INTERNAL = noClasses()
            .that().resideInAPackage("io.replog..").and().resideOutsideOfPackage("io.replog.internal..")
            .and().resideOutsideOfPackages(ENTRY_POINTS)
            .should().dependOnClassesThat().resideInAPackage("io.replog.internal..")
            .because("the public API (every io.replog package outside io.replog.internal, but the entry points "
                    + "that assemble the engine) must compile and make sense without the engine, which may change "
                    + "in any release");

    @ArchTest
    static final ArchRule LAYERS_DEPEND_ONLY_DOWNWARDS = layers();

    // 5. The public API does not expose internal types.
    @ArchTest
    static final ArchRule PUBLIC_API_EXPOSES_NO_INTERNAL_TYPE = classes()
            .that().resideInAPackage("io.replog..").and().resideOutsideOfPackage("io.replog.internal..")
            .and(EXPORTED)
            .should(notExposeTypesIn("io.replog.internal"))
            .because("a type in io.replog.internal may change in any release, so no public signature of the API "
                    + "(supertype, public/protected method or constructor, public/protected field) may name one");

    // 6. The clients' implementation (io.replog.client.internal) is as private as the engine: the
    // public client API may assemble it (Producer.create) but never names its types, and nothing
    // outside the client packages uses it.
    @ArchTest
    static final ArchRule PUBLIC_API_EXPOSES_NO_CLIENT_INTERNAL_TYPE = classes()
            .that().resideInAPackage("io.replog..").and().resideOutsideOfPackage("io.replog.client.internal..")
            .and(EXPORTED)
            .should(notExposeTypesIn("io.replog.client.internal"))
            .because("the clients' implementation may change in any release, like the engine");

    @ArchTest
    static final ArchRule ONLY_CLIENTS_USE_CLIENT_INTERNALS = noClasses()
            .that().resideInAPackage("io.replog..").and().resideOutsideOfPackage("io.replog.client..")
            .should().dependOnClassesThat().resideInAPackage("io.replog.client.internal..")
            .because("the clients' implementation serves the io.replog.client entry points only");

    private static ArchRule layers() {
        // Every package must have its place: a new one fails here until it is given a layer.
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (Layer layer : LAYERS) {
            arch = (layer.optional() ? arch.optionalLayer(layer.name()) : arch.layer(layer.name()))
                    .definedBy(layer.packages());
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            String[] below = LAYERS.subList(0, i).stream().map(Layer::name).toArray(String[]::new);
            arch = below.length == 0
                    ? arch.whereLayer(LAYERS.get(i).name()).mayNotAccessAnyLayer()
                    : arch.whereLayer(LAYERS.get(i).name()).mayOnlyAccessLayers(below);
        }
        return arch.because("dependencies in replog-core run one way, from the broker engine down to the errors "
                + "(the order is documented in ArchitectureTest)");
    }

    static ArchCondition<JavaClass> notExposeTypesIn(String packagePrefix) {
        return new ArchCondition<>("not expose types in " + packagePrefix + "..") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<String> exposures = new ArrayList<>();
                c.getRawSuperclass().ifPresent(s -> note(exposures, "extends", Set.of(s)));
                c.getRawInterfaces().forEach(i -> note(exposures, "implements", Set.of(i)));
                for (JavaCodeUnit m : c.getCodeUnits()) {
                    if (!visibleToSubclasses(m.getModifiers()) || m.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                        continue;
                    }
                    String where = m.getName().equals("<init>") ? "constructor " + m.getFullName() : "method " + m.getFullName();
                    note(exposures, where + " returns", involved(m.getReturnType()));
                    m.getParameterTypes().forEach(p -> note(exposures, where + " takes", involved(p)));
                    m.getThrowsClause().getTypes().forEach(t -> note(exposures, where + " throws", Set.of(t)));
                }
                for (JavaField f : c.getFields()) {
                    if (visibleToSubclasses(f.getModifiers())) {
                        note(exposures, "field " + f.getFullName() + " has type", involved(f.getType()));
                    }
                }
                for (String exposure : exposures) {
                    events.add(SimpleConditionEvent.violated(c, "Class <" + c.getName() + "> exposes an internal type: " + exposure));
                }
                if (exposures.isEmpty()) {
                    events.add(SimpleConditionEvent.satisfied(c, "Class <" + c.getName() + "> exposes no internal type"));
                }
            }

            private Set<JavaClass> involved(JavaType type) {
                return type.getAllInvolvedRawTypes();
            }

            private void note(List<String> exposures, String what, Set<JavaClass> types) {
                Set<String> internal = new LinkedHashSet<>();
                for (JavaClass t : types) {
                    JavaClass base = t.isArray() ? t.getBaseComponentType() : t;
                    if (base.getPackageName().equals(packagePrefix) || base.getPackageName().startsWith(packagePrefix + ".")) {
                        internal.add(base.getName());
                    }
                }
                if (!internal.isEmpty()) {
                    exposures.add(what + " " + String.join(", ", internal));
                }
            }
        };
    }

    private static boolean visibleToSubclasses(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }
}

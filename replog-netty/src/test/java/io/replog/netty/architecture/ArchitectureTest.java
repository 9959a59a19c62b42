package io.replog.netty.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.replog.architecture.LibraryRules;
import io.replog.architecture.MainClassesOnly;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * replog-netty's architecture as tests, on its main classes only ({@code io.replog.netty..}); the
 * shared library rules come from replog-core's test jar ({@link LibraryRules}).
 */
@AnalyzeClasses(packages = "io.replog.netty", importOptions = {ImportOption.DoNotIncludeTests.class, MainClassesOnly.class})
class ArchitectureTest {

    @ArchTest
    static final ArchRule LOG_THROUGH_SLF4J_ONLY = LibraryRules.LOG_THROUGH_SLF4J_ONLY;

    @ArchTest
    static final ArchRule NO_PROCESS_EXIT = LibraryRules.NO_PROCESS_EXIT;

    @ArchTest
    static final ArchRule NO_STANDARD_STREAMS = LibraryRules.NO_STANDARD_STREAMS;

    @ArchTest
    static final ArchRule USES_CORE_PUBLIC_API_ONLY = noClasses()
            .that().resideInAPackage("io.replog.netty..")
            .should().dependOnClassesThat().resideInAPackage("io.replog.internal..")
            .because("replog-netty implements the Transport SPI against replog-core's public packages only; "
                    + "io.replog.internal may change in any release");

    @ArchTest
    static final ArchRule WIRE_BELOW_SERVER = noClasses()
            .that().resideInAPackage("io.replog.netty.wire..")
            .should().dependOnClassesThat().resideInAPackage("io.replog.netty.server..")
            .because("io.replog.netty.wire (framing and headers) serves clients and servers alike; "
                    + "the server pipeline is built on it, never the other way round");

    @ArchTest
    static final ArchRule PACKAGES_FREE_OF_CYCLES = slices()
            .matching("io.replog.netty.(*)..").namingSlices("io.replog.netty.$1")
            .should().beFreeOfCycles()
            .because("each package of replog-netty sits on those below it and never reaches back up");
}

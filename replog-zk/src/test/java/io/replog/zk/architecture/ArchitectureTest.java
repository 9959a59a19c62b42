package io.replog.zk.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.replog.architecture.LibraryRules;
import io.replog.architecture.MainClassesOnly;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * replog-zk's architecture as tests, on its main classes only ({@code io.replog.zk..}); the shared
 * library rules come from replog-core's test jar ({@link LibraryRules}).
 */
@AnalyzeClasses(packages = "io.replog.zk", importOptions = {ImportOption.DoNotIncludeTests.class, MainClassesOnly.class})
class ArchitectureTest {

    // The library rules (LibraryRules): the stand-alone ZooKeeper launcher, which prints, lives in replog-examples.
    @ArchTest
    static final ArchRule LOG_THROUGH_SLF4J_ONLY = LibraryRules.LOG_THROUGH_SLF4J_ONLY;

    @ArchTest
    static final ArchRule NO_PROCESS_EXIT = LibraryRules.NO_PROCESS_EXIT;

    @ArchTest
    static final ArchRule NO_STANDARD_STREAMS = LibraryRules.NO_STANDARD_STREAMS;

    @ArchTest
    static final ArchRule USES_CORE_PUBLIC_API_ONLY = noClasses()
            .that().resideInAPackage("io.replog.zk..")
            .should().dependOnClassesThat().resideInAPackage("io.replog.internal..")
            .because("replog-zk implements the Coordinator SPI against replog-core's public packages only; "
                    + "io.replog.internal may change in any release");

    @ArchTest
    static final ArchRule PACKAGES_FREE_OF_CYCLES = slices()
            .matching("io.replog.(**)").namingSlices("io.replog.$1")
            .should().beFreeOfCycles()
            .because("io.replog.zk.znode (the znode formats) sits below io.replog.zk and never reaches back up");
}
